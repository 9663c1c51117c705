"""The sample list and the empty template as Excel files (xlsxwriter): formats, widths, notes, checks.

The data comes from :mod:`kundenwert.sample`; this module only writes it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import BinaryIO

import numpy as np
import pandas as pd
import xlsxwriter

from kundenwert.criteria import CRITERIA, MONEY_FIELDS, YES_NO_FIELDS, recognise_header
from kundenwert.i18n import text
from kundenwert.sample import _RATING_HEADERS, _header_notes, template_columns

# --------------------------------------------------------------------------------------------
# Excel output
# --------------------------------------------------------------------------------------------

#: Fixed creation date of every workbook written here, so the same data gives the same bytes.
WORKBOOK_CREATED = datetime(2025, 1, 1, 9, 0, 0)
_CONSTANT_MEMORY_FROM_ROWS = 20_000
_MONEY_FORMAT = '#,##0.00 "€"'
_DATE_FORMAT = "dd.mm.yyyy"
_TITLE_ROWS = 2  # title in row 1, empty row 2, header in row 3
_HEADER_ROW_HEIGHT = 32  # two lines of wrapped header text
_WIDTH_SAMPLE_ROWS = 1_000
_MIN_WIDTH, _MAX_WIDTH, _HEADER_WRAP_WIDTH = 8, 50, 16

PathOrStream = str | os.PathLike[str] | BinaryIO


def _new_workbook(path: PathOrStream, constant_memory: bool, title: str | None) -> xlsxwriter.Workbook:
    target = os.fspath(path) if isinstance(path, str | os.PathLike) else path
    workbook = xlsxwriter.Workbook(target, {"constant_memory": constant_memory})
    workbook.set_properties({
        "title": title or "Kundenliste",
        "author": "Kundenwert",
        "created": WORKBOOK_CREATED,
    })
    return workbook


def _is_money(header: object) -> bool:
    return recognise_header(header) in MONEY_FIELDS


def _display_width(values: Sequence[object], header: object, money: bool) -> int:
    """Column width in characters: the widest value of the first rows, the header wrapped in two lines."""
    widest = 0
    for value in values[:_WIDTH_SAMPLE_ROWS]:
        if _is_blank(value):
            continue
        text = f"{value:,.2f} €" if money and isinstance(value, int | float) else str(value)
        widest = max(widest, len(text))
    header_len = len(str(header))
    header_need = header_len if header_len <= _HEADER_WRAP_WIDTH else math.ceil(header_len / 2)
    return int(min(max(widest, header_need, _MIN_WIDTH) + 2, _MAX_WIDTH))


def _is_blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _write_cell(ws, row: int, col: int, value: object, number_format, date_format) -> None:
    """Write one value with an explicit type: strings always as text (never a formula or a link)."""
    if _is_blank(value):
        return
    if isinstance(value, bool | np.bool_):
        ws.write_boolean(row, col, bool(value))
    elif isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if math.isfinite(number):
            ws.write_number(row, col, value, number_format)
        else:
            ws.write_string(row, col, str(value))
    elif isinstance(value, datetime | date | pd.Timestamp):
        ws.write_datetime(row, col, pd.Timestamp(value).to_pydatetime(), date_format)
    else:
        ws.write_string(row, col, str(value))


def _column_writer(ws, col: int, dtype: object, number_format, date_format) -> Callable[[int, object], None]:
    """A cell writer for one column: fast paths for plain float, integer and string columns,
    the general `_write_cell` for everything else."""
    if pd.api.types.is_float_dtype(dtype) and isinstance(dtype, np.dtype):
        def write_float(row: int, value: float) -> None:
            if value - value == 0.0:  # finite; NaN (a gap) stays blank
                ws.write_number(row, col, value, number_format)
            elif value == value:  # ±inf: no Excel number, keep it visible as text
                ws.write_string(row, col, str(value))
        return write_float
    if pd.api.types.is_integer_dtype(dtype) and isinstance(dtype, np.dtype):
        return lambda row, value: ws.write_number(row, col, value, number_format)
    if isinstance(dtype, pd.StringDtype):
        def write_text(row: int, value: object) -> None:
            if isinstance(value, str):
                ws.write_string(row, col, value)
        return write_text
    return lambda row, value: _write_cell(ws, row, col, value, number_format, date_format)


def write_xlsx(df: pd.DataFrame, path: PathOrStream, sheet_name: str = "Kunden",
               title: str | None = None) -> None:
    """Write `df` as a tidy Excel sheet: bold header, column widths, frozen header row, autofilter,
    € format on the money columns (recognised by their header), blanks for missing values.

    With `title` the title stands in row 1 and the header in row 3 (as in many real lists);
    otherwise the header is row 1. `path` may be a file name or a binary stream. Large frames are
    written in xlsxwriter's constant-memory mode. The workbook's creation date is fixed, so the
    same frame gives the same bytes.
    """
    n_rows, n_cols = df.shape
    workbook = _new_workbook(path, n_rows >= _CONSTANT_MEMORY_FROM_ROWS, title)
    ws = workbook.add_worksheet(sheet_name)
    title_format = workbook.add_format({"bold": True, "font_size": 14})
    header_format = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                         "bottom": 1, "bg_color": "#DDEBF7"})
    money_format = workbook.add_format({"num_format": _MONEY_FORMAT})
    date_format = workbook.add_format({"num_format": _DATE_FORMAT})

    header_row = _TITLE_ROWS if title else 0
    columns = [df.iloc[:, j].tolist() for j in range(n_cols)]
    headers = [str(h) for h in df.columns]
    money = [_is_money(h) for h in headers]
    for j, header in enumerate(headers):
        ws.set_column(j, j, _display_width(columns[j], header, money[j]))
    ws.freeze_panes(header_row + 1, 0)
    if n_cols:
        ws.autofilter(header_row, 0, header_row + n_rows, n_cols - 1)

    if title:
        ws.write_string(0, 0, title, title_format)
    ws.set_row(header_row, _HEADER_ROW_HEIGHT)
    for j, header in enumerate(headers):
        ws.write_string(header_row, j, header, header_format)
    writers = [_column_writer(ws, j, df.dtypes.iloc[j], money_format if money[j] else None, date_format)
               for j in range(n_cols)]
    for i in range(n_rows):  # row by row, as constant-memory mode requires
        row = header_row + 1 + i
        for writer, values in zip(writers, columns, strict=True):
            writer(row, values[i])
    workbook.close()


# --------------------------------------------------------------------------------------------
# The empty template
# --------------------------------------------------------------------------------------------

TEMPLATE_ROWS = 5_000  # data validation covers rows 2 to 5000

def instructions(lang: str = "de") -> list[str]:
    """The lines of the template's instruction sheet."""
    return text("template.howto", lang).split("\n")


def write_template(path: PathOrStream, lang: str = "de") -> None:
    """Write the empty input template: sheet "Kunden" with every header of `SAMPLE_COLUMNS`, a note
    on each header, data validation on rows 2-5000 (ratings 0-10, recommendation 0-10 whole,
    orders ≥ 0, ja/nein, Neukunde/Bestandskunde), € format on the money columns, and a sheet
    "Hinweise" explaining how to fill it in. In English (``lang="en"``) every text, header and
    choice is English ("Customers", "Purchase history (0-10)", yes/no)."""
    workbook = _new_workbook(path, False, text("template.title", lang))
    ws = workbook.add_worksheet(text("template.sheet", lang))
    header_format = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                         "bottom": 1, "bg_color": "#DDEBF7"})
    money_format = workbook.add_format({"num_format": _MONEY_FORMAT})
    notes = _header_notes(lang)
    first, last = 1, TEMPLATE_ROWS - 1  # zero-based rows 2..5000

    ws.set_row(0, _HEADER_ROW_HEIGHT)
    ws.freeze_panes(1, 0)
    for j, header in enumerate(template_columns(lang)):
        money = _is_money(header)
        width = _display_width([123_456.78] if money else [], header, money)
        ws.set_column(j, j, max(width, 12), money_format if money else None)
        ws.write_string(0, j, header, header_format)
        ws.write_comment(0, j, notes[header], {"x_scale": 3.0, "y_scale": 2.2, "author": "Kundenwert"})

        validation = _template_validation(header, lang)
        if validation:
            ws.data_validation(first, j, last, j, validation)

    hints = workbook.add_worksheet(text("template.hints_sheet", lang))
    hints.set_column(0, 0, 110, workbook.add_format({"text_wrap": True, "valign": "top"}))
    title_format = workbook.add_format({"bold": True, "font_size": 14})
    for i, line in enumerate(instructions(lang)):
        if line:
            hints.write_string(i, 0, line, title_format if i == 0 else None)
    workbook.close()


def _template_validation(header: str, lang: str = "de") -> dict[str, object] | None:
    """The Excel data validation of one template column, or None."""
    key = recognise_header(header)

    def invalid(kind: str) -> dict[str, str]:
        return {"error_title": text(f"template.invalid.{kind}", lang),
                "error_message": text(f"template.invalid.{kind}.text", lang)}
    if header in _RATING_HEADERS or header in {c.header(lang) for c in CRITERIA}:
        return {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 10, **invalid("rating")}
    if key == "recommend":
        return {"validate": "integer", "criteria": "between", "minimum": 0, "maximum": 10, **invalid("recommend")}
    if key in YES_NO_FIELDS:
        return {"validate": "list", "source": [text("word.yes", lang), text("word.no", lang)], **invalid("yes_no")}
    if key == "status":
        return {"validate": "list", "source": [text("template.new", lang), text("template.existing", lang)],
                "error_type": "warning", **invalid("status")}
    if key == "orders":
        return {"validate": "integer", "criteria": ">=", "value": 0, **invalid("orders")}
    return None
