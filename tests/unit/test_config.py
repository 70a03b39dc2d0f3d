"""Configuration file: defaults, overrides, and Vietnamese errors naming the key and value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from counter_app.adapters.config_file import (
    EXAMPLE_CONFIG,
    ConfigError,
    load_settings,
    parse_settings,
)
from counter_app.domain.reference import CentreLevel
from counter_app.domain.settings import Settings


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml") == Settings()


def test_example_config_parses_and_overrides() -> None:
    s = parse_settings(EXAMPLE_CONFIG + '\n[queue]\nmax_priority_in_row = 3\n')
    assert s.centre.agency_code == "H01.151.01"
    assert s.office_hours.morning == (dt.time(7, 30), dt.time(11, 30))
    assert s.office_hours.same_day_cutoff == dt.time(15, 0)
    assert s.queue.max_priority_in_row == 3


def test_partial_section_keeps_other_defaults() -> None:
    s = parse_settings('[centre]\nname = "Trung tâm Phục vụ hành chính công xã Định Mỹ"\n'
                       'level = "province_branch"\n')
    assert s.centre.name.endswith("Định Mỹ")
    assert s.centre.level is CentreLevel.PROVINCE_BRANCH
    assert s.centre.agency_code == Settings().centre.agency_code


def test_text_is_nfc() -> None:
    decomposed = "Trung ta\u0302m"  # â as a + combining circumflex
    s = parse_settings(f'[centre]\nname = "{decomposed}"\n')
    assert s.centre.name == "Trung tâm"


@pytest.mark.parametrize(("text", "key", "value"), [
    ('[printer]\nport = "abc"', "printer.port", "'abc'"),
    ('[office_hours]\nmorning = "7h-11h"', "office_hours.morning", "'7h-11h'"),
    ('[office_hours]\nsame_day_cutoff = "25:00"', "office_hours.same_day_cutoff", "'25:00'"),
    ('[centre]\nlevel = "district"', "centre.level", "'district'"),
    ('[display]\nvoice = "có"', "display.voice", "'có'"),
    ('[printer]\ncolour = 1', "printer.colour", ""),
])
def test_bad_value_names_key_and_value(text: str, key: str, value: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_settings(text)
    assert f"'{key}'" in info.value.message
    assert value in info.value.message
    assert info.value.message.startswith("Cấu hình sai")


def test_bad_agency_code_is_explained() -> None:
    with pytest.raises(ConfigError, match=r"Mã định danh cơ quan 'h01\.151'"):
        parse_settings('[centre]\nagency_code = "h01.151"')


def test_broken_toml(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[centre\nname=", encoding="utf-8")
    with pytest.raises(ConfigError, match="sai cú pháp TOML"):
        load_settings(path)


def test_rating_scale_is_configurable() -> None:
    from counter_app.domain.ratings import DEFAULT_SCALE, scale_from_settings

    default = scale_from_settings(Settings().rating)
    assert [(lv.code, lv.label, lv.negative) for lv in default.levels] == [
        (lv.code, lv.label, lv.negative) for lv in DEFAULT_SCALE.levels]
    assert default.negative_reasons == DEFAULT_SCALE.negative_reasons
    s = parse_settings('[rating]\nlevels = ["Rất hài lòng", "Hài lòng", "Bình thường", '
                       '"Không hài lòng"]\nnegative_levels = 2\n')
    scale = scale_from_settings(s.rating)
    assert [lv.label for lv in scale.levels][2] == "Bình thường"
    assert [lv.negative for lv in scale.levels] == [False, False, True, True]
    with pytest.raises(ConfigError, match=r"rating\.levels"):
        parse_settings('[rating]\nlevels = "Tốt"\n')


@pytest.mark.parametrize(("text", "key"), [
    ('timezone = "Mars/Olympus"', "timezone"),
    ('[printer]\nkind = "laser"', "printer.kind"),
    ('[printer]\nport = 99999', "printer.port"),
    ('[printer]\nport = 0', "printer.port"),
    ('[printer]\npaper_width_mm = 0', "printer.paper_width_mm"),
    ('[dossier]\ncopies = -5', "dossier.copies"),
    ('lookup_url_template = "https://x.gov.vn/tra-cuu?ma={code}"', "lookup_url_template"),
    ('database_url = "mysql://u:p@h/db"', "database_url"),
    ('[security]\nmax_failed_logins = 0', "security.max_failed_logins"),
])
def test_out_of_range_or_unknown_values_are_refused(text: str, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_settings(text)
    assert f"'{key}'" in info.value.message


def test_explicit_missing_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path / "khong-co.toml", explicit=True)
    assert "khong-co.toml" in info.value.message


def test_config_with_utf8_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"\xef\xbb\xbf" + '[centre]\nname = "Trung tâm xã Mẫu"\n'.encode())
    assert load_settings(path).centre.name == "Trung tâm xã Mẫu"


def test_value_from_text_and_overrides() -> None:
    from counter_app.adapters.config_file import apply_overrides, value_from_text

    assert value_from_text("security.lockout_minutes", "10") == 10
    assert value_from_text("display.voice", "false") is False
    with pytest.raises(ConfigError):
        value_from_text("printer.port", "99999")
    with pytest.raises(ConfigError):
        value_from_text("centre.nope", "x")
    s = apply_overrides(Settings(), {"centre.name": "Trung tâm xã A", "backup.keep": 7})
    assert s.centre.name == "Trung tâm xã A" and s.backup.keep == 7
