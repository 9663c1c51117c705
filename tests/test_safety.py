"""kundenwert.ingest.safety: hostile and broken files are refused before any spreadsheet parser sees them.

Every file is generated in the test (tests/hostile_files.py). Each refusal must be one line of German
naming the file, come within a few seconds, and never involve python-calamine (a child process that
cannot import calamine runs the whole hostile set).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from kundenwert.errors import InputFileError
from kundenwert.ingest import limits, safety, sheetscan, zipscan
from kundenwert.ingest.safety import FileCheck, check_file
from tests import hostile_files as H

ROOT = Path(__file__).resolve().parents[1]
SECONDS = 5.0  # a hostile file must be refused within this time


def refused(data: bytes, name: str) -> str:
    """The refusal message for `data`; asserts one line, the file name in it, and a quick answer."""
    start = time.perf_counter()
    with pytest.raises(InputFileError) as info:
        check_file(data, name)
    elapsed = time.perf_counter() - start
    message = str(info.value)
    assert elapsed < SECONDS, f"{name}: {elapsed:.1f} s"
    assert "\n" not in info.value.message and message == info.value.message
    assert f"„{name}“" in message
    return message


def accepted(data: bytes, name: str) -> FileCheck:
    start = time.perf_counter()
    result = check_file(data, name)
    assert time.perf_counter() - start < SECONDS
    return result


# ------------------------------------------------------------------------------------------ accepted

def test_valid_xlsx_is_xlsx():
    assert accepted(H.valid_xlsx(), "kunden.xlsx") == FileCheck("xlsx", {})


def test_kind_comes_from_content_not_name():
    assert accepted(H.valid_xlsx(), "kunden.ods").kind == "xlsx"
    assert accepted(H.valid_ods_odfpy(), "kunden.xlsx").kind == "ods"
    assert accepted(H.valid_xlsx(), "kunden.csv").kind == "xlsx"  # a workbook is never misread as text


@pytest.mark.parametrize(("name", "fmt", "ext"), [("kunden.xlsx", "Excel", ".xlsx"), ("kunden.xlsm", "Excel", ".xlsm"),
                                                  ("export.xls", "Excel", ".xls"), ("kunden.ods", "ODS", ".ods")])
def test_csv_text_named_as_a_workbook_is_refused_not_misread(name, fmt, ext):
    """Name and content must agree: CSV text called .xlsx is refused with what to do, never read as a table
    (a note "Dies ist keine Excel-Datei, nur Text" would otherwise become two columns to map)."""
    for data in (H.csv_bytes(), b"Dies ist keine Excel-Datei, nur Text\n", b"A\tB\n1\t2\n"):
        message = refused(data, name)
        assert f"ist keine {fmt}-Datei ({ext}) – sie enthält Text" in message
        assert "als .csv speichern" in message


def test_xlsm_is_xlsx():
    assert accepted(H.valid_xlsx(), "makros.xlsm").kind == "xlsx"


def test_valid_ods_by_odfpy_is_ods():
    assert accepted(H.valid_ods_odfpy(), "kunden.ods") == FileCheck("ods", {})


def test_libreoffice_empty_trailing_repeats_are_fine():
    # 16,384 columns x 1 million rows of *empty* repeated cells: what LibreOffice writes routinely
    assert accepted(H.libreoffice_style_ods(), "lo.ods").kind == "ods"


@pytest.mark.parametrize("name", ["kunden.csv", "kunden.txt", "kunden"])
def test_csv_is_csv(name):
    assert accepted(H.csv_bytes(), name) == FileCheck("csv", {})


def test_utf16_text_with_bom_is_csv():
    data = "Kunde\tUmsatz\nMüller\t1\n".encode("utf-16")
    assert accepted(data, "unicode.txt").kind == "csv"


def test_uncached_formulas_reported_by_sheet_name():
    # openpyxl writes formulas without a cached value: <c r="B2"><f>A2*2</f><v /></c>
    assert accepted(H.uncached_formula_xlsx(), "formeln.xlsx").uncached_formulas == {"Sheet": ["B2"]}


def test_cached_formulas_are_not_reported():
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    ws = wb.add_worksheet("Kunden")
    ws.write("A1", 3)
    ws.write_formula("B1", "=A1*2", None, 6)  # cached value 6
    ws.write_formula("C1", '=""', None, "")  # cached empty string: <c t="str"><f>""</f><v></v></c>
    ws.write_formula("D1", "=A1*3")  # xlsxwriter's default cached value 0
    wb.close()
    assert accepted(buf.getvalue(), "x.xlsx").uncached_formulas == {}


def test_uncached_formulas_on_several_sheets():
    import openpyxl

    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "Kunden"
    first["A1"], first["C7"] = 1, "=A1+1"
    second = wb.create_sheet("Auswertung")
    second["D7"], second["A1"] = "=SUM(A1:A5)", 2
    buf = io.BytesIO()
    wb.save(buf)
    assert accepted(buf.getvalue(), "x.xlsx").uncached_formulas == {"Kunden": ["C7"], "Auswertung": ["D7"]}


def test_prefixed_sheet_xml_is_read():
    assert accepted(H.prefixed_xlsx(), "dotnet.xlsx").uncached_formulas == {"Kunden": ["A2"]}


def test_cells_without_ref_are_placed_by_counting():
    # legal but unusual: read by the exact (expat) path
    assert accepted(H.refless_valid_xlsx(), "ohne-ref.xlsx").uncached_formulas == {"Sheet": ["B2"]}


def test_inflated_dimension_alone_is_accepted_and_harmless():
    """<dimension ref="A1:XFD1048576"/> with two rows of data: calamine only uses the dimension to
    reserve memory below 100,000 cells, so the file is read normally (not refused)."""
    data = H.inflated_dimension_xlsx()
    assert accepted(data, "dimension.xlsx").kind == "xlsx"
    import python_calamine as pc

    sheet = pc.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    assert (sheet.height, sheet.width) == (3, 2)


def test_formatted_empty_far_cell_is_accepted_and_harmless():
    """A *formatted but empty* cell at XFD1048576: calamine skips empty cells, so the range stays small."""
    data = H.styled_far_cell_xlsx()
    assert accepted(data, "format.xlsx").kind == "xlsx"
    import python_calamine as pc

    sheet = pc.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    assert (sheet.height, sheet.width) == (2, 2)


def test_large_regular_sheet_is_checked_quickly(tmp_path):
    path = tmp_path / "gross.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Kunden")
    for r in range(20_000):
        ws.write_string(r, 0, f"Kunde {r}")
        for c in range(1, 20):
            ws.write_number(r, c, (r * c) % 11 + 0.5)
    wb.close()
    data = path.read_bytes()
    start = time.perf_counter()
    assert check_file(data, "gross.xlsx").kind == "xlsx"
    assert time.perf_counter() - start < 2.0  # about 0.1 s; the 100,000-row version about 0.5 s


# --------------------------------------------------------------------------------- not a spreadsheet

def test_empty_file():
    assert refused(b"", "x.xlsx").startswith("Die Datei „x.xlsx“ ist leer")


def test_too_large(monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    message = refused(H.valid_xlsx(), "riesig.xlsx")
    assert "groß" in message and "höchstens 1000 Byte" in message


def test_too_large_real_limit_text():
    message = refused(bytes(limits.MAX_FILE_BYTES + 1), "riesig.xlsx")
    assert "ist mehr als 100 MB groß; erlaubt sind höchstens 100 MB" in message
    message = refused(bytes(150 * 1024 * 1024), "riesig.xlsx")
    assert "ist 150 MB groß" in message


def test_random_bytes_named_xlsx():
    assert "keine Excel-, ODS- oder CSV-Datei" in refused(H.random_bytes(), "kunden.xlsx")


def test_short_random_bytes_named_csv():
    assert "keine Excel-, ODS- oder CSV-Datei" in refused(bytes(range(256)) * 4, "kunden.csv")


def test_pdf_named_xlsx():
    message = refused(H.pdf(), "kunden.xlsx")
    assert "keine Excel-, ODS- oder CSV-Datei" in message and "PDF" in message


def test_exe_named_xlsx():
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)
    assert "Windows-Programm" in refused(exe, "kunden.xlsx")


def test_docx_like_zip():
    assert "keine Excel-, ODS- oder CSV-Datei, sondern ein Textdokument" in refused(H.docx_like(), "brief.xlsx")


def test_zip_that_is_not_a_workbook():
    assert "ZIP-Archiv" in refused(H.plain_zip(), "kunden.zip")


def test_xlsb():
    assert ".xlsb" in refused(H.xlsb_like(), "kunden.xlsb")


def test_text_named_xlsx():
    assert "keine echte Excel-Datei" in refused(H.plain_text(), "kunden.xlsx")


def test_html_named_xls():
    message = refused(H.html_table(), "export.xls")
    assert "keine echte Excel-Datei" in message and "HTML" in message


def test_truncated_xlsx():
    assert "beschädigt" in refused(H.truncated_xlsx(), "halb.xlsx")


def test_crc_mismatch():
    assert "beschädigt" in refused(H.crc_corrupt_xlsx(), "crc.xlsx")


def test_password_protected_workbook():
    assert "mit einem Passwort geschützt" in refused(H.encrypted_xlsx(), "geheim.xlsx")


def test_legacy_xls():
    assert "alten Excel-Format (.xls)" in refused(H.legacy_xls(), "alt.xls")


def test_password_protected_ods():
    assert "mit einem Passwort geschützt" in refused(H.ods_encrypted(), "geheim.ods")


# ------------------------------------------------------------------------------------ XML and zip bombs

def test_billion_laughs_in_shared_strings():
    assert "DOCTYPE" in refused(H.billion_laughs_xlsx(), "lol.xlsx")


def test_external_entity_in_sheet():
    assert "Sicherheitsgründen" in refused(H.external_entity_xlsx(), "xxe.xlsx")


def test_doctype_in_ods_content():
    assert "DOCTYPE" in refused(H.ods_doctype(), "xxe.ods")


def test_zip_bomb_refused_from_central_directory(monkeypatch):
    # 256 MB of zeros in about 250 KB; the real limit is 1 GB, lowered here to keep the test light
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 128 * 1024 * 1024)
    message = refused(H.zip_bomb_xlsx(256), "bombe.xlsx")
    assert "entpackt größer als 128 MB" in message and "Sicherheitsgründen" in message


def test_zip_bomb_refused_by_compression_ratio():
    # below the size limit, but 60 MB squeezed more than 1000:1
    data = H.zip_bomb_xlsx(60)
    assert len(data) < 200_000
    assert "entpackt größer als 1 GB" in refused(data, "bombe.xlsx")


def test_lying_size_in_zip_header():
    # the directory says 100 bytes, the stream holds 20 MB: decompression is not cut at the claim
    assert "beschädigt" in refused(H.lying_size_xlsx(), "luege.xlsx")


def test_decompression_counts_bytes_while_streaming(monkeypatch):
    """The running count refuses even when the declared sizes look harmless."""
    data = H.zip_bomb_xlsx(8)
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 4 * 1024 * 1024)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(H.SHEET1)
    budget = zipscan._Budget()
    with pytest.raises(safety._Refused) as err:
        for _ in zipscan._member_chunks(data, info, budget):
            pass
    assert err.value.key == "bomb"


# ------------------------------------------------------------------------------- used range too large

def test_cell_at_xfd1048576():
    message = refused(H.xfd_xlsx(), "xfd.xlsx")
    assert "„Kunden“" in message and "XFD1048576" in message and "17 Milliarden Zellen" in message
    assert "leere Zeilen oder Spalten" in message and "aufteilen" in message


@pytest.mark.parametrize("builder", [
    H.out_of_order_rows_xlsx,  # far row first: "last <row r>" would say 1
    H.ref_in_wrong_row_xlsx,  # far cell inside <row r="1">
    H.lowercase_ref_xlsx,  # xfd1048576: calamine accepts lower case
    H.refless_cells_xlsx,  # no r: calamine counts 20,000 columns
])
def test_hidden_far_cells(builder):
    message = refused(builder(), "versteckt.xlsx")
    assert "reicht" in message or "jenseits der letzten Excel-Spalte" in message


def test_duplicate_ref_attribute():
    # calamine takes the last r="…" (XFD1048576); the file is not well-formed XML
    assert "beschädigt" in refused(H.duplicate_r_xlsx(), "doppelt.xlsx")


def test_huge_shared_string_count():
    # calamine would reserve 96 GB for uniqueCount="4000000000" before reading a single string
    message = refused(H.unique_count_xlsx(), "sst.xlsx")
    assert "4 Milliarden Texteinträge" in message and "höchstens 5 Millionen" in message


def test_utf16_sheet_xml():
    assert "ungewöhnlich aufgebaut" in refused(H.utf16_sheet_xlsx(), "utf16.xlsx")


def test_ods_value_repeated_a_million_times():
    message = refused(H.ods_repeated_value(), "wiederholt.ods")
    assert "reicht" in message and "„Kunden“" in message


def test_ods_many_rows_of_wide_values():
    assert "mindestens 8 Millionen Zellen" in refused(H.ods_rows_of_wide_values(), "breit.ods")


def test_ods_far_cell():
    assert "XFD1048576" in refused(H.ods_far_cell(), "fern.ods")


def test_ods_too_many_cell_elements(monkeypatch):
    monkeypatch.setattr(safety, "_MAX_ODS_CELL_TAGS", 1000)
    rows = H.ods_row('<table:table-cell/>' * 600) * 2
    assert "Tabellenzellen" in refused(H.ods(rows), "leer.ods")


# --------------------------------------------------------------------------------- no calamine, no crash

HOSTILE = {
    "empty": ("", "x.xlsx"),
    "random_bytes": ("random_bytes", "x.xlsx"),
    "pdf": ("pdf", "x.xlsx"),
    "docx": ("docx_like", "x.xlsx"),
    "zip": ("plain_zip", "x.xlsx"),
    "truncated": ("truncated_xlsx", "x.xlsx"),
    "crc": ("crc_corrupt_xlsx", "x.xlsx"),
    "encrypted": ("encrypted_xlsx", "x.xlsx"),
    "xls": ("legacy_xls", "x.xls"),
    "laughs": ("billion_laughs_xlsx", "x.xlsx"),
    "xxe": ("external_entity_xlsx", "x.xlsx"),
    "xfd": ("xfd_xlsx", "x.xlsx"),
    "ooo": ("out_of_order_rows_xlsx", "x.xlsx"),
    "wrong_row": ("ref_in_wrong_row_xlsx", "x.xlsx"),
    "lower": ("lowercase_ref_xlsx", "x.xlsx"),
    "dup_r": ("duplicate_r_xlsx", "x.xlsx"),
    "refless": ("refless_cells_xlsx", "x.xlsx"),
    "sst": ("unique_count_xlsx", "x.xlsx"),
    "ods_repeat": ("ods_repeated_value", "x.ods"),
    "ods_wide": ("ods_rows_of_wide_values", "x.ods"),
    "ods_far": ("ods_far_cell", "x.ods"),
}


def test_hostile_set_in_a_child_without_calamine():
    """Run every hostile file through check_file in a child process in which python_calamine cannot be
    imported: each is refused with an InputFileError, nothing needs calamine, and the child exits 0."""
    script = textwrap.dedent(f"""
        import sys
        sys.modules["python_calamine"] = None  # any import of calamine would fail
        from kundenwert.errors import InputFileError
        from kundenwert.ingest.safety import check_file
        from tests import hostile_files as H
        cases = {HOSTILE!r}
        for key, (builder, name) in cases.items():
            data = getattr(H, builder)() if builder else b""
            try:
                check_file(data, name)
            except InputFileError:
                continue
            print("ACCEPTED", key)
            sys.exit(3)
        print("ALL REFUSED", len(cases))
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"ALL REFUSED {len(HOSTILE)}" in done.stdout


def test_process_survives_xfd_file(tmp_path):
    """calamine aborts the whole process on this file; check_file must refuse it and the child exit 0."""
    path = tmp_path / "xfd.xlsx"
    path.write_bytes(H.xfd_xlsx())
    script = textwrap.dedent(f"""
        import sys
        from kundenwert.errors import InputFileError
        from kundenwert.ingest.safety import check_file
        try:
            check_file(open({str(path)!r}, "rb").read(), "xfd.xlsx")
        except InputFileError as exc:
            print("REFUSED:", exc)
            sys.exit(0)
        sys.exit(1)
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "XFD1048576" in done.stdout


def test_safety_module_does_not_use_calamine():
    for module in (safety, zipscan, sheetscan):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "import python_calamine" not in source and "from python_calamine" not in source


# ------------------------------------------------------------------------------------------ helpers

@pytest.mark.parametrize(("col", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (702, "ZZ"), (703, "AAA"),
                                              (16384, "XFD")])
def test_column_letters(col, letters):
    assert safety._column_letters(col) == letters
    assert sheetscan._letters_to_col(letters.encode()) == col


def test_cols_after_pattern_matches_only_greater_columns():
    import re

    for last in (b"", b"A", b"T", b"Z", b"AZ", b"ZZ", b"AAA", b"XFD", b"ZZY"):
        pattern = re.compile(rb"(?:" + sheetscan._cols_after(last) + rb")\Z")
        for col in (1, 2, 20, 26, 27, 52, 53, 702, 703, 16384, 18277, 18278):
            letters = safety._column_letters(col).encode()
            expected = sheetscan._letters_to_col(letters) > (sheetscan._letters_to_col(last) if last else 0)
            assert bool(pattern.match(letters)) == expected, (last, letters)
    assert sheetscan._cols_after(b"ZZZ") == b""


def test_german_numbers():
    assert safety._count_text(17_179_869_184) == "17 Milliarden"
    assert safety._count_text(1_500_000) == "1,5 Millionen"
    assert safety._count_text(1_000_000) == "1 Million"
    assert safety._count_text(35_000) == "35.000"
    assert safety._size_text(100 * 1024 * 1024) == "100 MB"
    assert safety._size_text(1024**3) == "1 GB"


# ------------------------------------------------------------------------ calamine's format fallback

def test_xlsx_with_hostile_content_xml():
    """calamine tries ODS when a zip fails to open as xlsx, so a content.xml inside an xlsx is checked too."""
    ods_content = zipfile.ZipFile(io.BytesIO(H.ods_far_cell())).read("content.xml")
    data = H.rezip(H.valid_xlsx(), add={"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                        "content.xml": ods_content})
    assert "XFD1048576" in refused(data, "zwitter.xlsx")


def test_xlsx_with_workbook_bin():
    """calamine tries xlsb after xlsx; a workbook.bin is never accepted."""
    data = H.rezip(H.valid_xlsx(), add={"xl/workbook.bin": bytes(64)})
    assert ".xlsb" in refused(data, "zwitter.xlsx")


def test_irregular_sheet_too_large_for_exact_reading(monkeypatch):
    monkeypatch.setattr(safety, "_MAX_SLOW_SHEET_BYTES", 100)
    assert "ungewöhnlich aufgebaut" in refused(H.refless_valid_xlsx(), "ohne-ref.xlsx")


def test_csv_starting_like_an_executable_is_still_csv():
    assert accepted(b"MZ-Nr;Kunde\n1;A\n", "liste.csv").kind == "csv"


def test_sheet_renamed_member_is_still_scanned():
    """The worksheet part is found by its <sheetData>, not by its name."""
    data = H.xfd_xlsx()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {info.filename: zf.read(info.filename) for info in zf.infolist()}
    sheet = members.pop(H.SHEET1)
    members["xl/worksheets/daten.png"] = sheet
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"worksheets/sheet1.xml", b"worksheets/daten.png")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    assert "XFD1048576" in refused(out.getvalue(), "bild.xlsx")
