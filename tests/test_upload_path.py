"""The upload path after the parse (issue 12): the table an upload was read into is used once, for the
list and for the column editor; nothing is read or recognised a second time."""

from __future__ import annotations

from tests.files import generated_xlsx


def test_an_upload_reads_and_recognises_its_table_once_for_list_and_column_editor(app_upload, monkeypatch):
    """The data page's column editor takes the inspection kept by the build (was: it unpacked the cached
    table a second time and recognised its columns again; 0.15 s at 100,000 rows)."""
    from kundenwert.ui import inspection, state

    calls: list[str] = []
    recognise, unpickle = state.recognise_columns, state.unpickle_table
    monkeypatch.setattr(state, "recognise_columns", lambda raw: calls.append("recognise") or recognise(raw))
    monkeypatch.setattr(state, "unpickle_table", lambda blob: calls.append("unpickle") or unpickle(blob))
    inspection.clear()
    at = app_upload()
    at.run()
    at.upload("liste.xlsx", generated_xlsx(n=40, seed=11))
    assert not at.exception
    assert sorted(calls) == ["recognise", "unpickle"], calls
    assert any("K-" in e.value for e in at.get("text")), "the column editor shows no example ids"


def test_the_column_editor_reads_the_table_itself_when_no_build_kept_its_inspection(app_upload, monkeypatch):
    """A source whose inspection is gone (more than inspection.KEPT files since) is read again: same columns."""
    from kundenwert.ui import inspection, state

    at = app_upload()
    at.run()
    at.upload("liste.xlsx", generated_xlsx(n=40, seed=11))
    src = at.session_state[state.session.LIST].source
    kept = state.inspect(src)
    inspection.clear()
    again = state.inspect(src)
    assert again == kept
    assert again is not state.inspect(src)               # each caller its own copy: nobody edits the kept one


def test_the_warm_up_imports_the_scenario_librarys_database_layer():
    """SQLAlchemy (0.13 s to import) is loaded by the warm-up, not by the first page that shows the scenario
    manager after an upload. In a fresh interpreter: the app's modules alone do not import it."""
    import subprocess
    import sys

    code = ("import sys; from kundenwert.ui import warm, state, data_page; "
            "assert 'sqlalchemy' not in sys.modules, 'imported before the warm-up'; "
            "warm.warm(); assert {'sqlalchemy', 'sqlalchemy.dialects.sqlite', 'sqlite3'} <= set(sys.modules), 'not warmed'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
