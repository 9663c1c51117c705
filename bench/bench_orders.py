"""Order-history benchmark: 1,000,000 order lines for 50,000 customers aggregated (goal < 2 s).

    .venv/bin/python bench/bench_orders.py [--lines N] [--customers K] [--runs R]

The lines are generated here (vectorised). Timed, each the median of R runs: the per-customer
figures (`customer_figures`), the derived ratings, XYZ, the retention estimate, and the whole
`orders.analyse` joined to a list of the same customers. The baseline in the same run is a plain
pandas groupby sum of revenue per customer, so the ratio survives a noisy machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kundenwert.orders import analyse  # noqa: E402
from kundenwert.orders_figures import customer_figures, default_period, derive_ratings, estimate_retention  # noqa: E402
from kundenwert.orders_read import OrderLines  # noqa: E402
from kundenwert.xyz import xyz_classes  # noqa: E402


def make_lines(n: int, k: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    weight = rng.lognormal(0, 1.2, k)
    customer = rng.choice(k, n, p=weight / weight.sum())
    ids = np.array([f"K-{i:06d}" for i in range(k)], dtype=object)
    days = rng.integers(0, 730, n)
    revenue = np.round(rng.lognormal(7, 1, n), 2)
    revenue[rng.random(n) < 0.02] *= -0.3                 # credit notes
    return pd.DataFrame({
        "row": np.arange(2, n + 2, dtype=np.int64), "customer": ids[customer],
        "date": (pd.Timestamp("2025-12-31") - pd.to_timedelta(days, unit="D")).astype("datetime64[ns]"),
        "revenue": revenue, "margin": np.round(revenue * 0.25, 2),
        "order_no": pd.Series(np.arange(n).astype(str), dtype=object), "quantity": np.ones(n),
    })


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


class _List:   # the part of a CustomerList that analyse() reads
    def __init__(self, ids: list[str]):
        self.customers = pd.DataFrame({"id": ids})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--customers", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    frame = make_lines(args.lines, args.customers)
    lines = OrderLines("bench", 1, len(frame), {"customer": ("B", "Kunden-Nr."), "margin": ("E", "DB"),
                                                 "order_no": ("A", "Nr")}, frame, pd.DataFrame(), pd.DataFrame(),
                       pd.DataFrame())
    period = default_period(lines)
    figs = customer_figures(lines, period)
    cl = _List([f"K-{i:06d}" for i in range(args.customers)])
    rows = [
        ("baseline: pandas groupby sum of revenue", lambda: frame.groupby("customer")["revenue"].sum()),
        ("customer_figures (all figures, 2 periods)", lambda: customer_figures(lines, period)),
        ("derive_ratings", lambda: derive_ratings(figs)),
        ("xyz_classes", lambda: xyz_classes(lines, period)),
        ("estimate_retention", lambda: estimate_retention(figs, period)),
        ("analyse (joined to a list of all customers)", lambda: analyse(lines, cl)),  # type: ignore[arg-type]
    ]
    print(f"{args.lines:,} lines, {figs.shape[0]:,} customers with orders, median of {args.runs}")
    base = None
    for label, fn in rows:
        t = timed(fn, args.runs)
        base = base or t
        print(f"| {label} | {t * 1000:,.0f} ms | {t / base:.1f}× |")


if __name__ == "__main__":
    main()
