"""`extract_links`: every link as the site's renderer reads it, at the URL's exact position.

What kramdown (Jekyll) and CommonMark (Hugo, markdown-it) print was checked with
`ruby-kramdown` 2.4 (`Kramdown::Document.new(text, input: "GFM").to_html`) and markdown-it-py;
the renderer output is quoted next to each case.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS
from postlint.links.extract import extract_links, srcset_urls
from postlint.post import Post
from postlint.site import Site


def make_post(body: str, generator: str = "jekyll", name: str = "2021-12-31-x.md",
              front: str = "---\ntitle: x\n---\n", baseurl: str = "") -> Post:
    site = Site(root=Path("/site"), generator=generator, url="https://example.com", baseurl=baseurl)
    raw = (front + body).encode("utf-8")
    return Post.from_bytes(Path("/site/_posts") / name, name, raw, site, True)


def described(post: Post) -> list[str]:
    return [f"{l.span.line}:{l.span.column}-{l.span.end_column} {l.kind} {l.url}"
            + (f" {l.element}[{l.attribute}]{' embedded' if l.embedded else ''}" if l.element else "")
            for l in extract_links(post)]


def test_markdown_links_at_the_url_itself():
    post = make_post("See [a](/a \"t\") and ![i](/i.png) and <https://x.org/p>.\n\n"
                     "> quoted [b](<c d>) [ref][R]\n\n[R]: https://r.org/\n")
    assert described(post) == [
        "4:9-11 inline /a",
        "4:26-32 image /i.png",
        "4:39-54 autolink https://x.org/p",
        "6:15-18 inline c d",
        "6:21-29 reference https://r.org/",
    ]


def test_email_autolink_is_a_mailto_link():
    assert described(make_post("Write to <editor@example.com>.\n")) == [
        "4:11-29 autolink mailto:editor@example.com"]


def test_empty_autolink_is_an_empty_link():
    # both renderers print `<>` as text; it is still the author's empty link (PL401)
    assert described(make_post("text\n\n<>\n")) == ["6:2-2 autolink "]


def test_code_and_raw_are_not_links():
    post = make_post("`[a](/code)` <span>`<a href=\"/x\">`</span>\n\n```\n[b](/fence)\n```\n\n"
                     "    [c](/indented)\n\n{% raw %}[d](/raw){% endraw %}\n")
    assert described(post) == []


def test_kramdown_keeps_an_unclosed_element_open_to_the_end():
    # kramdown: <p><p align="center"></p>\n<p>a</p>\n\n<p>&lt;https://x.org/&gt;\n\n
    # [b](/b)\n</p>  -- no link at all.  CommonMark: the block ends at the blank line.
    body = '<p><p align="center"></p>\n<p>a</p>\n\n<https://x.org/>\n\n[b](/b)\n'
    assert described(make_post(body)) == []
    assert described(make_post(body, generator="hugo")) == [
        "7:2-16 autolink https://x.org/", "9:5-7 inline /b"]


def test_kramdown_ends_the_block_where_the_element_closes():
    # kramdown: <p>a</p>\n<p><a href="/b">b</a></p>   (a link)
    # CommonMark: <p>a</p>\n[b](/b)   (the line is part of the HTML block: text)
    body = "<p>a</p>\n[b](/b)\n"
    assert described(make_post(body)) == ["5:5-7 inline /b"]
    assert described(make_post(body, generator="hugo")) == []


def test_html_attributes():
    body = ('<a href=" /x ">x</a> <img src="{{ site.baseurl }}/i.png" '
            'srcset="/s1.png 1x, /s2.png 2x"> <video poster=/p.jpg src="/v.mp4"></video>\n'
            '<link rel="stylesheet" href="/s.css"> <a href="{{ page.url }}">unknown</a>\n')
    post = make_post(body, baseurl="/blog")
    assert described(post) == [
        "4:11-13 html /x a[href]",
        "4:32-56 html /blog/i.png img[src] embedded",
        "4:66-73 html /s1.png img[srcset] embedded",
        "4:78-85 html /s2.png img[srcset] embedded",
        "4:105-111 html /p.jpg video[poster] embedded",
        "4:117-123 html /v.mp4 video[src] embedded",
        "5:30-36 html /s.css link[href] embedded",
    ]


def test_template_links():
    body = ("[a]({% post_url 2021-01-01-slug %}) [b]({% link _posts/x.md %}) "
            "[c]({{ '/about/' | relative_url }})\n")
    post = make_post(body, baseurl="/blog")
    assert described(post) == [
        "4:17-32 post_url 2021-01-01-slug",
        "4:49-60 link_tag _posts/x.md",
        "4:69-99 inline /blog/about/",
    ]
    hugo = make_post('[a]({{< ref "posts/x.md" >}}) [b]({{< relref "y" >}})\n', generator="hugo",
                     name="x.md", front="+++\ntitle = 'x'\n+++\n")
    assert described(hugo) == ["4:14-24 hugo_ref posts/x.md", "4:47-48 hugo_ref y"]


def test_crlf_and_cjk_positions():
    post = make_post("中文\r\n<p>段落</p>\r\n[返回](../emnews/)｜[首页](//x.org/)\r\n")
    assert described(post) == ["6:6-16 inline ../emnews/", "6:23-31 inline //x.org/"]


def test_srcset_candidates():
    assert srcset_urls("a.jpg 1x, b.jpg 2x,c.jpg 100w") == [(0, "a.jpg"), (10, "b.jpg"), (19, "c.jpg")]
    assert srcset_urls("x.png,") == [(0, "x.png")]


def test_finews_post_with_an_unclosed_paragraph_has_no_link():
    path = CORPUS / "_posts" / "2021-12-31-NW202112312232915182.md"
    if not path.exists():
        pytest.skip("corpus not available")
    from postlint.site import load_site

    post = Post.from_bytes(path, path.name, path.read_bytes(), load_site(path.parent), True)
    assert extract_links(post) == []


def test_posts_without_markup_cost_nothing():
    from postlint.renderer import renderer_view

    post = make_post("Plain text, no tags at all.\n")
    assert not post.html and renderer_view(post).regions == []
    assert "_markdown_parse" not in post.__dict__, "the HTML pass parsed Markdown for nothing"


def test_character_references_are_decoded_only_when_closed():
    """`&eacute;` is é in the href; `&copy=2` in a query is left as written (HTML's
    attribute rule), so an external URL is requested as the browser requests it."""
    post = make_post('[a](#r&eacute;d) <a href="https://x.org/?a=1&copy=2&amp;b=3">b</a>\n')
    assert [link.url for link in extract_links(post)] == ["#réd", "https://x.org/?a=1&copy=2&b=3"]
