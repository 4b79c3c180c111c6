"""Dates as the generators read them: which instant a front-matter date becomes.

One place knows how Jekyll and Hugo turn what is written into a point in time
(checked against Jekyll 4.3 and its YAML parser, Psych):

* Jekyll, an unquoted YAML timestamp (`2022-01-05 09:30:00`, seconds required; Psych also
  takes `+0800` offsets, which PyYAML leaves as strings): with an offset, that offset; with
  none, **UTC**, whatever the site's `timezone` says (`09:30:00` is published at 17:30+08:00,
  and `20:30:00` lands under the next day's URL).
* Jekyll, a string (quoted, or not a Psych timestamp, such as `2022-01-05 9:30`): Ruby's
  `Time.parse` in the site timezone; a date alone (`2022-01-05`) is midnight in the site timezone.
* Hugo: RFC 3339 (`Z`, `-07:00`), `-0700`, date-only and zone-less forms; without an offset
  the date is in the site timezone (`timeZone`, UTC when unset). TOML dates are native values.
* Other generators (Eleventy, Astro...): without an offset, UTC.

Everything is read from the text as written (the value's source), never from what PyYAML
made of it, so `+08:00` and `+0800` are treated alike.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from postlint.post import Post
    from postlint.site import Site

UTC = dt.timezone.utc

#: front-matter keys that hold dates (the schema may declare more date-time fields)
DATE_KEYS = ("date", "publishDate", "pubDate", "expiryDate", "last_modified_at", "lastmod",
             "updated", "modified")
#: keys that say when a post was last changed (PL206)
MODIFIED_KEYS = ("last_modified_at", "lastmod", "updated", "modified")

#: what Psych (Jekyll's YAML) reads as a timestamp / a date in a plain scalar
PSYCH_TIME = re.compile(r"-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?"
                        r"(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?")
PSYCH_DATE = re.compile(r"\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)")

#: the written forms postlint understands (Jekyll's, YAML's, Hugo's, RFC 3339)
WRITTEN = re.compile(r"""
    (?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})
    (?:
        (?P<t>[Tt]|[ \t]+)
        (?P<hour>\d{1,2}):(?P<minute>\d\d)(?::(?P<second>\d\d)(?:[.,](?P<fraction>\d+))?)?
        (?:[ \t]*(?P<zone>[Zz]|UTC|GMT|[-+]\d{1,2}(?::?\d\d)?))?
    )?
    """, re.X)
ZONE_ONLY = re.compile(r"[-+]\d{1,2}(?::?\d\d)?|[Zz]|UTC|GMT")

#: Jekyll's post file name: the date it carries
JEKYLL_NAME_DATE = re.compile(r"(\d{2,4})-(\d{1,2})-(\d{1,2})-")


class DateError(ValueError):
    """A value that is not a date the generator can read; the message says why.

    `readable_by_ruby`: Ruby's Time.parse (Jekyll) still reads it, rolling an impossible day
    over into the next month (`2021-02-30` is March 2); otherwise Jekyll stops the build.
    `unknown_form`: text in none of the forms postlint reads, which a lenient parser may
    still read (Ruby's Time.parse reads `Jan 5 2022` and `2022.01.05`): nothing is certain.
    """

    def __init__(self, message: str, readable_by_ruby: bool = False, unknown_form: bool = False):
        super().__init__(message)
        self.readable_by_ruby = readable_by_ruby
        self.unknown_form = unknown_form


@dataclass(frozen=True, slots=True)
class WrittenDate:
    """A date as written: the wall-clock fields, and the offset only when one is written."""

    wall: dt.datetime  # naive
    has_time: bool
    offset: dt.timedelta | None
    text: str

    @property
    def date(self) -> dt.date:
        return self.wall.date()


@dataclass(frozen=True, slots=True)
class GeneratorDate:
    """A front-matter date and the instant the generator makes of it."""

    key: str
    written: WrittenDate
    instant: dt.datetime  # aware
    #: how the instant was found: "offset" (written), "utc" (no offset, read as UTC),
    #: "site" (no offset, read in the site timezone), "date" (a date alone: midnight, site zone)
    reading: str
    #: the site timezone's name, or None when the site has none
    zone_name: str | None

    @property
    def local(self) -> dt.datetime:
        """The instant in the site timezone (UTC when the site has none)."""
        return self.instant.astimezone(zone_of_name(self.zone_name))


# ------------------------------------------------------------------ parsing text
def parse_written(text: str) -> WrittenDate:
    """Parse a date as written (`2021-12-31 14:13:07 +0800`, `2022-01-05T09:30:00Z`, ...).

    Raises DateError with a message for a content editor when the text is not a date.
    """
    stripped = text.strip()
    match = WRITTEN.fullmatch(stripped)
    if match is None:
        return _parse_rfc2822(stripped)
    g = match.groupdict()
    has_time = g["hour"] is not None
    fraction = (g["fraction"] or "0")[:6].ljust(6, "0")
    try:
        wall = dt.datetime(int(g["year"]), int(g["month"]), int(g["day"]),
                           int(g["hour"] or 0), int(g["minute"] or 0), int(g["second"] or 0),
                           int(fraction))
    except ValueError as exc:
        rolls = 1 <= int(g["month"]) <= 12 and 1 <= int(g["day"]) <= 31 and int(g["hour"] or 0) < 24
        raise DateError(f"`{stripped}` is not a real date or time ({exc})", rolls) from None
    offset = parse_offset(g["zone"]) if g["zone"] else None
    if offset is not None and abs(offset) >= dt.timedelta(hours=24):
        raise DateError(f"`{stripped}` has an impossible offset `{g['zone']}`")
    return WrittenDate(wall, has_time, offset, stripped)


#: what a lenient parser (Ruby's Time.parse) may make a date of: a digit or a month's name
LENIENT_HINT = re.compile(r"\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")


def _unreadable(text: str) -> DateError:
    if LENIENT_HINT.search(text):
        return DateError(f"`{text}` is in no date form postlint knows", unknown_form=True)
    return DateError(f"`{text}` is not a date the generator can read")


def _parse_rfc2822(text: str) -> WrittenDate:
    """`Wed, 05 Jan 2022 09:30:00 +0800`, which Ruby's Time.parse and Go's cast read too."""
    if not text:
        raise DateError("the date is empty")
    if ZONE_ONLY.fullmatch(text):
        raise DateError(f"`{text}` is a timezone offset with no date or time")
    if not re.search(r"\d{1,2}:\d\d", text) or not re.search(r"[A-Za-z]{3}", text):
        raise _unreadable(text)
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        raise _unreadable(text) from None
    offset = parsed.utcoffset() if re.search(r"[-+]\d{4}|GMT|UTC|\bZ\b", text) else None
    return WrittenDate(parsed.replace(tzinfo=None), True, offset, text)


def parse_offset(zone: str) -> dt.timedelta:
    """`Z`, `+08:00`, `+0800`, `+8`, `-05` as a timedelta."""
    if zone in ("Z", "z", "UTC", "GMT"):
        return dt.timedelta(0)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    return sign * dt.timedelta(hours=int(hours), minutes=int(minutes))


def format_offset(offset: dt.timedelta, colon: bool) -> str:
    """+08:00 (colon=True) or +0800."""
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{':' if colon else ''}{minutes:02d}"


# ------------------------------------------------------------------ time zones
@functools.lru_cache(maxsize=64)
def zone_of_name(name: str | None) -> dt.tzinfo:
    """The zone of an IANA name; UTC for None or a name the system does not know."""
    if not name:
        return UTC
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC


def site_zone_name(site: "Site") -> str | None:
    """The site's timezone name when it is a real IANA zone, else None."""
    name = site.timezone
    if not name:
        return None
    return str(name) if zone_of_name(str(name)) is not UTC or str(name).upper() in (
        "UTC", "ETC/UTC") else None


def zone_offset(name: str | None, wall: dt.datetime) -> dt.timedelta:
    """The site zone's UTC offset at a wall-clock time (DST-aware)."""
    return wall.replace(tzinfo=zone_of_name(name)).utcoffset() or dt.timedelta(0)


def describe_zone(name: str | None, at: dt.datetime) -> str:
    if not name:
        return "UTC (the site sets no timezone)"
    return f"{name} ({format_offset(zone_offset(name, at), colon=True)})"


# ------------------------------------------------------------------ reading a post
def raw_date_text(post: "Post", key: str) -> tuple[str, bool]:
    """The date of `key` as written, and whether Jekyll's YAML reads it as a timestamp.

    Raises DateError for values that are no date at all (empty, a list, a number...).
    """
    value = post.data.get(key)
    found = post.fields.get((key,))
    if value is None:
        raise DateError(f"`{key}` is empty")
    if isinstance(value, (list, dict)):
        kind = "a list" if isinstance(value, list) else "a mapping"
        raise DateError(f"`{key}` is {kind}, not a date")
    if post.format == "yaml" and found is not None and found.style is None:
        text = found.source.strip()
        return text, bool(PSYCH_TIME.fullmatch(text) or PSYCH_DATE.fullmatch(text))
    if post.format == "toml" and found is not None and isinstance(value, (dt.date, dt.datetime)):
        return found.source.split("#")[0].strip(), True  # as written
    if isinstance(value, dt.datetime):  # TOML's native dates
        return value.isoformat(sep=" "), True
    if isinstance(value, dt.date):
        return value.isoformat(), True
    if isinstance(value, dt.time):
        raise DateError(f"`{key}` is a time of day ({value.isoformat()}) without a date")
    if isinstance(value, bool) or not isinstance(value, str):
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        raise DateError(f"`{key}` is `{shown}`, not a date")
    return value, False


def read_date(post: "Post", key: str, site: "Site | None" = None) -> GeneratorDate | None:
    """The front-matter date of `key` and the instant the generator reads; None when absent.

    Raises DateError (with a message for a content editor) when the value is present but not
    a date the generator can read.
    """
    if key not in post.data:
        return None
    site = site or post.site
    text, timestamp = raw_date_text(post, key)
    if text.strip().strip("\"'").lower() in site.generator.date_keywords:
        return None  # a date the generator takes from the file (Eleventy `Last Modified`)
    try:
        written = parse_written(text)
    except DateError:
        written = site.generator.written_date(text)  # a form only this generator reads
        if written is None:
            raise
    zone_name = site_zone_name(site)
    if written.offset is not None:
        instant = written.wall.replace(tzinfo=dt.timezone(written.offset))
        reading = "offset"
    elif not written.has_time:
        instant = written.wall.replace(tzinfo=zone_of_name(zone_name))
        reading = "date"
    elif site.generator.naive_is_utc(timestamp):
        instant = written.wall.replace(tzinfo=UTC)
        reading = "utc"
    else:
        instant = written.wall.replace(tzinfo=zone_of_name(zone_name))
        reading = "site"
    try:  # the instant must exist in UTC and in the site's zone (year 1 at -23:59 does not)
        instant.astimezone(UTC)
        instant.astimezone(zone_of_name(zone_name))
    except (OverflowError, ValueError):
        raise DateError(f"`{written.text}` is out of the range of dates") from None
    return GeneratorDate(key, written, instant, reading, zone_name)


def filename_date(post: "Post") -> dt.date | None:
    """The date in a Jekyll post's file name (`2021-12-31-slug.md`), if it has one."""
    match = JEKYLL_NAME_DATE.match(post.path.name)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year if year >= 100 else 2000 + year, month, day)
    except ValueError:
        return None


def post_datetime(post: "Post", site: "Site | None" = None) -> dt.datetime | None:
    """A post's publication date-time as the generator sees it (an aware datetime), or None.

    Jekyll: the front-matter `date` read as Jekyll reads it (see the module docstring: an
    unquoted timestamp without offset is UTC), falling back to the file-name date at midnight
    in the site timezone for posts (`_posts/2021-12-31-x.md`). Hugo: `date`, then
    `publishDate`, then `lastmod`. A date that cannot be read counts as absent. The result
    is expressed in the site timezone (UTC when the site sets none), so `.year`, `.month` and
    `.day` are the calendar fields Jekyll's `:year/:month/:day` permalinks use.
    """
    site = site or post.site
    for key in site.generator.post_date_keys:
        try:
            found = read_date(post, key, site)
        except DateError:
            found = None
        if found is not None:
            return found.local
    day = site.generator.fallback_date(post)
    if day is not None:
        zone = zone_of_name(site_zone_name(site))
        return dt.datetime(day.year, day.month, day.day, tzinfo=zone)
    return None


def loaded_datetime(value: Any, site: "Site") -> dt.datetime | None:
    """A front-matter value the YAML/TOML loader made a date or date-time (or an ISO string)
    as an aware date-time, naive ones in the site's zone; None for anything else."""
    zone = zone_of_name(site_zone_name(site))
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=zone)
    return None


def date_value_for_json(value: Any) -> Any:
    """A front-matter value with dates as ISO strings (what JSON and editors see)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): date_value_for_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [date_value_for_json(v) for v in value]
    return value
