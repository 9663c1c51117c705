"""Per-customer figures from order lines over a period, and the ratings derived from them.

The period is `months` months up to `end` (default: 12 months up to the newest order date), counted
in days so that the rule is the same wherever it lies in the calendar: a month is 365.25 / 12 days,
12 months are 365 days; an order belongs to the period when it is 0 … days − 1 days before the end.
The previous period (for the trend and the retention rate) is the same length right before it.

Credit notes (negative revenue) net off against the customer's revenue and margin; they are not
orders. The number of orders is the number of distinct order numbers with positive revenue, or,
without an order-number column, the number of distinct days with a positive order line.

Derived ratings (0–10), among the customers with at least one order in the period: recency (days
since the last order, fewer is better), frequency (orders) and revenue each become the customer's
percentile rank × 10 (share of these customers with a value no better than theirs, so the best get
10); Kaufhistorie is their mean. Deckungsbeitrag is the margin percentile × 10 among those whose margin
is known (no rating where it is not). A customer without an order in the period gets 0 on each (the
lowest recency).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .orders_read import OrderLines

DAYS_PER_MONTH = 365.25 / 12
DEFAULT_MONTHS = 12
DERIVED_KEYS = ("purchase_history", "contribution_margin")   # the criteria the orders can rate
CHOICES = ("own", "derived", "fill")                          # the list's rating, derived, derived where blank
FIGURE_COLUMNS = ("revenue", "margin", "orders", "revenue_per_order", "days_since_last", "last_order",
                  "first_order", "prev_revenue", "trend", "credit_notes", "ordered_before")


@dataclass(frozen=True)
class Period:
    end: pd.Timestamp      # the last day of the period (inclusive)
    months: int = DEFAULT_MONTHS

    @property
    def days(self) -> int:
        return int(round(self.months * DAYS_PER_MONTH))

    @property
    def start(self) -> pd.Timestamp:
        """The first day of the period."""
        return self.end - pd.Timedelta(days=self.days - 1)

    @property
    def previous_start(self) -> pd.Timestamp:
        return self.end - pd.Timedelta(days=2 * self.days - 1)

    def to_dict(self) -> dict:
        return {"start": self.start.date().isoformat(), "end": self.end.date().isoformat(), "months": self.months,
                "days": self.days}


def default_period(lines: OrderLines | pd.DataFrame, months: int = DEFAULT_MONTHS,
                   end: object | None = None) -> Period:
    """`months` up to `end`, default the newest order date in the file (today if there is none)."""
    frame = lines.lines if isinstance(lines, OrderLines) else lines
    if end is None:
        end = frame["date"].max() if len(frame) else pd.Timestamp.today()
    return Period(pd.Timestamp(end).normalize(), int(months))


def age_days(dates: pd.Series, end: pd.Timestamp) -> np.ndarray:
    """Days from each date to the period end (0 = on the end day; negative = after it)."""
    day = dates.to_numpy(dtype="datetime64[D]").astype(np.int64)
    return np.int64(end.to_datetime64().astype("datetime64[D]").astype(np.int64)) - day


def _dates(days: np.ndarray, valid: np.ndarray) -> np.ndarray:
    out = days.astype("datetime64[D]").astype("datetime64[ns]")
    out[~valid] = np.datetime64("NaT")
    return out


def customer_figures(lines: OrderLines | pd.DataFrame, period: Period) -> pd.DataFrame:
    """Per customer id in the order lines (index, sorted): the FIGURE_COLUMNS (vectorised)."""
    frame = lines.lines if isinstance(lines, OrderLines) else lines
    codes, uniques = pd.factorize(frame["customer"], sort=True)
    k = len(uniques)
    age = age_days(frame["date"], period.end)
    revenue = frame["revenue"].to_numpy(dtype=float)
    margin = frame["margin"].to_numpy(dtype=float)
    days = period.days
    current = (age >= 0) & (age < days)
    previous = (age >= days) & (age < 2 * days)
    before = age >= days
    positive = revenue > 0
    rev = np.bincount(codes[current], revenue[current], minlength=k)
    mar = np.bincount(codes[current], np.nan_to_num(margin[current]), minlength=k)
    prev = np.bincount(codes[previous], revenue[previous], minlength=k)
    credit = np.bincount(codes[current & (revenue < 0)], minlength=k)

    counted = np.flatnonzero(current & positive)
    key = -age[counted]                              # without order numbers: one order per day
    if "order_no" in frame:
        numbers, uniques_no = pd.factorize(frame["order_no"].to_numpy(dtype=object)[counted])
        blank = numbers < 0
        if len(uniques_no) and (uniques_no == "").any():
            blank |= numbers == int(np.flatnonzero(uniques_no == "")[0])
        key = np.where(blank, -1 - age[counted], numbers)   # a line without a number counts by its day
    pairs = pd.DataFrame({"c": codes[counted], "k": key}).drop_duplicates()
    orders = np.bincount(pairs["c"].to_numpy(), minlength=k).astype(np.int64)

    upto = (age >= 0) & positive
    last_age = np.full(k, np.iinfo(np.int64).max)
    np.minimum.at(last_age, codes[upto], age[upto])
    has_last = last_age != np.iinfo(np.int64).max
    first_age = np.full(k, np.iinfo(np.int64).min)
    np.maximum.at(first_age, codes[upto], age[upto])
    ordered_before = np.bincount(codes[before & positive], minlength=k) > 0

    end_day = period.end.to_datetime64().astype("datetime64[D]").astype(np.int64)
    out = pd.DataFrame(index=pd.Index(uniques, name="id", dtype=object))
    out["revenue"] = rev
    in_period = np.bincount(codes[current], minlength=k)
    with_margin = (np.bincount(codes[current], np.isfinite(margin[current]), minlength=k) > 0) | (in_period == 0)
    with_margin &= bool(np.isfinite(margin).any())
    out["margin"] = np.where(with_margin, mar, np.nan)
    out["orders"] = orders
    safe = np.maximum(orders, 1)
    out["revenue_per_order"] = np.where(orders > 0, rev / safe, np.nan)
    out["days_since_last"] = np.where(has_last, last_age, np.nan)
    out["last_order"] = _dates(end_day - np.where(has_last, last_age, 0), has_last)
    out["first_order"] = _dates(end_day - np.where(has_last, first_age, 0), has_last)
    out["prev_revenue"] = prev
    out["trend"] = np.where(prev > 0, rev / np.where(prev > 0, prev, 1.0) - 1.0, np.nan)
    out["credit_notes"] = credit.astype(np.int64)
    out["lines"] = np.bincount(codes, minlength=k).astype(np.int64)          # every line of the file
    out["total_revenue"] = np.bincount(codes, revenue, minlength=k)
    first_row = np.full(k, np.iinfo(np.int64).max)
    np.minimum.at(first_row, codes, frame["row"].to_numpy(dtype=np.int64))
    out["first_row"] = first_row
    out["ordered_before"] = ordered_before
    return out


def for_customers(figures: pd.DataFrame, ids: pd.Series | list) -> pd.DataFrame:
    """The figures in the order of `ids` (a customer list's ids); customers without orders get 0 orders,
    0 € revenue and margin (NaN margin when the file has none), no dates."""
    out = figures.reindex(pd.Index(list(ids), dtype=object))
    missing = ~out.index.isin(figures.index)
    for col in ("revenue", "orders", "prev_revenue", "credit_notes", "lines", "total_revenue"):
        out.loc[missing, col] = 0
    if figures["margin"].notna().any():
        out.loc[missing, "margin"] = 0.0
    out["ordered_before"] = out["ordered_before"].fillna(False).astype(bool)
    for col in ("orders", "lines", "credit_notes"):
        out[col] = out[col].astype(np.int64)
    return out


def percentile_score(values: np.ndarray, active: np.ndarray) -> np.ndarray:
    """0–10 per customer: × 10 the share of active customers whose value is ≤ theirs; inactive: 0."""
    out = np.zeros(len(values))
    if active.any():
        ranks = pd.Series(values[active]).rank(method="max", pct=True).to_numpy()
        out[active] = 10.0 * ranks
    return out


def derive_ratings(figures: pd.DataFrame) -> pd.DataFrame:
    """recency, frequency, revenue_score, purchase_history (their mean), contribution_margin (0–10)."""
    active = (figures["orders"] > 0).to_numpy()
    out = pd.DataFrame(index=figures.index)
    days = figures["days_since_last"].to_numpy(dtype=float)
    out["recency"] = percentile_score(-np.nan_to_num(days, nan=np.inf), active)
    out["frequency"] = percentile_score(figures["orders"].to_numpy(dtype=float), active)
    out["revenue_score"] = percentile_score(figures["revenue"].to_numpy(dtype=float), active)
    out["purchase_history"] = (out["recency"] + out["frequency"] + out["revenue_score"]) / 3.0
    margin = figures["margin"].to_numpy(dtype=float)
    known = active & np.isfinite(margin)
    out["contribution_margin"] = percentile_score(np.nan_to_num(margin), known)
    out.loc[~known, "contribution_margin"] = np.where(active[~known], np.nan, 0.0)  # margin unknown: no rating
    return out


@dataclass(frozen=True)
class Retention:
    """Share of the previous period's buyers who bought again in the period."""

    rate: float | None
    previous_buyers: int
    retained: int
    period: Period

    def to_dict(self) -> dict:
        return {"rate": self.rate, "previous_buyers": self.previous_buyers, "retained": self.retained,
                "previous_start": self.period.previous_start.date().isoformat(),
                "previous_end": (self.period.start - pd.Timedelta(days=1)).date().isoformat(),
                **self.period.to_dict()}


def estimate_retention(figures: pd.DataFrame, period: Period) -> Retention:
    """From the figures of all order customers: buyers of the previous period, and of them those with an
    order in the period. `rate` is None without previous buyers."""
    prev = (figures["prev_revenue"] > 0).to_numpy()
    again = prev & (figures["orders"] > 0).to_numpy()
    n, k = int(prev.sum()), int(again.sum())
    return Retention(k / n if n else None, n, k, period)
