"""Findings of the data check: one collector, stable codes with parameters, German texts in one place.

A finding leaves the engine as `code` + `params` (plus severity, Excel row and column letter); the
German sentence is rendered from `MESSAGES_DE[code]`. The reasons why a cell makes its row unusable
(`REASONS_DE`) are rendered the same way. Templates use `{name}` for a parameter (numbers German
formatted, lists joined with ", " and " …" when `name_total` says there are more) and
`{name|one|many}` for singular/plural by the number `name`.

User text in parameters (headers, cell values) is cut to `MAX_USER_TEXT` characters, so a long
header never repeats into every message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .criteria import label_de
from .fmt import fmt_num

MAX_USER_TEXT = 60      # characters of a header or a cell value quoted in a message
CELLS_LISTED = 5        # per column and code: up to this many cells get a finding each, else one summary
ROWS_LISTED = 5         # rows named in a summary
ROWS_REJECTED_LISTED = 20  # up to this many rejected rows get a finding each, else one per column


@dataclass(frozen=True)
class Message:
    severity: str   # "error" (row not used), "warning" (value not used or a guess), "info"
    text: str


MESSAGES_DE: dict[str, Message] = {
    # the file and its columns
    "reader_note": Message("info", "{note}"),
    "no_ratings": Message("warning", "In „{source}“ wurde keine Bewertungsspalte (0–10) erkannt: Ranking und "
                                     "ABC-Analyse brauchen Spalten wie „Kaufhistorie“, „Bonität“ oder "
                                     "„Zahlungsmentalität“ (eigene Spalten lassen sich in der Spaltenzuordnung als "
                                     "Kriterium übernehmen). After-Sales-Matrix und NPS gehen auch ohne."),
    "no_id_column": Message("info", "Keine Spalte für die Kunden-Nr. erkannt: die Excel-Zeilennummer dient als Nr."),
    "duplicate_column": Message("warning", "Spalte {column} „{header}“ ist wie Spalte {first_column} „{first_header}“ "
                                           "als „{target}“ erkannt – nur Spalte {first_column} wird verwendet "
                                           "(in der Spaltenzuordnung änderbar)."),
    "rating_like_unused": Message("info", "Spalte {column} „{header}“ enthält nur Werte von 0 bis 10 – in der "
                                          "Spaltenzuordnung als eigenes Kriterium übernehmbar."),
    "unnamed_column_unused": Message("warning", "Spalte {column} hat Daten, aber keine Überschrift – nicht verwendet "
                                                "(in der Spaltenzuordnung zuweisbar)."),
    "header_by_values": Message("info", "Spalte {column} „{header}“ nennt keine Einheit: {share} % der Zahlen sind "
                                        "größer als 10, daher als „{target}“ gelesen (in der Spaltenzuordnung "
                                        "änderbar)."),
    "header_by_values_mixed": Message("warning", "Spalte {column} „{header}“ nennt keine Einheit und die Werte sind "
                                                 "gemischt ({share} % größer als 10): als „{target}“ gelesen – bitte "
                                                 "in der Spaltenzuordnung prüfen."),
    "money_scaled": Message("info", "Spalte {column} „{header}“ in {unit}: Werte × {factor} als € gelesen."),
    "number_format_text": Message("info", "Spalte {column} „{header}“: Zahlen als Text mit {comma|Dezimalkomma|Dezimalpunkt} gelesen "
                                          "(z. B. „{example}“ = {value})."),
    "number_format_from_file": Message("info", "Spalte {column} „{header}“: „{example}“ wie der Rest der Datei mit "
                                               "{comma|Dezimalkomma|Dezimalpunkt} gelesen (= {value})."),
    "number_format_ambiguous": Message("warning", "Spalte {column} „{header}“: „{example}“ kann {value} oder "
                                                  "{alternative} bedeuten – die Spalte zeigt es nicht; gelesen mit "
                                                  "{comma|Dezimalkomma|Dezimalpunkt} (= {value}). Bitte prüfen."),
    "rating_fractions": Message("warning", "Spalte {column} „{header}“: alle Werte liegen zwischen 0 und 1 (z. B. "
                                           "{example}) – in Excel als Prozent formatiert? Gelesen wird {example} von "
                                           "10, nicht {scaled}. Bitte Bewertungen als Zahl von 0 bis 10 eintragen."),
    # cells that are converted or not used (the row stays)
    "percent_rating": Message("info", "{cell}: „{text}“ als {value} gelesen (Prozent der Skala 0–10)."),
    "percent_rating_many": Message("info", "Spalte {column} „{header}“: {count} Prozentangaben als Anteil der Skala "
                                           "0–10 gelesen, z. B. {cell}: „{text}“ als {value} (Zeilen {rows})."),
    "unit_in_cell": Message("info", "{cell}: „{text}“ als {value} € gelesen."),
    "unit_in_cell_many": Message("info", "Spalte {column} „{header}“: {count} Beträge mit eigener Einheit umgerechnet, "
                                         "z. B. {cell}: „{text}“ als {value} € (Zeilen {rows})."),
    "value_not_used": Message("warning", "{cell} „{header}“: {reason} – als fehlend behandelt."),
    "value_not_used_many": Message("warning", "Spalte {column} „{header}“: {count} Werte nicht verwendbar und als "
                                              "fehlend behandelt, z. B. {cell}: {reason} (Zeilen {rows})."),
    "value_not_finite": Message("warning", "{cell} „{header}“: „{text}“ ist kein gültiger Betrag – als fehlend "
                                           "behandelt."),
    "value_not_finite_many": Message("warning", "Spalte {column} „{header}“: {count} ungültige Beträge (z. B. "
                                                "{cell}: „{text}“) als fehlend behandelt (Zeilen {rows})."),
    "excel_error_field": Message("warning", "{cell} „{header}“: Excel-Fehlerwert „{text}“ – als fehlend behandelt."),
    "excel_error_field_many": Message("warning", "Spalte {column} „{header}“: {count} Excel-Fehlerwerte (z. B. "
                                                 "{cell}: „{text}“) als fehlend behandelt (Zeilen {rows})."),
    "formula_without_value": Message("warning", "{cell}: Formel ohne gespeicherten Wert – als leer gelesen (Datei in "
                                                "Excel öffnen und speichern)."),
    "formula_without_value_many": Message("warning", "Spalte {column} „{header}“: {count} Formeln ohne gespeicherten "
                                                     "Wert als leer gelesen (Zeilen {rows}; Datei in Excel öffnen und "
                                                     "speichern)."),
    "id_missing": Message("warning", "Keine Kunden-Nr. in Zeile {row} – die Zeilennummer dient als Nr."),
    "id_missing_many": Message("warning", "{count} Zeilen ohne Kunden-Nr. – dort dient die Zeilennummer als Nr. "
                                          "(Zeilen {rows})."),
    # rows
    "ratings_missing": Message("warning", "Zeile {row}: {count} {count|Bewertung fehlt|Bewertungen fehlen} "
                                          "({columns}) – {count|zählt|zählen} nicht als 0."),
    "ratings_missing_many": Message("warning", "In {rows_count} Zeilen {cells|fehlt|fehlen} zusammen {cells} "
                                               "{cells|Bewertung|Bewertungen} – Lücken zählen nicht als 0. "
                                               "{worst_n|Zeile|Zeilen} {worst} {worst_n|hat|haben} mit "
                                               "{worst_count} die meisten Lücken."),
    "total_row": Message("info", "Zeile {row} ist eine Summenzeile ({why}) und wird nicht als Kunde gezählt."),
    "row_rejected": Message("error", "Zeile {row} nicht verwendet: {reason}"),
    "rows_rejected_column": Message("error", "Spalte {column} „{header}“: {count} {count|Zeile|Zeilen} nicht "
                                             "verwendet, z. B. {cell}: {reason} (Zeilen {rows})."),
    "rows_rejected_duplicate_id": Message("error", "{count} {count|Zeile|Zeilen} mit doppelter Kunden-Nr. nicht "
                                                   "verwendet, z. B. {reason} (Zeilen {rows})."),
    # order lists (order history)
    "orders_margin_missing": Message("warning", "Spalte {column}: {count} {count|Auftragszeile|Auftragszeilen} ohne "
                                                "Deckungsbeitrag ({count|Zeile|Zeilen} {rows}) – Umsatz verwendet, der "
                                                "Deckungsbeitrag dieser Zeilen fehlt in den Summen."),
    "orders_total_row": Message("info", "Zeile {row} ist eine Summenzeile und wird nicht als Auftrag gezählt."),
    "orders_credit_notes": Message("info", "{count} {count|Gutschrift|Gutschriften} (negativer Umsatz, zusammen "
                                           "{total} €) mit den Aufträgen des Kunden verrechnet."),
    "orders_unknown_customers": Message("warning", "{count} {count|Kunden-Nr.|Kunden-Nrn.} aus der Auftragsliste "
                                                   "{count|steht|stehen} nicht in der Kundenliste ({ids}; "
                                                   "{lines} {lines|Zeile|Zeilen}) – aufgeführt, nicht "
                                                   "zugeordnet."),
    "orders_customers_without": Message("info", "{count} {count|Kunde|Kunden} der Liste {count|hat|haben} im "
                                                "Zeitraum keinen Auftrag ({ids})."),
}

#: Why a cell makes its row unusable or its value missing.
REASONS_DE: dict[str, str] = {
    "out_of_range": "Wert {value} liegt außerhalb {low}–{high}",
    "not_a_number": "„{text}“ ist keine Zahl",
    "excel_error": "Excel-Fehlerwert „{text}“",
    "bool_not_number": "Wahrheitswert „{text}“ statt einer Zahl",
    "date_not_number": "Datum/Uhrzeit „{text}“ statt einer Zahl",
    "not_finite": "„{text}“ ist kein gültiger Zahlenwert",
    "too_large": "„{text}“ ist kein plausibler Betrag",
    "percent_not_amount": "„{text}“ ist ein Prozentwert, kein Betrag",
    "formula_without_value": "Formel ohne gespeicherten Wert (Datei in Excel öffnen und speichern)",
    "repurchase_not_yes_no": "Wiederkauf muss ja/nein (oder 1/0) sein",
    "duplicate_id": "Kunden-Nr. „{id}“ doppelt: schon in Zeile {first_row}",
    "not_a_date": "„{text}“ ist kein Datum",
    "date_implausible": "Datum „{text}“ liegt außerhalb 1900–2100",
}

SKIP_REASONS_DE: dict[str, str] = {
    "blank": "leere Zeile",
    "total": "Summenzeile ({why}) – nicht als Kunde gezählt",
    "no_data": "keine Kundendaten (weder Nr., Name noch Bewertung)",
}
TOTAL_WHY_DE: dict[str, str] = {
    "no_id": "Beschriftung „{label}“, keine Kunden-Nr.",
    "sums": "Beschriftung „{label}“, Werte = Spaltensummen",
}


# ------------------------------------------------------------------------------------ rendering

_FIELD = re.compile(r"\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}")


def clip(text: str, limit: int = MAX_USER_TEXT) -> str:
    """User text for a message: at most `limit` characters, cut with "…"."""
    text = " ".join(text.split()) if len(text) < 4 * limit else " ".join(text[:4 * limit].split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _number(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return fmt_num(value, 0)
    for decimals in range(1, 7):
        if round(value, decimals) == value:
            return fmt_num(value, decimals)
    return fmt_num(value, 6)


def _fmt(value: object) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | np.integer):
        return fmt_num(int(value), 0)
    if isinstance(value, float | np.floating):
        value = float(value)
        return _number(value) if np.isfinite(value) else str(value)
    if isinstance(value, list | tuple):
        return ", ".join(_fmt(v) for v in value)
    return str(value)


_PLAIN = frozenset({"row", "rows", "first_row", "worst"})   # Excel row numbers: no thousands dots


def fill(template: str, params: dict) -> str:
    def sub(m: re.Match) -> str:
        name, one, many = m.groups()
        value = params[name]
        if one is not None:
            return one if value == 1 else many
        if name == "target":
            return label_de(value)
        if name == "why":
            return fill(TOTAL_WHY_DE[value], params)
        if name in _PLAIN:
            text = ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
        else:
            text = _fmt(value)
        total = params.get(f"{name}_total")
        if isinstance(value, list | tuple) and total is not None and total > len(value):
            text += " …"
        return text
    return _FIELD.sub(sub, template)


def render(code: str, params: dict) -> str:
    """The German sentence of a finding."""
    return fill(MESSAGES_DE[code].text, params)


def reason(code: str, params: dict) -> str:
    """The German phrase for why a cell is unusable."""
    return fill(REASONS_DE[code], params)


# ------------------------------------------------------------------------------------ collector

@dataclass
class Finding:
    code: str
    row: int | None
    column: str | None
    params: dict

    @property
    def severity(self) -> str:
        return MESSAGES_DE[self.code].severity


def _clean(params: dict) -> dict:
    return {k: clip(v, 300 if k == "note" else MAX_USER_TEXT) if isinstance(v, str) and k != "reason" else v
            for k, v in params.items()}


@dataclass
class Findings:
    """The one collector of a data check."""

    items: list[Finding] = field(default_factory=list)

    def add(self, code: str, row: int | None = None, column: str | None = None, /, **params) -> None:
        assert code in MESSAGES_DE, code
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

    def frame(self) -> pd.DataFrame:
        """severity, row (Excel), column (letter), code, params, message — sorted by row, file-wide first."""
        items = sorted(self.items, key=lambda f: -1 if f.row is None else f.row)
        frame = pd.DataFrame({
            "severity": pd.Series([f.severity for f in items], dtype=object),
            "row": pd.Series([f.row for f in items], dtype="Int64"),
            "column": pd.Series([f.column for f in items], dtype=object),
            "code": pd.Series([f.code for f in items], dtype=object),
            "params": pd.Series([f.params for f in items], dtype=object),
            "message": pd.Series([render(f.code, f.params) for f in items], dtype=object),
        })
        return frame
