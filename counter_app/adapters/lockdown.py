"""File permissions of the data directory: only the PC user who runs the app may read it.

POSIX: the data directory and backup folders 0700; the store, config, backups and exports 0600.
On Windows ``chmod`` only toggles read-only, so nothing is done here: the installer creates the
data folder with an ACL limited to the PC's users (installer/).
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def _posix() -> bool:
    return os.name == "posix"


def private_dir(path: Path) -> Path:
    """Create ``path`` 0700 if it does not exist. A folder that already exists keeps its
    permissions: it may be one the user chose (``backup create --to /tmp``), and making a shared
    folder private would lock others out of it."""
    if not path.exists():
        path.mkdir(parents=True, exist_ok=True)
        if _posix():
            path.chmod(PRIVATE_DIR)
    return path


def private_data_dir(path: Path) -> Path:
    """The app's own data directory: created if needed, and always 0700."""
    path.mkdir(parents=True, exist_ok=True)
    if _posix():
        path.chmod(PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Make an existing file 0600 (missing files are ignored)."""
    if _posix() and path.exists():
        path.chmod(PRIVATE_FILE)
    return path


def restrict_new_files() -> None:
    """Make files this process creates from now on private (umask 077)."""
    if _posix():
        os.umask(0o077)


def lock_down_sqlite(store_file: Path) -> None:
    """The data directory 0700 and the store with its WAL and shared-memory files 0600 (only for
    the app's own data directory: the caller checks)."""
    private_data_dir(store_file.parent)
    for suffix in ("", "-wal", "-shm"):
        private_file(store_file.with_name(store_file.name + suffix))
