"""CSV into rows of text under the resource budget: encoding, delimiter, rows, columns, field sizes.

The limits and the sentences live in :mod:`.safety`; this module applies them while the csv module
reads, record by record, so a hostile file is refused after at most the budget's worth of work
(never allocated first and failed after). Row numbers in messages count records (what Excel shows
as row numbers when it opens the file), column letters as in Excel.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable

from ..i18n import Phrase
from . import safety
from .encoding import LABELS, decode

# The csv module refuses fields over its limit with an English error; ours is checked per field below
# (exact row and column), the module's own limit only stops a field before it grows past one record.
csv.field_size_limit(safety.MAX_LINE_CHARS)

_CANDIDATES = (";", "\t", ",", "|")
_SNIFF_CHARS = 64 * 1024
_SNIFF_RECORDS = 50
_DECIMAL_COMMA = re.compile(r"^\s*-?\d{1,3}(?:\.\d{3})*,\d+\s*(?:€|%)?\s*$|^\s*-?\d+,\d+\s*(?:€|%)?\s*$")



def _label(codec: str) -> str:
    """An encoding's name for people: code page 850 has words ("DOS-Codepage 850" / "DOS code page 850")."""
    return Phrase("csv.encoding.cp850") if codec == "cp850" else LABELS[codec]

def sniff_delimiter(text: str) -> str:
    """The separator that splits the first records most consistently, counted *outside quotes*.

    Each candidate parses the first records with the csv module; the winner has the most records
    with the same number of fields (at least two), then the fewest fields with a stray quote (a
    quoted name split in the middle by the wrong separator leaves one), then the larger number. A
    comma file whose quoted names contain semicolons therefore splits on the comma.
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ";", (0, 0, 0)
    for delim in _CANDIDATES:
        counts = []
        stray = 0
        try:
            for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delim):
                if any(field.strip() for field in record):
                    counts.append(len(record))
                    stray += sum('"' in field for field in record)
                if len(counts) >= _SNIFF_RECORDS:
                    break
        except csv.Error:
            continue
        if not counts:
            continue
        width, agree = Counter(counts).most_common(1)[0]
        score = (agree, -stray, width) if width >= 2 else (0, 0, 0)
        if score > best_score:
            best, best_score = delim, score
    return best


def _letters(index: int) -> str:
    return safety._column_letters(index + 1)


def read_csv(data: bytes, filename: str) -> tuple[list[list[str]], bool, list[str]]:
    """Rows of text, whether the file uses a decimal comma, and notes (e.g. lines in another encoding)."""
    decoded = decode(data)
    if decoded is None:
        raise safety.refusal("encoding", filename)
    notes = []
    if decoded.foreign_lines:
        lines = decoded.foreign_lines
        more = Phrase("csv.more_lines", {"n": len(lines) - 10}) if len(lines) > 10 else ""
        notes.append(Phrase("csv.foreign_lines", {"n": len(lines), "lines": lines[:10], "more": more,
                                                  "encoding": _label(decoded.foreign_encoding or "cp1252")}))
    elif decoded.encoding in ("cp850", "utf-16-le", "utf-16-be"):
        notes.append(Phrase("csv.read_as", {"encoding": _label(decoded.encoding)}))
    delim = sniff_delimiter(decoded.head(_SNIFF_CHARS + 1))
    rows = _parse(decoded.lines(), delim, filename)
    sample = [v for r in rows[:200] for v in r if v]
    decimal_comma = delim == ";" or any(_DECIMAL_COMMA.match(v) for v in sample)
    return rows, decimal_comma, notes


def _parse(lines: Iterable[str], delim: str, filename: str) -> list[list[str]]:
    rows: list[list[str]] = []
    width = 0
    max_field = safety.MAX_FIELD_CHARS
    wide = safety.MAX_LINE_CHARS // max_field  # records with fewer fields cannot exceed the line limit
    reader = csv.reader(lines, delimiter=delim)
    while True:
        number = len(rows) + 1  # record number = Excel row
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "NUL" in str(exc):
                raise safety.refusal("csv_null", filename, row=number) from None
            raise safety.refusal("csv_field", filename, row=number, chars=safety.MAX_LINE_CHARS,
                                 at_least=True) from None
        n = len(row)
        if n > width:
            if n > safety.MAX_COLUMNS:
                raise safety.refusal("csv_columns", filename, row=number, columns=n)
            width = n
        if number > safety.MAX_ROWS:
            raise safety.refusal("csv_rows", filename)
        if number * width > safety.MAX_CELLS:
            raise safety.refusal("csv_cells", filename, row=number)
        if n and max(map(len, row)) > max_field:
            j = next(j for j, value in enumerate(row) if len(value) > max_field)
            raise safety.refusal("csv_field", filename, row=number, column=_letters(j), chars=len(row[j]))
        if n > wide and sum(map(len, row)) > safety.MAX_LINE_CHARS:
            raise safety.refusal("csv_line", filename, row=number, chars=sum(map(len, row)))
        rows.append(row)
    return rows
