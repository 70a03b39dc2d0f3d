"""Foundation persistence on both backends: migrations, reference data, catalogue, login."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from counter_app.adapters.catalogue_file import read_catalogue_file
from counter_app.adapters.db import migrate
from counter_app.adapters.db.engine import make_engine, sqlite_url
from counter_app.adapters.db.store import Store
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.domain.catalogue import CatalogueImportError
from counter_app.domain.errors import DomainError, PermissionDenied
from counter_app.domain.reference import Role
from counter_app.services.accounts import authenticate
from counter_app.services.auth import require_role
from counter_app.services.catalogue import import_catalogue, search_catalogue
from tests.db_fixtures import DEMO_PASSWORDS

TODAY = dt.date(2026, 11, 22)


def test_store_is_at_head_revision(store: Store) -> None:
    assert migrate.current_revision(store.engine) == migrate.head_revision()
    assert migrate.upgrade(store.engine) is False  # idempotent


def test_head_without_alembic_is_alembics_head(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == script.get_current_head()  # one head: a linear chain
    assert migrate.head_revision() in migrate.known_revisions()
    engine = make_engine(sqlite_url(tmp_path / "empty.sqlite3"))
    try:
        assert migrate.current_revision(engine) is None  # an empty store
        assert migrate.upgrade(engine) is True
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()


def test_demo_centre_reference_data(store: Store) -> None:
    with store.uow() as uow:
        services = uow.reference.list_services()
        counters = uow.reference.list_counters()
        assert [s.prefix for s in services] == ["A", "B", "C", "D"]
        assert [c.number for c in counters] == [1, 2, 3, 4]
        assert len(counters[1].service_ids) == 2
        assert {o.username for o in uow.reference.list_officers()} == set(DEMO_PASSWORDS)
        assert len(uow.reference.list_priorities()) == 5


def test_search_is_diacritics_insensitive(store: Store) -> None:
    found = search_catalogue(store.uow, "dang ky khai sinh", TODAY)
    names = [p.name for p in found]
    assert "Đăng ký khai sinh" in names
    assert all("khai sinh" in n.lower() for n in names)
    by_code = search_catalogue(store.uow, "1.001193", TODAY)
    assert [p.code for p in by_code] == ["1.001193"]
    assert search_catalogue(store.uow, "ĐĂNG KÝ KẾT HÔN", TODAY)[0].code == "1.000894"
    assert search_catalogue(store.uow, "zzzz khong co", TODAY) == []


def test_search_ignores_versions_not_yet_in_force(store: Store) -> None:
    assert search_catalogue(store.uow, "khai sinh", dt.date(2020, 1, 1)) == []


def _write_csv(path: Path, rows: list[str]) -> Path:
    header = ("code,variant,name,field,time_unit,time_amount,time_note,fee_in_person,"
              "fee_online,fee_post,fee_note,documents,effective_from,decision")
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


GOOD = '1.999001,,Kiểm thử nhập A,HT,working_days,3,,0,0,0,,Tờ khai|original|1,2026-01-01,QĐ thử'
GOOD2 = '1.999002,,Kiểm thử nhập B,CT,same_day,0,,2000,,,,,2026-01-01,QĐ thử'
BAD = '1.999003,,Kiểm thử nhập C,XX,weeks,3,,0,0,0,,,2026-13-01,QĐ thử'


def test_catalogue_import_rejects_whole_file_naming_the_bad_row(
    store: Store, tmp_path: Path
) -> None:
    path = _write_csv(tmp_path / "c.csv", [GOOD, BAD, GOOD2])
    with store.uow() as uow:
        before = uow.catalogue.count()
    with pytest.raises(CatalogueImportError) as info:
        import_catalogue(store.uow, read_catalogue_file(path), "test")
    assert "Dòng 3" in info.value.message  # header is line 1, BAD is line 3
    assert "lĩnh vực 'XX'" in info.value.message
    assert "Dòng 2" not in info.value.message and "Dòng 4" not in info.value.message
    with store.uow() as uow:
        assert uow.catalogue.count() == before


def test_catalogue_import_good_file_then_search(store: Store, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "c.csv", [GOOD, GOOD2])
    assert import_catalogue(store.uow, read_catalogue_file(path), "test") == 2
    found = search_catalogue(store.uow, "kiem thu nhap", TODAY)
    assert {p.code for p in found} == {"1.999001", "1.999002"}
    assert found[0].documents[0].name == "Tờ khai"


def test_catalogue_import_json_bad_row_number(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"procedures": [
        {"code": "1.999001", "name": "A", "field": "HT", "time_unit": "immediate",
         "effective_from": "2026-01-01"},
        {"code": "abc", "name": "", "field": "HT", "time_unit": "immediate",
         "effective_from": "2026-01-01"}]}), encoding="utf-8")
    with pytest.raises(CatalogueImportError) as info:
        import_catalogue(store.uow, read_catalogue_file(path), "test")
    assert "Dòng 2" in info.value.message and "Dòng 1" not in info.value.message


def test_login_and_roles(store: Store, hasher: Argon2Hasher) -> None:
    officer = authenticate(store.uow, hasher, "canbo1", DEMO_PASSWORDS["canbo1"])
    assert officer.role is Role.OFFICER
    with pytest.raises(DomainError, match="Sai tên đăng nhập"):
        authenticate(store.uow, hasher, "canbo1", "sai")
    with pytest.raises(DomainError, match="Sai tên đăng nhập"):
        authenticate(store.uow, hasher, "khongco", "x")
    with pytest.raises(PermissionDenied):
        require_role(officer, Role.SUPERVISOR)
    boss = authenticate(store.uow, hasher, "giamsat", DEMO_PASSWORDS["giamsat"])
    require_role(boss, Role.SUPERVISOR)


def test_failed_write_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.uow() as uow:
        uow.audit.record("x", "half")
        uow.session.flush()
        raise RuntimeError("boom")
    with store.uow() as uow:
        count = uow.session.execute(
            text("SELECT count(*) FROM audit_log WHERE action = 'half'")).scalar()
    assert count == 0
