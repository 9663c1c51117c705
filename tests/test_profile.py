"""Customer profile: contributions, lift gains against hand computations, next-class gap, flags."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kundenwert import profile as prof
from kundenwert import report
from kundenwert.criteria import CRITERIA, CRITERION_KEYS
from kundenwert.dataset import CustomerList, build
from kundenwert.ingest.reader import RawTable, column_letter
from kundenwert.scenario import Scenario
from kundenwert.scoring import core_scores, score

HEADER = {c.key: c.header_de for c in CRITERIA}
FIELD_HEADERS = {"id": "Kunden-Nr.", "name": "Kunde", "revenue": "Umsatz (€)", "margin": "Deckungsbeitrag (€)",
                 "orders": "Aufträge", "status": "Status"}


def make_list(customers: list[dict]) -> CustomerList:
    """A customer list built from dicts {field or criterion key: value}; absent criteria are blank cells."""
    fields = [k for k in FIELD_HEADERS if any(k in c for c in customers)]
    keys = fields + list(CRITERION_KEYS)
    headers = [FIELD_HEADERS.get(k) or HEADER[k] for k in keys]
    rows = [[c.get(k) for k in keys] for c in customers]
    raw = RawTable("test.xlsx", "xlsx", "Kunden", ["Kunden"], 1, headers,
                   [column_letter(i) for i in range(len(headers))], rows, list(range(2, len(rows) + 2)))
    return build(raw)


REVERSED = {c.key for c in CRITERIA if not c.higher_is_better}


def customer(i: int, base: float = 5.0, **over) -> dict:
    """A customer whose ratings all count as `base` after direction (so equal weights give score `base`)."""
    c = {"id": f"K{i:03d}", "name": f"Kunde {i}", "revenue": 1000.0 * (i + 1), "orders": 10,
         "margin": 200.0 * (i + 1)}
    c.update({k: 10.0 - base if k in REVERSED else base for k in CRITERION_KEYS})
    c.update(over)
    return c


@pytest.fixture(scope="module")
def sample_list() -> CustomerList:
    from kundenwert.sample import generate_customers

    df = generate_customers(150)
    headers = [str(h) for h in df.columns]
    rows = [[None if isinstance(v, float) and math.isnan(v) else v for v in r] for r in df.itertuples(index=False)]
    raw = RawTable("s.xlsx", "xlsx", "Kunden", ["Kunden"], 1, headers,
                   [column_letter(i) for i in range(len(headers))], rows, list(range(2, len(rows) + 2)))
    return build(raw)


def test_contributions_add_up_to_the_score(sample_list):
    result = score(sample_list, Scenario(weights={"payment_behaviour": 9, "image": 1.5}))
    avgs = prof.averages(sample_list, result)
    checked = 0
    for pos in range(len(result.frame)):
        p = prof.customer_profile(sample_list, result, pos, avgs=avgs)
        if not p.scorable:
            assert p.contribution_sum == 0 and p.rank is None and p.klass == ""
            continue
        assert p.contribution_sum == pytest.approx(p.score, abs=1e-9)
        assert p.score == pytest.approx(result.frame["score"].iat[pos])
        checked += 1
    assert checked > 100


def test_lift_gains_match_a_hand_computation():
    # weights: payment 10, creditworthiness 0, all others 5; image is missing
    ratings = {k: 5.0 for k in CRITERION_KEYS}
    ratings.update(payment_behaviour=3.0, purchase_history=9.5, price_sensitivity=0.0, complaint_rate=4.0,
                   image=None)
    cl = make_list([customer(0, **ratings), customer(1, base=6.0)])
    scenario = Scenario(weights={"payment_behaviour": 10.0, "creditworthiness": 0.0})
    result = score(cl, scenario)
    p = prof.customer_profile(cl, result, 0)
    gain = {c.key: c.gain for c in p.criteria}
    present_weight = 60.0 - 5.0                      # Σw = 10 + 0 + 10×5, minus the missing image
    assert gain["payment_behaviour"] == pytest.approx(10 / present_weight)
    assert gain["purchase_history"] == pytest.approx(5 * 0.5 / present_weight)   # capped at 10
    assert gain["price_sensitivity"] == 0.0           # high = bad, rating 0 counts as 10 already
    assert gain["complaint_rate"] == pytest.approx(5 / present_weight)           # 4 → 3 (high = bad)
    assert gain["creditworthiness"] == 0.0            # weight 0
    assert gain["image"] == 0.0                       # missing
    # hand-computed score: Σ w·r' / Σ w over present criteria
    adj = {k: (10 - v if k in REVERSED else v) for k, v in ratings.items() if v is not None}
    weights = {k: scenario.weight(k) for k in adj}
    assert p.score == pytest.approx(sum(weights[k] * adj[k] for k in adj) / present_weight)
    # and each gain is what re-scoring with one point more gives
    w = result.weights
    rev = np.array([scenario.is_reversed(k) for k in result.criteria])
    base = core_scores(cl.ratings[:1], w, rev).score[0]
    for j, key in enumerate(result.criteria):
        if gain[key] == 0:
            continue
        r = cl.ratings[:1].copy()
        r[0, j] = max(0.0, r[0, j] - 1) if rev[j] else min(10.0, r[0, j] + 1)
        assert core_scores(r, w, rev).score[0] - base == pytest.approx(gain[key]), key
    best = p.lift.gains[0]
    assert best.key == "payment_behaviour"


def test_score_method_gap_and_plan_reach_the_next_class():
    cl = make_list([customer(0, base=6.0, payment_behaviour=4.0), customer(1, base=8.0), customer(2, base=2.0)])
    scenario = Scenario(weights={"payment_behaviour": 8.0, "creditworthiness": 6.0})
    result = score(cl, scenario)
    p = prof.customer_profile(cl, result, 0)
    assert p.klass == "B"
    lift = p.lift
    assert lift.target == "A" and lift.method == "score"
    assert lift.target_score == 7.0
    assert lift.gap == pytest.approx(7.0 - p.score)
    assert lift.reachable and lift.plan
    assert lift.plan[0].key == "payment_behaviour"    # heaviest weight first
    r = cl.ratings[:1].copy()
    for step in lift.plan:
        r[0, result.criteria.index(step.key)] = step.rating_to
    rev = np.array([scenario.is_reversed(k) for k in result.criteria])
    new = core_scores(r, result.weights, rev).score[0]
    assert new >= 7.0 - 1e-9
    # one point less on the last step would not be enough (the plan is tight)
    last = lift.plan[-1]
    j = result.criteria.index(last.key)
    r[0, j] = last.rating_to + (1 if rev[j] else -1)
    assert core_scores(r, result.weights, rev).score[0] < 7.0


def test_with_equal_weights_the_plan_starts_with_the_weakest_rating():
    cl = make_list([customer(0, base=6.5, image=2.0, purchase_history=9.0), customer(1, base=8.0)])
    p = prof.customer_profile(cl, score(cl, Scenario()), 0)
    assert p.klass == "B"
    assert p.lift.plan[0].key == "image" and p.lift.plan[0].rating_from == 2.0
    assert p.lift.gains[0].key == "image"


def test_reversed_criteria_are_lowered_in_the_plan():
    cl = make_list([customer(0, base=5.0, price_sensitivity=8.0)])
    scenario = Scenario(weights={k: (10.0 if k == "price_sensitivity" else 1.0) for k in CRITERION_KEYS})
    p = prof.customer_profile(cl, score(cl, scenario), 0)
    step = p.lift.plan[0]
    assert step.key == "price_sensitivity"
    assert step.rating_from == 8.0 and step.rating_to < 8.0


def test_c_customer_targets_b_and_a_customer_has_no_target():
    cl = make_list([customer(0, base=3.0), customer(1, base=8.0)])
    result = score(cl, Scenario())
    c = prof.customer_profile(cl, result, 0)
    assert c.klass == "C" and c.lift.target == "B" and c.lift.target_score == 4.0
    assert c.lift.gap == pytest.approx(1.0)
    a = prof.customer_profile(cl, result, 1)
    assert a.klass == "A" and a.lift.target is None and "Bereits Klasse A" in a.lift.note


def test_rank_method_targets_the_lowest_score_of_the_next_class():
    cl = make_list([customer(i, base=1.0 + i * 0.5) for i in range(10)])
    result = score(cl, Scenario().with_method("rank"))     # top 20 % A, next 30 % B
    f = result.frame
    pos = int(np.flatnonzero(f["class"].to_numpy() == "B")[-1])
    p = prof.customer_profile(cl, result, pos)
    lowest_a = f.loc[f["class"] == "A", "score"].min()
    assert p.lift.target == "A"
    assert p.lift.target_score == pytest.approx(lowest_a)
    assert p.lift.gap == pytest.approx(lowest_a - p.score)
    assert "Rang-Anteile" in p.lift.note


def test_pareto_on_revenue_says_the_score_does_not_decide():
    cl = make_list([customer(i, base=2.0 + i) for i in range(6)])
    scenario = Scenario(class_method="pareto", thresholds=(50.0, 80.0), pareto_basis="revenue")
    result = score(cl, scenario)
    pos = int(np.flatnonzero(result.frame["class"].to_numpy() == "C")[0])
    p = prof.customer_profile(cl, result, pos)
    assert p.lift.target == "B" and p.lift.target_score is None and p.lift.gap is None
    assert "Umsatz" in p.lift.note


def test_flags_slow_payer_key_account_low_order_revenue_incomplete():
    customers = [customer(i) for i in range(40)]
    customers[0]["payment_behaviour"] = 3.0          # slow payer
    customers[1]["payment_behaviour"] = 3.5          # not
    customers[2].update(revenue=1000.0, orders=10)   # 100 € per order
    customers[3]["image"] = None                      # incomplete
    customers[4].update({k: None for k in CRITERION_KEYS[:8]})   # not scorable
    customers[5]["margin"] = -50.0
    cl = make_list(customers)
    result = score(cl, Scenario())
    threshold = report.key_account_threshold(result.frame)
    assert threshold == 39_000.0                      # top 5 % of 40 = 2 customers: 40.000 and 39.000

    def flags(pos: int) -> set[str]:
        p = prof.customer_profile(cl, result, pos, min_order_revenue=150.0)
        return {f.key for f in p.flags}

    assert "slow_payer" in flags(0)
    assert "slow_payer" not in flags(1)
    assert "low_order_revenue" in flags(2)
    assert "low_order_revenue" not in flags(6)        # 7.000 € / 10 orders
    assert "incomplete" in flags(3)
    assert flags(4) >= {"not_scorable"}
    assert "loss" in flags(5)
    assert "key_account" in flags(39) and "key_account" in flags(38)
    assert "key_account" not in flags(37)
    assert flags(10) == set()
    slow = next(f for f in prof.customer_profile(cl, result, 0).flags if f.key == "slow_payer")
    assert "Vorkasse" in slow.label


def test_slow_payer_respects_a_flipped_direction():
    cl = make_list([customer(0, payment_behaviour=8.0), customer(1)])
    scenario = Scenario(reversed=Scenario().reversed | {"payment_behaviour"})
    p = prof.customer_profile(cl, score(cl, scenario), 0)
    assert "slow_payer" in {f.key for f in p.flags}   # 8 on a "high = bad" scale counts as 2


def test_class_and_list_averages(sample_list):
    result = score(sample_list, Scenario())
    avgs = prof.averages(sample_list, result)
    adj = prof.adjusted_ratings(sample_list, result)
    mask = result.frame["class"].to_numpy() == "B"
    assert avgs["B"] == pytest.approx(np.nanmean(adj[mask], axis=0))
    assert avgs["all"] == pytest.approx(np.nanmean(adj, axis=0))
    j = result.criteria.index("price_sensitivity")
    assert avgs["all"][j] == pytest.approx(np.nanmean(10 - sample_list.ratings[:, j]))


def test_default_min_order_revenue_is_a_round_quarter_of_the_median(sample_list):
    result = score(sample_list, Scenario())
    value = report.default_min_order_revenue(result.frame)
    f = result.frame
    median = float(np.median(f["revenue"] / f["orders"]))
    assert value is not None and 0.5 * median / 4 <= value <= 1.5 * median / 4
    assert float(f"{value:.1g}") == value


def test_search_customers_by_name_or_id():
    cl = make_list([customer(0, name="Müller GmbH"), customer(1, name="Schmidt AG"), customer(2, name="Müllerei")])
    result = score(cl, Scenario())
    hits = prof.search_customers(result.frame, "müller")
    assert sorted(result.frame["name"].iloc[hits]) == ["Müller GmbH", "Müllerei"]
    assert list(prof.search_customers(result.frame, "k001")) == [1]
    assert len(prof.search_customers(result.frame, "   ")) == 0
