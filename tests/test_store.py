"""The scenario library: the same tests against MemoryStore, a SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kundenwert.scenario import PRESETS, Scenario
from kundenwert.store import (
    DEFAULT_PATH,
    SCHEMA_V1_SQL,
    SCHEMA_VERSION,
    MemoryStore,
    SqlStore,
    StoreError,
    StoreUnavailable,
    backup,
    database_url,
    open_store,
    restore_backup,
)
from tests import pg
from tests.conftest import ROOT

N_SAVES = int(os.environ.get("KW_CONCURRENT_SAVES", "50"))   # per thread / process in the concurrency tests


def _fresh_pg_database(server_url: str) -> str:
    """A new, empty database on the test server (each test starts from nothing)."""
    import sqlalchemy as sa

    name = f"t{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def make_url(request, tmp_path):
    """A function giving the URL of a new, empty database of the parametrised kind."""
    kind = request.param
    if kind == "sqlite":
        counter = itertools.count(1)
        return lambda: f"sqlite:///{tmp_path}/lib{next(counter)}.db"
    server = request.getfixturevalue("postgres_server")
    return lambda: _fresh_pg_database(server)


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "memory":
        yield MemoryStore()
        return
    if request.param == "sqlite":
        s = SqlStore(f"sqlite:///{tmp_path}/lib.db")
    else:
        s = SqlStore(_fresh_pg_database(request.getfixturevalue("postgres_server")))
    yield s
    s.close()


SQL_KINDS = pytest.mark.parametrize("make_url", ["sqlite", "postgresql"], indirect=True)


# ------------------------------------------------------------------------------------ the protocol

def test_saving_an_existing_name_adds_a_version_and_keeps_the_old_one(store):
    first = store.save("Vertrieb", PRESETS["profit"], "Anna", "erste Idee")
    second = store.save("Vertrieb", PRESETS["risk"], "Bernd", "mehr Risiko")
    assert (first.version, second.version) == (1, 2) and first.id == second.id
    old = store.get("Vertrieb", version=1)
    assert old.scenario.weights == PRESETS["profit"].weights and old.author == "Anna" and old.note == "erste Idee"
    latest = store.get(first.id)
    assert latest.version == 2 and latest.scenario.weights == PRESETS["risk"].weights
    assert latest.author == "Bernd" and latest.note == "mehr Risiko" and latest.versions == 2
    assert [r.version for r in store.versions("Vertrieb")] == [1, 2]
    assert [r.author for r in store.versions(first.id)] == ["Anna", "Bernd"]


def test_the_scenario_comes_back_exactly_under_the_library_name(store):
    scn = Scenario(name="anders", weights={"referral": 9.5, "image": 0.0}, class_method="pareto",
                   thresholds=(70.0, 90.0), pareto_basis="margin", euro_per_point=12.5, retention=0.7,
                   discount=0.05)
    rec = store.save("  Team   Nord ", scn, " Anna ")
    assert rec.name == "Team Nord" and rec.author == "Anna"
    assert store.get("Team Nord").scenario.to_dict() == replace(scn, name="Team Nord").to_dict()


def test_records_carry_utc_time_author_and_note(store):
    before = datetime.now(UTC)
    rec = store.save("Zeit", PRESETS["balanced"], "Anna", "weil Q3")
    after = datetime.now(UTC)
    got = store.get("Zeit")
    assert got.created_at.tzinfo is not None and got.created_at.utcoffset().total_seconds() == 0
    assert before.replace(microsecond=0) <= got.created_at <= after
    assert got == rec and got.note == "weil Q3" and got.archived is False


def test_list_shows_the_latest_version_of_each_name_sorted(store):
    store.save("beta", PRESETS["profit"], "A")
    store.save("Alpha", PRESETS["risk"], "A")
    store.save("beta", PRESETS["loyalty"], "B")
    listed = store.list()
    assert [(r.name, r.version, r.versions) for r in listed] == [("Alpha", 1, 1), ("beta", 2, 2)]
    assert listed[1].scenario.weights == PRESETS["loyalty"].weights


def test_archive_hides_restore_brings_back_nothing_deleted(store):
    rec = store.save("Alt", PRESETS["profit"], "A")
    store.save("Alt", PRESETS["risk"], "A")
    store.save("Neu", PRESETS["risk"], "A")
    store.archive("Alt")
    assert [r.name for r in store.list()] == ["Neu"]
    archived = [r for r in store.list(include_archived=True) if r.archived]
    assert [(r.name, r.versions) for r in archived] == [("Alt", 2)]
    assert store.get(rec.id, version=1).scenario.weights == PRESETS["profit"].weights   # still readable
    store.restore(rec.id)
    assert [r.name for r in store.list()] == ["Alt", "Neu"] and not store.get("Alt").archived


def test_saving_under_an_archived_name_brings_it_back(store):
    store.save("X", PRESETS["profit"], "A")
    store.archive("X")
    rec = store.save("X", PRESETS["risk"], "B")
    assert rec.version == 2 and not rec.archived and [r.name for r in store.list()] == ["X"]


def test_restoring_an_old_version_saves_it_again_as_the_newest(store):
    store.save("S", PRESETS["profit"], "Anna")
    store.save("S", PRESETS["risk"], "Bernd")
    rec = store.restore_version("S", 1, "Carla")
    assert rec.version == 3 and rec.author == "Carla" and rec.note == "Wiederhergestellt aus Version 1"
    assert rec.scenario.weights == PRESETS["profit"].weights
    assert [r.version for r in store.versions("S")] == [1, 2, 3]
    assert store.restore_version("S", 2, "Carla", "zurück zu Risiko").note == "zurück zu Risiko"


def test_unknown_names_ids_versions_and_bad_input_are_german_errors(store):
    store.save("S", PRESETS["profit"], "Anna")
    with pytest.raises(StoreError, match="„Nichts“ gibt es nicht"):
        store.get("Nichts")
    with pytest.raises(StoreError, match="„999“ gibt es nicht"):
        store.get(999)
    with pytest.raises(StoreError, match="hat keine Version 5"):
        store.get("S", version=5)
    with pytest.raises(StoreError, match="Autor fehlt"):
        store.save("S", PRESETS["profit"], "  ")
    with pytest.raises(StoreError, match="Name fehlt"):
        store.save("", PRESETS["profit"], "A")
    with pytest.raises(StoreError, match="Name ist zu lang"):
        store.save("x" * 201, PRESETS["profit"], "A")
    with pytest.raises(StoreError, match="gibt es nicht"):
        store.archive("Nichts")
    assert store.get("S").versions == 1      # nothing half-written


def test_a_numeric_name_is_found_by_name_when_no_such_id(store):
    store.save("2025", PRESETS["profit"], "A")
    assert store.get("2025").name == "2025"


def test_backup_replays_every_version_with_author_time_note_and_archive(store):
    src = MemoryStore()
    src.save("A", PRESETS["profit"], "Anna", "eins")
    src.save("A", PRESETS["risk"], "Bernd", "zwei")
    src.save("B", PRESETS["loyalty"], "Carla")
    src.archive("B")
    data = backup(src)
    store.save("A", PRESETS["balanced"], "schon da")
    assert restore_backup(store, data, author="Import") == 3
    versions = store.versions("A")
    assert [(r.version, r.author, r.note) for r in versions] == [(1, "schon da", ""), (2, "Anna", "eins"),
                                                                  (3, "Bernd", "zwei")]
    assert versions[1].created_at == src.get("A", 1).created_at
    assert store.get("B").archived and [r.name for r in store.list()] == ["A"]


def test_a_broken_backup_writes_nothing(store):
    data = {"format": "kundenwert-szenarien", "scenarios": [
        {"name": "ok", "versions": [{"scenario": PRESETS["profit"].to_dict(), "author": "A"}]},
        {"name": "kaputt", "versions": [{"scenario": {"weights": {"image": 11}}, "author": "A"}]}]}
    with pytest.raises(StoreError, match="Szenario 2, Version 1: Gewicht für „image“"):
        restore_backup(store, data, author="X")
    assert store.list(include_archived=True) == []


# ------------------------------------------------------------------------------------ concurrency

def _two_threads(target_store, name: str) -> tuple[float, list[BaseException]]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def work(who: str) -> None:
        try:
            barrier.wait()
            for i in range(N_SAVES):
                target_store.save(name, PRESETS["profit"], who, f"{who}-{i}")
        except BaseException as exc:  # noqa: BLE001 – reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(who,)) for who in ("Anna", "Bernd")]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return time.perf_counter() - start, errors


def _assert_all_kept(target_store, name: str, writers: tuple[str, ...]) -> None:
    versions = target_store.versions(name)
    assert [r.version for r in versions] == list(range(1, N_SAVES * len(writers) + 1))   # contiguous
    notes = {r.note for r in versions}
    assert notes == {f"{w}-{i}" for w in writers for i in range(N_SAVES)}                # nothing lost
    for w in writers:   # each writer's own saves keep their order
        mine = [int(r.note.split("-")[1]) for r in versions if r.author == w]
        assert mine == list(range(N_SAVES))


def test_two_threads_saving_the_same_name_both_keep_every_version(store):
    seconds, errors = _two_threads(store, "Gleichzeitig")
    assert errors == []
    _assert_all_kept(store, "Gleichzeitig", ("Anna", "Bernd"))
    print(f"\n[concurrency] threads {getattr(store, 'url', 'memory').split(':')[0]}: "
          f"{2 * N_SAVES} saves in {seconds:.2f} s, {store.conflicts} conflicts retried")


_WORKER = """
import sys, time
sys.path.insert(0, {root!r})
from kundenwert.store import SqlStore
from kundenwert.scenario import PRESETS
store = SqlStore({url!r})
who = sys.argv[1]
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()            # both processes start saving at the same moment
for i in range({n}):
    store.save("Prozesse", PRESETS["risk"], who, f"{{who}}-{{i}}")
print(store.conflicts)
"""


@SQL_KINDS
def test_two_processes_saving_the_same_name_both_keep_every_version(make_url):
    url = make_url()
    SqlStore(url).close()      # schema in place before the race
    code = _WORKER.format(root=str(ROOT), url=url, n=N_SAVES)
    procs = [subprocess.Popen([sys.executable, "-c", code, who], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for who in ("Anna", "Bernd")]
    for p in procs:
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
    start = time.perf_counter()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    outs = [p.communicate(timeout=120) for p in procs]
    seconds = time.perf_counter() - start
    assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outs]
    conflicts = sum(int(o[0].strip()) for o in outs)
    store = SqlStore(url)
    _assert_all_kept(store, "Prozesse", ("Anna", "Bernd"))
    store.close()
    print(f"\n[concurrency] processes {url.split(':')[0]}: {2 * N_SAVES} saves in {seconds:.2f} s, "
          f"{conflicts} conflicts retried")


@SQL_KINDS
def test_two_apps_opening_a_new_database_at_once_create_the_schema_once(make_url):
    url = make_url()
    stores: list = []
    errors: list = []
    barrier = threading.Barrier(2)

    def open_it():
        try:
            barrier.wait()
            stores.append(SqlStore(url))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(stores) == 2
    stores[0].save("X", PRESETS["profit"], "A")
    assert stores[1].get("X").version == 1
    for s in stores:
        s.close()


# ------------------------------------------------------------------------------------ schema

def _schema_versions(store: SqlStore) -> list[int]:
    with store.engine.connect() as conn:
        return [r[0] for r in conn.exec_driver_sql("SELECT version FROM schema_version")]


@SQL_KINDS
def test_a_database_of_the_first_schema_is_migrated_and_keeps_its_data(make_url):
    import sqlalchemy as sa

    url = make_url()
    engine = sa.create_engine(url)
    with engine.begin() as conn:       # the first schema, by hand, with two versions of one scenario
        for statement in SCHEMA_V1_SQL:
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql("INSERT INTO scenarios (id, name, created_at) VALUES (1, 'Alt', '2025-01-02 03:04:05')")
        for v, who, preset in ((1, "Anna", "profit"), (2, "Bernd", "risk")):
            conn.execute(sa.text("INSERT INTO scenario_versions (scenario_id, version, author, created_at, body) "
                                 "VALUES (1, :v, :who, '2025-01-02 03:04:05', :body)"),
                         {"v": v, "who": who, "body": PRESETS[preset].to_json()})
    engine.dispose()

    store = SqlStore(url)
    assert _schema_versions(store) == [SCHEMA_VERSION] == [2]
    versions = store.versions("Alt")
    assert [(r.version, r.author, r.note, r.archived) for r in versions] == [(1, "Anna", "", False),
                                                                             (2, "Bernd", "", False)]
    assert versions[0].scenario.weights == PRESETS["profit"].weights
    assert versions[0].created_at == datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    store.archive("Alt")                                   # the new columns work
    assert store.save("Alt", PRESETS["loyalty"], "Carla", "nach Migration").version == 3
    store.close()
    again = SqlStore(url)                                  # opening a current database changes nothing
    assert _schema_versions(again) == [2] and again.get("Alt").note == "nach Migration"
    again.close()


def test_a_database_of_a_newer_schema_is_refused_in_german(tmp_path):
    path = tmp_path / "neu.db"
    SqlStore(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE schema_version SET version = 3")
    with pytest.raises(StoreError, match="neueren Kundenwert-Version.*Schema 3"):
        SqlStore(str(path))
    store, notice = open_store(str(path))
    assert isinstance(store, MemoryStore) and "neueren Kundenwert-Version" in notice


def test_a_foreign_database_is_refused(tmp_path):
    path = tmp_path / "fremd.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE scenarios (x INTEGER)")
    with pytest.raises(StoreError, match="gehört nicht zu Kundenwert"):
        SqlStore(str(path))


# ------------------------------------------------------------------------------------ failures

def test_an_unreachable_server_is_one_german_line_and_the_app_falls_back(postgres_server):
    port = pg._free_port()            # nobody listens there
    url = f"postgresql://kw:geheim@127.0.0.1:{port}/kundenwert"
    with pytest.raises(StoreUnavailable) as info:
        SqlStore(url)
    message = str(info.value)
    assert "nicht erreichbar" in message and "geheim" not in message and "\n" not in message
    store, notice = open_store(url)
    assert isinstance(store, MemoryStore)
    assert notice.startswith("Szenario-Bibliothek: Die Datenbank") and "nur in dieser Sitzung" in notice
    assert store.save("S", PRESETS["profit"], "A").version == 1        # session-only still works


def test_an_unknown_host_is_unreachable_too():
    with pytest.raises(StoreUnavailable, match="nicht erreichbar"):
        SqlStore("postgresql://kw@host.invalid:5432/kundenwert")


def test_a_wrong_database_name_on_a_running_server(postgres_server):
    with pytest.raises(StoreUnavailable, match="gibt es auf dem Server nicht"):
        SqlStore(postgres_server.rsplit("/", 1)[0] + "/gibtsnicht")


def test_a_read_only_sqlite_file_can_be_read_but_saving_says_so(tmp_path):
    path = tmp_path / "lib.db"
    rw = SqlStore(str(path))
    rw.save("S", PRESETS["profit"], "Anna")
    rw.close()
    ro_url = f"sqlite:///file:{path}?mode=ro&uri=true"   # root ignores file modes; SQLite's read-only mode
    ro = SqlStore(ro_url)
    assert ro.get("S").author == "Anna"
    with pytest.raises(StoreUnavailable, match="schreibgeschützt"):
        ro.save("S", PRESETS["risk"], "Bernd")
    with pytest.raises(StoreUnavailable, match="schreibgeschützt"):
        ro.archive("S")
    ro.close()
    store, notice = open_store(ro_url)
    assert isinstance(store, MemoryStore) and "schreibgeschützt" in notice and "nur in dieser Sitzung" in notice


def test_a_file_that_is_no_database(tmp_path):
    path = tmp_path / "kein.db"
    path.write_text("das ist Text, keine Datenbank " * 100)
    with pytest.raises(StoreUnavailable, match="keine gültige Datenbank"):
        SqlStore(str(path))


def test_a_bad_url_and_an_unknown_database_type():
    with pytest.raises(StoreError, match="Ungültige Datenbank-Adresse"):
        SqlStore("postgresql://host:notaport/x")
    with pytest.raises(StoreError, match="nicht unterstützt"):
        SqlStore("oracle+nosuchdriver://x/y")


# ------------------------------------------------------------------------------------ setting

def test_the_database_setting(monkeypatch, tmp_path):
    monkeypatch.delenv("KUNDENWERT_DB", raising=False)
    assert database_url() == f"sqlite:///{DEFAULT_PATH}" and DEFAULT_PATH == ROOT / "data" / "kundenwert.db"
    monkeypatch.setenv("KUNDENWERT_DB", str(tmp_path / "team.db"))
    assert database_url() == f"sqlite:///{tmp_path}/team.db"
    monkeypatch.setenv("KUNDENWERT_DB", "postgresql+psycopg://u@h/db")
    assert database_url() == "postgresql+psycopg://u@h/db"
    assert database_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path}/x.db"     # an explicit value wins


def test_the_data_directory_is_created_on_demand_and_gitignored(tmp_path):
    path = tmp_path / "neu" / "tiefer" / "kundenwert.db"
    SqlStore(str(path)).close()
    assert path.is_file()
    assert "/data/" in (ROOT / ".gitignore").read_text().splitlines()


def test_a_writer_that_loses_the_race_for_a_version_number_retries_with_the_next(postgres_server):
    """Another user commits version 2 between this writer's "which number is next?" and its insert."""
    import sqlalchemy as sa

    store = SqlStore(_fresh_pg_database(postgres_server))
    store.save("S", PRESETS["profit"], "Anna")
    other = sa.create_engine(store.engine.url)
    fired = []

    @sa.event.listens_for(store.engine, "before_cursor_execute")
    def sneak_in(conn, cursor, statement, *args):
        if statement.startswith("INSERT INTO scenario_versions") and not fired:
            fired.append(True)
            with other.begin() as c2:
                c2.execute(sa.text("INSERT INTO scenario_versions (scenario_id, version, author, created_at, body, "
                                   "note) VALUES (1, 2, 'Bernd', now(), :b, 'dazwischen')"),
                           {"b": PRESETS["risk"].to_json()})

    rec = store.save("S", PRESETS["loyalty"], "Carla", "meins")
    assert fired and rec.version == 3 and store.conflicts == 1
    assert [(r.version, r.author) for r in store.versions("S")] == [(1, "Anna"), (2, "Bernd"), (3, "Carla")]
    other.dispose()
    store.close()


# ------------------------------------------------------------------------------------ model

_NAMES = st.sampled_from(["A", "B", "c"])
_OPS = st.lists(st.one_of(
    st.tuples(st.just("save"), _NAMES, st.sampled_from(sorted(PRESETS)), st.sampled_from(["Anna", "Bernd"]),
              st.sampled_from(["", "warum"])),
    st.tuples(st.just("archive"), _NAMES),
    st.tuples(st.just("restore"), _NAMES),
    st.tuples(st.just("restore_version"), _NAMES, st.integers(1, 4)),
), max_size=12)


def _apply(store, op) -> object:
    try:
        if op[0] == "save":
            return store.save(op[1], PRESETS[op[2]], op[3], op[4]).version
        if op[0] == "restore_version":
            return store.restore_version(op[1], op[2], "Carla").version
        getattr(store, op[0])(op[1])
        return None
    except StoreError as exc:
        return str(exc)


def _view(store) -> list:
    out = []
    for rec in store.list(include_archived=True):
        out.append((rec.name, rec.archived, [(r.version, r.author, r.note, r.scenario.to_dict())
                                             for r in store.versions(rec.name)]))
    return out


@settings(max_examples=25, deadline=None)
@given(ops=_OPS)
def test_the_sql_store_behaves_exactly_like_the_session_store(tmp_path_factory, ops):
    memory = MemoryStore()
    sql = SqlStore(str(tmp_path_factory.mktemp("model") / "lib.db"))
    try:
        assert [_apply(memory, op) for op in ops] == [_apply(sql, op) for op in ops]
        assert _view(memory) == _view(sql)
        for _name, _archived, versions in _view(sql):     # versions are always 1..n, nothing lost
            assert [v[0] for v in versions] == list(range(1, len(versions) + 1))
    finally:
        sql.close()
