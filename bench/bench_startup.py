"""Start-up: from launching the process to a usable window (kiosk, counter login, display board)
next to a bare PySide6 window, and ``counter-app --version`` / ``--help`` next to a bare
``python -c pass``. Fresh processes, interleaved (floor, kiosk, counter, display, floor, …), on
a demo store made once (SQLite in a temporary folder), offscreen.

As on an installed PC, Python keeps the compiled bytecode of what it imported (this workplace
sets ``PYTHONDONTWRITEBYTECODE``, which would recompile ~130 modules on every start; the bench
removes it for its processes, and the untimed first round writes the caches).

Each figure is given as wall time and as CPU time of the process (user + system, from
``getrusage``): on a shared machine the wall time adds the waits for the other users' work.
Targets (on CPU time): windows median < 1.0 s; ``--version`` and ``--help`` median < 0.3 s.

Memory: a demo officer signs in at the counter and serves one ticket (called, served, finished;
``startup_probe.py`` with ``PROBE_SIGN_IN``); the process's peak resident memory then, next to
a bare PySide6 window's. Target: median < 200 MB.

Run: python bench/bench_startup.py [--runs 5] [--json-out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.benchlib import Measure, Target, report  # noqa: E402

WINDOWS = ("kiosk", "counter", "display")
OFFICER = "canbo1"  # a demo officer (counter-app init --demo)


def launch(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Run one process; return (wall ms to what it reports or to its exit, its CPU ms, its
    peak memory in MB as it reports it, else 0)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    proc = subprocess.run(args, env={**env, "BENCH_T0": repr(t0)}, capture_output=True,
                          text=True, timeout=120)
    wall = (time.time() - t0) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000
    if proc.returncode != 0:
        raise RuntimeError(f"{args}: exit {proc.returncode}\n{proc.stderr[-2000:]}")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    peak = 0.0
    if lines:
        reported = json.loads(lines[-1])
        if reported["ms"] is None:
            raise RuntimeError(f"{args}: the window never became usable")
        wall, peak = float(reported["ms"]), reported.get("peak_kib", 0) / 1024
    return wall, cpu, peak


def main() -> None:
    """Measure and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json-out")
    args = parser.parse_args()
    py = sys.executable
    script = Path(py).with_name("counter-app")
    cli = [str(script)] if script.exists() else [py, "-m", "counter_app.cli.main"]
    probe = [py, str(HERE / "startup_probe.py")]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(HERE.parent), QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        data = ["--data-dir", str(Path(tmp) / "data")]
        made = subprocess.run([*cli, *data, "init", "--demo"], env=env, check=True,
                              capture_output=True, text=True, timeout=300)
        # the demo officers' passwords, printed once by init ("  user: password")
        passwords = dict(ln.strip().split(": ", 1) for ln in made.stdout.splitlines()
                         if ln.startswith("  ") and ": " in ln)
        for key in ("queue.kiosk_opens", "queue.kiosk_closes"):  # issue at any hour
            subprocess.run([*cli, *data, "centre", "set", key, "00:00", "--officer", "quantri"],
                           env={**env, "COUNTER_APP_PASSWORD": passwords["quantri"]},
                           check=True, capture_output=True, timeout=120)
        runs: dict[str, list[tuple[float, float, float]]] = {}
        plan = {"floor-window": [*probe, "bare"],
                **{w: [*probe, "--", *data, w] for w in WINDOWS},
                "floor-python": [py, "-c", "pass"],
                "--version": [*cli, "--version"], "--help": [*cli, "--help"]}
        served = [*probe, "--", *data, "counter"]  # signs in and serves one ticket
        served_env = {**env, "PROBE_SIGN_IN": f"{OFFICER}:{passwords[OFFICER]}"}
        for cmd in plan.values():  # warm the disk cache, untimed
            launch(cmd, env)
        for _ in range(args.runs):
            for name, cmd in plan.items():
                runs.setdefault(name, []).append(launch(cmd, env))
            subprocess.run([*cli, *data, "ticket", "issue", "--service", "HT"], env=env,
                           check=True, capture_output=True, timeout=120)  # to be called
            runs.setdefault("served", []).append(launch(served, served_env))
    wall = {k: [w for w, _, _ in v] for k, v in runs.items()}
    cpu = {k: [c for _, c, _ in v] for k, v in runs.items()}
    peak = {k: [m for _, _, m in v] for k, v in runs.items()}
    floor_w = {k: Measure("", wall[f"floor-{k}"]).median for k in ("window", "python")}
    floor_c = {k: Measure("", cpu[f"floor-{k}"]).median for k in ("window", "python")}
    measures = [Measure("start: bare PySide6 window (floor, CPU)", cpu["floor-window"]),
                Measure("start: bare PySide6 window (floor, wall)", wall["floor-window"]),
                Measure("start: python -c pass (floor, CPU)", cpu["floor-python"]),
                Measure("start: python -c pass (floor, wall)", wall["floor-python"])]
    for name in (*WINDOWS, "--version", "--help"):
        kind = "python" if name.startswith("--") else "window"
        limit = 300 if kind == "python" else 1000
        label = f"counter-app {name}" if kind == "python" else f"start {name} to usable window"
        measures += [
            Measure(f"{label} (CPU)", cpu[name], floor=floor_c[kind],
                    floor_name=f"bare {kind}", target=Target("median", limit)),
            Measure(f"{label} (wall)", wall[name], floor=floor_w[kind],
                    floor_name=f"bare {kind}"),
        ]
    measures += [
        Measure("peak memory: bare PySide6 window (floor)", peak["floor-window"], unit="MB"),
        Measure("peak memory: counter signed in, one ticket served", peak["served"],
                unit="MB", floor=Measure("", peak["floor-window"]).median,
                floor_name="bare window", target=Target("median", 200)),
    ]
    report("startup", measures, args.json_out)


if __name__ == "__main__":
    main()
