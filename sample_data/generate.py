"""Write the sample customer list and the empty template into sample_data/.

Run from the repository root:

    python sample_data/generate.py

Both files are deterministic: running the script again gives the same content (and, as far as
xlsxwriter allows, the same bytes). The tests check the committed files against the generator.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # allow running the script without installing the package
    sys.path.insert(0, str(ROOT))

from kundenwert.sample import generate_customers  # noqa: E402
from kundenwert.sample_files import write_template, write_xlsx  # noqa: E402
from kundenwert.sample_orders import generate_orders  # noqa: E402

SAMPLE_DIR = ROOT / "sample_data"
SAMPLE_FILE = SAMPLE_DIR / "kundenliste_beispiel.xlsx"
TEMPLATE_FILE = SAMPLE_DIR / "vorlage_kundenliste.xlsx"
TEMPLATE_FILE_EN = SAMPLE_DIR / "customer_list_template.xlsx"
ORDERS_FILE = SAMPLE_DIR / "auftraege_beispiel.xlsx"
ORDERS_SHEET = "Aufträge"
ORDERS_TITLE = "Auftragsliste – Beispieldaten (fiktiv, zur Kundenliste)"
SAMPLE_CUSTOMERS = 250
SAMPLE_SEED = 7
SAMPLE_SHEET = "Kunden"
SAMPLE_TITLE = "Kundenliste – Beispieldaten (fiktiv)"


def main() -> None:
    customers = generate_customers(SAMPLE_CUSTOMERS, seed=SAMPLE_SEED)
    write_xlsx(customers, SAMPLE_FILE, sheet_name=SAMPLE_SHEET, title=SAMPLE_TITLE)
    write_template(TEMPLATE_FILE)
    write_template(TEMPLATE_FILE_EN, lang="en")
    write_xlsx(generate_orders(customers, seed=SAMPLE_SEED), ORDERS_FILE, sheet_name=ORDERS_SHEET, title=ORDERS_TITLE)
    for path in (SAMPLE_FILE, TEMPLATE_FILE, TEMPLATE_FILE_EN, ORDERS_FILE):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
