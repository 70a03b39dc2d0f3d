"""Database fixtures: every persistence test runs on SQLite and on a real PostgreSQL.

The PostgreSQL server starts once per test session on 127.0.0.1 and stops at the end. The schema
is migrated once into a template (a file for SQLite, a template database for PostgreSQL) and each
test gets a fresh copy, so tests are isolated and fast.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from counter_app.adapters.catalogue_file import read_fields_file, shipped_catalogue
from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.db.store import Store, open_store
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.services.setup import create_demo_centre, ensure_base_data
from tests.pgserver import PgServer

BACKENDS = ("sqlite", "postgresql")
DEMO_PASSWORDS = {"canbo1": "matkhau1", "canbo2": "matkhau2", "giamsat": "matkhau3",
                  "quantri": "matkhau4"}


@pytest.fixture(scope="session")
def pg_base_url() -> Iterator[str]:
    """URL of the session's PostgreSQL server (started here unless COUNTER_APP_TEST_PG_URL)."""
    given = os.environ.get("COUNTER_APP_TEST_PG_URL")
    if given:
        yield given
        return
    server = PgServer().start()
    try:
        yield server.url
    finally:
        server.stop()


def _pg_admin(base_url: str, sql: str) -> None:
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


def _with_db(base_url: str, name: str) -> str:
    return base_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
               ) -> dict[str, str]:
    """Migrated, seeded templates; the PostgreSQL one is made only if a test needs it."""
    sqlite_file = tmp_path_factory.mktemp("tmpl") / "template.sqlite3"
    store = open_store(sqlite_url(sqlite_file))
    _seed(store)
    store.close()
    return {"sqlite": str(sqlite_file)}


def _seed(store: Store) -> None:
    ensure_base_data(store.uow, read_fields_file(), shipped_catalogue())
    create_demo_centre(store.uow, Argon2Hasher(fast=True), passwords=DEMO_PASSWORDS)


@pytest.fixture(scope="session")
def _pg_template(pg_base_url: str) -> str:
    name = "counter_template"
    _pg_admin(pg_base_url, f"DROP DATABASE IF EXISTS {name}")
    _pg_admin(pg_base_url, f"CREATE DATABASE {name}")
    store = open_store(_with_db(pg_base_url, name))
    _seed(store)
    store.close()
    return name


def _make_store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    templates = request.getfixturevalue("_templates")
    if backend == "sqlite":
        target = tmp_path / "store.sqlite3"
        shutil.copy(templates["sqlite"], target)
        store = open_store(sqlite_url(target))
        yield store
        store.close()
        return
    base = request.getfixturevalue("pg_base_url")
    template = request.getfixturevalue("_pg_template")
    name = f"t_{uuid.uuid4().hex[:12]}"
    _pg_admin(base, f"CREATE DATABASE {name} TEMPLATE {template}")
    store = open_store(_with_db(base, name))
    try:
        yield store
    finally:
        store.close()
        _pg_admin(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each test using it runs once per backend."""
    return str(request.param)


@pytest.fixture
def store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated store with the base data and the demo centre (passwords: DEMO_PASSWORDS)."""
    yield from _make_store(backend, request, tmp_path)


@pytest.fixture
def store_url(store: Store) -> str:
    """The URL of the ``store`` fixture (for subprocesses and the CLI)."""
    return store.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def hasher() -> Argon2Hasher:
    """A cheap argon2 hasher for tests."""
    return Argon2Hasher(fast=True)


@pytest.fixture
def centre_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh PostgreSQL database with the demo centre: the server of a sync test."""
    base = request.getfixturevalue("pg_base_url")
    template = request.getfixturevalue("_pg_template")
    name = f"c_{uuid.uuid4().hex[:12]}"
    _pg_admin(base, f"CREATE DATABASE {name} TEMPLATE {template}")
    try:
        yield _with_db(base, name)
    finally:
        _pg_admin(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def replica_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated SQLite store: copied as a new replica's file (no migrations to run)."""
    path = tmp_path_factory.mktemp("replica") / "replica.sqlite3"
    open_store(sqlite_url(path)).close()
    return path
