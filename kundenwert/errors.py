"""Typed errors of the engine. Messages are one line, meant for the user: German text, and where the
error was raised with a catalogue key (``key`` + ``params``) :meth:`KundenwertError.text` gives it in
another language."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial


class KundenwertError(Exception):
    """Base class: every error the engine raises on purpose."""

    def __init__(self, message: str, *, render: Callable[[str], str] | None = None):
        super().__init__(message)
        self.message = message
        self.render = render            # lang -> the same message in that language

    def __str__(self) -> str:  # one line, always
        return " ".join(self.message.split())

    def text(self, lang: str = "de") -> str:
        """The message in ``lang`` (German where the error carries no other language), one line."""
        if self.render is None or lang == "de":
            return str(self)
        return " ".join(self.render(lang).split())

    @classmethod
    def keyed(cls, key: str, /, **params: object) -> KundenwertError:
        """An error whose message is the catalogue entry ``key``."""
        return cls(_keyed_text(key, params, "de"), render=partial(_keyed_text, key, params))


def _keyed_text(key: str, params: dict, lang: str) -> str:
    from .i18n import text

    return text(key, lang, **params)


class InputFileError(KundenwertError):
    """The file cannot be read at all (wrong type, corrupt, hostile, too large, no usable columns).

    The command line exits with status 2 on this error; the app shows the message.
    """


class ScenarioError(KundenwertError):
    """A scenario or its weights are unusable (e.g. all weights 0, malformed scenario file)."""


_OS_ERRORS = ("ENOENT", "EISDIR", "ENOTDIR", "EACCES", "EPERM", "ENOSPC", "EDQUOT", "EROFS", "ENAMETOOLONG", "ELOOP",
              "EBUSY", "ETXTBSY", "EIO", "EMFILE", "EFBIG", "EINVAL")


def os_error_text(exc: OSError, lang: str = "de") -> str:
    """An operating-system error in words of the language (the OS's own text is English), e.g. "nicht gefunden"."""
    import errno

    from .i18n import text

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_ERRORS:
        return text(f"os.{name}", lang)
    return text("os.other", lang, name=name or exc.__class__.__name__)
