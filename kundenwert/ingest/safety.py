"""Safety check of an uploaded file before any spreadsheet parser touches it.

The workbook parser (python-calamine, written in Rust) trusts the file it is given. Measured with
python-calamine 0.9.1, these files abort the *whole process* (Rust "memory allocation of … bytes
failed", no Python exception) or take minutes and gigabytes:

* an xlsx whose sheet has cells at A1 and XFD1048576: calamine allocates the dense range
  (17 billion cells, 550 GB);
* the same with the far cell hidden: rows out of order, a cell ref that does not match its row,
  lower-case refs (``xfd1048576``), a second ``r`` attribute on a cell (the last one wins);
* ``<sst uniqueCount="4000000000">`` in xl/sharedStrings.xml (calamine reserves 96 GB up front);
* cells without ``r`` attribute, which calamine places by counting (more than 16,384 columns
  possible);
* an ods whose rows repeat a non-empty cell (``table:number-rows-repeated`` /
  ``table:number-columns-repeated``): calamine stops at 100 million cells with an error, but below
  that it builds them all (several GB) and the reader turns them into Python objects.

:func:`check_file` therefore looks at the raw bytes first and refuses, with one German sentence
(:class:`~kundenwert.errors.InputFileError`), everything that is not a plain, readable customer
list: empty or too large files, other file types, old ``.xls``, password-protected workbooks,
corrupt or truncated zips, zip bombs, XML with a DOCTYPE (entity bombs, external entities), and
sheets whose used range is larger than :data:`MAX_CELLS`. It never calls calamine, keeps memory
bounded (the file is decompressed in 1 MB pieces) and gives up early.

How the used range of an xlsx sheet is found cheaply: the sheet XML is streamed and, in the
``<sheetData>`` part, every cell tag must have the canonical form every known writer produces
(``<c r="B7" s="1" t="n">``: ``r`` first, upper-case, only the usual attributes). That is checked
by counting (C-speed ``bytes.count`` and one regex ``findall`` per megabyte); the largest row comes
from the refs, the largest column from a regex that only matches refs right of the largest column
seen so far. A sheet that is not canonical, or whose range is too large when counted that way
(e.g. formatted but empty cells far away, which calamine skips), is read a second time with expat,
reproducing calamine's own rules (positions by counting, empty cells skipped, first
``</sheetData>`` ends the sheet). A 100,000 x 20 sheet (70 MB of XML) takes about 0.6 s.

ODS ``content.xml`` is always read with expat, following calamine's ODS rules (repeat attributes,
empty cells free); about 3 s for 100,000 x 20 cells as LibreOffice writes them (270 MB of XML),
and more than 3 million cell elements are refused outright (at most about 5 s). Every zip member is decompressed and
counted, whatever its name, and a ``content.xml`` is checked even inside an xlsx, because calamine
falls back to xlsb and then ODS when a file does not open as xlsx.

The resource budget (issue 14) is checked by the same scans, before calamine allocates anything:
every cell inside Excel's grid (:data:`MAX_ROWS` x :data:`MAX_COLUMNS`; a cell at C9999999 is
refused), at most :data:`MAX_CELLS` in one sheet's used range and :data:`MAX_WORKBOOK_CELLS` in all
sheets of an xlsx together (the reader may open each while it looks for the list; an ODS is read
whole, so there all tables together count against :data:`MAX_CELLS`), and the shared-string table
counted while it streams (entries, bytes, the largest single entry), whatever its ``uniqueCount``
claims. A sheet XML too large for the exact re-read is refused as soon as the fast scan passes the
budget. CSV limits (rows, columns, cells, field and record size) are applied record by record in
:mod:`.csvfile`; the sentences for all of them are here, in :func:`_message`.

The check does not look at ``<dimension ref="…"/>``: calamine 0.9.1 uses it only to reserve memory
when it is below 100,000 cells, so an inflated dimension (common after formatting) is harmless and
refusing it would turn away files that open fine.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers import expat

from ..errors import InputFileError
from .encoding import head_text

MAX_FILE_BYTES = 100 * 1024 * 1024  # 100 MB
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024  # all members of a zip together, counted while decompressing

# The resource budget. Every figure is checked before calamine (or the CSV reader) allocates for it.
# calamine keeps 32 bytes per cell of a sheet's used range; the reader turns the range into Python
# objects (another 30-60 bytes a cell): MAX_CELLS keeps one sheet well inside the worker's memory limit.
MAX_ROWS = 1_048_576  # Excel's last row
MAX_COLUMNS = 16_384  # Excel's last column (XFD)
MAX_CELLS = 8_000_000  # rows x columns of one sheet's used range (dense: about 0.7 GB and 15 s in the worker)
MAX_WORKBOOK_CELLS = 3 * MAX_CELLS  # all sheets of an xlsx together (the reader may open each, one at a time)
MAX_SHARED_STRINGS = 5_000_000  # <si> entries in the shared-string table (calamine keeps all of them)
MAX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024  # the shared-string XML, uncompressed
MAX_SHARED_STRING_BYTES = 1024 * 1024  # one <si> element (an Excel cell holds at most 32,767 characters)
MAX_FIELD_CHARS = 32_767  # one CSV field: Excel's limit for one cell
MAX_LINE_CHARS = 4 * 1024 * 1024  # one CSV record (all its fields together)

CHUNK_BYTES = 1 << 20  # decompressed piece size
_INPUT_BYTES = 1 << 16  # compressed bytes handed to zlib per call
_MAX_RATIO = 1000  # a member this much larger than compressed ...
_RATIO_MIN_BYTES = 50 * 1024 * 1024  # ... and at least this large is a zip bomb
_MAX_MEMBERS = 10_000  # real workbooks have a few dozen zip members
_MAX_CARRY_BYTES = 32 * 1024 * 1024  # longest single XML tag / row carried between pieces
_MAX_SLOW_SHEET_BYTES = 32 * 1024 * 1024  # largest irregular sheet XML read with expat (about 4 s)
_MAX_META_BYTES = 16 * 1024 * 1024  # workbook.xml, its rels, manifest.xml are read whole
_MAX_ODS_CELL_TAGS = 3_000_000  # cell elements in an ODS (LibreOffice: 2.1 million for 100,000 x 20)

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Zip members that are not XML (images, embedded files): no XML checks, so an SVG's DOCTYPE is no problem.
_BINARY_EXTENSIONS = (
    ".png", ".jpg", ".jpeg", ".jfif", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".emz", ".wmz",
    ".svg", ".wdp", ".ico", ".bin", ".pdf", ".wav", ".mp3", ".mp4", ".avi",
    ".xlsx", ".xlsm", ".xls", ".docx", ".doc", ".pptx", ".ppt", ".odt", ".ods",
)
_TEXT_EXTENSIONS = (".csv", ".txt", ".tsv", ".tab")
_EXCEL_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".xlt")
_ODS_EXTENSIONS = (".ods", ".ots", ".fods")

# Strong signatures: these files are never CSV, even when their first bytes happen to look like text.
_STRONG_SIGNATURES = (
    (b"%PDF-", "ein PDF-Dokument"),
    (b"\x89PNG\r\n\x1a\n", "ein PNG-Bild"),
    (b"\xff\xd8\xff", "ein JPEG-Bild"),
    (b"GIF87a", "ein GIF-Bild"),
    (b"GIF89a", "ein GIF-Bild"),
    (b"{\\rtf", "ein RTF-Dokument"),
)
# Weak signatures: only used to describe a file that is already known not to be text.
_WEAK_SIGNATURES = (
    (b"MZ", "ein Windows-Programm"),
    (b"\x7fELF", "ein Programm"),
    (b"\x1f\x8b", "ein gzip-Archiv"),
    (b"Rar!", "ein RAR-Archiv"),
    (b"7z\xbc\xaf\x27\x1c", "ein 7-Zip-Archiv"),
    (b"BZh", "ein bzip2-Archiv"),
)


@dataclass
class FileCheck:
    """What :func:`check_file` found out about a file it accepts."""

    kind: str  # "xlsx" (also for .xlsm), "ods" or "csv"
    # xlsx only: sheet NAME -> refs like "D7" of formula cells saved without a cached value.
    uncached_formulas: dict[str, list[str]] = field(default_factory=dict)
    # xlsx/ods: sheet NAME -> cells of its used range (rows x columns) as calamine will allocate them
    sheet_cells: dict[str, int] = field(default_factory=dict, compare=False)


# ------------------------------------------------------------------------------------------ messages

class _Refused(Exception):
    """Internal: the file is refused; `key` selects the message in :func:`_message`."""

    def __init__(self, key: str, **details: object):
        super().__init__(key)
        self.key = key
        self.details = details


def _num(value: float, decimals: int = 1) -> str:
    """German number text: 1,5 / 100 / 1.234.567."""
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def _size_text(n: int) -> str:
    """Bytes as German text with binary units: 100 MB, 1 GB, 512 KB."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= factor:
            return f"{_num(n / factor)} {unit}"
    return f"{n} Byte"


def _count_text(n: int) -> str:
    """A cell count as German words: 17 Milliarden, 1 Million, 35.000."""
    for one, many, factor in (("Milliarde", "Milliarden", 10**9), ("Million", "Millionen", 10**6)):
        if n >= factor:
            decimals = 1 if n < 10 * factor else 0
            value = math.floor(n / factor * 10**decimals) / 10**decimals  # floored: "mindestens 29 Millionen"
            text = _num(value, decimals)
            return f"{text} {one if text == '1' else many}"
    return _num(n, 0)


def _column_letters(col: int) -> str:
    """1-based column number -> Excel letters (1 -> A, 16384 -> XFD)."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters or "A"


def _message(key: str, name: str, **d: object) -> str:
    f = f"„{name}“"
    limit = _size_text(MAX_FILE_BYTES)
    size = _size_text(int(d.get("size", 0)))
    if size == limit:  # 100.0004 MB would read "100 MB groß; erlaubt sind höchstens 100 MB"
        size = f"mehr als {limit}"
    resave = "Bitte in Excel oder LibreOffice öffnen, als .xlsx neu speichern und erneut hochladen."
    messages = {
        "empty": f"Die Datei {f} ist leer (0 Byte). Bitte die richtige Datei auswählen.",
        "too_large": (
            f"Die Datei {f} ist {size} groß; erlaubt sind höchstens {limit}. "
            "Bitte nur die Kundenliste in einer eigenen Datei speichern."
        ),
        "encrypted": (
            f"Die Datei {f} ist mit einem Passwort geschützt. Bitte ohne Passwort speichern "
            + ("(in LibreOffice: Datei › Speichern unter, „Mit Kennwort speichern“ abwählen)"
               if d.get("app") == "LibreOffice" else
               "(in Excel: Datei › Informationen › Arbeitsmappe schützen › Mit Kennwort verschlüsseln, "
               "Kennwort löschen)")
            + " und erneut hochladen."
        ),
        "xls": (
            f"Die Datei {f} ist im alten Excel-Format (.xls). "
            "Bitte in Excel als .xlsx speichern und erneut hochladen."
        ),
        "xlsb": (
            f"Die Datei {f} ist im Excel-Binärformat (.xlsb). "
            "Bitte in Excel als .xlsx speichern und erneut hochladen."
        ),
        "corrupt": (
            f"Die Datei {f} ist beschädigt oder unvollständig und kann nicht gelesen werden. "
            "Bitte die Originaldatei erneut speichern und hochladen."
        ),
        "no_spreadsheet": (
            f"Die Datei {f} ist keine Excel-, ODS- oder CSV-Datei{d.get('what', '')}. "
            "Bitte eine Kundenliste als .xlsx, .ods oder .csv hochladen."
        ),
        "text_not_excel": (
            f"Die Datei {f} ist keine echte {d.get('fmt', 'Excel')}-Datei, sondern {d.get('what', 'Text')}. "
            + resave
        ),
        "bomb": (
            f"Die Datei {f} wäre entpackt größer als {_size_text(MAX_UNCOMPRESSED_BYTES)} – sie wird "
            "aus Sicherheitsgründen nicht geöffnet. Bitte nur die Kundenliste in einer neuen Datei speichern."
        ),
        "doctype": (
            f"Die Datei {f} enthält XML-Anweisungen (DOCTYPE/ENTITY), die in echten Tabellendateien nicht "
            "vorkommen – sie wird aus Sicherheitsgründen nicht geöffnet. " + resave
        ),
        "too_many_cells": (
            f"Das Blatt „{d.get('sheet')}“ in {f} reicht {'mindestens ' if d.get('at_least') else ''}bis Zelle "
            f"{d.get('ref')} ({'mindestens ' if d.get('at_least') else ''}{_count_text(int(d.get('cells', 0)))} "
            "Zellen; verarbeitet werden höchstens "
            f"{_count_text(MAX_CELLS)}). Bitte in Excel die leeren Zeilen und Spalten unterhalb bzw. "
            "rechts der Liste löschen (oder nur die Liste in eine neue Datei kopieren) und neu speichern."
        ),
        "too_many_cell_tags": (
            f"Die Datei {f} enthält mehr als {_count_text(_MAX_ODS_CELL_TAGS)} Tabellenzellen und wird nicht "
            "geöffnet. Bitte nur die Kundenliste in eine neue Datei kopieren und speichern."
        ),
        "unusual": f"Die Datei {f} ist ungewöhnlich aufgebaut und kann nicht sicher gelesen werden. " + resave,
        # resource budget
        "beyond_excel": (
            f"Das Blatt „{d.get('sheet')}“ in {f} hat eine Zelle in {d.get('ref')} – "
            + (f"jenseits der letzten Excel-Zeile {_num(MAX_ROWS, 0)}"
               if int(d.get("rows", 0)) > MAX_ROWS else
               f"jenseits der letzten Excel-Spalte XFD ({_num(MAX_COLUMNS, 0)} Spalten)")
            + ". Solche Dateien schreibt Excel nicht. " + resave
        ),
        "workbook_cells": (
            f"Die Arbeitsmappe {f} hat in {d.get('sheets')} Blättern zusammen {_count_text(int(d.get('cells', 0)))} "
            f"Zellen; verarbeitet werden höchstens {_count_text(int(d.get('limit', MAX_WORKBOOK_CELLS)))}. Bitte nicht "
            "benötigte Blätter löschen oder nur die Kundenliste in eine neue Datei kopieren und neu speichern."
        ),
        "shared_strings_count": (
            f"Die Datei {f} enthält {'mindestens ' if d.get('at_least') else ''}"
            f"{_count_text(int(d.get('count', 0)))} Texteinträge; verarbeitet werden höchstens "
            f"{_count_text(MAX_SHARED_STRINGS)}. " + resave
        ),
        "shared_strings_bytes": (
            f"Die Texte in {f} sind entpackt "
            + (f"größer als {_size_text(MAX_SHARED_STRINGS_BYTES)}"
               if d.get("at_least") or _size_text(int(d.get("size", 0))) == _size_text(MAX_SHARED_STRINGS_BYTES)
               else f"{_size_text(int(d.get('size', 0)))} groß")
            + f"; verarbeitet werden höchstens {_size_text(MAX_SHARED_STRINGS_BYTES)}. "
            "Bitte nur die Kundenliste in eine neue Datei kopieren."
        ),
        "shared_string_size": (
            f"Die Datei {f} enthält einen einzelnen Text "
            + (f"von mehr als {_size_text(MAX_SHARED_STRING_BYTES)}"
               if d.get("at_least") or _size_text(int(d.get("size", 0))) == _size_text(MAX_SHARED_STRING_BYTES) else
               f"von {_size_text(int(d.get('size', 0)))}; erlaubt sind höchstens {_size_text(MAX_SHARED_STRING_BYTES)}")
            + " "
            f"(eine Excel-Zelle fasst höchstens {_num(MAX_FIELD_CHARS, 0)} Zeichen). " + resave
        ),
        "csv_columns": (
            f"Zeile {_num(int(d.get('row', 0)), 0)} von {f} hat {_num(int(d.get('columns', 0)), 0)} Spalten; "
            f"Excel erlaubt höchstens {_num(MAX_COLUMNS, 0)}. Bitte das Trennzeichen und diese Zeile prüfen."
        ),
        "csv_rows": (
            f"Die Datei {f} hat mehr als {_num(MAX_ROWS, 0)} Zeilen, so viele wie ein Excel-Blatt höchstens "
            "fasst. Bitte die Liste aufteilen."
        ),
        "csv_cells": (
            f"Die Datei {f} hat mehr als {_count_text(MAX_CELLS)} Zellen (bis Zeile "
            f"{_num(int(d.get('row', 0)), 0)}); verarbeitet werden höchstens {_count_text(MAX_CELLS)}. "
            "Bitte nur die benötigten Spalten und Zeilen speichern."
        ),
        "csv_field": (
            f"Zeile {_num(int(d.get('row', 0)), 0)}"
            + (f", Spalte {d.get('column')}" if d.get("column") else "")
            + f" von {f} enthält einen Wert mit "
            f"{'mehr als ' if d.get('at_least') else ''}{_num(int(d.get('chars', 0)), 0)} Zeichen; eine "
            f"Excel-Zelle fasst höchstens {_num(MAX_FIELD_CHARS, 0)}. Bitte diese Zeile prüfen (oft fehlt ein "
            "schließendes Anführungszeichen)."
        ),
        "csv_line": (
            f"Zeile {_num(int(d.get('row', 0)), 0)} von {f} ist {_num(int(d.get('chars', 0)), 0)} Zeichen lang; "
            f"verarbeitet werden höchstens {_num(MAX_LINE_CHARS, 0)} Zeichen je Zeile. Bitte diese Zeile prüfen."
        ),
        "csv_null": (
            f"Zeile {_num(int(d.get('row', 0)), 0)} von {f} enthält ein Nullzeichen und ist damit kein "
            "CSV-Text. Bitte die Liste in Excel öffnen und als „CSV UTF-8“ neu speichern."
        ),
        "encoding": (
            f"Die Datei {f} ist Text in einer unbekannten Zeichenkodierung (weder UTF-8, UTF-16, Windows-1252 "
            "noch DOS-Codepage 850). Bitte in Excel als „CSV UTF-8“ speichern und erneut hochladen."
        ),
        # the worker process that parses the file
        "timeout": (
            f"Das Lesen von {f} hat länger als {_num(float(d.get('seconds', 0)), 0)} "
            f"Sekunde{'' if float(d.get('seconds', 0)) == 1 else 'n'} gedauert und "
            "wurde abgebrochen. Bitte nur die Kundenliste in eine neue Datei kopieren und erneut hochladen."
        ),
        "memory": (
            f"Die Datei {f} bräuchte zum Lesen mehr als {_size_text(int(d.get('limit', 0)))} Arbeitsspeicher und "
            "wurde nicht geöffnet. Bitte nur die Kundenliste in eine neue Datei kopieren und erneut hochladen."
        ),
        "crashed": (
            f"Beim Lesen von {f} ist das Lesemodul abgestürzt; die Datei wurde nicht geöffnet (die App läuft "
            "weiter). " + resave
        ),
        "busy": (
            f"Die Datei {f} wurde nicht gelesen, weil gerade zu viele Dateien gleichzeitig gelesen werden. "
            "Bitte in einer Minute erneut versuchen."
        ),
        "worker_failed": (
            f"Die Datei {f} konnte nicht gelesen werden, weil das Lesemodul nicht gestartet werden konnte. "
            "Bitte in einer Minute erneut versuchen."
        ),
        # files on disk (command line)
        "not_regular": (
            f"{f} ist keine gewöhnliche Datei, sondern {d.get('what', 'etwas anderes')}. "
            "Bitte den Pfad zu einer .xlsx-, .ods- oder .csv-Datei angeben."
        ),
        "os_error": f"Die Datei {f} kann nicht gelesen werden: {d.get('reason', 'Lesefehler')}.",
    }
    return " ".join(messages[key].split())


def refusal(key: str, filename: str, **details: object) -> InputFileError:
    """The InputFileError for one of this module's refusals (used by the reader and the worker)."""
    return InputFileError(_message(key, _display_name(filename), **details))


def size_text(n: int) -> str:
    """Bytes as German text in the unit every limit here is stated in (binary: 100 MB = 100 MiB)."""
    return _size_text(n)


def _display_name(filename: str) -> str:
    base = re.split(r"[\\/]", filename or "")[-1].strip()
    return base or "ohne Namen"


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


# ----------------------------------------------------------------------------------------- entry point

def check_file(data: bytes, filename: str) -> FileCheck:
    """Check an uploaded file before any parser sees it; refuse it with one German sentence.

    The kind is decided by content (magic bytes), not by the name; the name is used in messages
    and to tell CSV from other text. Raises :class:`InputFileError` for every refused file.
    """
    name = _display_name(filename)
    try:
        if not isinstance(data, bytes):
            data = bytes(data)
        return _check(data, name)
    except _Refused as refused:
        raise InputFileError(_message(refused.key, name, **refused.details)) from None
    except InputFileError:
        raise
    except MemoryError:
        raise InputFileError(_message("unusual", name)) from None
    except Exception as exc:  # a file that trips the checker itself is not a file to hand to calamine
        raise InputFileError(_message("unusual", name)) from exc


def _check(data: bytes, name: str) -> FileCheck:
    if not data:
        raise _Refused("empty")
    if len(data) > MAX_FILE_BYTES:
        raise _Refused("too_large", size=len(data))
    if data.startswith(_OLE2_MAGIC):
        raise _ole2_refusal(data)
    if data[:4] in _ZIP_MAGICS:
        return _check_zip(data, name)
    return _check_other(data, name)


# --------------------------------------------------------------------------------- OLE2 (.xls, .doc …)

def _ole2_refusal(data: bytes) -> _Refused:
    """An OLE2 compound file is never accepted; say what it is."""

    def has_stream(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has_stream("EncryptedPackage"):
        return _Refused("encrypted")
    if has_stream("Workbook") or has_stream("Book"):
        return _Refused("xls")
    if has_stream("WordDocument"):
        return _Refused("no_spreadsheet", what=", sondern ein altes Word-Dokument (.doc)")
    if has_stream("PowerPoint Document"):
        return _Refused("no_spreadsheet", what=", sondern eine alte PowerPoint-Präsentation (.ppt)")
    return _Refused("no_spreadsheet", what=", sondern ein anderes altes Office-Dokument")


# ------------------------------------------------------------------------------------ text and others

def _text_head(data: bytes) -> str | None:
    """The first 8 KB as text, or None if the bytes are binary (encodings: :mod:`.encoding`)."""
    return head_text(data)


def _looks_like_csv(text: str) -> bool:
    """At least half of the first 20 non-empty lines share a separator (; tab , |)."""
    lines = [line for line in text.splitlines() if line.strip()][:20]
    if not lines:
        return False
    return any(2 * sum(1 for line in lines if sep in line) >= len(lines) for sep in (";", "\t", ",", "|"))


def _check_other(data: bytes, name: str) -> FileCheck:
    for magic, what in _STRONG_SIGNATURES:
        if data.startswith(magic):
            raise _Refused("no_spreadsheet", what=f", sondern {what}")
    text = _text_head(data)
    if text is None:
        what = next((w for magic, w in _WEAK_SIGNATURES if data.startswith(magic)), None)
        raise _Refused("no_spreadsheet", what=f", sondern {what}" if what else "")
    ext = _extension(name)
    if ext in _TEXT_EXTENSIONS:
        return FileCheck("csv")
    fmt = "ODS" if ext in _ODS_EXTENSIONS else "Excel"
    start = text.lstrip().lower()
    if start.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in start:
            what = "eine Tabelle im XML-Format von Excel 2003"
        elif "<html" in start or "<table" in start or start.startswith("<!doctype html"):
            what = "eine Webseite (HTML)"
        else:
            what = "eine XML-Datei"
        if ext in _EXCEL_EXTENSIONS or ext in _ODS_EXTENSIONS:
            raise _Refused("text_not_excel", fmt=fmt, what=what)
        raise _Refused("no_spreadsheet", what=f", sondern {what}")
    if _looks_like_csv(text):
        return FileCheck("csv")
    if ext in _EXCEL_EXTENSIONS or ext in _ODS_EXTENSIONS:
        raise _Refused("text_not_excel", fmt=fmt, what="Text ohne erkennbare Spalten")
    return FileCheck("csv")


# ------------------------------------------------------------------------------------------------ zip

_ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error,
    NotImplementedError, RuntimeError, KeyError, IndexError, OverflowError, zlib.error, UnicodeDecodeError,
)


class _Budget:
    """Decompressed bytes still allowed for the whole file (zip-bomb guard)."""

    def __init__(self) -> None:
        self.left = MAX_UNCOMPRESSED_BYTES

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise _Refused("bomb")


def _zip_member_count(data: bytes) -> int | None:
    """Number of members declared in the end-of-central-directory record (None: not found)."""
    pos = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if pos < 0 or pos + 22 > len(data):
        return None
    count = struct.unpack_from("<H", data, pos + 10)[0]
    if count == 0xFFFF and pos >= 20 and data[pos - 20:pos - 16] == b"PK\x06\x07":  # zip64
        offset = struct.unpack_from("<Q", data, pos - 12)[0]
        if offset + 40 <= len(data) and data[offset:offset + 4] == b"PK\x06\x06":
            count = struct.unpack_from("<Q", data, offset + 32)[0]
    return count


def _member_chunks(data: bytes, info: zipfile.ZipInfo, budget: _Budget | None) -> Iterator[bytes]:
    """Decompress one member in pieces of at most CHUNK_BYTES, checking size and CRC.

    Decompression does not stop at the declared size (a lying header must not hide a bomb): more
    output than declared, a stream that ends early, or a CRC mismatch is a corrupt file.
    """
    if info.flag_bits & 0x1:
        raise _Refused("encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _Refused("unusual")
    off = info.header_offset
    if off < 0 or data[off:off + 4] != b"PK\x03\x04":
        raise _Refused("corrupt")
    name_len, extra_len = struct.unpack_from("<HH", data, off + 26)
    start = off + 30 + name_len + extra_len
    end = start + info.compress_size
    if end > len(data):
        raise _Refused("corrupt")
    raw = memoryview(data)[start:end]
    total = 0
    crc = 0
    if info.compress_type == zipfile.ZIP_STORED:
        pieces: Iterator[bytes] = (bytes(raw[i:i + CHUNK_BYTES]) for i in range(0, len(raw), CHUNK_BYTES))
    else:
        pieces = _inflate(raw)
    for piece in pieces:
        total += len(piece)
        if total > info.file_size:
            raise _Refused("corrupt")
        if budget is not None:
            budget.take(len(piece))
        crc = zlib.crc32(piece, crc)
        yield piece
    if total != info.file_size or crc != info.CRC:
        raise _Refused("corrupt")


def _inflate(raw: memoryview) -> Iterator[bytes]:
    decomp = zlib.decompressobj(-15)
    pos = 0
    pending: bytes | memoryview = b""
    try:
        while not decomp.eof:
            if not pending:
                if pos >= len(raw):
                    raise _Refused("corrupt")  # deflate stream ends before its end marker
                pending = raw[pos:pos + _INPUT_BYTES]
                pos += _INPUT_BYTES
            out = decomp.decompress(pending, CHUNK_BYTES)
            pending = decomp.unconsumed_tail
            if out:
                yield out
    except zlib.error:
        raise _Refused("corrupt") from None


def _read_member(data: bytes, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """A small member as a whole (callers check the declared size first)."""
    guard = _XmlGuard(xml=True)
    parts = []
    for chunk in _member_chunks(data, info, budget):
        guard.feed(chunk)
        parts.append(chunk)
    return b"".join(parts)


def _check_zip(data: bytes, name: str) -> FileCheck:
    count = _zip_member_count(data)
    if count is not None and count > _MAX_MEMBERS:
        raise _Refused("unusual")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except _ZIP_ERRORS:
        raise _Refused("corrupt") from None
    if len(infos) > _MAX_MEMBERS:
        raise _Refused("unusual")
    budget = _Budget()
    kind = _zip_kind(data, infos, budget)

    declared = sum(info.file_size for info in infos)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise _Refused("bomb")
    for info in infos:
        if info.file_size > _RATIO_MIN_BYTES and info.file_size > _MAX_RATIO * max(info.compress_size, 1):
            raise _Refused("bomb")

    if kind == "ods":
        for info in infos:
            is_manifest = info.filename == "META-INF/manifest.xml" and info.file_size <= _MAX_META_BYTES
            if is_manifest and b"encryption-data" in _read_member(data, info, budget):
                raise _Refused("encrypted", app="LibreOffice")
    uncached, cells = _check_members(data, infos, budget, kind)
    return FileCheck(kind, uncached, cells)


def _zip_kind(data: bytes, infos: list[zipfile.ZipInfo], budget: _Budget) -> str:
    names = {info.filename.lower() for info in infos}
    if "xl/workbook.bin" in names:  # checked first: calamine falls back to xlsb when xlsx fails to open
        raise _Refused("xlsb")
    if "xl/workbook.xml" in names:
        return "xlsx"
    mimetype = ""
    for info in infos:
        if info.filename == "mimetype" and info.file_size <= 1024:
            mimetype = _read_member(data, info, budget).decode("ascii", "replace")
    if "opendocument.spreadsheet" in mimetype and "content.xml" in names:
        return "ods"
    if "opendocument.text" in mimetype or "word/document.xml" in names:
        what = ", sondern ein Textdokument"
    elif "opendocument.presentation" in mimetype or "ppt/presentation.xml" in names:
        what = ", sondern eine Präsentation"
    else:
        what = ", sondern ein ZIP-Archiv"
    raise _Refused("no_spreadsheet", what=what)


def _is_binary(lower_name: str) -> bool:
    return lower_name.endswith(_BINARY_EXTENSIONS)


# -------------------------------------------------------------------------------------- XML guards

_DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_UNIQUE_COUNT_RE = re.compile(rb"uniqueCount\s*=\s*[\"']\s*\+?(\d+)")


class _XmlGuard:
    """Byte-level checks on every piece of an XML part: encoding, DOCTYPE/ENTITY, uniqueCount."""

    def __init__(self, xml: bool = True, unique_count: bool = False):
        self.xml = xml
        self.unique_count = unique_count
        self.first = True
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        if self.xml:
            if self.first:
                start = chunk[:4]
                # UTF-16/32 parts: the byte patterns of the scanners would not see the markup (calamine
                # would); no real workbook has them.
                if start.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\x00" in start and b"<" in start):
                    raise _Refused("unusual")
            # real Excel/LibreOffice parts never have a DOCTYPE: refusing it rules out entity bombs and
            # external entities for every XML parser that may read the file later
            if (b"!" in chunk or b"!" in self.tail) and (
                _DTD_RE.search(self.tail + chunk[:16]) or _DTD_RE.search(chunk)
            ):
                raise _Refused("doctype")
        self.first = False
        if self.unique_count and (b"uniqueCount" in chunk or b"uniqueCount" in self.tail + chunk[:16]):
            for value in _UNIQUE_COUNT_RE.findall(self.tail + chunk):
                if int(value) > MAX_SHARED_STRINGS:  # calamine reserves uniqueCount strings up front
                    raise _Refused("shared_strings_count", count=int(value))
        self.tail = chunk[-16:]


def _new_expat() -> expat.XMLParserType:
    """An expat parser that refuses any DOCTYPE (so no entity can be declared)."""
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def doctype(*_args: object) -> None:
        raise _Refused("doctype")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    return parser


def _parse_int(value: str | None) -> int | None:
    """Rust's usize parsing: optional '+', then digits only."""
    if value is None:
        return None
    value = value[1:] if value.startswith("+") else value
    return int(value) if value.isascii() and value.isdigit() else None


def _parse_ref(ref: str) -> tuple[int, int] | None:
    """calamine's reading of a cell/row ref: letters (any case) = column, digits = row; 1-based."""
    col = 0
    i = 0
    while i < len(ref) and ref[i].isascii() and ref[i].isalpha():
        col = col * 26 + (ord(ref[i].upper()) - 64)
        i += 1
    digits = ref[i:]
    if not digits or not (digits.isascii() and digits.isdigit()) or int(digits) == 0:
        return None  # calamine raises an error for this sheet: nothing gets allocated
    return int(digits), col


def _check_extent(sheet: str, rows: int, cols: int, at_least: bool = False) -> None:
    """Refuse a used range beyond Excel's grid or above MAX_CELLS (rows, cols: 1-based extent)."""
    if rows > MAX_ROWS or cols > MAX_COLUMNS:
        raise _Refused("beyond_excel", sheet=sheet, ref=f"{_column_letters(cols)}{rows}", rows=rows, cols=cols)
    if rows * cols > MAX_CELLS:
        raise _too_many_cells(sheet, rows, cols, at_least=at_least)


def _too_many_cells(sheet: str, rows: int, cols: int, at_least: bool = False) -> _Refused:
    """The refusal for a used range above MAX_CELLS; `at_least` when the scan stopped early."""
    return _Refused("too_many_cells", sheet=sheet, ref=f"{_column_letters(cols)}{rows}", cells=rows * cols,
                    at_least=at_least)


# ----------------------------------------------------------------------------------------------- xlsx

_ANY_C = re.compile(rb"<(?:[^\s<>/!?:]+:)?c[\s/>]")  # any element whose local name is exactly "c"
_SHEETDATA_START = re.compile(rb"<(?:[^\s<>/!?:]+:)?sheetData[\s/>]")
_SHEETDATA_END = re.compile(rb"</(?:[^\s<>/!?:]+:)?sheetData\s*>")
_ROOT_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s/>]")


def _cols_after(last: bytes) -> bytes:
    """Regex (bytes) for column letters greater than `last` (canonical upper-case, at most 3)."""
    n = len(last)
    alternatives = []
    if n < 3:
        alternatives.append(b"[A-Z]{%d,3}" % (n + 1))
    for i in range(n):
        if last[i] < ord("Z"):
            rest = n - i - 1
            alternatives.append(
                last[:i] + b"[" + bytes([last[i] + 1]) + b"-Z]" + (b"[A-Z]{%d}" % rest if rest else b"")
            )
    return b"|".join(alternatives)


class _SheetScan:
    """Fast streaming scan of one xlsx part: used range and uncached formulas of canonical cells.

    Sets `irregular` when a cell tag is not in canonical form (the caller then re-reads the part with
    :class:`_ExpatSheet`). Parts without ``<sheetData>`` (styles, shared strings …) cost one
    substring search per megabyte.
    """

    def __init__(self) -> None:
        self.state = "pre"  # pre -> data -> post
        self.prefix: bytes | None = None
        self.irregular = False
        self.found_sheet = False
        self.max_row = 0
        self.max_col = 0
        self.max_letters = b""
        self.uncached: list[str] = []
        self.carry = b""
        self._compile(b"")

    def _compile(self, p: bytes) -> None:
        e = re.escape(p)
        attrs = rb'(?: (?:s|t|cm|vm|ph)="[^"<>]*")*'
        self.cell_re = re.compile(rb"<" + e + rb'c r="[A-Z]{1,3}(\d{1,7})"' + attrs + rb"\s*/?>")
        self.tag_re = re.compile(rb"<" + e + rb'c r="([A-Z]{1,3}\d{1,7})"' + attrs + rb"\s*>")
        # no <v> after the formula, or only an empty-element <v/> (openpyxl writes <v />); an explicit
        # <v></v> is a cached empty string (Excel adds t="str", xlsxwriter does not)
        tail = rb"\s*(?:<" + e + rb"v\s*/>)?\s*</" + e + rb"c>"
        self.uncached_res = (
            re.compile(rb"</" + e + rb"f>" + tail),
            re.compile(rb"<" + e + rb"f(?:\s[^<>]*)?/>" + tail),
        )
        self.cell_start = b"<" + p + b'c r="'
        self.f_start = b"<" + p + b"f"
        self.row_close = b"</" + p + b"row>"
        self._compile_cols()

    def _compile_cols(self) -> None:
        more = _cols_after(self.max_letters)
        self.col_re = re.compile(re.escape(self.cell_start) + rb"(" + more + rb")\d") if more else None

    # -- streaming
    def feed(self, chunk: bytes) -> None:
        if self.irregular:
            return
        data = self.carry + chunk if self.carry else chunk
        cut = self._cut(data)
        self.carry = data[cut:]
        if len(self.carry) > _MAX_CARRY_BYTES:
            raise _Refused("unusual")
        if cut:
            self._process(data[:cut])

    def finish(self) -> None:
        if self.carry and not self.irregular:
            self._process(self.carry)
        self.carry = b""

    def _cut(self, data: bytes) -> int:
        """End of the longest prefix that ends on a tag boundary (after a row if possible)."""
        i = data.rfind(self.row_close)
        if i >= 0:
            return i + len(self.row_close)
        lt = data.rfind(b"<")
        return lt if lt > data.rfind(b">") else len(data)

    def _process(self, seg: bytes) -> None:
        if self.state == "pre":
            if self.prefix is None:
                m = _ROOT_PREFIX.search(seg)
                if m:
                    self.prefix = m.group(1) or b""
                    if self.prefix:
                        self._compile(self.prefix)
            if b"sheetData" not in seg:
                return
            m = _SHEETDATA_START.search(seg)
            if not m:
                return
            self.state = "data"
            self.found_sheet = True
            seg = seg[m.end():]
        if self.state == "data":
            end = _SHEETDATA_END.search(seg) if b"sheetData" in seg else None
            self._cells(seg[:end.start()] if end else seg)
            if not end:
                return
            self.state = "post"
            seg = seg[end.end():]
        # after </sheetData>: calamine stops, but a fake end tag (in a comment, say) must not hide cells
        if _ANY_C.search(seg):
            self.irregular = True

    def _cells(self, body: bytes) -> None:
        rows = self.cell_re.findall(body)
        if body.count(b"<c") + body.count(b":c") != len(rows) and len(_ANY_C.findall(body)) != len(rows):
            self.irregular = True
            return
        if not rows:
            return
        self.max_row = max(self.max_row, max(map(int, set(rows))))
        while self.col_re is not None:
            found = [m.group(1) for m in self.col_re.finditer(body)]
            if not found:
                break
            self.max_letters = max(found, key=lambda s: (len(s), s))
            self.max_col = _letters_to_col(self.max_letters)
            self._compile_cols()
        if self.f_start in body:
            self._uncached(body)

    def _uncached(self, body: bytes) -> None:
        found = []
        for regex in self.uncached_res:
            for m in regex.finditer(body):
                start = body.rfind(self.cell_start, 0, m.start())
                tag = self.tag_re.match(body, start) if start >= 0 else None
                if tag is None:
                    continue
                found.append((start, tag.group(1).decode("ascii")))
        self.uncached.extend(ref for _, ref in sorted(found))


def _letters_to_col(letters: bytes) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ch - 64
    return col


class _ExpatSheet:
    """Exact used range of one worksheet part, following calamine's own rules, with expat.

    calamine starts at ``<sheetData>``, takes a cell's position from its ``r`` attribute or else
    from counters (``</row>`` moves to the next row), skips cells without content and stops at the
    first ``</sheetData>``. Positions are computed with Python integers, so nothing wraps around.
    """

    def __init__(self, sheet: str, bound: tuple[int, int] | None = None):
        self.sheet = sheet
        self.bound = bound  # (rows, cols) known to include every cell, from the fast scan
        self.state = "pre"
        self.row = 0  # 0-based, as calamine's row_index
        self.col = 0
        self.cells: list[list] = []  # open cells: [row, col, has content, has <f>, has <v>…</v>, in <v>]
        self.max_row = 0
        self.max_col = 0
        self.uncached: list[str] = []
        self.window = b""
        self.window_start = self.fed = 0
        self.parser = _new_expat()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end

    def feed(self, chunk: bytes, final: bool = False) -> None:
        # the bytes being parsed, with two bytes of the previous piece, for _self_closing()
        self.window = self.window[-2:] + chunk
        self.window_start = self.fed - (len(self.window) - len(chunk))
        self.fed += len(chunk)
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError:
            raise _Refused("corrupt") from None

    def _self_closing(self) -> bool:
        """In an end handler: was the element written as <x/>? (expat reports <x/> like <x></x>)"""
        end = self.parser.CurrentByteIndex - self.window_start
        return end >= 2 and self.window[end - 2:end] == b"/>"

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.state != "data":
            if self.state == "pre" and name.rpartition(":")[2] == "sheetData":
                self.state = "data"
            return
        local = name.rpartition(":")[2]
        if self.cells:
            cell = self.cells[-1]
            cell[2] = True
            if local == "f":
                cell[3] = True
            elif local == "v":
                cell[5] = True
        if local == "c":
            ref = attrs.get("r")
            if ref is not None:
                pos = _parse_ref(ref)
                if pos is None or pos[1] == 0:
                    self.state = "post"  # calamine fails on this sheet: nothing more is read
                    return
                row, col = pos[0] - 1, pos[1] - 1
            else:
                row, col = self.row, self.col
            self.col = col + 1
            self.cells.append([row, col, False, False, False, False])
        elif local == "row" and not self.cells:
            ref = attrs.get("r")
            if ref is not None:
                pos = _parse_ref(ref)
                if pos is None:
                    self.state = "post"
                    return
                self.row = pos[0] - 1

    def end(self, name: str) -> None:
        if self.state != "data":
            return
        local = name.rpartition(":")[2]
        if local == "c" and self.cells:
            row, col, content, has_f, has_v, _ = self.cells.pop()
            if content:
                self.max_row = max(self.max_row, row + 1)
                self.max_col = max(self.max_col, col + 1)
                if self.max_row * self.max_col > MAX_CELLS or row >= MAX_ROWS or col >= MAX_COLUMNS:
                    extent = (self.max_row, self.max_col)
                    if row >= MAX_ROWS or col >= MAX_COLUMNS:
                        extent = (row + 1, col + 1)  # name the cell beyond the grid itself
                    _check_extent(self.sheet, *extent, at_least=extent != self.bound)
            if has_f and not has_v:
                self.uncached.append(f"{_column_letters(col + 1)}{row + 1}")
        elif local == "v" and self.cells:
            # <v/> is no value (openpyxl writes <v />); <v></v> is a cached empty string
            if not self._self_closing():
                self.cells[-1][4] = True
        elif local == "row" and not self.cells:
            self.row += 1
            self.col = 0
        elif local == "sheetData":
            self.state = "post"


def _sheet_names(data: bytes, infos: list[zipfile.ZipInfo], budget: _Budget) -> dict[str, str]:
    """Lower-case zip path of each worksheet part -> sheet name (from workbook.xml and its rels)."""
    by_name = {info.filename.lower(): info for info in infos}
    texts = {}
    for path in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        info = by_name.get(path)
        if info is None or info.file_size > _MAX_META_BYTES:
            return {}
        texts[path] = _read_member(data, info, budget)
    try:
        workbook = ElementTree.fromstring(texts["xl/workbook.xml"])
        rels = ElementTree.fromstring(texts["xl/_rels/workbook.xml.rels"])
    except ElementTree.ParseError:
        return {}
    targets = {}
    for rel in rels.iter():
        if rel.tag.rpartition("}")[2] == "Relationship" and rel.get("Id") and rel.get("Target"):
            target = rel.get("Target", "").replace("\\", "/")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            targets[rel.get("Id")] = path.lower()
    names = {}
    for sheet in workbook.iter():
        if sheet.tag.rpartition("}")[2] != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.rpartition("}")[2] == "id" and k != "sheetId"), None)
        if rid in targets and sheet.get("name"):
            names[targets[rid]] = sheet.get("name", "")
    return names


# ------------------------------------------------------------------------------------------------ ods

_ODS_VALUE_ATTRS = (
    "office:value", "office:string-value", "office:date-value", "office:time-value",
    "office:boolean-value", "table:formula",
)
_ODS_CELLS = ("table:table-cell", "table:covered-table-cell")
_ODS_PLAIN_PARAGRAPH = re.compile(rb"<text:p(?:\s[^<>]*)?(?<!/)>[^<]*</text:p>")  # text only, no children


class _OdsScan:
    """Used range of every table in an ODS content.xml, following calamine's rules, with expat.

    A row's extent is the end of its last non-empty cell (a cell counts as non-empty when it carries
    a value or formula attribute); ``number-columns-repeated`` and ``number-rows-repeated`` multiply,
    so LibreOffice's repeated *empty* trailing cells and rows cost nothing, while a value repeated
    a million times does. As in calamine, a cell's content is skipped up to its own end tag, a table
    ends at the first ``</table:table>`` and names must carry the literal ``table:`` prefix. Row
    counts are not capped, so the result is never below calamine's.

    The handlers are closures over local state (this runs for every element of files with millions
    of cells), and ``<text:p …>…</text:p>`` paragraphs holding only text, which cannot change the
    structure, are cut out of each piece before expat sees it.
    """

    def __init__(self) -> None:
        self.cell_tags = 0
        self.sheet_cells: dict[str, int] = {}  # table name -> used range (calamine reads every table at once)
        self.parser = parser = _new_expat()
        # state: table name, tables seen, rows before this one, max row, max col, in row, row repeat,
        # column, end of last non-empty cell, open cell name, depth of same-name elements in that cell
        table: str | None = None
        tables = row = max_row = max_col = col = last = depth = 0
        in_row = False
        row_repeat = 1
        cell: str | None = None
        value_attrs = _ODS_VALUE_ATTRS
        cell_names = _ODS_CELLS

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal table, tables, row, max_row, max_col, in_row, row_repeat, col, last, cell, depth
            if cell is not None:  # inside a cell: calamine skips to the cell's own end tag
                if name == cell:
                    depth += 1
            elif in_row and name in cell_names:
                if attrs:
                    repeat = attrs.get("table:number-columns-repeated")
                    col += (_parse_int(repeat) or 1) if repeat else 1
                    # non-empty: any value type or value/formula attribute (calamine: a value or formula)
                    if "office:value-type" in attrs or any(key in attrs for key in value_attrs):
                        last = col
                else:
                    col += 1
                cell = name
                depth = 1
            elif name == "table:table-row":
                if table is not None:
                    in_row = True
                    row_repeat = _parse_int(attrs.get("table:number-rows-repeated")) or 1
                    col = last = 0
            elif name == "table:table" and table is None:
                tables += 1
                table = attrs.get("table:name") or f"Tabelle{tables}"
                row = max_row = max_col = 0
                in_row = False

        def end(name: str) -> None:
            nonlocal table, row, max_row, max_col, in_row, cell, depth
            if cell is not None:
                if name == cell:
                    depth -= 1
                    if depth == 0:
                        cell = None
            elif name == "table:table-row":
                if in_row:
                    in_row = False
                    if last:
                        max_row = row + row_repeat
                        max_col = max(max_col, last)
                        if max_row * max_col > MAX_CELLS or max_row > MAX_ROWS or last > MAX_COLUMNS:
                            _check_extent(table or "", max_row, max(last, max_col) if last > MAX_COLUMNS
                                          else max_col, at_least=True)
                    row += row_repeat
            elif name == "table:table":
                if table is not None:
                    self.sheet_cells[table] = max_row * max_col
                table = None
                in_row = False

        parser.StartElementHandler = start
        parser.EndElementHandler = end

    def feed(self, chunk: bytes, final: bool = False) -> None:
        self.cell_tags += chunk.count(b"<table:table-cell") + chunk.count(b"<table:covered-table-cell")
        if self.cell_tags > _MAX_ODS_CELL_TAGS:
            raise _Refused("too_many_cell_tags")
        try:
            self.parser.Parse(_ODS_PLAIN_PARAGRAPH.sub(b"", chunk) if b"<text:p" in chunk else chunk, final)
        except expat.ExpatError:
            raise _Refused("corrupt") from None


_SI_TAGS = (b"<si>", b"<si ", b"<si/", b":si>", b":si ", b":si/")  # start of one shared string (any prefix)


class _SharedStringScan:
    """Count ``<si>`` entries of a shared-string table while it streams by, with the size of each.

    Counting is done with ``bytes.count`` (C speed, 46 million tiny strings cost about a second); the
    size of one string is the distance between two ``<si`` starts, which only needs the first and last
    start of each piece (within a piece no distance exceeds the piece, and pieces are CHUNK_BYTES, at
    most MAX_SHARED_STRING_BYTES).
    """

    def __init__(self) -> None:
        self.count = 0
        self.fed = 0  # bytes seen
        self.last = -1  # stream position of the last <si start
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self.tail + chunk
        base = self.fed - len(self.tail)
        found = sum(data.count(tag) for tag in _SI_TAGS) - sum(self.tail.count(tag) for tag in _SI_TAGS)
        if found:
            self.count += found
            if self.count > MAX_SHARED_STRINGS:
                raise _Refused("shared_strings_count", count=self.count, at_least=True)
            starts = [p for p in (data.find(tag, max(0, len(self.tail) - len(tag) + 1)) for tag in _SI_TAGS)
                      if p >= 0]
            first = base + min(starts)
            if self.last >= 0:
                self._size(first - self.last)
            self.last = base + max(data.rfind(tag) for tag in _SI_TAGS)
        self.fed += len(chunk)
        self.tail = data[-8:]
        if self.count and self.fed > MAX_SHARED_STRINGS_BYTES:
            raise _Refused("shared_strings_bytes", size=self.fed, at_least=True)
        if self.last >= 0:
            self._size(self.fed - self.last, at_least=True)

    def _size(self, size: int, at_least: bool = False) -> None:
        if size > MAX_SHARED_STRING_BYTES:
            raise _Refused("shared_string_size", size=size, at_least=at_least)


def _check_members(data: bytes, infos: list[zipfile.ZipInfo], budget: _Budget,
                   kind: str) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Stream every zip member once (bomb, CRC, encoding and DOCTYPE checks) and scan the sheets.

    xlsx: every XML part goes through :class:`_SheetScan` (a worksheet is recognised by its
    ``<sheetData>``, whatever its name); irregular or too large ones are re-read with
    :class:`_ExpatSheet`. A ``content.xml`` is scanned as ODS in both kinds, because calamine tries
    ODS when a file fails to open as xlsx. Every XML part of an xlsx is also counted as a possible
    shared-string table (calamine finds it through the relationships, whatever its name).
    Returns the uncached formulas (xlsx) and the cells of each sheet's used range.
    """
    names = _sheet_names(data, infos, budget) if kind == "xlsx" else {}
    uncached: dict[str, list[str]] = {}
    cells: dict[str, int] = {}
    for info in infos:
        lower = info.filename.lower()
        xml = lower in names or not _is_binary(lower)
        if kind == "xlsx" and lower.endswith("sharedstrings.xml") and info.file_size > MAX_SHARED_STRINGS_BYTES:
            raise _Refused("shared_strings_bytes", size=info.file_size)  # declared size: refused before inflating
        guard = _XmlGuard(xml=xml, unique_count=lower.endswith("sharedstrings.xml"))
        # without a sheet map (broken workbook.xml or rels) any member could be a sheet for calamine
        scan = _SheetScan() if kind == "xlsx" and (xml or not names) else None
        strings = _SharedStringScan() if kind == "xlsx" and xml and lower not in names else None
        ods = _OdsScan() if info.filename == "content.xml" else None
        big = info.file_size > _MAX_SLOW_SHEET_BYTES  # too large for an exact re-read: the fast scan decides
        for chunk in _member_chunks(data, info, budget):
            guard.feed(chunk)
            if scan is not None:
                scan.feed(chunk)
                if big and not scan.irregular and _over_budget(scan.max_row, scan.max_col):
                    sheet = names.get(lower) or posixpath.splitext(posixpath.basename(info.filename))[0]
                    _check_extent(sheet, scan.max_row, scan.max_col, at_least=True)  # refused early
            if strings is not None:
                strings.feed(chunk)
            if ods is not None:
                ods.feed(chunk)
        if ods is not None:
            ods.feed(b"", final=True)
            total = sum(ods.sheet_cells.values())
            if total > MAX_CELLS:  # calamine reads every table of an ODS when it opens the file
                raise _Refused("workbook_cells", sheets=len(ods.sheet_cells), cells=total, limit=MAX_CELLS)
            if kind == "ods":
                cells.update(ods.sheet_cells)
        if scan is None:
            continue
        scan.finish()
        if not scan.found_sheet:
            continue
        sheet = names.get(lower) or posixpath.splitext(posixpath.basename(info.filename))[0] or info.filename
        refs = scan.uncached
        extent = (scan.max_row, scan.max_col)
        if scan.irregular or _over_budget(*extent):
            if info.file_size > _MAX_SLOW_SHEET_BYTES:
                if scan.irregular:
                    raise _Refused("unusual")
                _check_extent(sheet, *extent)
            exact = _ExpatSheet(sheet, None if scan.irregular else extent)
            for chunk in _member_chunks(data, info, None):
                exact.feed(chunk)
            exact.feed(b"", final=True)
            refs = exact.uncached
            extent = (exact.max_row, exact.max_col)
        if refs:
            uncached.setdefault(sheet, []).extend(refs)
        cells[sheet] = cells.get(sheet, 0) + extent[0] * extent[1]
    total = sum(cells.values()) if kind == "xlsx" else 0  # each sheet is within MAX_CELLS: the scan is bounded
    if total > MAX_WORKBOOK_CELLS:
        raise _Refused("workbook_cells", sheets=len(cells), cells=total, limit=MAX_WORKBOOK_CELLS)
    return uncached, cells


def _over_budget(rows: int, cols: int) -> bool:
    return rows > MAX_ROWS or cols > MAX_COLUMNS or rows * cols > MAX_CELLS
