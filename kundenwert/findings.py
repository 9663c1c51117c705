"""Findings of the data check: one collector, stable codes with parameters; the words are in the catalogue.

A finding leaves the engine as `code` + `params` (plus severity, Excel row and column letter); its
sentence is the catalogue entry ``finding.<code>`` (:mod:`kundenwert.i18n`), German unless a language
is asked for. The reasons why a cell makes its row unusable (``reason.<code>``) and why a row is
skipped (``skip.<code>``) are :class:`~kundenwert.i18n.Phrase` objects: German text that can be
rendered again in another language at the edge (:func:`localise`).

User text in parameters (headers, cell values) is cut to `MAX_USER_TEXT` characters, so a long
header never repeats into every message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from . import i18n
from .criteria import label
from .i18n import Phrase, catalogue

MAX_USER_TEXT = 60      # characters of a header or a cell value quoted in a message
CELLS_LISTED = 5        # per column and code: up to this many cells get a finding each, else one summary
ROWS_LISTED = 5         # rows named in a summary
ROWS_REJECTED_LISTED = 20  # up to this many rejected rows get a finding each, else one per column


SEVERITY: dict[str, str] = {
    # "error" (row not used), "warning" (value not used or a guess), "info"
    "reader_note": "info", "no_ratings": "warning", "no_id_column": "info", "duplicate_column": "warning",
    "rating_like_unused": "info", "unnamed_column_unused": "warning", "header_by_values": "info",
    "header_by_values_mixed": "warning", "money_scaled": "info", "number_format_text": "info",
    "number_format_from_file": "info", "number_format_ambiguous": "warning", "rating_fractions": "warning",
    "percent_rating": "info", "percent_rating_many": "info", "unit_in_cell": "info", "unit_in_cell_many": "info",
    "value_not_used": "warning", "value_not_used_many": "warning", "value_not_finite": "warning",
    "value_not_finite_many": "warning", "excel_error_field": "warning", "excel_error_field_many": "warning",
    "formula_without_value": "warning", "formula_without_value_many": "warning", "id_missing": "warning",
    "id_missing_many": "warning", "ratings_missing": "warning", "ratings_missing_many": "warning",
    "total_row": "info", "row_rejected": "error", "rows_rejected_column": "error",
    "rows_rejected_duplicate_id": "error",
    # order lists (order history)
    "orders_margin_missing": "warning", "orders_total_row": "info", "orders_credit_notes": "info",
    "orders_unknown_customers": "warning", "orders_customers_without": "info",
}
REASON_CODES = ("out_of_range", "below_minimum", "above_maximum", "not_a_number", "excel_error", "bool_not_number",
                "date_not_number", "not_finite", "too_large", "percent_not_amount", "formula_without_value", "repurchase_not_yes_no", "duplicate_id",
                "not_a_date", "date_implausible")
SKIP_CODES = ("blank", "total", "no_data")
TOTAL_WHY_CODES = ("no_id", "sums")


@dataclass(frozen=True)
class Message:
    severity: str
    text: str


#: German view of the catalogue (for callers that read the templates directly).
MESSAGES_DE: dict[str, Message] = {c: Message(s, catalogue("de")["finding." + c]) for c, s in SEVERITY.items()}


# ------------------------------------------------------------------------------------ rendering

def clip(text: str, limit: int = MAX_USER_TEXT) -> str:
    """User text for a message: at most `limit` characters, cut with "…"."""
    text = " ".join(text.split()) if len(text) < 4 * limit else " ".join(text[:4 * limit].split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _params(params: dict, lang: str) -> dict:
    """Parameters that name a code in words: ``target`` (a field key) and ``why`` (a total-row reason)."""
    out = dict(params)
    if "target" in out:
        out["target"] = label(out["target"], lang)
    if isinstance(out.get("why"), str) and not isinstance(out["why"], Phrase):
        out["why"] = i18n.fill(catalogue(lang)["total_why." + out["why"]], out, lang)
    return out


def fill(template: str, params: dict, lang: str = "de") -> str:
    """A template with its parameters (``target`` and ``why`` codes named in words)."""
    return i18n.fill(template, _params(params, lang), lang)


def render(code: str, params: dict, lang: str = "de") -> str:
    """The sentence of a finding (German unless ``lang`` says otherwise)."""
    return fill(catalogue(lang)["finding." + code], params, lang)


def messages(frame: pd.DataFrame, lang: str = "de") -> list[str]:
    """The sentences of a findings frame (``code``, ``params``, ``message``) in ``lang``: frames keep them
    in German, every other language is worded from the codes."""
    if lang == "de" or frame.empty:
        return list(frame["message"])
    return [render(c, p, lang) for c, p in zip(frame["code"], frame["params"], strict=True)]


def localised(frame: pd.DataFrame, lang: str = "de", *, params: bool = False) -> pd.DataFrame:
    """A findings frame with its sentences in ``lang``; ``params``: also the parameters that are sentences
    themselves (a reader's note), for output that shows them (JSON)."""
    if lang == "de" or frame.empty:
        return frame
    out = frame.assign(message=messages(frame, lang))
    if params:
        out["params"] = [{k: v.render(lang) if isinstance(v, Phrase) else v for k, v in p.items()}
                         for p in frame["params"]]
    return out


def reason(code: str, params: dict) -> Phrase:
    """Why a cell is unusable: German text that renders in any language (a ``Phrase``)."""
    return Phrase("reason." + code, params)


def cell_reason(cell: str, header: str, why: Phrase) -> Phrase:
    """'B7 (Bonität): Wert 11 liegt außerhalb 0–10' – one wrong cell of a rejected row."""
    return Phrase("reason.in_cell", {"cell": cell, "header": header, "reason": why})


def join_reasons(parts: list) -> Phrase:
    """Several reasons of one row, joined with "; "."""
    return Phrase.join(parts, "; ")


def skip_reason(kind: str, why: str = "", label_text: str = "") -> Phrase:
    """Why a row is skipped: blank, a total row (why and its label), no customer data."""
    if kind == "total":
        return Phrase("skip.total", {"why": Phrase("total_why." + why, {"label": label_text})})
    return Phrase("skip." + kind, {})


def localise(value: object, lang: str = "de") -> object:
    """A reason from a row list (rejected, skipped) in ``lang``; any other value unchanged."""
    return value.render(lang) if isinstance(value, Phrase) else value

# ------------------------------------------------------------------------------------ collector

@dataclass
class Finding:
    code: str
    row: int | None
    column: str | None
    params: dict

    @property
    def severity(self) -> str:
        return SEVERITY[self.code]


def _clean(params: dict) -> dict:
    return {k: clip(v, 300 if k == "note" else MAX_USER_TEXT)
            if isinstance(v, str) and not isinstance(v, Phrase) and k != "reason" else v
            for k, v in params.items()}


@dataclass
class Findings:
    """The one collector of a data check."""

    items: list[Finding] = field(default_factory=list)

    def add(self, code: str, row: int | None = None, column: str | None = None, /, **params) -> None:
        assert code in SEVERITY, code
        if column is not None:
            params.setdefault("column", column)
        self.items.append(Finding(code, None if row is None else int(row), column, _clean(params)))

    def cells(self, code: str, column: str, header: str, rows: Iterable[int], each: list[dict]) -> None:
        """Findings of one kind in one column: one per cell while few, else one summary."""
        rows = [int(r) for r in rows]
        if not rows:
            return
        if len(rows) <= CELLS_LISTED:
            for r, params in zip(rows, each, strict=True):
                self.add(code, r, column, cell=f"{column}{r}", header=header, **params)
            return
        self.add(f"{code}_many", None, column, header=header, count=len(rows), rows=rows[:ROWS_LISTED],
                 rows_total=len(rows), cell=f"{column}{rows[0]}", **each[0])

    def frame(self, lang: str = "de") -> pd.DataFrame:
        """severity, row (Excel), column (letter), code, params, message — sorted by row, file-wide first."""
        items = sorted(self.items, key=lambda f: -1 if f.row is None else f.row)
        frame = pd.DataFrame({
            "severity": pd.Series([f.severity for f in items], dtype=object),
            "row": pd.Series([f.row for f in items], dtype="Int64"),
            "column": pd.Series([f.column for f in items], dtype=object),
            "code": pd.Series([f.code for f in items], dtype=object),
            "params": pd.Series([f.params for f in items], dtype=object),
            "message": pd.Series([render(f.code, f.params, lang) for f in items], dtype=object),
        })
        return frame
