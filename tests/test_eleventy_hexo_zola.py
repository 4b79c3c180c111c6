"""Eleventy, Hexo and Zola: detection, front-matter forms, slugs, URLs, redirects, and the
fixture sites in tests/sites/ (differential against the real generator where it installs)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from postlint import frontmatter
from postlint.generators.eleventy import eleventy_slugify, markdown_it_anchor_slug
from postlint.generators.hexo import hexo_slugize
from postlint.generators.zola import slug_crate, zola_slug
from postlint.redirects import read_redirects
from postlint.site import load_site
from postlint.urls import UrlIndex

from conftest import NPM_CACHE, run_postlint

SITES = Path(__file__).parent / "sites"
SHARED = Path("/work/shared/corpus/sites")
#: where the npm packages of the differential tests are installed (see the report)


# ---------------------------------------------------------------------------- slugs
@pytest.mark.parametrize("text, on, safe", [
    # Zola components/utils/src/slugs.rs `can_slugify_anchors`: (input, (on, safe, off))
    ("input", "input", "input"), ("test ", "test", "test_"), ("tes t", "tes-t", "tes_t"),
    ("dot. ", "dot", "dot._"), ("日本", "ri-ben", "日本"), ("héhé", "hehe", "héhé"),
    ("test (hey)", "test-hey", "test_(hey)")])
def test_zola_anchor_slugs_match_zolas_own_cases(text, on, safe):
    assert zola_slug(text, "on") == on
    assert zola_slug(text, "safe") == safe == zola_slug(text, "off")


@pytest.mark.parametrize("text, slug", [
    # the slug crate's documented cases (slug/src/lib.rs)
    ("My Test String!!!1!1", "my-test-string-1-1"), ("test\nit   now!", "test-it-now"),
    ("  --test_-_cool", "test-cool"), ("Æúű--cool?", "aeuu-cool"), ("You & Me", "you-me"),
    ("user@example.com", "user-example-com"),
    # issue #12: deunicode turns emoji into words
    ("Diagnostics Aspirations (👩‍💻)", "diagnostics-aspirations-woman-computer")])
def test_slug_crate(text, slug):
    assert slug_crate(text) == slug


@pytest.mark.parametrize("text, slug", [
    # hexo-util test/slugize.spec: case kept, punctuation to one separator, diacritics escaped
    ("Hello World", "Hello-World"), ("Hello ~`!@#$%^&*()-_+=[]{}|\\;:\"'<>,.?/World",
                                     "Hello-World"),
    ("  Hello   World  ", "Hello-World"), ("Hello\u0000World", "HelloWorld"),
    ("Café Menu", "Cafe-Menu"), ("Getting Started", "Getting-Started")])
def test_hexo_slugize(text, slug):
    assert hexo_slugize(text) == slug


def test_hexo_slugize_transforms():
    assert hexo_slugize("Hello World", transform=1) == "hello-world"
    assert hexo_slugize("Hello World", transform=2) == "HELLO-WORLD"


@pytest.mark.parametrize("text, slug", [
    # @sindresorhus/slugify readme cases, with Eleventy's `decamelize: false`
    ("I ♥ Dogs", "i-love-dogs"), ("  Déjà Vu!  ", "deja-vu"), ("fooBar 123 $#%", "foobar-123"),
    ("I ♥ 🦄", "i-love-unicorn"), ("it's", "its"), ("Fußball & Co", "fussball-and-co")])
def test_eleventy_slugify(text, slug):
    assert eleventy_slugify(text) == slug


def test_markdown_it_anchor_default_slug():
    assert markdown_it_anchor_slug("  Getting Started  ") == "getting-started"
    assert markdown_it_anchor_slug("Café") == "caf%C3%A9"


# ---------------------------------------------------------------------------- front matter
def test_eleventy_json_front_matter_keeps_positions():
    text = '---json\n{\n  "title": "A"\n}\n---\nbody\n'
    sp = frontmatter.split(text, ("eleventy-json",))
    parsed = frontmatter.parse(sp, text)
    assert (sp.format, sp.close_line, parsed.data) == ("json", 5, {"title": "A"})
    assert parsed.fields[("title",)].key_span.line == 3


def test_hexo_semicolon_json_front_matter():
    text = ';;;\n"title": "A",\n"date": 3\n;;;\nbody\n'
    sp = frontmatter.split(text, ("hexo-json",))
    parsed = frontmatter.parse(sp, text)
    assert parsed.data == {"title": "A", "date": 3}
    assert parsed.fields[("date",)].key_span.line == 3
    bad = ';;;\n"title": "A"\n"date": 3\n;;;\n'
    error = frontmatter.parse(frontmatter.split(bad, ("hexo-json",)), bad).error
    assert error is not None and error.span.line == 3


def test_generator_forms_are_read_only_where_the_generator_reads_them():
    text = "---json\n{}\n---\n"
    assert frontmatter.split(text).format is None
    assert frontmatter.split(text, ("eleventy-js",)).format is None
    assert frontmatter.split("---js\n{}\n---\n", ("eleventy-js",)).format == "js"


def test_eleventy_date_keywords_are_dates_of_the_file(tmp_path):
    (tmp_path / "eleventy.config.js").write_text("export default function () {}\n")
    (tmp_path / "a.md").write_text("---\ntitle: A\ndate: Last Modified\n---\nx\n")
    (tmp_path / "b.md").write_text("---\ntitle: B\ndate: git Created\n---\nx\n")
    (tmp_path / "c.md").write_text("---\ntitle: C\ndate: Last Tuesday\n---\nx\n")
    run = run_postlint("--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert [(d["path"], d["code"]) for d in run.json["diagnostics"]] == [("c.md", "PL201")]


def test_eleventy_tag_pages_of_a_paginated_permalink(tmp_path):
    (tmp_path / "eleventy.config.js").write_text("export default function () {}\n")
    (tmp_path / "tag.njk").write_text(
        "---\npagination:\n  data: collections\n  size: 1\n  alias: tag\n  filter: [all, posts]\n"
        "permalink: /tags/{{ tag | slug }}/\n---\n{{ tag }}\n")
    (tmp_path / "a.md").write_text("---\ntags: [posts, Web Assembly]\n---\n"
                                   "[ok](/tags/web-assembly/) [no](/tags/posts/)\n")
    run = run_postlint("--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert [(d["line"], d["column"], d["code"]) for d in run.json["diagnostics"]] == \
        [(4, 32, "PL402")]


def test_heading_attributes_are_read_only_by_renderers_that_read_them(tmp_path):
    eleventy, hexo = tmp_path / "eleventy", tmp_path / "hexo"
    (eleventy / "src").mkdir(parents=True)
    (eleventy / ".eleventy.js").write_text(
        "const md = require('markdown-it')().use(require('markdown-it-attrs'))"
        ".use(require('markdown-it-anchor'));\nmodule.exports = () => ({dir: {input: 'src'}});\n")
    body = "---\ntitle: A\n---\n## Title { #custom }\n\n[a](#custom) [b](#title)\n"
    (eleventy / "src" / "a.md").write_text(body)
    run = run_postlint("--no-cache", "--format", "json", ".", cwd=eleventy)
    assert [(d["line"], d["column"]) for d in run.json["diagnostics"]] == [(6, 18)]
    (hexo / "source").mkdir(parents=True)
    (hexo / "_config.yml").write_text("title: x\n")
    (hexo / "package.json").write_text('{"dependencies": {"hexo": "8", "hexo-renderer-marked": "7"}}')
    (hexo / "source" / "a.md").write_text("---\ntitle: A\n---\n## Title {#x}\n\n[a](#Title-x) [b](#x)\n")
    run = run_postlint("--no-cache", "--format", "json", ".", cwd=hexo)
    assert [(d["line"], d["column"]) for d in run.json["diagnostics"]] == [(6, 19)]


def test_zola_keys_render_and_summary_anchor(tmp_path):
    (tmp_path / "config.toml").write_text('base_url = "https://example.com"\n')
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "hidden.md").write_text("+++\ntitle = \"H\"\nrender = false\n+++\n")
    (tmp_path / "content" / "a.md").write_text(
        "+++\ntitel = \"A\"\n+++\nIntro\n<!-- more -->\n\n"
        "[rest](#continue-reading) [hidden](/hidden/) [self](@/a.md)\n")
    run = run_postlint("--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert [(d["line"], d["column"], d["code"]) for d in run.json["diagnostics"]] == \
        [(2, 1, "PL104"), (7, 36, "PL402")]


def test_next_tabs_ids(tmp_path):
    (tmp_path / "_config.yml").write_text("theme: next\n")
    (tmp_path / "package.json").write_text('{"dependencies": {"hexo": "8.1.2", '
                                          '"hexo-renderer-marked": "7.0.1"}}')
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(
        "---\ntitle: A\n---\n{% tabs My Tabs, 2 %}\n<!-- tab -->\none\n<!-- endtab -->\n"
        "<!-- tab Two@icon -->\ntwo\n<!-- endtab -->\n{% endtabs %}\n\n"
        "[block](#my-tabs) [second](#my-tabs-2) [third](#my-tabs-3)\n\n"
        "{% mermaid classDiagram %}\n<<interface>> Shape\n{% endmermaid %}\n")
    run = run_postlint("--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert [(d["line"], d["column"], d["code"]) for d in run.json["diagnostics"]] == \
        [(13, 48, "PL403")]


# ---------------------------------------------------------------------------- redirects
def test_redirect_files(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "_redirects").write_text("# old\n/old  /new  301\n/blog/*  /b/:splat\n")
    (tmp_path / "netlify.toml").write_text('[[redirects]]\nfrom = "/n%C3%A9"\nto = "/x"\n')
    (tmp_path / "vercel.json").write_text('{"redirects": [{"source": "/v", "destination": "/"}],'
                                          ' "rewrites": [{"source": "/r/:id", "destination": "/"}]}')
    (tmp_path / "firebase.json").write_text('{"hosting": [{"redirects": [{"source": "/f"},'
                                            ' {"regex": "^/g.*"}]}]}')
    rules = read_redirects(tmp_path, ("static",))
    assert rules.paths == ["/old", "/né", "/v", "/f"]
    (tmp_path / "vercel.json").write_text("{broken")
    assert read_redirects(tmp_path, ("static",)).paths == ["/old", "/né", "/f"]


# ---------------------------------------------------------------------------- fixture sites
@pytest.mark.parametrize("name", ["eleventy", "hexo", "zola"])
def test_fixture_site_is_detected(name):
    assert load_site(SITES / name).generator.name == name


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpus is not here")
@pytest.mark.parametrize("folder, name", [
    ("eleventy-base-blog", "eleventy"), ("v8-dev", "eleventy"), ("hexo-next-docs", "hexo"),
    ("vue2-docs", "hexo"), ("zola-tabi", "zola"), ("arewegameyet", "zola")])
def test_shared_sites_are_detected(folder, name):
    assert load_site(SHARED / folder).generator.name == name


def _problems(name: str) -> list[str]:
    run = run_postlint("--no-cache", "--format", "json", ".", cwd=SITES / name)
    return [f"{d['path']}:{d['line']}:{d['column']} {d['code']}"
            for d in json.loads(run.out)["diagnostics"] if d["severity"] != "info"]


def test_eleventy_fixture_reports_only_the_planted_defects():
    assert _problems("eleventy") == ["src/index.md:11:26 PL402", "src/index.md:11:63 PL403"]


def test_hexo_fixture_reports_only_the_planted_defects():
    found = [p for p in _problems("hexo") if "PL202" not in p]  # naive dates: real warnings
    assert found == ["source/_posts/hello-world.md:12:26 PL402",
                     "source/_posts/hello-world.md:12:72 PL403",
                     "source/_posts/json-post.md:4:11 PL302"]


def test_zola_fixture_reports_only_the_planted_defects():
    found = [p for p in _problems("zola") if "PL202" not in p]
    assert found == ["content/_index.md:6:27 PL402", "content/_index.md:6:64 PL403",
                     "content/blog/2024-01-02-first-post.md:6:18 PL302"]  # [taxonomies] tags


def test_eleventy_js_front_matter_is_said_once_as_info():
    run = run_postlint("--no-cache", "--format", "json", ".", cwd=SITES / "eleventy")
    infos = [d for d in json.loads(run.out)["diagnostics"] if d["severity"] == "info"]
    assert [(d["path"], d["code"], d["line"]) for d in infos] == [("src/blog/second.md", "PL002", 1)]


# ---------------------------------------------------------------------------- differential
def _built_ids(html: str) -> list[str]:
    return re.findall(r"<h[1-6][^>]*\sid=\"([^\"]+)\"", html)


def _needs(package: str, folder: str, binary: str):
    """Skip unless `package` is installed in POSTLINT_NPM_CACHE/`folder`."""
    return pytest.mark.skipif(not (NPM_CACHE / folder / "node_modules/.bin" / binary).exists(),
                              reason=f"{package} is not installed in POSTLINT_NPM_CACHE")


needs_eleventy = _needs("@11ty/eleventy", "eleventy", "eleventy")
needs_hexo = _needs("hexo", "hexo", "hexo")


def _build(name: str, tmp_path: Path, command: list[str], output: str, packages: str) -> Path:
    site = tmp_path / name
    shutil.copytree(SITES / name, site)
    (site / "node_modules").symlink_to(NPM_CACHE / packages / "node_modules")
    subprocess.run(command, cwd=site, check=True, capture_output=True, timeout=300)
    return site / output


def _check_against_build(name: str, built: Path) -> None:
    from postlint.links.anchors import heading_ids
    from postlint.post import Post

    site = load_site(SITES / name)
    index = UrlIndex.build(site)
    for source, url in index.by_source.items():
        if not source.endswith(".md"):
            continue
        written = built / (url.lstrip("/") + ("index.html" if url.endswith("/") else ""))
        assert written.is_file(), f"{source}: postlint says {url}, the build wrote no {written}"
        post = Post.from_bytes(site.root / source, source, (site.root / source).read_bytes(),
                               site, site.generator.is_post_path(source))
        assert heading_ids(post) == _built_ids(written.read_text()), source


@needs_eleventy
def test_eleventy_urls_and_ids_match_a_real_build(tmp_path):
    built = _build("eleventy", tmp_path, ["node", "node_modules/.bin/eleventy", "--quiet"], "_site",
                   "eleventy")
    _check_against_build("eleventy", built)
    assert not (built / "hidden").exists()  # permalink: false


@needs_eleventy
def test_eleventy_id_attribute_plugin_matches_a_real_build(tmp_path):
    """Eleventy's `slugify` filter and the plugin's `-2` for a repeated id."""
    built = _build("eleventy-ids", tmp_path, ["node", "node_modules/.bin/eleventy", "--quiet"],
                   "_site", "eleventy")
    _check_against_build("eleventy-ids", built)


def test_eleventy_id_attribute_fixture_reports_the_wrong_anchor():
    assert _problems("eleventy-ids") == ["index.md:16:44 PL403"]


@needs_hexo
def test_hexo_urls_and_ids_match_a_real_build(tmp_path):
    built = _build("hexo", tmp_path, ["node", "node_modules/.bin/hexo", "generate"], "public",
                   "hexo")
    _check_against_build("hexo", built)
    index = UrlIndex.build(load_site(SITES / "hexo"))
    for url in ("/hello-world/notes.txt", "/robots.txt"):  # a post asset, a copied file
        assert index.serves(url) and (built / url.lstrip("/")).is_file(), url
