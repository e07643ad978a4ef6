"""Errors of the exporters: ``str(error)`` is a complete one-line message for the user."""


class ExportError(Exception):
    """A document that cannot be exported as asked (unknown format or style, no usable font...)."""
