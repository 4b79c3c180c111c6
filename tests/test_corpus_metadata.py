"""The metadata rules (PL1-PL3) on the real finews corpus: every known defect, nothing else."""
from __future__ import annotations

from collections import Counter

from conftest import CORPUS, run_postlint

CONFIG = """
[schema]
preset = "news-post"

[vocabulary]
categories = ["emnews", "cailianshe", "kejiribao", "quanshangzhongguo", "zhongguojijinbao",
              "zhongguozhengquanbao", "yanghangwangzhan", "sitenews"]
tags = ["东财滚动新闻", "中国基金报新闻", "中国证券报新闻", "券商中国新闻", "央行网站新闻", "科技日报新闻",
        "站长消息", "财联社新闻"]
aliases = { "yangxingwangzhan" = "yanghangwangzhan" }   # 央行 is yang*hang*: DEFECTS.tsv
"""


def defects(kind: str) -> set[str]:
    with open(CORPUS / "DEFECTS.tsv", encoding="utf-8") as stream:
        rows = [line.rstrip("\n").split("\t") for line in stream][1:]
    return {path for path, defect in rows if defect.startswith(kind)}


def test_finews_metadata_findings_are_exactly_its_defects(tmp_path):
    config = tmp_path / "postlint.toml"
    config.write_text(CONFIG, encoding="utf-8")
    run = run_postlint(".", "--config", str(config), "--select", "PL1,PL2,PL3", "--format",
                       "jsonl", "--no-cache", cwd=CORPUS)
    assert run.code == 1, run.err
    found = [(r["path"], r["line"], r["code"], r["message"]) for r in run.records]
    counts = Counter(code for _, _, code, _ in found)
    assert counts == {"PL202": 95, "PL102": 1, "PL201": 1, "PL106": 1, "PL303": 1}, counts
    assert {p for p, _, c, _ in found if c == "PL202"} == defects("date_without_timezone")
    assert ("_posts/-202205262391921712.md", 3, "PL102", "`title` is empty") in found
    assert ("_posts/-202205262391921712.md", 4, "PL201", "`date`: `+0800` is a timezone offset "
            "with no date or time (Jekyll stops the build on it)") in found
    assert ("404.md", 2, "PL106", '`title: 404` is read as a number, not text: quote it '
            '(`"404"`) to keep it as written') in found
    assert {p for p, _, c, _ in found if c == "PL303"} == defects("category_pinyin_polyphone_error")
