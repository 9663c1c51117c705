"""The English template beside the German one; headers recognised in both languages."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from kundenwert.criteria import CRITERIA, FIELDS, recognise_header
from kundenwert.dataset import load
from kundenwert.sample import SAMPLE_COLUMNS, template_columns
from kundenwert.sample_files import write_template
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from tests.files import xlsx_bytes

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_EN = ROOT / "sample_data" / "customer_list_template.xlsx"
UMLAUTS = set("äöüÄÖÜß„")   # „ opens a German quotation; “ closes it and opens an English one


def test_committed_english_template_is_what_the_generator_writes(tmp_path):
    write_template(tmp_path / "t.xlsx", lang="en")
    assert (tmp_path / "t.xlsx").read_bytes() == TEMPLATE_EN.read_bytes()


def test_english_template_is_english_and_each_header_means_the_german_one():
    wb = openpyxl.load_workbook(TEMPLATE_EN)
    assert wb.sheetnames == ["Customers", "How to"]
    ws = wb["Customers"]
    headers = [c.value for c in ws[1]]
    assert headers == list(template_columns("en"))
    assert [recognise_header(h) for h in headers] == [recognise_header(h) for h in SAMPLE_COLUMNS]
    assert None not in [recognise_header(h) for h in headers]
    for cell in ws[1]:
        assert cell.comment is not None and not UMLAUTS & set(cell.comment.text), cell.value
    howto = " ".join(str(c.value) for c in wb["How to"]["A"] if c.value)
    assert howto.startswith("How to fill in the template") and not UMLAUTS & set(howto)
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert '"yes,no"' in lists and '"new customer,existing customer"' in lists


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_list_with_english_headers_reads_like_the_german_one(lang):
    """Header recognition does not depend on the UI language: English and German headers, same list."""
    def rows(headers):
        body = [[f"K-{i}", f"Firm {i}", "existing customer" if i % 2 else "new customer", 1000.0 * i, 100.0 * i, i,
                 *[float((i + j) % 11) for j in range(len(CRITERIA))], 9, "yes", "no" if i % 3 else "yes", "yes"]
                for i in range(1, 7)]
        return [list(headers), *body]
    en = load(xlsx_bytes(rows(template_columns("en"))), "customers.xlsx")
    de = load(xlsx_bytes(rows(SAMPLE_COLUMNS)), "kunden.xlsx")
    assert [c.key for c in en.columns] == [c.key for c in de.columns]
    assert set(en.criteria) == {c.key for c in CRITERIA}
    assert (en.issues["severity"] == "error").sum() == 0
    a, b = score(en, Scenario()), score(de, Scenario())
    assert a.frame["score"].tolist() == b.frame["score"].tolist()
    assert en.customers["status"].tolist() == de.customers["status"].tolist()
    assert lang in ("de", "en")


def test_every_field_and_criterion_has_an_english_header():
    for f in FIELDS:
        assert f.header("en") and recognise_header(f.header("en")) == f.key
    for c in CRITERIA:
        assert recognise_header(c.header("en")) == c.key and all(c.anchors("en"))


def test_english_template_as_stream():
    buf = io.BytesIO()
    write_template(buf, lang="en")
    assert openpyxl.load_workbook(io.BytesIO(buf.getvalue())).sheetnames == ["Customers", "How to"]
