"""Order history in English at the edges: the `orders` command on a messy order file with --lang en speaks
English only, its JSON is the same in both languages apart from message texts, and a file that is no order
list is refused in English (issue 10)."""

from __future__ import annotations

import json

import pytest

from kundenwert.cli import run
from tests import test_i18n_edges as edges
from tests.files import simple_rows, write, xlsx_bytes
from tests.order_files import HEADERS, messy_orders_xlsx

# German words that must not appear in English output (the file's own headers and texts excepted)
GERMAN_MARKERS = ("Kunde", "Kunden", "Zeile", "Spalte", "Datum", "kein", "keine", "Umsatz", "Auftrag", "Aufträge",
                  "Summenzeile", "leere", "gelesen", "übersprungen", "abgelehnt", "Zeitraum", "Gutschrift",
                  "nicht", "ist", "Fehler", "Kopfzeile", "Erwartet")
# the files' own headers, names and texts (the customer list's header row comes first: longest first)
FROM_THE_FILE = (*sorted(map(str, simple_rows(6)[0]), key=len, reverse=True), *HEADERS,
                 *(f"Kunde {i}" for i in range(1, 7)), "gestern", "viel", "drei", "k.A.", "Summe")


def german_words(out: str) -> list[str]:
    return edges.german_words(out, FROM_THE_FILE, GERMAN_MARKERS)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("orders_i18n")
    return (str(write(folder / "orders.xlsx", messy_orders_xlsx())),
            str(write(folder / "list.xlsx", xlsx_bytes(simple_rows(6)))))


def test_the_messy_order_file_has_every_kind_of_row(capsys, files):
    orders, customers = files
    assert run(["orders", orders, "--list", customers, "--json"]) == 0
    p = json.loads(capsys.readouterr().out)
    assert p["accounting"] == {"rows_read": 32, "used": 24, "rejected": 6, "skipped": 2, "unknown_customer_lines": 1}
    assert [r["row"] for r in p["rejected_rows"]] == [7, 8, 9, 10, 11, 12]
    codes = {m["code"] for m in p["messages"]}
    assert {"row_rejected", "value_not_used", "orders_margin_missing", "orders_credit_notes", "orders_total_row",
            "orders_unknown_customers"} <= codes


@pytest.mark.parametrize("with_list", [True, False])
def test_orders_text_in_english_has_no_german_word(capsys, files, with_list):
    orders, customers = files
    extra = ["--list", customers] if with_list else []
    assert run(["orders", orders, *extra, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Row 7 not used: column B: no customer number" in out
    assert "Row 9 not used: column C: “gestern” is not a date" in out
    assert german_words(out) == []
    assert run(["orders", orders, *extra]) == 0
    german = capsys.readouterr().out
    assert "Zeile 7 nicht verwendet: Spalte B: keine Kunden-Nr." in german
    assert german_words(german) != [], "the marker test must see German in German output"


def test_orders_json_is_the_same_in_both_languages_apart_from_texts(capsys, files):
    orders, customers = files
    run(["orders", orders, "--list", customers, "--json", "--lang", "de"])
    de = json.loads(capsys.readouterr().out)
    run(["orders", orders, "--list", customers, "--json", "--lang", "en"])
    en = json.loads(capsys.readouterr().out)
    assert edges._strip_texts(de) == edges._strip_texts(en)
    texts = [r["reason"] for r in en["rejected_rows"] + en["skipped_rows"]] + [m["message"] for m in en["messages"]]
    assert german_words(" | ".join(texts)) == []
    assert en["rejected_rows"][0]["reason"] == "column B: no customer number"
    assert de["rejected_rows"][0]["reason"] == "Spalte B: keine Kunden-Nr."
    assert [r["reason"] for r in en["skipped_rows"]] == ["empty row", "total row – not counted as an order"]
    assert [r["reason"] for r in de["skipped_rows"]] == ["leere Zeile", "Summenzeile – nicht als Auftrag gezählt"]


def test_score_with_messy_orders_in_english(capsys, files):
    orders, customers = files
    assert run(["score", customers, "--orders", orders, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Row 12 not used: column D: “viel” is not a number" in out
    assert german_words(out) == []


def test_a_file_that_is_no_order_list_is_refused_in_english(capsys, files):
    _, customers = files
    assert run(["orders", customers, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: “list.xlsx” is not an order list: no column recognised for “Date”")
    assert german_words(err) == [] and err.count("\n") == 1
    assert run(["orders", customers]) == 2
    assert "„list.xlsx“ ist keine Auftragsliste: keine Spalte für „Datum“ erkannt" in capsys.readouterr().err


def test_many_rejected_lines_are_summed_up_per_column_in_either_language():
    from kundenwert.findings import render
    from kundenwert.ingest import load_raw
    from kundenwert.orders_read import read_orders
    from tests.order_files import day, order_xlsx

    rows = [[f"A{i}", "" if i % 2 else f"K{i}", day(2025, 1, 1 + i % 28), 10.0, 1.0, 1] for i in range(50)]
    lines = read_orders(load_raw(order_xlsx(rows), "many.xlsx", in_process=True))
    summary = lines.issues.loc[lines.issues["code"] == "rows_rejected_column"].iloc[0]
    english = render(summary["code"], summary["params"], "en")
    assert english.startswith("Column B “Kunden-Nr.”: 25 rows not used, e.g. B3: no customer number (rows 3, 5, 7")
    assert german_words(english) == []
    assert render(summary["code"], summary["params"], "de").startswith(
        "Spalte B „Kunden-Nr.“: 25 Zeilen nicht verwendet, z. B. B3: keine Kunden-Nr. (Zeilen 3, 5, 7")
