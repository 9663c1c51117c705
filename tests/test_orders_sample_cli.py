"""The sample order file (consistent with the sample list) and the command line for order history."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kundenwert.cli import run
from kundenwert.ingest import read_path
from kundenwert.orders import analyse
from kundenwert.orders_figures import Period
from kundenwert.orders_read import read_orders
from kundenwert.sample import generate_customers
from kundenwert.sample_orders import SAMPLE_PERIOD_END, UNKNOWN_CUSTOMER, generate_orders
from tests.files import write
from tests.order_files import order_xlsx

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "kundenliste_beispiel.xlsx"
ORDERS = ROOT / "sample_data" / "auftraege_beispiel.xlsx"


@pytest.fixture(scope="module")
def sample_orders():
    return read_orders(read_path(str(ORDERS), in_process=True))


def test_sample_orders_match_the_sample_list(sample_orders):
    customers = generate_customers(250, seed=7)
    a = analyse(sample_orders, months=12, end=SAMPLE_PERIOD_END)
    figs = a.customers
    ids = customers["Kunden-Nr."]
    assert (figs.loc[ids, "revenue"].round(2).to_numpy() == customers["Umsatz (€)"].to_numpy()).all()
    assert (figs.loc[ids, "margin"].round(2).to_numpy() == customers["Deckungsbeitrag (€)"].to_numpy()).all()
    assert (figs.loc[ids, "orders"].to_numpy() == customers["Aufträge"].to_numpy()).all()
    assert a.period == Period(SAMPLE_PERIOD_END, 12)          # the newest order is the period's last day
    assert (sample_orders.lines["revenue"] < 0).sum() >= 3    # credit notes to show
    assert UNKNOWN_CUSTOMER in set(sample_orders.lines["customer"])
    assert 0.7 < a.retention.rate < 1.0


def test_committed_sample_order_file_is_the_generator_output(sample_orders):
    expected = generate_orders(generate_customers(250, seed=7), seed=7)
    got = sample_orders.lines
    assert len(got) == len(expected) == sample_orders.rows_read
    assert got["customer"].tolist() == expected["Kunden-Nr."].tolist()
    assert got["revenue"].tolist() == expected["Umsatz netto (€)"].tolist()
    assert got["date"].tolist() == pd.to_datetime(expected["Datum"]).tolist()


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kundenwert", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_cli_orders_json_gives_figures_accounting_and_unknown_customers():
    proc = cli("orders", str(ORDERS), "--list", str(SAMPLE), "--json")
    assert proc.returncode == 0, proc.stderr
    p = json.loads(proc.stdout)
    acc = p["accounting"]
    assert acc["used"] + acc["rejected"] + acc["skipped"] == acc["rows_read"]
    assert p["period"] == {"start": "2025-01-01", "end": "2025-12-31", "months": 12, "days": 365}
    assert UNKNOWN_CUSTOMER in [u["id"] for u in p["unknown_customers"]]
    first = p["customers"][0]
    assert first["id"] == "K-10001" and first["revenue"] == generate_customers(250, seed=7)["Umsatz (€)"][0]
    assert {"purchase_history", "contribution_margin", "recency_score", "xyz", "first_order", "trend"} <= set(first)
    assert len(p["customers"]) == 250


def test_score_with_orders_uses_the_derived_ratings_as_chosen(capsys):
    assert run(["score", str(SAMPLE), "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert run(["score", str(SAMPLE), "--orders", str(ORDERS), "--from-orders", "derived", "--json"]) == 0
    derived = json.loads(capsys.readouterr().out)
    assert derived["orders"]["choices"] == {"purchase_history": "derived", "contribution_margin": "derived"}
    assert [r["id"] for r in plain["results"]] != [r["id"] for r in derived["results"]]
    assert run(["score", str(SAMPLE), "--orders", str(ORDERS), "--from-orders", "own", "--json"]) == 0
    own = json.loads(capsys.readouterr().out)
    assert [r["score"] for r in own["results"]] == [r["score"] for r in plain["results"]]


def test_cli_orders_period_options(tmp_path, capsys):
    path = write(tmp_path / "a.xlsx", order_xlsx([["A1", "K-1", pd.Timestamp("2025-03-01").to_pydatetime(), 100, 10, 1],
                                                  ["A2", "K-1", pd.Timestamp("2024-03-01").to_pydatetime(), 50, 5,
                                                   1]]))
    assert run(["orders", str(path), "--period-end", "31.12.2024", "--months", "6", "--json"]) == 0
    p = json.loads(capsys.readouterr().out)
    assert p["period"]["end"] == "2024-12-31" and p["customers"][0]["revenue"] == 0
    assert p["customers"][0]["previous_revenue"] == 50


@pytest.mark.parametrize("args", [["--months", "0"], ["--period-end", "gestern"]])
def test_cli_orders_bad_options_are_one_german_line(tmp_path, args):
    proc = cli("orders", str(ORDERS), *args)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_cli_orders_file_that_is_no_order_list(tmp_path):
    proc = cli("orders", str(SAMPLE))
    assert proc.returncode == 2
    assert proc.stderr.startswith("Fehler: ") and "keine Auftragsliste" in proc.stderr and "„Datum“" in proc.stderr


def test_score_with_orders_as_text_names_period_accounting_and_choice():
    proc = cli("score", str(SAMPLE), "--orders", str(ORDERS), "--from-orders", "derived")
    assert proc.returncode == 0, proc.stderr
    assert "Zeitraum: 01.01.2025 bis 31.12.2025 (12 Monate)" in proc.stdout
    assert "= verwendet 11.585 + abgelehnt 0 + übersprungen 0" in proc.stdout
    assert "Kaufhistorie: aus Aufträgen berechnet" in proc.stdout
