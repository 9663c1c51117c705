"""The sidebar and the scenario comparison in both languages (issue 10): a broken scenario file is refused
in the product's own words of the UI language (never Python's JSON text), messages follow a language switch,
presets are named in the UI language while stored names stay, slider formats, English key figures."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from kundenwert.compare import compare
from kundenwert.fmt import fmt_num, fmt_pct
from kundenwert.i18n import text
from kundenwert.scenario import PRESETS
from tests.conftest import ROOT
from tests.downloads import capture
from tests.session_kit import ok, opened, saved_of, view_of

RANKING, COMPARE = "pages/1_Gewichtung_und_Ranking.py", "pages/7_Szenarienvergleich.py"
BROKEN = b'{name: "Vertrieb", "weights": {}}'     # a name without double quotes: line 1, column 2
WORDS = {
    "de": "Szenario-Datei „kaputt.json“ ist kein gültiges JSON: Zeile 1, Spalte 2: "
          "erwartet wird ein Name in doppelten Anführungszeichen.",
    "en": "Scenario file “kaputt.json” is not valid JSON: line 1, column 2: a name in double quotes is expected.",
}


def unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def errors(at: AppTest) -> list[str]:
    return [unescaped(e.value) for e in at.error]


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    """Through the sidebar's own uploader (its key changes after each upload, so it empties)."""
    found = [u for u in at.get("file_uploader") if str(u.key or "").startswith("kw_scn_upload")]
    assert len(found) == 1, [u.key for u in at.get("file_uploader")]
    found[0].set_value((name, data, "application/json")).run()
    return ok(at)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_broken_scenario_file_is_refused_in_the_products_words(session_only, lang):
    at = opened(RANKING, lang)
    at.slider(key="kw_w_referral").set_value(7.5).run()
    before = dict(view_of(at).weights)
    upload(at, "kaputt.json", BROKEN)
    shown = errors(at)
    assert WORDS[lang] in shown, shown
    assert not any("Expecting" in e or "enclosed in double quotes" in e for e in shown)
    assert dict(view_of(at).weights) == before and saved_of(at) == {}


def test_kept_message_follows_a_language_switch(session_only):
    at = opened(RANKING, "de")
    upload(at, "kaputt.json", BROKEN)
    assert WORDS["de"] in errors(at)
    at.query_params["lang"] = "en"
    ok(at.run())
    assert WORDS["en"] in errors(at) and WORDS["de"] not in errors(at)


def test_uploaded_scenario_is_confirmed_in_english(session_only):
    at = opened(RANKING, "en")
    notice = [unescaped(c.value) for c in at.sidebar.caption if c.value.startswith("Scenario library")]
    assert notice and notice[0].endswith("cannot be reached (check server, host or port) – scenarios are only kept for this session."), notice
    data = replace(PRESETS["risk"], name="From Anna").to_json().encode()
    upload(at, "anna.json", data)
    assert at.slider(key="kw_w_creditworthiness").value == 10.0
    assert "Scenario “From Anna” loaded and applied." in [unescaped(s.value) for s in at.success]
    upload(at, "anna.json", data)
    assert ("Scenario “From Anna (2)” loaded and applied – as “From Anna (2)”, because “From Anna” is already taken."
            in [unescaped(s.value) for s in at.success])
    assert at.selectbox(key="kw_scn_pick").options == ["From Anna · this session only",
                                                        "From Anna (2) · this session only"]


def test_weights_of_own_criteria_the_list_lacks_are_refused_in_english(session_only):
    at = opened(RANKING, "en")
    upload(at, "extra.json", json.dumps({"name": "Extras", "weights": {"custom:Lieferantentreue": 9}}).encode())
    assert ("Scenario file “extra.json”: the scenario “Extras” weights custom criteria that the loaded list does not "
            "have: “Lieferantentreue”. Nothing was applied.") in errors(at)


@pytest.mark.parametrize(("lang", "active", "custom", "pct"), [("de", "Ausgewogen", "Eigene Gewichtung", "%.0f %%"),
                                                          ("en", "Balanced", "Custom weighting", "%.0f%%")])
def test_presets_are_named_in_the_ui_language_and_stored_names_stay(monkeypatch, session_only, lang, active, custom,
                                                                     pct):
    files = capture(monkeypatch)
    at = opened(RANKING, lang)
    caption = [unescaped(c.value) for c in at.sidebar.caption if "**" in c.value][0]
    assert f"**{active}**" in caption
    options = at.pills(key="kw_preset").options
    assert options[0] == active and options == [text(f"preset.{k}", lang) for k in PRESETS]
    # the file keeps the stored (German) name: a colleague's app shows it in their language again
    current = [f for f in files if f.endswith(".json")]
    assert current == [("szenario_" if lang == "de" else "scenario_") + active + ".json"]
    assert json.loads(files.data(current[0]))["name"] == PRESETS["balanced"].name == "Ausgewogen"
    # slider values: one decimal for weights and score thresholds (sprintf-js: no decimal comma, README)
    weights = [s for s in at.slider if str(s.key).startswith("kw_w_")]
    assert len(weights) == 12 and {s.proto.format for s in weights} == {"%.1f"}
    assert at.slider(key="kw_thr_score").proto.format == "%.1f"
    assert {at.slider(key=k).proto.format for k in ("kw_retention", "kw_discount")} == {"%.2f"}
    at.selectbox(key="kw_method").set_value("pareto").run()
    assert ok(at).slider(key="kw_thr_pareto").proto.format == pct
    # the sidebar's own settings: named in the language too, stored under the engine's name
    at.slider(key="kw_w_image").set_value(9.0).run()
    assert f"**{custom}**" in [unescaped(c.value) for c in ok(at).sidebar.caption if "**" in c.value][0]
    assert json.loads(files.data(f"{'szenario' if lang == 'de' else 'scenario'}_{custom.replace(' ', '_')}.json"))[
        "name"] == "Eigene Gewichtung"


def test_comparison_in_english_shows_english_figures(sample_list):
    at = opened(COMPARE, "en")
    at.selectbox(key="kw_cmp_a").set_value("preset:balanced").run()
    at.selectbox(key="kw_cmp_b").set_value("preset:profit").run()
    ok(at)
    expected = compare(sample_list, PRESETS["balanced"], PRESETS["profit"], lang="en")
    metrics = {m.label: m for m in at.metric}
    changed = metrics["Customers changing class"]
    assert changed.value == fmt_num(expected.changed_class, 0, "en")
    share = fmt_pct(expected.changed_class / len(expected.movers), 0, "en")
    assert changed.proto.delta == f"{share} of customers" and "%" in share and " %" not in share
    assert [m.value for m in at.metric if m.label == "Customers scored"] == \
        [fmt_num(len(expected.a.scored), 0, "en"), fmt_num(len(expected.b.scored), 0, "en")]
    assert at.selectbox(key="kw_cmp_a").format_func("preset:balanced") == "Balanced (preset)"
    text = unescaped("\n".join(m.value for m in at.markdown))
    assert f"Rank correlation (Spearman) ρ = {fmt_num(expected.spearman, 2, 'en')}." in text
    assert "." in fmt_num(expected.spearman, 2, "en") and "**A: Balanced**" in text and "**B: Profit first**" in text
    assert list(at.table[0].value.index)[-1] == "Total"
    movers = at.dataframe[0].value
    assert {"Customer id", "Customer", "Class (scenario A)", "Rank (scenario B)",
            "Drivers (contribution B − A, points)"} <= set(movers.columns)
    assert movers["Drivers (contribution B − A, points)"].tolist() == \
        expected.movers.loc[expected.movers["class_a"] != expected.movers["class_b"], "drivers"].tolist()[:len(movers)]
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["Class (scenario B)"]["help"].startswith("A/B/C class in scenario B “Profit first”")


def test_sidebar_without_a_list_speaks_english():
    at = AppTest.from_file(str(ROOT / RANKING), default_timeout=60)
    at.query_params["lang"] = "en"
    ok(at.run())
    assert [h.value for h in at.sidebar.header] == ["Weighting", "Customer value in €", "A/B/C classes"]
    captions = [unescaped(c.value) for c in at.sidebar.caption]
    assert "No list loaded" in captions and \
        "No list loaded yet – the sliders apply as soon as there is data." in captions
    assert at.slider(key="kw_w_price_sensitivity").label == "Price sensitivity  ↓"
    assert at.toggle(key="kw_d_price_sensitivity").label == "Price sensitivity: high is bad"
    assert at.selectbox(key="kw_method").options == ["Score thresholds", "Pareto (value share)", "Rank shares"]
    assert "A: score ≥ 7.0 · B: ≥ 4.0 · C: below" in captions


def test_team_library_in_english(library_url):
    at = opened(RANKING, "en")
    at.text_input(key="kw_scn_name").set_value("Sales North")
    at.text_input(key="kw_lib_author").set_value("Anna")
    at.button(key="kw_scn_save").click().run()
    ok(at)
    assert "“Sales North” saved to the library as version 1." in [unescaped(s.value) for s in at.success]
    label = at.selectbox(key="kw_lib_version").options[0]
    assert re.fullmatch(r"Version 1: Anna, [A-Z][a-z]{2} \d{1,2}, \d{4} \d{2}:\d{2} UTC", label), label
    at.button(key="kw_lib_archive").click().run()
    assert "“Sales North” archived (it can be brought back from the archive)." in [unescaped(i.value)
                                                                                    for i in ok(at).info]
