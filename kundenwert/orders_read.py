"""Reading an order list (one line per order or invoice) into checked order lines.

The file goes through the same ingest as a customer list (`ingest.load_raw` / `read_path`: safety
checks, budget, worker) and arrives as a RawTable. Here the header decides what each column is
(customer number, date, net revenue, margin in €, optional order number and quantity; German and
English variants), and every data row ends in exactly one place: used, rejected (with row, column
and reason) or skipped (blank or total row). Findings go through the one `findings.Findings`
collector as codes with parameters.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .cells import float_column, missing_token, parse_numeric, texts_of
from .criteria import is_total_label, normalise_header, read_header
from .errors import InputFileError
from .findings import ROWS_LISTED, ROWS_REJECTED_LISTED, Findings, clip, reason, skip_reason
from .i18n import Phrase
from .ingest.reader import RawTable
from .rows import Table

ORDER_FIELDS = ("customer", "date", "revenue", "margin", "order_no", "quantity")
REQUIRED_FIELDS = ("customer", "date", "revenue")
HEADERS_SHOWN = 200   # characters of the file's headers quoted when it is no order list
FIRST_DATE = pd.Timestamp("1900-01-01")
LAST_DATE = pd.Timestamp("2100-12-31")

_EUR = r"(?: (?:in )?(?:eur|euro|teur|t eur|tsd|tsd eur|k eur|keur|mio|mio eur))?"
# (field, regex on the normalised header). First match wins: order numbers before customer numbers.
_ORDER_PATTERNS: tuple[tuple[str, str], ...] = (
    ("order_no", r"(?:auftrag|auftrags|bestell|bestellung|rechnungs|rechnung|beleg|lieferschein|order|invoice|"
                 r"document|doc)\s*(?:nr|nummer|no|number|id)|auftrag|bestellung|rechnung|beleg|order|invoice|"
                 r"auftragsnummer|auftragsnr|bestellnummer|bestellnr|rechnungsnummer|rechnungsnr|belegnummer|"
                 r"belegnr|order id|invoice id"),
    ("customer", r"(?:kd|kunden?|debitor(?:en)?|customer|client|account|kto)\s*(?:nr|nummer|no|number|id|code)|"
                 r"kundennummer|kundennr|kdnr|debitorennummer|debitornummer|debitor|customer ?id|cust id|"
                 r"customer no|account id|nr|id"),
    ("name", r"kunde|kundenname|name|firma|customer|customer name|company|client|client name"),
    ("date", r"(?:auftrags|bestell|rechnungs|beleg|buchungs|liefer|order|invoice|posting|document)?\s*"
             r"(?:datum|date)|datum|date|tag|day"),
    ("margin", r"(?:deckungsbeitrag|db(?: [i1])?|db1|marge|rohertrag|rohgewinn|margin|contribution margin|"
               r"gross profit|gross margin|profit)(?: netto| net)?" + _EUR),
    ("revenue", r"(?:netto ?umsatz|umsatz(?: netto)?|nettobetrag|betrag(?: netto)?|netto|netto ?wert|"
                r"rechnungsbetrag(?: netto)?|auftragswert(?: netto)?|warenwert|erloes(?:e)?(?: netto)?|"
                r"net revenue|revenue(?: net)?|net sales|sales|net amount|amount(?: net)?|net value|"
                r"order value|invoice amount|value|turnover)" + _EUR),
    ("quantity", r"menge|anzahl|stueck|stk|stueckzahl|quantity|qty|units|pieces"),
)
_COMPILED = tuple((key, re.compile(rf"(?:{rx})")) for key, rx in _ORDER_PATTERNS)


def recognise_order_header(text: object) -> str | None:
    """The order field a header stands for ("Kunden-Nr." -> customer, "Rechnungsdatum" -> date …)."""
    base = normalise_header(text)
    for candidate in (base, base.replace(" ", "")):
        for key, rx in _COMPILED:
            if candidate and rx.fullmatch(candidate):
                return key
    return None


@dataclass
class OrderLines:
    """The used order lines and the accounting of every data row of the file."""

    source_name: str
    header_row: int
    rows_read: int
    columns: dict[str, tuple[str, str]]   # field -> (column letter, header)
    lines: pd.DataFrame                   # row, customer, date, revenue, margin, order_no, quantity
    rejected: pd.DataFrame                # row, column, reason (a Phrase: `findings.localise` at the edge)
    skipped: pd.DataFrame                 # row, reason (a Phrase)
    issues: pd.DataFrame                  # findings frame
    found: Findings = field(repr=False, default_factory=Findings)

    @property
    def has_margin(self) -> bool:
        return "margin" in self.columns

    @property
    def has_order_no(self) -> bool:
        return "order_no" in self.columns

    def accounting(self) -> dict[str, int]:
        """used + rejected + skipped = rows read."""
        return {"rows_read": self.rows_read, "used": len(self.lines), "rejected": len(self.rejected),
                "skipped": len(self.skipped)}


def order_mapping(raw: RawTable) -> dict[int, str]:
    """Column index -> order field, first column of each field wins."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for j, header in enumerate(raw.headers):
        key = recognise_order_header(header) if header else None
        if key is not None and key not in taken:
            mapping[j] = key
            taken.add(key)
    return mapping


# ------------------------------------------------------------------------------------- dates

_DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S",
                 "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y%m%d")
_SLASH_FORMATS = ("%d/%m/%Y", "%m/%d/%Y")   # the one that reads more of the column's texts wins
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def _parse_date_texts(uniques: list[str]) -> np.ndarray:
    """datetime64[ns] per distinct text (NaT where no format fits)."""
    out = np.full(len(uniques), np.datetime64("NaT"), dtype="datetime64[ns]")
    texts = pd.Series(uniques, dtype=object).str.strip()
    todo = np.ones(len(uniques), dtype=bool)
    for fmt in _DATE_FORMATS:
        if not todo.any():
            break
        got = pd.to_datetime(texts[todo], format=fmt, errors="coerce")
        ok = got.notna().to_numpy()
        idx = np.flatnonzero(todo)[ok]
        out[idx] = got[ok].to_numpy(dtype="datetime64[ns]")
        todo[idx] = False
    if todo.any():
        tries = [pd.to_datetime(texts[todo], format=f, errors="coerce") for f in _SLASH_FORMATS]
        best = max(tries, key=lambda t: int(t.notna().sum()))
        ok = best.notna().to_numpy()
        out[np.flatnonzero(todo)[ok]] = best[ok].to_numpy(dtype="datetime64[ns]")
    return out


def _number_dates(values: np.ndarray) -> np.ndarray:
    """Numbers as dates: 20250315 (yyyymmdd) or an Excel date number (45731); NaT otherwise."""
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]")
    whole = np.isfinite(values) & (values == np.floor(values))
    ymd = whole & (values >= 19000101) & (values <= 21001231)
    if ymd.any():
        got = pd.to_datetime(values[ymd].astype(np.int64).astype(str), format="%Y%m%d", errors="coerce")
        out[ymd] = got.to_numpy(dtype="datetime64[ns]")
    serial = np.isfinite(values) & (values >= 1) & (values < 73051)   # Excel: 1900-01-01 … 2099-12-31
    if serial.any():
        days = np.floor(values[serial]).astype(np.int64)
        out[serial] = (_EXCEL_EPOCH + pd.to_timedelta(days, unit="D")).to_numpy(dtype="datetime64[ns]")
    return out


def parse_dates(cells) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(datetime64[ns] day values, missing mask, errors: None or (reason code, params)) of one column."""
    n = len(cells)
    values = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    missing = np.zeros(n, dtype=bool)
    errors = np.full(n, None, dtype=object)
    if float_column(cells):
        nums = np.asarray(cells, dtype=float)
        values = _number_dates(nums)
    else:
        s = pd.Series(cells, dtype=object)
        types = s.map(type)
        is_dt = types.isin([_dt.datetime, _dt.date, pd.Timestamp]).to_numpy()
        is_num = types.isin([float, int]).to_numpy()
        is_str = types.isin([str]).to_numpy()
        missing = types.isin([type(None)]).to_numpy().copy()
        if is_dt.any():
            values[is_dt] = pd.to_datetime(s[is_dt]).to_numpy(dtype="datetime64[ns]")
        if is_num.any():
            values[is_num] = _number_dates(s[is_num].astype(float).to_numpy())
        if is_str.any():
            texts = s[is_str]
            codes, uniques = pd.factorize(texts)
            blank = np.array([missing_token(u) for u in uniques], dtype=bool)
            parsed = _parse_date_texts(list(uniques))
            values[is_str] = parsed[codes]
            missing[np.flatnonzero(is_str)[blank[codes]]] = True
    values = values.astype("datetime64[D]").astype("datetime64[ns]")   # the day counts, not the time
    bad = np.isnat(values) & ~missing
    for i in np.flatnonzero(bad):
        errors[i] = ("not_a_date", {"text": _describe(cells[i])})
    out = ~bad & ~missing & ((values < FIRST_DATE.to_datetime64()) | (values > LAST_DATE.to_datetime64()))
    for i in np.flatnonzero(out):
        errors[i] = ("date_implausible", {"text": _describe(cells[i])})
        values[i] = np.datetime64("NaT")
    return values, missing, errors


def _describe(value: object) -> str:
    from .cells import cell_text
    return cell_text(value) or str(value)


# ------------------------------------------------------------------------------------- lines

def _reject(rejects: dict[int, tuple[str, Phrase]], mask: np.ndarray, letter: str, why) -> None:
    """First reason per row wins (columns are checked left to right by importance)."""
    for i in np.flatnonzero(mask):
        if int(i) not in rejects:
            rejects[int(i)] = (letter, why(int(i)) if callable(why) else why)


def _in_column(letter: str, why: Phrase) -> Phrase:
    """'Spalte B: keine Kunden-Nr.' – the reason of a rejected order line, in any language."""
    return Phrase("reason.in_column", {"column": letter, "reason": why})


def _report_rejects(found: Findings, table: Table, rejects: dict[int, tuple[str, Phrase]],
                    headers: dict[str, str]) -> pd.DataFrame:
    order = sorted(rejects)
    rows = [int(table.row_numbers[i]) for i in order]
    reasons = [_in_column(*rejects[i]) for i in order]
    frame = pd.DataFrame({"row": pd.Series(rows, dtype=np.int64),
                          "column": pd.Series([rejects[i][0] for i in order], dtype=object),
                          "reason": pd.Series(reasons, dtype=object)})
    if len(order) <= ROWS_REJECTED_LISTED:
        for r, i, why in zip(rows, order, reasons, strict=True):
            found.add("row_rejected", r, rejects[i][0], row=r, reason=why)
        return frame
    for letter, group in frame.groupby("column", sort=True):
        listed = group["row"].tolist()
        found.add("rows_rejected_column", None, letter, header=headers.get(letter, ""), count=len(listed),
                  cell=f"{letter}{listed[0]}", reason=rejects[order[rows.index(listed[0])]][1],
                  rows=listed[:ROWS_LISTED], rows_total=len(listed))
    return frame


def _not_an_order_list(raw: RawTable, missing_fields: list[str]) -> InputFileError:
    """The file names no column for a required field: which ones, and the headers it has (quoted, the first
    ``HEADERS_SHOWN`` characters)."""
    headers = [h for h in raw.headers if h]
    shown, length = [], 0
    for h in map(clip, headers):
        length += len(h) + 4
        if length > HEADERS_SHOWN and shown:
            break
        shown.append(Phrase("orders.quoted", {"text": h}))
    wanted = [Phrase("orders.quoted", {"text": Phrase(f"orders.field.{f}")}) for f in missing_fields]
    return InputFileError.keyed("orders.not_an_order_list", name=raw.source_name, wanted=wanted,
                                row=raw.header_row, seen=shown or Phrase("orders.no_headers"),
                                seen_total=len(headers))


def read_orders(raw: RawTable, mapping: dict[int, str] | None = None) -> OrderLines:
    """Check and interpret an order list; raise InputFileError if a required column is missing."""
    mapping = order_mapping(raw) if mapping is None else {int(k): v for k, v in mapping.items() if v}
    by_field = {v: k for k, v in sorted(mapping.items(), reverse=True)}
    missing_fields = [f for f in REQUIRED_FIELDS if f not in by_field]
    if missing_fields:
        raise _not_an_order_list(raw, missing_fields)
    found = Findings()
    for note in raw.notes:
        found.add("reader_note", note=note)
    table = Table.of(raw)
    n = table.n
    letters = {f: raw.letters[j] for f, j in by_field.items()}
    headers = {raw.letters[j]: raw.headers[j] for j in by_field.values()}
    col = {f: table.cells[j] for f, j in by_field.items()}

    customers = np.asarray(texts_of(col["customer"]) if n else [], dtype=object)
    total = np.zeros(n, dtype=bool)
    if n:
        labels = pd.Series(customers, dtype=object)
        total = labels.map(is_total_label).to_numpy(dtype=bool).copy()
        for other in ("date", "name", "order_no"):
            if other in col and not float_column(col[other]):
                total |= (customers == "") & pd.Series(col[other], dtype=object).map(is_total_label).to_numpy(bool)
    skip = table.blank | (total & ~table.blank)

    rejects: dict[int, tuple[str, Phrase]] = {}
    _reject(rejects, (customers == "") & ~skip, letters["customer"], reason("no_customer_no", {}))
    dates, d_missing, d_errors = parse_dates(col["date"])
    _reject(rejects, d_missing & ~skip, letters["date"], reason("no_date", {}))
    _reject(rejects, (d_errors != None) & ~skip, letters["date"],  # noqa: E711
            lambda i: reason(*d_errors[i]))
    money = {}
    for key in ("revenue", "margin"):
        if key in col:
            factor = read_header(raw.headers[by_field[key]]).factor
            money[key] = parse_numeric(col[key], decimal_comma=raw.decimal_comma, rating=False, money=True,
                                       factor=factor if factor else 1.0)
    rev = money["revenue"]
    _reject(rejects, rev.missing & ~skip, letters["revenue"], reason("no_revenue", {}))
    _reject(rejects, (rev.errors != None) & ~skip, letters["revenue"], lambda i: reason(*rev.errors[i]))  # noqa: E711
    if "margin" in money:
        mar = money["margin"]
        _reject(rejects, (mar.errors != None) & ~skip, letters["margin"], lambda i: reason(*mar.errors[i]))  # noqa: E711
    rejected = np.zeros(n, dtype=bool)
    rejected[list(rejects)] = True
    keep = ~skip & ~rejected

    quantity = np.full(n, np.nan)
    if "quantity" in col:
        q = parse_numeric(col["quantity"], decimal_comma=raw.decimal_comma, rating=False)
        bad = (q.errors != None) & keep  # noqa: E711
        rows = [int(r) for r in table.row_numbers[bad]]
        found.cells("value_not_used", letters["quantity"], raw.headers[by_field["quantity"]], rows,
                    [{"reason": reason(*q.errors[i])} for i in np.flatnonzero(bad)])
        quantity = q.values
    margin = money["margin"].values if "margin" in money else np.full(n, np.nan)
    if "margin" in money:
        blank_margin = money["margin"].missing & keep
        if blank_margin.any():
            rows = [int(r) for r in table.row_numbers[blank_margin]]
            found.add("orders_margin_missing", None, letters["margin"], count=len(rows), rows=rows[:ROWS_LISTED],
                      rows_total=len(rows))
    order_no = (np.asarray(texts_of(col["order_no"]), dtype=object) if "order_no" in col and n
                else np.full(n, None, dtype=object))

    rejected_frame = _report_rejects(found, table, rejects, headers)
    skipped_why = [skip_reason("blank" if table.blank[i] else "order_total") for i in np.flatnonzero(skip)]
    for i in np.flatnonzero(total & ~table.blank):
        found.add("orders_total_row", int(table.row_numbers[i]), row=int(table.row_numbers[i]))
    skipped = pd.DataFrame({"row": table.row_numbers[skip], "reason": pd.Series(skipped_why, dtype=object)})
    lines = pd.DataFrame({
        "row": table.row_numbers[keep], "customer": customers[keep] if n else np.empty(0, dtype=object),
        "date": dates[keep], "revenue": rev.values[keep], "margin": margin[keep],
        "order_no": order_no[keep], "quantity": quantity[keep],
    })
    credit = lines["revenue"].to_numpy() < 0
    if credit.any():
        found.add("orders_credit_notes", None, letters["revenue"], count=int(credit.sum()),
                  total=round(float(-lines["revenue"].to_numpy()[credit].sum()), 2))
    columns = {f: (raw.letters[j], raw.headers[j]) for f, j in by_field.items()}
    return OrderLines(raw.source_name, raw.header_row, raw.rows_read, columns, lines, rejected_frame, skipped,
                      found.frame(), found)



def load_orders(data: bytes, filename: str, *, in_process: bool = False) -> OrderLines:
    """An uploaded order file: safety checks and parsing in the limited worker (like a customer list),
    then `read_orders`. InputFileError (one line, in any language: ``exc.text(lang)``) if it cannot be used."""
    from .ingest import load_raw

    return read_orders(load_raw(data, filename, in_process=in_process))
