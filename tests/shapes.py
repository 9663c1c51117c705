"""Lists without rating columns (a seminar or service survey), built in the test run.

- `matrix_only_xlsx()`: Kunden-Nr., Kunde, Zufrieden mit Kauf, Zufrieden mit After-Sales, Wiederkauf
- `nps_only_xlsx()`: Kunden-Nr., Kunde, Weiterempfehlung (0-10)

The cell counts are chosen so that every figure is easy to check by hand (see MATRIX_CELLS).
"""

from __future__ import annotations

from tests.files import xlsx_bytes

MATRIX_HEADERS = ["Kunden-Nr.", "Kunde", "Zufrieden mit Kauf", "Zufrieden mit After-Sales", "Wiederkauf"]
# (satisfied with sale, satisfied with after-sales) -> (customers, repurchasers)
MATRIX_CELLS = {(True, True): (10, 9), (False, True): (8, 4), (True, False): (7, 1), (False, False): (5, 0)}
NPS_VALUES = [10, 9, 9, 10, 8, 7, 7, 8, 6, 5, 3, 9, 10, 0, 7, 9, 2, 8, 10, 6]   # 8 promoters, 6 passives, 6 critics


def _yes(flag: bool) -> str:
    return "ja" if flag else "nein"


def matrix_only_rows() -> list[list]:
    rows: list[list] = [list(MATRIX_HEADERS)]
    n = 0
    for (sale, service), (customers, repurchasers) in MATRIX_CELLS.items():
        for i in range(customers):
            n += 1
            rows.append([f"S-{n}", f"Umfrage-Kunde {n}", _yes(sale), _yes(service), _yes(i < repurchasers)])
    return rows


def matrix_only_xlsx() -> bytes:
    return xlsx_bytes(matrix_only_rows(), title="Umfrage")


def nps_only_rows() -> list[list]:
    rows: list[list] = [["Kunden-Nr.", "Kunde", "Weiterempfehlung (0-10)"]]
    rows += [[f"N-{i + 1}", f"Befragter {i + 1}", v] for i, v in enumerate(NPS_VALUES)]
    return rows


def nps_only_xlsx() -> bytes:
    return xlsx_bytes(nps_only_rows(), title="NPS")
