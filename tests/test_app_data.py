"""App tests of the Start / Daten page: empty state, sample, data check, broken uploads, column mapping."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from kundenwert.dataset import build
from kundenwert.errors import InputFileError
from kundenwert.ingest.reader import read_table
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from kundenwert.ui.session import LIST
from tests.files import messy_xlsx, xlsx_bytes
from tests.session_kit import list_of, list_state_of, ok, results_of


def metric(at, label: str) -> str:
    matches = [m.value for m in at.metric if m.label == label]
    assert matches, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return matches[0]


def as_int(text: str) -> int:
    return int(text.replace(".", ""))


def texts(elements) -> list[str]:
    return [e.value for e in elements]


# ------------------------------------------------------------------------------------ empty state

def test_start_page_empty_state(app_start):
    at = app_start().run()
    ok(at)
    assert any("Noch keine Daten geladen" in t for t in texts(at.info))
    assert at.button(key="kw_sample_btn").label == "Beispieldaten laden"
    assert not at.metric                       # no data check without data
    assert not at.slider                       # no weight sliders before data is there


# ------------------------------------------------------------------------------------ sample data

def test_sample_button_loads_sample_and_counts_add_up(app_start, sample_list):
    at = app_start().run()
    at.button(key="kw_sample_btn").click().run()
    ok(at)
    result = score(sample_list, Scenario())
    read = as_int(metric(at, "Zeilen gelesen"))
    scored = as_int(metric(at, "bewertet"))
    not_scorable = as_int(metric(at, "nicht bewertbar"))
    rejected = as_int(metric(at, "abgelehnt"))
    skipped = as_int(metric(at, "übersprungen"))
    assert read == sample_list.rows_read
    assert scored == len(result.scored)
    assert not_scorable == len(result.not_scorable)
    assert as_int(metric(at, "unvollständig")) == int(result.frame["incomplete"].sum())
    assert "Teil von „bewertet“" in next(m for m in at.metric if m.label == "unvollständig").help
    # six tiles side by side: at 1280 px (sidebar open) a tile is ~135 px wide, room for 15 characters
    # and the help icon ("davon unvollständig" was clipped, issue 12)
    assert max(len(m.label) for m in at.metric) <= 15, [m.label for m in at.metric]
    assert read == scored + not_scorable + rejected + skipped
    assert any("jede Zeile ist erfasst" in t for t in texts(at.markdown))
    assert any("geladen" in t for t in texts(at.success))
    # the analysis sidebar appears once data is loaded: one slider per criterion of the list
    assert len([s for s in at.slider if s.key.startswith("kw_w_")]) == len(sample_list.criteria)


def test_messy_list_every_row_accounted_for_with_reasons(app_upload):
    data = messy_xlsx()
    cl = build(read_table(data, "messy.xlsx"))
    result = score(cl, Scenario())
    at = app_upload()
    at.run()
    at.upload("messy.xlsx", data)
    ok(at)
    counts = {label: as_int(metric(at, label)) for label in
              ("Zeilen gelesen", "bewertet", "nicht bewertbar", "abgelehnt", "übersprungen")}
    assert counts["Zeilen gelesen"] == cl.rows_read
    assert counts["abgelehnt"] == len(cl.rejected) > 0
    assert counts["übersprungen"] == len(cl.skipped) > 0
    assert counts["nicht bewertbar"] == len(result.not_scorable) > 0
    assert counts["Zeilen gelesen"] == sum(v for k, v in counts.items() if k != "Zeilen gelesen")
    # one table lists every unused row with its Excel row number and reason
    table = at.dataframe[0].value
    expected_rows = sorted([*cl.rejected["row"], *cl.skipped["row"], *result.not_scorable["row"]])
    assert sorted(table["Excel-Zeile"].tolist()) == expected_rows
    rejected_reasons = dict(zip(cl.rejected["row"], cl.rejected["reason"], strict=True))
    for row, status, reason in zip(table["Excel-Zeile"], table["Status"], table["Grund"], strict=True):
        if status == "abgelehnt":
            assert reason == rejected_reasons[row]
        assert reason
    # warnings are grouped (a heading per column with a count)
    assert any("Meldung" in t or "Fehlende Bewertung" in t for t in texts(at.markdown))


# ---------------------------------------------------------------------------------- broken uploads

BROKEN = [
    ("kaputt.xlsx", b"this is not a spreadsheet at all"),
    ("leer.csv", b""),
    ("bild.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
]


@pytest.mark.parametrize(("name", "data"), BROKEN)
def test_broken_upload_shows_engine_message_and_keeps_previous_list(app_upload, sample_bytes, md_unescape, name, data):
    with pytest.raises(InputFileError) as exc:
        build(read_table(data, name))
    at = app_upload()
    at.run()
    at.upload("kundenliste_beispiel.xlsx", sample_bytes)
    read_before = metric(at, "Zeilen gelesen")
    at.upload(name, data)
    ok(at)
    errors = [md_unescape(e.value) for e in at.error]
    assert str(exc.value) in errors
    # the previous list stays loaded and usable (its data check one click away)
    assert list_of(at) is not None
    assert any("bleibt aktiv" in md_unescape(c.value) for c in at.caption)
    at.button(key="kw_show_current").click().run()
    assert metric(at, "Zeilen gelesen") == read_before


def _far_cell_xlsx() -> bytes:
    """A1 and XFD1048576 filled: a parser that allocates the used range would need hundreds of GB."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["C1"] = "Kunden-Nr.", "Kunde", "Bonität"
    ws["XFD1048576"] = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _entity_bomb_xlsx() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                   '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><Types>&lol2;</Types>')
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


@pytest.mark.parametrize("make", [_far_cell_xlsx, _entity_bomb_xlsx], ids=["far-cell", "entity-bomb"])
def test_hostile_upload_is_refused_with_a_message(app_upload, md_unescape, make):
    data = make()
    with pytest.raises(InputFileError) as exc:
        read_table(data, "boese.xlsx")
    at = app_upload()
    at.run()
    at.upload("boese.xlsx", data)
    ok(at)
    assert str(exc.value) in [md_unescape(e.value) for e in at.error]
    assert list_of(at) is None


def test_broken_upload_without_previous_list(app_upload, md_unescape):
    at = app_upload()
    at.run()
    at.upload("kaputt.xlsx", b"PK\x03\x04 truncated zip")
    ok(at)
    assert at.error, "a broken file must show a message"
    assert list_of(at) is None
    assert any("Noch keine Daten geladen" in t for t in texts(at.info))


def _shown(at, md_unescape) -> dict[str, list[str]]:
    """What the page shows a user: alerts, headings, expanders, metrics."""
    return {"error": [md_unescape(e.value) for e in at.error], "warning": [md_unescape(w.value) for w in at.warning],
            "success": [md_unescape(s.value) for s in at.success], "header": [h.value for h in at.header],
            "expander": [e.label for e in at.expander], "metric": [m.label for m in at.metric]}


def test_text_named_xlsx_is_refused_and_nothing_is_offered_for_mapping(app_upload, md_unescape):
    """A note saved as .xlsx is not read as a CSV whose "columns" the user is asked to map (issue 12)."""
    at = app_upload()
    at.run()
    at.upload("notiz.xlsx", b"Dies ist keine Excel-Datei, nur Text\n")
    ok(at)
    shown = _shown(at, md_unescape)
    assert len(shown["error"]) == 1 and "„notiz.xlsx“ ist keine Excel-Datei (.xlsx) – sie enthält Text" in shown["error"][0]
    assert "als .csv speichern" in shown["error"][0]
    assert "Spaltenzuordnung" not in shown["header"] and "Datencheck" not in shown["header"]
    assert not shown["warning"] and not shown["metric"] and not at.selectbox
    assert at.session_state.get("kw_list") is None


def test_a_broken_upload_shows_only_its_own_error_not_the_earlier_files_checks(app_upload, sample_bytes, md_unescape):
    """After an upload fails, the page is about that file: its error and that the earlier list stays active –
    not the earlier list's warnings, data check and mapping table underneath (issue 12). One click shows it."""
    at = app_upload()
    at.run()
    at.upload("kundenliste_beispiel.xlsx", sample_bytes)
    read_before = metric(at, "Zeilen gelesen")
    for name, data in BROKEN:
        at.upload(name, data)
        ok(at)
        shown = _shown(at, md_unescape)
        assert len(shown["error"]) == 1 and f"„{name}“" in shown["error"][0], shown["error"]
        assert not shown["warning"] and not shown["success"], shown
        assert "Datencheck" not in shown["header"] and "Spaltenzuordnung" not in shown["header"], shown["header"]
        assert not shown["metric"] and not [e for e in shown["expander"] if "Warnung" in e or "Spalte" in e]
        assert any("„Beispieldaten“ bleibt aktiv" in md_unescape(c.value) for c in at.caption)
        assert list_of(at) is not None          # still usable on every other page
    at.button(key="kw_show_current").click().run()
    ok(at)
    assert not at.error and metric(at, "Zeilen gelesen") == read_before
    assert "Spaltenzuordnung" in [h.value for h in at.header]


def test_an_earlier_list_without_customers_is_not_kept_behind_a_broken_upload(app_upload, md_unescape):
    """A header-only file loads with a warning; a broken file after it shows its own error only, and the
    empty list (nothing to keep) is gone instead of lingering with its warning and mapping table."""
    at = app_upload()
    at.run()
    at.upload("nur_kopf.csv", "Kunden-Nr.;Kunde;Bonität (0-10)\n".encode())
    assert any("keine Kundenzeilen" in w for w in _shown(at, md_unescape)["warning"])
    at.upload("bild.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    ok(at)
    shown = _shown(at, md_unescape)
    assert len(shown["error"]) == 1 and "„bild.png“" in shown["error"][0]
    assert not shown["warning"] and "Spaltenzuordnung" not in shown["header"] and not shown["metric"]
    assert list_of(at) is None
    assert not any("bleibt aktiv" in md_unescape(c.value) for c in at.caption)


def test_a_new_upload_drops_the_earlier_files_pending_mapping(app_upload, sample_bytes, md_unescape):
    """A file waiting for its columns to be mapped is forgotten when the user uploads another one."""
    from kundenwert.ui import state

    at = app_upload()
    at.run()
    at.upload("kundenliste_beispiel.xlsx", sample_bytes)
    at.session_state[LIST] = replace(list_state_of(at), pending=state.Source(sample_bytes, "wartend.xlsx", "x" * 64,
                                                                              ".xlsx", None))
    at.run()
    assert any("„wartend.xlsx“ lässt sich so noch nicht auswerten" in w for w in _shown(at, md_unescape)["warning"])
    at.upload("kaputt.xlsx", b"this is not a spreadsheet at all")
    ok(at)
    shown = _shown(at, md_unescape)
    assert list_state_of(at).pending is None
    assert not any("wartend" in t for t in shown["warning"] + shown["error"]) and "Spaltenzuordnung" not in shown["header"]


# ---------------------------------------------------------------------------------- column mapping

def _list_with_unrecognised_column() -> bytes:
    rows = [["Kunden-Nr.", "Kunde", "Bonität (0-10)", "Zahlungsmentalität (0-10)", "Kaufhistorie (0-10)",
             "Innovationskraft"]]
    values = [(2, 3, 4, 10), (9, 9, 8, 0), (5, 6, 5, 9), (7, 4, 6, 1), (3, 8, 2, 8), (6, 6, 6, 5)]
    for i, (b, z, k, inno) in enumerate(values):
        rows.append([f"K{i + 1:02d}", f"Kunde {i + 1}", b, z, k, inno])
    return xlsx_bytes(rows)


def test_mapping_correction_activates_criterion_and_rescores(app_upload, md_unescape):
    data = _list_with_unrecognised_column()
    raw = read_table(data, "liste.xlsx")
    before = build(raw)
    assert "future_prospects" not in before.criteria
    at = app_upload()
    at.run()
    at.upload("liste.xlsx", data)
    ok(at)
    box = at.selectbox(key="kw_map_5")
    assert md_unescape(box.label) == "Spalte F: Innovationskraft" and box.value is None
    box.set_value("future_prospects")
    at.button(key=MAP_SUBMIT).click().run()
    ok(at)
    mapping = {c.index: c.key for c in before.columns}
    mapping[5] = "future_prospects"
    after = build(read_table(data, "liste.xlsx"), mapping)
    expected = score(after, Scenario())
    cl = list_of(at)
    assert cl.criteria == after.criteria and "future_prospects" in cl.criteria
    shown = results_of(at)
    result = next(iter(shown.values()))
    assert result.frame["score"].round(9).tolist() == expected.frame["score"].round(9).tolist()
    assert result.frame["score"].round(9).tolist() != score(before, Scenario()).frame["score"].round(9).tolist()
    # the new criterion has its slider in the sidebar at once
    assert at.slider(key="kw_w_future_prospects").label.startswith("Zukunftsperspektive")
    assert at.selectbox(key="kw_map_5").value == "future_prospects"


MAP_SUBMIT = "kw_map_submit"
MAP_EXPANDER = "Jede Spalte und wofür sie verwendet wird"


def _mapping_expander(at):
    return next(e for e in at.expander if e.label == MAP_EXPANDER)


def test_column_mapping_is_one_form_that_stays_open_while_mapping(app_upload):
    """Mapping several columns: choices are applied together by one "Zuordnung übernehmen" (a form: Tab
    between the boxes, one submit), not one rebuild per box – and the opened table does not collapse."""
    data = _list_with_unrecognised_column()
    at = app_upload()
    at.run()
    at.upload("liste.xlsx", data)
    assert _mapping_expander(at).proto.expanded is False       # a recognised list: the table starts closed
    at.session_state["kw_map_open"] = True                     # the user opens it
    at.run()
    assert _mapping_expander(at).proto.expanded is True
    before = list_of(at)
    at.selectbox(key="kw_map_5").set_value("future_prospects")
    at.selectbox(key="kw_map_2").set_value(None)
    at.run()                                                   # nothing applied until submitted
    assert list_of(at) is before
    at.selectbox(key="kw_map_5").set_value("future_prospects")
    at.selectbox(key="kw_map_2").set_value(None)
    submit = at.button(key=MAP_SUBMIT)
    assert submit.label == "Zuordnung übernehmen"
    submit.click().run()
    ok(at)
    cl = list_of(at)
    assert "future_prospects" in cl.criteria and "creditworthiness" not in cl.criteria
    assert _mapping_expander(at).proto.expanded is True        # still open after the list was rebuilt
    assert at.selectbox(key="kw_map_5").value == "future_prospects" and at.selectbox(key="kw_map_2").value is None
    at.slider(key="kw_w_future_prospects").set_value(8.0).run()  # an unrelated rerun keeps it open too
    assert _mapping_expander(at).proto.expanded is True


def test_extra_rating_column_switched_on_as_own_criterion(app_upload):
    data = _list_with_unrecognised_column()
    at = app_upload()
    at.run()
    at.upload("liste.xlsx", data)
    toggle = at.toggle(key="kw_own_5")
    assert toggle.value is False
    toggle.set_value(True).run()
    ok(at)
    cl = list_of(at)
    assert "custom:Innovationskraft" in cl.criteria
    assert at.slider(key="kw_w_custom:Innovationskraft").value == 5.0
    # switching it off again removes it
    at.toggle(key="kw_own_5").set_value(False).run()
    assert "custom:Innovationskraft" not in list_of(at).criteria


def test_file_without_rating_columns_can_be_mapped_into_use(app_upload, md_unescape):
    rows = [["Kunden-Nr.", "Kunde", "Qualität", "Treue"]]
    rows += [[f"K{i}", f"Kunde {i}", (i * 3) % 11, (i * 7) % 11] for i in range(1, 9)]
    data = xlsx_bytes(rows)
    assert build(read_table(data, "ohne.xlsx")).criteria == []
    at = app_upload()
    at.run()
    at.upload("ohne.xlsx", data)
    ok(at)
    assert list_of(at).criteria == []
    assert list_of(at).issues["message"].str.contains("keine Bewertungsspalte").any()
    assert _mapping_expander(at).proto.expanded is True       # nothing to score yet: the mapping opens itself
    at.toggle(key="kw_own_2").set_value(True).run()
    ok(at)
    cl = list_of(at)
    assert cl is not None and cl.criteria == ["custom:Qualität"]
    assert as_int(metric(at, "Zeilen gelesen")) == 8
    assert not at.error


def test_reset_mapping_restores_recognised_columns(app_upload):
    data = _list_with_unrecognised_column()
    at = app_upload()
    at.run()
    at.upload("liste.xlsx", data)
    at.selectbox(key="kw_map_2").set_value(None)      # drop "Bonität"
    at.button(key=MAP_SUBMIT).click().run()
    assert "creditworthiness" not in list_of(at).criteria
    at.button(key="kw_map_reset").click().run()
    assert "creditworthiness" in list_of(at).criteria
    assert at.selectbox(key="kw_map_2").value == "creditworthiness"


def test_customer_names_are_not_rendered_as_markup(app_upload):
    rows = [["Kunden-Nr.", "Kunde", "Bonität (0-10)", "Zahlungsmentalität (0-10)"],
            ["K1", "<img src=x onerror=alert(1)>", 5, 5],
            ["K2", "[klick](http://example.com) **fett**", 99, 5]]          # row 3 rejected: 99
    at = app_upload()
    at.run()
    at.upload("evil.xlsx", xlsx_bytes(rows))
    ok(at)
    for md in texts(at.markdown) + texts(at.caption) + texts(at.error) + texts(at.warning):
        assert "<img" not in md and "](http" not in md
    # headers are user text too: an own criterion named like a Markdown image stays text in the labels
    rows = [["Kunden-Nr.", "Kunde", "Bonität (0-10)", "![x](http://example.com/t.png)"],
            ["K1", "A", 5, 3], ["K2", "B", 6, 4]]
    at.upload("header.xlsx", xlsx_bytes(rows))
    at.toggle(key="kw_own_3").set_value(True).run()
    ok(at)
    labels = [w.label for w in [*at.slider, *at.toggle, *at.selectbox]]
    assert any("example" in label for label in labels)
    assert not any("](http" in label for label in labels)


def test_template_download_offered(app_start):
    at = app_start().run()
    ok(at)
    from kundenwert.ui import state

    assert state.template_bytes()[:2] == b"PK"     # an xlsx (zip) file


def test_sheet_choice_switches_the_table(app_upload):
    rows_a = [["Kunden-Nr.", "Kunde", "Bonität (0-10)", "Zahlungsmentalität (0-10)"]]
    rows_a += [[f"A{i}", f"Kunde A{i}", i % 11, (i * 3) % 11] for i in range(1, 7)]
    rows_b = [["Kunden-Nr.", "Kunde", "Bonität (0-10)", "Sympathiefaktor (0-10)"]]
    rows_b += [[f"B{i}", f"Kunde B{i}", (i * 2) % 11, i % 11] for i in range(1, 4)]
    data = xlsx_bytes(rows_a, title="Kunden 2026", extra_sheets={"Kunden 2025": rows_b})
    at = app_upload()
    at.run()
    at.upload("zwei.xlsx", data)
    ok(at)
    sheet = at.selectbox(key="kw_sheet")
    assert sheet.options == ["Kunden 2026", "Kunden 2025"] and sheet.value == "Kunden 2026"
    assert as_int(metric(at, "Zeilen gelesen")) == 6
    sheet.set_value("Kunden 2025").run()
    ok(at)
    assert as_int(metric(at, "Zeilen gelesen")) == 3
    assert list_of(at).criteria == ["creditworthiness", "likeability"]
    assert at.selectbox(key="kw_sheet").value == "Kunden 2025"


def test_german_csv_export(app_upload):
    text = ("Kunden-Nr.;Kunde;Umsatz (€);Bonität (0-10);Zahlungsmentalität (0-10)\r\n"
            "1;Müller GmbH;1.234,50;7,5;8\r\n2;Schulz AG;99,90;3;2,5\r\n;;;;\r\nSumme;;1.334,40;;\r\n")
    data = text.encode("cp1252")
    cl = build(read_table(data, "export.csv"))
    at = app_upload()
    at.run()
    at.upload("export.csv", data)
    ok(at)
    assert as_int(metric(at, "Zeilen gelesen")) == cl.rows_read == 4
    assert as_int(metric(at, "bewertet")) == 2
    assert as_int(metric(at, "übersprungen")) == 2
    assert list_of(at).customers["revenue"].tolist() == [1234.5, 99.9]


def test_new_file_without_ratings_replaces_the_previous_list(app_upload, sample_bytes):
    rows = [["Kunden-Nr.", "Kunde", "Qualität"]] + [[f"K{i}", f"Kunde {i}", i % 11] for i in range(1, 5)]
    at = app_upload()
    at.run()
    at.upload("kundenliste_beispiel.xlsx", sample_bytes)
    sample = list_of(at)
    at.upload("neu.xlsx", xlsx_bytes(rows))
    ok(at)
    new = list_of(at)
    assert new is not sample and new.criteria == [] and len(new.customers) == 4


# ------------------------------------------------------------------- uploader limits and file names (issue 14)

def test_uploader_accepts_xls_and_xlsb_so_that_we_can_explain(app_start):
    """Streamlit refuses a type not in the list in English; we take .xls/.xlsb and answer in German."""
    at = app_start()
    at.run()
    types = list(at.get("file_uploader")[0].proto.type)
    assert {".xlsx", ".xlsm", ".csv", ".ods", ".xls", ".xlsb"} <= set(types)


@pytest.mark.parametrize(("name", "make", "expected"), [
    ("alt.xls", "legacy_xls", "Bitte in Excel als .xlsx speichern"),
    ("binaer.xlsb", "xlsb", "Bitte in Excel als .xlsx speichern"),
])
def test_xls_and_xlsb_uploads_get_the_german_what_to_do(app_upload, md_unescape, name, make, expected):
    from tests import hostile_files

    data = hostile_files.legacy_xls() if make == "legacy_xls" else _xlsb_bytes()
    at = app_upload()
    at.run()
    at.upload(name, data)
    ok(at)
    errors = [md_unescape(e.value) for e in at.error]
    assert any(expected in e and name in e for e in errors), errors


def _xlsb_bytes() -> bytes:
    """What Excel writes as .xlsb: a zip whose workbook part is binary (xl/workbook.bin)."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"/>')
        zf.writestr("xl/workbook.bin", bytes(64))
        zf.writestr("xl/worksheets/sheet1.bin", bytes(64))
    return buf.getvalue()


def test_upload_limit_lets_our_size_check_speak_first():
    """server.maxUploadSize (MB = MiB in Streamlit) is above our own limit: a 100 MB + 1 byte file reaches
    ingest.safety and gets its German sentence, not the browser's English "File must be … or smaller"."""
    import tomllib

    from kundenwert.ingest.limits import MAX_FILE_BYTES
    from tests.conftest import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 > MAX_FILE_BYTES + 1024 * 1024


def test_too_large_upload_gets_the_german_message(app_upload, md_unescape, monkeypatch):
    from kundenwert.ingest import limits

    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    at = app_upload()
    at.run()
    at.upload("gross.xlsx", xlsx_bytes([["Kunden-Nr.", "Kunde"], *[[f"K{i}", "x" * 50] for i in range(100)]]))
    ok(at)
    errors = [md_unescape(e.value) for e in at.error]
    assert any("gross.xlsx" in e and "höchstens" in e for e in errors), errors


HOSTILE_NAMES = ["**fett**.xlsx", "[klick](mailto:a@example.com).xlsx", ":red[rot].xlsx", "$x^2$.xlsx",
                 "<img src=x onerror=alert(1)>.xlsx", "# Titel.xlsx", "~~weg~~ `code`.xlsx"]
RAW_MARKUP = ("**fett**", "](mailto", ":red[", "$x^2$", "<img", "~~weg~~", "`code`")


def _shown_texts(at) -> list[str]:
    """Everything the page sends as Markdown (messages, captions, text) and every widget label."""
    out = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "title", "header", "subheader"):
        out += [str(e.value) for e in at.get(kind)]
    for kind in ("metric", "button", "toggle", "selectbox", "slider", "expander", "file_uploader"):
        out += [str(getattr(e, "label", "") or getattr(e.proto, "label", "")) for e in at.get(kind)]
    return out


def _assert_name_is_plain_text(at, name: str, md_unescape) -> None:
    shown = _shown_texts(at)
    assert any(name in md_unescape(t) for t in shown), f"{name!r} not shown at all"
    for text in shown:
        unescaped_only = re.sub(r"\\.", "", text)        # what is left when escaped characters are taken out
        assert not any(raw in unescaped_only for raw in RAW_MARKUP), text


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_file_name_is_plain_text_everywhere(app_upload, md_unescape, name):
    """A file name is user text: `**…**`, links, `:red[…]`, `$…$` must not render as Markdown (issue 14)."""
    at = app_upload()
    at.run()
    # refused, with no list loaded
    at.upload(name, b"this is not a spreadsheet at all")
    ok(at)
    _assert_name_is_plain_text(at, name, md_unescape)
    # a list that needs a mapping (no rating column recognised)
    rows = [["Kunden-Nr.", "Kunde", "Qualität"], ["K1", "A", 5], ["K2", "B", 7]]
    at.upload(name, xlsx_bytes(rows))
    ok(at)
    _assert_name_is_plain_text(at, name, md_unescape)
    # a good list, then a refused file while it stays loaded
    at.upload(name, messy_xlsx())
    ok(at)
    _assert_name_is_plain_text(at, name, md_unescape)
    at.upload("kaputt.xlsx", b"not a spreadsheet")
    _assert_name_is_plain_text(at, name, md_unescape)


def _upload_then_ranking_page():
    """Like the Start-page harness, but renders another page: there a refused file is shown by require_data."""
    import streamlit as st

    from kundenwert.ui import ranking_page, state

    upload = st.session_state.pop("test_upload", None)
    if upload is not None:
        state.load_bytes(upload[1], upload[0])
    ranking_page.render()


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_file_name_is_plain_text_on_other_pages_without_a_list(md_unescape, name):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_upload_then_ranking_page, default_timeout=60)
    at.session_state["test_upload"] = (name, b"this is not a spreadsheet at all")
    at.run()
    ok(at)
    _assert_name_is_plain_text(at, name, md_unescape)
