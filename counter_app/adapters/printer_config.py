"""The ``[printer]`` table of this PC's config file, read and rewritten in place.

Only that table is replaced; every other line (and its comments) stays as the admin wrote it. The
new text is parsed by the normal config loader before it replaces the file (written to a temporary
file, mode 0600, then renamed), so a refused value never leaves a broken config behind.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

from counter_app.adapters.config_file import load_settings, parse_settings
from counter_app.domain.errors import DomainError
from counter_app.domain.settings import PrinterSettings

_TABLE = re.compile(r"^\s*\[([^\]]+)\]\s*(#.*)?$")


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def printer_table(printer: PrinterSettings) -> str:
    """The ``[printer]`` table holding every field of ``printer``."""
    lines = ["[printer]"]
    lines += [f"{f.name} = {_toml_value(getattr(printer, f.name))}"
              for f in dataclasses.fields(printer)]
    return "\n".join(lines) + "\n"


def without_table(text: str, name: str) -> str:
    """``text`` with the table ``[name]`` (header to the next table) removed."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        match = _TABLE.match(line)
        if match:
            skipping = match.group(1).strip() == name
        if not skipping:
            out.append(line)
    return "".join(out)


class FilePrinterConfig:
    """The :class:`~counter_app.services.devices.PrinterConfig` port on the TOML config file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read_printer(self) -> PrinterSettings:
        """The printer settings as the file holds them now."""
        return load_settings(self.path).printer

    def write_printer(self, printer: PrinterSettings) -> PrinterSettings:
        """Replace the ``[printer]`` table; return the settings as the loader reads them back."""
        try:
            old = self.path.read_text(encoding="utf-8-sig") if self.path.exists() else ""
        except OSError as exc:
            raise DomainError(f"Không đọc được tệp cấu hình {self.path}: {exc}") from exc
        kept = without_table(old, "printer").rstrip()
        text = (kept + "\n\n" if kept else "") + printer_table(printer)
        settings = parse_settings(text, str(self.path))
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            tmp.replace(self.path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise DomainError(f"Không ghi được tệp cấu hình {self.path}: {exc}") from exc
        return settings.printer
