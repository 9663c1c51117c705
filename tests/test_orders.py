"""Order history: reading order lists (row accounting), figures per customer, derived ratings, the list's
choice per criterion, classifications, XYZ, retention; unit and property tests."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundenwert.dataset import build
from kundenwert.errors import InputFileError
from kundenwert.ingest import load_raw
from kundenwert.orders import (
    analyse,
    enrich,
    key_accounts,
    lapsed,
    merged_ratings,
    revenue_per_order_by_group,
)
from kundenwert.orders_figures import (
    Period,
    customer_figures,
    derive_ratings,
    estimate_retention,
    for_customers,
)
from kundenwert.orders_read import load_orders, parse_dates, read_orders, recognise_order_header
from kundenwert.xyz import abc_xyz_grid, xyz_classes
from tests.files import raw_table, simple_rows
from tests.order_files import day, german_csv, lines_frame, order_xlsx


def read(data: bytes, name: str = "auftraege.xlsx"):
    return read_orders(load_raw(data, name, in_process=True))


# ------------------------------------------------------------------------------------ headers

@pytest.mark.parametrize(("header", "key"), [
    ("Kunden-Nr.", "customer"), ("Kd.-Nr.", "customer"), ("Debitor", "customer"), ("Customer ID", "customer"),
    ("Customer No.", "customer"), ("Datum", "date"), ("Rechnungsdatum", "date"), ("Auftragsdatum", "date"),
    ("Order date", "date"), ("Invoice Date", "date"), ("Umsatz netto (€)", "revenue"), ("Nettoumsatz", "revenue"),
    ("Rechnungsbetrag netto", "revenue"), ("Net revenue", "revenue"), ("Amount", "revenue"), ("Umsatz", "revenue"),
    ("DB (€)", "margin"), ("Deckungsbeitrag", "margin"), ("Rohertrag EUR", "margin"), ("Margin", "margin"),
    ("Gross profit", "margin"), ("Auftrags-Nr.", "order_no"), ("Rechnungsnummer", "order_no"),
    ("Order No", "order_no"), ("Invoice number", "order_no"), ("Menge", "quantity"), ("Qty", "quantity"),
    ("Kunde", "name"), ("Bemerkung", None),
])
def test_order_headers_are_recognised_in_german_and_english(header, key):
    assert recognise_order_header(header) == key


def test_english_file_reads_like_a_german_one():
    rows = [["O-1", "C1", day(2025, 3, 1), 100.5, 20], ["O-2", "C2", day(2025, 4, 1), 50, 10]]
    lines = read(order_xlsx(rows, ["Order No", "Customer ID", "Order date", "Net revenue", "Margin"]))
    assert lines.lines["revenue"].tolist() == [100.5, 50.0]
    assert set(lines.columns) == {"order_no", "customer", "date", "revenue", "margin"}


def test_a_file_without_the_required_columns_is_refused_naming_them():
    with pytest.raises(InputFileError) as exc:
        read(order_xlsx([["K-1", 100]], ["Kunden-Nr.", "Umsatz"]))
    text = str(exc.value)
    assert "„Datum“" in text and "Kopfzeile 1" in text and "\n" not in text


# ------------------------------------------------------------------------------------ row accounting

MESSY = [
    ["A1", "K-1", day(2025, 1, 5), 1000, 300, 2],
    ["A2", "K-1", "07.03.2025", "1.200,50", 400, 1],
    ["A3", "K-2", dt.date(2025, 3, 1), 500, None, 1],
    ["G1", "K-1", dt.date(2025, 3, 2), -200, -60, None],
    [None, None, None, None, None, None],
    ["A4", "K-9", dt.date(2024, 3, 1), 100, 20, "x"],
    ["A5", "", "01.01.2025", 100, 1, 1],
    ["A6", "K-3", "31.02.2025", 100, 1, 1],
    ["A7", "K-3", "2025-02-03", "abc", 1, 1],
    ["A8", "K-3", None, 10, 1, 1],
    ["Summe", None, None, 2000, 600, None],
]


def test_every_order_line_is_used_rejected_or_skipped_and_the_count_adds_up():
    lines = read(order_xlsx(MESSY, title="Export aus dem ERP"))
    acc = lines.accounting()
    assert acc == {"rows_read": 11, "used": 5, "rejected": 4, "skipped": 2}
    assert acc["used"] + acc["rejected"] + acc["skipped"] == acc["rows_read"]
    assert lines.rejected[["row", "column"]].values.tolist() == [[10, "B"], [11, "C"], [12, "D"], [13, "C"]]
    assert "„31.02.2025“ ist kein Datum" in lines.rejected["reason"][1]
    assert "„abc“ ist keine Zahl" in lines.rejected["reason"][2]
    assert lines.skipped["row"].tolist() == [8, 14]
    messages = " ".join(lines.issues["message"])
    assert "Zeile 10 nicht verwendet: Spalte B: keine Kunden-Nr." in messages
    assert "F9 „Menge“: „x“ ist keine Zahl" in messages        # a bad quantity: noted, the line stays
    assert "1 Auftragszeile ohne Deckungsbeitrag (Zeile 6)" in messages
    assert "1 Gutschrift (negativer Umsatz, zusammen 200 €)" in messages
    assert lines.lines.loc[1, "revenue"] == 1200.5            # German number text


def test_many_rejected_rows_are_summed_up_per_column():
    rows = [[f"A{i}", f"K-{i}", "kein Datum", 10, 1, 1] for i in range(30)]
    lines = read(order_xlsx(rows))
    assert len(lines.rejected) == 30
    summary = lines.issues[lines.issues["code"] == "rows_rejected_column"]
    assert len(summary) == 1 and "30 Zeilen nicht verwendet" in summary["message"].iloc[0]


def test_german_csv_export_with_decimal_comma_and_text_dates():
    data = german_csv([["1", "K-1", "15.03.2025", "1.234,56", "300,10", "3"],
                       ["2", "K-2", "2025-03-16", "99,90", "", "1"]])
    lines = read(data, "auftraege.csv")
    assert lines.lines["revenue"].tolist() == [1234.56, 99.9]
    assert lines.lines["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-15", "2025-03-16"]


def test_dates_in_the_usual_shapes_and_excel_numbers():
    cells = [dt.datetime(2025, 3, 15, 10, 30), dt.date(2025, 3, 15), "15.03.2025", "15.03.25", "2025-03-15",
             "20250315", 45731.0, 20250315.0, "15/03/2025", "", "morgen", "01.01.1800"]
    values, missing, errors = parse_dates(cells)
    iso = [None if pd.isna(v) else pd.Timestamp(v).date().isoformat() for v in values]
    assert iso[:9] == ["2025-03-15"] * 9
    assert missing.tolist()[9] and not missing[10]
    assert errors[10][0] == "not_a_date" and errors[11][0] == "date_implausible"


# ------------------------------------------------------------------------------------ hostile files

@pytest.mark.parametrize("builder", ["billion_laughs_xlsx", "external_entity_xlsx", "truncated_xlsx", "pdf",
                                     "encrypted_xlsx", "random_bytes"])
def test_hostile_order_files_go_through_the_same_safety_checks(builder):
    from tests import hostile_files as H

    with pytest.raises(InputFileError) as exc:
        load_orders(getattr(H, builder)(), "auftraege.xlsx")
    assert "\n" not in str(exc.value) and "Traceback" not in str(exc.value)


def test_zip_bomb_order_file_is_refused_in_the_worker():
    from tests import hostile_files as H

    with pytest.raises(InputFileError):
        load_orders(H.zip_bomb_xlsx(200), "auftraege.xlsx")


# ------------------------------------------------------------------------------------ figures

END = pd.Timestamp("2025-12-31")
PERIOD = Period(END, 12)


def test_credit_notes_net_off_and_are_not_orders():
    f = customer_figures(lines_frame(["K1", "K1", "K1"], ["2025-05-01", "2025-06-01", "2025-06-10"],
                                     [1000, 500, -300], [200, 100, -60], ["A1", "A2", "G1"]), PERIOD)
    assert f.loc["K1", "revenue"] == 1200 and f.loc["K1", "margin"] == 240
    assert f.loc["K1", "orders"] == 2 and f.loc["K1", "credit_notes"] == 1
    assert f.loc["K1", "revenue_per_order"] == 600


def test_orders_without_numbers_count_distinct_days():
    f = customer_figures(lines_frame(["K1"] * 3, ["2025-05-01", "2025-05-01", "2025-06-01"], [10, 20, 30]), PERIOD)
    assert f.loc["K1", "orders"] == 2


def test_period_trend_recency_first_order():
    f = customer_figures(lines_frame(["K1", "K1", "K1", "K1"], ["2023-02-01", "2024-06-01", "2025-06-01",
                                                                 "2026-01-05"], [50, 100, 150, 999]), PERIOD)
    row = f.loc["K1"]
    assert row["revenue"] == 150 and row["prev_revenue"] == 100 and row["trend"] == pytest.approx(0.5)
    assert row["days_since_last"] == (END - pd.Timestamp("2025-06-01")).days
    assert row["first_order"] == pd.Timestamp("2023-02-01") and row["ordered_before"]


def test_unknown_customers_are_listed_and_customers_without_orders_shown():
    cl = build(raw_table(simple_rows(3)))
    ids = cl.customers["id"].tolist()
    lines = read(order_xlsx([["A1", ids[0], day(2025, 3, 1), 100, 10, 1],
                             ["A2", "X-77", day(2025, 3, 2), 50, 5, 1],
                             ["A3", "X-77", day(2025, 3, 3), 70, 5, 1]]))
    a = analyse(lines, cl)
    assert a.unknown[["id", "lines", "revenue", "first_row"]].values.tolist() == [["X-77", 2, 120.0, 3]]
    assert a.without_orders == ids[1:]
    text = " ".join(a.notes["message"])
    assert "1 Kunden-Nr. aus der Auftragsliste steht nicht in der Kundenliste (X-77; 2 Zeilen)" in text
    assert "2 Kunden der Liste haben im Zeitraum keinen Auftrag" in text
    assert a.customers.loc[ids[1], "revenue"] == 0 and a.derived.loc[ids[1], "purchase_history"] == 0


# ------------------------------------------------------------------------------------ properties

customer_ids = st.sampled_from(["K1", "K2", "K3", "K4", "K5"])
line = st.tuples(customer_ids, st.integers(0, 800), st.integers(-50_000, 500_000), st.integers(-20_000, 100_000),
                 st.integers(0, 5))


def frame_of(items) -> pd.DataFrame:
    return lines_frame([c for c, *_ in items], [END - pd.Timedelta(days=a) for _, a, *_ in items],
                       [r / 100 for *_, r, _, _ in [(c, a, r, m, o) for c, a, r, m, o in items]],
                       [m / 100 for _, _, _, m, _ in items], [f"{c}-{o}" for c, _, _, _, o in items])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, min_size=1, max_size=40))
def test_sums_per_customer_equal_a_plain_groupby(items):
    frame = frame_of(items)
    f = customer_figures(frame, PERIOD)
    inside = frame[(frame["date"] > END - pd.Timedelta(days=365)) & (frame["date"] <= END)]
    expected = inside.groupby("customer")[["revenue", "margin"]].sum()
    for cid in f.index:
        rev = expected["revenue"].get(cid, 0.0)
        assert f.loc[cid, "revenue"] == pytest.approx(rev, abs=1e-6)
        if cid in expected.index:
            assert f.loc[cid, "margin"] == pytest.approx(expected.loc[cid, "margin"], abs=1e-6)
        positive = inside[(inside["customer"] == cid) & (inside["revenue"] > 0)]
        assert f.loc[cid, "orders"] == positive["order_no"].nunique()
    assert f["revenue"].sum() == pytest.approx(inside["revenue"].sum(), abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(st.lists(line, min_size=1, max_size=30), st.integers(-4000, 4000))
def test_shifting_all_dates_with_the_period_changes_nothing(items, shift):
    frame = frame_of(items)
    moved = frame.assign(date=frame["date"] + pd.Timedelta(days=shift))
    a = customer_figures(frame, PERIOD)
    b = customer_figures(moved, Period(END + pd.Timedelta(days=shift), 12))
    cols = ["revenue", "margin", "orders", "revenue_per_order", "days_since_last", "prev_revenue", "trend"]
    pd.testing.assert_frame_equal(a[cols], b[cols])
    pd.testing.assert_frame_equal(derive_ratings(a), derive_ratings(b))
    pd.testing.assert_frame_equal(xyz_classes(frame, PERIOD), xyz_classes(moved, Period(PERIOD.end +
                                                                                      pd.Timedelta(days=shift), 12)))


@settings(max_examples=60, deadline=None)
@given(st.lists(line, min_size=1, max_size=30), customer_ids, st.integers(0, 364), st.integers(1, 300_000))
def test_adding_an_order_raises_frequency_and_revenue_and_never_lowers_kaufhistorie(items, cid, age, cents):
    frame = frame_of(items)
    ids = ["K1", "K2", "K3", "K4", "K5"]
    before = for_customers(customer_figures(frame, PERIOD), ids)
    extra = lines_frame([cid], [END - pd.Timedelta(days=age)], [cents / 100], [0.0], ["NEW-ORDER"])
    after = for_customers(customer_figures(pd.concat([frame, extra], ignore_index=True), PERIOD), ids)
    assert after.loc[cid, "orders"] == before.loc[cid, "orders"] + 1
    assert after.loc[cid, "revenue"] == pytest.approx(before.loc[cid, "revenue"] + cents / 100)
    assert derive_ratings(after).loc[cid, "purchase_history"] >= derive_ratings(before).loc[cid, "purchase_history"]


@settings(max_examples=40, deadline=None)
@given(st.lists(line, min_size=1, max_size=30))
def test_a_customer_without_orders_in_the_period_gets_the_lowest_recency(items):
    ids = ["K1", "K2", "K3", "K4", "K5", "NONE"]
    figs = for_customers(customer_figures(frame_of(items), PERIOD), ids)
    d = derive_ratings(figs)
    idle = (figs["orders"] == 0).to_numpy()
    assert idle[-1]
    assert (d["recency"][idle] == 0).all() and (d["purchase_history"][idle] == 0).all()
    assert d["recency"].min() == d.loc["NONE", "recency"]
    if (~idle).any():
        assert (d["recency"][~idle] > 0).all() and d["recency"][~idle].max() == 10


def test_derived_ratings_are_percentile_ranks():
    figs = for_customers(customer_figures(lines_frame(
        ["A", "B", "B", "C", "C", "C"], ["2025-01-01", "2025-05-01", "2025-06-01", "2025-10-01", "2025-11-01",
                                         "2025-12-01"], [100, 200, 200, 50, 50, 50], [10, 30, 30, 40, 40, 40]),
        PERIOD), ["A", "B", "C", "D"])
    d = derive_ratings(figs)
    assert d["recency"].tolist() == pytest.approx([10 / 3, 20 / 3, 10, 0])
    assert d["frequency"].tolist() == pytest.approx([10 / 3, 20 / 3, 10, 0])
    assert d["revenue_score"].tolist() == pytest.approx([10 / 3, 10, 20 / 3, 0])
    assert d["purchase_history"].tolist() == pytest.approx([10 / 3, 70 / 9, 80 / 9, 0])
    assert d["contribution_margin"].tolist() == pytest.approx([10 / 3, 20 / 3, 10, 0])


# ------------------------------------------------------------------------------------ the list

def sample_pair():
    rows = simple_rows(4)
    cl = build(raw_table(rows))
    ids = cl.customers["id"].tolist()
    lines = read(order_xlsx([["A1", ids[0], day(2025, 3, 1), 900, 100, 1],
                             ["A2", ids[1], day(2025, 6, 1), 100, 50, 1],
                             ["A3", ids[1], day(2025, 7, 1), 100, 50, 1]]))
    return cl, analyse(lines, cl)


def test_choice_per_criterion_own_derived_fill():
    own = np.array([5.0, np.nan, 7.0])
    derived = np.array([1.0, 2.0, np.nan])
    assert merged_ratings(own, derived, "own").tolist()[0] == 5.0
    assert merged_ratings(own, derived, "derived").tolist() == [1.0, 2.0, 7.0]
    assert merged_ratings(own, derived, "fill").tolist() == [5.0, 2.0, 7.0]
    assert np.isnan(merged_ratings(None, derived, "own")).all()


def test_enrich_sets_ratings_and_fills_fields_beside():
    cl, a = sample_pair()
    j = cl.criteria.index("purchase_history")
    derived = enrich(cl, a, {"purchase_history": "derived", "contribution_margin": "own"})
    assert derived.ratings[:, j].tolist() == pytest.approx(a.derived["purchase_history"].tolist())
    assert (derived.ratings[:, cl.criteria.index("contribution_margin")] ==
            cl.ratings[:, cl.criteria.index("contribution_margin")]).all() if "contribution_margin" in cl.criteria \
        else "contribution_margin" not in derived.criteria
    assert derived.customers["orders_revenue"].tolist() == [900, 200, 0, 0]
    assert cl.ratings is not derived.ratings and "orders_revenue" not in cl.customers   # the list itself stays


def test_a_list_without_the_criteria_gains_them_from_the_orders():
    rows = [["Kunden-Nr.", "Kunde", "Bonität (0-10)"], ["K-1", "A", 5], ["K-2", "B", 6]]
    cl = build(raw_table(rows))
    lines = read(order_xlsx([["A1", "K-1", day(2025, 3, 1), 900, 100, 1]]))
    out = enrich(cl, analyse(lines, cl))
    assert out.criteria == ["creditworthiness", "purchase_history", "contribution_margin"]
    assert out.ratings[:, 1].tolist() == [10.0, 0.0]
    assert out.customers["revenue"].tolist() == [900.0, 0.0]     # filled where the list has none
    no_margin = read(order_xlsx([["A1", "K-1", day(2025, 3, 1), 900]], ["Nr", "Kunden-Nr.", "Datum", "Umsatz"]))
    assert enrich(cl, analyse(no_margin, cl)).criteria == ["creditworthiness", "purchase_history"]


# ------------------------------------------------------------------------------------ classifications

def test_key_accounts_lapsed_and_revenue_per_order_by_group():
    frame = lines_frame(["A", "B", "B", "C", "D"], ["2025-05-01", "2025-05-01", "2025-06-01", "2025-07-01",
                                                    "2024-06-01"], [600, 150, 150, 100, 80])
    figs = customer_figures(frame, PERIOD)
    assert key_accounts(figs, 0.5)["id"].tolist() == ["A"]
    assert key_accounts(figs, 0.8)["id"].tolist() == ["A", "B"]
    assert lapsed(figs)["id"].tolist() == ["D"]
    groups = revenue_per_order_by_group(figs, pd.Series(["Neu", "Bestand", "Bestand", "Neu"], index=figs.index))
    by = groups.set_index("group")
    assert by.loc["Bestand", "revenue_per_order"] == pytest.approx(400 / 3)
    assert by.loc["Neu", "revenue_per_order"] == 600 and by.loc["Neu", "buyers"] == 1


def test_retention_is_the_share_of_last_periods_buyers_who_bought_again():
    frame = lines_frame(["A", "A", "B", "C", "C", "D"], ["2024-05-01", "2025-05-01", "2024-06-01", "2024-07-01",
                                                         "2025-02-01", "2025-03-01"], [1, 1, 1, 1, 1, 1])
    r = estimate_retention(customer_figures(frame, PERIOD), PERIOD)
    assert (r.rate, r.previous_buyers, r.retained) == (pytest.approx(2 / 3), 3, 2)
    assert r.to_dict()["previous_end"] == "2024-12-31"
    assert estimate_retention(customer_figures(lines_frame(["A"], ["2025-05-01"], [1]), PERIOD), PERIOD).rate is None


# ------------------------------------------------------------------------------------ XYZ

def test_xyz_by_coefficient_of_variation_with_adjustable_thresholds():
    steady = [("S", END - pd.Timedelta(days=int(15 + 30.44 * m)), 100) for m in range(12)]
    lumpy = [("L", END - pd.Timedelta(days=10), 1200)]
    half = [("H", END - pd.Timedelta(days=int(15 + 30.44 * m)), 100 if m % 2 else 300) for m in range(12)]
    items = steady + lumpy + half
    frame = lines_frame([c for c, *_ in items], [d for _, d, _ in items], [r for *_, r in items])
    x = xyz_classes(frame, PERIOD)
    assert x.loc["S", "xyz"] == "X" and x.loc["S", "cv"] == pytest.approx(0)
    assert x.loc["L", "xyz"] == "Z" and x.loc["L", "cv"] == pytest.approx(np.sqrt(11))
    assert x.loc["H", "cv"] == pytest.approx(0.5) and x.loc["H", "xyz"] == "Y"
    assert xyz_classes(frame, PERIOD, (0.6, 4.0)).loc[["H", "L"], "xyz"].tolist() == ["X", "Y"]


def test_abc_xyz_grid_has_nine_cells_with_counts_and_revenue():
    ids = pd.Index(["a", "b", "c", "d"])
    grid = abc_xyz_grid(pd.Series(["A", "A", "C", None], index=ids), pd.Series(["X", "X", "Z", "Y"], index=ids),
                        pd.Series([10.0, 5.0, 1.0, 7.0], index=ids))
    assert len(grid) == 9 and grid["customers"].sum() == 3
    cell = grid[(grid["abc"] == "A") & (grid["xyz"] == "X")].iloc[0]
    assert cell["customers"] == 2 and cell["revenue"] == 15.0
