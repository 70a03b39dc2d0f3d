"""Benchmark the public web service (``counter-app web``) on SQLite with many dossiers.

Prints requests per second and latency (median, p95) for the dossier page, the dossier API and
the mobile-ticket API, a wrong token against an unknown code (they should cost the same), and the
server's memory (resident set after the load, and its peak).

The store is built by ``bench_dossier.prepare`` (bulk SQL, default 1,000,000 dossiers, kept in
``--db`` for reuse); the server is the real command, ``counter-app web``, in its own process (one
uvicorn worker), with the per-address limit raised so the load generator is not throttled. The
load comes from ``--clients`` keep-alive HTTP connections in a separate process, each sending its
next request as soon as the previous answer arrives, for ``--seconds`` per endpoint. On the shared
2-core machine the client and the server compete for the same cores, so the figures are a floor.

Usage: python bench/bench_web.py [--dossiers N] [--db PATH] [--seconds S] [--clients C]
       [--json-out FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import multiprocessing as mp
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_dossier import prepare  # noqa: E402
from bench.benchlib import Measure, Target, report  # noqa: E402
from counter_app.domain.settings import QueueSettings, Settings  # noqa: E402
from counter_app.services.queue import QueueEngine  # noqa: E402

CONFIG = """\
[web]
requests_per_ip_per_minute = 100000
wrong_tokens_per_code_per_hour = 1000
[queue]
kiosk_opens = "00:00"
kiosk_closes = "23:59"
"""


def load(port: int, paths: list[str], seconds: float, clients: int,
         out: mp.Queue) -> None:  # type: ignore[type-arg]
    """Client process: ``clients`` threads, each a keep-alive connection hammering ``paths``
    (picked at random); puts (path index, ms) pairs, status counts and the elapsed time."""
    latencies: list[tuple[int, float]] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[tuple[int, float]] = []
        codes: dict[int, int] = {}
        while time.monotonic() < stop:
            i = rng.randrange(len(paths))
            start = time.perf_counter()
            conn.request("GET", paths[i])
            resp = conn.getresponse()
            resp.read()
            mine.append((i, (time.perf_counter() - start) * 1000))
            codes[resp.status] = codes.get(resp.status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for k, v in codes.items():
                statuses[k] = statuses.get(k, 0) + v

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put((latencies, statuses, time.monotonic() - began))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_load(port: int, paths: list[str], seconds: float, clients: int, server_pid: int
             ) -> tuple[list[tuple[int, float]], dict[int, int], float, float]:
    """Run the load in a separate process; return (path index, ms) pairs, status counts, req/s
    and the server's CPU milliseconds per request (independent of the other users' load)."""
    queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    cpu0 = cpu_seconds(server_pid)
    proc = mp.Process(target=load, args=(port, paths, seconds, clients, queue))
    proc.start()
    latencies, statuses, elapsed = queue.get()
    proc.join()
    cpu_ms = (cpu_seconds(server_pid) - cpu0) * 1000 / max(1, len(latencies))
    return latencies, statuses, len(latencies) / elapsed, cpu_ms


def rss_kib(pid: int) -> tuple[int, int]:
    """Resident set and its peak of process ``pid`` (KiB), from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def main() -> None:
    """Build or reuse the store, start the server, load each endpoint, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/counter-app-bench-web.sqlite3"))
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--port", type=int, default=18090)
    parser.add_argument("--json-out")
    args = parser.parse_args()

    store, codes, _names, _ids = prepare(args.db, args.dossiers)
    engine = QueueEngine(store.uow, Settings(queue=QueueSettings(
        kiosk_opens=dt.time(0, 0), kiosk_closes=dt.time(23, 59))))
    tickets = [engine.issue_ticket("HT") for _ in range(40)]
    store.close()

    tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
    (tmp / "counter-app.toml").write_text(CONFIG, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "counter_app", "--data-dir", str(tmp),
         "--database-url", f"sqlite:///{args.db}", "web", "--port", str(args.port)],
        env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        rss_idle = rss_kib(server.pid)[0]
        endpoints = {
            "dossier page (HTML)": [f"/tra-cuu?ma={c}&k=ABCDEFGH" for c in codes],
            "dossier API (JSON)": [f"/api/v1/ho-so/{c}?k=ABCDEFGH" for c in codes],
            "mobile ticket API (JSON)": [f"/api/v1/ve/{t.id.hex}?k={t.web_token}"
                                         for t in tickets],
        }
        measures: list[Measure] = []
        for name, paths in endpoints.items():
            pairs, statuses, rate, cpu_ms = run_load(args.port, paths, args.seconds,
                                                     args.clients, server.pid)
            assert set(statuses) == {200}, statuses
            measures.append(Measure(f"{name} latency", [ms for _, ms in pairs], "ms",
                                    target=Target("p95", 20.0)))
            measures.append(Measure(f"{name} throughput", [rate], "req/s",
                                    target=Target("median", 500.0, at_least=True),
                                    note=f"{args.clients} connections, {args.seconds:g} s"))
            measures.append(Measure(f"{name} server CPU per request", [cpu_ms], "ms",
                                    note=f"= {1000 / cpu_ms:.0f} req/s per free core"))
        # one connection: the latency of a request that does not queue behind others
        pairs, statuses, rate, _ = run_load(args.port, endpoints["dossier page (HTML)"], 4.0, 1,
                                            server.pid)
        assert set(statuses) == {200}, statuses
        measures.append(Measure("dossier page, one connection, latency",
                                [ms for _, ms in pairs], "ms", target=Target("p95", 20.0),
                                note=f"{rate:.0f} req/s"))
        # wrong tokens and unknown codes interleaved on one connection: the same cost
        refusals = [f"/api/v1/ho-so/{c}?k=ZZZZZZZZ" for c in codes[:20]] + [
            f"/api/v1/ho-so/{c[:-4]}9999?k=ABCDEFGH" for c in codes[:20]]
        pairs, statuses, _, _ = run_load(args.port, refusals, 4.0, 1, server.pid)
        assert set(statuses) == {404}, statuses
        measures.append(Measure("refusal: wrong token", [ms for i, ms in pairs if i < 20], "ms"))
        measures.append(Measure("refusal: unknown code", [ms for i, ms in pairs if i >= 20],
                                "ms"))
        rss, peak = rss_kib(server.pid)
        measures.append(Measure("server memory (RSS idle → after load)",
                                [rss / 1024], "MiB", note=f"idle {rss_idle / 1024:.0f} MiB, "
                                f"peak {peak / 1024:.0f} MiB"))
        print(f"{args.dossiers:,} dossiers in {args.db}; server RSS idle {rss_idle / 1024:.0f} MiB,"
              f" after load {rss / 1024:.0f} MiB, peak {peak / 1024:.0f} MiB")
        for m in measures:
            if m.unit == "req/s":
                print(f"  {m.name:<40} {m.median:8.0f} req/s   (target ≥ 500)")
            elif "CPU" in m.name:
                print(f"  {m.name:<54} {m.median:6.2f} ms   ({m.note})")
        report("bench_web", measures, args.json_out)
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
