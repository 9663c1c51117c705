"""From a raw table to a checked customer list: column use, cell parsing, row accounting.

Every data row ends up in exactly one place: a customer (scored later, or not scorable), a rejected
row (with the cells that are wrong), or a skipped row (blank, total row, no customer data). `build`
runs named steps that share one `Findings` collector; every finding has a stable code, parameters
and the German text of `findings.MESSAGES_DE`. Cell values are parsed per column (`cells`), columns
recognised by `columns`, total rows and repeated ids found by `rows`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .cells import (
    NumberFormat,
    ParsedColumn,
    TextCells,
    cell_text,
    decide_format,
    missing_token,
    parse_number_text,
    parse_numeric,
    parse_yes_no,
    take_apart,
    text_cells,
    texts_of,
    to_float,
)
from .columns import ColumnInfo, custom_key, default_mapping, mapping_targets, recognise_columns
from .criteria import CRITERIA_BY_KEY, CUSTOM_PREFIX, MONEY_FIELDS, YES_NO_FIELDS, label_de
from .findings import (
    ROWS_LISTED,
    ROWS_REJECTED_LISTED,
    Findings,
    cell_reason,
    clip,
    join_reasons,
    reason,
)
from .findings import skip_reason as skip_reason_of
from .fmt import fmt_num
from .i18n import DEFAULT_LANG, catalogue
from .ids import natural_order
from .ingest.reader import RawTable
from .rows import Table, duplicate_ids, total_rows

__all__ = [
    "ColumnInfo", "CustomerList", "build", "cell_text", "custom_key", "default_mapping", "load", "mapping_targets",
    "missing_token", "parse_number_text", "parse_numeric", "parse_yes_no", "recognise_columns",
]

ROWS_WITH_GAPS_LISTED = 10   # rows with missing ratings that get a finding each, else one summary
_NUMERIC_FIELDS = (*MONEY_FIELDS, "orders", "recommend")
_FIELD_CODES = {"excel_error": "excel_error_field", "not_finite": "value_not_finite", "too_large": "value_not_finite"}


@dataclass
class CustomerList:
    raw: RawTable
    columns: list[ColumnInfo]
    mapping: dict[int, str | None]
    criteria: list[str]                     # active criteria (catalogue keys and custom:…), column order
    ratings: np.ndarray                     # float64, customers x criteria, NaN = missing
    customers: pd.DataFrame                 # id, name, row, and the optional fields
    satisfaction_scale: dict[str, str]      # field -> "yesno" | "rating"
    rejected: pd.DataFrame                  # row, reason
    skipped: pd.DataFrame                   # row, reason
    issues: pd.DataFrame                    # severity, row, column, code, params, message (findings)
    id_order: np.ndarray = field(repr=False)  # rank of each customer's id in natural id order

    @property
    def rows_read(self) -> int:
        return self.raw.rows_read

    def has(self, key: str) -> bool:
        return key in self.customers.columns and self.customers[key].notna().any()

    def criterion_label(self, key: str) -> str:
        return label_de(key)


def _issue_frame(records: list[dict]) -> pd.DataFrame:
    """An issue frame from finished records (benchmarks build lists without a file)."""
    found = Findings()
    for r in records:
        found.add(r["code"], r.get("row"), r.get("column"), **r.get("params", {}))
    return found.frame()


# ----------------------------------------------------------------------------------- the steps

def _use_columns(raw: RawTable, columns: list[ColumnInfo], mapping: dict[int, str | None],
                 found: Findings) -> dict[str, ColumnInfo]:
    """Which column is used as what (first wins); every column not used is explained."""
    for info in columns:
        info.key = mapping.get(info.index)
    used: dict[str, ColumnInfo] = {}
    for info in columns:
        if info.key is not None and info.key not in used:
            used[info.key] = info
            continue
        target = info.key or info.recognised
        first = used.get(target) if target else None
        if first is not None and (info.key is not None or mapping.get(first.index) == info.recognised):
            found.add("duplicate_column", raw.header_row, info.letter, header=info.header, target=target,
                      first_column=first.letter, first_header=first.header)
        elif info.key is None and info.rating_like and info.header:
            found.add("rating_like_unused", raw.header_row, info.letter, header=info.header)
        elif info.key is None and info.filled and not info.header:
            found.add("unnamed_column_unused", raw.header_row, info.letter)
        info.key = None
    for key, info in used.items():
        if info.money_share is not None and key == info.recognised:
            share = info.money_share
            code = "header_by_values" if share >= 0.9 or share <= 0.1 else "header_by_values_mixed"
            found.add(code, raw.header_row, info.letter, header=info.header, target=key, share=round(100 * share))
        if key in MONEY_FIELDS and info.unit_factor != 1:
            found.add("money_scaled", raw.header_row, info.letter, header=info.header, unit=info.unit_label,
                      factor=int(info.unit_factor))
    return used


def _number_formats(raw: RawTable, table: Table, used: dict[str, ColumnInfo], numeric: list[str],
                    found: Findings) -> dict[str, tuple[NumberFormat, TextCells]]:
    """One rule per column for ambiguous text numbers: the column's evidence, else the file's."""
    texts = {key: text_cells(table.cells[used[key].index]) for key in numeric}
    evidence = [t.evidence() for t in texts.values()]
    file_evidence = (sum(e[0] for e in evidence), sum(e[1] for e in evidence))
    hint = raw.decimal_comma if raw.kind == "csv" else True  # text numbers in a workbook: German first
    out = {}
    for key in numeric:
        info, tc = used[key], texts[key]
        fmt = decide_format(tc, file_evidence, hint)
        out[key] = (fmt, tc)
        example = fmt.example or tc.evidence()[3]
        if example is None:
            continue
        part = take_apart(example)
        value = to_float(part, fmt.decimal_comma)
        params = dict(header=info.header, example=example, value=value, comma=int(fmt.decimal_comma))
        if fmt.decided_by == "default":
            found.add("number_format_ambiguous", raw.header_row, info.letter,
                      alternative=to_float(part, not fmt.decimal_comma), **params)
        elif fmt.decided_by == "file":
            found.add("number_format_from_file", raw.header_row, info.letter, **params)
        elif raw.kind != "csv":
            found.add("number_format_text", raw.header_row, info.letter, **params)
    return out


def _mark_cells(parsed: ParsedColumn, table: Table, excel_rows, code: str, params_of) -> None:
    """Cells the reader reported (formula without value, Excel error): errors of their column."""
    for i in table.positions(excel_rows):
        parsed.errors[i] = (code, params_of(int(table.row_numbers[i])))
        parsed.missing[i] = False
        parsed.values[i] = np.nan


def _percent_formatted(column: ParsedColumn, table: Table, excel_rows, rating_high: float) -> None:
    """Numbers shown as percent in Excel (0.75 as "75 %") in a rating column: a share of the scale,
    read like the text "75 %" (7.5) and listed; beyond the scale an error of the cell."""
    for i in table.positions(excel_rows):
        v = column.values[i]
        if column.errors[i] is not None or column.missing[i] or not np.isfinite(v):
            continue
        value = v * rating_high
        shown = f"{fmt_num(v * 100, 2).rstrip('0').rstrip(',')} %"
        if value > rating_high:
            column.errors[i] = ("out_of_range", {"value": shown, "low": 0, "high": rating_high})
            column.values[i] = np.nan
            continue
        column.values[i] = value
        column.notes.append((int(i), "percent_rating", {"text": shown, "value": value}))


def _reported_cells(raw: RawTable) -> tuple[dict[int, set[int]], dict[int, dict[int, str]]]:
    """Formulas without a stored value and Excel error cells, by column index -> Excel rows."""
    uncached: dict[int, set[int]] = {}
    for row, col in raw.uncached:
        uncached.setdefault(col, set()).add(row)
    errors: dict[int, dict[int, str]] = {}
    for (row, col), text in (getattr(raw, "error_cells", None) or {}).items():
        errors.setdefault(col, {})[row] = str(text)
    return uncached, errors


def _parse_columns(raw: RawTable, table: Table, used: dict[str, ColumnInfo], criteria: list[str],
                   found: Findings) -> tuple[dict[str, ParsedColumn], dict[str, str]]:
    """Every used value column parsed: ratings (0-10), numbers, yes/no; reported cells marked."""
    numeric = [k for k in (*criteria, *_NUMERIC_FIELDS) if k in used]
    formats = _number_formats(raw, table, used, numeric, found)
    uncached, error_cells = _reported_cells(raw)
    percent: dict[int, set[int]] = {}
    for row, col in getattr(raw, "percent_cells", ()):
        percent.setdefault(col, set()).add(row)
    parsed: dict[str, ParsedColumn] = {}
    scales: dict[str, str] = {}
    for key in numeric:
        info = used[key]
        rating = key in criteria or key == "recommend"
        low, high = (0, 10) if rating else ((0, None) if key == "orders" else (None, None))
        fmt, tc = formats[key]
        parsed[key] = parse_numeric(table.cells[info.index], fmt=fmt, texts=tc, rating=rating, low=low, high=high,
                                    money=not rating, factor=info.unit_factor if key in MONEY_FIELDS else 1.0)
    for key in YES_NO_FIELDS:
        if key not in used:
            continue
        column, scale = parse_yes_no(table.cells[used[key].index], decimal_comma=raw.decimal_comma)
        if key == "repurchase" and scale == "rating":
            scale = "yesno"
            bad = ~np.isnan(column.values) & ~np.isin(column.values, (0.0, 1.0))
            for i in np.flatnonzero(bad):
                column.errors[i] = ("repurchase_not_yes_no", {})
            column.values[bad] = np.nan
        parsed[key], scales[key] = column, scale
    for key, column in parsed.items():
        j = used[key].index
        _mark_cells(column, table, error_cells.get(j, {}), "excel_error",
                    lambda r, j=j: {"text": error_cells[j][r]})
        if key in criteria:
            _mark_cells(column, table, uncached.get(j, ()), "formula_without_value", lambda r: {})
        if (key in criteria or key == "recommend") and percent.get(j):
            _percent_formatted(column, table, percent[j], 10.0)
    return parsed, scales


def _report_fractions(parsed: dict[str, ParsedColumn], used: dict[str, ColumnInfo], criteria: list[str],
                      header_row: int, found: Findings) -> None:
    """A rating column whose values all lie between 0 and 1: probably 75 % formatted as 0.75."""
    for key in criteria:
        values = parsed[key].values
        present = values[~np.isnan(values)]
        fractions = present[(present > 0) & (present < 1)]
        if present.size >= 3 and fractions.size and present.max() <= 1:
            example = float(fractions[0])
            found.add("rating_fractions", header_row, used[key].letter, header=used[key].header, example=example,
                      scaled=example * 10)


def _identity(table: Table, used: dict[str, ColumnInfo], found: Findings) -> tuple[pd.Series, pd.Series]:
    if "id" in used:
        ids = pd.Series(texts_of(table.cells[used["id"].index]), dtype=object)
    else:
        ids = pd.Series([str(r) for r in table.row_numbers], dtype=object)
        found.add("no_id_column")
    names = pd.Series(texts_of(table.cells[used["name"].index]), dtype=object) if "name" in used else ids.copy()
    return ids, names


def _report_conversions(parsed: dict[str, ParsedColumn], used: dict[str, ColumnInfo], criteria: list[str],
                        table: Table, skip: np.ndarray, found: Findings) -> None:
    """Conversions (percent, units) and values of the other columns not used: per cell, or per column."""
    for key, column in parsed.items():
        info = used[key]
        by_code: dict[str, list[tuple[int, dict]]] = {}
        for i, code, params in column.notes:
            if not skip[i]:
                by_code.setdefault(code, []).append((int(table.row_numbers[i]), params))
        if key not in criteria:
            for i in np.flatnonzero((column.errors != None) & ~skip):  # noqa: E711
                code, params = column.errors[i]
                target = _FIELD_CODES.get(code, "value_not_used")
                if code == "formula_without_value":
                    continue
                by_code.setdefault(target, []).append(
                    (int(table.row_numbers[i]), {**params, "reason": reason(code, params)}))
        for code, items in by_code.items():
            found.cells(code, info.letter, info.header, [r for r, _ in items], [p for _, p in items])


def _report_uncached(raw: RawTable, table: Table, used: dict[str, ColumnInfo], criteria: list[str],
                     skip: np.ndarray, found: Findings) -> None:
    uncached, _ = _reported_cells(raw)
    for key, info in used.items():
        if key in criteria or info.index not in uncached:
            continue
        rows = [int(table.row_numbers[i]) for i in table.positions(uncached[info.index]) if not skip[i]]
        found.cells("formula_without_value", info.letter, info.header, rows, [{}] * len(rows))


def _report_gaps(ratings: np.ndarray, rows: np.ndarray, letters: list[str], found: Findings) -> None:
    """Missing ratings of the customers kept: one finding per row, or one summary when many."""
    gaps = np.isnan(ratings)
    per_row = gaps.sum(axis=1)
    with_gaps = np.flatnonzero(per_row)
    if not with_gaps.size:
        return
    if with_gaps.size <= ROWS_WITH_GAPS_LISTED:
        for i in with_gaps:
            cols = [letters[c] for c in np.flatnonzero(gaps[i])]
            found.add("ratings_missing", int(rows[i]), cols[0] if len(cols) == 1 else None,
                      row=int(rows[i]), count=len(cols), columns=", ".join(cols))
        return
    most = int(per_row.max())
    worst = [int(r) for r in rows[per_row == most][:ROWS_LISTED]]
    found.add("ratings_missing_many", rows_count=int(with_gaps.size), cells=int(per_row.sum()),
              worst=worst, worst_total=int((per_row == most).sum()), worst_count=most, worst_n=len(worst))


def _rejections(parsed: dict[str, ParsedColumn], used: dict[str, ColumnInfo], criteria: list[str],
                duplicates: dict[int, tuple], table: Table, skip: np.ndarray,
                found: Findings) -> tuple[np.ndarray, pd.DataFrame]:
    """Rows with a wrong rating cell or a repeated id: rejected, with every wrong cell named."""
    reasons: dict[int, list] = {i: [reason(*duplicates[i])] for i in duplicates}
    per_column: list[tuple[ColumnInfo, np.ndarray]] = []
    for key in criteria:
        info, column = used[key], parsed[key]
        bad = np.flatnonzero((column.errors != None) & ~skip)  # noqa: E711
        if not bad.size:
            continue
        per_column.append((info, bad))
        where = clip(info.header, 30)
        for i in bad:
            reasons.setdefault(int(i), []).append(
                cell_reason(f"{info.letter}{table.row_numbers[i]}", where, reason(*column.errors[i])))
    rejected = np.zeros(table.n, dtype=bool)
    rejected[list(reasons)] = True
    idx = np.flatnonzero(rejected)
    frame = pd.DataFrame({"row": table.row_numbers[idx],
                          "reason": pd.Series([join_reasons(reasons[i]) for i in idx], dtype=object)})
    if idx.size <= ROWS_REJECTED_LISTED:
        for r, text in zip(frame["row"], frame["reason"], strict=True):
            found.add("row_rejected", int(r), row=int(r), reason=text)
        return rejected, frame
    for info, bad in per_column:
        column = parsed[info.key]
        found.add("rows_rejected_column", None, info.letter, header=info.header, count=int(bad.size),
                  rows=[int(r) for r in table.row_numbers[bad[:ROWS_LISTED]]], rows_total=int(bad.size),
                  cell=f"{info.letter}{table.row_numbers[bad[0]]}", reason=reason(*column.errors[bad[0]]))
    if duplicates:
        first = min(duplicates)
        dup_rows = [int(table.row_numbers[i]) for i in sorted(duplicates)]
        found.add("rows_rejected_duplicate_id", count=len(dup_rows), rows=dup_rows[:ROWS_LISTED],
                  rows_total=len(dup_rows), reason=reason(*duplicates[first]))
    return rejected, frame


def _status(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    norm = value.strip().lower()
    if norm.startswith(("neu", "new", "erst")):
        return "new"
    if norm.startswith(("bestand", "alt", "stamm", "existing", "exist", "bestehend", "wiederkehrend")):
        return "existing"
    return value.strip()


# ------------------------------------------------------------------------------------- build

def build(raw: RawTable, mapping: dict[int, str | None] | None = None,
          columns: list[ColumnInfo] | None = None) -> CustomerList:
    """Interpret the raw table with a column mapping (default: the recognised one)."""
    found = Findings()
    for note in raw.notes:
        found.add("reader_note", note=note)
    columns = [replace(c) for c in (columns if columns is not None else recognise_columns(raw))]
    mapping = {int(k): v for k, v in (mapping if mapping is not None else default_mapping(columns)).items()}
    used = _use_columns(raw, columns, mapping, found)
    criteria = [k for k in (c.key for c in columns if c.key)
                if k in CRITERIA_BY_KEY or k.startswith(CUSTOM_PREFIX)]
    if not criteria:
        found.add("no_ratings", source=raw.source_name)

    table = Table.of(raw)
    n = table.n
    parsed, satisfaction_scale = _parse_columns(raw, table, used, criteria, found)
    ratings = np.column_stack([parsed[k].values for k in criteria]) if criteria else np.empty((n, 0))
    _report_fractions(parsed, used, criteria, raw.header_row, found)
    ids, names = _identity(table, used, found)

    total, why, label = total_rows(table, used, ids, parsed)
    no_data = (ids == "").to_numpy() & (names == "").to_numpy() & np.isnan(ratings).all(axis=1) & ~table.blank
    skip = table.blank | total | no_data

    blank_id = (ids == "").to_numpy() & ~skip
    if "id" in used and blank_id.any():
        rows = [int(r) for r in table.row_numbers[blank_id]]
        found.cells("id_missing", used["id"].letter, used["id"].header, rows, [{"row": r} for r in rows])
        # the id of a row without one is data (exports, links, the history compare by it): the same in every
        # language, German as the list's own data (README "Languages")
        head, tail = catalogue(DEFAULT_LANG)["dataset.row_id"].split("{row}")   # one template, no per-row fill
        ids = ids.where(~blank_id, pd.Series([f"{head}{r}{tail}" for r in table.row_numbers], dtype=object))
    duplicates = duplicate_ids(ids, ~skip, table.row_numbers)
    rejected, rejected_frame = _rejections(parsed, used, criteria, duplicates, table, skip, found)
    keep = ~skip & ~rejected

    _report_conversions(parsed, used, criteria, table, skip, found)
    _report_uncached(raw, table, used, criteria, skip, found)
    ratings = np.ascontiguousarray(ratings[keep])
    _report_gaps(ratings, table.row_numbers[keep], [used[k].letter for k in criteria], found)
    for i in np.flatnonzero(total):
        found.add("total_row", int(table.row_numbers[i]), row=int(table.row_numbers[i]), why=why[i],
                  label=label[i])
    skip_reason = [skip_reason_of("blank") if table.blank[i] else
                   skip_reason_of("total", why[i], clip(label[i])) if total[i] else
                   skip_reason_of("no_data") for i in np.flatnonzero(skip)]
    skipped = pd.DataFrame({"row": table.row_numbers[skip], "reason": pd.Series(skip_reason, dtype=object)})

    customers = pd.DataFrame({"id": ids[keep].to_numpy(), "name": names[keep].to_numpy(),
                              "row": table.row_numbers[keep]})
    for key in (*_NUMERIC_FIELDS, *YES_NO_FIELDS):
        if key in parsed:
            customers[key] = parsed[key].values[keep]
    if "status" in used:
        status_of: dict = {}
        status = [status_of[v] if v in status_of else status_of.setdefault(v, _status(v))
                  for v in table.cells[used["status"].index]]
        customers["status"] = np.asarray(status, dtype=object)[keep]
    customers["name"] = customers["name"].where(customers["name"] != "", customers["id"])
    return CustomerList(
        raw=raw, columns=columns, mapping=mapping, criteria=criteria, ratings=ratings,
        customers=customers, satisfaction_scale=satisfaction_scale, rejected=rejected_frame, skipped=skipped,
        issues=found.frame(), id_order=natural_order(customers["id"]),
    )


def load(data: bytes, filename: str, sheet: str | None = None) -> CustomerList:
    """Read and interpret a file with the recognised column mapping."""
    from .ingest.reader import read_table

    return build(read_table(data, filename, sheet))
