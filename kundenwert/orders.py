"""Order history: order lines + a customer list -> figures per customer, derived ratings, the list
with the user's choice per criterion, and the classifications that need orders.

Reading and checking the file: `orders_read`; figures and derived ratings: `orders_figures`;
regularity (XYZ) and the ABC × XYZ grid: `xyz`. This module joins them to a customer list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .dataset import CustomerList
from .findings import Findings
from .ids import natural_order
from .orders_figures import (
    CHOICES,
    DERIVED_KEYS,
    Period,
    Retention,
    customer_figures,
    default_period,
    derive_ratings,
    estimate_retention,
    for_customers,
)
from .orders_read import OrderLines

IDS_LISTED = 10            # customer numbers named in a message
KEY_ACCOUNT_SHARE = 0.5    # key accounts: the biggest customers that together hold this share of revenue
DEFAULT_CHOICE = "fill"    # derived where the list has no rating
FIGURE_PREFIX = "orders_"  # the order figures beside the list's own columns: orders_revenue …
SHOWN_FIGURES = ("revenue", "margin", "orders", "revenue_per_order", "days_since_last", "first_order", "trend")


@dataclass
class OrderAnalysis:
    lines: OrderLines
    period: Period
    figures: pd.DataFrame            # every customer number of the order file
    derived: pd.DataFrame            # derived ratings of the customers in `customers` order
    customers: pd.DataFrame          # figures per list customer (or per order customer without a list)
    unknown: pd.DataFrame            # id, lines, revenue, first_row: order customers not in the list
    without_orders: list[str]        # list customers with no order in the period
    retention: Retention
    notes: pd.DataFrame              # findings about the join (unknown customers, customers without)

    @property
    def has_margin(self) -> bool:
        return self.lines.has_margin

    def derivable(self) -> tuple[str, ...]:
        """The criteria the orders can rate (Deckungsbeitrag only with a margin column)."""
        return tuple(k for k in DERIVED_KEYS if k != "contribution_margin" or self.has_margin)


def _unknown(figures: pd.DataFrame, known: set[str] | None) -> pd.DataFrame:
    """Order customer numbers not in the list: lines, revenue of all their lines, first Excel row."""
    mask = np.zeros(len(figures), dtype=bool) if known is None else ~figures.index.isin(list(known))
    out = figures[mask]
    return pd.DataFrame({"id": out.index.astype(object), "lines": out["lines"].to_numpy(dtype=np.int64),
                         "revenue": out["total_revenue"].to_numpy(dtype=float),
                         "first_row": out["first_row"].to_numpy(dtype=np.int64)})


def analyse(lines: OrderLines, cl: CustomerList | None = None, months: int = 12,
            end: object | None = None) -> OrderAnalysis:
    """Figures of every order customer over the period; joined to the list's customers when given."""
    period = default_period(lines, months, end)
    figures = customer_figures(lines, period)
    found = Findings()
    if cl is not None:
        ids = cl.customers["id"].astype(str).tolist()
        customers = for_customers(figures, ids)
        unknown = _unknown(figures, set(ids))
        if len(unknown):
            found.add("orders_unknown_customers", None, lines.columns["customer"][0], count=len(unknown),
                      ids=unknown["id"].tolist()[:IDS_LISTED], ids_total=len(unknown),
                      lines=int(unknown["lines"].sum()))
    else:
        customers = figures.copy()
        unknown = _unknown(figures, None)
    without = customers.index[(customers["orders"] == 0).to_numpy()].tolist()
    if cl is not None and without:
        found.add("orders_customers_without", count=len(without), ids=without[:IDS_LISTED], ids_total=len(without))
    derived = derive_ratings(customers)
    if not lines.has_margin:
        derived["contribution_margin"] = np.nan
    return OrderAnalysis(lines, period, figures, derived, customers, unknown, without,
                         estimate_retention(figures, period), found.frame())


def merged_ratings(own: np.ndarray | None, derived: np.ndarray, choice: str) -> np.ndarray:
    """The rating used for one criterion: the list's own, the derived one, or derived where own is blank
    (where no derived rating exists, the list's own stays)."""
    if choice not in CHOICES:
        raise ValueError(choice)
    if own is None:
        return derived.copy() if choice != "own" else np.full(len(derived), np.nan)
    if choice == "own":
        return own.copy()
    if choice == "derived":
        return np.where(np.isnan(derived), own, derived)
    return np.where(np.isnan(own), derived, own)


def enrich(cl: CustomerList, analysis: OrderAnalysis, choices: dict[str, str] | None = None) -> CustomerList:
    """The list with the chosen ratings for Kaufhistorie / Deckungsbeitrag and the order figures: revenue,
    margin and orders fill the list's fields where it has none; all figures stand beside as orders_*."""
    choices = {k: (choices or {}).get(k, DEFAULT_CHOICE) for k in analysis.derivable()}
    criteria = list(cl.criteria)
    ratings = cl.ratings
    columns = [ratings[:, j] for j in range(ratings.shape[1])]
    for key, choice in choices.items():
        derived = analysis.derived[key].to_numpy(dtype=float)
        if key in criteria:
            j = criteria.index(key)
            columns[j] = merged_ratings(columns[j], derived, choice)
        elif choice != "own":
            criteria.append(key)
            columns.append(merged_ratings(None, derived, choice))
    n = len(cl.customers)
    new_ratings = np.column_stack(columns) if columns else np.empty((n, 0))
    customers = cl.customers.copy()
    figs = analysis.customers
    for key in ("revenue", "margin", "orders"):
        if key == "margin" and not analysis.has_margin:
            continue
        values = figs[key].to_numpy(dtype=float)
        if key in customers.columns:
            own = customers[key].to_numpy(dtype=float)
            customers[key] = np.where(np.isnan(own), values, own)
        else:
            customers[key] = values
    for key in SHOWN_FIGURES:
        customers[FIGURE_PREFIX + key] = figs[key].to_numpy()
    return replace(cl, criteria=criteria, ratings=np.ascontiguousarray(new_ratings), customers=customers)


# ------------------------------------------------------------------------------------ classifications

def revenue_per_order_by_group(customers: pd.DataFrame, group: pd.Series) -> pd.DataFrame:
    """Per group (class, status …): customers, customers with orders, orders, revenue, revenue per order
    (the group's revenue / its orders)."""
    frame = pd.DataFrame({"group": group.to_numpy(), "revenue": customers["revenue"].to_numpy(dtype=float),
                          "orders": customers["orders"].to_numpy(dtype=float)})
    frame = frame[frame["group"].notna()]
    g = frame.groupby("group", sort=True)
    out = pd.DataFrame({"customers": g.size(), "buyers": g["orders"].apply(lambda s: int((s > 0).sum())),
                        "orders": g["orders"].sum().astype(np.int64), "revenue": g["revenue"].sum()})
    out["revenue_per_order"] = np.where(out["orders"] > 0, out["revenue"] / out["orders"].clip(lower=1), np.nan)
    return out.reset_index()


def key_accounts(customers: pd.DataFrame, share: float = KEY_ACCOUNT_SHARE) -> pd.DataFrame:
    """The biggest customers by revenue that together hold `share` of total positive revenue: while the
    share held by the customers before them is < share (ties by id). id, revenue, share, cumulative."""
    frame = pd.DataFrame({"id": customers.index.astype(str), "revenue": customers["revenue"].to_numpy(dtype=float)})
    frame["_natural"] = natural_order(frame["id"])                      # ties by natural id, as everywhere
    frame = frame[frame["revenue"] > 0].sort_values(["revenue", "_natural"], ascending=[False, True],
                                                    kind="mergesort").drop(columns="_natural")
    total = frame["revenue"].sum()
    if not len(frame) or total <= 0:
        return frame.assign(share=[], cumulative=[])
    frame["share"] = frame["revenue"] / total
    frame["cumulative"] = frame["share"].cumsum()
    before = frame["cumulative"] - frame["share"]
    return frame[before.to_numpy() < share - 1e-12].reset_index(drop=True)


def lapsed(customers: pd.DataFrame) -> pd.DataFrame:
    """Customers who bought before the period and not in it: id, last order, days since, prev revenue."""
    mask = customers["ordered_before"].to_numpy(bool) & (customers["orders"] == 0).to_numpy()
    out = customers[mask]
    return pd.DataFrame({"id": out.index.astype(str), "last_order": out["last_order"].to_numpy(),
                         "days_since_last": out["days_since_last"].to_numpy(),
                         "prev_revenue": out["prev_revenue"].to_numpy(dtype=float)})
