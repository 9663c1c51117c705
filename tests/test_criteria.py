import pytest

from kundenwert.criteria import CRITERIA, FIELDS, is_total_label, normalise_header, recognise_header


@pytest.mark.parametrize("criterion", CRITERIA, ids=lambda c: c.key)
def test_catalogue_headers_are_recognised(criterion):
    assert recognise_header(criterion.header_de) == criterion.key
    assert recognise_header(criterion.label_de) == criterion.key
    assert recognise_header(criterion.label_en) == criterion.key


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.key)
def test_field_headers_are_recognised(field):
    assert recognise_header(field.header_de) == field.key


@pytest.mark.parametrize(("header", "key"), [
    ("Kd.-Nr.", "id"), ("Kd-Nr", "id"), ("KdNr", "id"), ("Kundennummer", "id"), ("Kunden-Nr.", "id"),
    ("Customer ID", "id"), ("Nr.", "id"), ("ID", "id"), ("Debitor", "id"),
    ("Firma", "name"), ("Kundenname", "name"), ("Name", "name"), ("Company", "name"), ("Unternehmen", "name"),
    ("Umsatz", "revenue"), ("Umsatz in EUR", "revenue"), ("Jahresumsatz 2025", "revenue"), ("Revenue", "revenue"),
    ("Umsatz (€)", "revenue"), ("Sales (EUR)", "revenue"),
    ("DB €", "margin"), ("Deckungsbeitrag in EUR", "margin"), ("Rohertrag", "margin"), ("Marge (€)", "margin"),
    ("Deckungsbeitrag (€)", "margin"),
    ("Deckungsbeitrag", "contribution_margin"), ("Deckungsbeitrag (0-10)", "contribution_margin"),
    ("BONITÄT", "creditworthiness"), ("Bonitaet", "creditworthiness"), ("Bonität\u00a0(0–10)", "creditworthiness"),
    ("  Bonität [0-10] ", "creditworthiness"), ("Zahlungsmoral", "payment_behaviour"),
    ("Preis-Sensibilität", "price_sensitivity"), ("Schnaeppchen-Faktor", "bargain_hunting"),
    ("Image-Faktor", "image"), ("Empfehlungs-Wert", "referral"), ("Sympathie", "likeability"),
    ("Reklamationen", "complaint_rate"), ("Betreuungs-Aufwand", "service_effort"),
    ("Zukunftsperspektive (Skala 0 bis 10)", "future_prospects"),
    ("Weiterempfehlung", "recommend"), ("NPS", "recommend"), ("Würde empfehlen (0-10)", "recommend"),
    ("Zufriedenheit After-Sales", "aftersales_satisfied"), ("Zufrieden mit Service", "aftersales_satisfied"),
    ("After Sales zufrieden", "aftersales_satisfied"), ("Zufrieden mit Kauf", "sale_satisfied"),
    ("Zufriedenheit Verkauf", "sale_satisfied"), ("Wiederkauf", "repurchase"), ("Repurchase", "repurchase"),
    ("Status", "status"), ("Kundentyp", "status"), ("Anzahl Aufträge", "orders"), ("Bestellungen", "orders"),
])
def test_header_variants(header, key):
    assert recognise_header(header) == key


@pytest.mark.parametrize("header", ["Notiz", "Bemerkung", "Ansprechpartner", "PLZ", "", "Datum"])
def test_unrelated_headers_are_not_recognised(header):
    assert recognise_header(header) is None


def test_after_sales_is_never_read_as_revenue():
    assert recognise_header("After-Sales") != "revenue"
    assert recognise_header("Zufriedenheit After Sales") == "aftersales_satisfied"


def test_normalise_header_folds_case_umlauts_scale_and_punctuation():
    assert normalise_header("Zahlungs-Mentalität (0–10)") == "zahlungs mentalitaet"
    assert normalise_header("Kd.-Nr.") == "kd nr"


@pytest.mark.parametrize(("value", "expected"), [
    ("Summe", True), ("Gesamt:", True), ("TOTAL", True), ("Σ", True), ("Gesamtsumme", True),
    ("Gesamt GmbH", False), ("Summe & Partner KG", False), (12.0, False), ("", False),
])
def test_total_labels(value, expected):
    assert is_total_label(value) is expected


def test_hyphenated_compound_words_are_recognised():
    assert recognise_header("Zahlungs-Mentalität") == "payment_behaviour"
    assert recognise_header("Reklamations-Bereitschaft") == "complaint_rate"
    assert recognise_header("Kauf-Historie") == "purchase_history"
