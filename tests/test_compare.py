"""Scenario comparison and weight robustness."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst
from hypothesis.extra import numpy as hnp

from kundenwert.compare import NOT_SCORABLE, compare, spearman
from kundenwert.criteria import CRITERION_KEYS
from kundenwert.dataset import load
from kundenwert.robustness import robustness
from kundenwert.sample import generate_customers
from kundenwert.sample_files import write_xlsx
from kundenwert.scenario import PRESETS, Scenario
from kundenwert.scoring import score
from tests.files import generated_xlsx, simple_rows, xlsx_bytes


@pytest.fixture(scope="module")
def sample_list():
    return load(generated_xlsx(n=300, seed=3), "s.xlsx")


def test_spearman():
    x = np.array([1.0, 2, 3, 4, 5])
    assert spearman(x, x * 10) == pytest.approx(1.0)
    assert spearman(x, -x) == pytest.approx(-1.0)
    assert spearman(x, np.array([1.0, np.nan, 3, 4, 5])) == pytest.approx(1.0)
    assert spearman(np.array([1.0, 2]), np.array([2.0, 1])) is None


def test_migration_matrix_matches_the_two_results(sample_list):
    cmp_ = compare(sample_list, PRESETS["profit"], PRESETS["loyalty"])
    ca = cmp_.a.frame["class"].replace("", NOT_SCORABLE)
    cb = cmp_.b.frame["class"].replace("", NOT_SCORABLE)
    for x in ("A", "B", "C", NOT_SCORABLE):
        for y in ("A", "B", "C", NOT_SCORABLE):
            assert cmp_.migration.loc[x, y] == int(((ca == x) & (cb == y)).sum())
    assert cmp_.migration.to_numpy().sum() == len(sample_list.customers)
    assert cmp_.changed_class == int((ca != cb).sum()) > 0
    assert -1 <= cmp_.spearman < 1


def test_same_scenario_changes_nothing(sample_list):
    cmp_ = compare(sample_list, Scenario(), Scenario())
    assert cmp_.changed_class == 0 and cmp_.spearman == pytest.approx(1.0)
    m = cmp_.migration.to_numpy()
    assert (m == np.diag(np.diag(m))).all()


def test_movers_first_and_drivers_explain_the_change():
    rows = simple_rows(2, ratings=[5.0] * 12)
    rows[1][4 + 8] = 10.0  # customer 1: Bonität 10
    rows[2][4 + 8] = 0.0   # customer 2: Bonität 0
    cl = load(xlsx_bytes(rows), "x.xlsx")
    only_credit = Scenario(weights={k: (10.0 if k == "creditworthiness" else 1.0) for k in CRITERION_KEYS})
    cmp_ = compare(cl, Scenario(), only_credit)
    top = cmp_.movers.iloc[0]
    assert "Bonität" in top["drivers"]
    delta = cmp_.b.contributions - cmp_.a.contributions
    # the drivers' contribution changes sum with the others to the score change
    assert delta.sum(axis=1) == pytest.approx((cmp_.b.frame["score"] - cmp_.a.frame["score"]).to_numpy())


def test_robustness_shares_and_fragile(sample_list):
    res = robustness(sample_list, Scenario(), draws=300, spread=0.2, seed=1)
    s = res.stability
    assert ((s["kept"] >= 0) & (s["kept"] <= 1)).all()
    assert len(s) == int(score(sample_list, Scenario()).frame["scorable"].sum())
    # customers far from a threshold keep their class in every draw
    far = s[(s["score"] - 7).abs().gt(1.5) & (s["score"] - 4).abs().gt(1.5)]
    assert (far["kept"] == 1.0).all()
    assert (res.fragile["kept"] < 0.8).all()
    assert set(res.criteria["criterion"]) == set(sample_list.criteria)
    assert len(res.a_overlap) == 300


def test_robustness_zero_spread_keeps_everything(sample_list):
    res = robustness(sample_list, Scenario(), draws=50, spread=0.0)
    assert (res.stability["kept"] == 1.0).all()


@pytest.mark.parametrize("method", ["rank", "pareto"])
def test_robustness_other_methods_match_the_base_at_zero_spread(sample_list, method):
    res = robustness(sample_list, Scenario().with_method(method), draws=20, spread=0.0)
    assert (res.stability["kept"] == 1.0).all()


def test_robustness_progress_and_leave_one_out(sample_list):
    seen = []
    res = robustness(sample_list, Scenario(), draws=200, block=50, progress=seen.append)
    assert seen == [0.25, 0.5, 0.75, 1.0]
    base = score(sample_list, Scenario()).frame
    key = res.criteria.iloc[0]["criterion"]
    alt = score(sample_list, Scenario(weights={key: 0.0})).frame
    lost = int(((base["class"] == "A") & (alt["class"] != "A")).sum())
    assert res.criteria.iloc[0]["a_lost_without"] == lost


RISK_ONLY = ["Zahlungsmentalität (0-10)", "Bonität (0-10)", "Betreuungsaufwand (0-10)", "Reklamationsbereitschaft (0-10)"]


def gappy_list(n: int = 60, seed: int = 4):
    """A list where customers K…1–3 are rated only on the four risk criteria: scorable under "Risiko"
    (75 % of its weight), not under "Gewinn zuerst" (40 %); customer 4 has one rating only (never scorable)."""
    import io

    df = generate_customers(n, seed=seed)
    ratings = [c for c in df.columns if c.endswith("(0-10)") and c != "Weiterempfehlung (0-10)"]
    for i in range(3):
        df.loc[df.index[i], [c for c in ratings if c not in RISK_ONLY]] = None
    df.loc[df.index[3], ratings[1:]] = None
    buf = io.BytesIO()
    write_xlsx(df, buf)
    return load(buf.getvalue(), "luecken.xlsx"), list(df["Kunden-Nr."].astype(str)[:4])


def test_movers_say_why_a_customer_is_not_scorable_in_one_scenario():
    """The engine's reason travels with the customer (the comparison table shows it instead of an empty
    value), for the scenario in which the customer has no score."""
    cl, ids = gappy_list()
    cmp_ = compare(cl, PRESETS["risk"], PRESETS["profit"])
    m = cmp_.movers.set_index(cmp_.movers["id"].astype(str))
    reasons_b = dict(zip(cmp_.b.not_scorable["id"].astype(str), cmp_.b.not_scorable["reason"], strict=True))
    for i in ids[:3]:
        assert m.loc[i, "class_a"] in ("A", "B", "C") and m.loc[i, "class_b"] == NOT_SCORABLE
        assert m.loc[i, "reason_a"] == "" and m.loc[i, "reason_b"] == reasons_b[i]
        assert "Gesamtgewichts" in m.loc[i, "reason_b"]
    assert m.loc[ids[3], "reason_a"] and m.loc[ids[3], "reason_b"]          # in neither scenario
    scored_both = (m["class_a"] != NOT_SCORABLE) & (m["class_b"] != NOT_SCORABLE)
    assert (m.loc[scored_both, "reason_a"] == "").all() and (m.loc[scored_both, "reason_b"] == "").all()


def test_movers_order_class_changes_then_scorability_then_the_rest():
    """Most moved first: real class changes (A↔C before one step), then customers scorable in only one
    scenario, then the others by places moved, customers without a score in both last."""
    cl, _ = gappy_list()
    m = compare(cl, PRESETS["risk"], PRESETS["profit"]).movers
    na, nb = m["class_a"] == NOT_SCORABLE, m["class_b"] == NOT_SCORABLE
    group = np.select([~na & ~nb & (m["class_a"] != m["class_b"]), na != nb, ~na & ~nb], [0, 1, 2], 3)
    assert (np.diff(group) >= 0).all(), group
    assert set(group) == {0, 1, 2, 3}
    step = (m["class_a"].map({"A": 0, "B": 1, "C": 2}) - m["class_b"].map({"A": 0, "B": 1, "C": 2})).abs()
    assert (np.diff(step[group == 0].to_numpy()) <= 0).all()
    moved = m.loc[group == 2, "rank_change"].abs().to_numpy(dtype=float)
    assert (np.diff(moved) <= 0).all()


def _drivers_per_row(delta: np.ndarray, criteria: list[str], top: int = 2) -> list[str]:
    """The drivers rule written out per customer (the reference for the column-wise `_drivers`)."""
    from kundenwert.criteria import label_de
    from kundenwert.fmt import fmt_num

    order = np.argsort(-np.abs(delta), axis=1)[:, :top]
    return ["; ".join(f"{label_de(criteria[c])} {'+' if delta[i, c] > 0 else ''}{fmt_num(delta[i, c], 1)}"
                      for c in cols if fmt_num(abs(delta[i, c]), 1) != "0,0") for i, cols in enumerate(order)]


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=12),
                  elements=hst.one_of(hst.sampled_from([0.0, 0.05, -0.05, 0.04999, 0.25, -0.15, 1.0, np.nan]),
                                      hst.floats(-10, 10))))
def test_drivers_column_wise_equal_the_per_customer_rule(delta):
    from kundenwert.compare import _drivers

    criteria = list(CRITERION_KEYS[:delta.shape[1]]) + [f"custom_x{i}" for i in range(delta.shape[1] - 12)]
    assert _drivers(delta, criteria) == _drivers_per_row(delta, criteria)


def test_migration_counts_equal_a_crosstab_of_the_classes(sample_list):
    cmp_ = compare(sample_list, PRESETS["profit"], PRESETS["risk"])
    labels = ["A", "B", "C", NOT_SCORABLE]
    ca = cmp_.a.frame["class"].replace("", NOT_SCORABLE)
    cb = cmp_.b.frame["class"].replace("", NOT_SCORABLE)
    expected = pd.crosstab(pd.Categorical(ca, categories=labels), pd.Categorical(cb, categories=labels),
                           dropna=False).reindex(index=labels, columns=labels, fill_value=0)
    assert cmp_.migration.to_numpy().tolist() == expected.to_numpy().tolist()
    assert list(cmp_.migration.index) == list(cmp_.migration.columns) == labels
    assert cmp_.changed_class == int(cmp_.migration.to_numpy().sum() - np.trace(cmp_.migration.to_numpy()))
