"""App tests of order history: both uploads on Start / Daten, the choice per criterion reaching the ranking,
the Auftragsanalyse page (ABC × XYZ), Methode and Kundenprofil showing the figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kundenwert.dataset import build
from kundenwert.fmt import fmt_num
from kundenwert.ingest import read_path
from kundenwert.orders import analyse, enrich
from kundenwert.orders_read import read_orders
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from kundenwert.ui.session import key as session_key
from tests.order_files import order_xlsx
from tests.session_kit import CARRIED, ok, view_of

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "kundenliste_beispiel.xlsx"
ORDERS = ROOT / "sample_data" / "auftraege_beispiel.xlsx"
TIMEOUT = 90


def _start_with_uploads():
    """Start page harness: `test_upload` / `test_orders_upload` = (name, bytes) go to the same functions the
    uploaders' callbacks call (AppTest cannot upload files), then the real Start page renders."""
    import streamlit as st

    from kundenwert.ui import data_page, orders_panel

    class FakeUpload:
        def __init__(self, name: str, data: bytes):
            self.name, self._data = name, data

        def getvalue(self) -> bytes:
            return self._data

    upload = st.session_state.pop("test_upload", None)
    if upload is not None:
        data_page.handle_upload(FakeUpload(*upload))
    orders = st.session_state.pop("test_orders_upload", None)
    if orders is not None:
        orders_panel.load_order_bytes(orders[1], orders[0])
    data_page.render()


@pytest.fixture(scope="module")
def engine():
    cl = build(read_path(str(SAMPLE), in_process=True))
    lines = read_orders(read_path(str(ORDERS), in_process=True))
    return cl, lines


def start() -> AppTest:
    return ok(AppTest.from_function(_start_with_uploads, default_timeout=TIMEOUT).run())


def both_uploaded() -> AppTest:
    at = start()
    at.session_state["test_upload"] = ("kundenliste_beispiel.xlsx", SAMPLE.read_bytes())
    ok(at.run())
    at.session_state["test_orders_upload"] = ("auftraege.xlsx", ORDERS.read_bytes())
    return ok(at.run())


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def carry(src: AppTest, page: str) -> AppTest:
    dst = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT)
    for key in list(src.session_state.keys()):
        if key.startswith(session_key("orders_")) or key in CARRIED:
            dst.session_state[key] = src.session_state[key]
    return ok(dst.run())


def test_both_uploads_account_for_every_order_line(engine):
    at = both_uploaded()
    cl, lines = engine
    a = analyse(lines, cl)
    shown = metrics(at)
    unknown = int(a.unknown["lines"].sum())
    assert shown["Auftragszeilen gelesen"] == fmt_num(lines.rows_read, 0)
    assert shown["unbekannte Kunden-Nr."] == fmt_num(unknown, 0)
    assert shown["Kunden zugeordnet"] == fmt_num(len(lines.lines) - unknown, 0)
    assert shown["abgelehnt"] == "0"
    assert any("nicht in der Kundenliste" in w.value for w in at.warning)
    assert any("Bindungsrate aus den Aufträgen: 91 %" in m.value for m in at.markdown)


def test_choosing_derived_ratings_changes_the_ranking_as_the_engine_says(engine):
    at = both_uploaded()
    cl, lines = engine
    for key in ("purchase_history", "contribution_margin"):
        at.radio(key=f"kw_orders_w_choice_{key}").set_value("derived")
        ok(at.run())
    expected = score(enrich(cl, analyse(lines, cl), {"purchase_history": "derived",
                                                      "contribution_margin": "derived"}), Scenario())
    own = score(cl, Scenario())
    ranking = carry(at, "pages/1_Gewichtung_und_Ranking.py")
    shown = ranking.dataframe[0].value["Kunden-Nr."].tolist()
    assert shown[:20] == expected.ranking()["id"].tolist()[:20]
    assert shown[:20] != own.ranking()["id"].tolist()[:20]
    at.radio(key="kw_orders_w_choice_purchase_history").set_value("own")
    at.radio(key="kw_orders_w_choice_contribution_margin").set_value("own")
    ok(at.run())
    back = carry(at, "pages/1_Gewichtung_und_Ranking.py")
    assert back.dataframe[0].value["Kunden-Nr."].tolist()[:20] == own.ranking()["id"].tolist()[:20]


def test_orders_page_shows_abc_xyz_and_lists(engine):
    from kundenwert.fmt import fmt_eur
    from kundenwert.orders import key_accounts, revenue_per_order_by_group

    at = both_uploaded()
    page = carry(at, "pages/9_Auftragsanalyse.py")
    assert page.get("plotly_chart"), "the ABC × XYZ chart"
    cl, lines = engine
    a = analyse(lines, cl)
    result = score(enrich(cl, a), Scenario())
    klass = result.frame.set_index(result.frame["id"].astype(str))["class"].reindex(a.customers.index)
    groups = revenue_per_order_by_group(a.customers, klass.map(lambda c: f"Klasse {c}" if c else None))
    table = next(d.value for d in page.dataframe if "Umsatz je Auftrag" in d.value.columns)
    shown = dict(zip(table["Gruppe"], table["Umsatz je Auftrag"], strict=True))
    for g, v in zip(groups["group"], groups["revenue_per_order"], strict=True):
        assert shown[g] == fmt_eur(v, 0)
    assert {"Neukunden", "Bestandskunden"} <= set(shown)
    keys = key_accounts(a.customers, 0.5)
    assert any(f"{len(keys)} Kunden** halten" in m.value for m in page.markdown)
    shown_keys = next(d.value for d in page.dataframe if "kumuliert" in d.value.columns)
    names = dict(zip(cl.customers["id"].astype(str), cl.customers["name"], strict=True))
    assert shown_keys["Kunden-Nr."].tolist() == keys["id"].tolist()
    assert shown_keys["Kunde"].tolist() == [names[i] for i in keys["id"]]       # a person reads names, not numbers


def test_orders_page_without_orders_says_what_to_do():
    page = ok(AppTest.from_file(str(ROOT / "pages/9_Auftragsanalyse.py"), default_timeout=TIMEOUT).run())
    assert any("Auftragsliste" in i.value for i in page.info)


def test_method_and_profile_show_the_figures_behind_the_ratings():
    at = both_uploaded()
    method = carry(at, "pages/6_Methode.py")
    assert any("Aktuell:" in m.value and "Kunden mit Auftrag" in m.value for m in method.markdown)
    profile = carry(at, "pages/3_Kundenprofil.py")
    frames = [d.value for d in profile.dataframe]
    assert any("Tage seit letztem Auftrag" in f.iloc[:, 0].tolist() for f in frames)


def test_a_broken_order_file_is_a_message_and_the_list_stays():
    at = both_uploaded()
    at.session_state["test_orders_upload"] = ("kaputt.xlsx", b"PK\x03\x04 kaputt")
    ok(at.run())
    assert at.error and "Traceback" not in at.error[0].value
    no_orders = order_xlsx([["A1", "K-1", None, 1, 1, 1]], ["Nr", "Kunde", "Bemerkung", "Wert x", "y", "z"])
    at.session_state["test_orders_upload"] = ("falsch.xlsx", no_orders)
    ok(at.run())
    assert any("keine Auftragsliste" in e.value for e in at.error)
    assert metrics(at)["Auftragszeilen gelesen"]          # the earlier orders stay loaded


def test_sample_orders_button():
    at = start()
    at.session_state["test_upload"] = ("kundenliste_beispiel.xlsx", SAMPLE.read_bytes())
    ok(at.run())
    at.button(key="kw_orders_sample_btn").click()
    ok(at.run())
    assert any("Beispielaufträge" in s.value for s in at.success)


def test_figures_table_and_retention_can_be_adopted_for_clv(engine):
    at = both_uploaded()
    cl, lines = engine
    a = analyse(lines, cl)
    table = next(d.value for d in at.dataframe if "Umsatz (Aufträge)" in d.value.columns)
    assert len(table) == len(cl.customers)
    assert table["Umsatz (Liste)"].tolist() == table["Umsatz (Aufträge)"].tolist()   # the sample is consistent
    at.button(key="kw_orders_adopt_retention").click()
    ok(at.run())
    assert view_of(at).retention == round(a.retention.rate, 2) != 0.8
