"""PL205's tolerance, which fixtures cannot pin down (it depends on the clock)."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import run_postlint


@pytest.mark.parametrize("tolerance, expected", [("0s", ["PL205"]), ("2h", [])])
def test_future_tolerance(site, tolerance, expected):
    soon = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=30)).astimezone(
        dt.timezone(dt.timedelta(hours=8)))
    root = site({"_posts/2021-12-31-x.md": f"---\ntitle: x\ndate: {soon:%Y-%m-%d %H:%M:%S %z}\n---\n",
                 "postlint.toml": f'[rules.PL205]\ntolerance = "{tolerance}"\n'})
    run = run_postlint(".", "--select", "PL205", "--format", "jsonl", cwd=root)
    assert [r["code"] for r in run.records] == expected


def test_bad_tolerance_is_a_configuration_error(site):
    root = site({"_posts/2021-12-31-x.md": "---\ntitle: x\n---\n",
                 "postlint.toml": '[rules.PL205]\ntolerance = "soon"\n'})
    run = run_postlint(".", cwd=root)
    assert run.code == 2 and "is not a duration" in run.err
