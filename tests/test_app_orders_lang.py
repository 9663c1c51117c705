"""Order history in English (issue 10): the Start page's order panel, the Auftragsanalyse page, the Methode page
and the order figures on Kundenprofil show English words and English numbers with `lang=en`; an order upload's
error follows the UI language, also when the language changes after the upload."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from kundenwert.dataset import build
from kundenwert.fmt import fmt_eur, fmt_num
from kundenwert.ingest import read_path
from kundenwert.matrix import STUDY_RATES
from kundenwert.orders import analyse, key_accounts
from kundenwert.orders_read import read_orders
from kundenwert.ui.session import key as session_key
from tests.session_kit import CARRIED, ok
from tests.test_app_orders import ORDERS, ROOT, SAMPLE, TIMEOUT, _start_with_uploads, metrics


@pytest.fixture(scope="module")
def engine():
    cl = build(read_path(str(SAMPLE), in_process=True))
    lines = read_orders(read_path(str(ORDERS), in_process=True))
    return cl, lines, analyse(lines, cl)


def _start(lang: str) -> AppTest:
    at = AppTest.from_function(_start_with_uploads, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    return ok(at.run())


def _uploaded(lang: str) -> AppTest:
    at = _start(lang)
    at.session_state["test_upload"] = ("kundenliste_beispiel.xlsx", SAMPLE.read_bytes())
    ok(at.run())
    at.session_state["test_orders_upload"] = ("auftraege.xlsx", ORDERS.read_bytes())
    return ok(at.run())


@pytest.fixture(scope="module")
def english():
    return _uploaded("en")


def _page(src: AppTest, page: str, lang: str = "en") -> AppTest:
    dst = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT)
    dst.query_params["lang"] = lang
    for key in list(src.session_state.keys()):
        if key.startswith(session_key("orders_")) or key in CARRIED:
            dst.session_state[key] = src.session_state[key]
    return ok(dst.run())


def test_order_panel_in_english_counts_with_english_numbers(english, engine):
    cl, lines, a = engine
    shown = metrics(english)
    unknown = int(a.unknown["lines"].sum())
    assert shown["Order lines read"] == fmt_num(lines.rows_read, 0, "en") == "11,585"
    assert shown["Assigned to customers"] == fmt_num(len(lines.lines) - unknown, 0, "en")
    assert shown["Rejected"] == "0" and shown["Skipped"] == "0"
    captions = [c.value for c in english.caption]
    assert f"11,585 rows = {fmt_num(len(lines.lines) - unknown, 0, 'en')} assigned + {unknown} unknown customers + " \
           "0 rejected + 0 skipped." in captions
    assert any("customer numbers from the order list are not in the customer list" in w.value
               for w in english.warning)
    assert any(m.value.startswith("**Retention rate from the orders: 91%** –") for m in english.markdown)
    radio = english.radio(key="kw_orders_w_choice_purchase_history")
    assert radio.label == "Purchase history: which rating counts?"
    assert radio.options == ["the list's own rating", "derived from the orders", "from the orders where the list has none"]
    table = next(d.value for d in english.dataframe if "Revenue (orders)" in d.value.columns)
    first = a.customers.index[0]
    row = table.loc[table["Customer id"] == first].iloc[0]
    assert row["Revenue (orders)"] == fmt_eur(a.customers.loc[first, "revenue"], 0, "en")
    assert row["Revenue (orders)"].startswith("€")
    assert row["Purchase history (derived)"] == fmt_num(a.derived.loc[first, "purchase_history"], 1, "en")
    assert "Orders: “auftraege\\.xlsx” – 11,585 rows used." in [s.value for s in english.success]


def test_orders_page_in_english(english, engine):
    cl, lines, a = engine
    page = _page(english, "pages/9_Auftragsanalyse.py")
    assert [h.value for h in page.subheader] == ["Revenue per order by group", "Key accounts by share of revenue",
                                                 "Lapsed customers"]
    groups = next(d.value for d in page.dataframe if "Revenue per order" in d.value.columns)
    assert {"Class A", "Class B", "Class C", "New customers", "Existing customers"} <= set(groups["Group"])
    assert all(v.startswith("€") for v in groups["Revenue per order"])
    keys = key_accounts(a.customers, 0.5)
    assert any(m.value.startswith(f"**{len(keys)} customers** hold ") for m in page.markdown)
    shares = next(d.value for d in page.dataframe if "Cumulative" in d.value.columns)
    assert shares["Share"].iloc[0].endswith("%") and " " not in shares["Share"].iloc[0]
    assert page.slider(key="kw_orders_w_xyz").label.startswith("XYZ limits (coefficient of variation)")
    figure = json.dumps(json.loads(page.get("plotly_chart")[0].proto.spec), ensure_ascii=False)
    assert "ABC × XYZ: customers and revenue per cell" in figure and "Kunden" not in figure


def test_method_page_in_english(english, engine):
    cl, lines, a = engine
    page = _page(english, "pages/6_Methode.py")
    criteria = page.table[0].value
    assert list(criteria.columns) == ["Criterion", "The question behind it", "Direction", "Weight now", "In the list"]
    price = criteria.loc[criteria["Criterion"] == "Price sensitivity"].iloc[0]
    assert price["Direction"] == "high = bad → counts as 10 − value" and price["Weight now"] == "5.0"
    example = next(t.value for t in page.table if "w · r'" in t.value.columns)
    assert example.iloc[-1]["Criterion"] == "**Total**"
    study = next(t.value for t in page.table if "repurchase at the same dealer" in t.value.columns)
    assert list(study["repurchase at the same dealer"]) == [f"{round(r * 100)}%" for r in
                                                            (STUDY_RATES[(True, True)], STUDY_RATES[(False, True)],
                                                             STUDY_RATES[(True, False)], STUDY_RATES[(False, False)])]
    now = next(m.value for m in page.markdown if m.value.startswith("**Now:** period "))
    assert "250 customers with orders" in now and "Chosen: Purchase history: from the orders where" in now
    assert f"Median: {fmt_num(a.customers['days_since_last'].median(), 0, 'en')} days since the last order" in now
    assert [h.value for h in page.header][:3] == ["1. The twelve criteria", "2. From points to the score",
                                                  "3. Worked example with the current weights"]


def test_profile_order_figures_in_english(english, engine):
    page = _page(english, "pages/3_Kundenprofil.py")
    frames = [d.value for d in page.dataframe]
    figures = next(f for f in frames if "Days since last order" in f.iloc[:, 0].tolist())
    assert list(figures.columns) == ["Figure", "Value", "Rating 0–10"]
    assert figures.iloc[2, 1].startswith("€")


def test_order_upload_error_follows_the_ui_language(md_unescape):
    at = _start("en")
    at.session_state["test_upload"] = ("kundenliste_beispiel.xlsx", SAMPLE.read_bytes())
    ok(at.run())
    at.session_state["test_orders_upload"] = ("falsch.xlsx", SAMPLE.read_bytes())
    ok(at.run())
    shown = [md_unescape(e.value) for e in at.error if "order list" in e.value]
    assert shown[0].startswith("“falsch.xlsx” is not an order list: no column recognised for “Date” (header row 3: ")
    at.query_params["lang"] = "de"
    ok(at.run())
    assert any("keine Auftragsliste" in e.value for e in at.error)
    assert not any("order list" in e.value for e in at.error)


def test_messy_order_file_in_english_lists_every_row_in_english(md_unescape):
    from tests.files import simple_rows, xlsx_bytes
    from tests.order_files import messy_orders_xlsx
    from tests.test_i18n_orders import german_words

    at = _start("en")
    at.session_state["test_upload"] = ("liste.xlsx", xlsx_bytes(simple_rows(6)))
    ok(at.run())
    at.session_state["test_orders_upload"] = ("orders.xlsx", messy_orders_xlsx())
    ok(at.run())
    shown = metrics(at)
    assert (shown["Order lines read"], shown["Rejected"], shown["Skipped"], shown["Unknown customer no."]) == \
        ("32", "6", "2", "1")
    rejected = next(d.value for d in at.dataframe if "Reason" in d.value.columns)
    assert list(rejected.columns) == ["Row", "Column", "Reason"]
    assert rejected["Reason"].tolist()[:3] == ["column B: no customer number", "column C: no date",
                                               "column C: “gestern” is not a date"]
    errors = [md_unescape(e.value) for e in at.error]
    assert "Row 7 not used: column B: no customer number" in errors
    # the panel's own messages (the sidebar's and the link notice's words are other modules' business)
    panel = [*errors, *(md_unescape(w.value) for w in at.warning if "order" in w.value), *rejected["Reason"]]
    assert len(panel) >= 6 + 2 + 6
    assert german_words(" | ".join(panel)) == []


def test_lapsed_customers_in_english():
    import datetime as dt

    from tests.files import simple_rows, xlsx_bytes
    from tests.order_files import order_xlsx

    rows = [[f"A{i}", f"K{i % 5 + 2:03d}", dt.datetime(2025, 1 + i % 12, 1), 100.0 + i, 10.0, 1] for i in range(20)]
    rows.append(["A99", "K001", dt.datetime(2024, 3, 1), 1234.0, 100.0, 1])      # bought before the period only
    at = _start("en")
    at.session_state["test_upload"] = ("liste.xlsx", xlsx_bytes(simple_rows(6)))
    ok(at.run())
    at.session_state["test_orders_upload"] = ("orders.xlsx", order_xlsx(rows))
    ok(at.run())
    page = _page(at, "pages/9_Auftragsanalyse.py")
    assert any(m.value == "**1 customer** bought before the period, but not in it." for m in page.markdown)
    gone = next(d.value for d in page.dataframe if "Last order" in d.value.columns)
    assert gone.iloc[0].tolist() == ["K001", "Kunde 1", "Mar 1, 2024", fmt_num(
        (dt.date(2025, 12, 1) - dt.date(2024, 3, 1)).days, 0, "en"), "€1,234"]
    german = _page(at, "pages/9_Auftragsanalyse.py", "de")
    assert any(m.value == "**1 Kunde** hat vor dem Zeitraum gekauft, im Zeitraum nicht mehr." for m in german.markdown)
    assert next(d.value for d in german.dataframe if "letzter Auftrag" in d.value.columns).iloc[0, 2] == "01.03.2024"
