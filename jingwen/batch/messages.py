"""Errors as users read them: one line giving the reason.

An error the user can cause is a ``JingwenError`` and its text is the reason; anything else is
a bug, reported as an internal error (``--debug`` shows its traceback).

>>> from jingwen.cleaner.model.errors import InputError
>>> reason(InputError("binary file")), reason(KeyError("x"))
('binary file', "internal error (KeyError: 'x'); rerun with --debug")
"""
from __future__ import annotations

from jingwen.cleaner.model.errors import JingwenError


def reason(error: BaseException, debug: bool = False) -> str:
    """The one-line reason for ``error``."""
    if isinstance(error, JingwenError):
        return str(error)
    if isinstance(error, MemoryError):
        return "out of memory"
    if isinstance(error, UnicodeError):
        return f"cannot decode text ({error})"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return f"internal error ({type(error).__name__}: {error})" + ("" if debug else "; rerun with --debug")


def printable(line: str) -> str:
    r"""``line`` safe for a terminal: control characters (an ESC in a file name would drive the
    terminal) and the lone surrogates of names that are not UTF-8 become visible escapes; tabs
    and line ends stay.

    >>> printable("jingwen: \x1b[31m红.txt: binary data")
    'jingwen: \\x1b[31m红.txt: binary data'
    >>> printable("bad\udcff.txt")
    'bad\\udcff.txt'
    """
    if line.isprintable():
        return line
    return "".join(_escape(ch) for ch in line)


def _escape(ch: str) -> str:
    o = ord(ch)
    if ch in "\t\n" or ch.isprintable() or (o > 0x9f and not 0xd800 <= o <= 0xdfff and o not in (0x2028, 0x2029)):
        return ch
    return ch.encode("unicode_escape", "backslashreplace").decode("ascii") if o > 0xff else f"\\x{o:02x}"
