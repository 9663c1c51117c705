"""Every list shape works on every page, and every message is true for its case (issue 9, items 2 and 7).

- A matrix-only and an NPS-only list (no rating columns): After-Sales-Matrix and NPS work on the
  user's data; the ranking pages say plainly that the list has no ratings and how to add or map them,
  without an error and without sliders that do nothing.
- An empty list (the template), a list where no customer is scorable, counts of one: the words
  agree with the numbers.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from kundenwert.dataset import build
from kundenwert.fmt import fmt_num, plural
from kundenwert.ingest.reader import read_table
from kundenwert.matrix import after_sales_matrix
from kundenwert.nps import net_promoter_score
from kundenwert.ui import abc_page
from tests.files import RATING_HEADERS, xlsx_bytes
from tests.session_kit import list_of, ok, put_settings
from tests.shapes import MATRIX_CELLS, NPS_VALUES, matrix_only_xlsx, nps_only_xlsx

RANKING, ABC, PROFILE, MATRIX, NPS, METHOD, COMPARE, ROBUST = (
    "pages/1_Gewichtung_und_Ranking.py", "pages/2_ABC-Analyse.py", "pages/3_Kundenprofil.py",
    "pages/4_After-Sales-Matrix.py", "pages/5_Kundenstimme_NPS.py", "pages/6_Methode.py",
    "pages/7_Szenarienvergleich.py", "pages/8_Robustheit.py")
RANKING_PAGES = [RANKING, ABC, PROFILE, COMPARE, ROBUST, METHOD]
SHAPES = {"matrix": ("umfrage_matrix.xlsx", matrix_only_xlsx), "nps": ("umfrage_nps.xlsx", nps_only_xlsx),
          "names": ("adressen.xlsx", lambda: xlsx_bytes([["Kunden-Nr.", "Kunde"], ["K1", "Eins"], ["K2", "Zwei"]]))}
NO_RATINGS = "Diese Liste hat keine Bewertungsspalten (0–10)"


def texts(at: AppTest) -> str:
    parts = [*at.markdown, *at.info, *at.warning, *at.error, *at.success, *at.caption]
    return "\n".join(str(e.value) for e in parts)


def unescape(text: str) -> str:
    import re

    return re.sub(r"\\(.)", r"\1", text)


def loaded(app_upload, app_page, carry_state, path: str, name: str, data: bytes) -> AppTest:
    """The page after the user uploaded `data` on the Start page (the real loading path)."""
    start = app_upload()
    start.run()
    ok(start.upload(name, data))
    at = carry_state(start, app_page(path))
    return ok(at.run())


def metric(at: AppTest, label_part: str) -> str:
    found = [m.value for m in at.metric if label_part in m.label]
    assert found, f"no metric with {label_part!r} in {[m.label for m in at.metric]}"
    return found[0]


def sidebar_without_dead_controls(at: AppTest) -> None:
    """No weight slider, direction toggle, preset, € or class control for a list that has no ratings –
    and a note that says why."""
    keys = [w.key or "" for w in [*at.sidebar.slider, *at.sidebar.toggle, *at.sidebar.selectbox,
                                  *at.sidebar.number_input]]
    assert not [k for k in keys if k.startswith(("kw_w_", "kw_d_", "kw_method", "kw_thr", "kw_epp"))], keys
    groups = [g.key for g in at.sidebar.button_group]
    assert groups == ["kw_lang_select"], f"preset pills shown for a list without ratings: {groups}"
    note = "\n".join(str(c.value) for c in [*at.sidebar.caption, *at.sidebar.markdown, *at.sidebar.info])
    assert "keine Bewertungsspalten" in note


# --------------------------------------------------------------------- lists without ratings

@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("path", [*RANKING_PAGES, MATRIX, NPS])
def test_ranking_pages_say_the_list_has_no_ratings_and_how_to_add_them(app_upload, app_page, carry_state,
                                                                       path, shape):
    name, make = SHAPES[shape]
    at = loaded(app_upload, app_page, carry_state, path, name, make())
    sidebar_without_dead_controls(at)
    assert not at.error, [e.value for e in at.error]
    if path in (MATRIX, NPS):                     # the survey pages work without ratings (tested below)
        return
    shown = unescape(texts(at))
    assert NO_RATINGS in shown
    assert "Spaltenzuordnung" in shown and "Vorlage" in shown          # how to add or map them
    assert not at.error, [e.value for e in at.error]
    assert "Gewichte stehen auf 0" not in shown                        # the old, false reason
    assert not at.get("plotly_chart") and not at.dataframe
    assert [b for b in at.get("download_button") if "Vorlage" in b.proto.label]    # the template, one click away
    sidebar_without_dead_controls(at)


def test_matrix_page_on_the_matrix_only_list_shows_the_users_counts(app_upload, app_page, carry_state):
    data = matrix_only_xlsx()
    at = loaded(app_upload, app_page, carry_state, MATRIX, "umfrage_matrix.xlsx", data)
    m = after_sales_matrix(build(read_table(data, "umfrage_matrix.xlsx")))
    assert m.own_data and m.used == sum(c for c, _ in MATRIX_CELLS.values())
    table = at.table[0].value
    assert list(table["Kunden"]) == [fmt_num(MATRIX_CELLS[k][0], 0) for k in
                                     [(True, True), (False, True), (True, False), (False, False)]]
    assert list(table["Wiederkäufer"]) == [fmt_num(MATRIX_CELLS[k][1], 0) for k in
                                           [(True, True), (False, True), (True, False), (False, False)]]
    assert "nicht Ihre Daten" not in texts(at)
    assert not at.error
    sidebar_without_dead_controls(at)


def test_nps_page_on_the_nps_only_list_shows_the_users_score(app_upload, app_page, carry_state):
    at = loaded(app_upload, app_page, carry_state, NPS, "umfrage_nps.xlsx", nps_only_xlsx())
    res = net_promoter_score(NPS_VALUES)
    assert (res.promoters, res.passives, res.detractors) == (8, 6, 6)
    assert metric(at, "Net Promoter Score") == "+10"
    assert metric(at, "Promotoren") == "40 %"
    assert not at.error
    shown = unescape(texts(at))
    assert f"{len(NPS_VALUES)} von {len(NPS_VALUES)} Kunden" in shown
    assert "NPS je Klasse" in "\n".join(h.value for h in at.subheader)
    assert "keine Bewertungsspalten" in shown          # why there are no classes to split by
    sidebar_without_dead_controls(at)


def test_matrix_page_on_the_nps_only_list_shows_the_study_and_what_is_missing(app_upload, app_page, carry_state):
    at = loaded(app_upload, app_page, carry_state, MATRIX, "umfrage_nps.xlsx", nps_only_xlsx())
    shown = texts(at)
    assert "nicht Ihre Daten" in shown and "Zufrieden mit Kauf" in shown
    assert not at.error


def test_nps_page_on_the_matrix_only_list_says_which_column_is_needed(app_upload, app_page, carry_state):
    at = loaded(app_upload, app_page, carry_state, NPS, "umfrage_matrix.xlsx", matrix_only_xlsx())
    assert "Weiterempfehlung (0–10)" in texts(at)
    assert not at.error and not at.metric


def test_start_page_of_a_list_without_ratings_counts_customers_not_scores(app_upload):
    at = app_upload()
    at.run()
    ok(at.upload("umfrage_matrix.xlsx", matrix_only_xlsx()))
    n = sum(c for c, _ in MATRIX_CELLS.values())
    assert metric(at, "Zeilen gelesen") == fmt_num(n, 0)
    assert not [m for m in at.metric if m.label == "bewertet" and m.value != "0"]
    shown = unescape(texts(at))
    assert "Gewichte stehen auf 0" not in shown
    assert f"Gelesen: {n} Zeilen = {n} Kunden ohne Bewertung" in shown
    assert "„Umfrage“ · keine Bewertungsspalten" in shown and "0 Kriterien" not in shown
    sidebar_without_dead_controls(at)


# -------------------------------------------------------------------- words that match numbers

def template_bytes() -> bytes:
    from kundenwert.ui import state

    return state.template_bytes()


def test_empty_template_loads_with_a_warning_not_a_green_success(app_upload):
    at = app_upload()
    at.run()
    ok(at.upload("vorlage_kundenliste.xlsx", template_bytes()))
    assert not [s for s in at.success if "geladen" in s.value], [s.value for s in at.success]
    warning = unescape("\n".join(w.value for w in at.warning))
    assert "keine Kundenzeilen" in warning and "Zeile 2" in warning


def test_rows_but_no_customers_is_a_warning_too(app_upload):
    rows = [["Kunden-Nr.", "Kunde", "Bonität (0-10)"], [None, None, None], ["Summe", None, None]]
    at = app_upload()
    at.run()
    ok(at.upload("leer.xlsx", xlsx_bytes(rows)))
    assert not [s for s in at.success if "geladen" in s.value]
    assert "keine Kundenzeilen" not in "\n".join(w.value for w in at.warning)
    assert "keine davon ist ein Kunde" in unescape("\n".join(w.value for w in at.warning))


def test_ranking_of_an_empty_list_says_the_list_is_empty_not_the_filter(app_upload, app_page, carry_state):
    at = loaded(app_upload, app_page, carry_state, RANKING, "vorlage_kundenliste.xlsx", template_bytes())
    shown = unescape(texts(at))
    assert "Suche und Filter" not in shown
    assert "Die Liste enthält keine Kunden – unter der Kopfzeile steht noch keine Zeile." in shown
    assert not at.main.text_input and not at.error


def test_ranking_where_no_customer_is_scorable(app_upload, app_page, carry_state):
    header = ["Kunden-Nr.", "Kunde", *RATING_HEADERS]
    rows = [header] + [[f"K{i}", f"Kunde {i}", 5] + [None] * 11 for i in range(1, 4)]
    at = loaded(app_upload, app_page, carry_state, RANKING, "luecken.xlsx", xlsx_bytes(rows))
    shown = unescape(texts(at))
    assert "Suche und Filter" not in shown
    assert "Die Liste enthält keine bewertbaren Kunden" in shown
    assert "3 Kunden" in shown
    assert at.expander and "Nicht bewertbar (3)" in at.expander[0].label


def test_ranking_filter_case_still_says_search_and_filter(app_upload, app_page, carry_state):
    from tests.files import simple_rows

    at = loaded(app_upload, app_page, carry_state, RANKING, "liste.xlsx", xlsx_bytes(simple_rows(6)))
    at.text_input(key="kw_rank_query").input("gibt es nicht").run()
    assert "Keine Kunden passen zu Suche und Filter" in texts(at)


def test_robustness_with_no_customers_says_so(app_upload, app_page, carry_state):
    at = loaded(app_upload, app_page, carry_state, ROBUST, "vorlage_kundenliste.xlsx", template_bytes())
    buttons = [b for b in at.button if b.key == "kw_rob_start"]
    if buttons:
        buttons[0].click().run()
        ok(at)
    shown = unescape(texts(at))
    assert "fragil" not in shown
    assert "keine Kunden" in shown


def test_data_check_counts_singular(app_upload):
    # one info: the template's second sheet is not used
    at = app_upload()
    at.run()
    ok(at.upload("vorlage_kundenliste.xlsx", template_bytes()))
    labels = [e.label for e in at.expander]
    assert any(label == "1 Hinweis" for label in labels), labels


def test_a_class_of_one_customer_reads_singular(app_upload, app_page, carry_state):
    header = ["Kunden-Nr.", "Kunde", "Bonität (0-10)"]
    rows = [header, ["K1", "Eins", 9], ["K2", "Zwei", 5], ["K3", "Drei", 5], ["K4", "Vier", 1]]
    at = loaded(app_upload, app_page, carry_state, ABC, "eins.xlsx", xlsx_bytes(rows))
    at.session_state[abc_page.K_LISTS] = True                       # the class lists open with a click
    captions = "\n".join(c.value for c in ok(at.run()).caption)
    assert "1 Kunde in Klasse A" in captions and "1 Kunden" not in captions


def test_plural_helper():
    assert plural(1, "Kunde", "Kunden") == "1 Kunde"
    assert plural(0, "Kunde", "Kunden") == "0 Kunden"
    assert plural(1234, "Kunde", "Kunden") == "1.234 Kunden"
    assert plural(1, "fehlt", "fehlen") == "1 fehlt"


def test_a_not_scorable_customer_is_not_said_to_be_scored(app_upload, md_unescape):
    from tests.files import messy_xlsx

    data = messy_xlsx()
    cl = build(read_table(data, "messy.xlsx"))
    gaps = cl.issues[(cl.issues["row"] == 7) & (cl.issues["code"] == "ratings_missing")]
    assert len(gaps) == 1 and gaps["params"].iloc[0]["count"] == 7     # the engine: seven gaps in row 7
    at = app_upload()
    at.run()
    ok(at.upload("messy.xlsx", data))
    at.toggle(key="kw_all_issues").set_value(True).run()
    shown = md_unescape(texts(at))
    table = next(d.value for d in at.dataframe if "Meldung" in d.value.columns)
    import re

    claim7 = re.compile(r"\b[A-Z]{1,3}7 \([^)]*\) – zählt nicht als 0, der Kunde wird über die übrigen")
    assert not claim7.search(shown)
    row7 = [m for m in table["Meldung"] if str(m).startswith("Zeile 7 ")]
    assert len(row7) == 1 and "7 Bewertungen fehlen" in row7[0] and "nicht bewertbar" in row7[0]
    assert not any(claim7.search(str(m)) for m in table["Meldung"])


def test_method_page_criteria_table_tells_which_criteria_the_list_has(app_upload, app_page, carry_state):
    at = loaded(app_upload, app_page, carry_state, METHOD, "umfrage_matrix.xlsx", matrix_only_xlsx())
    table = at.table[0].value
    assert len(table) == 12 and set(table["in der Liste"]) == {"nein"}
    at = ok(app_page(METHOD).run())                       # no list: the column would claim nothing true
    assert "in der Liste" not in at.table[0].value.columns


def test_data_check_with_all_weights_zero_does_not_count_customers_as_scored(app_upload):
    from tests.files import simple_rows

    at = app_upload()
    at.run()
    ok(at.upload("liste.xlsx", xlsx_bytes(simple_rows(6))))
    assert metric(at, "bewertet") == "6"
    put_settings(at, weights=dict.fromkeys(list_of(at).criteria, 0.0))
    ok(at.run())
    assert "Gewichte stehen auf 0" in "\n".join(w.value for w in at.warning)
    assert not [m for m in at.metric if m.label == "bewertet" and m.value != "0"]
    assert "Gelesen: 6 Zeilen = 6 Kunden ohne Bewertung" in unescape(texts(at))
    assert not at.error                                   # the row accounting still adds up


def test_profile_without_findings_claims_only_what_was_checked(app_upload, app_page, carry_state):
    # no payment rating, no margin column: the profile cannot say "kein langsamer Zahler, kein Verlust"
    rows = [["Kunden-Nr.", "Kunde", "Bonität (0-10)", "Imagefaktor (0-10)"], ["K1", "Eins", 8, 7], ["K2", "Zwei", 5, 5]]
    at = loaded(app_upload, app_page, carry_state, PROFILE, "ohne.xlsx", xlsx_bytes(rows))
    shown = "\n".join(s.value for s in at.success)
    assert "Keine Auffälligkeiten" in shown
    assert "langsamer Zahler" not in shown and "Verlust" not in shown
    assert "alle Bewertungen vorhanden" in shown


def test_no_ratings_notice_names_the_columns_that_could_be_mapped(app_upload, app_page, carry_state):
    rows = [["Kunden-Nr.", "Kunde", "Qualität", "Notiz"]]
    rows += [[f"K{i}", f"Kunde {i}", (i * 3) % 11, "x"] for i in range(1, 7)]
    at = loaded(app_upload, app_page, carry_state, RANKING, "ohne.xlsx", xlsx_bytes(rows))
    shown = unescape(texts(at))
    assert NO_RATINGS in shown
    assert "In Ihrer Liste kommen dafür in Frage: „Qualität“ (Spalte C)." in shown
    assert "Notiz" not in shown


def test_ranking_of_rows_without_customers_points_to_the_data_check(app_upload, app_page, carry_state):
    rows = [["Kunden-Nr.", "Kunde", "Bonität (0-10)"], [None, None, None], ["Summe", None, None]]
    at = loaded(app_upload, app_page, carry_state, RANKING, "leer.xlsx", xlsx_bytes(rows))
    read = list_of(at).rows_read
    assert read >= 1
    shown = unescape(texts(at))
    assert "Die Liste enthält keine Kunden" in shown and "Datencheck" in shown
    assert (f"keine der {read} gelesenen Zeilen ist ein Kunde" if read > 1 else "die einzige gelesene Zeile") in shown


@pytest.mark.parametrize("path", [ABC, PROFILE, COMPARE, ROBUST, METHOD, MATRIX, NPS])
def test_every_page_on_the_empty_template_says_there_are_no_customers(app_upload, app_page, carry_state, path):
    at = loaded(app_upload, app_page, carry_state, path, "vorlage_kundenliste.xlsx", template_bytes())
    assert not at.error, [e.value for e in at.error]
    shown = unescape(texts(at))
    assert "Die Liste enthält keine Kunden" in shown, shown
    assert "Keiner der Kunden" not in shown
    assert "fragil" not in shown and "Suche und Filter" not in shown


def test_nps_column_without_answers_is_called_empty_not_missing(app_upload, app_page, carry_state):
    rows = [["Kunden-Nr.", "Kunde", "Weiterempfehlung (0-10)", "Bonität (0-10)"], ["K1", "Eins", None, 5],
            ["K2", "Zwei", None, 7]]
    at = loaded(app_upload, app_page, carry_state, NPS, "leer_nps.xlsx", xlsx_bytes(rows))
    shown = unescape(texts(at))
    assert "ist da, enthält aber noch keine Antwort" in shown
    assert "braucht die Liste eine Spalte" not in shown
