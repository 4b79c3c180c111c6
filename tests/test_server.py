"""End-to-end tests of `postlint server`: the real server, over stdio, driven by pytest-lsp."""
from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from conftest import DEFAULT_JEKYLL_CONFIG

PLUGIN = Path(__file__).parent / "data" / "server_plugin"

FIRST = """\
---
title: 测试 😀 first post
date: 2021-12-31 09:30:00
---
中文😀内容 [新文章](/2022/01/01/new-post.html) 和 <center>居中</center>

😀😀 <span></span> [外部](//example.org/a)
"""
#: the CLI's findings on FIRST (`postlint` prints them 1-based, in code points): the server
#: reports the same problems 0-based, in UTF-16 code units (😀 counts 2)
FIRST_DIAGNOSTICS = [
    ("PL202", types.DiagnosticSeverity.Warning, (2, 6, 2, 25)),
    ("PL402", types.DiagnosticSeverity.Error, (4, 13, 4, 38)),
    ("PL504", types.DiagnosticSeverity.Warning, (4, 42, 4, 50)),
    ("PL503", types.DiagnosticSeverity.Warning, (6, 5, 6, 18)),
    ("PL406", types.DiagnosticSeverity.Warning, (6, 24, 6, 39)),
]
NEW_POST = """\
---
title: A new post
date: 2022-01-01 10:00:00 +0800
---
Hello.
"""
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS


def make_site(root: Path, config: str | None = None) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(DEFAULT_JEKYLL_CONFIG, encoding="utf-8")
    if config is not None:
        (root / "postlint.toml").write_text(config, encoding="utf-8")
    (root / "_posts" / "2021-12-31-first.md").write_text(FIRST, encoding="utf-8")
    return root


async def start(root: Path, env: dict[str, str] | None = None) -> LanguageClient:
    config = ClientServerConfig(server_command=[sys.executable, "-m", "postlint", "server"],
                                client_factory=recording_client,
                                server_env={**os.environ, **(env or {})})
    client = await config.start()
    await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri(),
        initialization_options={"debounce": 0}))
    return client


@pytest_asyncio.fixture
async def site(tmp_path):
    return make_site(tmp_path / "site")


@pytest_asyncio.fixture
async def client(site):
    client = await start(site)
    yield client
    await client.shutdown_session()
    await client.stop()


async def until(predicate, timeout: float = 60) -> None:
    """Wait until `predicate()` holds (the server publishes when it is ready)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting for the server")
        await asyncio.sleep(0.02)


def open_file(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id="markdown", version=version,
        text=path.read_text(encoding="utf-8") if text is None else text)))
    return uri


def site_loaded(client: LanguageClient) -> bool:
    """Has the server finished loading the site (its progress bar has ended)?"""
    return any(isinstance(report, types.WorkDoneProgressEnd)
               for reports in client.progress_reports.values() for report in reports)


async def published(client: LanguageClient, uri: str, after: int = 0) -> list[types.Diagnostic]:
    """The diagnostics of `uri` once the server has published them more than `after` times
    with every rule (until the site is loaded, the rules that need it have not run)."""
    await until(lambda: site_loaded(client) and len(client.publishes.get(uri, ())) > after)
    return client.publishes[uri][-1]


async def change(client: LanguageClient, uri: str, version: int,
                 changes: list) -> list[types.Diagnostic]:
    """Send a change and return the diagnostics the server publishes for it."""
    seen = len(client.publishes.get(uri, ()))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=version), changes))
    return await published(client, uri, after=seen)


def whole(text: str) -> list:
    return [types.TextDocumentContentChangeWholeDocument(text=text)]


def shape(diagnostics) -> list[tuple]:
    return [(d.code, d.severity, (d.range.start.line, d.range.start.character,
                                  d.range.end.line, d.range.end.character))
            for d in diagnostics]


def keep_publication(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    """Keep every publication (pytest-lsp's client keeps only the last one of each file)."""
    client.diagnostics[params.uri] = params.diagnostics
    client.publishes.setdefault(params.uri, []).append(params.diagnostics)


def keep_registration(client: LanguageClient, params: types.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def recording_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    client.publishes, client.registrations = {}, []
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, PUBLISH: keep_publication,
                                   types.CLIENT_REGISTER_CAPABILITY: keep_registration})
    return client


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) to `text`, last first."""
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        before = sum(len(line) for line in lines[:position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for i, char in enumerate(line):
            if units >= position.character:
                return before + i
            units += 2 if ord(char) > 0xFFFF else 1
        return before + len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
        lines = text.splitlines(keepends=True)
    return text


async def actions_at(client: LanguageClient, uri: str, line: int, character: int,
                     only: list[str] | None = None) -> list[types.CodeAction]:
    position = types.Position(line, character)
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri), range=types.Range(position, position),
        context=types.CodeActionContext(diagnostics=[], only=only))) or []


@pytest.mark.asyncio
async def test_open_publishes_exact_diagnostics_in_utf16(client, site):
    uri = open_file(client, site / "_posts" / "2021-12-31-first.md")
    diagnostics = await published(client, uri)
    assert shape(diagnostics) == FIRST_DIAGNOSTICS
    assert [r.method for r in client.registrations] == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    broken = diagnostics[1]
    assert broken.message == "`/2022/01/01/new-post.html` is not a URL the site has"
    assert broken.source == "postlint"
    assert broken.code_description.href.endswith("#pl402")

    hover = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(4, 20)))
    assert hover.contents.value.startswith("**postlint rule PL402**: `broken-internal-link` (error)")
    assert "## What it does" in hover.contents.value
    assert await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(5, 0))) is None


@pytest.mark.asyncio
async def test_code_actions_fix_suppress_and_fix_all(client, site):
    uri = open_file(client, site / "_posts" / "2021-12-31-first.md")
    await published(client, uri)

    on_link = await actions_at(client, uri, 6, 30)
    titles = [a.title for a in on_link]
    assert "Fix PL406 (protocol-relative-url)" in titles
    fix = next(a for a in on_link if a.title == "Fix PL406 (protocol-relative-url)")
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert apply(FIRST, fix.edit.changes[uri]).splitlines()[6] == \
        "😀😀 <span></span> [外部](https://example.org/a)"

    on_date = await actions_at(client, uri, 2, 10)
    unsafe = next(a for a in on_date if a.title.startswith("Fix PL202"))
    assert unsafe.title == "Fix PL202 (date-no-timezone) (unsafe fix)" and not unsafe.is_preferred
    assert apply(FIRST, unsafe.edit.changes[uri]).splitlines()[2] == "date: 2021-12-31 09:30:00 +0800"
    suppress = next(a for a in on_date if a.title.startswith("Suppress PL202"))
    assert apply(FIRST, suppress.edit.changes[uri]).splitlines()[2] == \
        "date: 2021-12-31 09:30:00  # postlint: ignore[PL202]"

    body = next(a for a in on_link if a.title.startswith("Suppress PL406"))
    suppressed = apply(FIRST, body.edit.changes[uri])
    assert suppressed.splitlines()[5:8] == [
        "", "<!-- postlint-disable-next-line PL406 -->", "😀😀 <span></span> [外部](//example.org/a)"]
    after = await change(client, uri, 2, whole(suppressed))
    assert [d.code for d in after] == ["PL202", "PL402", "PL504", "PL503"]

    fix_all = [a for a in await actions_at(client, uri, 0, 0, only=["source.fixAll"])]
    assert [a.title for a in fix_all] == ["Fix all safe problems in this file (postlint)"]
    assert fix_all[0].kind == "source.fixAll.postlint"
    assert fix_all[0].edit is None  # VS Code resolves the edit when the action is chosen
    resolved = await client.code_action_resolve_async(fix_all[0])
    assert apply(suppressed, resolved.edit.changes[uri]).splitlines()[7] == \
        "😀😀 [外部](//example.org/a)"


@pytest.mark.asyncio
async def test_suppression_is_offered_only_where_the_syntax_allows(client, site):
    text = ("---\ntitle: |\n  block\ndate: 2021-12-31 09:30:00\n---\n"
            "a paragraph\nwith <center>x</center> on its second line\n")
    uri = open_file(client, site / "_posts" / "2021-12-31-first.md", text)
    assert [d.code for d in await published(client, uri)] == ["PL202", "PL504"]
    on_center = [a.title for a in await actions_at(client, uri, 6, 8)]
    assert not any(t.startswith("Suppress") for t in on_center)  # it would split the paragraph
    on_date = [a.title for a in await actions_at(client, uri, 3, 8)]
    assert "Suppress PL202 (date-no-timezone) on this line" in on_date


@pytest.mark.asyncio
async def test_diagnostics_follow_the_edits(client, site):
    uri = open_file(client, site / "_posts" / "2021-12-31-first.md")
    await published(client, uri)
    insert = types.Range(types.Position(4, 0), types.Position(4, 0))
    moved = await change(client, uri, 2, [
        types.TextDocumentContentChangePartial(range=insert, text="😀 intro\n\n")])
    assert [(d.code, d.range.start.line) for d in moved] == [
        ("PL202", 2), ("PL402", 6), ("PL504", 6), ("PL503", 8), ("PL406", 8)]
    center = types.Range(types.Position(6, 42), types.Position(6, 61))  # `<center>居中</center>`
    fixed = await change(client, uri, 3, [
        types.TextDocumentContentChangePartial(range=center, text="居中")])
    assert "PL504" not in [d.code for d in fixed]
    assert [d.code for d in fixed] == ["PL202", "PL402", "PL503", "PL406"]


@pytest.mark.asyncio
async def test_saving_a_new_post_resolves_a_link_to_it_in_another_open_file(client, site):
    first = open_file(client, site / "_posts" / "2021-12-31-first.md")
    assert "PL402" in [d.code for d in await published(client, first)]
    new_path = site / "_posts" / "2022-01-01-new-post.md"
    new = open_file(client, new_path, NEW_POST)
    await published(client, new)
    seen = len(client.publishes[first])
    new_path.write_text(NEW_POST, encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(new)))
    await until(lambda: "PL402" not in [d.code for d in client.publishes[first][-1]])
    assert len(client.publishes[first]) > seen

    # renaming the post (the editor's file watcher reports it) breaks the link again
    renamed = site / "_posts" / "2022-01-01-renamed-post.md"
    new_path.rename(renamed)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([
        types.FileEvent(new, types.FileChangeType.Deleted),
        types.FileEvent(renamed.as_uri(), types.FileChangeType.Created)]))
    await until(lambda: "PL402" in [d.code for d in client.publishes[first][-1]])


@pytest.mark.asyncio
async def test_a_title_typed_twice_is_found_across_the_site(client, site):
    (site / "_posts" / "2022-01-01-new-post.md").write_text(NEW_POST, encoding="utf-8")
    uri = open_file(client, site / "_posts" / "2021-12-31-first.md")
    assert "PL601" not in [d.code for d in await published(client, uri)]
    # people's posts share a title by design across days (a series): this one is of the same day
    retitled = FIRST.replace("title: 测试 😀 first post", "title: a NEW post").replace(
        "date: 2021-12-31 09:30:00", "date: 2022-01-01 09:30:00 +0800")
    duplicate = [d for d in await change(client, uri, 2, whole(retitled)) if d.code == "PL601"]
    assert [(d.message, d.range.start.line) for d in duplicate] == [
        ("same title as `_posts/2022-01-01-new-post.md`", 1)]
    assert "PL601" not in [d.code for d in await change(client, uri, 3, whole(FIRST))]


@pytest.mark.asyncio
async def test_configuration_reloads_when_postlint_toml_changes(client, site):
    uri = open_file(client, site / "_posts" / "2021-12-31-first.md")
    assert "PL504" in [d.code for d in await published(client, uri)]
    config = site / "postlint.toml"
    config.write_text('[lint]\nignore = ["PL504"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([
        types.FileEvent(config.as_uri(), types.FileChangeType.Created)]))
    await until(lambda: [d.code for d in client.publishes[uri][-1]] ==
                ["PL202", "PL402", "PL503", "PL406"])
    config.write_text('[lnt]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([
        types.FileEvent(config.as_uri(), types.FileChangeType.Changed)]))
    await until(lambda: len(client.publishes[uri][-1]) == 1 and
                "unknown section [lnt]" in client.publishes[uri][-1][0].message)


@pytest.mark.asyncio
async def test_broken_buffers_get_diagnostics(client, site):
    path = site / "_posts" / "2021-12-31-first.md"
    uri = open_file(client, path, "---\ntitle: half typ")
    assert [d.code for d in await published(client, uri)] == ["PL006"]
    broken = await change(client, uri, 2, whole("---\ntitle: [\n---\nbody\x00\n"))
    assert [(d.code, d.message) for d in broken] == [
        ("PL005", "binary file (it contains NUL bytes): not a text post")]
    unparsable = await change(client, uri, 3, whole("---\ntitle: [\n---\nbody\n"))
    assert [d.code for d in unparsable] == ["PL002"]
    assert shape(await change(client, uri, 4, whole(FIRST))) == FIRST_DIAGNOSTICS


@pytest.mark.asyncio
async def test_a_rule_that_raises_does_not_stop_the_server(tmp_path):
    site = make_site(tmp_path / "site", config='[lint]\nextend-select = ["CRASH"]\n')
    client = await start(site, {"PYTHONPATH": str(PLUGIN)})
    try:
        uri = open_file(client, site / "_posts" / "2021-12-31-first.md")
        diagnostics = await published(client, uri)
        crash = diagnostics[0]
        assert crash.code == "PL000"
        assert crash.message.startswith("rule CRASH001 (always-crashes) crashed on this file: "
                                        "RuntimeError: boom")
        assert shape(diagnostics[1:]) == FIRST_DIAGNOSTICS  # the other rules still ran
        after = await change(client, uri, 2, whole(FIRST.replace("<center>居中</center>", "")))
        assert [d.code for d in after] == ["PL000", "PL202", "PL402", "PL503", "PL406"]
    finally:
        await client.shutdown_session()
        await client.stop()
