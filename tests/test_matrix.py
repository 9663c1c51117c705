"""After-sales matrix with Wilson intervals, and NPS."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kundenwert.dataset import load
from kundenwert.matrix import STUDY_RATES, after_sales_matrix, wilson_interval
from kundenwert.nps import net_promoter_score, nps_groups
from tests.files import xlsx_bytes


def test_wilson_interval_known_value():
    low, high = wilson_interval(8, 10)
    # textbook: p=0.8, n=10 -> [0.4902, 0.9433]
    assert low == pytest.approx(0.4902, abs=1e-4) and high == pytest.approx(0.9433, abs=1e-4)
    assert all(math.isnan(v) for v in wilson_interval(0, 0))
    assert wilson_interval(0, 5)[0] == 0.0 and wilson_interval(5, 5)[1] == 1.0


@given(st.integers(1, 5000), st.data())
def test_wilson_interval_contains_the_rate(n, data):
    k = data.draw(st.integers(0, n))
    low, high = wilson_interval(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0


def _list(rows):
    header = ["Kunde", "Bonität", "Zufrieden mit Kauf", "Zufrieden mit After-Sales", "Wiederkauf"]
    return load(xlsx_bytes([header, *rows]), "m.xlsx")


def test_matrix_counts_rates_and_study_rates():
    rows = [[f"K{i}", 5, "ja", "ja", "ja" if i < 9 else "nein"] for i in range(10)]
    rows += [[f"L{i}", 5, "nein", "nein", "nein"] for i in range(4)]
    rows += [["M", 5, "ja", "nein", "k.A."]]  # unknown repurchase: not counted
    m = after_sales_matrix(_list(rows))
    assert m.own_data and m.used == 14
    yy = m.cell(True, True)
    assert (yy.customers, yy.repurchasers, yy.rate) == (10, 9, 0.9)
    assert (yy.ci_low, yy.ci_high) == pytest.approx(wilson_interval(9, 10))
    assert yy.study_rate == 0.93 and not yy.few
    nn = m.cell(False, False)
    assert (nn.customers, nn.repurchasers, nn.rate) == (4, 0, 0.0) and nn.few
    empty = m.cell(False, True)
    assert empty.customers == 0 and empty.rate is None and empty.ci_low is None


def test_matrix_with_rating_columns_and_threshold():
    rows = [["A", 5, 8, 9, "ja"], ["B", 5, 6, 9, "nein"], ["C", 5, 7, 3, "ja"]]
    cl = _list(rows)
    at7 = after_sales_matrix(cl, 7)
    assert at7.cell(True, True).customers == 1 and at7.cell(False, True).customers == 1
    assert at7.cell(True, False).customers == 1
    at6 = after_sales_matrix(cl, 6)
    assert at6.cell(True, True).customers == 2


def test_matrix_without_columns_shows_the_study():
    cl = load(xlsx_bytes([["Kunde", "Bonität"], ["A", 5]]), "x.xlsx")
    m = after_sales_matrix(cl)
    assert not m.own_data
    assert set(m.missing_columns) == {"sale_satisfied", "aftersales_satisfied", "repurchase"}
    assert {(c.sale_satisfied, c.aftersales_satisfied): c.study_rate for c in m.cells} == STUDY_RATES


def test_nps():
    values = np.array([10, 9, 8, 7, 6, 0, np.nan, 9.5])
    assert nps_groups(values).tolist() == ["promoter", "promoter", "passive", "passive", "detractor", "detractor", "",
                                           "promoter"]
    r = net_promoter_score(values)
    assert (r.promoters, r.passives, r.detractors, r.respondents) == (3, 2, 2, 7)
    assert r.nps == pytest.approx((3 - 2) / 7 * 100)
    assert net_promoter_score(np.array([np.nan])).nps is None
