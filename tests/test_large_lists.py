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
