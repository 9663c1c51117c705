"""One scenario flow: save goes to the team library when it works (else to the session, one notice), and
library and session-only scenarios are one list in the manager."""

from __future__ import annotations

import re
from dataclasses import replace

from kundenwert.scenario import PRESETS
from kundenwert.store import SqlStore
from kundenwert.ui import urlstate
from tests.session_kit import ok, saved_of
from tests.test_app_scenarios import active_caption, messages, page, save_as, with_sample


def plain(at) -> str:
    return re.sub(r"\\(.)", r"\1", messages(at))


def linked(name: str):
    """The ranking page opened with a link that names a scenario (it becomes a session-only scenario)."""
    at = page()
    params = urlstate.encode(replace(PRESETS["risk"], name=name), name)
    at.query_params.update({k: v[0] for k, v in params.items()})
    return with_sample(at)


def test_save_goes_to_the_library_and_the_list_marks_session_only_ones(library_url):
    at = linked("Vom Link")
    assert not [c for c in at.sidebar.caption if "nur in dieser Sitzung" in c.value]   # no fallback notice
    assert at.selectbox(key="kw_scn_pick").options == ["Vom Link · nur diese Sitzung"]
    at.slider(key="kw_w_referral").set_value(9.0).run()
    save_as(at, "Empfehlung", author="Anna")
    assert "„Empfehlung“ als Version 1 in der Bibliothek gespeichert." in plain(at)
    assert list(saved_of(at)) == ["Vom Link"]                       # the save did not go to the session
    assert "Empfehlung" in active_caption(at)
    pick = at.selectbox(key="kw_scn_pick")
    assert pick.options == ["Empfehlung", "Vom Link · nur diese Sitzung"] and pick.value == "lib:1"
    store = SqlStore(library_url)
    assert [(r.author, r.scenario.weight("referral")) for r in store.versions("Empfehlung")] == [("Anna", 9.0)]
    # the session-only one: apply it, then put it into the library (it leaves the session list)
    at.selectbox(key="kw_scn_pick").set_value("saved:Vom Link").run()
    at.button(key="kw_scn_apply").click().run()
    assert at.slider(key="kw_w_referral").value == PRESETS["risk"].weight("referral")
    at.button(key="kw_scn_to_library").click().run()
    ok(at)
    assert "„Vom Link“ als Version 1 in der Bibliothek gespeichert." in plain(at)
    assert saved_of(at) == {} and store.get("Vom Link").author == "Anna"
    assert at.selectbox(key="kw_scn_pick").options == ["Empfehlung", "Vom Link"]
    assert "Vom Link" in active_caption(at)
    store.close()


def test_a_saved_name_is_a_new_version_not_a_refusal_in_the_library(library_url):
    at = with_sample(page())
    save_as(at, "Plan", author="Anna")
    at.slider(key="kw_w_image").set_value(0.0).run()
    save_as(at, " Plan ", author="Bernd")
    assert "als Version 2" in plain(at)
    save_as(at, "Ausgewogen", author="Bernd")
    assert "reserviert" in plain(at)
    save_as(at, "", author="Bernd")
    assert "Namen eingeben" in plain(at)
    store = SqlStore(library_url)
    assert [(r.version, r.author) for r in store.versions("Plan")] == [(1, "Anna"), (2, "Bernd")]
    assert [r.name for r in store.list()] == ["Plan"]
    store.close()


def test_without_the_database_the_same_button_saves_to_the_session(session_only):
    at = with_sample(page())
    notices = [c.value for c in at.sidebar.caption if "nur in dieser Sitzung" in c.value]
    assert len(notices) == 1
    save_as(at, "Nur hier")
    assert list(saved_of(at)) == ["Nur hier"] and "nur in dieser Sitzung" in plain(at)
    assert not [t for t in at.toggle if t.key == "kw_lib_show_archived"]
    assert not [b for b in at.button if b.key == "kw_scn_to_library"]


def test_the_sidebar_names_a_library_scenario_this_session_saved_or_applied_only(library_url):
    first = with_sample(page())
    first.slider(key="kw_w_image").set_value(10.0).run()
    save_as(first, "Bild", author="Anna")
    assert "Bild" in active_caption(first)
    colleague = with_sample(page())
    colleague.slider(key="kw_w_image").set_value(10.0).run()      # the same settings by chance
    assert "Eigene Gewichtung" in active_caption(colleague)
    colleague.button(key="kw_scn_apply").click().run()              # applying it names it
    ok(colleague)
    assert "Bild" in active_caption(colleague)
