"""A list filled in from the English template (its headers, "yes"/"no", "new customer") walked through every
page in English: each page shows the engine's figures for that list, the English way, and no German word
outside the customer data."""

from __future__ import annotations

import io

import pytest
from streamlit.testing.v1 import AppTest

from kundenwert import report
from kundenwert.dataset import build
from kundenwert.fmt import fmt_eur, fmt_num, fmt_signed
from kundenwert.ingest.reader import read_table
from kundenwert.sample import SAMPLE_COLUMNS, generate_customers, template_columns
from kundenwert.sample_files import write_xlsx
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from tests.conftest import APP_TIMEOUT, ROOT
from tests.session_kit import carry, list_of, ok
from tests.test_app_languages import GERMAN, PAGES, data_strings_of, foreign_words

# pages that show no engine figure for a list without survey answers or orders before the user starts
# something (the matrix's study, a robustness run, an order upload): only their words are checked
NO_FIGURES = ("After-Sales-Matrix.py", "Robustheit.py", "Auftragsanalyse.py")
VALUES_EN = {"ja": "yes", "nein": "no", "Neukunde": "new customer", "Bestandskunde": "existing customer"}


@pytest.fixture(scope="module")
def english_list() -> bytes:
    df = generate_customers(90, seed=11)
    assert list(df.columns) == list(SAMPLE_COLUMNS)
    df.columns = list(template_columns("en"))
    df = df.apply(lambda col: col.map(lambda v: VALUES_EN.get(v, v)) if col.dtype == object else col)
    buf = io.BytesIO()
    write_xlsx(df, buf, sheet_name="Customers")
    return buf.getvalue()


@pytest.fixture(scope="module")
def engine(english_list):
    table = read_table(english_list, "customers.xlsx")
    cl = build(table)
    return table, cl, score(cl, Scenario())


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.main.metric}


def _check(page: str, at, cl, result) -> None:
    """The page's key figures are the engine's, in English format."""
    shown = _metrics(at)
    counts = result.class_counts()
    if page == "app.py":
        assert shown["Rows read"] == fmt_num(cl.rows_read, 0, "en") and shown["scored"] == fmt_num(
            len(result.scored), 0, "en")
    elif page.endswith("Ranking.py"):
        assert shown["Customers scored"] == fmt_num(len(result.scored), 0, "en")
        assert at.dataframe[0].value["Customer id"].tolist() == result.ranking()["id"].tolist()
    elif page.endswith("ABC-Analyse.py"):
        for cls in "ABC":
            assert next(v for label, v in shown.items() if f"[Class {cls}]" in label) == str(counts[cls])
    elif page.endswith("Kundenprofil.py"):          # the top customer first
        top = result.ranking().iloc[0]
        assert shown["Rank"] == f"1 of {fmt_num(len(result.scored), 0, 'en')}"
        assert shown["Score"] == fmt_num(top["score"], 1, "en")
    elif page.endswith("Kundenstimme_NPS.py"):
        assert shown["Net Promoter Score"] == fmt_signed(report.nps(cl).nps, 0, "en")
    elif page.endswith("Methode.py"):
        text = " ".join(m.value.replace("\\", "") for m in at.main.markdown)
        assert (f"{fmt_eur(result.euro_per_point, 2, 'en')} per point** "
                f"({report.euro_per_point_source(result, 'en')})") in text
    elif page.endswith("Szenarienvergleich.py"):      # scenario A is the current settings
        first = next(m.value for m in at.main.metric if m.label == "Customers scored")
        assert first == fmt_num(len(result.scored), 0, "en")
    elif not page.endswith(NO_FIGURES):
        raise AssertionError(f"no figure check for {page}")


def test_the_english_template_list_is_read_like_the_sample(engine):
    _, cl, result = engine
    assert (cl.issues["severity"] == "error").sum() == 0 and len(cl.customers) == 90
    assert set(cl.customers["status"].dropna()) == {"new", "existing"}
    assert cl.has("margin") and result.euro_per_point_source == "margin"


def test_an_english_list_through_every_page_in_english(app_upload, engine, english_list):
    table, cl, result = engine
    start = app_upload()
    start.query_params["lang"] = "en"
    ok(start.run())
    ok(start.upload("customers.xlsx", english_list))
    assert list_of(start).customers["id"].tolist() == cl.customers["id"].tolist()
    at = carry(start, AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT))
    at.query_params["lang"] = "en"
    ok(at.run())
    data = data_strings_of(table)
    for page in PAGES:
        if page != "app.py":
            ok(at.switch_page(page).run())
        assert foreign_words(at, GERMAN, data) == [], page
        _check(page, at, cl, result)
