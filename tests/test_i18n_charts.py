"""Every chart family in English: English titles, axes, legends, hovers and number format; German stays the default.

Each figure is searched as a whole (every string plotly would receive, the unwrapped title in ``meta`` too) for
the German marker words of the catalogue scan; the data the test hands in is English, so any hit is the product's.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from kundenwert import charts, charts_orders, charts_scenarios, charts_surveys, criteria
from kundenwert.compare import compare
from kundenwert.dataset import load
from kundenwert.matrix import MatrixCell, MatrixResult, after_sales_matrix
from kundenwert.nps import net_promoter_score
from kundenwert.robustness import robustness
from kundenwert.scenario import PRESETS, Scenario
from kundenwert.xyz import abc_xyz_grid
from tests.files import generated_xlsx
from tests.test_i18n_scan import GERMAN

# German words the scan's pattern does not know but a chart would show
MORE_GERMAN = re.compile(r"\b(Anteil|Bewertung\w*|Kriteri\w*|Beitr\w*|Studie|Wiederkauf\w*|Umsatz\w*|Zufrieden\w*|"
                         r"Kauf|Antwort\w*|Punkte|Kritiker|Promotoren|Neukund\w*|Bestandskund\w*|Ziehung\w*|fehlt|"
                         r"wenige|Ihre|unter|wechseln|bleiben|fragil|Ohne|Regelmäßig\w*|Klassen)\b")


def strings(fig: go.Figure) -> list[str]:
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list | tuple | np.ndarray):
            for v in node:
                walk(v)
    walk(fig.to_plotly_json())
    return out


def axis(title: object) -> str:
    """An axis title as written (the layout wraps long ones for a phone)."""
    return str(title.text).replace("<br>", " ")


def assert_english(fig: go.Figure) -> None:
    german = [s for s in strings(fig) if GERMAN.search(s) or MORE_GERMAN.search(s)]
    assert german == []
    assert fig.layout.separators == ".,"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(4)
    n = 200
    score = np.clip(rng.normal(5.5, 1.5, n), 0, 10)
    return pd.DataFrame({"id": [f"C-{i}" for i in range(n)], "name": [f"Client {i}" for i in range(n)],
                         "score": score, "scorable": True,
                         "class": np.where(score >= 7, "A", np.where(score >= 4, "B", "C")),
                         "status": np.where(rng.random(n) < 0.3, "new", "existing").astype(object),
                         "recommend": rng.integers(0, 11, n).astype(float)})


@pytest.fixture(scope="module")
def own_matrix() -> MatrixResult:
    cells = [MatrixCell(True, True, 1200, 1090, 1090 / 1200, 0.85, 0.95, 0.93),
             MatrixCell(False, True, 40, 18, 0.45, 0.31, 0.6, 0.45),
             MatrixCell(True, False, 6, 1, 1 / 6, 0.03, 0.56, 0.14),
             MatrixCell(False, False, 0, 0, None, None, None, 0.03)]
    return MatrixResult(True, cells, 1246, [], 7.0, {})


@pytest.fixture(scope="module")
def sample_list():
    return load(generated_xlsx(n=200, seed=5), "s.xlsx")


def test_radar_in_english():
    labels = [criteria.label(k, "en") for k in ("credit", "purchase_history", "image")]
    fig = charts.radar_chart(labels, [8, 6, float("nan")], [7, 5, 5], [5, 5, 5], name="Sample Ltd", klass="B",
                             lang="en")
    assert [t.name for t in fig.data] == ["Average of the whole list", "Average of class B", "Sample Ltd"]
    assert fig.layout.meta["title"] == "Ratings compared"
    assert fig.layout.meta["subtitle"] == f"0–10 points, outside = better<br>missing (not counted as 0): {labels[2]}"
    assert_english(fig)
    german = charts.radar_chart(["Bonität"], [8], [7], [5], name="x", klass="B")
    assert [t.name for t in german.data] == ["Ø ganze Liste", "Ø Klasse B", "x"]
    assert german.layout.meta["title"] == "Bewertungen im Vergleich" and german.layout.separators == ",."


def test_contribution_chart_in_english():
    fig = charts.contribution_chart(["Credit", "Purchase history", "Image"], [1.0, 2.5, 0.75], 4.25,
                                    missing=[False, False, True], lang="en")
    assert fig.layout.meta["title"] == "Contributions of the criteria to the score (sum = 4.25)"
    assert axis(fig.layout.xaxis.title) == "Contribution to the score (points)"
    assert axis(fig.layout.yaxis.title) == "Criterion"
    assert list(fig.data[0].text) == ["2.50", "1.00", "missing", "<b>4.25</b>"]
    assert_english(fig)
    german = charts.contribution_chart(["Bonität"], [1.5], 1.5, missing=[False])
    assert german.layout.meta["title"] == "Beiträge der Kriterien zum Score (Summe = 1,50)"


def test_class_shares_in_english():
    kpis = pd.DataFrame({"class": ["A", "B", "C"], "share_customers": [0.2, 0.5, 0.3],
                         "share_value": [0.4, 0.45, 0.15], "share_revenue": [0.6, 0.3, 0.1]})
    fig = charts.class_shares_chart(kpis, lang="en")
    assert [t.name for t in fig.data] == ["Share of customers", "Share of customer value", "Share of revenue"]
    assert fig.layout.meta["title"] == "Classes compared: share of customers, value and revenue"
    assert axis(fig.layout.yaxis.title) == "Class" and fig.layout.xaxis.ticksuffix == "%"
    assert list(fig.data[0].text) == ["20%", "50%", "30%"]
    assert_english(fig)
    german = charts.class_shares_chart(kpis)
    assert german.data[0].name == "Anteil Kunden" and german.data[0].text[0] == "20 %"
    with pytest.raises(AssertionError):          # the search sees German
        assert_english(german)


def test_matrix_charts_in_english(own_matrix):
    bars = charts.matrix_comparison_chart(own_matrix, lang="en")
    assert [t.name for t in bars.data] == ["Your data", "Study"]
    assert list(bars.data[0].y)[0] == "Sale ✓<br>Service ✓"
    assert bars.layout.meta["title"] == "Repurchase rate per cell: your data beside the study"
    assert axis(bars.layout.xaxis.title) == "Repurchase rate (%)"
    assert [a.text for a in bars.layout.annotations][:2] == ["91%", "45%"] and bars.layout.xaxis.ticktext[-1] == "100%"
    assert bars.data[0].customdata[0][0] == "1,200"
    assert_english(bars)
    study = charts.matrix_comparison_chart(after_sales_matrix(None), lang="en")
    assert study.layout.meta["title"] == "Repurchase rate per cell: study"
    assert_english(study)
    assert_english(charts_surveys.matrix_heatmap(own_matrix, lang="en"))
    german = charts.matrix_comparison_chart(own_matrix)
    assert [t.name for t in german.data] == ["Ihre Daten", "Studie"]
    assert german.data[0].customdata[0][0] == "1.200"


def test_nps_charts_in_english(frame):
    res = net_promoter_score(frame["recommend"].to_numpy(dtype=float))
    groups = charts_surveys.nps_groups_chart(res, lang="en")
    assert list(groups.data[0].x) == ["Detractors<br>(0–6)", "Passives<br>(7–8)", "Promoters<br>(9–10)"]
    assert groups.layout.meta["title"].startswith("Customer voice: NPS ")
    assert groups.layout.meta["title"].endswith(f" from {res.respondents} answers")
    assert axis(groups.layout.xaxis.title) == "Answer to “Would you recommend us?” (0–10)"
    assert_english(groups)
    by_status = charts_surveys.nps_by_chart(frame, "status", lang="en")
    assert list(by_status.data[0].x) == ["New customers", "Existing customers"]
    assert by_status.layout.meta["title"] == "Net Promoter Score per Status (new/existing customer)"
    assert_english(by_status)
    by_class = charts_surveys.nps_by_chart(frame, "class", lang="en")
    assert list(by_class.data[0].x) == ["Class A", "Class B", "Class C"]
    assert_english(by_class)
    assert charts_surveys.nps_by_chart(frame, "status").data[0].x[0] == "Neukunden"
    one = charts_surveys.nps_groups_chart(net_promoter_score(np.array([10.0])))
    assert one.layout.meta["title"] == "Kundenstimme: NPS +100 aus 1 Antwort"


def test_scenario_and_robustness_charts_in_english():
    labels = ["A", "B", "C", "–"]
    m = pd.DataFrame([[20, 1, 0, 0], [8, 1500, 3, 0], [0, 4, 10, 0], [0, 1, 0, 2]], index=labels, columns=labels)
    sankey = charts_scenarios.class_sankey(m, "Profit first", "Loyalty", lang="en")
    assert sankey.layout.meta["title"] == "Class changes between the scenarios"
    assert sankey.layout.meta["subtitle"] == "17 of 1,549 customers change class<br>left “Profit first” · right “Loyalty”"
    hovers = list(sankey.data[0].link.customdata)
    assert "Class A → Class B: 1 customer moves" in hovers and "Class B → Class B: 1,500 customers stay" in hovers
    assert "not scorable → not scorable: 2 customers stay" in hovers
    assert_english(sankey)
    german = charts_scenarios.class_sankey(m, "a", "b")
    assert "Klasse A → Klasse B: 1 Kunde wechselt" in german.data[0].link.customdata
    assert german.layout.meta["subtitle"].startswith("17 von 1.549 Kunden wechseln die Klasse")

    rng = np.random.default_rng(1)
    stability = pd.DataFrame({"class": rng.choice(["A", "B", "C"], 1500), "kept": rng.uniform(0.3, 1.0, 1500)})
    hist = charts_scenarios.stability_histogram(stability, lang="en")
    assert hist.layout.meta["title"] == "How certain is the class? (1,500 scored customers)"
    assert {t.name for t in hist.data if t.type == "bar"} == {"Class A", "Class B", "Class C"}
    assert hist.layout.annotations[0].text == "fragile below 80%" and hist.layout.xaxis.ticksuffix == "%"
    assert_english(hist)

    crit = pd.DataFrame({"criterion": ["image", "referral"], "label": ["Image", "Referral value"],
                         "a_lost_without": [3, 7], "a_overlap_corr": [0.1, 0.4]})
    dep = charts_scenarios.criteria_dependence_chart(crit, 2000, lang="en")
    assert dep.layout.meta["title"] == "A customers who lose class A without the criterion"
    assert axis(dep.layout.xaxis.title).endswith("(of 2,000)")
    assert_english(dep)
    assert charts_scenarios.criteria_dependence_chart(crit, 2000).layout.meta["title"] == (
        "A-Kunden, die ohne das Kriterium Klasse A verlieren")


def test_abc_xyz_heatmap_in_english():
    ids = pd.Index(["a", "b", "c", "d"])
    grid = abc_xyz_grid(pd.Series(["A", "A", "C", None], index=ids), pd.Series(["X", "X", "Z", "Y"], index=ids),
                        pd.Series([1000.0, 5.0, 1.0, 7.0], index=ids))
    fig = charts_orders.abc_xyz_heatmap(grid, lang="en")
    assert list(fig.data[0].x) == ["X – regular", "Y – fluctuating", "Z – irregular"]
    assert list(fig.data[0].y) == ["Class A", "Class B", "Class C"]
    assert fig.data[0].text[0][0] == "<b>AX</b><br>2 customers<br>€1,005<br>100% of revenue"
    assert fig.layout.meta["title"] == "ABC × XYZ: customers and revenue per cell"
    assert_english(fig)
    german = charts_orders.abc_xyz_heatmap(grid)
    assert german.data[0].text[0][0] == "<b>AX</b><br>2 Kunden<br>1.005 €<br>100 % des Umsatzes"
    assert german.data[0].text[2][2].startswith("<b>CZ</b><br>1 Kunde<br>")


def test_compare_drivers_and_robustness_labels_in_english(sample_list):
    en = compare(sample_list, PRESETS["profit"], PRESETS["loyalty"], lang="en")
    de = compare(sample_list, PRESETS["profit"], PRESETS["loyalty"])
    names_en = {criteria.label(k, "en") for k in sample_list.criteria}
    names_de = {criteria.label(k, "de") for k in sample_list.criteria}
    drivers = [d for d in en.movers["drivers"] if d]
    assert drivers and all(part.rsplit(" ", 1)[0] in names_en for d in drivers for part in d.split("; "))
    assert all("," not in part.rsplit(" ", 1)[1] for d in drivers for part in d.split("; "))   # 0.8, not 0,8
    assert all(part.rsplit(" ", 1)[0] in names_de for d in de.movers["drivers"] if d for part in d.split("; "))
    assert (en.migration.index.name, en.migration.columns.name) == ("Class in A", "Class in B")
    assert (de.migration.index.name, de.migration.columns.name) == ("Klasse in A", "Klasse in B")
    assert (en.migration.to_numpy() == de.migration.to_numpy()).all()
    rob = robustness(sample_list, Scenario(), draws=20, lang="en")
    assert list(rob.criteria["label"]) == [criteria.label(k, "en") for k in rob.criteria["criterion"]]
    assert set(rob.criteria["label"]) != set(robustness(sample_list, Scenario(), draws=20).criteria["label"])


def test_a_missing_criterions_text_has_room_right_of_the_sum_in_every_language():
    """'missing' stands where the sum ends (near the score): the axis leaves room for it, so a phone does not
    cut it at the chart's edge (tests/e2e/test_e2e_readable.py found it in English)."""
    from kundenwert.charts import contribution_chart

    for lang in ("de", "en"):
        fig = contribution_chart(["A", "B"], [8.64, 0.0], 8.64, missing=[False, True], lang=lang)
        assert fig.layout.xaxis.range[1] >= 8.64 + 2.0
        complete = contribution_chart(["A", "B"], [5.0, 3.64], 8.64, missing=[False, False], lang=lang)
        assert complete.layout.xaxis.range[1] == 10.0


def test_long_english_criterion_names_break_in_the_radar():
    from kundenwert.chart_layout import _wrap_word

    assert "<br>" in _wrap_word("Creditworthiness")


def test_nps_title_signs_through_the_one_rule():
    """An NPS that shows as 0 gets no sign (the chart's own copy of the rule read "+0"), a negative one the
    real minus."""
    from kundenwert.charts_surveys import nps_groups_chart
    from kundenwert.nps import NpsResult

    near_zero = NpsResult(respondents=1000, promoters=301, passives=399, detractors=300)     # NPS 0.1
    below = NpsResult(respondents=100, promoters=20, passives=48, detractors=32)            # NPS −12
    assert "NPS 0 " in nps_groups_chart(near_zero, lang="en").layout.meta["title"] + " "
    assert "−12" in nps_groups_chart(below, lang="de").layout.meta["title"]
