"""Warm the server once per process, in the background: the first visit of a page must not pay for
imports and first-time set-up.

Measured (bench/bench_pages.py, BENCHMARKS.md "Page speed"): the first visit of a page after the
start paid for importing the page modules, plotly's figure classes and their property validators
(loaded on first use of each trace type and layout property), plotly's JSON encoder, pandas' Styler
(jinja2 templates), Arrow and SQLAlchemy (the scenario library) – up to seconds on a busy machine. `start()` runs every page's
computations and charts once on a small generated list (no user data, no file from outside), in a
daemon thread, so this happens while the first user is still on the start page.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading

log = logging.getLogger("kundenwert.ui")

_started = False
_lock = threading.Lock()
done = threading.Event()          # set when the warm-up has finished (or failed)


def start() -> None:
    """Start the warm-up once per process (later calls do nothing)."""
    global _started
    with _lock:
        if _started:
            return
        _started = True
    threading.Thread(target=_run, name="kundenwert-warm", daemon=True).start()


def _run() -> None:
    # the lowest CPU priority for this thread only (Linux: a thread is a task of its own), so that a
    # user who is already clicking gets the CPU first
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    try:
        warm()
    except Exception:  # noqa: BLE001 - only a head start; the pages work without it
        log.exception("warm-up failed")
    finally:
        done.set()


def warm() -> None:
    """Every page's engine calls and charts once on a 60-customer generated list."""
    import pandas as pd
    import plotly.io

    from kundenwert import charts, charts_scenarios, charts_surveys, report
    from kundenwert import profile as prof
    from kundenwert.compare import compare
    from kundenwert.dataset import build
    from kundenwert.nps import net_promoter_score
    from kundenwert.robustness import robustness
    from kundenwert.sample import generate_customers
    from kundenwert.scenario import PRESETS, Scenario
    from kundenwert.scoring import score
    from kundenwert.ui import (  # noqa: F401 - imported for their import time
        abc_page,
        compare_page,
        matrix_page,
        method_page,
        nps_page,
        profile_page,
        ranking_page,
        robustness_page,
    )

    cl = build(_generated_table(generate_customers(60, seed=1)))   # our own generated list, nobody's file
    result = score(cl, Scenario())
    f = result.frame
    figs = [charts.class_shares_chart(report.class_summary(result)), charts.lorenz_curve(f),
            charts.score_histogram(f), charts.score_revenue_bubble(f)]
    p = prof.customer_profile(cl, result, 0, avgs=prof.averages(cl, result))
    labels = [c.label for c in p.criteria]
    figs.append(charts.radar_chart(labels, [c.adjusted for c in p.criteria], [c.class_avg for c in p.criteria],
                                   [c.list_avg for c in p.criteria], name=p.name, klass=p.klass))
    figs.append(charts.contribution_chart(labels, [c.contribution for c in p.criteria], p.score, klass=p.klass,
                                          missing=[c.missing for c in p.criteria]))
    m = report.matrix(cl, report.Settings())
    figs += [charts_surveys.matrix_heatmap(m), charts.matrix_comparison_chart(m)]
    if "recommend" in f.columns:
        figs += [charts_surveys.nps_groups_chart(net_promoter_score(f["recommend"].to_numpy(dtype=float))),
                 charts_surveys.nps_by_chart(f[f["class"] != ""], "class")]
    cmp = compare(cl, Scenario(), PRESETS["profit"])
    figs.append(charts_scenarios.class_sankey(cmp.migration, "A", "B"))
    rob = robustness(cl, Scenario(), draws=50)
    figs.append(charts_scenarios.stability_histogram(rob.stability))
    for fig in figs:
        plotly.io.to_json(fig, validate=False)                  # what st.plotly_chart sends
    table = pd.DataFrame({"Score": [1.5, 2.5], "name": ["a", "b"]})
    table.style.format({"Score": lambda v: f"{v:.1f}"}).to_html()    # pandas' Styler and its templates
    import pyarrow as pa

    pa.Table.from_pandas(table)
    # the scenario library's database layer, first used when a page shows the scenario manager (after an
    # upload: 0.13 s on the way to the data check); imports only, no database is opened
    import sqlite3  # noqa: F401

    import sqlalchemy.dialects.sqlite  # noqa: F401
    from sqlalchemy import event, exc  # noqa: F401


def _generated_table(df):  # noqa: ANN001, ANN202 - a DataFrame in, a RawTable out (imports stay in warm())
    """The generated list as the reader would give it (blank for a gap), without writing and reading an
    .xlsx: the server reads files only in the worker process, so xlsxwriter and calamine stay out of it
    (~17 MB of the idle server; bench/bench_memory.py)."""
    from kundenwert.ingest.reader import RawTable, column_letter

    headers = [str(c) for c in df.columns]
    columns = [["" if v is None or v != v else v for v in df[c].tolist()] for c in df.columns]
    return RawTable("warm.xlsx", "xlsx", None, [], 1, headers,
                    [column_letter(j) for j in range(len(headers))], columns=columns)
