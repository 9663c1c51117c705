"""Memory of the app server (issue 12): what the parse cache keeps, and freed memory given back."""

import pickle

import pyarrow as pa

from tests import hostile_files as H


def test_the_parse_cache_keeps_tables_compressed_and_a_hit_gives_the_same_table():
    from kundenwert.ui import state

    rows = [["Kunden-Nr.", "Kunde", "Status", "Bonität (0-10)"]]
    rows += [[f"K-{i}", f"Kunde {i % 50}", "Bestand" if i % 3 else "neu", "" if i % 5 == 0 else i % 11]
             for i in range(3000)]
    data = H.xlsx(lambda ws: [ws.append(r) for r in rows])
    state._parse_cache.clear()
    key = (state._digest(data), ".xlsx", None)
    first = state._read_cached(key[0], key[1], None, data, "a.xlsx", spinner=False)
    held = state._parse_cache.size
    assert 0 < held < len(pickle.dumps(first, protocol=pickle.HIGHEST_PROTOCOL)) / 3
    again = state._read_cached(key[0], key[1], None, data, "b.xlsx", spinner=False)   # a hit: not parsed again
    assert state._parse_cache.size == held
    assert again.source_name == "b.xlsx" and again.rows[1] == ["K-1", "Kunde 1", "Bestand", 1.0]
    first.source_name = "b.xlsx"
    assert again == first and again is not first
    assert again.rows[0][3] == "" and again.rows_read == 3000
    texts = again.columns[2]
    assert texts[1] is texts[2]          # few distinct texts: one object each, not one per cell


def test_freed_memory_is_given_back_on_glibc(monkeypatch):
    from kundenwert import memory

    if memory._libc() is not None:  # the real glibc takes both calls
        assert memory.keep_large_blocks_mapped() is True
        memory.release_free_memory()
    calls = []

    class FakeLibc:
        def mallopt(self, param, value):
            calls.append(("mallopt", param, value))
            return 1

        def malloc_trim(self, pad):
            calls.append(("malloc_trim", pad))
            return 1

    monkeypatch.setattr(memory, "_libc", FakeLibc)
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    pool = pa.default_memory_pool()
    pa.set_memory_pool(pa.mimalloc_memory_pool())
    memory.keep_large_blocks_mapped.cache_clear()
    try:
        assert memory.keep_large_blocks_mapped() is True
        memory.release_free_memory()
        assert pa.default_memory_pool().backend_name == "system"     # Arrow's buffers from glibc, too
        pa.set_memory_pool(pa.mimalloc_memory_pool())
        monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "mimalloc")  # an operator's choice stays
        memory.keep_large_blocks_mapped.cache_clear()
        assert memory.keep_large_blocks_mapped() is True
        assert pa.default_memory_pool().backend_name == "mimalloc"
    finally:
        memory.keep_large_blocks_mapped.cache_clear()
        pa.set_memory_pool(pool)
    assert calls == [("mallopt", memory._M_MMAP_THRESHOLD, memory.MMAP_THRESHOLD_BYTES), ("malloc_trim", 0),
                     ("mallopt", memory._M_MMAP_THRESHOLD, memory.MMAP_THRESHOLD_BYTES)]


def _list_with_unused_rows() -> bytes:
    rows = [["Kunden-Nr.", "Kunde", "Umsatz", "Bonität (0-10)"]]
    rows += [[f"K-{i}", f"Firma {i}", 1000 + i, i % 11] for i in range(1, 3001)]
    rows[10][3] = 14                                   # Excel row 11: rejected (rating out of range)
    rows.insert(20, ["", "", "", ""])                  # Excel row 21: skipped (blank)
    rows.append(["", "Summe", 5_000_000, ""])          # Excel row 3003: skipped (total row)
    return H.xlsx(lambda ws: [ws.append(r) for r in rows])


def test_a_loaded_list_keeps_only_the_cells_of_rows_that_are_not_customers():
    """The session keeps the built list, not the ~35 MB of raw cells (100k rows) it was built from;
    the data check still names the id and name of every rejected or skipped row."""
    from kundenwert.ui import data_page, state

    data = _list_with_unused_rows()
    cl = state._build(state.Source(data, "a.xlsx", state._digest(data), ".xlsx", None))
    raw = cl.raw
    assert raw.rows_read == 3002 and len(raw.rows) == 3002
    kept = {i for j in range(len(raw.headers)) for i in range(raw.rows_read) if raw.rows[i][j] != ""}
    assert kept == {9, 3001}                           # the rejected row and the total row (row 21 is blank)
    assert raw.rows[3001] == ["", "Summe", 5_000_000.0, ""]
    assert raw.rows[0] == ["", "", "", ""] and raw.rows[9] == ["K-10", "Firma 10", 1010.0, 14.0]
    assert len(cl.customers) == 2999 and cl.customers["name"].iloc[0] == "Firma 1"
    unused = data_page.unused_rows(cl, None)
    assert unused["Excel-Zeile"].tolist() == [11, 21, 3003]
    assert unused["Kunde"].tolist() == ["K-10 · Firma 10", "", "Summe"]
    again = state._build(state.Source(data, "a.xlsx", state._digest(data), ".xlsx", None, {0: "id", 1: "name",
                                                                                            3: "creditworthiness"}))
    assert len(again.customers) == 2999 and "revenue" not in again.customers    # a rebuild reads the table anew


def test_a_score_result_keeps_no_contribution_matrix_and_computes_the_same_one(sample_list):
    """A session remembers up to 2 results per list at 100k (9.6 MB of contributions each): the result
    shares the list's ratings and computes contributions when asked, equal to the scoring core's."""
    import numpy as np

    from kundenwert.scenario import PRESETS
    from kundenwert.scoring import core_scores, score, weight_vector

    result = score(sample_list, PRESETS["profit"])
    n, k = sample_list.ratings.shape
    own = [v for v in vars(result).values() if isinstance(v, np.ndarray) and v.size >= n * k]
    assert len(own) == 1 and own[0] is sample_list.ratings           # the list's matrix, not a copy
    expected = core_scores(sample_list.ratings, *weight_vector(sample_list.criteria, PRESETS["profit"])).contributions
    assert np.array_equal(result.contributions, expected)
    for i in (0, 7, n - 1):
        assert np.array_equal(result.contributions_at(i), expected[i])
    scored = result.frame["scorable"].to_numpy()
    assert np.allclose(result.contributions[scored].sum(axis=1), result.frame["score"].to_numpy()[scored])
    assert not result.contributions[~scored].any()
