"""Read catalogue and field files (CSV or JSON) into numbered raw rows for validation."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from counter_app.domain.errors import DomainError, file_problem
from counter_app.resources import resource_path

CSV_COLUMNS = (
    "code", "variant", "name", "field", "time_unit", "time_amount", "time_note",
    "fee_in_person", "fee_online", "fee_post", "fee_note", "documents", "effective_from",
    "decision", "milestones",
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


def write_catalogue_file(path: Path, records: list[dict[str, Any]]) -> None:
    """Write import records to ``path`` as JSON or CSV (by suffix), readable back by the import.

    Written to a temporary file first and renamed, so a failed export never leaves half a file.
    """
    suffix = path.suffix.lower()
    if suffix == ".json":
        text = json.dumps({"procedures": records}, ensure_ascii=False, indent=1)
    elif suffix == ".csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for r in records:
            fees = r.get("fees") or {}
            writer.writerow({
                **{k: r.get(k, "") for k in CSV_COLUMNS if k not in ("documents", "milestones")},
                "fee_in_person": _fee(fees.get("1")), "fee_online": _fee(fees.get("2")),
                "fee_post": _fee(fees.get("3")),
                "documents": ";".join(f"{d['name']}|{d['form']}|{d['count']}"
                                      for d in r.get("documents") or []),
                "milestones": ";".join(f"{m['label']}|{m['time_unit']}|{m['time_amount']}"
                                       for m in r.get("milestones") or []),
            })
        text = out.getvalue()
    else:
        raise DomainError(f"Tệp {path.name}: chỉ xuất ra .csv hoặc .json.")
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.chmod(0o600)
        tmp.replace(path)
    except OSError as exc:
        if tmp.parent.is_dir():
            tmp.unlink(missing_ok=True)
        raise file_problem(path, exc, writing=True) from exc


def _fee(value: Any) -> str:
    return "" if value is None else str(value)


def read_fields_file(path: Path | None = None) -> list[dict[str, Any]]:
    """Return the field definitions (lĩnh vực) shipped in resources or given in ``path``."""
    path = path or resource_path("catalogue", "fields.json")
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    if not isinstance(data, list):
        raise DomainError(f"Tệp {path.name}: cần một danh sách lĩnh vực.")
    return data


def shipped_catalogue() -> list[tuple[int, dict[str, Any]]]:
    """Return the rows of the procedure catalogue shipped in ``resources/catalogue``."""
    return read_catalogue_file(resource_path("catalogue", "procedures.json"))


class CatalogueFileIO:
    """The :class:`~counter_app.services.catalogue_admin.CatalogueFiles` port on local files."""

    def read(self, path: Path) -> list[tuple[int, dict[str, Any]]]:
        """Return numbered raw records of ``path``."""
        return read_catalogue_file(path)

    def write(self, path: Path, records: list[dict[str, Any]]) -> None:
        """Write import records to ``path``."""
        write_catalogue_file(path, records)
