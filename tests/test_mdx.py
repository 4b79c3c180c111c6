"""MDX read as Markdown (`postlint.mdx`): JavaScript blanked, lower-case elements kept as HTML."""
from __future__ import annotations

from pathlib import Path

from conftest import run_postlint, write_tree
from postlint.mdx import html_tags, mask

MDX = """\
import Tabs from "@theme/Tabs";
export const meta = {
  answer: 42,
};

# Title {#custom}

Text {props.value} and {/* a comment */} and `code {kept}`.

<Tabs groupId="x" values={[{label: "a", value: "a"}]}>
  <TabItem value="a">

  [a link](./other.md)

  </TabItem>
</Tabs>

<div className="box" style={{padding: 4}} htmlFor="x">
  <img src="/a.png" />
</div>

<!-- a <b>comment</b> -->

See [this](<https://example.com/a_(b)>) and <Foo.Bar />.

    ```jsx
    <li><a href={url}>{title}</a></li>
    ```
"""


def test_mask_keeps_length_and_lines():
    masked = mask(MDX)
    assert len(masked) == len(MDX)
    assert [len(line) for line in masked.split("\n")] == [len(line) for line in MDX.split("\n")]


def test_mask_blanks_esm_expressions_elements_and_comments():
    masked = mask(MDX)
    assert masked.split("\n")[0].strip() == "" and masked.split("\n")[3].strip() == ""
    for gone in ("props.value", "a comment", "<Tabs", "TabItem", "<div", "<img", "<b>", "Foo.Bar"):
        assert gone not in masked
    for kept in ("# Title {#custom}", "`code {kept}`", "[a link](./other.md)",
                 "<https://example.com/a_(b)>", "<li><a href={url}>{title}</a></li>"):
        assert kept in masked


def test_lower_case_elements_are_html():
    tags = html_tags(MDX)
    assert [text for _, _, text in tags] == [
        '<div class    ="box" style=""             for    ="x">', '<img src="/a.png" />', "</div>"]
    for start, end, text in tags:
        assert len(text) == end - start and MDX[start:end].startswith(text[:2])


DOCUSAURUS = {
    "docusaurus.config.js": "module.exports = {url: 'https://d.example.com', baseUrl: '/',\n"
                            "  presets: [['classic', {}]]};\n",
    "docs/page.mdx": """\
import Tabs from "@theme/Tabs";

# Page

<Tabs groupId="os">
  <TabItem value="linux" label="Linux">

Read [the other page](./missing.md).

  </TabItem>
</Tabs>

<img src="/logo.png" alt="Logo" className="small" />
""",
}


def test_jsx_is_no_html_and_markdown_inside_it_is_read(tmp_path: Path):
    write_tree(tmp_path, DOCUSAURUS)
    report = run_postlint("--format", "json", "--no-cache", ".", cwd=tmp_path).json
    assert [(d["line"], d["column"], d["code"]) for d in report["diagnostics"]] == [
        (8, 23, "PL402"),  # the link inside <TabItem> is a link; no tag is reported
        (13, 11, "PL402"),  # /logo.png: the <img> is HTML on the page
    ]
