"""The After-Sales-Matrix, Kundenstimme (NPS) and Robustheit pages and the link notice in English (issue 10):
key figures in English words and English number format, the same figures the engine computes."""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from kundenwert import links
from kundenwert.fmt import fmt_num, fmt_pct, fmt_signed
from kundenwert.matrix import after_sales_matrix
from kundenwert.nps import net_promoter_score
from kundenwert.robustness import robustness
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from tests.conftest import ROOT
from tests.session_kit import list_of, ok, opened, put_list, with_sample

MATRIX, NPS, ROBUST, RANKING = ("pages/4_After-Sales-Matrix.py", "pages/5_Kundenstimme_NPS.py",
                                "pages/8_Robustheit.py", "pages/1_Gewichtung_und_Ranking.py")


def english(path: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    at.query_params.update({"lang": "en", **params})
    return at


def metric(at: AppTest, label: str):
    found = [m for m in at.metric if m.label == label]
    assert found, [m.label for m in at.metric]
    return found[0]


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


def test_matrix_in_english_matches_the_engine():
    at = opened(MATRIX, "en")
    assert at.title[0].value == "After-sales matrix"
    m = after_sales_matrix(list_of(at))
    table = next(t.value for t in at.table if "Repurchase rate" in t.value.columns)
    assert list(table.columns) == ["Cell", "Customers", "Repurchasers", "Repurchase rate", "95% interval", "Study",
                                   "Note"]
    both = table[table["Cell"] == "Sale ✓ · Service ✓"].iloc[0]
    cell = m.cell(True, True)
    assert both["Customers"] == fmt_num(cell.customers, 0, "en")
    assert both["Repurchase rate"] == fmt_pct(cell.rate, 0, "en") and both["Study"] == "93%"
    assert both["95% interval"] == f"{fmt_pct(cell.ci_low, 0, 'en')}–{fmt_pct(cell.ci_high, 0, 'en')}"
    assert f"Customers satisfied with sale and service buy again: {fmt_pct(cell.rate, 0, 'en')} (study: 93%)." \
        in texts(at.markdown)


def test_matrix_without_its_columns_names_them_in_english():
    from tests.test_app_analysis import sample_frame_list

    at = english(MATRIX)
    put_list(at, sample_frame_list(50, drop=("Zufrieden mit Kauf", "Zufrieden mit After-Sales", "Wiederkauf")))
    ok(at.run())
    assert "study by a German premium car maker" in texts(at.info)
    shown = texts(at.markdown)
    assert "“Satisfied with sale” (yes/no or 0–10)" in shown and "“Repurchase” (yes/no)" in shown
    assert "**Start / Data** page" in shown
    assert list(at.table[0].value["repurchase at the same dealer"]) == ["93%", "45%", "14%", "3%"]


def test_nps_in_english_matches_the_engine():
    at = opened(NPS, "en")
    result = score(list_of(at), Scenario())
    res = net_promoter_score(result.frame["recommend"].to_numpy(dtype=float))
    assert metric(at, "Net Promoter Score").value == fmt_signed(res.nps, 0, "en")
    promoters = metric(at, "Promoters (9–10)")
    assert promoters.value == fmt_pct(res.promoters / res.respondents, 0, "en")
    assert promoters.delta == f"{res.promoters} customers"
    assert f"{res.respondents} of {len(result.frame)} customers answered" in texts(at.markdown)
    by_class = next(t.value for t in at.table if "Group" in t.value.columns)
    assert list(by_class.columns) == ["Group", "Answers", "Promoters", "Passives", "Detractors", "NPS"]
    assert list(by_class["Group"]) == ["Class A", "Class B", "Class C"]
    by_status = [t.value for t in at.table if "Group" in t.value.columns][1]
    assert set(by_status["Group"]) == {"New customers", "Existing customers"}
    assert [s.value for s in at.subheader] == ["NPS per class", "NPS by status (new / existing customers)"]


def test_robustness_in_english_matches_the_engine():
    at = opened(ROBUST, "en")
    assert at.title[0].value == "Robustness"
    assert at.button(key="kw_rob_start").label == "Run analysis"
    assert at.number_input(key="kw_rob_draws").label == "Draws"
    at.button(key="kw_rob_start").click().run()
    ok(at)
    expected = robustness(list_of(at), Scenario(), draws=1000, spread=0.2)
    assert metric(at, "Class fragile (< 80%)").value == fmt_num(len(expected.fragile), 0, "en")
    assert metric(at, "Customers scored").value == fmt_num(len(expected.stability), 0, "en")
    fragile = at.dataframe[0].value
    assert fragile["Customer id"].tolist() == expected.fragile["id"].astype(str).tolist()
    assert np.allclose(fragile["Class kept"].to_numpy(), expected.fragile["kept"].to_numpy() * 100)
    assert set(fragile["mostly moves to"]) <= {"Class A", "Class B", "Class C"}
    crit = at.dataframe[1].value
    assert list(crit.columns) == ["Criterion", "Weight", "no longer A without it", "Share of A list",
                                  "Correlation r", "Reading"]
    assert any(c.value.startswith("1,000 draws, each weight varied by ± 20%") for c in at.caption)
    assert [s.value for s in at.subheader][:2] == [f"Fragile customers ({len(expected.fragile)})",
                                                   "What does the A list depend on?"]


def test_robustness_columns_stay_german_in_german():
    at = with_sample(AppTest.from_file(str(ROOT / ROBUST), default_timeout=60))
    at.button(key="kw_rob_start").click().run()
    ok(at)
    assert list(at.dataframe[1].value.columns) == ["Kriterium", "Gewicht", "ohne es nicht mehr A", "Anteil A-Liste",
                                                   "Zusammenhang r", "Lesart"]
    assert any(c.value.startswith("1.000 Ziehungen, Gewichte je ± 20 % variiert") for c in at.caption)


# ------------------------------------------------------------------------------------ link notice

def test_link_notice_is_worded_in_the_language_of_the_run(md_unescape):
    at = ok(english(ROBUST, method="magic").run())
    toast = md_unescape(at.toast[0].value)
    assert toast.startswith("The link contained settings that do not fit") and "method=magic" in toast
    at.button(key="kw_sample_btn").click().run()
    notice = md_unescape(ok(at).warning[0].value)
    assert notice.startswith("The link contained settings that do not fit") and "method=magic" in notice
    assert at.button(key="kw_url_notice_ok").label == "Dismiss notice"
    at.query_params["lang"] = "de"          # the same problems, worded in the language chosen later
    ok(at.run())
    notice = md_unescape(at.warning[0].value)
    assert notice.startswith("Der Link enthielt Angaben, die nicht passen") and "method=magic" in notice
    assert at.button(key="kw_url_notice_ok").label == "Hinweis ausblenden"


@pytest.mark.parametrize(("lang", "words"), [("en", "the link could not be read"),
                                             ("de", "der Link ließ sich nicht lesen")])
def test_an_unreadable_link_is_named_in_the_language_of_the_run(monkeypatch, md_unescape, lang, words):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(links, "decode_link", broken)
    at = AppTest.from_file(str(ROOT / RANKING), default_timeout=60)
    at.query_params.update({"lang": lang, "w": "5"})
    ok(at.run())
    assert words in md_unescape(at.toast[0].value)
