"""The language server: LSP over stdio with pygls, diagnostics and code actions for posts.

The event loop only talks LSP; everything that lints runs on one worker thread (so a site's
`Session` is never used by two threads, and a slow site build never stalls the protocol).
A change is linted once no other change has come for `debounce` seconds; the diagnostics of a
version that was edited again meanwhile are dropped, not published.
"""
from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from postlint import __version__
from postlint.config import ConfigError
from postlint.diagnostic import Edit, Severity, Span
from postlint.registry import RegistryError
from postlint.server import actions
from postlint.server.positions import LineIndex
from postlint.server.session import BufferResult, Session, Sessions
from postlint.generators.base import SiteConfigError

log = logging.getLogger("postlint.server")

#: seconds without a further change before a changed buffer is linted: enough to merge the
#: notifications of one edit (multiple cursors, a paste that indents) into one lint, not
#: enough to be seen. Changes that come while a lint runs are merged too (`lint_now` skips
#: versions edited again meanwhile).
DEBOUNCE = 0.01
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.postlint"
FIX_ALL_TITLE = "Fix all safe problems in this file (postlint)"
SEVERITIES = {Severity.ERROR: types.DiagnosticSeverity.Error,
              Severity.WARNING: types.DiagnosticSeverity.Warning,
              Severity.INFO: types.DiagnosticSeverity.Information}
#: wrong settings: reported on the buffer, as a diagnostic, until they are fixed
SETUP_ERRORS = (ConfigError, SiteConfigError, RegistryError, OSError)


@dataclass
class Linted:
    """The diagnostics of one version of a buffer, as published, with what made them."""

    version: int | None
    result: BufferResult
    session: Session | None = None
    published: list[types.Diagnostic] = field(default_factory=list)
    #: buffer offsets (start, end) of each of `result.diagnostics`
    offsets: list[tuple[int, int]] = field(default_factory=list)
    lines: LineIndex | None = None
    #: the buffer with every safe fix applied (computed when a client first asks)
    fixed: str | None = None


class PostlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("postlint", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="postlint-lint")
        self.sessions = Sessions(None, self.warn, _cache_folder)
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.loading: set[Session] = set()  # sessions whose site is being or was loaded
        self.debounce = DEBOUNCE

    def warn(self, message: str) -> None:
        """A plugin that failed to load, said on the worker thread: to stderr, which clients
        show in their log of the server."""
        log.warning(message)

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    async def on_worker(self, function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.worker, function, *args)

    # ------------------------------------------------------------------ linting
    def schedule(self, uri: str, delay: float) -> None:
        """Lint the buffer in `delay` seconds, unless it changes again before."""
        earlier = self.pending.pop(uri, None)
        if earlier is not None:
            earlier.cancel()
        self.pending[uri] = asyncio.ensure_future(self._lint_later(uri, delay))

    def relint_open(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    async def _lint_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return
        version, text = document.version, document.source
        linted = await self.on_worker(self.lint_now, uri, text, version, self.encoding)
        if linted is None or self._stale(uri, version):
            return  # edited again meanwhile: that version's lint publishes
        self.linted[uri] = linted
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=linted.published))
        if linted.session is not None and not linted.session.loaded \
                and linted.session not in self.loading:
            self.loading.add(linted.session)  # a task of its own: `relint_open` cancels this one
            asyncio.ensure_future(self.load(linted.session))

    def _stale(self, uri: str, version: int | None) -> bool:
        current = self.workspace.text_documents.get(uri)
        return current is None or current.version != version

    async def load(self, session: Session) -> None:
        """Load a session's site (on the worker thread), then lint the open buffers again
        with every rule."""
        token = await self._progress(f"postlint-site-{len(self.loading)}",
                                     f"loading the site {session.site.root}")
        try:
            await self.on_worker(self.sessions.load, session)
            self.relint_open()
            await asyncio.gather(*self.pending.values(), return_exceptions=True)
        except Exception:  # its buffers keep the diagnostics of the rules that need no site
            log.error("loading the site of %s failed:\n%s", session.site.root,
                      traceback.format_exc())
        finally:  # the progress ends once the buffers show every rule's diagnostics
            if token is not None:
                self.work_done_progress.end(token, types.WorkDoneProgressEnd(message="done"))

    async def _progress(self, token: str, message: str) -> str | None:
        """Show `message` as work in progress, when the client shows such work."""
        window = self.client_capabilities.window
        if not (window and window.work_done_progress):
            return None
        try:
            await self.work_done_progress.create_async(token)
        except Exception as exc:
            log.warning("the client did not create a progress bar: %s", exc)
            return None
        self.work_done_progress.begin(token, types.WorkDoneProgressBegin(
            title="postlint", message=message))
        return token

    async def current(self, uri: str) -> Linted | None:
        """The lint of the buffer as it is now (linted now if it changed since)."""
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        found = self.linted.get(uri)
        if found is not None and found.version == document.version \
                and found.result.text == document.source:
            return found
        found = await self.on_worker(self.lint_now, uri, document.source, document.version,
                                     self.encoding)
        if found is not None:
            self.linted[uri] = found
        return found

    def lint_now(self, uri: str, text: str, version: int | None, encoding: str) -> Linted | None:
        """Lint a buffer (on the worker thread); None when it was edited again meanwhile.
        Never raises: wrong settings and postlint's own bugs become a diagnostic on it."""
        if self._stale(uri, version):
            return None  # a lint of the newer version is on its way
        lines = LineIndex(text, encoding)
        path = _path_of(uri)
        if path is None:
            return Linted(version, BufferResult(text), lines=lines)
        try:
            session = self.sessions.for_path(path)
            result = session.lint(path, text)
            linted = Linted(version, result, session, lines=lines)
            convert(linted)
            return linted
        except SETUP_ERRORS as exc:
            message = f"postlint: {exc}"
            code = None
        except Exception as exc:  # a bug: the server stays up and says so where it happened
            log.error("linting %s failed:\n%s", uri, traceback.format_exc())
            message = (f"postlint could not lint this buffer: {type(exc).__name__}: {exc}. "
                       "This is a bug in postlint; please report it.")
            code = "PL000"
        return Linted(version, BufferResult(text), lines=lines, published=[types.Diagnostic(
            range=lines.range(0, 0), message=message, severity=types.DiagnosticSeverity.Error,
            code=code, source="postlint")])

    async def fix_all(self, action: types.CodeAction) -> types.CodeAction | None:
        """Give the "fix all" action its edit (None when the buffer has changed since it was
        offered, or has nothing left to fix)."""
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        linted = await self.current(uri) if isinstance(uri, str) else None
        if linted is None or linted.version != data.get("version") or linted.session is None \
                or linted.result.post is None or linted.lines is None:
            return None
        if linted.fixed is None:
            linted.fixed = await self.on_worker(linted.session.fixed, linted.result)
        if linted.fixed == linted.result.text:
            return None
        action.edit = types.WorkspaceEdit(
            changes={uri: [_replace(linted.lines, linted.result.text, linted.fixed)]})
        return action

    # ------------------------------------------------------------------ the site on disk
    def files_changed(self, changes: list[tuple[str, bool]]) -> bool:
        """Files created, changed or deleted on disk (on the worker thread); True when the
        open buffers are to be linted again."""
        relint = False
        for uri, deleted in changes:
            path = _path_of(uri)
            if path is None:
                continue
            try:
                before = len(self.sessions.by_key)
                changed = self.sessions.file_changed(path, deleted)
                relint = relint or bool(changed) or len(self.sessions.by_key) < before
            except Exception:  # a file that cannot be read now: the next change tells more
                log.error("updating the site after %s failed:\n%s", uri, traceback.format_exc())
        return relint


def _path_of(uri: str) -> Path | None:
    if urlsplit(uri).scheme != "file":
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


def _cache_folder(config: Any, site: Any) -> Path:
    from postlint.cli import cache_folder

    return cache_folder(config, site)


def convert(linted: Linted) -> None:
    """The LSP form of the result's diagnostics: ranges in the buffer's code units, severity,
    code with a link to the rule's documentation."""
    result, lines = linted.result, linted.lines
    assert lines is not None and linted.session is not None
    rules = linted.session.linter.all_rules
    spans = SpanOffsets(result.post.text if result.post is not None else result.text, result.shift)
    for diagnostic in result.diagnostics:
        start, end = spans.offsets(diagnostic.span)
        rule = rules.get(diagnostic.code)
        href = rule.help_uri() if rule is not None else None
        linted.offsets.append((start, end))
        linted.published.append(types.Diagnostic(
            range=lines.range(start, end), message=diagnostic.message,
            severity=SEVERITIES[diagnostic.severity], code=diagnostic.code, source="postlint",
            code_description=types.CodeDescription(href=href) if href else None,
            data={"name": diagnostic.name, "fixable": diagnostic.fix is not None}))


class SpanOffsets:
    """postlint spans (1-based lines at `\\n`, code-point columns) -> offsets in the buffer."""

    def __init__(self, text: str, shift: int):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.length = len(text)
        self.shift = shift

    def offset(self, line: int, column: int) -> int:
        line = min(max(line, 1), len(self.starts))
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else self.length
        return min(start + max(column, 1) - 1, end) + self.shift

    def offsets(self, span: Span) -> tuple[int, int]:
        start = self.offset(span.line, span.column)
        return start, max(start, self.offset(span.end_line, span.end_column))

    def edit(self, edit: Edit, lines: LineIndex) -> types.TextEdit:
        return types.TextEdit(range=lines.range(edit.start + self.shift, edit.end + self.shift),
                              new_text=edit.replacement)


server = PostlintServer()


@server.feature(types.INITIALIZE)
def initialize(ls: PostlintServer, params: types.InitializeParams) -> None:
    folders = [to_fs_path(f.uri) for f in params.workspace_folders or ()]
    root = ls.workspace.root_path or next((f for f in folders if f), None)
    ls.sessions.workspace = Path(root).resolve() if root else None
    options = params.initialization_options
    options = options if isinstance(options, dict) else {}
    if isinstance(options.get("debounce"), (int, float)) and options["debounce"] >= 0:
        ls.debounce = options["debounce"] / 1000
    if options.get("cache") is False:
        ls.sessions.cache_folder = None


@server.feature(types.INITIALIZED)
async def initialized(ls: PostlintServer, params: types.InitializedParams) -> None:
    workspace = ls.client_capabilities.workspace
    watch = workspace and workspace.did_change_watched_files
    if watch and watch.dynamic_registration:  # every file: links may point at any of them
        watchers = [types.FileSystemWatcher(glob_pattern="**/*")]
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[
                types.Registration(
                    id="postlint-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers))]))
        except Exception as exc:  # the client will not tell: saves still update the site
            log.warning("the client did not register the file watcher: %s", exc)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: PostlintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: PostlintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, ls.debounce)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: PostlintServer, params: types.DidSaveTextDocumentParams) -> None:
    if await ls.on_worker(ls.files_changed, [(params.text_document.uri, False)]):
        ls.relint_open()
    else:
        ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
async def did_close(ls: PostlintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    pending = ls.pending.pop(uri, None)
    if pending is not None:
        pending.cancel()
    linted = ls.linted.pop(uri, None)
    path = _path_of(uri)
    if linted is not None and linted.session is not None and path is not None:
        await ls.on_worker(linted.session.closed, path)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def did_change_watched_files(ls: PostlintServer,
                                   params: types.DidChangeWatchedFilesParams) -> None:
    changes = [(c.uri, c.type == types.FileChangeType.Deleted) for c in params.changes]
    if await ls.on_worker(ls.files_changed, changes):
        ls.relint_open()


@server.feature(types.SHUTDOWN)
async def shutdown(ls: PostlintServer, params: Any = None) -> None:
    await ls.on_worker(ls.sessions.reset)  # writes what the caches learnt


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: PostlintServer, params: types.HoverParams) -> types.Hover | None:
    """On a diagnostic: its rule's documentation, as `postlint rule CODE` prints it."""
    linted = await ls.current(params.text_document.uri)
    if linted is None or linted.session is None or linted.lines is None:
        return None
    at = linted.lines.offset(params.position)
    rules = linted.session.linter.all_rules
    shown: list[str] = []
    for diagnostic, (start, end) in zip(linted.result.diagnostics, linted.offsets):
        rule = rules.get(diagnostic.code)
        if start <= at <= end and rule is not None and diagnostic.code not in shown:
            shown.append(diagnostic.code)
    if not shown:
        return None
    parts = []
    for code in shown:
        rule = rules[code]
        parts.append(f"**postlint rule {code}**: `{rule.name}` ({rule.severity}"
                     f"{', fixable' if rule.fixable else ''})\n\n{rule.documentation()}")
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                    value="\n\n---\n\n".join(parts)))


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=True))
async def code_action(ls: PostlintServer,
                      params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    linted = await ls.current(uri)
    if linted is None or linted.session is None or linted.result.post is None:
        return None
    lines = linted.lines
    assert lines is not None
    result, post = linted.result, linted.result.post
    spans = SpanOffsets(post.text, result.shift)
    low, high = lines.offset(params.range.start), lines.offset(params.range.end)
    found: list[types.CodeAction] = []
    for diagnostic, published, (start, end) in zip(result.diagnostics, linted.published,
                                                   linted.offsets):
        if start > high or end < low:
            continue
        if diagnostic.fix is not None:
            edits = [spans.edit(e, lines) for e in actions.fix_edits(diagnostic)]
            if diagnostic.fix.drop_bom and result.shift:
                edits.insert(0, types.TextEdit(range=lines.range(0, 1), new_text=""))
            safe = diagnostic.fix.safe
            found.append(types.CodeAction(
                title=f"Fix {diagnostic.code} ({diagnostic.name}){'' if safe else ' (unsafe fix)'}",
                kind=types.CodeActionKind.QuickFix, diagnostics=[published], is_preferred=safe,
                edit=types.WorkspaceEdit(changes={uri: edits})))
        suppression = actions.suppression(post, diagnostic)
        if suppression is not None:
            found.append(types.CodeAction(
                title=f"Suppress {diagnostic.code} ({diagnostic.name}) on this line",
                kind=types.CodeActionKind.QuickFix, diagnostics=[published],
                edit=types.WorkspaceEdit(changes={uri: [spans.edit(suppression, lines)]})))
    if any(d.fix is not None and d.fix.safe for d in result.diagnostics):
        fix_all = types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL,
                                   data={"uri": uri, "version": linted.version})
        resolve = ls.client_capabilities.text_document and \
            ls.client_capabilities.text_document.code_action and \
            ls.client_capabilities.text_document.code_action.resolve_support
        if resolve and "edit" in resolve.properties:
            found.append(fix_all)  # the edit is made when the client resolves the action
        elif await ls.fix_all(fix_all) is not None:
            found.append(fix_all)
    only = params.context.only
    if only:
        found = [a for a in found if any(str(a.kind) == str(k) or str(a.kind).startswith(f"{k}.")
                                         for k in only)]
    return found


@server.feature(types.CODE_ACTION_RESOLVE)
async def resolve_code_action(ls: PostlintServer, action: types.CodeAction) -> types.CodeAction:
    if action.title == FIX_ALL_TITLE:
        await ls.fix_all(action)
    return action


def _replace(lines: LineIndex, old: str, new: str) -> types.TextEdit:
    """One edit from `old` to `new`: the part between their common start and end."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return types.TextEdit(range=lines.range(start, len(old) - end),
                          new_text=new[start:len(new) - end])


def serve(argv: list[str]) -> int:
    """`postlint server [--stdio]`: serve LSP on stdin and stdout until the client exits."""
    unknown = [a for a in argv if a != "--stdio"]
    if unknown:
        from postlint.cli import UsageError

        raise UsageError(f"postlint server: unknown argument {unknown[0]} "
                         "(usage: postlint server [--stdio])")
    logging.basicConfig(level=logging.WARNING, format="postlint server: %(message)s")
    # The protocol gets streams of its own. The engine forks worker processes while another
    # thread blocks reading stdin: a forked child closes `sys.stdin` and flushes `sys.stdout`,
    # and would wait forever for the locks the reading and writing threads held at the fork.
    # And a plugin's `print` must not end up in the protocol's stream.
    protocol_in = os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdin = open(os.devnull, encoding="utf-8")
    sys.stdout = sys.stderr
    server.start_io(protocol_in, protocol_out)
    return 0
