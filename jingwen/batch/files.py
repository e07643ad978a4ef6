"""Finding inputs, naming outputs, and writing files atomically.

Every write goes to a temporary file in the target folder, is flushed to disk and renamed
into place, so a reader (or a crash) never sees half a file. Inputs are never overwritten
unless the caller asks for in-place output, and then the file keeps its permissions.
"""
from __future__ import annotations

import os
import stat
from collections import namedtuple
from collections.abc import Iterator
from pathlib import Path

from jingwen.cleaner.model.errors import InputError, OutputError
from jingwen.cleaner.readers import SUFFIXES

LARGE_FILE = 4 * 2**20  # text files above this are cleaned piece by piece (stream.py)
TEXT_SUFFIXES = tuple(SUFFIXES)  # documents: the readers' one table (cleaner/readers/__init__.py)
CORPUS_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".parquet")  # corpus mode: cleaner/corpus.py
INPUT_SUFFIXES = TEXT_SUFFIXES + CORPUS_SUFFIXES


def is_corpus(path: Path) -> bool:
    """A JSON Lines or Parquet corpus (cleaned record by record: corpus.py), by its name."""
    return str(path).lower().endswith(CORPUS_SUFFIXES)


class InputFile(namedtuple("InputFile", "path relative error", defaults=(None,))):
    """One input: ``path`` (None for standard input), ``relative`` (its path below the argument
    it was found under, mirrored under -o) and ``error`` (set when it could not even be listed).
    A named tuple: cheaper to define than a dataclass, and this module loads with every command."""

    __slots__ = ()

    @property
    def display(self) -> str:
        return "-" if self.path is None else str(self.path)


def iter_inputs(arguments: list[str], suffixes: tuple[str, ...] = INPUT_SUFFIXES,
                exclude: Path | None = None) -> Iterator[InputFile]:
    """Files named on the command line, and files with a known suffix found recursively in
    the folders named (symlink loops are skipped, ``exclude`` — the output folder — is not
    descended into). Errors are yielded as entries so the batch goes on."""
    seen: set[Path] = set()
    exclude_real = exclude.resolve() if exclude is not None else None
    for arg in arguments:
        if arg == "-":
            yield InputFile(None, Path("stdin.txt"))
            continue
        path = Path(arg)
        if path.is_dir():
            yield from _walk(path, suffixes, seen, exclude_real)
        elif path.exists() or path.is_symlink():
            try:
                real = path.resolve()
            except (OSError, RuntimeError):
                yield InputFile(path, Path(path.name), error="symlink loop")
                continue
            if real not in seen:
                seen.add(real)
                yield InputFile(path, Path(path.name))
        else:
            yield InputFile(path, Path(path.name), error="no such file or directory")


def _walk(root: Path, suffixes, seen: set[Path], exclude: Path | None) -> Iterator[InputFile]:
    visited_dirs: set[tuple[int, int]] = set()
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=errors.append):
        for err in errors:
            failed = Path(err.filename or dirpath)
            yield InputFile(failed, Path(failed.name), error=err.strerror or str(err))
        errors.clear()
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in visited_dirs:
            dirnames[:] = []
            continue
        visited_dirs.add((st.st_dev, st.st_ino))
        here = Path(dirpath)
        if exclude is not None and here.resolve() == exclude:
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(suffixes):
                continue
            path = here / name
            try:
                real = path.resolve()
            except (OSError, RuntimeError):
                yield InputFile(path, path.relative_to(root), error="unresolvable symlink")
                continue
            if real in seen:
                continue
            seen.add(real)
            yield InputFile(path, path.relative_to(root))
    for err in errors:  # the last folder walked failed too
        failed = Path(err.filename or root)
        yield InputFile(failed, Path(failed.name), error=err.strerror or str(err))


def refuse_shared_outputs(items: list[InputFile], target) -> list[InputFile]:
    """Inputs whose output another input already writes (``a/x.txt`` and ``b/x.txt`` given as
    files, both → ``OUT/x.txt``) become errors: the first keeps its output, nothing is lost."""
    seen: dict[Path, InputFile] = {}
    out = []
    for item in items:
        if item.error or item.path is None:
            out.append(item)
            continue
        path = Path(os.path.normpath(target(item)))
        if path in seen:
            reason = f"its output {path} is also the output of {seen[path].display}"
            item = InputFile(item.path, item.relative, error=reason)
        else:
            seen[path] = item
        out.append(item)
    return out


def output_path(item: InputFile, outdir: Path, suffix: str) -> Path:
    """``raw/a/001.html`` found under ``raw`` with ``-o out`` → ``out/a/001.txt``."""
    return outdir / item.relative.with_suffix(suffix)


def text_suffix(path: Path | None) -> str:
    """Text output keeps .txt and .md; every other input becomes .txt."""
    if path is not None and path.suffix.lower() in (".txt", ".md", ".markdown"):
        return path.suffix
    return ".txt"


def in_place_target(path: Path) -> Path:
    """Where ``--in-place`` writes for ``path``: the file itself, through any symlink (the link
    stays a link). A file with other hard links is refused: a new file renamed into place
    would leave the other names holding the old text.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "real.txt").write_text("正文", encoding="utf-8")
    2
    >>> (folder / "link.txt").symlink_to(folder / "real.txt")
    >>> in_place_target(folder / "link.txt") == (folder / "real.txt").resolve()
    True
    >>> os.link(folder / "real.txt", folder / "other.txt")
    >>> in_place_target(folder / "real.txt")
    Traceback (most recent call last):
    ...
    jingwen.cleaner.model.errors.OutputError: has 2 hard links: --in-place would break them (clean it with -o instead)
    """
    real = Path(os.path.realpath(path))
    try:
        st = os.stat(real)
    except OSError as e:
        raise InputError(e.strerror or str(e)) from None
    if st.st_nlink > 1:
        raise OutputError(f"has {st.st_nlink} hard links: --in-place would break them (clean it with -o instead)")
    return real


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


TMP_SUFFIX = ".jingwen-tmp"


def remove_stale_temporaries(path: Path) -> None:
    """Temporary files for ``path`` left by a killed run (their process is gone)."""
    for stale, pid in _stale_temporaries(path.parent).pop(path.name, ()):
        if pid == os.getpid() or _alive(pid):
            continue
        try:
            stale.unlink()
        except OSError:
            pass


_stale_found: dict[Path, dict[str, list[tuple[Path, int]]]] = {}


def _stale_temporaries(folder: Path) -> dict[str, list[tuple[Path, int]]]:
    """The temporaries in ``folder`` by the name of the file they were for, listed once per
    process and folder: a folder of N outputs costs one listing, not N (``.NAME.PID.XXXX`` +
    ``TMP_SUFFIX``; ``mkstemp``'s random part has no dot)."""
    found = _stale_found.get(folder)
    if found is None:
        found = _stale_found[folder] = {}
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith(".") and entry.name.endswith(TMP_SUFFIX):
                        parts = entry.name[1:-len(TMP_SUFFIX)].rsplit(".", 2)
                        if len(parts) == 3 and parts[1].isdigit():
                            found.setdefault(parts[0], []).append((Path(entry.path), int(parts[1])))
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    try:  # a killed process nobody reaped yet is a zombie: it will never finish its file
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


class AtomicFile:
    """A file written in pieces that appears at ``path`` only when complete.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with AtomicFile(target) as f:
    ...     _ = f.write("正文".encode())
    >>> target.read_text(encoding="utf-8")
    '正文'
    """

    def __init__(self, path: Path, like: Path | None = None) -> None:
        self.path, self.like = path, like

    def __enter__(self):
        import tempfile

        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.{os.getpid()}.", suffix=TMP_SUFFIX, dir=folder)
        except OSError as e:
            raise OutputError(f"cannot write in {folder}: {e.strerror or e}") from None
        self.file = os.fdopen(fd, "wb")
        return self

    def write(self, data: bytes) -> int:
        try:
            return self.file.write(data)
        except OSError as e:
            raise OutputError(f"cannot write {self.path}: {e.strerror or e}") from None

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.file.flush()
                os.fsync(self.file.fileno())
            self.file.close()
            if exc_type is None:
                if self.like is not None:
                    _take_identity(self.tmp, self.like)
                else:
                    umask = os.umask(0)
                    os.umask(umask)
                    os.chmod(self.tmp, 0o666 & ~umask)
                os.replace(self.tmp, self.path)
                remove_stale_temporaries(self.path)
                return
        except OSError as e:
            self._discard()
            raise OutputError(f"cannot write {self.path}: {e.strerror or e}") from None
        except BaseException:
            self._discard()
            raise
        self._discard()

    def _discard(self) -> None:
        try:
            self.file.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def _take_identity(tmp: str, like: Path) -> None:
    """Give the new file the permission bits, owner and group of the file it replaces; refuse
    when the owner cannot be kept (a file of another user, rewritten by someone who may not
    give files away)."""
    st = os.stat(like)
    if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except PermissionError:
            raise OutputError(f"{like} belongs to another user (uid {st.st_uid}, gid {st.st_gid}): "
                              "--in-place would change its owner") from None
    os.chmod(tmp, stat.S_IMODE(st.st_mode))


def atomic_write(path: Path, data: bytes, like: Path | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.
    ``like``: copy that file's permission bits (for in-place rewrites)."""
    with AtomicFile(path, like) as f:
        f.write(data)
