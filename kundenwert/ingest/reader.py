"""Reading a customer list file into a raw table: sheet choice, header row, Excel positions.

Nothing here interprets cell values; that is `dataset.build`. The raw table keeps every cell as the
reader gave it (float, str, bool, date, '' for blank) together with its Excel row number and column
letter, so every later message can name the cell as Excel shows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import islice

import numpy as np

from ..criteria import CRITERION_KEYS, recognise_header
from ..errors import InputFileError
from ..i18n import Phrase
from .csvfile import read_csv
from .safety import FileCheck, check_file
from .workbook import _Workbook, _worksheets

HEADER_SCAN_ROWS = 30  # the header is looked for in this many rows from the top of the used range
_DEEP_SCAN_ROWS = 1000  # a header further down is only named in the message, never guessed
_SHEETS_NAMED = 20  # other sheets named in the note, then " …"


def column_letter(index: int) -> str:
    """0-based column index -> Excel column letters (0 -> A, 25 -> Z, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_REF = re.compile(r"([A-Z]+)(\d+)")


def parse_ref(ref: str) -> tuple[int, int]:
    """"D7" -> (Excel row 7, 0-based column 3)."""
    m = _REF.fullmatch(ref)
    if not m:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + (ord(ch) - 64)
    return int(m.group(2)), col - 1


class RawTable:
    """One sheet's customer table as read, before interpretation.

    The cells are kept column-wise (`columns[j][i]`: column j of data row i), as the reader fills
    them and `dataset.build` reads them: a million rows are three columns, not a million row lists.
    A column is a list of cells, or a float64 array when every cell of it is a number or blank (the
    reader does that; NaN in such an array is a blank cell, '', and nothing else: a column holding a
    real NaN stays a list). `cells()` and `rows` always give Python values, '' for a blank.
    `rows` is a row-wise view of the same cells (read-only); a table can also be made from rows.
    `row_numbers` is a range when the rows are consecutive (always so from the reader).
    """

    def __init__(self, source_name: str, kind: str, sheet: str | None, sheet_names: list[str], header_row: int,
                 headers: list[str], letters: list[str], rows: Sequence[Sequence] | None = None,
                 row_numbers: Sequence[int] | None = None, uncached: set[tuple[int, int]] | None = None,
                 error_cells: dict[tuple[int, int], str] | None = None, notes: list[str] | None = None,
                 decimal_comma: bool = False, *, columns: list[list] | None = None,
                 percent_cells: set[tuple[int, int]] | None = None):
        self.source_name = source_name
        self.kind = kind                  # "xlsx", "ods" or "csv"
        self.sheet = sheet                # None for CSV
        self.sheet_names = sheet_names
        self.header_row = header_row      # Excel row number of the header
        self.headers = headers            # header text per column ('' if blank)
        self.letters = letters            # Excel column letter per column
        if columns is None:
            rows = rows or []
            columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in headers]
        self.columns = columns            # per column: its cells below the header, each column as long
        n = len(columns[0]) if columns else 0
        if row_numbers is None:
            row_numbers = range(header_row + 1, header_row + 1 + n)
        numbers = np.asarray(row_numbers, dtype=np.int64)
        self._n = len(numbers)
        if not self._n or (np.diff(numbers) == 1).all():   # consecutive: kept (and pickled) as one number
            self._first_row, self._row_numbers = int(numbers[0]) if self._n else header_row + 1, None
        else:
            self._first_row, self._row_numbers = None, numbers.tolist()
        self.uncached = uncached if uncached is not None else set()  # (Excel row, column index) of formulas without value
        self.error_cells = error_cells if error_cells is not None else {}  # (Excel row, column index) -> "#DIV/0!"
        # (Excel row, column index) of cells formatted as percent: Excel shows 0.75 as "75 %"
        self.percent_cells = percent_cells if percent_cells is not None else set()
        self.notes = notes if notes is not None else []   # file-level remarks for the data check
        self.decimal_comma = decimal_comma  # CSV written with a decimal comma (German Excel export)

    @property
    def row_numbers(self) -> Sequence[int]:
        """Excel row number of each data row."""
        if self._row_numbers is not None:
            return self._row_numbers
        return RowNumbers(range(self._first_row, self._first_row + self._n))

    @property
    def rows(self) -> _Rows:
        """The data rows, each as long as `headers` (a view: built per row when asked for)."""
        return _Rows(self.columns, len(self.columns[0]) if self.columns else self._n)

    @property
    def rows_read(self) -> int:
        return self._n

    def cells(self, j: int, stop: int | None = None) -> list:
        """The cells of column j (the first `stop` ones) as Python values ('' for a blank)."""
        column = self.columns[j][:stop]
        return python_cells(column) if isinstance(column, np.ndarray) else list(column)

    def __getstate__(self) -> dict:
        """Pickled (worker -> app, parse cache) with each text column of few distinct values packed:
        its distinct texts once plus a code per cell; unpickled, equal texts are one object."""
        state = dict(self.__dict__)
        state["columns"] = [_packed(c) for c in self.columns]
        return state

    def __setstate__(self, state: dict) -> None:
        state["columns"] = [_unpacked(c) for c in state["columns"]]
        self.__dict__.update(state)

    def drop_cells(self) -> None:
        """Forget the cells once the list is built and will not be rebuilt (the CLI): their memory is
        freed; the header, positions and `rows_read` stay. `rows` and `columns` are empty after this."""
        self.columns = [[] for _ in self.columns]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RawTable):
            return NotImplemented
        mine, theirs = dict(self.__dict__), dict(other.__dict__)
        columns, other_columns = mine.pop("columns"), theirs.pop("columns")
        return mine == theirs and len(columns) == len(other_columns) and all(
            np.array_equal(a, b, equal_nan=True) if isinstance(a, np.ndarray) and isinstance(b, np.ndarray) else
            python_cells(a) == python_cells(b) for a, b in zip(columns, other_columns, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"RawTable({self.source_name!r}, {self.kind!r}, sheet={self.sheet!r}, header_row={self.header_row}, "
                f"{len(self.headers)} columns, {self._n} rows)")


class RowNumbers(Sequence):
    """Consecutive Excel row numbers without a Python int per row; equal to a list of the same numbers."""

    def __init__(self, numbers: range):
        self._range = numbers

    def __len__(self) -> int:
        return len(self._range)

    def __getitem__(self, index):  # type: ignore[override]
        found = self._range[index]
        return list(found) if isinstance(found, range) else found

    def __iter__(self):
        return iter(self._range)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowNumbers):
            return self._range == other._range
        return list(self._range) == other if isinstance(other, list) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __array__(self, dtype=None, copy=None):  # noqa: ANN001, ANN204 - numpy's protocol
        return np.arange(self._range.start, self._range.stop, dtype=dtype or np.int64)

    def __repr__(self) -> str:
        return f"RowNumbers({self._range.start}..{self._range.stop - 1})"


class _Rows(Sequence):
    """Row-wise, read-only view of column-wise cells."""

    def __init__(self, columns: list[list], n: int):
        self._columns, self._n = columns, n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            parts = [python_cells(c[index]) for c in self._columns]
            return [list(r) for r in zip(*parts, strict=True)] if parts else [[] for _ in range(self._n)[index]]
        i = range(self._n)[index]
        return [_number_cell(c[i]) if isinstance(c, np.ndarray) else c[i] for c in self._columns]

    def __eq__(self, other: object) -> bool:
        return list(self) == other if isinstance(other, list) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __iter__(self):
        if not self._columns:
            return (list() for _ in range(self._n))
        return map(list, zip(*map(python_cells, self._columns), strict=True))


def python_cells(cells):  # noqa: ANN001, ANN201 - a list or a float array
    """A column as Python values: a float array's numbers as floats, its NaN (blank cells) as ''."""
    if not isinstance(cells, np.ndarray):
        return cells
    out = cells.tolist()
    for i in np.flatnonzero(np.isnan(cells)).tolist():
        out[i] = ""
    return out


_PACK_MIN_CELLS = 1000     # shorter text columns are pickled as they are


def _packed(column):  # noqa: ANN001, ANN202 - a list or a float array; see RawTable.__getstate__
    """A column of texts only with at most half as many distinct texts as cells: (texts, codes, their dtype)."""
    if isinstance(column, np.ndarray) or len(column) < _PACK_MIN_CELLS or set(map(type, column)) != {str}:
        return column
    codes: dict[str, int] = {}
    index = [codes.setdefault(v, len(codes)) for v in column]
    if 2 * len(codes) > len(column):
        return column
    kind = "u1" if len(codes) <= 1 << 8 else "u2" if len(codes) <= 1 << 16 else "i4"
    return list(codes), np.asarray(index, dtype=kind).tobytes(), kind


def _unpacked(column):  # noqa: ANN001, ANN202
    """A packed column (see :func:`_packed`) as its list of cells; anything that does not fit is refused."""
    if not isinstance(column, tuple):
        return column
    import pickle

    texts, raw_codes, kind = column
    if kind not in ("u1", "u2", "i4") or not isinstance(raw_codes, bytes) or not isinstance(texts, list):
        raise pickle.UnpicklingError("packed column does not fit")
    codes = np.frombuffer(raw_codes, dtype=kind)
    if not all(type(t) is str for t in texts) or (codes.size and (codes.min() < 0 or codes.max() >= len(texts))):
        raise pickle.UnpicklingError("packed column does not fit")
    return np.asarray(texts, dtype=object)[codes].tolist() if codes.size else []


def _number_cell(value: np.floating) -> float | str:
    """One cell of a float array column: its number, or '' where the cell is blank (NaN)."""
    return "" if value != value else float(value)  # noqa: PLR0124 - NaN test without numpy call overhead


def _header_score(row: list) -> tuple[int, int]:
    """How much a row looks like a header: (recognised names, of which criteria)."""
    keys = [recognise_header(v) for v in row if isinstance(v, str) and v.strip()]
    found = [k for k in keys if k]
    return len(set(found)), len({k for k in found if k in CRITERION_KEYS})


def _find_header(rows: list[list], start: int = 0, stop: int = HEADER_SCAN_ROWS) -> int | None:
    """Index of the header row within rows[start:stop]: the one with most recognised names."""
    best, best_score = None, (1, -1)
    for i in range(start, min(stop, len(rows))):
        score = _header_score(rows[i])
        if score[0] >= 2 and score > best_score:
            best, best_score = i, score
    return best


def _first_text_row(rows: list[list]) -> int | None:
    """Fallback header: first row with two or more text cells and no numbers."""
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        filled = [v for v in row if v not in ("", None)]
        if len(filled) >= 2 and all(isinstance(v, str) for v in filled):
            return i
    return None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _choose_sheet(wb: _Workbook, name: str, wanted: str | None,
                  sheet_cells: dict[str, int]) -> tuple[str, list[str]]:
    """The sheet to read: the one asked for, else the best by (visible, header with ratings, header, data).

    A hidden or very hidden sheet is only chosen when no visible sheet holds data (and a note says
    so). Sheets the safety scan found empty are not parsed at all; the others are parsed one at a
    time (see :class:`_Workbook`) until a visible sheet with a rating header is found.
    """
    names = list(wb.wb.sheet_names)
    notes: list[str] = []
    if wanted is not None:
        if wanted not in names:
            raise InputFileError.keyed("reader.no_such_sheet", sheet=wanted, name=name, sheets=names)
        return wanted, notes
    visible, hidden = _worksheets(wb)
    if not visible and not hidden:
        raise InputFileError.keyed("reader.no_sheet", name=name)
    chosen, best = None, 0
    for sheet in visible + hidden:
        if sheet_cells.get(sheet, 1) == 0:
            continue  # known to be empty: not parsed
        rows, _, _ = wb.rows(sheet, nrows=HEADER_SCAN_ROWS)
        if not any(any(v not in ("", None) for v in r) for r in rows):
            continue
        idx = _find_header(rows)
        rank = 3 if idx is not None and _header_score(rows[idx])[1] >= 1 else 2 if idx is not None else 1
        rank += 3 if sheet in visible else 0
        if rank > best:
            chosen, best = sheet, rank
        if best == 6:
            break
    if chosen is None:
        raise InputFileError.keyed("reader.empty_workbook", name=name)
    if chosen in hidden:
        notes.append(Phrase("reader.hidden_sheet", {"sheet": chosen}))
    others = [s for s in names if s != chosen]
    if others:
        notes.append(Phrase("reader.other_sheets", {"sheet": chosen, "others": others[:_SHEETS_NAMED],
                                                    "others_total": len(others)}))
    return chosen, notes


def read_table(data: bytes, filename: str, sheet: str | None = None, *, check: FileCheck | None = None,
               workbook: _Workbook | None = None) -> RawTable:
    """Read a customer list file (xlsx, xlsm, ods, csv) into a RawTable.

    Raises InputFileError with one German sentence for files that cannot be read at all. The safety
    scan runs first, unless the worker hands over its passed `check` and the `workbook` of the same
    bytes it opened meanwhile (see :mod:`.child`).
    """
    if check is None:
        check = check_file(data, filename)
    notes: list[str] = []
    uncached: set[tuple[int, int]] = set()
    error_cells: dict[tuple[int, int], str] = {}
    percent_cells: set[tuple[int, int]] = set()
    decimal_comma = False
    if check.kind == "csv":
        if sheet is not None:
            notes.append(Phrase("reader.csv_sheet"))
        csv_rows, decimal_comma, csv_notes = read_csv(data, filename)
        notes += csv_notes
        row_offset, col_offset, chosen, sheet_names = 0, 0, None, []
        width = max((len(r) for r in csv_rows), default=0)
        rows_in: Iterator[list] = iter(csv_rows)
    else:
        wb = workbook if workbook is not None else _Workbook(data, filename)
        sheet_names = list(wb.wb.sheet_names)
        chosen, sheet_notes = _choose_sheet(wb, filename, sheet, check.sheet_cells)
        notes += sheet_notes
        rows_in, row_offset, col_offset = wb.iter_rows(chosen)
        width = 0  # calamine's rows all have the used range's width: taken from the rows seen
        for ref in check.uncached_formulas.get(chosen, []):
            row, col = parse_ref(ref)
            uncached.add((row, col - col_offset))
        for ref, text in check.error_cells.get(chosen, {}).items():
            row, col = parse_ref(ref)
            error_cells[(row, col - col_offset)] = text
        for ref in check.percent_cells.get(chosen, ()):
            row, col = parse_ref(ref)
            percent_cells.add((row, col - col_offset))
    del data
    top = list(islice(rows_in, _DEEP_SCAN_ROWS))   # the header is looked for here
    width = max(width, max((len(r) for r in top), default=0))

    where = (Phrase("reader.where_sheet", {"sheet": chosen, "name": filename}) if chosen
             else Phrase("reader.where_file", {"name": filename}))
    header_idx = _find_header(top)
    if header_idx is None:
        deep = _find_header(top, HEADER_SCAN_ROWS, _DEEP_SCAN_ROWS)
        if deep is not None:
            raise InputFileError.keyed("reader.header_too_deep", limit=HEADER_SCAN_ROWS, where=where,
                                       row=row_offset + deep + 1)
        header_idx = _first_text_row(top)
        if header_idx is not None:
            notes.append(Phrase("reader.header_guessed", {"limit": HEADER_SCAN_ROWS,
                                                          "row": row_offset + header_idx + 1}))
    if header_idx is None:
        raise InputFileError.keyed("reader.no_header", limit=HEADER_SCAN_ROWS, where=where)
    header = list(top[header_idx]) + [""] * (width - len(top[header_idx]))
    headers = [_cell_text(v) for v in header]
    pieces: list[list] = [[] for _ in range(width)]
    _append_rows(pieces, iter(top[header_idx + 1:]), width)
    del top
    _append_rows(pieces, rows_in, width)
    columns = [_joined(p) for p in pieces]
    del pieces
    first_data_row = row_offset + header_idx + 2  # Excel rows are 1-based, data starts below header
    n = len(columns[0]) if columns else 0
    letters = [column_letter(col_offset + j) for j in range(width)]
    if header_idx > 0:
        notes.append(Phrase("reader.header_found", {"row": row_offset + header_idx + 1}))
    return RawTable(
        source_name=filename, kind=check.kind, sheet=chosen, sheet_names=sheet_names,
        header_row=row_offset + header_idx + 1, headers=headers, letters=letters, columns=columns,
        row_numbers=range(first_data_row, first_data_row + n), uncached=uncached, error_cells=error_cells, percent_cells=percent_cells,
        notes=notes, decimal_comma=decimal_comma,
    )


_CHUNK_ROWS = 1 << 13  # rows turned into columns at a time (transposing 8,192 rows is faster than 65,536)


def _append_rows(pieces: list[list], rows: Iterator[list], width: int) -> None:
    """Append rows (padded with '' to `width`) column-wise, a chunk of rows at a time: per column a
    piece, a float array when every cell of it is a number or blank (8 bytes a cell instead of 32
    for a number and 8 for the pointer to it), see :func:`_number_piece`."""
    while True:
        chunk = list(islice(rows, _CHUNK_ROWS))
        if not chunk:
            return
        if min(map(len, chunk)) < width:
            chunk = [r + [""] * (width - len(r)) if len(r) < width else r for r in chunk]
        for column, cells in zip(pieces, zip(*chunk, strict=True), strict=True):
            column.append(_number_piece(cells))


def _number_piece(cells: tuple) -> np.ndarray | list:
    """The cells as a float array if each is a number or blank (''; NaN in the array), else a list.

    A real NaN among the numbers (calamine reads ``<v>NaN</v>``) keeps the cells a list: in an array
    NaN means blank, and a NaN value must stay an error of its cell. Fast for the usual columns: a
    text column is told by its first filled cell; in a number column only the blanks are visited one
    by one (found by C-speed searches of the cells' types)."""
    first = next((v for v in cells if v != ""), None)
    if first.__class__ is not float:
        return list(cells)
    kinds = list(map(type, cells))
    numbers = kinds.count(float)
    if numbers == len(cells):
        values = np.array(cells, dtype=np.float64)
    elif numbers + kinds.count(str) == len(cells):
        filled, at = list(cells), -1
        for _ in range(len(cells) - numbers):
            at = kinds.index(str, at + 1)
            if filled[at] != "":      # a text among the numbers: the cells stay a list
                return list(cells)
            filled[at] = np.nan
        values = np.array(filled, dtype=np.float64)
    else:
        return list(cells)
    return values if np.count_nonzero(np.isnan(values)) == len(cells) - numbers else list(cells)


def _joined(pieces: list) -> list | np.ndarray:
    """A column from its pieces: one float array if every piece is one, else one list of the cells."""
    if pieces and all(isinstance(p, np.ndarray) for p in pieces):
        return np.concatenate(pieces)
    out: list = []
    for p in pieces:
        out.extend(python_cells(p))
    return out


def read_path(path: str, sheet: str | None = None) -> RawTable:
    """Read a regular file from disk in this process (tests; the CLI uses :func:`kundenwert.ingest.read_path`)."""
    from .files import read_file_bytes

    data, name = read_file_bytes(path)
    return read_table(data, name, sheet)
