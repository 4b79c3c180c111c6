"""The raw HTML of a post: a position-aware token stream (`post.html`), element knowledge
from the HTML standard (`standard`), and the elements built from the stream (`tree`)."""
from postlint.html.document import Fragment, HtmlDocument, parse_post_html
from postlint.html.tokens import Attribute, Token

__all__ = ["Attribute", "Fragment", "HtmlDocument", "Token", "parse_post_html"]
