"""The renderer view agrees with the renderers themselves.

For every PL513 fixture and the snippets below, the post's body is rendered by the site's
renderer (kramdown 2.4 with GFM input through `ruby-kramdown` for Jekyll, skipped where it is
not installed; markdown-it-py for Hugo's CommonMark) and compared with postlint's reading:
every Markdown link `extract_links` returns is an `<a href>`/`<img src>` in the output, and
every link, image or heading that PL513 reports as swallowed is not.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from postlint.links.extract import extract_links
from postlint.markdown_constructs import markdown_constructs
from postlint.post import Post
from postlint.renderer import renderer_view
from postlint.site import Site

CASES = sorted((Path(__file__).parent / "rules" / "PL513").glob("*.yaml"))
KRAMDOWN = ('require "kramdown"; require "kramdown-parser-gfm"; '
            'print Kramdown::Document.new(STDIN.read, input: "GFM").to_html')
MARKDOWN_KINDS = {"inline", "image", "autolink", "reference"}

SNIPPETS = {
    "jekyll": [
        '<p>a</p>\n[b](/b)\n',
        '<div>\n<p>unclosed\n</div>\n\n[after](/after)\n',
        '<div><div>inner</div>\n\n[still-inside](/in)\n\n</div>\n[after](/after)\n',
        '<span>inline</span>\n[same-paragraph](/p)\n',
        '<center><img src="/a.png"></center>\n[x](/x)\n',
        '<p>a</p><p>b</p>\n## Heading\n',
        '<table><tr><td>a\n</table>\n\n[t](/t)\n',
        '<!-- c -->\n[after-comment](/c)\n',
        '<script>var a = "<p>";</script>\n[after-script](/s)\n',
        'Text\n<video controls>\n[in-video](/x)\n</video>\n\n[y](/y)\n',
        '<video controls>Caption [caption](/x)</video>\n',
        'Text <b>bold</b>\n<span>s</span> [x](/x)\n',
        'Intro\n<custom-el>\n[in-custom](/x)\n',
    ],
    "hugo": [
        '<p>a</p>\n[b](/b)\n',
        '<div>\n\n[inside-with-blank](/in)\n\n</div>\n',
        '<span>inline</span>\n[same-paragraph](/p)\n',
        '<img src="/a.png">\n[after-img](/i)\n',
    ],
}


def kramdown(text: str, parse_block_html: bool = False) -> str:
    if shutil.which("ruby") is None:
        pytest.skip("ruby-kramdown is not installed")
    script = KRAMDOWN.replace('input: "GFM"', 'input: "GFM", parse_block_html: true') \
        if parse_block_html else KRAMDOWN
    run = subprocess.run(["ruby", "-e", script], input=text, capture_output=True, text=True,
                         timeout=30)
    if run.returncode != 0:
        pytest.skip(f"ruby-kramdown is not usable: {run.stderr.strip()[:200]}")
    return run.stdout


def liquid_highlight(text: str) -> str:
    """What Jekyll hands kramdown for `{% highlight %}` blocks: escaped code in a figure."""
    import html

    return re.sub(r"\{%\s*highlight\s+(\w+)\s*%\}\n?(.*?)\{%\s*endhighlight\s*%\}",
                  lambda m: f'<figure class="highlight"><pre><code class="language-{m.group(1)}">'
                            f"{html.escape(m.group(2))}</code></pre></figure>", text, flags=re.S)


def commonmark(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


def make_post(body: str, generator: str, raw: dict | None = None) -> Post:
    site = Site(root=Path("/site"), generator=generator, url="https://example.com", raw=raw or {})
    raw = ("---\ntitle: x\n---\n" + body).encode("utf-8")
    return Post.from_bytes(Path("/site/_posts/2021-12-31-x.md"), "x.md", raw, site, True)


def urls_in(html: str) -> set[str]:
    return set(re.findall(r'<a href="([^"]*)"', html)) | set(re.findall(r'<img src="([^"]*)"', html))


def compare(body: str, generator: str, raw: dict | None = None) -> None:
    post = make_post(body, generator, raw)
    parse_block_html = bool((raw or {}).get("kramdown", {}).get("parse_block_html"))
    output = kramdown(liquid_highlight(body), parse_block_html) if generator == "jekyll" \
        else commonmark(body)
    rendered = urls_in(output)
    linked = {link.url for link in extract_links(post) if link.kind in MARKDOWN_KINDS}
    assert linked <= rendered, f"postlint reads links the renderer does not make:\n{output}"
    view = renderer_view(post)
    for construct in markdown_constructs(post):
        if view.region_at(construct.start) is None:
            continue
        if construct.kind == "heading":
            line = post.text[construct.start:construct.end].strip().lstrip("#").strip()
            assert not re.search(rf"<h\d[^>]*>{re.escape(line)}</h\d>", output), output
        elif construct.kind == "list":
            item = post.text[construct.start:construct.end].strip()[1:].strip()
            assert f"<li>{item}</li>" not in output, output
        elif construct.url:
            assert construct.url not in rendered, f"{construct.url} is a link:\n{output}"


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
def test_pl513_cases_match_the_renderer(case_file: Path):
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    body = case["post"].split("---\n", 2)[2]
    files = case.get("files") or {}
    raw = yaml.safe_load(files["_config.yml"]) if "_config.yml" in files else None
    compare(body, "hugo" if "hugo.toml" in files else "jekyll", raw)


@pytest.mark.parametrize("generator,body", [(g, b) for g, bodies in SNIPPETS.items() for b in bodies])
def test_snippets_match_the_renderer(generator: str, body: str):
    compare(body, generator)
