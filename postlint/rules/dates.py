"""PL2: dates, read as the generator reads them (see `postlint.dates`)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterator

from postlint import dates
from postlint.authors import written_by_script
from postlint.dates import DateError, GeneratorDate
from postlint.diagnostic import Edit, Finding, Fix, Severity, Span
from postlint.rule import Rule

DURATION = re.compile(r"\s*(\d+)\s*([smhd]?)\s*")
DURATION_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def generator_name(ctx) -> str:
    return ctx.site.generator.title


def date_keys(post, ctx) -> list[str]:
    """The keys of this post that hold dates: the usual ones and the schema's date-time fields."""
    keys = dict.fromkeys(dates.DATE_KEYS)
    keys.update(dict.fromkeys(ctx.date_time_fields))
    for key in ctx.site.generator.date_mapping_keys:  # `date: {created: ...}`: named dates
        if isinstance(post.data.get(key), dict):
            keys.pop(key, None)
    if ctx.site.generator.keys_ignore_case:
        lowered = {k.lower() for k in keys}
        return [k for k in post.data if isinstance(k, str) and k.lower() in lowered]
    return [k for k in keys if k in post.data]


def readable_dates(post, ctx, keys=None) -> Iterator[GeneratorDate]:
    """Every date of the post that the generator can read (the others are PL201's)."""
    for key in keys if keys is not None else date_keys(post, ctx):
        try:
            found = dates.read_date(post, key, ctx.site)
        except DateError:
            continue
        if found is not None:
            yield found


def value_span(post, key: str) -> Span:
    """The value's span; the key's when the value is empty (nothing to point at)."""
    return post.key_span(key) if post.data.get(key) is None else post.span_of(key)


def date_text_end(post, found: GeneratorDate) -> int | None:
    """Offset in post.text just after the date as written (inside quotes), or None."""
    field = post.field(found.key)
    if field is None:
        return None
    start = post.offset(field.value_span.line, field.value_span.column)
    index = post.text.find(found.written.text, start)
    if index < 0 or index > start + len(field.source):
        return None
    return index + len(found.written.text)


def show(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


class DateInvalid(Rule):
    """A date that is missing where the schema requires one, empty, or unreadable.

    ## What it does
    Reads every date of the front matter (`date`, `lastmod`, `last_modified_at`, `updated`,
    `modified`, `publishDate`, `expiryDate`, and the schema's `date-time` fields) the way the
    generator does, and reports one that is empty, not a date (`date:  +0800`, `2022-02-30`,
    a list), or absent although the active schema requires it. Jekyll's `+0800` offsets are
    dates even though PyYAML reads them as strings.

    A date in a form postlint does not read but a lenient parser might (`Jan 5 2022`,
    `2022.01.05`: Ruby's `Time.parse`, which Jekyll uses, reads both) is a warning, not an
    error: whether the build stops is not certain. The message names the site's generator.

    ## Why is this bad
    Jekyll stops the whole build on a post whose date it cannot read (`Invalid date '+0800'`);
    a post with no date is dated by its file name, or not at all.

    ## Example
    ```yaml
    date:  +0800     # the scraper had no time to write
    ```
    """

    code = "PL201"
    name = "date-invalid"
    severity = Severity.ERROR

    def check(self, post, ctx) -> Iterator[Finding]:
        for key in date_keys(post, ctx):
            try:
                dates.read_date(post, key, ctx.site)
            except DateError as exc:
                reason = str(exc) if str(exc).startswith(f"`{key}`") else f"`{key}`: {exc}"
                if exc.unknown_form:
                    yield Finding(value_span(post, key), f"{reason}: {generator_name(ctx)}'s "
                                  "parser may still read it, or fail on it; write it as "
                                  "YYYY-MM-DD HH:MM:SS with an offset",
                                  severity=Severity.WARNING)
                    continue
                consequence = "" if post.data[key] is None else \
                    ctx.site.generator.date_consequence(key, exc.readable_by_ruby)
                yield Finding(value_span(post, key), f"{reason}{consequence}")
        for key in ctx.schema.required_date_fields(post.is_post):
            if key not in post.data:
                yield Finding(Span.point(post.split.open_line or 1),
                              f"`{key}` is missing: the schema requires a date")


class DateNoTimezone(Rule):
    """A date-time with no explicit UTC offset, whose instant depends on the generator.

    ## What it does
    Reports a date with a time but no offset, and says which instant the generator makes of
    it. Jekyll reads an unquoted `2022-01-05 09:30:00` as **UTC** whatever the site's
    `timezone` (verified with Jekyll 4.3: it is published at 17:30 in Asia/Shanghai, and from
    16:00 on the post moves to the next day's URL); a quoted one is read in the site timezone.
    Hugo reads it in the site timezone. The fix (unsafe, since it moves the instant Jekyll
    uses) adds the site timezone's offset at that wall-clock time: the time the author meant.

    ## Why is this bad
    The post is published hours late or early, under another day's URL, and changing the
    site's `timezone` silently moves every such post.

    ## Example
    ```yaml
    date: 2021-12-08 10:46:18          # Jekyll: 18:46 in Asia/Shanghai
    date: 2021-12-08 10:46:18 +0800    # what was meant
    ```
    """

    code = "PL202"
    name = "date-no-timezone"
    severity = Severity.WARNING
    fixable = True

    def check(self, post, ctx) -> Iterator[Finding]:
        for found in readable_dates(post, ctx):
            if found.reading not in ("utc", "site"):
                continue
            yield Finding(post.span_of(found.key), self._message(found, ctx),
                          self._fix(post, found, ctx))

    @staticmethod
    def _message(found: GeneratorDate, ctx) -> str:
        wall = found.written.wall
        zone = dates.describe_zone(found.zone_name, wall)
        if found.reading == "site":
            return (f"`{found.key}` has no timezone offset: {generator_name(ctx)} reads "
                    f"`{found.written.text}` in the site timezone {zone}; write the offset "
                    "so the instant does not depend on configuration")
        local = found.local
        shift = "" if local.date() == wall.date() else (
            f", under {local.date().isoformat()}'s URL")
        return (f"`{found.key}` has no timezone offset: {generator_name(ctx)} reads "
                f"`{found.written.text}` as UTC, so the post is dated {show(local)} in "
                f"{zone}{shift}")

    @staticmethod
    def _fix(post, found: GeneratorDate, ctx) -> Fix | None:
        if found.zone_name is None:
            return None  # the author's timezone is unknown
        end = date_text_end(post, found)
        if end is None:
            return None
        offset = dates.zone_offset(found.zone_name, found.written.wall)
        suffix = ctx.site.generator.offset_suffix(dates.format_offset(offset, colon=True))
        return Fix((Edit(end, end, suffix),), safe=False)


class DateTimezoneMismatch(Rule):
    """An offset that is not the site timezone's offset at that instant (DST-aware).

    ## What it does
    Compares a date's written offset with the offset of the site's timezone (`timezone` in
    `_config.yml`, Hugo's `timeZone`, or `[site] timezone`) at that instant, daylight saving
    included: in America/New_York `-05:00` is right in January and `-04:00` in July.
    Silent when the site sets no timezone.

    ## On which site
    - An offset the site's zone uses in another season of that year (`-04:00` in January in
      New York) is a clock not switched for daylight saving: reported on every site.
    - Another zone's offset (`+02:00` on a Los Angeles site, `+00:00` in Asia/Shanghai) is an
      exact instant. Posts written by a script (`[site] authors = "script"`, or inferred: see
      the README) come from one machine whose clock should be the site's, so it is reported
      there: a feed stamped with its server's UTC clock. Posts written by people carry their
      author's own zone on purpose (a release post written in Berlin): not reported.

    ## Why is this bad
    The displayed time and the date in the URL are not what the author saw, and a script
    that stamps dates with the wrong zone moves every post it writes.

    ## Example
    ```yaml
    date: 2022-01-05 09:30:00 -04:00   # New York is -05:00 in January
    ```
    """

    code = "PL203"
    name = "date-timezone-mismatch"
    severity = Severity.WARNING

    def check(self, post, ctx) -> Iterator[Finding]:
        for found in readable_dates(post, ctx):
            if found.reading != "offset" or found.zone_name is None:
                continue
            expected = found.local.utcoffset()
            if found.written.offset == expected:
                continue
            seasonal = found.written.offset in offsets_in_year(found.zone_name, found.local.year)
            if not seasonal and not written_by_script(post, ctx):
                continue  # an author in another zone: the instant is exact
            written = dates.format_offset(found.written.offset, colon=True)
            why = (f"{written} is its offset in another season: a clock not switched for "
                   "daylight saving") if seasonal else (f"{written} is another zone's offset, "
                                                          "on a site whose posts a script writes")
            yield Finding(post.span_of(found.key),
                          f"`{found.key}` has offset {written}, but the site timezone "
                          f"{found.zone_name} is {dates.format_offset(expected, colon=True)} "
                          f"on {found.local.date().isoformat()} ({why})")


def offsets_in_year(zone_name: str, year: int) -> set[dt.timedelta]:
    """The UTC offsets a zone uses during a year (sampled twice a month)."""
    zone = dates.zone_of_name(zone_name)
    found = set()
    for month in range(1, 13):
        for day in (1, 15):
            try:
                offset = dt.datetime(year, month, day, 12, tzinfo=zone).utcoffset()
            except (OverflowError, ValueError):
                continue
            if offset is not None:
                found.add(offset)
    return found


class DateFilenameMismatch(Rule):
    """A Jekyll post whose file-name date is not its front-matter date in the site timezone.

    ## What it does
    Compares the date in a Jekyll post's file name (`2021-12-08-x.md`) with its front-matter
    `date` as Jekyll reads it (no offset on a timestamp means UTC), taken as a calendar day in
    the site timezone: `2021-12-08 01:30:00 +08:00` belongs to the 8th, while
    `2021-12-08 20:30:00` (UTC) is the 9th in Asia/Shanghai. When the site sets no timezone
    (Jekyll then uses the build machine's), a date is reported only if it is another day both
    as written and in UTC.

    ## Why is this bad
    Jekyll builds the URL (`:year/:month/:day`) and the archives from the front-matter date,
    so the post is not where its file name says, and links built from the name break.

    ## Example
    ```yaml
    # _posts/2021-12-08-x.md
    date: 2021-12-08 20:30:00    # UTC: 2021-12-09 04:30 in Asia/Shanghai
    ```
    """

    code = "PL204"
    name = "date-filename-mismatch"
    severity = Severity.ERROR

    def check(self, post, ctx) -> Iterator[Finding]:
        if not ctx.site.generator.filename_date_rules(post):
            return
        named = dates.filename_date(post)
        if named is None:
            return
        for found in readable_dates(post, ctx, ["date"] if "date" in post.data else []):
            day = found.local.date()
            if day == named:
                continue
            if found.zone_name is None and found.written.date == named:
                continue  # no site timezone: the build machine's decides; the author's day may be right
            why = ""
            if found.reading == "utc":
                why = f" ({generator_name(ctx)} reads `{found.written.text}` without offset as UTC)"
            yield Finding(post.span_of("date"),
                          f"file name says {named.isoformat()} but `date` is "
                          f"{day.isoformat()} in {dates.describe_zone(found.zone_name, found.written.wall)}"
                          f"{why}: {generator_name(ctx)} builds the URL from the front-matter date")


def parse_duration(text: str) -> dt.timedelta:
    match = DURATION.fullmatch(text)
    if match is None:
        raise ValueError(f"`{text}` is not a duration such as \"90s\", \"30m\", \"2h\" or \"1d\"")
    return dt.timedelta(seconds=int(match.group(1)) * DURATION_UNITS[match.group(2)])


@dataclass(frozen=True)
class FutureOptions:
    #: how far in the future a date may be before it is reported ("90s", "30m", "2h", "1d")
    tolerance: str = "0s"

    def __post_init__(self):
        parse_duration(self.tolerance)


class DateFuture(Rule):
    """A post dated in the future, which Jekyll and Hugo silently leave out.

    ## What it does
    Reports a post whose `date` (Hugo: also `publishDate`) is later than now, as the generator
    reads it. Silent when the site publishes future posts (Jekyll `future: true`, Hugo
    `buildFuture = true`). Only posts are checked: pages have no publication date.

    ## Why is this bad
    Jekyll and Hugo skip future-dated posts without a word (jekyll#3998, #4507, #6484): a
    scraper whose clock or offset is wrong publishes nothing until a later build.

    ## Options
    `tolerance` (default `"0s"`): how far ahead of the clock a date may be (`"5m"`, `"2h"`, `"1d"`).

    ```toml
    [rules.PL205]
    tolerance = "10m"
    ```
    """

    code = "PL205"
    name = "date-future"
    severity = Severity.WARNING
    Options = FutureOptions

    def check(self, post, ctx) -> Iterator[Finding]:
        if ctx.site.future or not post.is_post:
            return
        keys = ctx.site.generator.publication_date_keys
        limit = dt.datetime.now(dt.timezone.utc) + parse_duration(self.options.tolerance)
        for found in readable_dates(post, ctx, [k for k in keys if k in post.data]):
            if found.instant <= limit:
                continue
            ctx.valid_until(found.instant - (limit - dt.datetime.now(dt.timezone.utc)))
            switch = ctx.site.generator.future_setting
            yield Finding(post.span_of(found.key),
                          f"`{found.key}` is in the future ({show(found.local)} "
                          f"{dates.format_offset(found.local.utcoffset(), colon=True)}): "
                          f"{generator_name(ctx)} leaves the post out of builds before then"
                          + (f" unless the site sets {switch}" if switch else ""))


class DateOrder(Rule):
    """A last-modified date earlier than the post's date.

    ## What it does
    Compares `last_modified_at`, `lastmod`, `updated` and `modified` with `date`, as the
    generator reads both. When either is a date without a time, calendar days in the site
    timezone are compared, so `lastmod: 2022-01-05` is fine for a post of 2022-01-05 10:00.

    ## Why is this bad
    Feeds, sitemaps and "updated on" lines show a modification before publication, and
    search engines distrust the page's dates.

    ## Example
    ```yaml
    date: 2022-01-05 10:00:00 +0800
    last_modified_at: 2021-01-05 10:00:00 +0800   # a year early: a typo
    ```
    """

    code = "PL206"
    name = "date-order"
    severity = Severity.WARNING

    def check(self, post, ctx) -> Iterator[Finding]:
        published = next(readable_dates(post, ctx, ["date"] if "date" in post.data else []), None)
        if published is None:
            return
        modified_keys = [k for k in dates.MODIFIED_KEYS if k in post.data]
        for found in readable_dates(post, ctx, modified_keys):
            if found.written.has_time and published.written.has_time:
                earlier = found.instant < published.instant
                shown, against = show(found.local), show(published.local)
            else:
                earlier = found.local.date() < published.local.date()
                shown, against = found.local.date().isoformat(), published.local.date().isoformat()
            if earlier:
                yield Finding(post.span_of(found.key),
                              f"`{found.key}` ({shown}) is earlier than `date` ({against})")


@dataclass(frozen=True)
class FormatOptions:
    #: strftime format of date-times ("" = the generator's: Jekyll `%Y-%m-%d %H:%M:%S %z`,
    #: Hugo `%Y-%m-%dT%H:%M:%S%:z`); `%:z` is the offset with a colon
    format: str = ""
    #: strftime format of dates without a time
    date_format: str = "%Y-%m-%d"




def format_date(found: GeneratorDate, fmt: str) -> str:
    """The written date (its own offset kept) in the strftime format `fmt`."""
    wall = found.written.wall
    offset = found.written.offset
    fmt = fmt.replace("%Y", f"{wall.year:04d}")  # glibc does not pad years before 1000
    if offset is not None:
        fmt = fmt.replace("%:z", dates.format_offset(offset, colon=True))
        fmt = fmt.replace("%z", dates.format_offset(offset, colon=False))
    return wall.strftime(fmt)


class DateFormat(Rule):
    """A valid date that is not written in the project's canonical format.

    ## What it does
    Reports a date whose text differs from the configured strftime format, and rewrites it
    (keeping the instant and the written offset). Dates without an offset are left to PL202
    when the format has one. Off by default.

    ## Why is this bad
    Mixed formats (`2021-12-31 14:13:07 +0800`, `2021-12-31T14:13:07+08:00`) are harder to
    read, grep and sort, and some tools only understand one of them.

    ## Options
    `format`: strftime format of date-times (default: the generator's own, Jekyll
    `%Y-%m-%d %H:%M:%S %z`, Hugo `%Y-%m-%dT%H:%M:%S%:z`; `%:z` is `+08:00`).
    `date-format`: for dates without a time (default `%Y-%m-%d`).

    ```toml
    [rules.PL207]
    format = "%Y-%m-%d %H:%M:%S %z"
    ```
    """

    code = "PL207"
    name = "date-format"
    severity = Severity.INFO
    fixable = True
    enabled_by_default = False
    Options = FormatOptions

    def check(self, post, ctx) -> Iterator[Finding]:
        datetime_format = self.options.format or ctx.site.generator.datetime_format
        for found in readable_dates(post, ctx):
            fmt = datetime_format if found.written.has_time else self.options.date_format
            if found.written.offset is None and ("%z" in fmt or "%:z" in fmt):
                continue
            if found.written.wall.microsecond and "%f" not in fmt:
                continue
            wanted = format_date(found, fmt)
            if wanted == found.written.text:
                continue
            end = date_text_end(post, found)
            fix = None
            if end is not None:
                fix = Fix((Edit(end - len(found.written.text), end, wanted),))
            yield Finding(post.span_of(found.key),
                          f"`{found.key}` is written `{found.written.text}`; the project's "
                          f"format is `{wanted}`", fix)
