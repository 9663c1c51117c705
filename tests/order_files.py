"""Builders for order-list test files and order lines (generated in the test run, no fixtures)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tests.files import xlsx_bytes

HEADERS = ["Auftrags-Nr.", "Kunden-Nr.", "Datum", "Umsatz netto (€)", "DB (€)", "Menge"]


def order_xlsx(rows: list[list], headers: list[str] | None = None, title: str | None = None) -> bytes:
    top = [[title], []] if title else []
    return xlsx_bytes([*top, headers or HEADERS, *rows], title="Aufträge")


def german_csv(rows: list[list[str]], headers: list[str] | None = None) -> bytes:
    lines = [";".join(headers or HEADERS)] + [";".join(r) for r in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def lines_frame(customers, dates, revenue, margin=None, order_no=None) -> pd.DataFrame:
    """Order lines as `orders_read.read_orders` gives them (row numbers from 2)."""
    n = len(customers)
    return pd.DataFrame({
        "row": np.arange(2, n + 2, dtype=np.int64), "customer": pd.Series(list(customers), dtype=object),
        "date": pd.to_datetime(pd.Series(list(dates))).astype("datetime64[ns]"),
        "revenue": np.asarray(revenue, dtype=float),
        "margin": np.asarray(margin if margin is not None else np.full(n, np.nan), dtype=float),
        "order_no": pd.Series(list(order_no) if order_no is not None else [None] * n, dtype=object),
        "quantity": np.full(n, np.nan),
    })


def day(y: int, m: int, d: int) -> dt.datetime:
    return dt.datetime(y, m, d)


def messy_orders_xlsx() -> bytes:
    """An order list as people keep it: a title row, then every kind of row the reader must account for —
    no customer number, no date, a text that is no date, an implausible date, no revenue, a revenue that is
    no number, a margin "k.A.", a blank margin, a quantity that is no number, a credit note, a customer the
    list does not know (K999), a blank row and a total row. Customers K001 … K006 (`files.simple_rows(6)`)."""
    rows: list[list] = []
    for i in range(30):
        rows.append([f"A{i:04d}", f"K{i % 6 + 1:03d}", dt.datetime(2025, 1 + i % 12, 1 + i % 27), 100.0 + 10 * i,
                     20.0 + i, 1 + i % 3])
    rows[3][1] = ""                 # row 7: no customer number
    rows[4][2] = None               # row 8: no date
    rows[5][2] = "gestern"          # row 9: not a date
    rows[6][2] = "01.01.1850"       # row 10: implausible date
    rows[7][3] = None               # row 11: no revenue
    rows[8][3] = "viel"             # row 12: revenue not a number
    rows[9][4] = "k.A."             # row 13: margin missing
    rows[10][5] = "drei"            # row 14: quantity not a number (the line is used)
    rows[11][4] = None              # row 15: margin blank
    rows[12][3] = -50.0             # row 16: credit note
    rows[13][1] = "K999"            # row 17: a customer the list does not know
    rows.insert(15, [None] * 6)     # row 19: blank
    rows.append(["", "Summe", None, 9999.0, 999.0, None])   # the last row: a total row
    return order_xlsx(rows, title="Aufträge 2025")
