"""Self-test checks: a failure is one line with its reason, and the import list is complete."""

from __future__ import annotations

from counter_app.adapters.selftest import CheckSkipped, module_names, run_check
from counter_app.cli.selftest_cmds import format_result
from counter_app.domain.errors import DomainError


def test_failed_check_is_one_line_with_the_reason() -> None:
    def broken() -> str:
        raise RuntimeError("thiếu tệp\nchi tiết dòng hai")

    result = run_check("Thử", broken)
    assert not result.ok
    line = format_result(result)
    assert line.startswith("[LỖI] Thử: RuntimeError: thiếu tệp chi tiết dòng hai")
    assert "\n" not in line


def test_domain_error_reports_its_vietnamese_message() -> None:
    def refused() -> str:
        raise DomainError("Không kết nối được CSDL")

    assert "Không kết nối được CSDL" in run_check("CSDL", refused).detail


def test_passed_check_carries_its_detail() -> None:
    result = run_check("Thử", lambda: "xong")
    assert result.ok and format_result(result).startswith("[ĐẠT] Thử: xong (")


def test_every_module_is_listed_except_entry_point_and_migrations() -> None:
    names = module_names()
    assert "counter_app.cli.selftest_cmds" in names and "counter_app.ui.launcher" in names
    assert "counter_app.__main__" not in names
    assert not any(n.startswith("counter_app.adapters.db.migrations") for n in names)


def test_skipped_check_passes_and_says_why() -> None:
    def not_here() -> str:
        raise CheckSkipped("không chạy được ở đây")

    result = run_check("Xem trước", not_here)
    assert result.ok and result.skipped
    assert format_result(result).startswith("[BỎ QUA] Xem trước: không chạy được ở đây")
