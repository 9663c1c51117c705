"""AppTest of the team library in the scenario manager: save, version, restore, archive, restore from archive."""

from __future__ import annotations

import re

from kundenwert.store import SqlStore
from tests import pg
from tests.session_kit import ok
from tests.test_app_scenarios import messages as escaped_messages
from tests.test_app_scenarios import page, with_sample


def messages(at) -> str:
    return re.sub(r"\\(.)", r"\1", escaped_messages(at))


def save_to_library(at, name: str = "", note: str = ""):
    at.text_input(key="kw_scn_name").set_value(name)
    at.text_input(key="kw_lib_note").set_value(note)
    at.button(key="kw_scn_save").click().run()
    return ok(at)


def test_save_versions_restore_archive_and_back(library_url):
    at = with_sample(page())
    save_to_library(at, "Team Süd")
    assert "Bitte zuerst Ihren Namen als Autor eintragen." in messages(at)
    at.text_input(key="kw_lib_author").set_value("Anna").run()
    at.slider(key="kw_w_contribution_margin").set_value(9.5).run()
    save_to_library(at, "Team Süd", "Marge zählt")
    assert "„Team Süd“ als Version 1 in der Bibliothek gespeichert." in messages(at)
    assert at.text_input(key="kw_lib_note").value == ""
    at.slider(key="kw_w_contribution_margin").set_value(2.0).run()
    save_to_library(at, "Team Süd")
    assert "als Version 2" in messages(at)
    store = SqlStore(library_url)
    assert [(r.version, r.author, r.note, r.scenario.weight("contribution_margin"))
            for r in store.versions("Team Süd")] == [(1, "Anna", "Marge zählt", 9.5), (2, "Anna", "", 2.0)]

    # the list shows the versions; applying version 1 puts its settings into the sidebar
    assert at.selectbox(key="kw_scn_pick").options == ["Team Süd"]
    assert [o.split(":")[0] for o in at.selectbox(key="kw_lib_version").options] == ["Version 2", "Version 1"]
    assert at.selectbox(key="kw_lib_version").value == 2
    at.selectbox(key="kw_lib_version").set_value(1).run()
    at.button(key="kw_scn_apply").click().run()
    ok(at)
    assert at.slider(key="kw_w_contribution_margin").value == 9.5
    # restore version 1 as the newest: version 3, nothing overwritten
    at.button(key="kw_lib_restore_version").click().run()
    ok(at)
    assert "Version 1 von „Team Süd“ als Version 3 gespeichert." in messages(at)
    assert [(r.version, r.note) for r in store.versions("Team Süd")][-1] == (3, "Wiederhergestellt aus Version 1")
    assert at.selectbox(key="kw_lib_version").value == 3

    # archive: gone from the list, in the archive view, and back
    at.button(key="kw_lib_archive").click().run()
    ok(at)
    assert "archiviert" in messages(at) and store.get("Team Süd").archived
    assert not [s for s in at.selectbox if s.key == "kw_scn_pick"]
    at.toggle(key="kw_lib_show_archived").set_value(True).run()
    assert [s.label for s in at.selectbox if s.key == "kw_scn_pick"] == ["Archivierte Szenarien"]
    at.button(key="kw_lib_unarchive").click().run()
    ok(at)
    assert "wieder in der Bibliothek" in messages(at) and not store.get("Team Süd").archived
    at.toggle(key="kw_lib_show_archived").set_value(False).run()
    assert at.selectbox(key="kw_scn_pick").value == f"lib:{store.get('Team Süd').id}"
    store.close()


def test_a_colleague_in_another_session_sees_the_scenario_and_adds_a_version(library_url):
    first = with_sample(page())
    first.text_input(key="kw_lib_author").set_value("Anna").run()
    save_to_library(first, "Gemeinsam")
    second = with_sample(page())
    assert "Gemeinsam" in second.selectbox(key="kw_scn_pick").options
    second.text_input(key="kw_lib_author").set_value("Bernd").run()
    second.slider(key="kw_w_referral").set_value(10.0).run()
    save_to_library(second, "Gemeinsam", "Empfehlung wichtiger")
    store = SqlStore(library_url)
    assert [(r.version, r.author) for r in store.versions("Gemeinsam")] == [(1, "Anna"), (2, "Bernd")]
    store.close()


def test_an_unreachable_database_means_session_only_with_one_notice(monkeypatch):
    monkeypatch.setenv("KUNDENWERT_DB", f"postgresql://kw:geheim@127.0.0.1:{pg._free_port()}/kundenwert")
    at = with_sample(page())
    notices = [c.value for c in at.sidebar.caption if "nur in dieser Sitzung" in c.value]
    assert len(notices) == 1 and "nicht erreichbar" in notices[0] and "geheim" not in notices[0]
    assert not [t for t in at.text_input if t.key in ("kw_lib_author", "kw_lib_note")]   # no author, no note
    at.text_input(key="kw_scn_name").set_value("Nur hier")
    at.button(key="kw_scn_save").click().run()
    ok(at)
    assert "als „Nur hier“ gespeichert (nur in dieser Sitzung)" in messages(at)
    assert at.selectbox(key="kw_scn_pick").options == ["Nur hier · nur diese Sitzung"]


def comparison_with_library_versions(complaint_weights: tuple[float, ...]):
    """The comparison page on the sample, with one library version of "Beschwerden" per weight given for
    the complaint rate (by Anna), the sliders back at 5 afterwards."""
    from tests.test_app_compare import COMPARE

    at = with_sample(page(COMPARE))
    at.text_input(key="kw_lib_author").set_value("Anna").run()
    for w in complaint_weights:
        at.slider(key="kw_w_complaint_rate").set_value(w).run()
        save_to_library(at, "Beschwerden")
    at.slider(key="kw_w_complaint_rate").set_value(5.0).run()
    return at


def test_library_versions_can_be_compared(library_url, sample_list):
    from kundenwert.compare import compare
    from kundenwert.fmt import fmt_num
    from kundenwert.scenario import PRESETS
    from tests.test_app_compare import metric

    at = comparison_with_library_versions((10.0, 0.0))
    options = at.selectbox(key="kw_cmp_b").options
    assert "Beschwerden · Version 2 (Bibliothek)" in options and "Beschwerden · Version 1 (Bibliothek)" in options
    at.selectbox(key="kw_cmp_b").set_value("lib:1:1").run()
    ok(at)
    store = SqlStore(library_url)
    assert at.selectbox(key="kw_cmp_a").value == "current"          # all weights 5 again: "Ausgewogen"
    expected = compare(sample_list, PRESETS["balanced"], store.get("Beschwerden", 1).scenario)
    store.close()
    assert metric(at, "Kunden mit anderer Klasse") == fmt_num(expected.changed_class, 0)


def test_a_comparison_link_to_a_library_version_opens_that_version_in_a_fresh_session(library_url, sample_list):
    from tests.test_app_compare import COMPARE

    at = comparison_with_library_versions((10.0,))
    at.selectbox(key="kw_cmp_b").set_value("lib:1:1").run()
    ok(at)
    qp = dict(at.query_params)
    assert qp["b"] == "lib:1:1"
    table = at.table[0].value

    other = page(COMPARE)                       # another browser: same server, same library, no session state
    other.query_params.update(qp)               # the link is read at the session's first run
    other = with_sample(other)
    assert other.selectbox(key="kw_cmp_b").value == "lib:1:1" and not other.warning
    assert other.table[0].value.equals(table)


def test_a_slider_move_outside_the_comparison_does_not_ask_the_library(library_url, monkeypatch):
    """Every rerun writes the URL (with the comparison pair); listing the team library there would be a
    database query per slider move on every page."""
    from kundenwert.ui import library

    at = with_sample(page())
    calls = []
    real = library.choices
    monkeypatch.setattr(library, "choices", lambda: calls.append(1) or real())
    at.slider(key="kw_w_complaint_rate").set_value(8.0).run()
    ok(at)
    assert calls == []
