"""Large-list paths of the CLI output give exactly what the per-row rules give."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kundenwert import cli
from kundenwert.report import FLAG_CODES, Flags


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.booleans(), min_size=len(FLAG_CODES), max_size=len(FLAG_CODES)), max_size=40))
def test_flag_lists_are_the_codes_of_each_customer(bits):
    masks = {c: np.array([row[k] for row in bits], dtype=bool) for k, c in enumerate(FLAG_CODES)}
    flags = Flags(masks, None, None)
    lists = cli._flag_lists(flags, len(bits))
    assert [list(v) for v in lists] == [flags.codes(i) for i in range(len(bits))]


def test_records_with_shared_lists_write_the_json_of_each_row():
    a, b = ["loss"], []
    records = cli.Records({"id": pd.Series(["K-1", "K-2", "K-3"]),
                           "flags": pd.Series(np.array([a, b, a, None], dtype=object)[[0, 1, 2]], dtype=object)})
    out = io.StringIO()
    cli.write_json({"results": records}, out)
    assert json.loads(out.getvalue()) == {"results": [{"id": "K-1", "flags": ["loss"]}, {"id": "K-2", "flags": []},
                                                      {"id": "K-3", "flags": ["loss"]}]}


label_texts = st.one_of(
    st.sampled_from(["Summe", " summe:", "\x1cGesamt", "\u3000TOTAL ", "Σ", "σ", "ς", "Zwischensumme", "Kunde 7",
                     "Sum", "sum total", "\u0130", "K-1", "", "  "]),
    st.text(alphabet=st.sampled_from(list("SsGgTtZzΣσ:- \t\x1c\u2000abc")), max_size=12),
    st.text(alphabet=st.sampled_from(list("SsUuMmEeNnGgAaTtIiOoLlRrDdΣσςİıſK: \t\x1c\x85\u3000\u2028bk.&7")), max_size=45),
    st.builds(lambda pre, word, post: pre + word + post, st.sampled_from(["", " ", "\u3000", "\x1c"]),
              st.sampled_from(["Summe", "INſGESAMT", "grand\u2000total", "ΣΥΜ", "zwischenſumme", "Gesamt Summe"]),
              st.sampled_from(["", ":", " : ", "\x85", "x", " 2026", ":" * 30])),
    st.floats(allow_nan=False) | st.none() | st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(label_texts, max_size=30))
def test_total_labels_are_exactly_the_cells_is_total_label_accepts(cells):
    from kundenwert.criteria import is_total_label
    from kundenwert.rows import _total_labels

    assert _total_labels(cells).tolist() == [is_total_label(v) for v in cells]


def test_every_character_a_total_label_can_hold_passes_the_arrow_filter():
    """_total_labels rules out texts with a character no total label has (names: "GmbH", "&", "7"); each
    character Python's case-insensitive pattern can match inside a label must pass that filter."""
    import re

    from kundenwert.criteria import TOTAL_ROW_WORDS
    from kundenwert.rows import _LABEL_CHARS

    letters = re.compile("[" + "".join(sorted(set("".join(TOTAL_ROW_WORDS)) - {" "})) + r"\s:]", re.IGNORECASE)
    can_hold = {c for c in map(chr, range(0x110000)) if letters.fullmatch(c)}
    assert can_hold == set(_LABEL_CHARS)


def test_ids_and_labels_with_a_lone_surrogate_take_the_general_path():
    from kundenwert.ids import _natural_order, natural_order
    from kundenwert.rows import _total_labels

    ids = pd.Series(["K-2", "K-1\ud800", "K-1"], dtype=object)
    assert natural_order(ids).tolist() == _natural_order(ids, fast=False).tolist()
    assert _total_labels(["Summe\ud800", "Summe", "x"]).tolist() == [False, True, False]


def test_arrow_trims_every_character_python_strips():
    # _total_labels rules texts out by their first letter after Arrow's trim; it must see what lstrip() sees
    import pyarrow as pa
    import pyarrow.compute as pc

    spaces = [c for c in map(chr, range(0x110000)) if c.isspace()]
    trimmed = pc.utf8_ltrim_whitespace(pa.array([c + "S" for c in spaces])).to_pylist()
    assert trimmed == ["S"] * len(spaces)
