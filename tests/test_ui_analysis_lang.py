"""The analysis pages' shared helpers in the UI language: plotly's own toolbar texts (a `locale` with its
dictionary in the chart's config), the friendly error of a page (issue 10)."""

from __future__ import annotations

import json

from kundenwert.i18n import text
from kundenwert.ui import analysis
from tests.session_kit import opened


def test_plotly_config_carries_the_german_dictionary_and_english_is_plotlys_own():
    de = analysis.plotly_config("de")
    assert de["locale"] == "de" and de["displaylogo"] is False
    words = de["locales"]["de"]["dictionary"]
    assert set(words) == set(analysis.PLOTLY_TEXTS.values())          # every text of plotly we know is German
    assert words["Download plot as a PNG"] == "Diagramm als PNG herunterladen"
    assert de["locales"]["de"]["format"] == {"decimal": ",", "thousands": "."}
    assert de["toImageButtonOptions"] == {"format": "png", "scale": 2, "filename": "kundenwert_diagramm"}
    en = analysis.plotly_config("en")
    assert en["locale"] == "en" and en["locales"]["en"]["dictionary"] == {}
    assert en["toImageButtonOptions"]["filename"] == "kundenwert_chart"
    assert analysis.PLOTLY_CONFIG.get("locale") is None                  # the shared base stays untouched


def test_every_chart_of_a_page_gets_the_config_of_the_pages_language():
    for lang in ("de", "en"):
        configs = [json.loads(c.proto.config) for c in opened("pages/2_ABC-Analyse.py", lang).get("plotly_chart")]
        assert configs and all(c == json.loads(json.dumps(analysis.plotly_config(lang))) for c in configs), lang


def test_a_failing_page_says_so_in_its_language(monkeypatch):
    def broken() -> None:
        raise ZeroDivisionError

    shown = []
    monkeypatch.setattr(analysis.st, "error", lambda body, **_: shown.append(body))
    monkeypatch.setattr(analysis.st, "set_page_config", lambda **_: None)
    monkeypatch.setattr(analysis.st, "title", lambda *_: None)
    monkeypatch.setattr(analysis.sidebar, "render_sidebar", lambda: None)
    monkeypatch.setattr(analysis, "current_lang", lambda: "en")
    monkeypatch.setattr(analysis, "t", lambda key, **p: text(key, "en", **p))
    analysis.page("Test", "x", broken)
    assert shown == [text("ui.analysis.failed", "en", kind="ZeroDivisionError")]
    assert shown[0].startswith("Sorry, something went wrong here")
