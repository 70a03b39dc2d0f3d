"""``counter-app calendar add|remove|list``: the centre's working-day overrides.

An override wins over the ``holidays`` package's VN calendar: an extra day off (``off``) or a
make-up working day (``work``), with its source document and a "provisional" flag for schedules
not yet announced. Changing the calendar needs a supervisor (``--officer``). Registered by
``dossier_cmds`` (appointments are computed from this calendar).
"""

from __future__ import annotations

import argparse
import datetime as dt

from counter_app.app import CounterApp
from counter_app.cli.common import login, parse_day
from counter_app.domain.clock import CalendarOverride, OverrideKind


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``calendar`` command group."""
    p = sub.add_parser("calendar", help="lịch làm việc: ngày nghỉ, ngày làm bù của trung tâm")
    cs = p.add_subparsers(dest="calendar_command", required=True, metavar="ACTION")
    add = cs.add_parser("add", help="thêm hoặc sửa một ngày (off: nghỉ, work: làm việc)")
    add.add_argument("day", help="ngày, dạng YYYY-MM-DD hoặc dd/mm/yyyy")
    add.add_argument("--kind", required=True, choices=[k.value for k in OverrideKind])
    add.add_argument("--note", default="", help="ghi chú, ví dụ 'Nghỉ bù Quốc khánh'")
    add.add_argument("--source", default="", help="văn bản căn cứ, ví dụ 'Thông báo 123/TB-UBND'")
    add.add_argument("--provisional", action="store_true", help="lịch dự kiến, chưa công bố")
    add.add_argument("--officer", required=True, metavar="USER", help="giám sát hoặc quản trị")
    add.set_defaults(handler=run_add)
    rm = cs.add_parser("remove", help="bỏ điều chỉnh của một ngày")
    rm.add_argument("day")
    rm.add_argument("--officer", required=True, metavar="USER")
    rm.set_defaults(handler=run_remove)
    ls = cs.add_parser("list", help="liệt kê ngày nghỉ và ngày làm bù của một năm")
    ls.add_argument("--year", type=int, help="năm (mặc định: năm nay)")
    ls.set_defaults(handler=run_list)


def run_add(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``calendar add``."""
    override = CalendarOverride(parse_day(args.day), OverrideKind(args.kind), args.note,
                                args.source, args.provisional)
    app.calendar.put(login(app, args.officer), override)
    kind = "ngày nghỉ" if override.kind is OverrideKind.OFF else "ngày làm việc"
    print(f"Đã ghi {override.day:%d/%m/%Y} là {kind}"
          + (" (dự kiến)" if override.provisional else "") + ".")
    return 0


def run_remove(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``calendar remove``."""
    day = parse_day(args.day)
    if app.calendar.remove(login(app, args.officer), day):
        print(f"Đã bỏ điều chỉnh ngày {day:%d/%m/%Y}.")
    else:
        print(f"Ngày {day:%d/%m/%Y} không có điều chỉnh nào.")
    return 0


def run_list(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``calendar list``: days off and extra working days, overrides marked."""
    year = args.year or dt.datetime.now(app.tz).year
    calendar = app.calendar.calendar()
    overrides = {o.day: o for o in app.calendar.overrides(year)}
    print(f"Ngày nghỉ năm {year} (ngoài thứ Bảy, Chủ nhật):")
    for day in calendar.non_working_days(year):
        mark = " [điều chỉnh của trung tâm]" if day.from_override else ""
        source = overrides[day.day].source_document if day.day in overrides else ""
        print(f"  {day.day:%d/%m/%Y} {day.label_vi}{mark}" + (f" — {source}" if source else ""))
    extra = calendar.extra_working_days(year)
    if extra:
        print(f"Ngày làm việc bù năm {year}:")
        for workday in extra:
            o = overrides.get(workday)
            note = f" — {o.note or o.source_document}" if o and (o.note or o.source_document) else ""
            provisional = " (dự kiến)" if calendar.is_provisional(workday) else ""
            print(f"  {workday:%d/%m/%Y}{provisional}{note}")
    if calendar.any_provisional(dt.date(year, 1, 1), dt.date(year, 12, 31)):
        print("Lưu ý: lịch nghỉ năm này chưa được công bố chính thức (dự kiến).")
    return 0
