"""The URL codec (`kundenwert.links`): keyed, versioned weights; old positional links; the compared pair
and the robustness inputs in the link; every value validated, never an exception."""

from __future__ import annotations

import math
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundenwert import links
from kundenwert.criteria import CRITERIA_BY_KEY, CRITERION_KEYS, CUSTOM_PREFIX
from kundenwert.scenario import (
    CLASS_METHODS,
    DEFAULT_REVERSED,
    DEFAULT_THRESHOLDS,
    PARETO_BASES,
    PRESETS,
    Scenario,
)
from tests.test_urlstate_robust import ANY_TEXT, HUGE_TEXT, NUMBER_TEXT, VALUE_FOR, assert_valid

STEPS = st.integers(0, 20).map(lambda i: i / 2)          # 0, 0.5, …, 10: the slider's grid


def old_link(weights: list[float], **more: str) -> dict[str, list[str]]:
    """A link as the version-1 encoder wrote it (its documented format, not its code): `w` = the twelve
    catalogue weights in catalogue order, always present; no `v`."""
    def num(x: float) -> str:
        return format(float(x), ".15g")
    return {"w": [",".join(num(w) for w in weights)], **{k: [v] for k, v in more.items()}}


# ----------------------------------------------------------------------------------- old links

@settings(max_examples=100, deadline=None)
@given(st.lists(STEPS, min_size=12, max_size=12).filter(lambda ws: sum(ws) > 0))
def test_old_positional_links_open_exactly_as_before(weights):
    scenario, name, problems = links.decode(old_link(weights, method="score", t="7,4"))
    assert problems == [] and name is None
    assert [scenario.weight(k) for k in CRITERION_KEYS] == weights
    assert scenario.reversed == DEFAULT_REVERSED and scenario.thresholds == (7.0, 4.0)


def test_old_link_with_all_options_opens_as_before():
    query = old_link([5, 7.5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 5], rev="bargain_hunting,service_effort",
                     method="rank", t="15,30", eur="120", clv="0.85,0.1", name="Vorschlag Vertrieb")
    query["c"] = ["Innovationskraft:7.5", "Lieferantentreue:3:rev"]
    scenario, name, problems = links.decode(query)
    assert problems == [] and name == "Vorschlag Vertrieb"
    assert scenario.weight("contribution_margin") == 7.5 and scenario.weight("likeability") == 0
    assert scenario.weight(CUSTOM_PREFIX + "Innovationskraft") == 7.5
    assert scenario.reversed == {"bargain_hunting", "service_effort", CUSTOM_PREFIX + "Lieferantentreue"}
    assert (scenario.class_method, scenario.thresholds, scenario.euro_per_point) == ("rank", (15.0, 30.0), 120.0)
    assert (scenario.retention, scenario.discount) == (0.85, 0.1)


@pytest.mark.parametrize("query, part", [
    (old_link([5] * 11), "erwartet: 12 Gewichte"),
    ({"w": ["purchase_history:7.5"]}, "erwartet: 12 Gewichte"),     # keyed without v: not a v1 link
    (old_link([0] * 12), "alle Gewichte 0"),
    (old_link([5.2] + [5] * 11), "gerundet"),
])
def test_old_links_keep_their_notices(query, part):
    scenario, _, problems = links.decode(query)
    assert len(problems) == 1 and part in problems[0], problems
    assert_valid(scenario, None, problems)


# ------------------------------------------------------------------------------- keyed weights

@st.composite
def scenarios(draw) -> Scenario:
    weights = {k: draw(STEPS) for k in CRITERION_KEYS}
    own = draw(st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1,
                                max_size=20).map(lambda t: " ".join(t.split())).filter(bool), max_size=3,
                        unique=True))
    weights |= {CUSTOM_PREFIX + o: draw(STEPS) for o in own}
    if sum(weights.values()) == 0:
        weights["image"] = 1.0
    reversed_ = frozenset(draw(st.sets(st.sampled_from([*CRITERION_KEYS, *(CUSTOM_PREFIX + o for o in own)]))))
    method = draw(st.sampled_from(CLASS_METHODS))
    return Scenario(name=draw(st.sampled_from(["Eigene Gewichtung", "Vertrieb & Co", "Ä=1;b"])),
                    weights=weights, reversed=reversed_, class_method=method,
                    thresholds=DEFAULT_THRESHOLDS[method], pareto_basis=draw(st.sampled_from(PARETO_BASES)),
                    euro_per_point=draw(st.sampled_from([None, 0.0, 120.0, 77.25])),
                    retention=draw(st.sampled_from([0.8, 0.9])), discount=draw(st.sampled_from([0.1, 0.05])))


def same(x: Scenario, y: Scenario) -> bool:
    keys = {*CRITERION_KEYS, *x.weights, *y.weights}
    return (all(x.weight(k) == y.weight(k) for k in keys) and x.reversed == y.reversed
            and x.class_method == y.class_method and x.thresholds == y.thresholds
            and (x.class_method != "pareto" or x.pareto_basis == y.pareto_basis)
            and x.euro_per_point == y.euro_per_point and (x.retention, x.discount) == (y.retention, y.discount))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_keyed_links_round_trip(scenario):
    params = links.encode(scenario, scenario.name)
    assert params["v"] == ["2"]
    back, name, problems = links.decode(params)
    assert problems == [] and name == scenario.name and same(back, scenario)


def test_keyed_weights_name_the_criterion_and_leave_defaults_out():
    s = Scenario(weights={"purchase_history": 7.5, "image": 3.0})
    params = links.encode(s)
    assert params["w"] == ["purchase_history:7.5,image:3"] and params["v"] == ["2"]
    assert "w" not in links.encode(Scenario())


def test_a_criterion_added_later_keeps_old_keyed_links(monkeypatch):
    """A 13th catalogue criterion: a version-2 link of today opens with the new one at its default."""
    params = links.encode(Scenario(weights={"purchase_history": 7.5, "image": 0.0}))
    keys = (*CRITERION_KEYS, "sustainability")
    monkeypatch.setattr(links, "CRITERION_KEYS", keys)
    monkeypatch.setattr(links, "CRITERIA_BY_KEY", {**CRITERIA_BY_KEY, "sustainability": None})
    scenario, _, problems = links.decode(params)
    assert problems == []
    assert scenario.weights["sustainability"] == 5.0 and scenario.weights["purchase_history"] == 7.5
    assert scenario.weights["image"] == 0.0


def test_unknown_keyed_weight_is_named_and_the_rest_kept():
    scenario, _, problems = links.decode({"v": ["2"], "w": ["purchase_history:7.5,warp_drive:9,image:x"]})
    assert len(problems) == 1 and "warp_drive:9" in problems[0] and "image:x" in problems[0]
    assert scenario.weight("purchase_history") == 7.5 and scenario.weight("image") == 5.0


def test_unknown_version_is_named():
    scenario, _, problems = links.decode({"v": ["9"], "w": ["image:2"]})
    assert len(problems) == 1 and "v=9" in problems[0] and scenario.weight("image") == 2.0


# ---------------------------------------------------------------------------------- the pair

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_inline_scenario_round_trips_through_the_url_and_stays_short(scenario):
    pick = links.Pick("inline", scenario=scenario)
    params = links.encode_link(links.Link(scenario=Scenario(), a=pick, b=links.Pick("preset", "profit")))
    url = urlencode(params, doseq=True)
    link = links.decode_link(parse_qs(url, keep_blank_values=True))
    assert link.problems == []
    assert link.a.kind == "inline" and same(link.a.scenario, scenario) and link.a.scenario.name == scenario.name
    assert link.b == links.Pick("preset", "profit")
    assert len(params["a"][0]) <= links.INLINE_MAX_CHARS


@pytest.mark.parametrize("pick", [links.Pick("current"), links.Pick("preset", "loyalty"),
                                  links.Pick("lib", "42", 3), links.Pick("lib", "team:x", 12)])
def test_references_round_trip(pick):
    link = links.decode_link({"b": [links.encode_pick(pick)]})
    assert link.problems == [] and link.b == pick and link.scenario is None


@pytest.mark.parametrize("value, part", [
    ("preset:nope", "b=preset:nope"),
    ("lib:42", "b=lib:42"),
    ("lib:42:x", "b=lib:42:x"),
    ("inline:" + "w=image:1&" * 300, "b=inline"),                           # longer than the bound
    ("inline:" + urlencode({"b": "current"}), "b=inline"),                   # no pair inside a pair
    ("whatever", "b=whatever"),
])
def test_bad_pair_values_are_named(value, part):
    link = links.decode_link({"b": [value]})
    assert link.b is None and len(link.problems) == 1 and part in link.problems[0], link.problems


def test_inline_scenario_is_validated_like_the_settings():
    inner = urlencode({"w": "image:1e308", "method": "magic", "t": "1e308,4", "name": "x" * 500})
    link = links.decode_link({"a": ["inline:" + inner]})
    s = link.a.scenario
    assert s.weight("image") == 5.0 and s.class_method == "score" and s.thresholds == DEFAULT_THRESHOLDS["score"]
    assert len(s.name) == links.LINK_NAME_MAX
    assert len(link.problems) == 3 and all(p.startswith("„a=inline:…“") for p in link.problems)


# ------------------------------------------------------------------------------- robustness

def test_spread_and_draws_round_trip_and_defaults_stay_out():
    params = links.encode_link(links.Link(scenario=Scenario(), spread=30, draws=5000))
    assert params["spread"] == ["30"] and params["draws"] == ["5000"]
    link = links.decode_link(params)
    assert (link.spread, link.draws, link.problems) == (30, 5000, [])
    params = links.encode_link(links.Link(scenario=Scenario(), spread=links.SPREAD_DEFAULT,
                                          draws=links.DRAWS_DEFAULT))
    assert "spread" not in params and "draws" not in params


@pytest.mark.parametrize("key, value", [("spread", "7"), ("spread", "55"), ("spread", "1e308"),
                                        ("draws", "500"), ("draws", "1500"), ("draws", "nan"), ("draws", "9" * 400)])
def test_bad_robustness_values_are_named(key, value):
    link = links.decode_link({key: [value]})
    assert getattr(link, key) is None and len(link.problems) == 1 and f"{key}={value[:10]}" in link.problems[0]


# -------------------------------------------------------------------------------- untrusted

PICK_TEXT = st.one_of(
    st.sampled_from(["current", "preset:profit", "lib:1:2", "lib::", "lib:a:-1", "inline:", "inline:%ZZ"]),
    st.builds(lambda q: "inline:" + urlencode(q, doseq=True),
              st.dictionaries(st.sampled_from(sorted(VALUE_FOR)), st.lists(
                  st.one_of(st.text(max_size=30), NUMBER_TEXT), min_size=1, max_size=2), max_size=5)),
    ANY_TEXT)
MORE_VALUES = {**VALUE_FOR, "v": st.one_of(st.sampled_from(["1", "2", "3", ""]), ANY_TEXT),
               "a": PICK_TEXT, "b": PICK_TEXT,
               "spread": st.one_of(NUMBER_TEXT, ANY_TEXT), "draws": st.one_of(NUMBER_TEXT, ANY_TEXT),
               "w": st.one_of(VALUE_FOR["w"], st.lists(st.tuples(st.sampled_from([*CRITERION_KEYS, "x", ""]),
                                                                 NUMBER_TEXT).map(":".join)).map(",".join))}


@st.composite
def params(draw) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key in draw(st.lists(st.sampled_from(sorted(MORE_VALUES)), max_size=10, unique=True)):
        out[key] = draw(st.lists(MORE_VALUES[key], min_size=1, max_size=2))
    if draw(st.booleans()):
        out.setdefault(draw(st.one_of(st.text(min_size=1, max_size=10), HUGE_TEXT)), ["1"])
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params())
def test_decoder_never_raises_and_every_value_is_valid(query):
    link = links.decode_link(query)
    assert_valid(link.scenario, link.name, link.problems)
    for pick in (link.a, link.b):
        if pick is not None:
            assert pick.kind in links.PICK_KINDS
            assert pick.kind != "preset" or pick.ref in PRESETS
            if pick.kind == "inline":
                assert_valid(pick.scenario, None, [])
    assert link.spread is None or links.SPREAD_MIN <= link.spread <= links.SPREAD_MAX
    assert link.draws is None or (links.DRAWS_MIN <= link.draws <= links.DRAWS_MAX and math.isfinite(link.draws))


# ------------------------------------------------------------------------------------ in the app

def _app(path: str, query: dict[str, str] | None = None):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    if query:
        at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    at.button(key="kw_sample_btn").click().run()
    assert not at.exception, at.exception
    return at


COMPARE, ROBUST = "pages/7_Szenarienvergleich.py", "pages/8_Robustheit.py"


def test_comparison_link_opens_the_same_pair_and_migration_counts(session_only):
    """Issue 11: a copied Szenarienvergleich link used to open a different pair (only the sidebar travelled).
    A session-only scenario (no database here) travels inline."""
    at = _app(COMPARE)
    at.slider(key="kw_w_image").set_value(0.0).run()
    at.slider(key="kw_w_purchase_history").set_value(9.0).run()
    at.text_input(key="kw_scn_name").set_value("Vertrieb & Co")
    at.button(key="kw_scn_save").click().run()
    at.slider(key="kw_w_image").set_value(2.5).run()                  # sidebar differs from both sides
    at.selectbox(key="kw_cmp_a").set_value("saved:Vertrieb & Co").run()
    at.selectbox(key="kw_cmp_b").set_value("preset:profit").run()
    assert not at.exception, at.exception
    qp = dict(at.query_params)
    assert qp["a"].startswith("inline:") and qp["b"] == "preset:profit" and qp["v"] == "2"
    table = at.table[0].value

    other = _app(COMPARE, qp)                                      # a fresh session: nothing saved there
    assert not other.warning, [w.value for w in other.warning]
    assert other.selectbox(key="kw_cmp_a").value == "saved:Vertrieb & Co"
    assert other.selectbox(key="kw_cmp_b").value == "preset:profit"
    assert other.slider(key="kw_w_image").value == 2.5
    assert other.table[0].value.equals(table)
    assert dict(other.query_params) == qp


def test_comparison_link_to_an_unknown_library_scenario_says_so(md_unescape):
    at = _app(COMPARE, {"v": "2", "a": "current", "b": "lib:7:2"})
    notice = md_unescape(at.warning[0].value)
    assert "b=lib:7:2" in notice and "Bibliothek" in notice
    assert at.selectbox(key="kw_cmp_a").value == "current"
    assert at.selectbox(key="kw_cmp_b").value.startswith("preset:")     # the default, not a guess


def test_robustness_link_carries_spread_and_draws():
    at = _app(ROBUST, {"v": "2", "spread": "30", "draws": "3000"})
    assert not at.warning
    assert at.slider(key="kw_rob_spread").value == 30 and at.number_input(key="kw_rob_draws").value == 3000
    at.slider(key="kw_rob_spread").set_value(45).run()
    assert at.query_params["spread"] == "45" and at.query_params["draws"] == "3000"


def test_one_url_write_per_change_and_none_without(monkeypatch):
    """Each write of st.query_params is a browser history entry: a run that changes nothing writes nothing,
    a change of several parameters at once (method and thresholds) is one write (was: one per parameter)."""
    from streamlit.runtime.state.query_params import QueryParams

    sent: list[str] = []
    original = QueryParams._send_query_param_msg

    def counting(self) -> None:
        sent.append(str(dict(self._query_params)))
        original(self)

    monkeypatch.setattr(QueryParams, "_send_query_param_msg", counting)
    at = _app("pages/1_Gewichtung_und_Ranking.py")
    sent.clear()
    at.run()
    assert sent == []
    at.selectbox(key="kw_method").set_value("rank").run()
    assert len(sent) == 1 and at.query_params["method"] == "rank" and at.query_params["t"] == "20,30", sent
    at.run()
    assert len(sent) == 1
