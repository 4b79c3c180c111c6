"""`post.soup`: the body as BeautifulSoup for plugins, with positions that map to the file."""
from __future__ import annotations

from pathlib import Path

from postlint.post import Post
from postlint.site import Site


def test_soup_positions_map_to_the_file():
    text = "---\ntitle: x\n---\nIntro **text**.\n\n<p>One <img src='a.png'></p>\n"
    post = Post.from_bytes(Path("/s/_posts/2021-01-01-x.md"), "x.md", text.encode(),
                           Site(root=Path("/s"), generator="jekyll"), True)
    assert "soup" not in vars(post)  # nothing is built until asked for
    [img] = post.soup.find_all("img")
    line, column = post.body_line + img.sourceline - 1, img.sourcepos + 1
    assert (line, column) == (6, 8)
    assert post.lines[line - 1][column - 1:].startswith("<img")
