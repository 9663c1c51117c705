"""Where € per point comes from is worded in one place (report.euro_per_point_source): the sidebar's caption,
the method page and the Excel report's weights sheet say the same words, in the language asked for."""

from __future__ import annotations

import io

import openpyxl
import pytest

from kundenwert import report
from kundenwert.dataset import build
from kundenwert.export import xlsx_bytes
from kundenwert.i18n import text
from kundenwert.ingest.reader import read_table
from kundenwert.scenario import Scenario
from kundenwert.scoring import EURO_PER_POINT_SOURCES, score
from tests import files
from tests.session_kit import ok, opened

WORDS = {("margin", "de"): "aus dem Deckungsbeitrag abgeleitet", ("default", "de"): "Standardwert",
         ("user", "de"): "vom Anwender gesetzt", ("margin", "en"): "derived from the contribution margin",
         ("default", "en"): "default value", ("user", "en"): "set by the user"}


def _list(with_margin: bool):
    rows = files.simple_rows(6)
    if not with_margin:
        rows = [r[:3] + r[4:] for r in rows]
    return build(read_table(files.xlsx_bytes(rows), "liste.xlsx"))


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(("source", "with_margin", "epp"), [("margin", True, None), ("default", False, None),
                                                            ("user", True, 25.0)])
def test_each_source_has_its_words_and_the_export_uses_them(lang, source, with_margin, epp):
    cl = _list(with_margin)
    result = score(cl, Scenario(euro_per_point=epp))
    assert result.euro_per_point_source == source and source in EURO_PER_POINT_SOURCES
    assert report.euro_per_point_source(result, lang) == WORDS[source, lang]
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(result, cl, lang=lang)))
    notes = [c.value for c in wb.worksheets[1]["A"] if isinstance(c.value, str)]
    assert any(n.endswith(f"({WORDS[source, lang]})") for n in notes), notes


def test_every_source_is_worded_in_every_catalogue():
    for lang in ("de", "en"):
        assert {s: text(f"epp.source.{s}", lang) for s in EURO_PER_POINT_SOURCES} == \
            {s: WORDS[s, lang] for s in EURO_PER_POINT_SOURCES}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_sidebar_and_method_page_say_the_same_source(lang, md_unescape):
    at = opened("app.py", lang)
    ok(at.switch_page("pages/6_Methode.py").run())
    for source, auto in (("margin", True), ("user", False)):
        at.toggle(key="kw_epp_auto").set_value(auto)
        ok(at.run())
        words = WORDS[source, lang]
        assert any(c.value.endswith(f"({words})") for c in at.sidebar.caption), [c.value for c in at.sidebar.caption]
        assert any(f"({words})." in md_unescape(m.value) for m in at.main.markdown)
