"""Safety check of an uploaded file: its verdict decides before any parser's result is used.

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

:func:`check_file` therefore looks at the raw bytes itself and refuses, with one German sentence
(:class:`~kundenwert.errors.InputFileError`), everything that is not a plain, readable customer
list: empty or too large files, other file types, old ``.xls``, password-protected workbooks,
corrupt or truncated zips, zip bombs, XML with a DOCTYPE (entity bombs, external entities), and
sheets whose used range is larger than :data:`MAX_CELLS`. It never calls calamine, keeps memory
bounded (the file is decompressed in 1 MB pieces) and gives up early.

In the worker process (:mod:`.child`) the scan of an xlsx or ods runs in a thread while calamine
already parses the likely sheet (calamine releases the GIL): a refusal ends the worker at once, and
only a passed scan lets the reader use what calamine parsed. Should calamine abort the worker on such
a file before the scan is done, the caller runs the scan alone on the same bytes
(:mod:`.worker`), so the sentence is this module's all the same.

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

The resource budget (issue 14) is checked by the same scans, before the reader uses anything calamine allocated:
every cell inside Excel's grid (:data:`MAX_ROWS` x :data:`MAX_COLUMNS`; a cell at C9999999 is
refused), at most :data:`MAX_CELLS` in one sheet's used range and :data:`MAX_WORKBOOK_CELLS` in all
sheets of an xlsx together (the reader may open each while it looks for the list; an ODS is read
whole, so there all tables together count against :data:`MAX_CELLS`), and the shared-string table
counted while it streams (entries, bytes, the largest single entry), whatever its ``uniqueCount``
claims. A sheet XML too large for the exact re-read is refused as soon as the fast scan passes the
budget. CSV limits (rows, columns, cells, field and record size) are applied record by record in
:mod:`.csvfile`; the sentences for all of them are here, in :func:`_message`.

This module holds the limits (the file size, checked before the worker starts, in :mod:`.limits`), the
sentences and the entry point; the zip container is streamed by
:mod:`.zipscan` and the XML of sheets, ODS content and shared strings is scanned by :mod:`.sheetscan`
(both read the limits from here when they use them, so tests and callers change them in one place).

The check does not look at ``<dimension ref="…"/>``: calamine 0.9.1 uses it only to reserve memory
when it is below 100,000 cells, so an inflated dimension (common after formatting) is harmless and
refusing it would turn away files that open fine.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
from dataclasses import dataclass, field
from functools import partial

from ..errors import InputFileError
from ..i18n import catalogue, number, text
from ..i18n.numbers import symbols
from . import limits
from .encoding import head_text

_NO_NAME_DE = catalogue("de")["safety.no_name"]   # the name shown for a file without one
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024  # all members of a zip together, counted while decompressing

# The resource budget. Every figure is checked before the reader uses what calamine (or the CSV reader) read.
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
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"{\\rtf", "rtf"),
)
# Weak signatures: only used to describe a file that is already known not to be text.
_WEAK_SIGNATURES = (
    (b"MZ", "exe"),
    (b"\x7fELF", "elf"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"BZh", "bzip2"),
)


@dataclass
class FileCheck:
    """What :func:`check_file` found out about a file it accepts."""

    kind: str  # "xlsx" (also for .xlsm), "ods" or "csv"
    # xlsx only: sheet NAME -> refs like "D7" of formula cells saved without a cached value.
    uncached_formulas: dict[str, list[str]] = field(default_factory=dict)
    # xlsx/ods: sheet NAME -> cells of its used range (rows x columns) as calamine will allocate them
    sheet_cells: dict[str, int] = field(default_factory=dict, compare=False)
    # xlsx only: sheet NAME -> {ref: error text} of cells holding an Excel error (t="e"), which calamine
    # reads as blank; the reader hands them on so that an error is never taken for a missing value
    error_cells: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)
    # xlsx only: sheet NAME -> refs of cells whose number format shows a percent (Excel shows 0.75 as "75 %")
    percent_cells: dict[str, list[str]] = field(default_factory=dict, compare=False)


# ------------------------------------------------------------------------------------------ messages

class _Refused(Exception):
    """Internal: the file is refused; `key` selects the message in :func:`_message`."""

    def __init__(self, key: str, **details: object):
        super().__init__(key)
        self.key = key
        self.details = details


def _num(value: float, decimals: int = 1, lang: str = "de") -> str:
    """Number text without trailing zeros: 1,5 / 100 / 1.234.567 (German), 1.5 / 1,234,567 (English)."""
    out = number(value, decimals, lang)
    dec = symbols(lang).decimal
    if dec in out:
        out = out.rstrip("0").rstrip(dec)
    return out


def _size_text(n: int, lang: str = "de") -> str:
    """Bytes as text with binary units: 100 MB, 1 GB, 512 KB."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= factor:
            return f"{_num(n / factor, 1, lang)} {unit}"
    return f"{n} {text('safety.bytes', lang)}"


def _count_text(n: int, lang: str = "de") -> str:
    """A cell count in words: 17 Milliarden, 1 Million, 35.000 (17 billion, 1 million, 35,000)."""
    for key, factor in (("safety.billion", 10**9), ("safety.million", 10**6)):
        if n >= factor:
            decimals = 1 if n < 10 * factor else 0
            value = math.floor(n / factor * 10**decimals) / 10**decimals  # floored: "mindestens 29 Millionen"
            shown = _num(value, decimals, lang)
            one, many = text(key, lang).split("|")
            return f"{shown} {one if shown == '1' else many}"
    return _num(n, 0, lang)


def _what(key: str, lang: str = "de") -> str:
    """What a refused file is instead ("ein PDF-Dokument"), from the catalogue."""
    return text(f"safety.what.{key}", lang)


def _instead(key: str, lang: str = "de") -> str:
    return text("safety.instead", lang, what=_what(key, lang))


def _reason(code: str, number: object, lang: str) -> str:
    """Why the OS could not read a file: ``code`` an ``os.read.<code>`` key ("other": ``number`` is the errno),
    none: a read error."""
    if not code:
        return _what("read_error", lang)
    return text(f"os.read.{code}", lang, number=str(number))


def _column_letters(col: int) -> str:
    """1-based column number -> Excel letters (1 -> A, 16384 -> XFD)."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters or "A"


def _message(key: str, name: str, lang: str = "de", **d: object) -> str:
    """The sentence of a refusal in ``lang`` (German by default), one line."""
    at_least = text("safety.at_least", lang) if d.get("at_least") else ""
    size_bytes = int(d.get("size", 0))

    def count(n: object) -> str:
        return _count_text(int(n or 0), lang)

    def num(n: object) -> str:
        return _num(int(n or 0), 0, lang)
    p: dict[str, object] = {"name": name, "resave": text("safety.resave", lang)}
    if key == "too_large":
        limit, size = _size_text(limits.MAX_FILE_BYTES, lang), _size_text(size_bytes, lang)
        if size == limit:  # 100.0004 MB would read "100 MB groß; erlaubt sind höchstens 100 MB"
            size = text("safety.more_than", lang, amount=limit)
        p |= {"size": size, "limit": limit}
    elif key == "encrypted":
        p["how"] = text("safety.encrypted.libreoffice" if d.get("app") == "LibreOffice" else "safety.encrypted.excel",
                        lang)
    elif key == "no_spreadsheet":
        p["what"] = _instead(str(d["what"]), lang) if d.get("what") else ""
    elif key == "text_not_excel":
        p |= {"fmt": d.get("fmt", "Excel"), "what": _what(str(d.get("what") or "text"), lang)}
    elif key == "csv_not_excel":
        p |= {"fmt": d.get("fmt", "Excel"), "ext": d.get("ext", ".xlsx")}
    elif key == "bomb":
        p["limit"] = _size_text(MAX_UNCOMPRESSED_BYTES, lang)
    elif key == "too_many_cells":
        p |= {"sheet": d.get("sheet"), "ref": d.get("ref"), "at_least": at_least, "cells": count(d.get("cells")),
              "limit": count(MAX_CELLS)}
    elif key == "too_many_cell_tags":
        p["limit"] = count(_MAX_ODS_CELL_TAGS)
    elif key == "beyond_excel":
        where = (text("safety.beyond_rows", lang, last=num(MAX_ROWS)) if int(d.get("rows", 0)) > MAX_ROWS else
                 text("safety.beyond_columns", lang, last=num(MAX_COLUMNS)))
        p |= {"sheet": d.get("sheet"), "ref": d.get("ref"), "where": where}
    elif key == "workbook_cells":
        p |= {"sheets": d.get("sheets"), "cells": count(d.get("cells")),
              "limit": count(d.get("limit", MAX_WORKBOOK_CELLS))}
    elif key == "shared_strings_count":
        p |= {"at_least": at_least, "count": count(d.get("count")), "limit": count(MAX_SHARED_STRINGS)}
    elif key == "shared_strings_bytes":
        limit = _size_text(MAX_SHARED_STRINGS_BYTES, lang)
        larger = d.get("at_least") or _size_text(size_bytes, lang) == limit
        p |= {"limit": limit, "size": text("safety.size_larger", lang, limit=limit) if larger else
              text("safety.size_is", lang, size=_size_text(size_bytes, lang))}
    elif key == "shared_string_size":
        limit = _size_text(MAX_SHARED_STRING_BYTES, lang)
        larger = d.get("at_least") or _size_text(size_bytes, lang) == limit
        p |= {"chars": num(MAX_FIELD_CHARS),
              "size": text("safety.text_more_than", lang, limit=limit) if larger else
              text("safety.text_of", lang, size=_size_text(size_bytes, lang), limit=limit)}
    elif key == "csv_columns":
        p |= {"line": num(d.get("row")), "columns": num(d.get("columns")), "limit": num(MAX_COLUMNS)}
    elif key == "csv_rows":
        p["limit"] = num(MAX_ROWS)
    elif key == "csv_cells":
        p |= {"limit": count(MAX_CELLS), "line": num(d.get("row"))}
    elif key == "csv_field":
        p |= {"line": num(d.get("row")), "more": text("safety.more_than_word", lang) if d.get("at_least") else "",
              "column": text("safety.csv_field_column", lang, column=d["column"]) if d.get("column") else "",
              "chars": num(d.get("chars")), "limit": num(MAX_FIELD_CHARS)}
    elif key == "csv_line":
        p |= {"line": num(d.get("row")), "chars": num(d.get("chars")), "limit": num(MAX_LINE_CHARS)}
    elif key == "csv_null":
        p["line"] = num(d.get("row"))
    elif key == "timeout":
        seconds = float(d.get("seconds", 0))
        p["seconds"] = int(round(seconds))
    elif key == "memory":
        p["limit"] = _size_text(int(d.get("limit", 0)), lang)
    elif key == "not_regular":
        p["what"] = _what(str(d.get("what") or "other"), lang)
    elif key == "os_error":
        p["reason"] = _reason(str(d.get("reason") or ""), d.get("number", ""), lang)
    return " ".join(text(f"safety.{key}", lang, **p).split())


def refusal(key: str, filename: str, **details: object) -> InputFileError:
    """The InputFileError for one of this module's refusals (used by the reader and the worker); its
    ``text(lang)`` gives the sentence in another language."""
    return _error(key, _display_name(filename), details)


def _error(key: str, name: str, details: dict) -> InputFileError:
    return InputFileError(_message(key, name, **details), render=partial(_render, key, name, details))


def _render(key: str, name: str, details: dict, lang: str) -> str:
    if name == _NO_NAME_DE:
        name = text("safety.no_name", lang)
    return _message(key, name, lang, **details)


def encode_refusal(exc: InputFileError) -> bytes:
    """The refusal's sentence as UTF-8, and after a NUL its key and details as JSON (the worker process
    hands both to the parent, which can then give the sentence in another language)."""
    out = str(exc).encode("utf-8")
    render = exc.render
    if isinstance(render, partial) and render.func is _render:
        with contextlib.suppress(TypeError, ValueError):
            out += b"\0" + json.dumps(render.args, ensure_ascii=True).encode("ascii")
    return out


def refusal_key(exc: InputFileError) -> str | None:
    """The key of one of this module's refusals (``"corrupt"``, ``"too_many_cells"`` …), else None."""
    render = exc.render
    return render.args[0] if isinstance(render, partial) and render.func is _render else None


def decode_refusal(body: bytes) -> InputFileError:
    """The InputFileError of :func:`encode_refusal`'s bytes (plain text from an older worker works too)."""
    text_part, _, extra = body.partition(b"\0")
    message = text_part.decode("utf-8", "replace")
    try:
        key, name, details = json.loads(extra) if extra else (None, None, None)
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, str) or f"safety.{key}" not in catalogue("de") or not isinstance(details, dict):
        return InputFileError(message)
    return InputFileError(message, render=partial(_render, key, str(name), details))


def size_text(n: int, lang: str = "de") -> str:
    """Bytes as text in the unit every limit here is stated in (binary: 100 MB = 100 MiB)."""
    return _size_text(n, lang)


def _display_name(filename: str) -> str:
    base = re.split(r"[\\/]", filename or "")[-1].strip()
    return base or _NO_NAME_DE


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


# ----------------------------------------------------------------------------------------- entry point

def zip_based(data: bytes) -> bool:
    """An xlsx, xlsm or ods by its first bytes (a zip): calamine's kind of file."""
    return data[:4] in _ZIP_MAGICS



def check_file(data: bytes, filename: str) -> FileCheck:
    """Check an uploaded file before any parser's result is used; refuse it with one German sentence.

    The kind is decided by content (magic bytes), not by the name; the name is used in messages
    and to tell CSV from other text. Text named like a workbook (.xlsx, .xls, .ods …) is refused,
    never read as CSV: name and content must agree where text could be misread as a table. Raises :class:`InputFileError` for every refused file.
    """
    name = _display_name(filename)
    try:
        if not isinstance(data, bytes):
            data = bytes(data)
        return _check(data, name)
    except _Refused as refused:
        raise _error(refused.key, name, refused.details) from None
    except InputFileError:
        raise
    except MemoryError:
        raise _error("unusual", name, {}) from None
    except Exception as exc:  # a file that trips the checker itself is not a file to hand to calamine
        raise _error("unusual", name, {}) from exc


def _check(data: bytes, name: str) -> FileCheck:
    if not data:
        raise _Refused("empty")
    if len(data) > limits.MAX_FILE_BYTES:
        raise _Refused("too_large", size=len(data))
    if data.startswith(_OLE2_MAGIC):
        raise _ole2_refusal(data)
    if zip_based(data):
        from .zipscan import _check_zip

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
        return _Refused("no_spreadsheet", what="doc")
    if has_stream("PowerPoint Document"):
        return _Refused("no_spreadsheet", what="ppt")
    return _Refused("no_spreadsheet", what="ole")


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
            raise _Refused("no_spreadsheet", what=what)
    text = _text_head(data)
    if text is None:
        what = next((w for magic, w in _WEAK_SIGNATURES if data.startswith(magic)), None)
        raise _Refused("no_spreadsheet", what=what or "")
    ext = _extension(name)
    if ext in _TEXT_EXTENSIONS:
        return FileCheck("csv")
    fmt = "ODS" if ext in _ODS_EXTENSIONS else "Excel"
    start = text.lstrip().lower()
    if start.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in start:
            what = "xml2003"
        elif "<html" in start or "<table" in start or start.startswith("<!doctype html"):
            what = "html"
        else:
            what = "xml"
        if ext in _EXCEL_EXTENSIONS or ext in _ODS_EXTENSIONS:
            raise _Refused("text_not_excel", fmt=fmt, what=what)
        raise _Refused("no_spreadsheet", what=what)
    if ext in _EXCEL_EXTENSIONS or ext in _ODS_EXTENSIONS:   # name and content must agree: no text as a workbook
        if _looks_like_csv(text):
            raise _Refused("csv_not_excel", fmt=fmt, ext=ext)
        raise _Refused("text_not_excel", fmt=fmt, what="no_columns")
    if _looks_like_csv(text):
        return FileCheck("csv")
    return FileCheck("csv")


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



def _over_budget(rows: int, cols: int) -> bool:
    return rows > MAX_ROWS or cols > MAX_COLUMNS or rows * cols > MAX_CELLS
