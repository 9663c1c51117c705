"""A calamine workbook for the reader (:mod:`.reader`): sheets parsed once, calamine's errors in words
of the catalogue, and the parse ahead the worker runs while the safety scan looks at the same bytes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from itertools import islice

import python_calamine as pc

from ..errors import InputFileError


class _Workbook:
    """A calamine workbook whose sheets are parsed once: calamine parses a whole sheet when it is
    opened, so looking at a sheet's first rows and then reading it must reuse the parsed sheet."""

    def __init__(self, data: bytes, name: str):
        self.name = name
        try:
            self.wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        except MemoryError:
            raise
        except Exception as exc:  # calamine raises several error types for broken files
            raise InputFileError.keyed("reader.corrupt_file", name=name) from exc
        # only the sheet looked at last stays parsed: a workbook of many large sheets costs one at a time
        self._sheet: tuple[str, pc.CalamineSheet] | None = None

    def _parsed(self, sheet: str) -> pc.CalamineSheet:
        if self._sheet is not None and self._sheet[0] == sheet:
            return self._sheet[1]
        self._sheet = None
        sh = self.wb.get_sheet_by_name(sheet)
        self._sheet = (sheet, sh)
        return sh

    def _broken(self, sheet: str) -> InputFileError:
        return InputFileError.keyed("reader.corrupt_sheet", sheet=sheet, name=self.name)

    def rows(self, sheet: str, nrows: int | None = None) -> tuple[list[list], int, int]:
        """Rows of a sheet (skipping the empty area top-left) and the 0-based offset of its first cell."""
        try:
            sh = self._parsed(sheet)
            rows = sh.to_python(skip_empty_area=True, nrows=nrows)
            start = sh.start or (0, 0)
        except MemoryError:
            raise
        except Exception as exc:
            raise self._broken(sheet) from exc
        return rows, start[0], start[1]

    def iter_rows(self, sheet: str) -> tuple[Iterator[list], int, int]:
        """Like :meth:`rows`, one row at a time: the rows as Python lists never exist all at once."""
        try:
            sh = self._parsed(sheet)
            start = sh.start or (0, 0)
            rows = sh.iter_rows()   # from the sheet's first row, columns from the used range's first
        except MemoryError:
            raise
        except Exception as exc:
            raise self._broken(sheet) from exc
        return self._guarded(islice(rows, start[0], None), sheet), start[0], start[1]

    def _guarded(self, rows: Iterator[list], sheet: str) -> Iterator[list]:
        try:
            yield from rows
        except MemoryError:
            raise
        except Exception as exc:
            raise self._broken(sheet) from exc


def _worksheets(wb: _Workbook) -> tuple[list[str], list[str]]:
    """The names of the workbook's visible and hidden worksheets (all its sheets if none is a worksheet)."""
    meta = wb.wb.sheets_metadata
    worksheets = [m for m in meta if m.typ == pc.SheetTypeEnum.WorkSheet] or list(meta)
    return ([m.name for m in worksheets if m.visible == pc.SheetVisibleEnum.Visible],
            [m.name for m in worksheets if m.visible != pc.SheetVisibleEnum.Visible])


def open_workbook(data: bytes, filename: str, sheet: str | None = None) -> _Workbook:
    """The workbook with the sheet :func:`read_table` will most likely read already parsed: the one asked
    for, else the first visible worksheet. For the worker, while the safety scan runs (:mod:`.child`):
    only after the scan has passed the file may it go to :func:`read_table`. Raises what calamine raises."""
    wb = _Workbook(data, filename)
    likely = sheet if sheet is not None else next(iter(_worksheets(wb)[0]), None)
    if likely in wb.wb.sheet_names:
        wb._parsed(likely)
    return wb
