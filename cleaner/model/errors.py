"""The project's own errors: each one becomes a one-line message naming the file and reason."""


class JingwenError(Exception):
    """Base class: ``str(error)`` is a complete one-line message for the user."""


class InputError(JingwenError):
    """An input that cannot be read or decoded (binary, corrupt, too large...)."""


class RuleError(JingwenError):
    """A rule file that cannot be loaded."""


class OutputError(JingwenError):
    """An output that cannot be written (read-only folder, disk full, would overwrite input)."""


class ExportError(JingwenError):
    """A document that cannot be exported as asked (unknown format or style, no usable font...)."""
