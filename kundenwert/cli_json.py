"""`score --json` and friends: the JSON the CLI writes. Small structures go through the C encoder; row lists
(`Records`) are kept column-wise and written in slices, each column's texts made once and put in place."""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Iterator, Sequence
from typing import TextIO

import numpy as np
import pandas as pd

_encode_string = json.encoder.encode_basestring      # C: a str as JSON text (as json.dumps, ensure_ascii=False)


def _clean(value: object) -> object:
    """JSON-safe scalar: NaN/±inf -> None (JSON has no such numbers), numpy scalars -> Python."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (np.floating, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    if value is pd.NA or value is pd.NaT:
        return None
    return value


class Records(Sequence):
    """A list of JSON objects kept column-wise (pandas/numpy columns of equal length).

    Reads like a list of dicts (len, index, iteration, equality with a list); :func:`write_json`
    writes it in slices with the C encoder, so a million rows never become a million dicts at once.
    """

    CHUNK = 20_000

    def __init__(self, columns: dict[str, object]):
        self.keys = list(columns)
        self.columns = [pd.Series(c).reset_index(drop=True) if not isinstance(c, pd.Series) else
                        c.reset_index(drop=True) for c in columns.values()]
        lengths = {len(c) for c in self.columns}
        if len(lengths) > 1:
            raise ValueError(f"columns of different length: {lengths}")
        self._len = lengths.pop() if lengths else 0

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return list(self.dicts(*index.indices(self._len)[:2])) if index.step in (None, 1) else \
                [self[i] for i in range(*index.indices(self._len))]
        i = range(self._len)[index]
        return next(self.dicts(i, i + 1))

    def __iter__(self) -> Iterator[dict]:
        for start in range(0, self._len, self.CHUNK):
            yield from self.dicts(start, min(start + self.CHUNK, self._len))

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, (list, Records)) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Records({self.keys}, {self._len} rows)"

    def json_rows(self, start: int, stop: int) -> str:
        """Rows start..stop as JSON objects separated by ", " (column-wise: no dict per row)."""
        n, stride = len(range(self._len)[start:stop]), 2 * len(self.keys) + 1
        if not n:
            return ""
        # one flat list of pieces, row after row: ', {"id": ', <id>, ', "name": ', <name>, …, '}' – each column
        # put in place by one slice assignment, then one join (no string formatting per row)
        pieces: list[str] = [""] * (n * stride)
        for k, (key, column) in enumerate(zip(self.keys, self.columns, strict=True)):
            pieces[2 * k::stride] = [(", {" if k == 0 else ", ") + _encode_string(key) + ": "] * n
            pieces[2 * k + 1::stride] = _json_texts(column.iloc[start:stop])
        pieces[stride - 1::stride] = ["}"] * n
        return "".join(pieces)[2:]

    def json_texts(self, key: str) -> list[str]:
        """One column as JSON texts (as in the written JSON)."""
        return _json_texts(self.columns[self.keys.index(key)])

    def column(self, key: str) -> list:
        """One column's values exactly as a reader of the JSON gets them (the rule of `dicts`), without a
        dict per row: the human output reads the columns it shows. Texts, numbers and truth values without a
        gap are their Python values (what the JSON round trip gives), the rest goes through the JSON."""
        col = self.columns[self.keys.index(key)]
        dtype, kind = col.dtype, getattr(col.dtype, "kind", "O")
        if kind == "f":
            values = col.to_numpy(dtype="float64", na_value=np.nan)
            out = values.tolist()
            for i in np.flatnonzero(~np.isfinite(values)).tolist():
                out[i] = None
            return out
        if ((kind in "iub" and isinstance(dtype, np.dtype)) or
                (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow")) and not col.hasnans:
            return col.tolist()
        return json.loads(f"[{', '.join(self.json_texts(key))}]")

    def dicts(self, start: int, stop: int) -> Iterator[dict]:
        """Rows start..stop as dicts, exactly as a reader of the JSON gets them (one conversion rule)."""
        return iter(json.loads(f"[{self.json_rows(start, stop)}]"))


_TEXT_BY_TYPE = {
    str: _encode_string,
    int: int.__repr__,
    bool: lambda v: "true" if v else "false",
    float: lambda v: float.__repr__(v) if math.isfinite(v) else "null",
    type(None): lambda v: "null",
}


def _json_texts(col: pd.Series) -> list[str]:
    """One column slice as JSON texts, element by element; the same text json.dumps would write."""
    dtype = col.dtype
    kind = getattr(dtype, "kind", "O")
    if kind == "f":
        arr = col.to_numpy(dtype="float64", na_value=np.nan)
        texts = list(map(float.__repr__, arr.tolist()))
        finite = np.isfinite(arr)
        if not finite.all():
            for i in np.flatnonzero(~finite).tolist():
                texts[i] = "null"
        return texts
    if kind in "iu" and not col.hasnans:
        arr = col.to_numpy() if isinstance(dtype, np.dtype) else col.to_numpy(dtype="int64")
        return list(map(int.__repr__, arr.tolist()))
    if kind == "b" and not col.hasnans:
        return np.where(col.to_numpy(dtype=bool), "true", "false").tolist()
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow" and not col.hasnans:
        return list(map(_encode_string, col.tolist()))          # texts only: no check per value
    values = col.to_numpy(dtype=object, na_value=None).tolist()
    if all(type(v) is str for v in values):
        return list(map(_encode_string, values))
    shared: dict[int, str] = {}  # lists shared by many rows (flag codes): encoded once
    return [(_TEXT_BY_TYPE.get(type(v)) or _other_text)(v) if type(v) is not list else
            shared[id(v)] if id(v) in shared else shared.setdefault(id(v), _other_text(v)) for v in values]


def _other_text(value: object) -> str:
    return _dumps(_clean(value))


# ------------------------------------------------------------------------------------ JSON out

def _json_safe(value: object, records: dict[str, Records], token: str) -> object:
    """Small structures made JSON-safe (non-finite -> None); each Records becomes a placeholder."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v, records, token) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v, records, token) for v in value]
    if isinstance(value, Records):
        mark = f"{token}{len(records)}"
        records[mark] = value
        return mark
    return _clean(value)


def _dumps(value: object) -> str:
    # json.dumps without indent runs the C encoder (json.dump and indent= run the pure-Python one);
    # allow_nan=False: JSON has no NaN/Infinity, so anything that slipped through fails loudly here
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def write_json(payload: dict, out: TextIO) -> None:
    """One JSON object on `out`; NaN/±inf become null; Records are written in slices (bounded memory)."""
    records: dict[str, Records] = {}
    token = f"@records-{uuid.uuid4().hex}-"
    text = _dumps(_json_safe(payload, records, token))
    if not records:
        out.write(text)
        out.write("\n")
        return
    parts = re.split(f'"({re.escape(token)}\\d+)"', text)
    for n, part in enumerate(parts):
        if n % 2 == 0:
            out.write(part)
            continue
        rec = records[part]
        out.write("[")
        for start in range(0, len(rec), rec.CHUNK):
            if start:
                out.write(", ")
            out.write(rec.json_rows(start, min(start + rec.CHUNK, len(rec))))
        out.write("]")
    out.write("\n")
