"""`postlint.dates`: the instant a front-matter date becomes, as Jekyll 4.3 and Hugo read it.

The Jekyll expectations were observed with Debian's jekyll 4.3.1 on a site with
`timezone: Asia/Shanghai` and `permalink: /:year/:month/:day/:title.html`.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postlint.dates import DateError, parse_written, post_datetime, read_date
from postlint.post import Post
from postlint.site import Site


def make_post(date_line: str | None, generator: str = "jekyll", timezone: str | None = "Asia/Shanghai",
              name: str = "2022-01-05-a.md", fmt: str = "yaml") -> Post:
    site = Site(root=Path("/site"), generator=generator, timezone=timezone)
    if fmt == "toml":
        text = f"+++\ntitle = 'x'\n{date_line}\n+++\n"
    else:
        text = "---\ntitle: x\n" + (f"{date_line}\n" if date_line is not None else "") + "---\n"
    return Post.from_bytes(Path("/site/_posts") / name, f"_posts/{name}", text.encode(), site, True)


@pytest.mark.parametrize("line, expected, url_day", [
    ("date: 2022-01-05 09:30:00", "2022-01-05 17:30:00+08:00", 5),
    ("date: 2022-01-05 20:30:00", "2022-01-06 04:30:00+08:00", 6),
    ("date: 2022-01-05 20:30:00 +0800", "2022-01-05 20:30:00+08:00", 5),
    ("date: 2022-01-05 01:30:00 +08:00", "2022-01-05 01:30:00+08:00", 5),
    ("date: 2022-01-05", "2022-01-05 00:00:00+08:00", 5),
    ('date: "2022-01-05 09:30:00"', "2022-01-05 09:30:00+08:00", 5),
    ("date: 2022-01-05T09:30:00Z", "2022-01-05 17:30:00+08:00", 5),
    ("date: 2022-01-05 9:30", "2022-01-05 09:30:00+08:00", 5),
    ("date: 2022-01-05 09:30 -0500", "2022-01-05 22:30:00+08:00", 5),
    (None, "2022-01-05 00:00:00+08:00", 5),
])
def test_jekyll_reads_dates_like_jekyll_4_3(line, expected, url_day):
    when = post_datetime(make_post(line))
    assert str(when) == expected
    assert when.day == url_day


def test_hugo_reads_a_date_without_offset_in_the_site_timezone():
    post = make_post("date: 2022-07-05T09:30:00", generator="hugo", timezone="America/New_York")
    assert str(post_datetime(post)) == "2022-07-05 09:30:00-04:00"
    toml = make_post("date = 2022-01-05T09:30:00", generator="hugo", timezone="America/New_York",
                     fmt="toml")
    assert str(post_datetime(toml)) == "2022-01-05 09:30:00-05:00"


def test_plus_0800_is_a_date_although_pyyaml_reads_a_string():
    found = read_date(make_post("date: 2021-12-31 14:13:07 +0800"), "date")
    assert found.reading == "offset" and found.instant.utcoffset() == dt.timedelta(hours=8)


@pytest.mark.parametrize("line, message", [
    ("date:  +0800", "`+0800` is a timezone offset with no date or time"),
    ("date:", "`date` is empty"),
    ("date: [2022-01-05]", "`date` is a list, not a date"),
    ("date: 2022-02-30 10:00:00", "`2022-02-30 10:00:00` is not a real date or time"),
    ("date: yesterday", "`yesterday` is not a date the generator can read"),
])
def test_unreadable_dates_raise_with_a_message(line, message):
    with pytest.raises(DateError, match=message.replace("[", r"\[").replace("+", r"\+")):
        read_date(make_post(line), "date")
    assert post_datetime(make_post(line)) == dt.datetime(2022, 1, 5, tzinfo=post_datetime(
        make_post(None)).tzinfo)


def test_rfc2822_dates_are_read():
    assert parse_written("Wed, 05 Jan 2022 09:30:00 +0800").offset == dt.timedelta(hours=8)


@pytest.mark.parametrize("line, message", [
    ("date: 2021-12-31 10:00:00 +9999", "has an impossible offset `+9999`"),
    ("date: 9999-12-31 23:59:59 -2359", "is out of the range of dates"),
    ("date: 2021-12-31 25:00:00", "is not a real date or time"),
])
def test_out_of_range_dates_are_date_errors_not_crashes(line, message):
    with pytest.raises(DateError, match=message.replace("+", r"\+")):
        read_date(make_post(line), "date")
