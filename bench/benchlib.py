"""Shared pieces of the benchmarks: one measured figure (:class:`Measure`), its target, the
statistics, and the ``--json-out`` hand-over that ``bench/run_all.py`` reads.

A measure holds raw samples (milliseconds, or a unit of its own) and optionally the floor
measured in the same run (a bare operation on the same machine and store); the ratio is
``median / floor``. Targets say which statistic must stay under which limit, e.g.
``Target("median", 30)`` or ``Target("ratio", 3.0, inclusive=True)``. No test asserts a time:
the figures live here and in the table ``run_all.py`` prints.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

STATS = ("median", "p95", "ratio", "value")


@dataclass(frozen=True)
class Target:
    """``stat`` (median, p95, ratio or value) must be below ``limit`` (or equal with
    ``inclusive``; with ``at_least``, at or above it: a throughput)."""

    stat: str
    limit: float
    inclusive: bool = False
    at_least: bool = False

    def text(self, unit: str) -> str:
        """Human form, e.g. ``p95 < 60 ms``, ``ratio ≤ 3.0`` or ``median ≥ 500 req/s``."""
        op = "≥" if self.at_least else "≤" if self.inclusive else "<"
        if self.stat == "ratio":
            return f"ratio {op} {self.limit:g}"
        if self.stat == "value":
            return f"{op} {self.limit:g} {unit}".strip() if self.limit else "= 0"
        return f"{self.stat} {op} {self.limit:g} {unit}".strip()

    def met(self, value: float) -> bool:
        """Whether ``value`` meets the target."""
        if self.at_least:
            return value >= self.limit
        return value <= self.limit if self.inclusive else value < self.limit


def p95(samples: Sequence[float]) -> float:
    """95th percentile (nearest rank) of ``samples``."""
    s = sorted(samples)
    return s[max(0, min(len(s) - 1, round(0.95 * len(s)) - 1))]


@dataclass
class Measure:
    """One figure of one benchmark run."""

    name: str
    samples: list[float]
    unit: str = "ms"
    floor: float | None = None  # the floor's median, same unit
    floor_name: str = ""
    target: Target | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float:
        """Median of the samples."""
        return float(statistics.median(self.samples))

    @property
    def p95(self) -> float:
        """95th percentile of the samples."""
        return float(p95(self.samples))

    @property
    def ratio(self) -> float | None:
        """Median over the floor, if there is one."""
        return self.median / self.floor if self.floor else None

    def stat(self, name: str) -> float:
        """The value of statistic ``name`` (``value`` is the median of a count)."""
        if name == "ratio":
            r = self.ratio
            return float("nan") if r is None else r
        return self.p95 if name == "p95" else self.median

    @property
    def passed(self) -> bool | None:
        """Whether the target is met (None without a target)."""
        return None if self.target is None else self.target.met(self.stat(self.target.stat))

    def row(self) -> dict[str, Any]:
        """The measure as one JSON-able row (samples left out)."""
        return {
            "measure": self.name, "unit": self.unit, "n": len(self.samples),
            "median": self.median, "p95": self.p95, "floor": self.floor,
            "floor_name": self.floor_name, "ratio": self.ratio,
            "target": self.target.text(self.unit) if self.target else "",
            "target_spec": asdict(self.target) if self.target else None,
            "pass": self.passed, "note": self.note, **self.extra,
        }


def timed(fn: Callable[[], object], runs: int, *, warmup: int = 1) -> list[float]:
    """Milliseconds of ``runs`` calls of ``fn`` after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def interleaved(fns: dict[str, Callable[[], object]], runs: int, *, warmup: int = 1,
                cpu: bool = False) -> dict[str, list[float]]:
    """Time each of ``fns`` ``runs`` times, alternating between them (A B C A B C …), so a
    burst of load on the shared machine hits all of them alike; milliseconds of wall time, and
    with ``cpu`` also ``<name>/cpu``: this thread's CPU time (what the call costs, without the
    waits for the machine's other users)."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    out: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            c = time.thread_time()
            t = time.perf_counter()
            fn()
            out[name].append((time.perf_counter() - t) * 1000)
            if cpu:
                out.setdefault(f"{name}/cpu", []).append((time.thread_time() - c) * 1000)
    return out


def machine() -> dict[str, Any]:
    """CPU count and load average now."""
    return {"cpus": os.cpu_count(), "load": [round(x, 2) for x in os.getloadavg()]}


def fmt(value: float | None, unit: str = "") -> str:
    """A figure with sensible precision."""
    if value is None:
        return "—"
    text = f"{value:.0f}" if abs(value) >= 100 else f"{value:.1f}" if abs(value) >= 10 \
        else f"{value:.2f}"
    return f"{text} {unit}".strip()


def report(bench: str, measures: Sequence[Measure], json_out: str | None) -> None:
    """Print the measures; with ``json_out`` also write them (and the machine) as JSON."""
    print(f"{bench}  [{machine()['cpus']} CPUs, load {machine()['load']}]")
    for m in measures:
        verdict = {None: "", True: "pass", False: "FAIL"}[m.passed]
        ratio = f"{m.ratio:.2f}x {m.floor_name}" if m.ratio is not None else ""
        print(f"  {m.name:<46} median {fmt(m.median, m.unit):>10}  p95 {fmt(m.p95, m.unit):>10}"
              f"  {ratio:<28} {m.target.text(m.unit) if m.target else '':<18} {verdict}")
    if json_out:
        Path(json_out).write_text(json.dumps(
            {"bench": bench, "machine": machine(), "measures": [m.row() for m in measures]},
            ensure_ascii=False, indent=1), encoding="utf-8")
