"""Legacy and other word-processor files (``.doc``, ``.wps``, ``.rtf``, ``.odt``): converted to
DOCX by LibreOffice headless, then read by the DOCX reader, so a ``.doc`` cleans exactly as the
``.docx`` it was saved from.

A batch converts all its files with one LibreOffice process before the work is shared out
(``convert_batch``: LibreOffice takes a second or two to start, converting is quick); a file
met alone, or one the batch could not convert, gets a process of its own. LibreOffice runs
with a profile of its own per process (made once, reused) and a time limit. Without
LibreOffice the file is a one-line error naming the package to install.
"""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path, PurePath

from jingwen.cleaner.model.document import Document
from jingwen.cleaner.model.errors import InputError

SECONDS = 120
BATCH_SECONDS = 600
_converted: dict[tuple[str, str], Path] = {}  # (source, sha256 of its bytes) -> the DOCX made by the batch
INSTALL_HINT = "LibreOffice is needed for this format: apt-get install libreoffice-writer-nogui"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@lru_cache(maxsize=1)
def _profile(pid: int) -> str:
    """A LibreOffice user profile for this process, removed when it exits."""
    folder = tempfile.mkdtemp(prefix="jingwen-lo-")
    atexit.register(shutil.rmtree, folder, True)
    return Path(folder).as_uri()


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def convert_batch(paths: list[Path]) -> None:
    """Convert ``paths`` to DOCX with one LibreOffice run; ``read_office`` then reads them from
    there (worker processes forked afterwards inherit the table). Failures are left for
    ``read_office`` to meet and report one by one."""
    program = soffice()
    if program is None or len(paths) < 2:
        return
    folder = Path(tempfile.mkdtemp(prefix="jingwen-office-batch-"))
    atexit.register(shutil.rmtree, folder, True)
    staged = {}
    for n, path in enumerate(paths):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        copy = folder / f"in{n}{path.suffix.lower()}"
        copy.write_bytes(data)
        staged[copy] = (str(path), _digest(data))
    command = [program, f"-env:UserInstallation={_profile(os.getpid())}", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "out"), *map(str, staged)]
    try:
        subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=BATCH_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        pass
    for copy, key in staged.items():
        made = folder / "out" / f"{copy.stem}.docx"
        if made.exists():
            _converted[key] = made


def to_docx(data: bytes, suffix: str) -> bytes:
    """The DOCX LibreOffice makes of ``data`` (a file with ``suffix``)."""
    program = soffice()
    if program is None:
        raise InputError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="jingwen-office-") as folder:
        source = Path(folder) / f"input{suffix}"
        source.write_bytes(data)
        out = Path(folder) / "out"
        command = [program, f"-env:UserInstallation={_profile(os.getpid())}", "--headless", "--norestore",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)]
        try:
            subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(f"LibreOffice took over {SECONDS} s to convert it") from None
        result = out / "input.docx"
        if not result.exists():
            raise InputError(f"LibreOffice could not read it as {suffix} (damaged, encrypted or not that format)")
        return result.read_bytes()


def read_office(data: bytes, source: str) -> Document:
    from jingwen.cleaner.readers.docx import read_docx

    suffix = PurePath(source).suffix.lower() or ".doc"
    made = _converted.get((source, _digest(data)))
    doc = read_docx(made.read_bytes() if made is not None else to_docx(data, suffix), source)
    doc.meta.format = "office"
    return doc
