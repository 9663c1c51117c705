"""A deterministic sample order list for the sample customers (sample_data/auftraege_beispiel.xlsx).

Consistent with the sample list: over the 12 months up to SAMPLE_PERIOD_END each customer's order
lines add up to exactly the list's revenue and margin (in cents) and their number of orders is the
list's "Aufträge". A few customers also have a credit note (netted off against a larger order, so
the sums stay), existing customers bought in the 12 months before as well (revenue trend, retention),
and some customer numbers are not in the list: one current buyer, and former customers who bought
only in the previous period (all shown as unknown; they lower the retention rate).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .criteria import FIELDS_BY_KEY
from .orders_figures import Period

SAMPLE_PERIOD_END = pd.Timestamp("2025-12-31")
ORDER_HEADERS = ("Auftrags-Nr.", "Kunden-Nr.", "Datum", "Umsatz netto (€)", "Deckungsbeitrag (€)", "Menge")
UNKNOWN_CUSTOMER = "K-99901"
_CREDIT_SHARE = 0.06       # customers with a credit note in the period
_REPEAT_SHARE = 0.85       # existing customers who also bought in the previous period
_FORMER_CUSTOMERS = 18     # former customers (previous period only, not in the list): retention below 100 %
_SEED_STREAM = 13          # the order lines come from their own random stream (seed, 13)


def _split_cents(total: float, shares: np.ndarray) -> np.ndarray:
    """`total` split by `shares` into cent amounts that add up exactly."""
    cents = int(round(total * 100))
    parts = np.floor(shares * cents).astype(np.int64)
    parts[np.argmax(shares)] += cents - parts.sum()
    return parts / 100.0


def generate_orders(customers: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """Order lines (ORDER_HEADERS) for a frame from `sample.generate_customers`, sorted by date."""
    rng = np.random.default_rng((seed, _SEED_STREAM))
    h = {k: FIELDS_BY_KEY[k].header_de for k in ("id", "status", "revenue", "margin", "orders")}
    days = Period(SAMPLE_PERIOD_END).days      # the default period's length
    end_day = SAMPLE_PERIOD_END
    rows: list[tuple] = []
    for cid, status, revenue, margin, n in zip(customers[h["id"]], customers[h["status"]], customers[h["revenue"]],
                                               customers[h["margin"]], customers[h["orders"]], strict=True):
        n = int(n)
        shares = rng.dirichlet(np.full(n, 2.0))
        ages = np.sort(rng.integers(0, days, n))
        amounts = _split_cents(revenue, shares)
        margins = _split_cents(margin, shares)
        quantities = rng.integers(1, 40, n)
        for a, r, m, q in zip(ages, amounts, margins, quantities, strict=True):
            rows.append((cid, end_day - pd.Timedelta(days=int(a)), r, m, int(q)))
        if rng.random() < _CREDIT_SHARE:   # a return: a credit note, the order it refers to was larger
            credit = round(float(amounts.max()) * 0.1, 2)
            credit_margin = round(float(margins[np.argmax(amounts)]) * 0.1, 2)
            k = len(rows) - n + int(np.argmax(amounts))
            c, d, r, m, q = rows[k]
            rows[k] = (c, d, round(r + credit, 2), round(m + credit_margin, 2), q)
            rows.append((cid, d + pd.Timedelta(days=7) if d + pd.Timedelta(days=7) <= end_day else end_day,
                         -credit, -credit_margin, None))
        if status != "Neukunde" and rng.random() < _REPEAT_SHARE:
            prev_revenue = revenue * float(np.exp(rng.normal(-0.05, 0.25)))
            m_prev = max(1, n + int(rng.integers(-2, 3)))
            shares = rng.dirichlet(np.full(m_prev, 2.0))
            ages = days + rng.integers(0, days, m_prev)
            for a, r, mm in zip(ages, _split_cents(prev_revenue, shares),
                                _split_cents(prev_revenue * margin / revenue if revenue else 0.0, shares), strict=True):
                rows.append((cid, end_day - pd.Timedelta(days=int(a)), r, mm, int(rng.integers(1, 40))))
    for a in (40, 200):
        rows.append((UNKNOWN_CUSTOMER, end_day - pd.Timedelta(days=a), 1_250.0, 310.0, 5))
    for k in range(_FORMER_CUSTOMERS):   # bought in the previous period, no longer in the list
        revenue = round(float(np.exp(rng.normal(np.log(8_000), 0.8))), 2)
        age = days + int(rng.integers(0, days))
        rows.append((f"K-0{9001 + k}", end_day - pd.Timedelta(days=age), revenue, round(revenue * 0.22, 2), 1))
    frame = pd.DataFrame(rows, columns=["customer", "date", "revenue", "margin", "quantity"])
    frame = frame.sort_values(["date", "customer"], kind="mergesort").reset_index(drop=True)
    year = frame["date"].dt.year.astype(str)
    number = frame.groupby(year).cumcount() + 1
    order_no = "A-" + year + "-" + number.astype(str).str.zfill(5)
    order_no = order_no.where(frame["revenue"] >= 0, "G-" + year + "-" + number.astype(str).str.zfill(5))
    out = pd.DataFrame({
        ORDER_HEADERS[0]: order_no.astype(object), ORDER_HEADERS[1]: frame["customer"].astype(object),
        ORDER_HEADERS[2]: frame["date"].dt.to_pydatetime(), ORDER_HEADERS[3]: frame["revenue"].astype(float),
        ORDER_HEADERS[4]: frame["margin"].astype(float),
        ORDER_HEADERS[5]: frame["quantity"].astype(object),
    })
    return out
