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
