"""Result exports (xlsx, csv) that are safe to open in Excel.

No text from the input becomes a formula or a link: xlsx cells are written as strings explicitly
(with formula and URL conversion off), and csv text cells starting with = + - @ tab or CR get a
leading apostrophe (OWASP CSV-injection guidance).
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import xlsxwriter

from .criteria import label_de
from .dataset import CustomerList
from .scoring import ScoreResult

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text that a spreadsheet will never read as a formula."""
    return "'" + text if text.startswith(_DANGEROUS) else text


RESULT_COLUMNS = [
    ("rank", "Rang"), ("id", "Kunden-Nr."), ("name", "Kunde"), ("score", "Score"),
    ("value_eur", "Kundenwert (€)"), ("class", "Klasse"), ("flags", "Hinweise"),
]


def result_table(result: ScoreResult, cl: CustomerList) -> pd.DataFrame:
    """The result in export form: ranked customers first, then the not scorable ones."""
    frame = result.frame
    flags = np.where(frame["incomplete"], "unvollständig (" + frame["missing"].astype(str) + " fehlen)", "")
    flags = np.where(frame["scorable"], flags, "nicht bewertbar: " + frame["reason"].astype(str))
    out = pd.DataFrame({
        "Rang": frame["rank"], "Kunden-Nr.": frame["id"], "Kunde": frame["name"], "Score": frame["score"],
        "Kundenwert (€)": frame["value_eur"], "Klasse": frame["class"].replace("", None), "Hinweise": flags,
    })
    if "clv" in frame.columns:
        out["CLV (€)"] = frame["clv"]
    for c, key in enumerate(result.criteria):
        out[f"Beitrag {label_de(key)}"] = np.where(frame["scorable"], result.contributions[:, c], np.nan)
    out["Excel-Zeile"] = frame["row"]
    order = np.lexsort((frame["row"].to_numpy(), frame["rank"].to_numpy(dtype=float, na_value=np.inf)))
    return out.iloc[order].reset_index(drop=True)


def write_xlsx(result: ScoreResult, cl: CustomerList, target: str | io.BytesIO) -> None:
    table = result_table(result, cl)
    wb = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_urls": False,
                                      "strings_to_numbers": False, "nan_inf_to_errors": True})
    bold = wb.add_format({"bold": True, "bg_color": "#DDE3EA", "border": 1})
    eur = wb.add_format({"num_format": "#,##0.00 €"})
    one = wb.add_format({"num_format": "0.0"})
    two = wb.add_format({"num_format": "0.00"})
    ws = wb.add_worksheet("Ergebnis")
    for j, col in enumerate(table.columns):
        ws.write_string(0, j, col, bold)
    formats = {"Score": one, "Kundenwert (€)": eur, "CLV (€)": eur}
    for j, col in enumerate(table.columns):
        fmt = formats.get(col, two if col.startswith("Beitrag") else None)
        values = table[col].to_numpy(dtype=object)
        for i, v in enumerate(values, start=1):
            if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
                continue
            if isinstance(v, str):
                ws.write_string(i, j, v)
            else:
                ws.write_number(i, j, float(v), fmt)
        width = max([len(col)] + [len(str(v)) for v in values[:500]]) + 2
        ws.set_column(j, j, min(width, 50))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(table), len(table.columns) - 1)
    check = wb.add_worksheet("Datenprüfung")
    check.write_row(0, 0, ["Excel-Zeile", "Art", "Grund"], bold)
    r = 1
    for kind, frame in (("abgelehnt", cl.rejected), ("übersprungen", cl.skipped),
                        ("nicht bewertbar", result.not_scorable.rename(columns={"reason": "reason"}))):
        for row, reason in zip(frame["row"], frame["reason"], strict=True):
            check.write_number(r, 0, int(row))
            check.write_string(r, 1, kind)
            check.write_string(r, 2, str(reason))
            r += 1
    check.set_column(0, 1, 14)
    check.set_column(2, 2, 100)
    wb.close()


def write_csv(result: ScoreResult, cl: CustomerList, target: io.TextIOBase, german: bool = True) -> None:
    """German Excel style (; and decimal comma) or international (, and decimal point)."""
    table = result_table(result, cl)
    writer = csv.writer(target, delimiter=";" if german else ",", lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.itertuples(index=False):
        writer.writerow([_csv_cell(v, german) for v in row])


def _csv_cell(value: object, german: bool) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if german else text
