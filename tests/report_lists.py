"""A messy list for the report tests: every flag, every kind of unused row, exact ties with ids in
natural order (K-9 before K-10), a score of exactly 6.25, orders and 0–10 satisfaction columns."""

from __future__ import annotations

from tests.files import xlsx_bytes

HEADER = ["Kd.-Nr.", "Firma", "Umsatz in EUR", "DB €", "Aufträge", "Kaufhistorie (0-10)", "Deckungsbeitrag",
          "Image-Faktor", "Empfehlungs-Wert", "Zukunftsperspektive", "Preis-Sensibilität", "Schnaeppchenfaktor",
          "Zahlungsmoral", "BONITÄT (0–10)", "Betreuungs-Aufwand", "Sympathie", "Reklamationen",
          "Zufrieden mit Kauf", "Zufrieden mit After-Sales", "Wiederkauf", "Weiterempfehlung (0-10)"]
REVERSED_COLUMNS = (5, 6, 9, 11)   # Preis-Sensibilität, Schnäppchen, Betreuungsaufwand, Reklamationen


def _ratings(i: int) -> list[float]:
    return [float((i * 3 + j) % 11) for j in range(12)]


def report_list_xlsx() -> bytes:
    rows: list[list] = [["Kundenbewertung Nord – Stand 30.09.2026"], HEADER]
    for i in range(1, 31):
        ratings = _ratings(i)
        revenue, orders, margin = 2000.0 * i, float(1 + i % 7), 150.0 * i
        sale, after = float(i % 11), float((i * 7) % 11)
        rows.append([f"K-{i}", f"Kunde {i} GmbH", revenue, margin, orders, *ratings, sale, after,
                     "ja" if (i % 3) else "nein", float(i % 11)])
    by_id = {r[0]: r for r in rows[2:]}
    # K-9 and K-10 tie exactly (same ratings); K-10 comes first in the list
    by_id["K-9"][5:17] = by_id["K-10"][5:17] = [7.0, 6.0, 5.0, 8.0, 6.0, 3.0, 2.0, 7.0, 6.0, 4.0, 8.0, 3.0]
    # K-3 scores exactly 6.25 with the default weights: shown 6,3 everywhere
    by_id["K-3"][5:17] = [3.75 if j in REVERSED_COLUMNS else 6.25 for j in range(12)]
    by_id["K-4"][12] = 2.0                                   # slow payer
    by_id["K-5"][3] = -300.0                                 # negative margin: loss
    by_id["K-6"][4] = 40.0                                   # 12.000 € / 40 orders = 300 € per order
    by_id["K-7"][9] = None                                   # incomplete
    by_id["K-8"][8:15] = [None] * 7                          # not scorable
    by_id["K-11"][14] = 15                                   # out of range: rejected
    by_id["K-12"][2] = 1_000_000.0                           # key account
    rows.insert(14, [])                                      # blank row
    rows.append(["", "Summe", 930_000.0])                    # total row
    return xlsx_bytes(rows)
