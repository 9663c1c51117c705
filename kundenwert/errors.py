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


_OS_ERROR_TEXTS = {
    "ENOENT": "nicht gefunden",
    "EISDIR": "das ist ein Ordner, keine Datei",
    "ENOTDIR": "ein Teil des Pfads ist kein Ordner",
    "EACCES": "keine Berechtigung",
    "EPERM": "keine Berechtigung",
    "ENOSPC": "kein Speicherplatz mehr frei",
    "EDQUOT": "Speicherkontingent erschöpft",
    "EROFS": "das Laufwerk ist schreibgeschützt",
    "ENAMETOOLONG": "der Name ist zu lang",
    "ELOOP": "zu viele verkettete Verknüpfungen",
    "EBUSY": "die Datei wird gerade benutzt",
    "ETXTBSY": "die Datei wird gerade benutzt",
    "EIO": "Lese-/Schreibfehler des Datenträgers",
    "EMFILE": "zu viele offene Dateien",
    "EFBIG": "die Datei wird zu groß",
    "EINVAL": "ungültiger Name",
}


def os_error_text(exc: OSError) -> str:
    """An operating-system error in German words (the OS's own text is English), e.g. "nicht gefunden"."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_ERROR_TEXTS.get(name, f"Fehler des Betriebssystems ({name or exc.__class__.__name__})")
