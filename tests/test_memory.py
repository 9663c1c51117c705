"""Memory of the app server (issue 12): what the parse cache keeps, and freed memory given back."""

import pickle

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
    memory.keep_large_blocks_mapped.cache_clear()
    try:
        assert memory.keep_large_blocks_mapped() is True
        memory.release_free_memory()
    finally:
        memory.keep_large_blocks_mapped.cache_clear()
    assert calls == [("mallopt", memory._M_MMAP_THRESHOLD, memory.MMAP_THRESHOLD_BYTES), ("malloc_trim", 0)]
