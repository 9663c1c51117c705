"""URL parameters are untrusted input: any value gives a valid scenario or a notice, never an exception.

Issue 14: `t=1e308,4` or `c=Name:1e308` used to end in Streamlit's "This app has encountered an error"
(OverflowError when rounding 2e308 to the slider's 0.5 steps).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundenwert import links
from kundenwert.criteria import CRITERION_KEYS, CUSTOM_PREFIX
from kundenwert.scenario import (
    CLASS_METHODS,
    EUR_PER_POINT_MAX,
    NAME_MAX_CHARS,
    PARETO_BASES,
    WEIGHT_MAX,
    WEIGHT_MIN,
    validate_thresholds,
)
from kundenwert.ui import urlstate

EXTREME_FLOATS = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)
SPECIAL_NUMBERS = st.sampled_from([
    "1e308", "-1e308", "1.8e308", "inf", "-inf", "nan", "NaN", "Infinity", "5e-324", "-5e-324", "2.2e-308",
    "1" + "0" * 400, "9" * 400, "-" + "9" * 400, "0x10", "1_0", "٣", "1e-400", "", " ", "7,5", "½", "1e12",
    "1e12.0001", "10.0000000000000001", "0.25",
])
NUMBER_TEXT = st.one_of(EXTREME_FLOATS.map(repr), EXTREME_FLOATS.map(str), SPECIAL_NUMBERS,
                        st.integers(min_value=-(10**500), max_value=10**500).map(str))
HUGE_TEXT = st.sampled_from(["x" * 100_000, "ä" * 50_000, "%" * 100_000, ":" * 100_000, "," * 100_000,
                             "\u202e" * 1_000, "\x00" * 1_000, "Name:" * 20_000 + "5"])
ANY_TEXT = st.one_of(st.text(max_size=50), HUGE_TEXT, NUMBER_TEXT)


def number_list(n: int) -> st.SearchStrategy[str]:
    return st.lists(NUMBER_TEXT, min_size=max(0, n - 1), max_size=n + 1).map(",".join)


VALUE_FOR = {
    "w": st.one_of(number_list(len(CRITERION_KEYS)), ANY_TEXT),
    "t": st.one_of(number_list(2), ANY_TEXT),
    "clv": st.one_of(number_list(2), ANY_TEXT),
    "eur": st.one_of(NUMBER_TEXT, ANY_TEXT),
    "c": st.one_of(st.tuples(st.one_of(st.text(max_size=30), HUGE_TEXT), NUMBER_TEXT,
                             st.sampled_from(["", ":rev", ":x"])).map(lambda t: f"{t[0]}:{t[1]}{t[2]}"), ANY_TEXT),
    "method": st.one_of(st.sampled_from(CLASS_METHODS), ANY_TEXT),
    "basis": st.one_of(st.sampled_from(PARETO_BASES), ANY_TEXT),
    "rev": st.one_of(st.lists(st.sampled_from(CRITERION_KEYS)).map(",".join), ANY_TEXT),
    "name": ANY_TEXT,
}


@st.composite
def params(draw) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key in draw(st.lists(st.sampled_from(sorted(VALUE_FOR)), max_size=9, unique=True)):
        out[key] = draw(st.lists(VALUE_FOR[key], min_size=1, max_size=3))
    for key in draw(st.lists(st.one_of(st.text(min_size=1, max_size=20), HUGE_TEXT), max_size=2)):
        out.setdefault(key, [draw(ANY_TEXT)])
    return out


def assert_valid(scenario, name, problems) -> None:
    assert all(isinstance(p, str) for p in problems)
    notice = links.notice(problems) if problems else ""
    assert len(notice) < 2_000, len(notice)            # a notice, not the 100,000-character value
    if scenario is None:
        return
    for key, w in scenario.weights.items():
        assert math.isfinite(w) and WEIGHT_MIN <= w <= WEIGHT_MAX, (key, w)
        assert key in CRITERION_KEYS or (key.startswith(CUSTOM_PREFIX) and len(key) <= NAME_MAX_CHARS)
    assert scenario.class_method in CLASS_METHODS and scenario.pareto_basis in PARETO_BASES
    assert all(math.isfinite(t) for t in scenario.thresholds)
    validate_thresholds(scenario.class_method, scenario.thresholds)
    epp = scenario.euro_per_point
    assert epp is None or (math.isfinite(epp) and 0 <= epp <= EUR_PER_POINT_MAX)
    assert 0 <= scenario.retention <= 0.99 and 0 <= scenario.discount <= 0.5
    assert name is None or (0 < len(name) <= 60)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params())
def test_url_decoder_never_raises_and_gives_finite_values(query):
    assert_valid(*urlstate.decode(query))


@pytest.mark.parametrize("query, key", [
    ({"t": ["1e308,4"]}, "t=1e308,4"),
    ({"method": ["pareto"], "t": ["1e308,90"]}, "t=1e308,90"),
    ({"c": ["Name:1e308"]}, "c=Name:1e308"),
    ({"c": ["Name:-1e308:rev"]}, "c=Name:-1e308:rev"),
    ({"w": ["nan,5,5,5,5,5,5,5,5,5,5,5"]}, "w=nan"),
    ({"w": ["1e308," * 11 + "1e308"]}, "w=1e308"),
    ({"eur": ["inf"]}, "eur=inf"),
    ({"eur": ["1e13"]}, "eur=1e13"),
    ({"eur": ["1" + "0" * 400]}, "eur=1000"),
    ({"clv": ["1e308,nan"]}, "clv=1e308,nan"),
    ({"c": ["x" * 100_000 + ":5"]}, "c=xxx"),
    ({"x" * 100_000: ["1"]}, "xxx"),
])
def test_absurd_link_values_are_ignored_with_a_notice(query, key):
    scenario, _, problems = urlstate.decode(query)
    assert scenario is not None or not set(query) & set(urlstate.KEYS)
    assert len(problems) == 1 and key in problems[0], problems
    assert_valid(scenario, None, problems)


def test_subnormal_and_huge_names_stay_in_range():
    scenario, name, problems = urlstate.decode({"t": ["5e-324,0"], "name": ["x" * 100_000]})
    assert scenario.thresholds == (0.0, 0.0) and problems == []
    assert name == "x" * 60


def test_a_thousand_unknown_parameters_give_a_short_notice():
    problems = urlstate.decode({f"p{i}": ["1"] for i in range(1_000)})[2]
    notice = links.notice(problems)
    assert len(problems) == 1_000 and "und 990 weitere" in notice and len(notice) < 600


def test_absurd_link_shows_the_notice_not_an_error(app_page, md_unescape):
    """In the app: `t=1e308,4` and `c=Name:1e308` leave the page working with our notice (was: app error)."""
    at = app_page("pages/1_Gewichtung_und_Ranking.py")
    at.query_params.update({"w": "5,5,5,5,5,5,5,5,5,5,5,5", "t": "1e308,4", "c": "Name:1e308"})
    at.run()
    assert not at.exception, at.exception
    warning = md_unescape(at.warning[0].value)
    assert "t=1e308,4" in warning and "c=Name:1e308" in warning
