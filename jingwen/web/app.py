"""The Starlette application behind ``jingwen serve``.

Routes (all JSON but the page, its static files and downloads)::

    GET  /                    the page (static/index.html)
    GET  /static/...          its CSS, JavaScript and icon
    GET  /api/options         conversions, quote styles, style presets, limits
    POST /api/uploads?name=N  one file as the raw request body → {id, name, size}
    POST /api/clean           {text?, text_name?, uploads: [id], options, adjust?} → {result, files}
                              adjust: {"text" or upload id: {keep, drop, off, text}}: what the
                              user decided for that document (see ``cleaning.Adjustments``)
    POST /api/exports         {result, format, style, paper, lang?} → {job}; 410 result-gone
    POST /api/previews        {result, file, style, paper} → {pages: [PNG data: URL]}: the first pages
    GET  /api/rules           the user's rule file: its path and entries
    POST /api/rules           {kind: remove|keep, text} → the new rule or exception
    PUT  /api/rules/{id}      {text}: one of them made again from an edited line
    DELETE /api/rules/{id}    one of them removed
    GET  /api/jobs/{id}       an export's progress and, when done, its download
    GET  /download/{id}       a finished export, by its opaque id only

Cleaning and exporting run in worker threads (one each, so a long PDF never blocks a
preview); the event loop only moves bytes.
"""
from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from jingwen.cleaner.settings import Settings
from jingwen.version import VERSION
from jingwen.web.cleaning import (
    Adjustments,
    CleanedFile,
    CleanResult,
    OptionError,
    clean_input,
    descriptions,
    page_settings,
)
from jingwen.web.exports import FORMATS, ExportJobs, content_disposition
from jingwen.web.labels import human_size, labels, message
from jingwen.web.security import LocalOnly, allowed_hosts
from jingwen.web.store import Workspace, safe_name
from jingwen.web.user_rules import UserRules

STATIC = Path(__file__).with_name("static")
PAPERS = ("A4", "A5", "B5", "letter")
JSON_OVERHEAD = 64 * 1024  # room for the options and names around the pasted text
JSON_DEPTH = 16  # the page's requests nest 3 deep


@dataclass(frozen=True)
class Limits:
    """What one request may bring (clear messages above these)."""

    max_file_bytes: int = 20 * 2**20  # each file, and the pasted text
    max_files: int = 20  # inputs in one clean request (pasted text counts as one)
    max_rows: int = 4000  # rows of the side-by-side view per document (exports have everything)
    idle_seconds: float = 30.0  # a client sending nothing for this long is answered 408 and let go


class PageError(Exception):
    """An error the page shows: an HTTP status and a bilingual message."""

    def __init__(self, status: int, error: dict) -> None:
        super().__init__(error.get("en", ""))
        self.status, self.error = status, error


@dataclass
class WebState:
    workspace: Workspace
    settings: Settings
    limits: Limits
    clean_pool: ThreadPoolExecutor
    export_pool: ThreadPoolExecutor
    jobs: ExportJobs
    owns_workspace: bool
    user_rules: UserRules | None = None  # None: the page offers no "always/never remove"
    instance: str = ""  # new at every start: a page that sees it change knows its results are gone

    def use_user_rules(self) -> None:
        """Apply the user's rule file from now on (it was just written)."""
        from jingwen.cleaner.pipeline import forget_rules

        path = str(self.user_rules.path)
        if path not in self.settings.rule_files:
            self.settings = self.settings._replace(rule_files=(*self.settings.rule_files, path))
        forget_rules()
        descriptions.cache_clear()


def _json(data: object, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers={"cache-control": "no-store"})


async def read_body(request: Request, limit: int, name: str | None = None) -> bytes:
    """The request body, refused with a clear message as soon as it passes ``limit`` bytes."""
    def too_large(size: int) -> PageError:
        if name is None:
            return PageError(413, message("body-too-large", limit=human_size(limit)))
        return PageError(413, message("too-large", name=name, size=human_size(size), limit=human_size(limit)))

    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large(int(declared))
    chunks, size = [], 0
    async for chunk in body_chunks(request):
        size += len(chunk)
        if size > limit:
            raise too_large(size)
        chunks.append(chunk)
    return b"".join(chunks)


async def body_chunks(request: Request) -> AsyncIterator[bytes]:
    """The request body as it arrives; a client silent for ``Limits.idle_seconds`` is answered
    408 (a slow client must not hold a connection and its share of the folder for ever)."""
    idle = request.app.state.web.limits.idle_seconds
    chunks = request.stream().__aiter__()
    while True:
        try:
            chunk = await asyncio.wait_for(chunks.__anext__(), idle)
        except StopAsyncIteration:
            return
        except asyncio.TimeoutError:
            raise PageError(408, message("bad-request", reason=f"nothing received for {idle:g} s")) from None
        yield chunk


async def read_json(request: Request, limit: int) -> dict:
    body = await read_body(request, limit)
    try:
        data = json.loads(body)
    except RecursionError:
        raise PageError(400, message("bad-request", reason="JSON nested too deep")) from None
    except (UnicodeDecodeError, ValueError) as e:  # ValueError: bad JSON, or a number of 5000 digits
        raise PageError(400, message("bad-request", reason=f"not JSON ({str(e)[:200]})")) from None
    if not isinstance(data, dict):
        raise PageError(400, message("bad-request", reason="expected a JSON object"))
    problem = _json_problem(data)
    if problem:
        raise PageError(400, message("bad-request", reason=problem))
    return data


def _json_problem(data: object) -> str | None:
    """What makes parsed JSON unusable here: nesting deeper than ``JSON_DEPTH``, or a string
    with a lone surrogate (``"\\ud800"`` parses, but is not text and cannot be encoded).

    >>> _json_problem({"a": ["\\ud800"]}), _json_problem({"a": [[[]]]}), _json_problem({"a": "正文"})
    ('a string is not valid Unicode (lone surrogate)', None, None)
    """
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > JSON_DEPTH:
            return f"JSON nested deeper than {JSON_DEPTH}"
        if isinstance(value, dict):
            stack.extend((k, depth + 1) for k in value)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "a string is not valid Unicode (lone surrogate)"
    return None


def _optional_text(data: dict, key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise PageError(400, message("bad-request", reason=f"{key} must be a string"))
    return value or None


# --- endpoints -------------------------------------------------------------------------------------

async def index(request: Request) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                        headers={"cache-control": "no-cache"})


async def options(request: Request) -> Response:
    from jingwen.cleaner.convert import CONVERSIONS, backend
    from jingwen.exporters.style import load_style, style_names

    state: WebState = request.app.state.web
    names = labels()
    try:
        available = backend().configs
    except Exception:
        available = frozenset()
    styles = []
    for name in sorted(style_names(), key=lambda n: n != "default"):  # the default first
        label = names["styles"].get(name, {"zh": name, "en": name})
        styles.append({"id": name, **label, "description": load_style(name).description})
    return _json({
        "version": VERSION,
        "conversions": [{"id": c.name, "zh": c.name_zh, "en": names["conversions"][c.name]["en"],
                         "description": {"zh": c.description_zh, "en": c.description},
                         "available": c.name in available} for c in CONVERSIONS.values()],
        "quotes": [{"id": q, **label} for q, label in names["quotes"].items()],
        "styles": styles,
        "papers": [{"id": p, **names["papers"][p]} for p in PAPERS],
        "instance": state.instance,
        "user_rules": state.user_rules is not None,
        "formats": list(FORMATS),
        "limits": asdict(state.limits) | {"max_file_size": human_size(state.limits.max_file_bytes)},
        "defaults": {"keep_tail": state.settings.keep_tail, "normalize": state.settings.normalize,
                     "convert": state.settings.convert or "", "quotes": state.settings.quotes or ""},
    })


async def upload(request: Request) -> Response:
    state: WebState = request.app.state.web
    name = request.query_params.get("name", "")
    writer = state.workspace.begin_upload(name)
    limit = state.limits.max_file_bytes
    try:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise PageError(413, message("too-large", name=writer.name, size=human_size(int(declared)),
                                         limit=human_size(limit)))
        async for chunk in body_chunks(request):
            if writer.size + len(chunk) > limit:
                raise PageError(413, message("too-large", name=writer.name,
                                             size=human_size(writer.size + len(chunk)), limit=human_size(limit)))
            if not writer.write(chunk):  # the folder holds its cap in uploads being received
                raise PageError(429, message("bad-request", reason="the server's working folder is full: "
                                                                   "try again when other uploads are done"))
    except BaseException:
        writer.abort()
        raise
    stored = writer.commit()
    return _json({"id": stored.id, "name": stored.name, "size": stored.size}, 201)


async def clean(request: Request) -> Response:
    state: WebState = request.app.state.web
    limits = state.limits
    data = await read_json(request, limits.max_file_bytes + JSON_OVERHEAD)
    text = data.get("text") or ""
    uploads = data.get("uploads") or []
    if not isinstance(text, str) or not isinstance(uploads, list) or not all(isinstance(u, str) for u in uploads):
        raise PageError(400, message("bad-request", reason="text must be a string and uploads a list of ids"))
    count = len(uploads) + (1 if text.strip() else 0)
    if count > limits.max_files:
        raise PageError(413, message("too-many", limit=limits.max_files, count=count))
    text_name = safe_name(_optional_text(data, "text_name") or "", "粘贴的文本.txt")
    text_bytes = text.encode("utf-8")
    if len(text_bytes) > limits.max_file_bytes:
        raise PageError(413, message("too-large", name=text_name, size=human_size(len(text_bytes)),
                                     limit=human_size(limits.max_file_bytes)))
    try:
        settings = page_settings(state.settings, data.get("options") or {})
    except OptionError as e:
        raise PageError(400, e.message) from None
    adjust = data.get("adjust", {})
    if not isinstance(adjust, dict):
        raise PageError(400, message("bad-request", reason="adjust must be an object"))
    try:
        adjustments = {key: Adjustments.of(value) for key, value in adjust.items()}
    except OptionError as e:
        raise PageError(400, e.message) from None
    inputs: list[tuple[str, str | None]] = []
    if text.strip():
        inputs.append((text_name, None))
    missing = [u for u in uploads if state.workspace.upload(u) is None]
    if missing:  # the page knows their names; it drops them and says so
        raise PageError(410, message("expired", name=", ".join(u[:8] for u in missing)) | {"uploads": missing})
    inputs.extend((state.workspace.upload(u).name, u) for u in uploads)

    def work() -> CleanResult:
        files = []
        for name, upload_id in inputs:
            try:
                payload = text_bytes if upload_id is None else state.workspace.read_upload(upload_id)
            except (KeyError, OSError):  # evicted since the check above
                files.append(CleanedFile(name, {"name": name, "ok": False, "detail": "",
                                                "error": message("expired", name=name)}))
                continue
            cleaned = clean_input(name, payload, settings, limits.max_rows,
                                  adjustments.get("text" if upload_id is None else upload_id))
            cleaned.entry["upload"] = upload_id
            files.append(cleaned)
        return CleanResult(files, settings, pasted={0} if text.strip() else set())

    result = await asyncio.get_running_loop().run_in_executor(state.clean_pool, work)
    result_id = state.workspace.add_result(result)
    return _json({"result": result_id, "files": [f.entry for f in result.files]})


async def start_export(request: Request) -> Response:
    from jingwen.exporters import ExportOptions
    from jingwen.exporters.style import style_names

    state: WebState = request.app.state.web
    data = await read_json(request, JSON_OVERHEAD)
    fmt, style, paper = _optional_text(data, "format"), _optional_text(data, "style") or "default", \
        _optional_text(data, "paper")
    if fmt not in FORMATS:
        raise PageError(400, message("bad-request", reason=f"format must be one of {', '.join(FORMATS)}"))
    if style not in style_names():
        raise PageError(400, message("bad-request", reason=f"unknown style {style!r}"))
    if paper is not None and paper not in PAPERS:
        raise PageError(400, message("bad-request", reason=f"unknown paper {paper!r}"))
    result = state.workspace.result(_optional_text(data, "result") or "")
    if result is None:  # restarted, or pushed out by cleans in other tabs: the page cleans again
        raise PageError(410, message("result-gone"))
    lang = data.get("lang") if data.get("lang") in ("zh", "en") else "zh"
    job = state.jobs.start(result, fmt, ExportOptions(style=style, paper=paper), lang=lang)
    return _json({"job": job.id, "status": job.status()}, 202)


async def preview(request: Request) -> Response:
    from jingwen.exporters.style import style_names
    from jingwen.web.preview import thumbnails

    state: WebState = request.app.state.web
    data = await read_json(request, JSON_OVERHEAD)
    style, paper = data.get("style") or "default", data.get("paper") or None
    if style not in style_names() or (paper is not None and paper not in PAPERS):
        raise PageError(400, message("bad-request", reason="unknown style or paper"))
    result = state.workspace.result(str(data.get("result") or ""))
    if result is None:
        raise PageError(410, message("result-gone"))
    index = data.get("file", 0)
    if not isinstance(index, int) or not 0 <= index < len(result.files) or not result.files[index].exportable:
        raise PageError(400, message("nothing"))
    doc = result.files[index].doc
    pages = await asyncio.get_running_loop().run_in_executor(state.export_pool, thumbnails, doc, style, paper)
    return _json({"pages": pages})


async def job_status(request: Request) -> Response:
    state: WebState = request.app.state.web
    job = state.jobs.get(request.path_params["job_id"])
    if job is None:
        raise PageError(404, message("not-found"))
    return _json(job.status())


async def download(request: Request) -> Response:
    state: WebState = request.app.state.web
    item = state.workspace.download(request.path_params["download_id"])
    if item is None or not item.path.is_file():
        raise PageError(404, message("not-found"))
    return FileResponse(item.path, media_type=item.media_type,
                        headers={"content-disposition": content_disposition(item.filename),
                                 "cache-control": "no-store"})


def _user_rules(request: Request) -> tuple[WebState, UserRules]:
    state: WebState = request.app.state.web
    if state.user_rules is None:
        raise PageError(404, message("not-found"))
    return state, state.user_rules


def _rules_answer(state: WebState, rules: UserRules, **extra: object) -> Response:
    config = rules.config
    return _json({"path": str(rules.path), "config": str(config) if config else None,
                  "configured": rules.configured(), "entries": rules.entries(), **extra})


async def list_rules(request: Request) -> Response:
    state, rules = _user_rules(request)
    return _rules_answer(state, rules)


async def add_rule(request: Request) -> Response:
    state, rules = _user_rules(request)
    data = await read_json(request, JSON_OVERHEAD)
    try:
        entry = await asyncio.get_running_loop().run_in_executor(
            state.clean_pool, rules.add, str(data.get("kind") or ""), str(data.get("text") or ""))
    except ValueError as e:
        raise PageError(400, message("bad-request", reason=str(e))) from None
    except OSError as e:
        raise PageError(500, message("rules-unwritable", path=str(rules.path), reason=e.strerror or str(e))) from None
    state.use_user_rules()
    note = message("rule-added", path=str(rules.path)) if rules.configured() else \
        message("rules-not-configured", path=str(rules.path), config=str(rules.config))
    return _rules_answer(state, rules, added=entry, message=note)


async def change_rule(request: Request) -> Response:
    state, rules = _user_rules(request)
    data = await read_json(request, JSON_OVERHEAD)
    try:
        changed = rules.change(request.path_params["rule_id"], str(data.get("text") or ""))
    except ValueError as e:
        raise PageError(400, message("bad-request", reason=str(e))) from None
    except OSError as e:
        raise PageError(500, message("rules-unwritable", path=str(rules.path), reason=e.strerror or str(e))) from None
    if changed is None:
        raise PageError(404, message("no-rule"))
    state.use_user_rules()
    return _rules_answer(state, rules)


async def delete_rule(request: Request) -> Response:
    state, rules = _user_rules(request)
    try:
        found = rules.delete(request.path_params["rule_id"])
    except OSError as e:
        raise PageError(500, message("rules-unwritable", path=str(rules.path), reason=e.strerror or str(e))) from None
    if not found:
        raise PageError(404, message("no-rule"))
    state.use_user_rules()
    return _rules_answer(state, rules)


async def page_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, ClientDisconnect):  # nobody to answer, nothing to log
        return Response(status_code=400)
    if isinstance(exc, PageError):
        return _json({"error": exc.error}, exc.status)
    assert isinstance(exc, HTTPException)
    error = message("not-found") if exc.status_code == 404 else \
        message("bad-request", reason=str(exc.detail))
    return _json({"error": error}, exc.status_code)


def create_app(workspace: Workspace | None = None, settings: Settings | None = None, limits: Limits | None = None,
               hosts: frozenset[str] | None = None, user_rules: UserRules | None = None) -> Starlette:
    """The application; without ``workspace`` it makes a private folder and removes it at shutdown.
    ``user_rules``: the rule file "always/never remove this" writes to (none: not offered)."""
    owns = workspace is None
    workspace = workspace or Workspace.create()
    export_pool = ThreadPoolExecutor(1, thread_name_prefix="jingwen-export")
    state = WebState(workspace, settings or Settings(), limits or Limits(),
                     ThreadPoolExecutor(1, thread_name_prefix="jingwen-clean"), export_pool,
                     ExportJobs(workspace, export_pool), owns, user_rules, secrets.token_urlsafe(8))
    if user_rules is not None and user_rules.path.is_file():
        state.use_user_rules()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            state.clean_pool.shutdown(wait=False, cancel_futures=True)
            state.export_pool.shutdown(wait=False, cancel_futures=True)
            if state.owns_workspace:
                state.workspace.close()

    routes = [
        Route("/", index),
        Route("/api/options", options),
        Route("/api/uploads", upload, methods=["POST"]),
        Route("/api/clean", clean, methods=["POST"]),
        Route("/api/exports", start_export, methods=["POST"]),
        Route("/api/jobs/{job_id:str}", job_status),
        Route("/api/previews", preview, methods=["POST"]),
        Route("/api/rules", list_rules),
        Route("/api/rules", add_rule, methods=["POST"]),
        Route("/api/rules/{rule_id:str}", change_rule, methods=["PUT"]),
        Route("/api/rules/{rule_id:str}", delete_rule, methods=["DELETE"]),
        Route("/download/{download_id:str}", download),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    middleware=[Middleware(LocalOnly, hosts=hosts or allowed_hosts("127.0.0.1"))],
                    exception_handlers={PageError: page_error, HTTPException: page_error,
                                        ClientDisconnect: page_error})
    app.state.web = state
    return app
