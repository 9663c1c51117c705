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

SAMPLE_DIR = ROOT / "sample_data"
SAMPLE_FILE = SAMPLE_DIR / "kundenliste_beispiel.xlsx"
TEMPLATE_FILE = SAMPLE_DIR / "vorlage_kundenliste.xlsx"
TEMPLATE_FILE_EN = SAMPLE_DIR / "customer_list_template.xlsx"
SAMPLE_CUSTOMERS = 250
SAMPLE_SEED = 7
SAMPLE_SHEET = "Kunden"
SAMPLE_TITLE = "Kundenliste – Beispieldaten (fiktiv)"


def main() -> None:
    customers = generate_customers(SAMPLE_CUSTOMERS, seed=SAMPLE_SEED)
    write_xlsx(customers, SAMPLE_FILE, sheet_name=SAMPLE_SHEET, title=SAMPLE_TITLE)
    write_template(TEMPLATE_FILE)
    write_template(TEMPLATE_FILE_EN, lang="en")
    for path in (SAMPLE_FILE, TEMPLATE_FILE, TEMPLATE_FILE_EN):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
