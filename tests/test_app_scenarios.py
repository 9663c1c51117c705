"""App tests of scenarios: save / rename / delete / apply, JSON download and upload, settings in the URL."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from kundenwert.criteria import CRITERION_KEYS
from kundenwert.errors import ScenarioError
from kundenwert.scenario import DEFAULT_REVERSED, DEFAULT_THRESHOLDS, PRESETS, Scenario
from kundenwert.scoring import score
from kundenwert.ui import scenarios, urlstate
from tests.conftest import ROOT
from tests.downloads import capture
from tests.session_kit import ok, put_settings, results_of, saved_of, view_of, with_sample

RANKING = "pages/1_Gewichtung_und_Ranking.py"


def page(path: str = RANKING) -> AppTest:
    return AppTest.from_file(str(ROOT / path), default_timeout=60)


def active_caption(at: AppTest, raw: bool = False) -> str:
    """The "Aktiv: **name**" caption of the sidebar (Markdown escapes undone unless `raw`)."""
    found = [c.value for c in at.sidebar.caption if c.value.startswith("Aktiv:")]
    assert found, [c.value for c in at.sidebar.caption]
    return found[0] if raw else re.sub(r"\\(.)", r"\1", found[0])


def messages(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.error, *at.success, *at.info, *at.warning])


def save_as(at: AppTest, name: str, author: str = "Test") -> AppTest:
    """Save the current settings through the one save button (library: with an author; else session)."""
    at.text_input(key="kw_scn_name").set_value(name)
    if [t for t in at.text_input if t.key == "kw_lib_author"]:
        at.text_input(key="kw_lib_author").set_value(author)
    at.button(key="kw_scn_save").click().run()
    return ok(at)


def saved(at: AppTest) -> dict[str, Scenario]:
    return saved_of(at)


def shown_ids(at: AppTest, n: int = 15) -> list[str]:
    return at.dataframe[0].value["Kunden-Nr."].tolist()[:n]


# ------------------------------------------------------------------------------ save / rename / delete

def test_save_apply_rename_delete_in_the_session_when_the_library_is_unusable(sample_list, session_only):
    at = with_sample(page())
    assert len([c for c in at.sidebar.caption if "nur in dieser Sitzung" in c.value]) == 1
    assert [b.label for b in at.button if b.key == "kw_scn_save"] == ["Speichern"]
    at.slider(key="kw_w_contribution_margin").set_value(9.5).run()
    at.toggle(key="kw_d_image").set_value(True).run()
    at.selectbox(key="kw_method").set_value("rank").run()
    save_as(at, "  Vertrieb   Süd ")
    assert list(saved(at)) == ["Vertrieb Süd"]
    kept = saved(at)["Vertrieb Süd"]
    assert kept.weight("contribution_margin") == 9.5 and kept.is_reversed("image") and kept.class_method == "rank"
    assert "Vertrieb Süd" in active_caption(at)
    assert "gespeichert" in messages(at)
    assert at.text_input(key="kw_scn_name").value == ""

    # change everything back: the saved scenario is no longer active; applying it restores every setting
    at.slider(key="kw_w_contribution_margin").set_value(5.0).run()
    at.toggle(key="kw_d_image").set_value(False).run()
    at.selectbox(key="kw_method").set_value("score").run()
    assert "Vertrieb Süd" not in active_caption(at)
    at.button(key="kw_scn_apply").click().run()
    ok(at)
    assert at.slider(key="kw_w_contribution_margin").value == 9.5
    assert at.toggle(key="kw_d_image").value is True
    assert at.selectbox(key="kw_method").value == "rank"
    assert "Vertrieb Süd" in active_caption(at)
    assert shown_ids(at) == score(sample_list, kept).ranking()["id"].tolist()[:15]

    # rename; a taken or reserved name is refused with a message and changes nothing
    at.text_input(key="kw_scn_new_name").set_value("Vertrieb Nord")
    at.button(key="kw_scn_rename").click().run()
    assert list(saved(at)) == ["Vertrieb Nord"] and saved(at)["Vertrieb Nord"].name == "Vertrieb Nord"
    assert "Vertrieb Nord" in active_caption(at)
    save_as(at, "vertrieb nord")
    assert "gibt es schon" in messages(at) and list(saved(at)) == ["Vertrieb Nord"]
    save_as(at, "Ausgewogen")
    assert "reserviert" in messages(at) and list(saved(at)) == ["Vertrieb Nord"]
    save_as(at, "")
    assert "Namen eingeben" in messages(at)

    # a second one, then delete the first
    at.slider(key="kw_w_referral").set_value(10.0).run()
    save_as(at, "Empfehlung")
    assert list(saved(at)) == ["Vertrieb Nord", "Empfehlung"]
    assert at.selectbox(key="kw_scn_pick").options == ["Vertrieb Nord · nur diese Sitzung",
                                                       "Empfehlung · nur diese Sitzung"]
    at.selectbox(key="kw_scn_pick").set_value("saved:Vertrieb Nord").run()
    at.button(key="kw_scn_delete").click().run()
    assert list(saved(at)) == ["Empfehlung"] and "gelöscht" in messages(at)


def test_presentation_mode_offers_the_one_list_of_scenarios(library_url):
    at = page()
    params = urlstate.encode(replace(PRESETS["loyalty"], name="Per Link"), "Per Link")
    at.query_params.update({k: v[0] for k, v in params.items()})       # a session-only scenario
    at = with_sample(at)
    at.slider(key="kw_w_image").set_value(10.0).run()
    save_as(at, "Bild")                                                  # a library scenario
    at.slider(key="kw_w_image").set_value(5.0).run()
    at.toggle(key="kw_present").set_value(True).run()
    ok(at)
    assert not at.get("download_button") and not at.get("file_uploader")
    quick = at.pills(key="kw_scn_quick")
    assert quick.options == ["Bild", "Per Link"]
    quick.set_value("lib:1").run()
    ok(at)
    assert view_of(at).weights["image"] == 10.0 and "Bild" in active_caption(at)
    at.pills(key="kw_scn_quick").set_value("saved:Per Link").run()
    assert view_of(at).weights["image"] == PRESETS["loyalty"].weight("image") and "Per Link" in active_caption(at)


# ------------------------------------------------------------------------------------------- JSON

def test_json_downloads_round_trip(monkeypatch, library_url):
    from kundenwert.store import SqlStore

    files = capture(monkeypatch)
    at = with_sample(page())
    at.slider(key="kw_w_creditworthiness").set_value(8.5).run()
    at.selectbox(key="kw_method").set_value("pareto").run()
    save_as(at, "Risiko 2026")
    store = SqlStore(library_url)
    kept = store.get("Risiko 2026").scenario
    store.close()
    current_file = scenarios.file_name(kept)
    assert current_file == "szenario_Risiko_2026.json"
    back = Scenario.from_json(files.data(current_file))
    assert back == kept
    assert back.weight("creditworthiness") == 8.5 and back.class_method == "pareto"
    # the "current settings" button too, under the name shown in the sidebar
    at.slider(key="kw_w_image").set_value(0.0).run()
    current = Scenario.from_json(files.data("szenario_Eigene_Gewichtung.json"))
    assert current.weight("image") == 0.0 and current.weight("creditworthiness") == 8.5


@pytest.mark.parametrize(("data", "expected"), [
    (b"{nicht json", "kein gültiges JSON"),
    (b"[1, 2]", "JSON-Objekt"),
    (json.dumps({"name": "x", "weights": {"image": 12}}).encode(), "„image“ muss eine Zahl von 0 bis 10"),
    (json.dumps({"name": "x", "weights": {"imagefaktor": 5}}).encode(), "unbekanntes Kriterium „imagefaktor“"),
    (json.dumps({"name": "x", "class_method": "abc"}).encode(), "„class_method“"),
    (json.dumps({"name": "x", "thresholds": [3, 8]}).encode(), "Score-Schwellen"),
    (json.dumps({"name": "x", "weights": dict.fromkeys(CRITERION_KEYS, 0)}).encode(), "alle Gewichte auf 0"),
    (b"\xff\xfe\x00garbage", "keine Textdatei"),
    (b" " * 250_000 + b"{}", "zu groß"),
    (b"[" * 50_000 + b"]" * 50_000, "verschachtelt"),
])
def test_malformed_uploads_are_refused_naming_the_problem(data, expected):
    with pytest.raises(ScenarioError) as err:
        scenarios.parse_upload(data, "kaputt.json", None)
    assert expected in str(err.value) and "„kaputt.json“" in str(err.value)


def test_upload_with_own_criteria_the_list_does_not_have_is_refused():
    text = json.dumps({"name": "Mit Extras", "weights": {"custom:Innovationskraft": 8, "custom:Treue": 2,
                                                         "image": 7}})
    with pytest.raises(ScenarioError) as err:
        scenarios.parse_upload(text.encode(), "extra.json", list(CRITERION_KEYS))
    assert "„Innovationskraft“" in str(err.value) and "„Treue“" in str(err.value)
    assert "nichts übernommen" in str(err.value)
    ok_ = scenarios.parse_upload(text.encode(), "extra.json", [*CRITERION_KEYS, "custom:Innovationskraft",
                                                               "custom:Treue"])
    assert ok_.weight("custom:Innovationskraft") == 8


def _upload_harness():
    """Ranking page; `test_scenario_upload` = (name, bytes) goes through the uploader's handler first."""
    import streamlit as st

    from kundenwert.ui import ranking_page, scenarios

    upload = st.session_state.pop("test_scenario_upload", None)
    if upload is not None:
        scenarios.handle_upload(upload[1], upload[0])
    ranking_page.render()


def upload_app() -> AppTest:
    at = AppTest.from_function(_upload_harness, default_timeout=60)
    return with_sample(at)


def test_uploaded_scenario_is_saved_and_applied(sample_list):
    at = upload_app()
    data = replace(PRESETS["risk"], name="Von Anna").to_json().encode()
    at.session_state["test_scenario_upload"] = ("anna.json", data)
    ok(at.run())
    assert list(saved(at)) == ["Von Anna"]
    assert at.slider(key="kw_w_creditworthiness").value == 10.0
    assert "Von Anna" in active_caption(at) and "geladen und übernommen" in messages(at)
    assert shown_ids(at) == score(sample_list, PRESETS["risk"]).ranking()["id"].tolist()[:15]
    # the same file again: kept under a free name
    at.session_state["test_scenario_upload"] = ("anna.json", data)
    ok(at.run())
    assert list(saved(at)) == ["Von Anna", "Von Anna (2)"]
    assert "weil „Von Anna“ schon vergeben ist" in messages(at)
    assert at.selectbox(key="kw_scn_pick").value == "saved:Von Anna (2)"


@pytest.mark.parametrize(("data", "expected"), [
    (b'{"name": "x", "weights": {"image": "viel"}}', "„image“ muss eine Zahl von 0 bis 10"),
    (b'{"name": "x", "weights": {"custom:Lieferantentreue": 9}}', "„Lieferantentreue“"),
    (b"\x00\x01", "kein gültiges JSON"),
])
def test_refused_upload_shows_its_message_and_changes_nothing(data, expected, md_unescape):
    at = upload_app()
    at.slider(key="kw_w_referral").set_value(7.5).run()
    before = dict(view_of(at).weights), dict(view_of(at).reversed)
    at.session_state["test_scenario_upload"] = ("fremd.json", data)
    ok(at.run())
    errors = [md_unescape(e.value) for e in at.error]
    assert any(expected in e and "fremd.json" in e for e in errors), errors
    assert (dict(view_of(at).weights), dict(view_of(at).reversed)) == before
    assert saved(at) == {}
    assert at.slider(key="kw_w_referral").value == 7.5


# -------------------------------------------------------------------------------------------- URL

def test_settings_are_in_the_url_and_a_link_reproduces_them(sample_list):
    at = with_sample(page())
    assert at.query_params["v"] == "2" and "w" not in at.query_params and at.query_params["method"] == "score"
    assert at.query_params["t"] == "7,4" and "rev" not in at.query_params
    at.slider(key="kw_w_contribution_margin").set_value(7.5).run()
    at.slider(key="kw_w_likeability").set_value(0.0).run()
    at.toggle(key="kw_d_price_sensitivity").set_value(False).run()
    at.selectbox(key="kw_method").set_value("rank").run()
    at.number_input(key="kw_thr_rank_a").set_value(15.0).run()
    qp = dict(at.query_params)
    assert qp["w"] == "contribution_margin:7.5,likeability:0"
    assert qp["rev"] == "bargain_hunting,service_effort,complaint_rate"
    assert qp["method"] == "rank" and qp["t"] == "15,30"
    expected = results_of(at)
    assert expected
    scenario_there = Scenario(weights={**dict.fromkeys(CRITERION_KEYS, 5.0), "contribution_margin": 7.5,
                                       "likeability": 0.0},
                              reversed=DEFAULT_REVERSED - {"price_sensitivity"}, class_method="rank",
                              thresholds=(15.0, 30.0))

    other = page()
    other.query_params.update(qp)
    other = with_sample(other)
    assert not at.warning and not other.warning
    assert other.slider(key="kw_w_contribution_margin").value == 7.5
    assert other.slider(key="kw_w_likeability").value == 0.0
    assert other.toggle(key="kw_d_price_sensitivity").value is False
    assert other.selectbox(key="kw_method").value == "rank"
    assert other.number_input(key="kw_thr_rank_a").value == 15.0
    assert shown_ids(other, 30) == shown_ids(at, 30) == score(sample_list, scenario_there).ranking()["id"].tolist()[:30]
    assert dict(other.query_params) == qp


def test_link_is_read_by_the_whole_app_on_the_start_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"w": "10,5,5,5,5,5,5,5,5,5,5,5", "method": "pareto", "t": "70,90", "eur": "125"})
    ok(at.run())
    assert view_of(at).weights["purchase_history"] == 10.0
    assert view_of(at).method == "pareto"
    assert tuple(view_of(at).thresholds["pareto"]) == (70.0, 90.0)
    assert view_of(at).epp_auto is False and view_of(at).epp == 125.0
    assert not at.warning


def test_link_with_nonsense_falls_back_with_a_notice(md_unescape):
    at = page()
    at.query_params.update({"w": "5,abc,7", "method": "magic", "t": "x", "rev": "image,warp_drive",
                            "eur": "-4", "c": "ohne-gewicht", "foo": "bar"})
    ok(at.run())
    assert any("method=magic" in md_unescape(t.value) for t in at.toast)
    at.button(key="kw_sample_btn").click().run()
    notice = md_unescape(at.warning[0].value) if at.warning else ""
    for part in ("w=5,abc,7", "method=magic", "rev=image,warp_drive", "eur=-4", "c=ohne-gewicht",
                 "foo=bar", "Standardwerte"):
        assert part in notice, (part, notice)
    # defaults everywhere, and the URL now says so
    assert set(view_of(at).weights.values()) == {5.0}
    assert view_of(at).method == "score"
    assert "w" not in at.query_params and at.query_params["method"] == "score"
    assert "eur" not in at.query_params and "rev" not in at.query_params
    # the notice stays until dismissed; the toast comes only once
    at.slider(key="kw_w_image").set_value(6.0).run()
    assert at.warning and not at.toast
    at.button(key="kw_url_notice_ok").click().run()
    assert not at.warning


def test_link_with_out_of_range_thresholds_keeps_the_rest(md_unescape):
    at = page()
    at.query_params.update({"w": "0,0,0,0,0,0,0,0,0,0,0,9", "method": "score", "t": "3,8"})
    at = with_sample(at)
    assert "t=3,8" in md_unescape(at.warning[0].value)
    assert view_of(at).weights["complaint_rate"] == 9.0
    assert tuple(view_of(at).thresholds["score"]) == DEFAULT_THRESHOLDS["score"]


def test_a_named_link_brings_the_scenario_along():
    at = page()
    params = urlstate.encode(replace(PRESETS["loyalty"], name="Treue-Vorschlag"), "Treue-Vorschlag")
    at.query_params.update({k: v[0] for k, v in params.items()})
    at = with_sample(at)
    assert list(saved(at)) == ["Treue-Vorschlag"]
    assert "Treue-Vorschlag" in active_caption(at)
    assert at.query_params["name"] == "Treue-Vorschlag"
    at.slider(key="kw_w_referral").set_value(1.0).run()
    assert "name" not in at.query_params


@pytest.mark.parametrize("scenario", [
    Scenario(),
    PRESETS["profit"],
    Scenario(weights={"image": 0.5, "custom:Lieferanten:treue": 7.5, "custom:Innovation": 5.0},
             reversed=frozenset({"image", "custom:Innovation"}), class_method="pareto", thresholds=(75.0, 90.0),
             pareto_basis="revenue", euro_per_point=123.45, retention=0.85, discount=0.05),
    Scenario(reversed=frozenset(), class_method="rank", thresholds=(10.0, 40.0), euro_per_point=0.0),
])
def test_url_encode_decode_round_trip(scenario):
    params = urlstate.encode(scenario)
    back, name, problems = urlstate.decode(params)
    assert problems == [] and name is None
    assert back.class_method == scenario.class_method and back.thresholds == scenario.thresholds
    for key in {*CRITERION_KEYS, *scenario.weights}:
        assert back.weight(key) == scenario.weight(key), key
    assert back.reversed == scenario.reversed
    assert back.euro_per_point == scenario.euro_per_point
    assert (back.retention, back.discount) == (scenario.retention, scenario.discount)
    if scenario.class_method == "pareto":
        assert back.pareto_basis == scenario.pareto_basis
    assert len("&".join(f"{k}={v}" for k, vs in params.items() for v in vs)) < 400


def test_url_without_our_parameters_changes_nothing():
    assert urlstate.decode({}) == (None, None, [])
    assert urlstate.decode({"embed": ["true"]}) == (None, None, [])


def test_scenario_names_are_shown_as_text_not_markup():
    at = with_sample(page())
    at.slider(key="kw_w_image").set_value(9.0).run()
    save_as(at, "[klick](http://evil.example) :red[rot] **fett**")
    caption = active_caption(at, raw=True)
    assert "\\[klick\\]\\(http" in caption and "\\*\\*fett\\*\\*" in caption
    assert all("](http" not in m for m in messages(at).split("\n"))


@pytest.mark.parametrize("path", ["pages/7_Szenarienvergleich.py", "pages/8_Robustheit.py", RANKING])
def test_new_pages_in_presentation_mode(path):
    at = page(path)
    put_settings(at, present=True)
    at = with_sample(at)
    if "Robust" in path:
        at.button(key="kw_rob_start").click().run()
        ok(at)
        assert at.dataframe
    assert not at.get("download_button") and not at.get("file_uploader")
