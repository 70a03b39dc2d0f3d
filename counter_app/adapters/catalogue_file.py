"""Read catalogue and field files (CSV or JSON) into numbered raw rows for validation."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from counter_app.adapters.resources import resource_path
from counter_app.domain.errors import DomainError, file_problem

CSV_COLUMNS = (
    "code", "variant", "name", "field", "time_unit", "time_amount", "time_note",
    "fee_in_person", "fee_online", "fee_post", "fee_note", "documents", "effective_from",
    "decision",
)


def read_catalogue_file(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """Return ``(row number, record)`` pairs from a CSV (numbered by file line) or JSON file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise file_problem(path, exc, writing=False) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(f"Tệp {path} không phải UTF-8 (hãy lưu lại với mã hóa UTF-8).") from exc
    if path.suffix.lower() == ".json":
        return _json_rows(text, path)
    if path.suffix.lower() == ".csv":
        return _csv_rows(text, path)
    raise DomainError(f"Tệp {path.name}: chỉ nhận .csv hoặc .json.")


def _json_rows(text: str, path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DomainError(f"Tệp {path.name} sai cú pháp JSON ở dòng {exc.lineno}: {exc.msg}") from exc
    items = data.get("procedures") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise DomainError(f"Tệp {path.name}: cần một danh sách thủ tục (khóa 'procedures').")
    return [(n, item if isinstance(item, dict) else {}) for n, item in enumerate(items, 1)]


def _csv_rows(text: str, path: Path) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("code", "name", "field", "time_unit", "effective_from")
               if c not in (reader.fieldnames or [])]
    if missing:
        raise DomainError(f"Tệp {path.name} thiếu cột: {', '.join(missing)}.")
    return [(reader.line_num, dict(row)) for row in reader]


def read_fields_file(path: Path | None = None) -> list[dict[str, Any]]:
    """Return the field definitions (lĩnh vực) shipped in resources or given in ``path``."""
    path = path or resource_path("catalogue", "fields.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise DomainError(f"Tệp {path.name}: cần một danh sách lĩnh vực.")
    return data


def shipped_catalogue() -> list[tuple[int, dict[str, Any]]]:
    """Return the rows of the procedure catalogue shipped in ``resources/catalogue``."""
    return read_catalogue_file(resource_path("catalogue", "procedures.json"))
