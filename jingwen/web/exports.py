"""Export jobs: the cleaned documents of one result rendered in one format, in the background.

The page starts a job and polls its status. Progress is counted in documents: ``done`` of
``total`` rendered, and the name of the one being rendered. Within one document there is no
finer measure (a renderer does not report how far it got), so the page shows a running bar and
the seconds elapsed while a single large PDF is made. One document comes back as its file;
several come back as one ZIP, written into the private folder and served by the download's id.

>>> import concurrent.futures
>>> from jingwen.cleaner.settings import Settings
>>> from jingwen.web.cleaning import CleanResult, clean_input
>>> from jingwen.web.store import Workspace
>>> ws = Workspace.create()
>>> files = [clean_input(n, "第一段。\\n".encode(), Settings()) for n in ("a.txt", "b.md")]
>>> with concurrent.futures.ThreadPoolExecutor(1) as pool:
...     job = ExportJobs(ws, pool).start(CleanResult(files, Settings()), "txt")
>>> status = job.status()
>>> status["state"], status["done"], status["total"], status["download"]["filename"]
('done', 2, 2, '净文-TXT.zip')
>>> ws.close()
"""
from __future__ import annotations

import threading
import time
import zipfile
from collections import OrderedDict
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from jingwen.web.cleaning import CleanedFile, CleanResult
from jingwen.web.labels import labels, message
from jingwen.web.store import Download, Workspace, new_id, open_private, safe_name, valid_id

if TYPE_CHECKING:
    from jingwen.exporters import ExportOptions

FORMATS = ("txt", "docx", "pdf", "epub")
MEDIA_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "epub": "application/epub+zip",
    "zip": "application/zip",
}
STORED = frozenset({"docx", "epub"})  # already ZIP archives: deflating them again gains nothing


@dataclass
class ExportJob:
    """One export: its progress, and its download once done (``status`` is what the page polls)."""

    id: str
    format: str
    total: int
    done: int = 0
    current: str | None = None
    state: str = "queued"  # queued, running, done, error
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    download: Download | None = None
    error: dict | None = None
    failures: list[dict] = field(default_factory=list)
    archive_name: str = "jingwen.zip"  # the name of a download of several documents
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def status(self) -> dict:
        with self.lock:
            elapsed = (self.finished or time.monotonic()) - self.started
            return {
                "id": self.id, "format": self.format, "state": self.state, "done": self.done,
                "total": self.total, "current": self.current, "elapsed": round(elapsed, 1),
                "error": self.error, "failures": list(self.failures),
                "download": None if self.download is None else {
                    "url": f"/download/{self.download.id}", "filename": self.download.filename,
                    "size": self.download.size},
            }


def unique_names(stems: list[str], suffix: str) -> list[str]:
    """File names for a ZIP: ``a.pdf``, ``a (2).pdf`` when two documents share a stem.

    >>> unique_names(["a", "b", "a", "A", "a (2)"], ".pdf")
    ['a.pdf', 'b.pdf', 'a (2).pdf', 'A (3).pdf', 'a (2) (2).pdf']
    """
    used: set[str] = set()
    out = []
    for stem in stems:
        name, n = f"{stem}{suffix}", 1
        while name.lower() in used:
            n += 1
            name = f"{stem} ({n}){suffix}"
        used.add(name.lower())
        out.append(name)
    return out


class ExportJobs:
    """The export jobs of one server: started on ``executor``, kept for polling."""

    def __init__(self, workspace: Workspace, executor: Executor, keep: int = 64) -> None:
        self.workspace, self.executor, self.keep = workspace, executor, keep
        self._jobs: OrderedDict[str, ExportJob] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, result: CleanResult, fmt: str, options: ExportOptions | None = None,
              lang: str = "zh") -> ExportJob:
        """Queue the export of ``result``'s readable, non-empty documents as ``fmt`` (``lang``
        names a ZIP of several)."""
        from jingwen.exporters import ExportOptions

        files = [(i, f) for i, f in enumerate(result.files) if f.exportable]
        job = ExportJob(new_id(), fmt, len(files))
        job.archive_name = labels()["archives"][lang].format(format=fmt.upper())
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self.keep:
                self._jobs.popitem(last=False)
        self.executor.submit(self._run, job, result, files, options or ExportOptions())
        return job

    def get(self, job_id: str) -> ExportJob | None:
        with self._lock:
            return self._jobs.get(job_id) if valid_id(job_id) else None

    def _run(self, job: ExportJob, result: CleanResult, files: list[tuple[int, CleanedFile]],
             options: ExportOptions) -> None:
        try:
            self._export(job, result, files, options)
        except Exception as e:  # a renderer's bug: the page gets a message, the server goes on
            with job.lock:
                job.state, job.finished = "error", time.monotonic()
                job.error = message("export-failed", format=job.format.upper(),
                                    reason={"zh": f"{type(e).__name__}: {e}", "en": f"{type(e).__name__}: {e}"})

    def _export(self, job: ExportJob, result: CleanResult, files: list[tuple[int, CleanedFile]],
                options: ExportOptions) -> None:
        from jingwen import exporters

        with job.lock:
            job.state = "running"
        fmt = job.format
        if not files:
            return self._fail(job, message("nothing"))
        try:
            exporters.prepare(options, (fmt,))  # the style, the paper, a Chinese font for PDF
        except exporters.ExportError as e:
            return self._fail(job, message("export-failed", format=fmt.upper(), reason={"zh": str(e), "en": str(e)}))
        stems = [safe_name(f.stem(i in result.pasted), "document") for i, f in files]
        names = unique_names(stems, "." + fmt)
        download_id, path = self.workspace.new_download_path()
        single = len(files) == 1
        written = 0
        with open_private(path) as out:
            archive = None if single else zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
            try:
                for (_, cleaned), name in zip(files, names, strict=True):
                    with job.lock:
                        job.current = cleaned.name
                    try:
                        data = exporters.render(cleaned.doc, fmt, options)
                    except Exception as e:  # one document that cannot be exported: the others still are
                        with job.lock:
                            job.failures.append(message("export-partly", name=cleaned.name,
                                                        reason={"zh": str(e), "en": str(e)}))
                            job.done += 1
                        continue
                    if archive is None:
                        out.write(data)
                    else:
                        archive.writestr(name, data, zipfile.ZIP_STORED if fmt in STORED else zipfile.ZIP_DEFLATED)
                    written += 1
                    with job.lock:
                        job.done += 1
            finally:
                if archive is not None:
                    archive.close()
        if not written:
            path.unlink(missing_ok=True)
            failures = job.failures
            return self._fail(job, failures[0] if len(failures) == 1 else message("nothing"))
        filename = names[0] if single else job.archive_name
        media = MEDIA_TYPES[fmt if single else "zip"]
        download = self.workspace.add_download(Download(download_id, path, filename, media, path.stat().st_size))
        with job.lock:
            job.download, job.current = download, None
            job.state, job.finished = "done", time.monotonic()

    def _fail(self, job: ExportJob, error: dict) -> None:
        with job.lock:
            job.state, job.error, job.current, job.finished = "error", error, None, time.monotonic()


def content_disposition(filename: str) -> str:
    """An ``attachment`` header that keeps a Chinese file name (RFC 6266 / RFC 5987).

    >>> content_disposition("温州.pdf")
    'attachment; filename="download.pdf"; filename*=UTF-8\\'\\'%E6%B8%A9%E5%B7%9E.pdf'
    """
    from urllib.parse import quote

    suffix = PurePath(filename).suffix
    ascii_name = filename if filename.isascii() and '"' not in filename and "\\" not in filename \
        else f"download{suffix}"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
