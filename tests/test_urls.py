"""The URL index against Jekyll 4.3: a small site built under every permalink style.

The expected URLs were observed with Debian's `jekyll` 4.3.1; when `jekyll` is installed the
test also builds the site and compares the index with the files in `_site`.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CORPUS, write_tree
from postlint.site import load_site
from postlint.generators.jekyll import jekyll_slugify
from postlint.urls import IndexQuestions, UrlIndex, answers_hold, resolve

SITE = {
    "_posts/2021-12-08-utc.md": "---\ntitle: a\ndate: 2021-12-08 20:00:00\n---\nx\n",
    "_posts/2021-12-08-off.md": "---\ntitle: a\ndate: 2021-12-08 20:00:00 +0800\n---\nx\n",
    "_posts/2021-12-08-dayonly.md": "---\ntitle: a\ndate: 2021-12-08\n---\nx\n",
    "blog/_posts/2021-12-08-Hello World!.md":
        "---\ntitle: a\ndate: 2021-12-08 11:00:00 -0500\ncategories: [Foo Bar, \"x/y\"]\n"
        "category: zed\n---\nx\n",
    "blog/_posts/2021-12-08-Ünï ço.de.md": "---\ntitle: a\ncategory: zed\n---\nx\n",
    "_posts/2021-12-09-slugged.md": "---\ntitle: a\nslug: My Slug\ncategories: \"a  b\"\n---\nx\n",
    "_posts/2021-12-10-nofm.md": "no front matter\n",
    "_posts/2021-12-11-x.markdown": "---\n---\nx\n",
    "_posts/2021-12-11-y.html": "---\n---\nx\n",
    "_posts/2021-12-12-perm.md": "---\npermalink: /custom/:title/\n---\nx\n",
    "_posts/2021-12-13-unpublished.md": "---\npublished: false\n---\nx\n",
    "_posts/2999-01-01-future.md": "---\ntitle: later\n---\nx\n",
    "_posts/not-a-post.md": "---\n---\nx\n",
    "_drafts/d.md": "---\ntitle: t\n---\nx\n",
    "_recipes/soup.md": "---\ntitle: Soup\n---\nx\n",
    "_recipes/img.txt": "static in a collection\n",
    "_hidden/h.txt": "x\n",
    ".dot/x.txt": "x\n",
    "sub/page.md": "---\n---\n",
    "sub/index.html": "---\n---\n",
    "sub/p.md": "---\npermalink: /p/\n---\n",
    "sub/s.txt": "static\n",
    "feed.xml": "---\n---\n",
    "n.md": "---\npermalink: /n.json\n---\n",
    "about.md": "---\ntitle: About\n---\n",
    "Gemfile": "source 'x'\n",
    "notes~": "backup\n",
}
CONFIG = ("timezone: Asia/Shanghai\nurl: https://example.com\n"
          "collections:\n  recipes:\n    output: true\n  hidden:\n    output: false\n")

#: style -> the files Jekyll 4.3.1 writes (observed)
COMMON = {"/sub/index.html", "/p/index.html", "/sub/s.txt", "/feed.xml", "/n.json",
          "/recipes/img.txt", "/custom/perm/index.html"}
EXPECTED = {
    "date": COMMON | {
        "/2021/12/09/utc.html", "/2021/12/08/off.html", "/2021/12/08/dayonly.html",
        "/blog/foo bar/x/y/zed/2021/12/09/Hello-World!.html",
        "/blog/zed/2021/12/08/Ünï-ço.de.html", "/a/b/2021/12/09/My-Slug.html",
        "/2021/12/10/nofm.html", "/2021/12/11/x.html", "/2021/12/11/y.html",
        "/recipes/soup.html", "/sub/page.html", "/about.html"},
    "pretty": COMMON | {
        "/2021/12/09/utc/index.html", "/2021/12/08/off/index.html",
        "/2021/12/08/dayonly/index.html",
        "/blog/foo bar/x/y/zed/2021/12/09/Hello-World!/index.html",
        "/blog/zed/2021/12/08/Ünï-ço.de/index.html", "/a/b/2021/12/09/My-Slug/index.html",
        "/2021/12/10/nofm/index.html", "/2021/12/11/x/index.html", "/2021/12/11/y/index.html",
        "/recipes/soup/index.html", "/sub/page/index.html", "/about/index.html"},
    "ordinal": COMMON | {
        "/2021/343/utc.html", "/2021/342/off.html", "/2021/342/dayonly.html",
        "/blog/foo bar/x/y/zed/2021/343/Hello-World!.html", "/blog/zed/2021/342/Ünï-ço.de.html",
        "/a/b/2021/343/My-Slug.html", "/2021/344/nofm.html", "/2021/345/x.html",
        "/2021/345/y.html", "/recipes/soup.html", "/sub/page.html", "/about.html"},
    "weekdate": COMMON | {
        "/2021/W49/Thu/utc.html", "/2021/W49/Wed/off.html", "/2021/W49/Wed/dayonly.html",
        "/blog/foo bar/x/y/zed/2021/W49/Thu/Hello-World!.html",
        "/blog/zed/2021/W49/Wed/Ünï-ço.de.html", "/a/b/2021/W49/Thu/My-Slug.html",
        "/2021/W49/Fri/nofm.html", "/2021/W49/Sat/x.html", "/2021/W49/Sat/y.html",
        "/recipes/soup.html", "/sub/page.html", "/about.html"},
    "none": COMMON | {
        "/utc.html", "/off.html", "/dayonly.html", "/blog/foo bar/x/y/zed/Hello-World!.html",
        "/blog/zed/Ünï-ço.de.html", "/a/b/My-Slug.html", "/nofm.html", "/x.html", "/y.html",
        "/recipes/soup.html", "/sub/page.html", "/about.html"},
    "/:categories/:short_year/:i_month/:i_day/:hour:minute:second/:slug-:name:output_ext":
        COMMON | {
        "/21/12/9/040000/utc-2021-12-08-utc.html", "/21/12/8/200000/off-2021-12-08-off.html",
        "/21/12/8/000000/dayonly-2021-12-08-dayonly.html",
        "/blog/foo bar/x/y/zed/21/12/9/000000/hello-world-2021-12-08-hello-world.html",
        "/blog/zed/21/12/8/000000/ünï-ço-de-2021-12-08-ünï-ço-de.html",
        "/a/b/21/12/9/000000/my-slug-2021-12-09-slugged.html",
        "/21/12/10/000000/nofm-2021-12-10-nofm.html", "/21/12/11/000000/x-2021-12-11-x.html",
        "/21/12/11/000000/y-2021-12-11-y.html", "/recipes/soup.html", "/sub/page.html",
        "/about.html"},
}


def _index_files(index: UrlIndex) -> set[str]:
    """The files Jekyll writes for the URLs: `a/` is a/index.html, `/a` is a.html."""
    out = set()
    for url in index.by_source.values():
        if url.endswith("/"):
            url += "index.html"
        elif "." not in url.rsplit("/", 1)[-1]:
            url += ".html"
        out.add(url)
    return out


def _built_files(root: Path) -> set[str]:
    out = set()
    for folder, _dirs, names in os.walk(root / "_site"):
        for name in names:
            out.add("/" + os.path.relpath(os.path.join(folder, name), root / "_site"))
    return out


def _make(tmp_path: Path, style: str) -> Path:
    config = CONFIG + f"permalink: {style!r}\n"
    write_tree(tmp_path, {"_config.yml": config, **SITE})
    return tmp_path


@pytest.mark.parametrize("style", list(EXPECTED))
def test_index_matches_what_jekyll_writes(tmp_path: Path, style: str):
    root = _make(tmp_path, style)
    index = UrlIndex.build(load_site(root))
    assert _index_files(index) == EXPECTED[style]


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed")
@pytest.mark.parametrize("style", list(EXPECTED))
def test_expectations_still_match_jekyll(tmp_path: Path, style: str):
    root = _make(tmp_path, style)
    subprocess.run(["jekyll", "build", "--quiet", "--safe", "-s", str(root), "-d",
                    str(root / "_site")], check=True, capture_output=True, timeout=60)
    assert _built_files(root) == EXPECTED[style]


def test_baseurl_is_kept_out_of_the_index_and_required_in_links(tmp_path: Path):
    write_tree(tmp_path, {"_config.yml": "url: https://ex.org\nbaseurl: /blog\n",
                          "_posts/2021-01-02-a.md": "---\ncategories: news\n---\n",
                          "about.md": "---\n---\n"})
    site = load_site(tmp_path)
    index = UrlIndex.build(site)
    assert index.by_source["_posts/2021-01-02-a.md"] == "/news/2021/01/02/a.html"
    target = resolve("../../../../about.html", "/news/2021/01/02/a.html", site)
    assert (target.path, target.written_path) == ("/about.html", "/blog/about.html")
    assert index.serves(target.path)
    assert resolve("/about.html", "/news/2021/01/02/a.html", site).path is None
    assert resolve("https://ex.org/blog/about.html#x", None, site).fragment == "x"
    assert not resolve("https://other.org/blog/about.html", None, site).internal


def test_questions_to_the_index_are_noted_and_asked_again(tmp_path: Path):
    write_tree(tmp_path, {"_config.yml": "url: https://ex.org\n",
                          "_posts/2021-01-02-a.md": "---\ncategories: news\n---\n"})
    site = load_site(tmp_path)
    questions = IndexQuestions(UrlIndex.build(site))
    assert questions.serves("/news/2021/01/02/a.html") and not questions.has_post("2021-01-03-b")
    assert questions.url_of("_posts/2021-01-02-a.md") == "/news/2021/01/02/a.html"
    asked = [[*key, answer] for key, answer in questions.asked.items()]
    assert asked == [["source_of", "/news/2021/01/02/a.html", "_posts/2021-01-02-a.md"],
                     ["has_post", "2021-01-03-b", False],
                     ["url_of", "_posts/2021-01-02-a.md", "/news/2021/01/02/a.html"]]
    assert not questions.whole_site
    assert answers_hold(UrlIndex.build(site), asked)
    (tmp_path / "_posts" / "2021-01-03-b.md").write_text("---\n---\n")
    assert not answers_hold(UrlIndex.build(site), asked)
    assert not hasattr(questions, "__deepcopy__") and not questions.whole_site
    questions.urls  # reading the index itself: the answers cover the whole site
    assert questions.whole_site


def test_did_you_mean_compares_names_within_a_folder(tmp_path: Path):
    pages = {f"category/{name}.html": "---\n---\n" for name in
             ("cailianshe", "zhongguojijinbao", "anxinguojizhengquan")}
    write_tree(tmp_path, {"_config.yml": "url: https://ex.org\n", "news/index.html": "---\n---\n",
                          "_posts/2021-01-02-tech-notes.md": "---\ncategories: news\n---\n",
                          **pages})
    index = UrlIndex.build(load_site(tmp_path))
    assert index.nearest("/category/yangxingwangzhan.html") is None  # only .html in common
    assert index.nearest("/category/cailianshe.htm") == "/category/cailianshe.html"
    assert index.nearest("/news/2021/01/02/tech-note.html") == "/news/2021/01/02/tech-notes.html"
    assert index.nearest("/news/2021/01/") == "/news/"  # the page above


def test_the_finews_back_links_resolve_to_pages_that_do_not_exist():
    site = load_site(CORPUS)
    index = UrlIndex.build(site)
    page = index.by_source["_posts/2021-12-08-202112082206672930.md"]
    assert page == "/emnews/2021/12/08/202112082206672930.html"
    broken = resolve("../emnews/", page, site)
    assert broken.path == "/emnews/2021/12/emnews/" and not index.serves(broken.path)
    assert index.nearest(broken.path) == "/emnews/"
    assert resolve("../", page, site).path == "/emnews/2021/12/"
    good = resolve("//finews.withounder.com/emnews/", page, site)
    assert good.internal and index.serves(good.path)
    assert index.serves("/") and index.serves("/emnews") and index.serves("/404.html")
    assert index.serves("/category/Career%20In%20touxingPEVC.html".replace("%20", " "))


@pytest.mark.parametrize("text, mode, cased, slug", [
    ("Hello World!", "pretty", True, "Hello-World!"),
    ("Hello World!", "default", False, "hello-world"),
    ("  -- 东财 滚动 新闻 --", "default", False, "东财-滚动-新闻"),
    ("Ünï ço.de", "default", False, "ünï-ço-de"),
    ("a_b c", "ascii", False, "a-b-c"),
    ("a  b", "raw", False, "a-b"),
])
def test_slugify_as_jekyll(text, mode, cased, slug):
    assert jekyll_slugify(text, mode, cased) == slug


HUGO_SITE = {
    "hugo.toml": 'baseURL = "https://example.org/blog/"\n'
                 'disableKinds = ["RSS", "sitemap", "taxonomy", "term"]\n'
                 '[permalinks]\n  docs = "/manual/:year/:slug/"\n',
    "layouts/_default/single.html": "page {{ .Title }}",
    "layouts/_default/list.html": "list {{ .Title }}",
    "layouts/index.html": "home",
    "content/posts/first.md": "---\ntitle: First Post\n---\nx\n",
    "content/posts/Second.md": "---\ntitle: Second\nslug: the-second\n"
                               "aliases: [/old/second/, old-two]\n---\nx\n",
    "content/posts/bundle/index.md": "---\ntitle: Bundle\n---\nx\n",
    "content/posts/bundle/pic.png": "img",
    "content/posts/_index.md": "---\ntitle: Posts\n---\n",
    "content/posts/draft.md": "---\ntitle: Draft\ndraft: true\n---\n",
    "content/about/_index.md": "---\ntitle: About Us\n---\n",
    "content/about/me.md": "---\ntitle: Me\nurl: /me/\n---\n",
    "content/docs/guide/page.md": "---\ntitle: Guide Page\ndate: 2022-03-04\n---\n",
    "static/img/logo.png": "png",
}
#: what Debian's hugo 0.111 writes for HUGO_SITE (observed)
HUGO_EXPECTED = {
    "/about/index.html", "/docs/index.html", "/img/logo.png", "/index.html",
    "/manual/2022/guide-page/index.html", "/me/index.html", "/old/second/index.html",
    "/posts/bundle/index.html", "/posts/bundle/pic.png", "/posts/first/index.html",
    "/posts/index.html", "/posts/old-two/index.html", "/posts/the-second/index.html",
}


def _hugo_index_files(index: UrlIndex) -> set[str]:
    return {u for u in index.urls if not u.endswith("/") and (u.endswith("index.html") or
                                                              "." in u.rsplit("/", 1)[-1])}


def test_hugo_index_matches_what_hugo_writes(tmp_path: Path):
    write_tree(tmp_path, HUGO_SITE)
    index = UrlIndex.build(load_site(tmp_path))
    assert _hugo_index_files(index) == HUGO_EXPECTED
    assert index.by_source["content/posts/Second.md"] == "/posts/the-second/"


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_hugo_expectations_still_match_hugo(tmp_path: Path):
    write_tree(tmp_path, HUGO_SITE)
    subprocess.run(["hugo", "--quiet", "-s", str(tmp_path), "-d", str(tmp_path / "public")],
                   check=True, capture_output=True, timeout=60)
    built = set()
    for folder, _dirs, names in os.walk(tmp_path / "public"):
        for name in names:
            built.add("/" + os.path.relpath(os.path.join(folder, name), tmp_path / "public"))
    assert built == HUGO_EXPECTED


DEFAULTS_SITE = {
    "_config.yml": "url: https://example.com\ndefaults:\n"
                   "  - scope: {path: \"\", type: posts}\n    values: {categories: [news]}\n"
                   "  - scope: {path: \"blog\", type: posts}\n    values: {permalink: \"/blog/:title/\"}\n"
                   "  - scope: {path: \"docs\"}\n    values: {permalink: \"/manual/:basename/\"}\n"
                   "  - scope: {path: \"_posts/2021-01-03*\"}\n    values: {published: false}\n",
    "_posts/2021-01-02-a.md": "---\ntitle: a\ncategories: [extra]\n---\n",
    "_posts/2021-01-03-b.md": "---\ntitle: b\n---\n",
    "blog/_posts/2021-01-04-c.md": "---\ntitle: c\n---\n",
    "docs/guide.md": "---\ntitle: d\n---\n",
    "docs/own.md": "---\ntitle: e\npermalink: /own/\n---\n",
}
#: observed with jekyll 4.3.1
DEFAULTS_EXPECTED = {"/blog/c/index.html", "/manual/guide/index.html",
                     "/news/extra/2021/01/02/a.html", "/own/index.html"}


def test_front_matter_defaults_apply_as_in_jekyll(tmp_path: Path):
    write_tree(tmp_path, DEFAULTS_SITE)
    assert _index_files(UrlIndex.build(load_site(tmp_path))) == DEFAULTS_EXPECTED


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed")
def test_defaults_expectations_still_match_jekyll(tmp_path: Path):
    write_tree(tmp_path, DEFAULTS_SITE)
    subprocess.run(["jekyll", "build", "--quiet", "--safe", "-s", str(tmp_path), "-d",
                    str(tmp_path / "_site")], check=True, capture_output=True, timeout=60)
    assert _built_files(tmp_path) == DEFAULTS_EXPECTED
