"""The vocabulary: loading, matching, and reading terms as Jekyll reads them."""
from __future__ import annotations


from conftest import run_postlint
from postlint.config import Config
from postlint.post import Post
from postlint.site import Site
from postlint.vocabulary import Vocabulary, load_vocabulary, post_terms


def test_matching_order():
    vocabulary = Vocabulary({"categories": ["emnews"], "tags": None}, {"em-news": "emnews"})
    assert vocabulary.classify("categories", "emnews") == ("ok", None)
    assert vocabulary.classify("categories", "em-news") == ("alias", "emnews")
    assert vocabulary.classify("categories", "ＥＭＮｅｗｓ") == ("case", "emnews")
    assert vocabulary.classify("categories", "emnew") == ("unknown", "emnews")
    assert vocabulary.classify("tags", "anything") == ("unchecked", None)


def test_terms_files_with_comments(tmp_path):
    (tmp_path / "tags.txt").write_text("# our tags\n东财滚动新闻\n\nmarkets  # English\n",
                                       encoding="utf-8")
    config = Config(path=tmp_path / "postlint.toml", vocabulary={"tags": "tags.txt"})
    assert load_vocabulary(config).terms == {"categories": None, "tags": ["东财滚动新闻", "markets"]}


def test_a_missing_terms_file_is_a_configuration_error(site):
    root = site({"postlint.toml": '[vocabulary]\ntags = "vocab/nope.txt"\n',
                 "_posts/2021-12-08-x.md": "---\ntitle: x\n---\n"})
    run = run_postlint(".", cwd=root)
    assert run.code == 2 and "[vocabulary] tags: cannot read" in run.err


def test_jekyll_terms_as_jekyll_4_3_reads_them(tmp_path):
    """Observed with Jekyll 4.3.1: `categories: "a  b"` is [a, b]; `category: "a b"` stays whole
    and is added to `categories`; list items keep their spaces; folders above _posts count."""
    site = Site(root=tmp_path, generator="jekyll")
    text = '---\ncategory: "a b"\ncategories: [c, "d e"]\ntags: x  y\ntag: "t u"\n---\n'
    post = Post.from_bytes(tmp_path / "foo/_posts/2022-01-05-x.md", "foo/_posts/2022-01-05-x.md",
                           text.encode(), site, True)
    found = [(t.kind, t.text, t.shape) for t in post_terms(post, site)]
    assert found == [("categories", "foo", "folder"), ("categories", "a b", "whole"),
                     ("categories", "c", "item"), ("categories", "d e", "item"),
                     ("tags", "x", "split"), ("tags", "y", "split"), ("tags", "t u", "whole")]
    # each term's offsets point at the term in the file
    for term in post_terms(post, site):
        if term.start is not None:
            assert post.text[term.start:term.end] == term.text


def test_hugo_keeps_a_string_as_one_term(tmp_path):
    site = Site(root=tmp_path, generator="hugo", taxonomies={"tag": "tags", "category": "categories"})
    post = Post.from_bytes(tmp_path / "content/posts/x.md", "content/posts/x.md",
                           b'---\ntags: "x y"\ntag: z\n---\n', site, True)
    assert [(t.kind, t.text) for t in post_terms(post, site)] == [("tags", "x y")]
