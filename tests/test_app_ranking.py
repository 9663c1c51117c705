"""App tests of Gewichtung & Ranking and the shared sidebar: the engine decides what must be shown."""

from __future__ import annotations

import io

import pytest

from kundenwert.criteria import CRITERION_KEYS
from kundenwert.fmt import fmt_num
from kundenwert.scenario import DEFAULT_REVERSED, PRESETS, Scenario
from kundenwert.scoring import score
from tests.files import generated_xlsx
from tests.session_kit import ok, opened, view_of

RANKING = "pages/1_Gewichtung_und_Ranking.py"


def class_counts_shown(at) -> dict[str, int]:
    out = {}
    for cls in "ABC":
        values = [m.value for m in at.metric if f"Klasse {cls}" in m.label]
        assert values, [m.label for m in at.metric]
        out[cls] = int(values[0].replace(".", ""))
    return out


def first_row(at):
    table = at.dataframe[0].value
    return table.iloc[0]


def balanced(**weights) -> Scenario:
    w = dict.fromkeys(CRITERION_KEYS, 5.0)
    w.update(weights)
    return Scenario(name="x", weights=w)


# --------------------------------------------------------------------------------- empty state

def test_ranking_empty_state_offers_sample(app_page):
    at = app_page(RANKING).run()
    ok(at)
    assert any("Noch keine Kundenliste geladen" in i.value for i in at.info)
    assert not at.dataframe and not at.metric
    at.button(key="kw_sample_btn").click().run()
    ok(at)
    assert at.dataframe and at.metric


def test_sample_ranking_matches_engine(sample_list):
    at = opened(RANKING)
    expected = score(sample_list, Scenario())
    ranking = expected.ranking()
    table = at.dataframe[0].value
    assert len(table) == len(expected.scored)
    assert table["Kunden-Nr."].tolist()[:20] == ranking["id"].tolist()[:20]
    assert table["Klasse"].iloc[0] == [ranking["class"].iloc[0]]
    assert class_counts_shown(at) == expected.class_counts()
    shown = {m.label: m.value for m in at.metric}
    assert shown["Kunden bewertet"] == fmt_num(len(expected.scored), 0)
    assert shown["Ø Score"] == fmt_num(expected.scored["score"].mean(), 1)
    # incomplete customers are marked
    incomplete = set(expected.scored.loc[expected.scored["incomplete"], "id"])
    marked = set(table.loc[table["Vollständig"].str.startswith("⚠"), "Kunden-Nr."])
    assert marked == incomplete and marked


# ------------------------------------------------------------------------------------- sliders

def _criterion_that_changes_the_top(cl) -> tuple[str, Scenario]:
    base = score(cl, balanced())
    for key in cl.criteria:
        s = balanced(**{key: 10.0})
        r = score(cl, s)
        if (r.ranking()["id"].iloc[0] != base.ranking()["id"].iloc[0]
                and r.class_counts() != base.class_counts()):
            return key, s
    pytest.fail("no single weight changes the top customer and the class counts")


def test_weight_slider_changes_ranking_and_classes_as_engine_says(sample_list):
    key, scenario = _criterion_that_changes_the_top(sample_list)
    at = opened(RANKING)
    before = first_row(at)["Kunden-Nr."]
    at.slider(key=f"kw_w_{key}").set_value(10.0).run()
    ok(at)
    expected = score(sample_list, scenario)
    assert first_row(at)["Kunden-Nr."] == expected.ranking()["id"].iloc[0] != before
    assert class_counts_shown(at) == expected.class_counts()
    table = at.dataframe[0].value
    assert table["Kunden-Nr."].tolist() == expected.ranking()["id"].tolist()
    assert table["Score"].round(9).tolist() == expected.ranking()["score"].round(9).tolist()


def test_direction_toggle_reverses_a_criterion(sample_list):
    at = opened(RANKING)
    assert at.toggle(key="kw_d_price_sensitivity").value is True        # high = bad by default
    at.toggle(key="kw_d_price_sensitivity").set_value(False).run()
    ok(at)
    expected = score(sample_list, Scenario(weights=dict.fromkeys(CRITERION_KEYS, 5.0),
                                           reversed=DEFAULT_REVERSED - {"price_sensitivity"}))
    assert at.dataframe[0].value["Kunden-Nr."].tolist() == expected.ranking()["id"].tolist()
    assert class_counts_shown(at) == expected.class_counts()


@pytest.mark.parametrize("preset", ["profit", "loyalty", "risk"])
def test_preset_sets_all_sliders_and_ranking(sample_list, preset):
    at = opened(RANKING)
    at.slider(key="kw_w_image").set_value(0.0).run()
    at.pills(key="kw_preset").set_value(preset).run()
    ok(at)
    scenario = PRESETS[preset]
    for key in sample_list.criteria:
        assert at.slider(key=f"kw_w_{key}").value == scenario.weight(key)
    expected = score(sample_list, scenario)
    assert at.dataframe[0].value["Kunden-Nr."].tolist() == expected.ranking()["id"].tolist()
    assert class_counts_shown(at) == expected.class_counts()
    assert at.pills(key="kw_preset").value == preset
    # back to balanced
    at.pills(key="kw_preset").set_value("balanced").run()
    assert all(at.slider(key=f"kw_w_{k}").value == 5.0 for k in sample_list.criteria)


def test_all_weights_zero_is_a_friendly_error():
    at = opened(RANKING)
    for s in [s for s in at.slider if s.key.startswith("kw_w_")]:
        s.set_value(0.0)
    at.run()
    ok(at)
    assert any("Alle Gewichte stehen auf 0" in e.value for e in at.error)
    assert not at.dataframe
    at.slider(key="kw_w_image").set_value(3.0).run()
    assert not at.error and at.dataframe


def test_class_method_and_thresholds(sample_list):
    at = opened(RANKING)
    at.selectbox(key="kw_method").set_value("rank").run()
    ok(at)
    expected = score(sample_list, Scenario(weights=dict.fromkeys(CRITERION_KEYS, 5.0)).with_method("rank"))
    assert class_counts_shown(at) == expected.class_counts()
    at.number_input(key="kw_thr_rank_a").set_value(50.0).run()
    s = Scenario(weights=dict.fromkeys(CRITERION_KEYS, 5.0), class_method="rank", thresholds=(50.0, 30.0))
    assert class_counts_shown(at) == score(sample_list, s).class_counts()
    at.selectbox(key="kw_method").set_value("score").run()
    at.slider(key="kw_thr_score").set_value((5.0, 6.0)).run()
    s = Scenario(weights=dict.fromkeys(CRITERION_KEYS, 5.0), thresholds=(6.0, 5.0))
    assert class_counts_shown(at) == score(sample_list, s).class_counts()
    at.selectbox(key="kw_method").set_value("pareto").run()
    at.selectbox(key="kw_basis").set_value("revenue").run()
    ok(at)
    s = Scenario(weights=dict.fromkeys(CRITERION_KEYS, 5.0), class_method="pareto", thresholds=(80.0, 95.0),
                 pareto_basis="revenue")
    assert class_counts_shown(at) == score(sample_list, s).class_counts()
    # switching back restores the score thresholds set before
    at.selectbox(key="kw_method").set_value("score").run()
    assert at.slider(key="kw_thr_score").value == (5.0, 6.0)


def test_euro_per_point_setting(sample_list):
    at = opened(RANKING)
    at.toggle(key="kw_epp_auto").set_value(False).run()
    at.number_input(key="kw_epp").set_value(250.0).run()
    ok(at)
    expected = score(sample_list, Scenario(weights=dict.fromkeys(CRITERION_KEYS, 5.0), euro_per_point=250.0))
    table = at.dataframe[0].value
    assert table["Kundenwert (€)"].round(6).tolist() == expected.ranking()["value_eur"].round(6).tolist()


# -------------------------------------------------------------------------------- persistence

def test_weights_persist_when_switching_pages(sample_list):
    at = opened("app.py")
    at.switch_page(RANKING).run()
    at.slider(key="kw_w_referral").set_value(9.5).run()
    at.toggle(key="kw_d_likeability").set_value(True).run()
    at.selectbox(key="kw_method").set_value("rank").run()
    expected = at.dataframe[0].value["Kunden-Nr."].tolist()
    at.switch_page("app.py").run()
    ok(at)
    at.switch_page(RANKING).run()
    ok(at)
    assert at.slider(key="kw_w_referral").value == 9.5
    assert at.toggle(key="kw_d_likeability").value is True
    assert at.selectbox(key="kw_method").value == "rank"
    assert at.dataframe[0].value["Kunden-Nr."].tolist() == expected


def test_settings_carry_to_another_page_with_the_same_session(app_page, carry_state, sample_list):
    first = opened(RANKING)
    first.slider(key="kw_w_creditworthiness").set_value(10.0).run()
    second = carry_state(first, app_page(RANKING)).run()
    ok(second)
    assert second.slider(key="kw_w_creditworthiness").value == 10.0
    expected = score(sample_list, balanced(creditworthiness=10.0))
    assert second.dataframe[0].value["Kunden-Nr."].tolist() == expected.ranking()["id"].tolist()


# ------------------------------------------------------------------------------ search and sort

def test_search_and_class_filter(sample_list):
    at = opened(RANKING)
    expected = score(sample_list, Scenario()).ranking()
    name = expected["name"].iloc[5]
    word = name.split()[0]
    at.text_input(key="kw_rank_query").input(word.lower()).run()
    table = at.dataframe[0].value
    want = expected[expected["name"].str.casefold().str.contains(word.casefold(), regex=False)
                    | expected["id"].str.casefold().str.contains(word.casefold(), regex=False)]
    assert table["Kunden-Nr."].tolist() == want["id"].tolist() and len(table) >= 1
    at.text_input(key="kw_rank_query").input("").run()
    at.pills(key="kw_rank_classes").set_value(["A"]).run()
    table = at.dataframe[0].value
    assert set(map(tuple, table["Klasse"])) == {("A",)}
    assert len(table) == int((expected["class"] == "A").sum())


def test_sort_by_value_and_name(sample_list):
    at = opened(RANKING)
    at.selectbox(key="kw_rank_sort").set_value("revenue").run()
    table = at.dataframe[0].value
    assert table["Umsatz (€)"].is_monotonic_decreasing
    at.selectbox(key="kw_rank_sort").set_value("name").run()
    names = at.dataframe[0].value["Kunde"].str.casefold().tolist()
    assert names == sorted(names)


def test_not_scorable_customers_listed_apart(sample_list):
    at = opened(RANKING)
    expected = score(sample_list, Scenario())
    assert len(expected.not_scorable) > 0
    tables = [d.value for d in at.dataframe]
    apart = [t for t in tables if "Grund" in t.columns]
    assert apart and sorted(apart[0]["Kunden-Nr."]) == sorted(expected.not_scorable["id"])
    assert not set(expected.not_scorable["id"]) & set(tables[0]["Kunden-Nr."])


def test_large_list_is_paginated(app_page, app_upload, carry_state):
    loader = app_upload()
    loader.run()
    loader.upload("gross.xlsx", generated_xlsx(n=3500, seed=3))
    at = carry_state(loader, app_page(RANKING)).run()
    ok(at)
    first_page = at.dataframe[0].value
    from kundenwert.ui.ranking_page import PAGE_SIZE

    assert len(first_page) == PAGE_SIZE < 3500
    pager = at.get("pagination")
    assert pager, "a list of several thousand customers is shown page by page"


def test_presentation_mode_hides_technical_detail():
    at = opened(RANKING)
    assert any("Anteil am Gesamtgewicht" in c.value for c in at.caption)
    assert at.get("download_button")
    at.toggle(key="kw_present").set_value(True).run()
    ok(at)
    assert not any("Anteil am Gesamtgewicht" in c.value for c in at.caption)
    assert view_of(at).present is True
    assert not [b for b in at.get("download_button")]


def test_excel_download_is_a_workbook_of_the_shown_result(sample_list):
    import openpyxl

    from kundenwert.ui.ranking_page import download_bytes

    result = score(sample_list, Scenario())
    wb = openpyxl.load_workbook(io.BytesIO(download_bytes(result, sample_list)))
    ws = wb.worksheets[0]
    ids = [c.value for c in next(ws.iter_cols(min_col=2, max_col=2, min_row=1, max_row=ws.max_row))]
    assert str(result.ranking()["id"].iloc[0]) in [str(v) for v in ids]
