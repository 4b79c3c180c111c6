"""The result cache: warm runs parse nothing, and give exactly what a cold run gives."""
from __future__ import annotations

import os
import re
import shutil
import sqlite3

import pytest

from conftest import REPO, run_postlint
from postlint.post import Post

EXAMPLE = REPO / "examples" / "jekyll-news"


@pytest.fixture
def news(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site)
    return site


@pytest.fixture
def parses(monkeypatch):
    """Count the files parsed in this process (runs use --jobs 1)."""
    seen = []
    real = Post.from_bytes.__func__

    def counting(cls, path, *args, **kwargs):
        seen.append(path.name)
        return real(cls, path, *args, **kwargs)

    monkeypatch.setattr(Post, "from_bytes", classmethod(counting))
    return seen


def lint(site, *args):
    run = run_postlint(".", "--format", "json", "--jobs", "1", *args, cwd=site)
    assert run.code in (0, 1), run.err
    return run.out


def cold(site):
    return lint(site, "--no-cache")


def test_warm_run_parses_nothing_and_matches_cold(news, parses):
    first = lint(news)
    assert parses and (news / ".postlint_cache" / ".gitignore").is_file()
    parses.clear()
    assert lint(news) == first == cold(news)
    parses.clear()
    lint(news)
    assert parses == []


def test_rows_written_in_batches_during_the_run_are_all_reused(news, parses, monkeypatch):
    from postlint.cache import ResultCache

    monkeypatch.setattr(ResultCache, "WRITE_EVERY", 3)
    first = lint(news)
    parses.clear()
    assert lint(news) == first and parses == []


def test_one_edited_post_is_the_only_one_parsed(news, parses):
    lint(news)
    post = news / "_posts" / "2022-01-13-202201132244444444.md"
    post.write_text(post.read_text(encoding="utf-8") + "\n<center>new</center>\n", encoding="utf-8")
    parses.clear()
    warm = lint(news)
    assert set(parses) == {post.name}  # read for the URL index, then linted
    assert warm == cold(news) and "<center>" in warm


def test_deleting_a_linked_post_breaks_the_links_to_it(news):
    lint(news)
    (news / "_posts" / "2021-12-08-202112082206672930.md").unlink()
    warm = lint(news)
    assert warm == cold(news)
    assert "post_url" in warm or "PL402" in warm


NEW_POST = """---
title: New
date: 2022-02-03 09:00:00 +0800
categories: emnews
---
<p>A new post.</p>
"""


def test_a_new_post_relints_only_itself(news, parses):
    lint(news)
    (news / "_posts" / "2022-02-03-new.md").write_text(NEW_POST, encoding="utf-8")
    parses.clear()
    warm = lint(news)
    assert set(parses) == {"2022-02-03-new.md"}  # read for the URL index, then linted
    assert warm == cold(news)


def test_a_new_post_mends_the_links_to_it(news, parses):
    linker = news / "_posts" / "2022-01-17-202201172247777777.md"
    linker.write_text(linker.read_text(encoding="utf-8") +
                      "\n[new](/emnews/2022/02/03/new.html)\n", encoding="utf-8")
    assert "/emnews/2022/02/03/new.html` is not a URL the site has" in lint(news)
    (news / "_posts" / "2022-02-03-new.md").write_text(NEW_POST, encoding="utf-8")
    parses.clear()
    warm = lint(news)
    assert set(parses) == {"2022-02-03-new.md", linker.name}
    assert "2022/02/03" not in warm and warm == cold(news)


def test_renaming_a_post_matches_a_cold_run(news):
    lint(news)
    posts = news / "_posts"
    os.rename(posts / "2022-01-16-202201162246666666.md", posts / "2022-01-16-renamed.md")
    assert lint(news) == cold(news)


def test_changing_another_pages_headings_revalidates_anchor_links(news):
    target = news / "_posts" / "2022-01-15-tech-notes.md"
    target.write_text(target.read_text(encoding="utf-8") + "\n## Build steps\n", encoding="utf-8")
    linker = news / "_posts" / "2022-01-17-202201172247777777.md"
    linker.write_text(linker.read_text(encoding="utf-8") +
                      "\n[steps](/emnews/2022/01/15/tech-notes.html#build-steps)\n", encoding="utf-8")
    assert "PL403" not in lint(news)
    target.write_text(target.read_text(encoding="utf-8").replace("## Build steps", "## Steps"),
                      encoding="utf-8")
    warm = lint(news)
    assert "PL403" in warm and warm == cold(news)


def test_configuration_change_invalidates(news):
    lint(news)
    (news / "postlint.toml").write_text("[lint]\nignore = ['PL5']\n")
    warm = lint(news)
    assert warm == cold(news) and "PL50" not in warm


def test_posts_that_make_the_site_a_scripts_relint_every_post(news):
    """Who writes the posts is inferred from the whole site (`postlint.authors`): when new
    posts change it, the unchanged posts' results change too."""
    tokyo = news / "_posts" / "2022-01-16-202201162246666666.md"
    text = tokyo.read_text(encoding="utf-8")
    tokyo.write_text(re.sub(r"(?m)^date: .*$", "date: 2022-01-16 09:00:00 +0900", text),
                     encoding="utf-8")
    assert "PL203" not in lint(news)  # people: an author in Tokyo
    for number in range(10):
        (news / "_posts" / f"2022-02-03-flash-{number}.md").write_text(
            NEW_POST.replace("title:", f"title: flash {number}  #"), encoding="utf-8")
    warm = lint(news)
    assert "PL203" in warm and warm == cold(news)  # a script: its clock is wrong


def test_corrupt_or_unwritable_cache_is_ignored(news):
    first = lint(news)
    database = news / ".postlint_cache" / "results.sqlite"
    database.write_bytes(b"this is not a database" * 100)
    assert lint(news) == first
    conn = sqlite3.connect(database)
    conn.execute("UPDATE results SET result = 'not json'")
    conn.commit()
    conn.close()
    assert lint(news) == first
    shutil.rmtree(news / ".postlint_cache")
    (news / ".postlint_cache").write_text("a file where the cache folder should be")
    assert lint(news) == first


def test_cache_clean(news):
    lint(news)
    run = run_postlint("cache", "clean", cwd=news)
    assert run.code == 0 and run.out.startswith("Removed result cache")
    assert not (news / ".postlint_cache" / "results.sqlite").exists()
    assert run_postlint("cache", "clean", cwd=news).out.startswith("No result cache")


def test_future_post_result_expires(news, monkeypatch):
    post = news / "_posts" / "2022-01-19-202201192249999999.md"
    post.write_text(post.read_text(encoding="utf-8").replace("2022-01-19 13:00:00", "2999-01-19 13:00:00"),
                    encoding="utf-8")
    assert "PL205" in lint(news)
    conn = sqlite3.connect(news / ".postlint_cache" / "results.sqlite")
    rows = dict(conn.execute("SELECT path, result FROM results").fetchall())
    conn.close()
    assert '"expires"' in rows[str(post)]
    assert not any('"expires"' in row for path, row in rows.items() if path != str(post))


def test_fix_then_relint_in_one_process_sees_the_fixed_files(news):
    many = news / "_posts"
    source = (many / "2022-01-20-202201202250000000.md").read_bytes()  # has a BOM (PL005 fix)
    for i in range(250):  # enough files for the cache to be read in one query
        (many / f"2022-02-{i % 28 + 1:02d}-bom{i}.md").write_bytes(source)
    lint(news)
    edited = many / "2022-01-15-tech-notes.md"  # changed after it was cached; nothing to fix
    edited.write_text(edited.read_text(encoding="utf-8") + "\n<center>new</center>\n",
                      encoding="utf-8")
    run = run_postlint(".", "--fix", "--format", "jsonl", "--jobs", "1", cwd=news)
    assert not any(r["code"] == "PL005" for r in run.records)
    assert any(r["code"] == "PL504" and r["path"].endswith(edited.name) for r in run.records)
    assert lint(news) == cold(news)


def test_a_folder_that_is_no_site_is_not_walked_for_urls(tmp_path, monkeypatch):
    """Linting one file of a plain folder must not read the folder (a big repository) for a
    URL index no rule uses there; on a Jekyll site it is read."""
    import postlint.generators.jekyll
    import postlint.urls

    walked = []
    real = postlint.urls.walk_site
    for module in (postlint.urls, postlint.generators.jekyll):
        monkeypatch.setattr(module, "walk_site", lambda root: walked.append(root) or real(root))
    (tmp_path / "notes.md").write_text("---\ntitle: Notes\n---\n[a](other.md)\n", encoding="utf-8")
    assert run_postlint("notes.md", "--jobs", "1", cwd=tmp_path).code == 0
    assert walked == []
    (tmp_path / "_config.yml").write_text("title: x\n", encoding="utf-8")
    run_postlint("notes.md", "--jobs", "1", cwd=tmp_path)
    assert walked and set(walked) == {tmp_path}


def test_url_facts_read_on_the_way_or_in_workers_give_the_same_results(news, monkeypatch):
    """A few unknown files are read while the index is built; many, by worker processes."""
    from postlint import engine

    expected = cold(news)
    monkeypatch.setattr(engine, "PARALLEL_THRESHOLD", 2)  # 23 unknown files count as many
    assert lint(news) == expected
    post = news / "_posts" / "2022-01-13-202201132244444444.md"
    post.write_text(post.read_text(encoding="utf-8") + "\n[x](/nowhere.html)\n", encoding="utf-8")
    other = news / "_posts" / "2022-01-12-202201122243333333.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nmore\n", encoding="utf-8")
    assert lint(news) == cold(news)  # two unknown files: read on the way
