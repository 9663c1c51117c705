"""Score, value, CLV and classes: unit tests against hand computations, and properties."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from kundenwert.criteria import CRITERION_KEYS
from kundenwert.dataset import load
from kundenwert.errors import ScenarioError
from kundenwert.scenario import PRESETS, Scenario
from kundenwert.scoring import DEFAULT_EURO_PER_POINT, classify, clv, core_scores, score, weight_vector
from tests.files import RATING_HEADERS, simple_rows, xlsx_bytes


def test_score_by_hand():
    ratings = np.array([[8.0, 2.0, np.nan], [10.0, 10.0, 0.0]])
    weights = np.array([2.0, 1.0, 1.0])
    rev = np.array([False, True, False])
    core = core_scores(ratings, weights, rev)
    # customer 1: (2*8 + 1*(10-2)) / 3 = 8; customer 2: (20 + 0 + 0) / 4 = 5
    assert core.score.tolist() == [8.0, 5.0]
    assert core.missing.tolist() == [1, 0]
    assert core.contributions.sum(axis=1) == pytest.approx(core.score)
    assert core.contributions[0].tolist() == pytest.approx([16 / 3, 8 / 3, 0.0])


def test_less_than_half_the_weight_present_is_not_scorable():
    ratings = np.array([[5.0, np.nan, np.nan], [5.0, 5.0, np.nan]])
    core = core_scores(ratings, np.array([1.0, 1.0, 1.0]), np.zeros(3, dtype=bool))
    assert np.isnan(core.score[0]) and not core.scorable[0]
    assert core.scorable[1] and core.score[1] == 5.0


def test_exactly_half_the_weight_is_scorable():
    core = core_scores(np.array([[4.0, np.nan]]), np.array([1.0, 1.0]), np.zeros(2, dtype=bool))
    assert core.scorable.tolist() == [True] and core.score.tolist() == [4.0]


def test_all_weights_zero_is_a_user_error():
    cl = load(xlsx_bytes(simple_rows(3)), "x.xlsx")
    with pytest.raises(ScenarioError, match="Alle Gewichte stehen auf 0"):
        score(cl, Scenario(weights={k: 0.0 for k in CRITERION_KEYS}))


def test_euro_per_point_from_margin_makes_values_add_up_to_total_margin():
    cl = load(xlsx_bytes(simple_rows(6)), "x.xlsx")
    result = score(cl, Scenario())
    assert result.euro_per_point_source == "margin"
    assert result.frame["value_eur"].sum() == pytest.approx(cl.customers["margin"].sum())


def test_euro_per_point_default_and_user_set():
    rows = [[c for j, c in enumerate(r) if j != 3] for r in simple_rows(3)]  # drop the margin column
    cl = load(xlsx_bytes(rows), "x.xlsx")
    result = score(cl, Scenario())
    assert result.euro_per_point == DEFAULT_EURO_PER_POINT
    assert result.frame["value_eur"].tolist() == pytest.approx((result.frame["score"] * 100).tolist())
    user = score(cl, Scenario(euro_per_point=250.0))
    assert user.frame["value_eur"].tolist() == pytest.approx((user.frame["score"] * 250).tolist())


def test_clv_formula():
    assert clv(np.array([1000.0]), 0.8, 0.1).tolist() == pytest.approx([1000 * 0.8 / 0.3])


def _scenario(method, a, b, basis="value_eur"):
    return Scenario(class_method=method, thresholds=(a, b), pareto_basis=basis)


def test_score_threshold_classes():
    s = np.array([7.0, 6.99, 4.0, 3.9, np.nan])
    out = classify(s, _scenario("score", 7, 4), np.arange(5))
    assert out.tolist() == ["A", "B", "B", "C", ""]


def test_pareto_classes_use_share_before_and_ties_by_id():
    basis = np.array([10.0, 50.0, 30.0, 10.0])
    score_ = np.ones(4)
    # sorted: 50 (share before 0) A, 30 (0.5) A, 10 id0 (0.8) B, 10 id3 (0.9) B  with a=80, b=95
    out = classify(score_, _scenario("pareto", 80, 95), np.array([0, 1, 2, 3]), basis)
    assert out.tolist() == ["B", "A", "A", "B"]
    out = classify(score_, _scenario("pareto", 80, 85), np.array([0, 1, 2, 3]), basis)
    assert out.tolist() == ["B", "A", "A", "C"]
    # the tie goes the other way when the id order does
    out = classify(score_, _scenario("pareto", 80, 85), np.array([3, 1, 2, 0]), basis)
    assert out.tolist() == ["C", "A", "A", "B"]


def test_rank_share_classes():
    s = np.arange(10, dtype=float)
    out = classify(s, _scenario("rank", 20, 30), np.arange(10))
    assert out.tolist() == ["C"] * 5 + ["B"] * 3 + ["A"] * 2


def test_rank_is_by_score_then_id():
    rows = simple_rows(3, ratings=[5.0] * 12)
    cl = load(xlsx_bytes(rows), "x.xlsx")
    result = score(cl, Scenario())
    assert result.frame["rank"].tolist() == [1, 2, 3]


def test_presets_differ_and_weight_what_they_say():
    assert PRESETS["profit"].weight("contribution_margin") > PRESETS["profit"].weight("likeability")
    assert PRESETS["loyalty"].weight("referral") > PRESETS["loyalty"].weight("creditworthiness")
    assert PRESETS["risk"].weight("creditworthiness") > PRESETS["risk"].weight("image")
    assert all(PRESETS["balanced"].weight(k) == 5 for k in CRITERION_KEYS)


def test_pareto_on_revenue_without_revenue_column_is_a_clear_error():
    rows = [["Kunde", "Bonität"], ["A", 5], ["B", 6]]
    cl = load(xlsx_bytes(rows), "x.xlsx")
    with pytest.raises(ScenarioError, match="keine solche Spalte"):
        score(cl, _scenario("pareto", 80, 95, basis="revenue"))


def test_scenario_json_round_trip_and_validation():
    s = Scenario(name="Test", weights={"image": 7.5}, class_method="rank", thresholds=(10, 20),
                 euro_per_point=50.0)
    assert Scenario.from_json(s.to_json()) == Scenario.from_dict(s.to_dict())
    assert Scenario.from_json(s.to_json()).weight("image") == 7.5
    for bad, msg in [('{"weights": {"foo": 1}}', "unbekanntes Kriterium"),
                     ('{"weights": {"image": 11}}', "0 bis 10"), ("[1]", "JSON-Objekt"), ("{", "kein gültiges JSON"),
                     ('{"class_method": "xyz"}', "class_method"),
                     ('{"class_method": "score", "thresholds": [3, 5]}', "Score-Schwellen")]:
        with pytest.raises(ScenarioError, match=msg):
            Scenario.from_json(bad)


# ---------------------------------------------------------------------------------- properties

ratings_matrix = hnp.arrays(
    np.float64, st.tuples(st.integers(1, 30), st.just(5)),
    elements=st.one_of(st.sampled_from([np.nan]), st.integers(0, 20).map(lambda v: v / 2)),
)
weights_vec = hnp.arrays(np.float64, 5, elements=st.integers(0, 20).map(lambda v: v / 2)).filter(
    lambda w: w.sum() > 0)
reversed_vec = hnp.arrays(np.bool_, 5)


@settings(max_examples=200, deadline=None)
@given(ratings_matrix, weights_vec, reversed_vec)
def test_score_in_range_and_contributions_add_up(ratings, weights, rev):
    core = core_scores(ratings, weights, rev)
    ok = core.scorable
    assert ((core.score[ok] >= 0) & (core.score[ok] <= 10)).all()
    assert np.isnan(core.score[~ok]).all()
    assert core.contributions[ok].sum(axis=1) == pytest.approx(core.score[ok])


@settings(max_examples=200, deadline=None)
@given(ratings_matrix, weights_vec, reversed_vec, st.sampled_from([0.5, 2.0, 3.0, 10.0]))
def test_scaling_all_weights_changes_nothing(ratings, weights, rev, factor):
    a = core_scores(ratings, weights, rev)
    b = core_scores(ratings, weights * factor, rev)
    np.testing.assert_allclose(a.score, b.score, rtol=1e-9, atol=1e-12, equal_nan=True)


@settings(max_examples=200, deadline=None)
@given(ratings_matrix, weights_vec, reversed_vec, st.integers(0, 4), st.integers(0, 29))
def test_raising_a_good_rating_never_lowers_the_score(ratings, weights, rev, col, row):
    row %= ratings.shape[0]
    rev[col] = False
    if np.isnan(ratings[row, col]) or ratings[row, col] >= 10:
        return
    before = core_scores(ratings, weights, rev).score[row]
    raised = ratings.copy()
    raised[row, col] = min(10.0, raised[row, col] + 0.5)
    after = core_scores(raised, weights, rev).score[row]
    if not np.isnan(before):
        assert after >= before - 1e-12


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 60), elements=st.one_of(st.just(np.nan), st.floats(0, 10))),
       st.sampled_from(["score", "pareto", "rank"]), st.floats(0, 100), st.floats(0, 100))
def test_classes_partition_the_scored_customers(scores, method, t1, t2):
    if method == "score":
        a, b = max(t1, t2) / 10, min(t1, t2) / 10
    elif method == "pareto":
        a, b = max(min(t1, t2), 0.1), max(t1, t2, 0.1)
    else:
        a, b = t1 / 2, t2 / 2
    n = len(scores)
    out = classify(scores, _scenario(method, a, b), np.arange(n)[::-1].copy(), basis=np.nan_to_num(scores) * 3)
    scored = ~np.isnan(scores)
    assert set(out[scored]) <= {"A", "B", "C"}
    assert (out[~scored] == "").all()
    if method != "pareto":  # better scores never get a worse class
        rank = {"A": 0, "B": 1, "C": 2}
        pairs = [(scores[i], rank[out[i]]) for i in np.flatnonzero(scored)]
        pairs.sort(key=lambda p: -p[0])
        assert all(pairs[i][1] <= pairs[i + 1][1] or pairs[i][0] - pairs[i + 1][0] <= 1e-9  # equal: by id
                   for i in range(len(pairs) - 1))
    if method == "rank":
        k = int(scored.sum())
        assert int((out == "A").sum()) == int(np.floor(k * a / 100 + 0.5))


# ------------------------------------------------------------------------------ ties (issue 9.3)

# Three customers whose exact scores are all 4.1828125 (= 2677/640) with these weights; the computed
# floats differ in the last bits (4.182812499999999, 4.1828125, 4.182812500000001).
TIE_WEIGHTS = [4.5, 4.5, 5, 5, 2, 2, 2, 2, 1.5, 1.5, 1, 1]
TIE_RATINGS = {
    "hi": [4.9, 1.8, 3.6, 3.7, 7.1, 6.6, 9.9, 6.0, 8.9, 1.9, 7.0, 8.5],
    "mid": [3.0, 4.4, 5.4, 5.4, 7.8, 7.0, 3.6, 0.2, 1.8, 9.7, 7.4, 8.8],
    "lo": [4.8, 1.5, 3.6, 7.1, 6.8, 7.7, 9.6, 9.9, 0.4, 7.2, 8.2, 9.8],
}


def _tie_scenario(method="score", thresholds=(7.0, 4.0), basis="value_eur"):
    return Scenario(weights=dict(zip(CRITERION_KEYS, TIE_WEIGHTS, strict=True)), class_method=method,
                    thresholds=thresholds, pareto_basis=basis)


def _tie_list(ids_for: dict[str, str], extra: int = 0):
    """The three tied customers (float-noise order hi > mid > lo) with the given ids, plus `extra`
    customers scoring lower (all 2) with ids Z-1 … ."""
    rows = [["Kunden-Nr.", "Kunde", "Umsatz (€)", *RATING_HEADERS]]
    for key in ("lo", "hi", "mid"):
        rows.append([ids_for[key], f"Kunde {ids_for[key]}", 500.0, *TIE_RATINGS[key]])
    for i in range(extra):
        rows.append([f"Z-{i + 1}", f"Kunde Z-{i + 1}", 100.0, *([2.0] * 12)])
    return load(xlsx_bytes(rows), "ties.xlsx")


def test_the_tie_list_really_ties_exactly_and_the_floats_differ():
    from fractions import Fraction

    rev = [k in Scenario().reversed for k in CRITERION_KEYS]
    exact = set()
    for ratings in TIE_RATINGS.values():
        total = sum(Fraction(str(w)) * (10 - Fraction(str(r)) if v else Fraction(str(r)))
                    for w, r, v in zip(TIE_WEIGHTS, ratings, rev, strict=True))
        exact.add(total / sum(Fraction(str(w)) for w in TIE_WEIGHTS))
    assert exact == {Fraction(2677, 640)}
    result = score(_tie_list({"hi": "K-10", "mid": "K-9", "lo": "K-100"}), _tie_scenario())
    assert len(set(result.frame["score"].tolist())) == 3  # the float noise this test is about


def test_exact_ties_rank_by_natural_id_not_by_float_noise():
    # noise says hi > mid > lo; the ids say K-9 < K-10 < K-100 (natural order, not text order)
    result = score(_tie_list({"hi": "K-100", "mid": "K-10", "lo": "K-9"}), _tie_scenario())
    ranked = result.ranking()
    assert ranked["id"].tolist() == ["K-9", "K-10", "K-100"]
    assert ranked["rank"].tolist() == [1, 2, 3]


def test_exact_ties_decide_rank_share_classes_by_id():
    # 3 tied + 7 lower customers, top 10 % are A: exactly one of the tied ones, the first by id
    cl = _tie_list({"hi": "K-100", "mid": "K-10", "lo": "K-9"}, extra=7)
    result = score(cl, _tie_scenario("rank", (10.0, 20.0)))
    classes = dict(zip(result.frame["id"], result.frame["class"], strict=True))
    assert [classes[i] for i in ("K-9", "K-10", "K-100")] == ["A", "B", "B"]


def test_pareto_ties_on_the_value_basis_go_by_id():
    # equal € values (the tied scores × € per point): the basis order is by id, so K-9 holds the A place
    cl = _tie_list({"hi": "K-100", "mid": "K-10", "lo": "K-9"})
    result = score(cl, _tie_scenario("pareto", (30.0, 60.0)))
    classes = dict(zip(result.frame["id"], result.frame["class"], strict=True))
    assert [classes[i] for i in ("K-9", "K-10", "K-100")] == ["A", "B", "C"]


def test_natural_order_of_ids():
    import pandas as pd

    from kundenwert.ids import natural_order

    ids = pd.Series(["K-10", "K-9", "10", "9", "k-2", "K-100", "A1", "1002", "x", "A1-B10", "A1-B9", "7,5"])
    ranked = ids.iloc[np.argsort(natural_order(ids))].tolist()
    assert ranked == ["7,5", "9", "10", "1002", "A1", "A1-B9", "A1-B10", "k-2", "K-9", "K-10", "K-100", "x"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.from_regex(r"[A-Ca-c]?-?(0|[1-9][0-9]{0,3}|0[0-9])", fullmatch=True), min_size=1, max_size=30),
       st.randoms(use_true_random=False))
def test_natural_order_does_not_depend_on_row_order(ids, rnd):
    import pandas as pd

    from kundenwert.ids import natural_order

    first = pd.Series(ids)
    shuffled = list(ids)
    rnd.shuffle(shuffled)
    second = pd.Series(shuffled)
    assert first.iloc[np.argsort(natural_order(first))].tolist() == second.iloc[np.argsort(natural_order(second))].tolist()


tie_lists = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 2)), min_size=2, max_size=25)


@settings(max_examples=60, deadline=None)
@given(tie_lists, st.randoms(use_true_random=False), st.sampled_from(["score", "rank", "pareto"]))
def test_shuffling_rows_changes_no_rank_and_equal_scores_rank_by_id(levels, rnd, method):
    """Few distinct ratings → many ties; the ranks and classes per customer do not depend on row order."""
    def build(order):
        rows = [["Kunden-Nr.", "Kunde", RATING_HEADERS[0], RATING_HEADERS[1], RATING_HEADERS[2]]]
        for i in order:
            a, b, c = levels[i]
            rows.append([f"K-{i + 1}", f"Kunde {i + 1}", a * 3.3, b * 3.3, c * 3.3])
        cl = load(xlsx_bytes(rows), "x.xlsx")
        sc = Scenario(weights={k: (1.5 if j < 3 else 0.0) for j, k in enumerate(CRITERION_KEYS)},
                      reversed=frozenset()).with_method(method)
        result = score(cl, sc)
        return {i: (rk, c) for i, rk, c in zip(result.frame["id"], result.frame["rank"], result.frame["class"],
                                              strict=True)}, result

    first, result = build(range(len(levels)))
    order = list(range(len(levels)))
    rnd.shuffle(order)
    shuffled, _ = build(order)
    assert shuffled == first
    ranked = result.ranking()
    num = [int(i.split("-")[1]) for i in ranked["id"]]
    s = ranked["score"].to_numpy()
    for j in range(len(s) - 1):
        if abs(s[j] - s[j + 1]) <= 1e-9:
            assert num[j] < num[j + 1]
        else:
            assert s[j] > s[j + 1]


def test_a_list_without_rating_columns_scores_nobody_and_says_why():
    rows = [["Kunden-Nr.", "Kunde", "Zufrieden mit Kauf", "Zufrieden mit After-Sales", "Wiederkauf"],
            ["K-1", "Anna", "ja", "ja", "ja"], ["K-2", "Bernd", "nein", "ja", "nein"]]
    cl = load(xlsx_bytes(rows), "umfrage.xlsx")
    assert cl.criteria == []
    result = score(cl, Scenario())
    assert result.frame["scorable"].tolist() == [False, False]
    assert result.frame["reason_code"].tolist() == ["no_ratings", "no_ratings"]
    assert result.frame["reason"].str.contains("keine Bewertungsspalten").all()
    assert result.class_counts() == {"A": 0, "B": 0, "C": 0}
    assert result.frame["rank"].isna().all() and not result.frame["incomplete"].any()


def test_not_scorable_reason_says_fehlt_for_one_and_fehlen_for_more():
    from kundenwert.report_text import not_scorable_reason

    assert "(1 von 12 Kriterien fehlt;" in not_scorable_reason("low_weight_share", weight_share=0.4, missing=1,
                                                               criteria=12)
    assert "(7 von 12 Kriterien fehlen;" in not_scorable_reason("low_weight_share", weight_share=0.4, missing=7,
                                                                criteria=12)


def test_weights_for_a_list_without_ratings_say_so_not_all_weights_zero():
    with pytest.raises(ScenarioError, match="keine Bewertungsspalten"):
        weight_vector([], Scenario())


@functools.cache
def _generated_list():
    """300 generated customers (some with too few ratings to be scored), read as a user's file would be."""
    import io

    from kundenwert.sample import generate_customers
    from kundenwert.sample_files import write_xlsx

    buf = io.BytesIO()
    write_xlsx(generate_customers(300, seed=4), buf)
    return load(buf.getvalue(), "kunden.xlsx")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.5, 1.0, 3.0, 10.0]), min_size=len(CRITERION_KEYS), max_size=len(CRITERION_KEYS))
       .filter(any), st.sampled_from(["score", "pareto", "rank"]))
def test_ranking_is_the_scored_customers_sorted_by_rank(weights, method):
    """`ranking` takes the rows once in rank order; it must be what selecting the scorable rows and sorting
    them by rank gives (the definition it replaced), with or without a choice of columns."""
    thresholds = {"score": (7.0, 4.0), "pareto": (80.0, 95.0), "rank": (20.0, 50.0)}[method]
    result = score(_generated_list(), Scenario(weights=dict(zip(CRITERION_KEYS, weights, strict=True)),
                                               class_method=method, thresholds=thresholds))
    expected = result.frame[result.frame["scorable"]].sort_values("rank")
    assert not score(_generated_list(), Scenario()).frame["scorable"].all()   # the list has customers left out
    pd.testing.assert_frame_equal(result.ranking(), expected)
    columns = ["id", "rank", "value_eur", "class"]
    pd.testing.assert_frame_equal(result.ranking(columns=columns), expected[columns])


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.5, 1.0, 3.0, 10.0]), min_size=len(CRITERION_KEYS), max_size=len(CRITERION_KEYS))
       .filter(any))
def test_headline_figures_are_the_scored_customers(weights):
    """report.headline (the KPI row, the comparison's blocks, the HTML report) counts, averages and sums the
    scored customers, as `result.scored` does, without copying them."""
    from kundenwert import report

    result = score(_generated_list(), Scenario(weights=dict(zip(CRITERION_KEYS, weights, strict=True))))
    h, scored = report.headline(result), result.scored
    assert h.scored == len(scored)
    assert h.avg_score == pytest.approx(scored["score"].mean())
    assert h.total_value == pytest.approx(float(np.nansum(scored["value_eur"])))
