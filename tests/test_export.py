"""Excel report, CSV and HTML report: opened and checked cell by cell; injection-safe everywhere."""

from __future__ import annotations

import csv
import io
import json
import re

import openpyxl
import pytest

from kundenwert.dataset import load
from kundenwert.export import csv_bytes, html_report, neutralise, xlsx_bytes
from kundenwert.sample import generate_customers
from kundenwert.sample_files import write_xlsx
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from kundenwert.style import CLASS_COLORS

EVIL = '=HYPERLINK("http://evil.example","klick")'


@pytest.fixture(scope="module")
def scored():
    df = generate_customers(60, seed=4)
    df.loc[0, "Kunde"] = EVIL
    df.loc[1, "Kunde"] = "@SUMME(A1)"
    df.loc[2, "Kunde"] = "<script>alert(1)</script> GmbH"
    buf = io.BytesIO()
    write_xlsx(df, buf)
    cl = load(buf.getvalue(), "liste.xlsx")
    return cl, score(cl, Scenario())


def test_neutralise():
    assert neutralise("=1+1") == "'=1+1" and neutralise("+49 30") == "'+49 30" and neutralise("\tx") == "'\tx"
    assert neutralise("Müller GmbH") == "Müller GmbH"


def test_excel_report_sheets_contents_and_formats(scored):
    cl, result = scored
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(result, cl)))
    assert wb.sheetnames == ["Ergebnis", "Gewichtung", "ABC-Übersicht", "After-Sales-Matrix", "Datencheck"]
    ws = wb["Ergebnis"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["Rang", "Kunden-Nr.", "Kunde", "Score", "Kundenwert (€)", "Klasse"]
    assert any(h.startswith("Beitrag Bonität") for h in header) and "Hinweise" in header
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert all(c.font.b for c in ws[1])
    ranking = result.ranking()
    assert ws["A2"].value == 1 and ws["B2"].value == ranking["id"].iloc[0]
    assert ws["D2"].value == pytest.approx(ranking["score"].iloc[0]) and ws["D2"].number_format == "0.0"
    assert "€" in ws["E2"].number_format
    klass = ws["F2"].value
    assert klass == ranking["class"].iloc[0] and ws["F2"].fill.fgColor.rgb.endswith(
        CLASS_COLORS[klass].lstrip("#"))
    names = {ws.cell(r, 3).value: ws.cell(r, 3).data_type for r in range(2, ws.max_row + 1)}
    assert names[EVIL] == "s" and names["@SUMME(A1)"] == "s"
    assert ws.max_row - 1 == len(result.frame)
    g = wb["Gewichtung"]
    texts = [c.value for c in g["A"] if c.value]
    assert any("Szenario: Ausgewogen" in t for t in texts)
    abc = wb["ABC-Übersicht"]
    rows = {r[0].value: r for r in abc.iter_rows(min_row=3) if r[0].value in ("A", "B", "C")}
    assert {k: v[1].value for k, v in rows.items()} == result.class_counts()
    m = wb["After-Sales-Matrix"]
    assert [c.value for c in m[3]][:4] == ["Kauf zufrieden", "After-Sales zufrieden", "Kunden", "Wiederkäufer"]
    d = wb["Datencheck"]
    arten = [d.cell(r, 2).value for r in range(5, d.max_row + 1)]
    assert arten.count("nicht bewertbar") == len(result.not_scorable)


def test_german_csv(scored):
    cl, result = scored
    data = csv_bytes(result, cl, german=True)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Rang", "Kunden-Nr.", "Kunde"]
    assert "," in rows[1][3] and "." not in rows[1][3]
    names = [r[2] for r in rows[1:]]
    assert "'" + EVIL in names and "'@SUMME(A1)" in names
    assert len(rows) - 1 == len(result.frame)


def test_international_csv(scored):
    cl, result = scored
    rows = list(csv.reader(io.StringIO(csv_bytes(result, cl, german=False).decode()), delimiter=","))
    assert float(rows[1][3]) == pytest.approx(result.ranking()["score"].iloc[0], abs=1e-4)


def test_html_report_is_self_contained_and_escaped(scored):
    cl, result = scored
    page = html_report(result, cl, top=60)
    assert page.startswith("<!DOCTYPE html>")
    assert re.search(r"<script[^>]*\bsrc=", page) is None  # nothing loaded from elsewhere: works offline
    assert "plotly" in page.lower()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; GmbH" in page
    assert "Szenario „Ausgewogen“" in page


def _report_parts(page: str) -> tuple[bytes, list[dict]]:
    """The report's embedded plotly.js (decoded as the browser does) and its chart figures."""
    import base64
    import gzip
    import json

    packed = re.search(r'<script type="application/octet-stream" id="kw-plotly"[^>]*>([^<]*)</script>', page)
    assert packed, "plotly.js is embedded once, packed"
    figs = [json.loads(f) for f in re.findall(r'<script type="application/json" data-kw-fig="[^"]+">(.*?)</script>',
                                              page, flags=re.S)]
    return gzip.decompress(base64.b64decode(packed.group(1))), figs


def test_html_report_is_small_but_still_offline(scored):
    """plotly.js (4.8 MB) is embedded once, gzip-packed (~2 MB), unpacked by the browser: the report
    works offline and was 4.9 MB even for six customers before (issue 12). Browser check: tests/e2e."""
    from plotly.offline import get_plotlyjs

    cl, result = scored
    page = html_report(result, cl, top=60)
    js, figs = _report_parts(page)
    assert js == get_plotlyjs().encode("utf-8")                # exactly the plotly.js plotly.py ships
    assert len(figs) == 4 and all(f["data"] for f in figs)    # Lorenz, histogram, bubble, heatmap
    assert page.count("kw-plotly") >= 1 and page.count(get_plotlyjs()[:200]) == 0   # not inline a second time
    small = load(xlsx_bytes_of(generate_customers(6, seed=1)), "sechs.xlsx")
    size = len(html_report(score(small, Scenario()), small).encode("utf-8"))
    assert size < 2_300_000, size
    # user text inside the chart data cannot end a script element early: every one closes where it should
    assert page.count("<script") == page.count("</script>") == 4 + 2
    import plotly.graph_objects as go

    from kundenwert.export import _chart_html

    title = "</script><script>alert(1)</script> GmbH"
    one = _chart_html(go.Figure(layout_title_text=title), 0)
    assert one.count("</script>") == 1
    spec = re.search(r'data-kw-fig="kw-chart-0">(.*)</script>', one, flags=re.S).group(1)
    assert json.loads(spec)["layout"]["title"]["text"] == title      # kept intact for the chart


def xlsx_bytes_of(df) -> bytes:
    buf = io.BytesIO()
    write_xlsx(df, buf)
    return buf.getvalue()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_data_check_has_one_name_on_the_page_and_in_the_report(lang):
    from kundenwert.i18n import text

    name = text("ui.data_page.check", lang)
    assert text("export.sheet.check", lang) == name
    assert text("export.note.check", lang, file="liste.xlsx") == f"{name} – liste.xlsx"
