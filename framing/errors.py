"""The project's exceptions. The CLI turns each into one line on stderr and an exit code."""

from __future__ import annotations


class FramingError(Exception):
    """Base class: a problem with the user's input that deserves a one-line message."""

    exit_code = 1


class InputError(FramingError):
    """A path, file or record that cannot be read as an article."""

    exit_code = 2


class LexiconError(FramingError):
    """A lexicon file that is malformed; the message names the file, the line and the fix."""

    exit_code = 3


class UsageError(FramingError):
    """An option value that makes no sense (unknown dimension, unknown format...)."""

    exit_code = 4


class OutputError(FramingError):
    """An output path that cannot be written."""

    exit_code = 5
