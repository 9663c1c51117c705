"""Typed errors of the engine. Messages are German, one line, meant for the user."""

from __future__ import annotations


class KundenwertError(Exception):
    """Base class: every error the engine raises on purpose."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # one line, always
        return " ".join(self.message.split())


class InputFileError(KundenwertError):
    """The file cannot be read at all (wrong type, corrupt, hostile, too large, no usable columns).

    The command line exits with status 2 on this error; the app shows the message.
    """


class ScenarioError(KundenwertError):
    """A scenario or its weights are unusable (e.g. all weights 0, malformed scenario file)."""
