"""The server's private folder: uploads, cleaned results and downloads, each under an opaque id.

Everything the page sends or receives is kept in one temporary folder of mode 0700, made at
start and removed on exit (``close``); files in it are 0600. Nothing is ever looked up by a
name or path that came from the page: ids are random tokens, checked against the registry.
Old entries are evicted (and their files deleted) beyond the configured counts and sizes.

>>> ws = Workspace.create()
>>> oct(ws.root.stat().st_mode & 0o777)
'0o700'
>>> with ws.begin_upload("a.txt") as w:
...     _ = w.write("正文".encode())
>>> upload = ws.upload(w.id)
>>> upload.name, ws.read_upload(upload.id).decode(), oct(upload.path.stat().st_mode & 0o777)
('a.txt', '正文', '0o600')
>>> ws.upload("../../etc/passwd") is None
True
>>> ws.close(); ws.root.exists()
False
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

PREFIX = "jingwen-serve-"
_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_UNSAFE = re.compile(r"[:*?\"<>|]+")


def new_id() -> str:
    """A random, unguessable id (128 bits)."""
    return secrets.token_urlsafe(16)


def valid_id(value: str) -> bool:
    return bool(_ID.fullmatch(value or ""))


def safe_name(name: str, default: str = "document.txt") -> str:
    """A file name from the page, without folders or characters file systems refuse.

    >>> safe_name("C:\\\\Users\\\\me\\\\温州.docx"), safe_name("../../etc/passwd"), safe_name(" \\x00 ")
    ('温州.docx', 'passwd', 'document.txt')
    """
    base = re.split(r"[/\\]", name or "")[-1]
    base = _UNSAFE.sub("_", _CONTROL.sub("", base)).strip(" .")
    return base[:120] or default


@dataclass
class Upload:
    id: str
    name: str
    path: Path
    size: int
    created: float = field(default_factory=time.monotonic)


@dataclass
class Download:
    id: str
    path: Path
    filename: str
    media_type: str
    size: int


class UploadWriter:
    """An upload being received: bytes go straight to a 0600 file in the private folder."""

    def __init__(self, workspace: Workspace, name: str) -> None:
        self.workspace, self.name, self.id, self.size = workspace, safe_name(name), new_id(), 0
        self.path = workspace.root / "uploads" / self.id
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        self._done = False

    def write(self, chunk: bytes) -> bool:
        """Append ``chunk``; False (nothing written) when the folder has no room for it, even
        after evicting finished uploads: uploads in progress count against the cap too."""
        if not self.workspace._reserve(len(chunk)):
            return False
        view = memoryview(chunk)
        while view:
            view = view[os.write(self._fd, view):]
        self.size += len(chunk)
        return True

    def commit(self) -> Upload:
        os.close(self._fd)
        self._done = True
        return self.workspace._register_upload(Upload(self.id, self.name, self.path, self.size))

    def abort(self) -> None:
        if not self._done:
            self._done = True
            os.close(self._fd)
            self.path.unlink(missing_ok=True)
            self.workspace._release(self.size)

    def __enter__(self) -> UploadWriter:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


class Workspace:
    """The private folder and the registries of uploads, results and downloads (thread-safe)."""

    def __init__(self, root: Path, max_uploads: int = 200, max_upload_bytes: int = 512 * 2**20,
                 max_results: int = 8, max_downloads: int = 32) -> None:
        self.root = Path(root)
        self.max_uploads, self.max_upload_bytes = max_uploads, max_upload_bytes
        self.max_results, self.max_downloads = max_results, max_downloads
        self._lock = threading.Lock()
        self._receiving = 0  # bytes of uploads in progress
        self._uploads: OrderedDict[str, Upload] = OrderedDict()
        self._results: OrderedDict[str, Any] = OrderedDict()
        self._downloads: OrderedDict[str, Download] = OrderedDict()
        for sub in ("uploads", "downloads"):
            (self.root / sub).mkdir(mode=0o700, exist_ok=True)

    @classmethod
    def create(cls, parent: str | None = None, **limits: int) -> Workspace:
        """A new private folder (``mkdtemp``: mode 0700) under ``parent`` or the system's temp folder."""
        root = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
        (root / "pid").write_text(str(os.getpid()))
        return cls(root, **limits)

    def close(self) -> None:
        """Remove the folder and everything in it."""
        with self._lock:
            self._uploads.clear()
            self._results.clear()
            self._downloads.clear()
        shutil.rmtree(self.root, ignore_errors=True)

    # --- uploads ----------------------------------------------------------------------------

    def begin_upload(self, name: str) -> UploadWriter:
        return UploadWriter(self, name)

    def _reserve(self, size: int) -> bool:
        """Room for ``size`` more bytes of an upload in progress: finished uploads are evicted,
        oldest first, to make it; False when even that is not enough."""
        with self._lock:
            total = sum(u.size for u in self._uploads.values())
            while self._uploads and total + self._receiving + size > self.max_upload_bytes:
                _, old = self._uploads.popitem(last=False)
                total -= old.size
                old.path.unlink(missing_ok=True)
            if total + self._receiving + size > self.max_upload_bytes:
                return False
            self._receiving += size
            return True

    def _release(self, size: int) -> None:
        with self._lock:
            self._receiving -= size

    def _register_upload(self, upload: Upload) -> Upload:
        with self._lock:
            self._receiving -= upload.size
            self._uploads[upload.id] = upload
            total = sum(u.size for u in self._uploads.values())
            while len(self._uploads) > 1 and (len(self._uploads) > self.max_uploads or total > self.max_upload_bytes):
                _, old = self._uploads.popitem(last=False)
                total -= old.size
                old.path.unlink(missing_ok=True)
        return upload

    def stored_bytes(self) -> int:
        """Bytes of uploads in the folder, finished or in progress."""
        with self._lock:
            return sum(u.size for u in self._uploads.values()) + self._receiving

    def upload(self, upload_id: str) -> Upload | None:
        with self._lock:
            return self._uploads.get(upload_id) if valid_id(upload_id) else None

    def read_upload(self, upload_id: str) -> bytes:
        upload = self.upload(upload_id)
        if upload is None:
            raise KeyError(upload_id)
        return upload.path.read_bytes()

    # --- results ----------------------------------------------------------------------------

    def add_result(self, result: Any) -> str:
        result_id = new_id()
        with self._lock:
            self._results[result_id] = result
            while len(self._results) > self.max_results:
                self._results.popitem(last=False)
        return result_id

    def result(self, result_id: str) -> Any | None:
        with self._lock:
            return self._results.get(result_id) if valid_id(result_id) else None

    # --- downloads --------------------------------------------------------------------------

    def new_download_path(self) -> tuple[str, Path]:
        """An id and the path its file will be written to (inside the private folder)."""
        download_id = new_id()
        return download_id, self.root / "downloads" / download_id

    def add_download(self, download: Download) -> Download:
        with self._lock:
            self._downloads[download.id] = download
            while len(self._downloads) > self.max_downloads:
                _, old = self._downloads.popitem(last=False)
                old.path.unlink(missing_ok=True)
        return download

    def download(self, download_id: str) -> Download | None:
        with self._lock:
            return self._downloads.get(download_id) if valid_id(download_id) else None


def open_private(path: Path) -> BinaryIO:
    """A new file for writing, mode 0600, never following a symbolic link."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    return os.fdopen(fd, "wb")


def sweep_stale(parent: str | None = None) -> list[Path]:
    """Remove private folders left by servers that were killed (their process is gone)."""
    from jingwen.batch.files import _alive

    removed = []
    base = Path(parent or tempfile.gettempdir())
    for folder in base.glob(PREFIX + "*"):
        try:
            if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
                continue
            pid = int((folder / "pid").read_text().strip())
        except (OSError, ValueError):
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
