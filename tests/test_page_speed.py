"""What keeps the pages fast (issue 12): nothing is computed twice per setting, the server warms up once.

The timings themselves are measured in bench/bench_pages.py (BENCHMARKS.md "Page speed"); these tests
prove the mechanisms: a rerun that does not change what a chart shows reuses the chart, and the
warm-up runs every page's computations without error.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from kundenwert.ui import warm
from kundenwert.ui.profile_page import option_labels
from tests.session_kit import list_of, ok, opened

ROOT = Path(__file__).resolve().parents[1]
ABC, PROFILE, MATRIX, NPS = ("pages/2_ABC-Analyse.py", "pages/3_Kundenprofil.py", "pages/4_After-Sales-Matrix.py",
                             "pages/5_Kundenstimme_NPS.py")


def _entries(at: AppTest, slot: str) -> list:
    return list(at.session_state[slot].values())


def test_weight_move_keeps_the_charts_that_do_not_depend_on_weights():
    at = opened(MATRIX)
    heatmap, = _entries(at, "kw_fig_matrix_heatmap")
    at.slider(key="kw_w_image").set_value(9.0).run()
    assert not at.exception
    assert _entries(at, "kw_fig_matrix_heatmap")[-1] is heatmap          # reused, not built again

    nps = opened(NPS)
    groups, = _entries(nps, "kw_fig_nps_groups")
    by_class, = _entries(nps, "kw_fig_nps_class")
    nps.slider(key="kw_w_image").set_value(9.0).run()
    assert _entries(nps, "kw_fig_nps_groups")[-1] is groups
    assert _entries(nps, "kw_fig_nps_class")[-1] is not by_class          # classes depend on the weights


def test_abc_charts_built_once_per_setting_and_again_after_a_move():
    at = opened(ABC)
    shares, = _entries(at, "kw_fig_abc_shares")                          # the open tab's chart
    at.run()                                                              # a rerun for nothing
    assert _entries(at, "kw_fig_abc_shares") == [shares]
    at.slider(key="kw_w_image").set_value(9.0).run()
    assert not at.exception
    assert _entries(at, "kw_fig_abc_shares")[-1] is not shares
    at.slider(key="kw_w_image").set_value(5.0).run()                      # back: the remembered chart
    assert _entries(at, "kw_fig_abc_shares")[-1] is shares


def test_profile_option_labels_rank_or_dash(sample_list):
    result = score(sample_list, Scenario())
    f = result.frame
    scorable = int(np.flatnonzero(f["scorable"].to_numpy())[0])
    labels = option_labels(f, np.array([scorable]))
    assert labels == [f"#{int(f['rank'].iat[scorable])} · {f['name'].iat[scorable]} (Nr. {f['id'].iat[scorable]})"]
    frame = pd.DataFrame({"rank": pd.array([None, 2], dtype="Int64"), "name": ["Ä & Co", "B"], "id": ["K-9", 10]})
    assert option_labels(frame, np.array([0, 1])) == ["– · Ä & Co (Nr. K-9)", "#2 · B (Nr. 10)"]


def test_profile_picker_labels_every_customer_by_rank():
    at = opened(PROFILE)
    box = at.selectbox(key="kw_profile_pick")
    cl = list_of(at)
    assert len(box.options) == len(cl.customers)
    assert box.options[0].startswith("#1 · ")


def test_warm_up_runs_every_page_computation(monkeypatch):
    warm.warm()                    # raises if a chart or engine call it makes no longer fits
    started = []
    monkeypatch.setattr(warm, "_started", False)
    monkeypatch.setattr(warm, "_run", lambda: started.append(1))
    warm.start()
    warm.start()                   # once per process: exactly one thread
    for t in [t for t in __import__("threading").enumerate() if t.name == "kundenwert-warm"]:
        t.join(5)
    assert started == [1]


def test_sidebar_widgets_keep_their_ids_across_pages():
    """The sidebar is drawn as the app's, not the page's: a page switch keeps every sidebar widget's id, so the
    browser keeps the sidebar instead of building ~60 elements again (and the widgets keep their state)."""
    at = opened("app.py")
    seen = {}
    for page in ("pages/1_Gewichtung_und_Ranking.py", "pages/3_Kundenprofil.py", "pages/7_Szenarienvergleich.py",
                 "app.py"):
        ok(at.switch_page(page).run())
        seen[page] = {w.key: w.id for kind in ("slider", "toggle", "selectbox") for w in at.sidebar.get(kind)}
    first, *others = seen.values()
    assert "kw_w_image" in first and "kw_present" in first
    for ids in others:
        assert ids == first
    # the page's own widgets still belong to the page
    ok(at.switch_page("pages/1_Gewichtung_und_Ranking.py").run())
    assert at.main.text_input(key="kw_rank_query") is not None
    assert "kw_rank_query" not in {w.key for w in at.sidebar.get("text_input")}


def test_start_page_modules_do_not_import_the_charts():
    """The first load imports what the start page needs: the chart modules (plotly's figure classes, the
    white template, ~0.1 s) come later, with the warm-up or the first page that draws a chart."""
    import subprocess
    import sys

    # urlstate.read_link imports compare_page, robustness_page and scenarios on the first run of every session
    code = ("import sys; from kundenwert.ui import data_page, sidebar, state, urlstate, compare_page, nav, "
            "robustness_page, scenarios; "
            "print(sorted(m for m in ('kundenwert.charts', 'kundenwert.chart_layout', 'kundenwert.charts_scenarios') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
