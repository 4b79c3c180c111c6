"""Links written to a source file (`../guide/setup.md`) that a generator rewrites to the URL
of that file: Docusaurus, MkDocs, and Astro's relative images."""
from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from postlint.post import Post
    from postlint.site import Site


def relative_source(url: str, post: "Post", site: "Site",
                    suffixes: frozenset[str] | None) -> str | None:
    """The site-relative file a relative link names (`../a/b.md`), when it has one of
    `suffixes` (None: any extension), which the generator rewrites to that file's URL."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    suffix = posixpath.splitext(path)[1].lower()
    if not path or path.startswith("/") or parts.scheme or url.startswith("//") or \
            not suffix or suffixes is not None and suffix not in suffixes:
        return None
    try:
        folder = posixpath.dirname(post.path.relative_to(site.root).as_posix())
    except ValueError:
        return None
    return posixpath.normpath(posixpath.join(folder, path))
