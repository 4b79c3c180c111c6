"""PL5 on the real finews posts: the 科技日报 post that loses every link under Jekyll."""
from __future__ import annotations

import pytest

from conftest import CORPUS, run_postlint

KEJIRIBAO = "_posts/2021-12-31-NW202112312232915182.md"


@pytest.mark.skipif(not (CORPUS / KEJIRIBAO).exists(), reason="corpus not available")
def test_unclosed_paragraph_post_reports_exactly_this():
    run = run_postlint(KEJIRIBAO, "--select", "PL5", "--format", "jsonl", "--no-cache", cwd=CORPUS)
    found = [(r["code"], r["line"], r["column"]) for r in run.records]
    assert found == [
        ("PL503", 8, 1),  # the first <p>, closed empty by the second
        ("PL501", 8, 4),  # <p> inside <p>
        ("PL503", 8, 4),  # <p align="center"></p>
        ("PL505", 8, 7),  # align
        ("PL513", 17, 1),  # the source autolink
        ("PL513", 19, 1),  # [返回科技日报新闻](…)
        ("PL513", 19, 61),  # [返回首页](…)
    ]
    assert all("line 8 is never closed" in r["message"] for r in run.records if r["code"] == "PL513")


@pytest.mark.skipif(not (CORPUS / KEJIRIBAO).exists(), reason="corpus not available")
def test_fixing_the_empty_paragraphs_gives_the_links_back(tmp_path):
    import shutil

    shutil.copytree(CORPUS, tmp_path / "site")
    site = tmp_path / "site"
    run_postlint(KEJIRIBAO, "--select", "PL503", "--fix", "--no-cache", cwd=site)
    after = run_postlint(KEJIRIBAO, "--select", "PL5", "--format", "jsonl", "--no-cache", cwd=site)
    assert [r["code"] for r in after.records] == []
    assert (site / KEJIRIBAO).read_text(encoding="utf-8").splitlines()[7] == ""
