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
