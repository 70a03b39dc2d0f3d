"""Start and stop a throw-away PostgreSQL server on 127.0.0.1 for the test suite and benchmarks.

Uses the Debian ``postgresql`` package's binaries. As root, the server runs as the ``postgres``
user (initdb refuses root). Set ``COUNTER_APP_TEST_PG_URL`` to use an existing server instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bindir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                        key=lambda p: int(Path(p).parent.name))
    if not candidates:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql")
    return Path(candidates[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


class PgServer:
    """A PostgreSQL cluster in a temporary directory, listening on 127.0.0.1 only."""

    def __init__(self, *, durable: bool = False, options: str = "") -> None:
        self.bindir = _bindir()
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="counter-app-pg-"))
        self.durable = durable
        self.options = options  # extra server options, e.g. "-c log_lock_waits=on"
        self._as_postgres = os.geteuid() == 0

    def _run(self, *cmd: str) -> None:
        full = list(cmd)
        if self._as_postgres:
            full = ["runuser", "-u", "postgres", "--", *full]
        done = subprocess.run(full, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode:
            log = self.dir / "log"
            tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
            raise RuntimeError(f"{full[-1]} failed: {done.stderr.decode(errors='replace')}\n{tail}")

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the ``postgres`` database."""
        return f"postgresql+psycopg://counter@127.0.0.1:{self.port}/postgres"

    def start(self) -> PgServer:
        """Create the cluster and start the server; wait until it accepts connections."""
        if self._as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        data = self.dir / "data"
        self._run(str(self.bindir / "initdb"), "-D", str(data), "-U", "counter",
                  "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self.resume()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("PostgreSQL did not start")

    def pids(self) -> list[int]:
        """The postmaster's process id and its children's (backends, background workers)."""
        try:
            main = int((self.dir / "data" / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return []
        found = [main]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == main:
                found.append(int(stat.parent.name))
        return found

    def freeze(self) -> None:
        """Stop every server process (SIGSTOP): connections stay open but nothing answers."""
        self._signal(signal.SIGSTOP)

    def thaw(self) -> None:
        """Resume the processes stopped by :meth:`freeze`."""
        self._signal(signal.SIGCONT)

    def _signal(self, sig: signal.Signals) -> None:
        for pid in self.pids():
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass  # a backend that just ended

    def crash(self) -> None:
        """``kill -9`` every process of the cluster (found by working directory, so backends that
        outlive the postmaster are caught too); returns once none is left."""
        data = (self.dir / "data").resolve()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            left = []
            for cwd in Path("/proc").glob("[0-9]*/cwd"):
                try:
                    if cwd.resolve() == data and not _zombie(int(cwd.parent.name)):
                        left.append(int(cwd.parent.name))
                except OSError:
                    continue
            if not left:
                # a killed postmaster may stay a zombie (nobody reaps it in a container): its
                # lock files would make the next start believe it still runs
                (self.dir / "data" / "postmaster.pid").unlink(missing_ok=True)
                (self.dir / f".s.PGSQL.{self.port}.lock").unlink(missing_ok=True)
                return
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.05)
        raise RuntimeError("PostgreSQL processes survived kill -9")

    def halt(self) -> None:
        """Shut the server down immediately, keeping its files (start it again with resume)."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.dir / "data"),
                  "-m", "immediate", "-w", "stop")

    def resume(self) -> None:
        """Start the server halted by :meth:`halt` again on the same port and files."""
        opts = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} "
                "-c max_connections=200 -c shared_buffers=64MB")
        if not self.durable:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        if self.options:
            opts += " " + self.options
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.dir / "data"), "-o", opts,
                  "-l", str(self.dir / "log"), "-w", "-t", "60", "start")

    def stop(self) -> None:
        """Stop the server (frozen, halted or running) and delete its files."""
        try:
            self.thaw()
            self.halt()
        except RuntimeError:
            pass  # already halted
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
