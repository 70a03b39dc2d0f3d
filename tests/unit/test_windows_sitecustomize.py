"""The Windows build's sitecustomize: a process without a console logs to ProgramData."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SITECUSTOMIZE = Path(__file__).resolve().parents[2] / "installer" / "windows" / "sitecustomize.py"
SCRIPT = f"""
import runpy, sys
module = runpy.run_path({str(SITECUSTOMIZE)!r})
print("Lỗi: không kết nối được CSDL", file=sys.stderr)
print("Lỗi: dòng thứ hai", file=sys.stderr)
print("tee error:", sys.stderr.error, file=sys.stderr)
"""


def test_windowed_process_writes_errors_to_the_log(tmp_path: Path) -> None:
    # stderr closed: sys.stderr is None, as under pythonw.exe
    subprocess.run([sys.executable, "-c", SCRIPT], env={"PROGRAMDATA": str(tmp_path)},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   close_fds=True, pass_fds=(), stdin=subprocess.DEVNULL,
                   preexec_fn=lambda: __import__("os").close(2))
    log = (tmp_path / "counter-app" / "logs" / "counter-app.log").read_text(encoding="utf-8")
    assert "Lỗi: không kết nối được CSDL" in log
    assert "tee error: Lỗi: không kết nối được CSDL" in log  # the first error is the one shown


def test_process_with_a_console_is_left_alone(tmp_path: Path) -> None:
    script = SCRIPT.rsplit("print(", 1)[0]  # without the line reading the tee
    out = subprocess.run([sys.executable, "-c", script],
                         env={"PROGRAMDATA": str(tmp_path)}, capture_output=True, text=True,
                         check=True)
    assert "Lỗi: không kết nối được CSDL" in out.stderr
    assert not (tmp_path / "counter-app").exists()
