"""Apply Alembic migrations programmatically (at start-up and by ``counter-app init``).

Start-up speed: every window and command opens the store, and the store is nearly always
current. Alembic (with Mako and its script loader, ~0.3 s to import) is only imported when an
upgrade is due: the newest revision is the highest-numbered file of ``migrations/versions`` (the
chain is linear and revision ids equal file stems, checked against Alembic by
``tests/integration/test_foundation_store``), and the store's revision is one ``SELECT`` from
``alembic_version``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


def alembic_config(url: str = "") -> Config:
    """Return an Alembic config pointing at the bundled migrations."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


@cache
def head_revision() -> str:
    """Return the newest migration's revision id (the highest-numbered file's stem)."""
    stems = sorted(p.stem for p in (MIGRATIONS_DIR / "versions").iterdir()
                   if _REVISION_FILE.match(p.name))
    return stems[-1] if stems else ""


def current_revision(engine: Engine) -> str | None:
    """Return the store's revision, or None for an empty store."""
    with engine.connect() as conn:
        try:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        except DBAPIError:  # no alembic_version table: an empty store
            return None
        return str(row[0]) if row else None


def upgrade(engine: Engine) -> bool:
    """Bring the store to the newest revision; return True when anything was applied."""
    if current_revision(engine) == head_revision():
        return False
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        conn = conn.execution_options(deadline=False)  # DDL on a big table may take a while
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True


def known_revisions() -> set[str]:
    """Return every revision id this software's migrations know."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}
