"""Run every benchmark, print one table and write it as JSON.

Each benchmark script runs in its own process (fresh imports, its own memory) with
``--json-out``; a round runs them all one after the other, and ``--rounds`` rounds (default 3) are
interleaved, so a burst of load from the other users of the machine spreads over all figures
instead of spoiling one. Every figure that has a floor was measured against it in the same
process and round (ratios hold better than absolute times on a shared machine).

The table shows, per measure, the round with the worst value of the targeted statistic (median,
p95 or ratio) and how many rounds met the target: "pass" only if all did.

Usage: python bench/run_all.py [--rounds 3] [--only receipt,queue] [--json bench/results.json]
       [--markdown]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.benchlib import fmt, machine  # noqa: E402

# name -> script and its arguments for the table (kept short enough for three rounds)
BENCHES: dict[str, list[str]] = {
    "receipt": ["bench_receipt_pdf.py", "--runs", "60"],
    "queue": ["bench_queue.py", "--n", "200"],  # 8 clients x 100 timed calls: a steady p95
    "ledger": ["bench_ledger.py"],
    "startup": ["bench_startup.py", "--runs", "5"],
    # 1,000,000 dossiers: built once (~10 min) in /tmp and reused by every later run
    "web": ["bench_web.py", "--seconds", "5"],
}


def run_bench(name: str, round_no: int) -> dict[str, Any]:
    """Run one benchmark script and return its JSON document."""
    script, *args = BENCHES[name]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, str(HERE / script), *args, "--json-out",
                               str(out)], env=env, cwd=ROOT, capture_output=True, text=True,
                              timeout=1800)
        took = time.perf_counter() - start
        if proc.returncode != 0 or not out.exists():
            print(f"  {name}: FAILED (exit {proc.returncode})\n{proc.stderr[-3000:]}",
                  file=sys.stderr)
            return {"bench": name, "failed": True, "measures": []}
        doc: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    print(f"round {round_no}: {name} done in {took:.0f} s (load {machine()['load']})",
          file=sys.stderr)
    doc["bench"] = name
    return doc


def combine(rounds: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One row per measure: the worst round for its target, with the count of rounds passed."""
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for docs in rounds:
        for doc in docs:
            for row in doc["measures"]:
                by_key.setdefault((doc["bench"], row["measure"]), []).append(row)
    table = []
    for (bench, _), rows in by_key.items():
        spec = rows[0]["target_spec"]
        stat = spec["stat"] if spec else "median"
        key = "median" if stat == "value" else stat
        pick = min if spec and spec.get("at_least") else max  # the worst round
        worst = pick(rows, key=lambda r: r[key] if r[key] is not None else 0.0)
        passes = [r["pass"] for r in rows if r["pass"] is not None]
        table.append({**worst, "bench": bench, "rounds": len(rows),
                      "rounds_passed": sum(passes) if spec else None,
                      "pass": (all(passes) and len(passes) == len(rows)) if spec else None,
                      "medians": [r["median"] for r in rows]})
    return table


def text_table(table: list[dict[str, Any]], markdown: bool) -> str:
    """The table as aligned text or as Markdown."""
    head = ["measure", "median", "p95", "floor", "ratio", "target", "result"]
    lines = []
    for r in table:
        verdict = "" if r["pass"] is None else (
            f"{'pass' if r['pass'] else 'FAIL'} {r['rounds_passed']}/{r['rounds']}")
        floor = f"{fmt(r['floor'], r['unit'])} {r['floor_name']}".strip() \
            if r["floor"] is not None else "—"
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else "—"
        lines.append([r["measure"], fmt(r["median"], r["unit"]), fmt(r["p95"], r["unit"]),
                      floor, ratio, r["target"] or "—", verdict or "—"])
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(cells) + " |" for cells in lines]
        return "\n".join(out)
    widths = [max(len(c[i]) for c in [head, *lines]) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
                     for cells in [head, *lines])


def main() -> int:
    """Run the rounds, print the table, write the JSON; exit 1 if a target was missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated: " + ",".join(BENCHES))
    parser.add_argument("--json", default=str(HERE / "results.json"), help="where to write")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    names = [n for n in (args.only.split(",") if args.only else BENCHES) if n]
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    started = dt.datetime.now(dt.UTC)
    load_before = machine()["load"]
    rounds = [[run_bench(n, i + 1) for n in names] for i in range(args.rounds)]
    table = combine(rounds)
    load_after = machine()["load"]
    header = (f"counter_app benchmarks {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
              f"load average {load_before} before, {load_after} after; {args.rounds} rounds "
              "interleaved, each row the worst round")
    print(header)
    print(text_table(table, args.markdown))
    Path(args.json).write_text(json.dumps({
        "started": started.isoformat(), "cpus": os.cpu_count(), "load_before": load_before,
        "load_after": load_after, "rounds": args.rounds, "table": table,
        "runs": [[{k: v for k, v in d.items()} for d in r] for r in rounds],
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written: {args.json}")
    failed = any(r["pass"] is False for r in table) or any(
        d.get("failed") for r in rounds for d in r)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
