"""Builders the people tests share: fictitious ID numbers and filled-in roster files."""

import datetime

from duikou.people.roster import roster_template
from duikou.people.services import id_check_digit
from tests.spreadsheets import filled

TODAY = datetime.date(2026, 11, 29)  # the demo's dates are fixed; so is "today" in tests
BORN = datetime.date(1984, 4, 4)


def make_id(born: datetime.date, sequence: int, area: str = "320102") -> str:
    first = f"{area}{born:%Y%m%d}{sequence % 1000:03d}"
    return first + id_check_digit(first)


def workbook(rows: list[dict]) -> bytes:
    """The downloaded template, filled in by header."""
    return filled(roster_template(), rows)


def row(n: int, **changes) -> dict:
    values = {
        "姓名": f"导入{n:02d}",
        "性别": "女" if n % 2 else "男",
        "出生日期": BORN.isoformat(),
        "学历": "硕士研究生",
        "职称": "主治医师",
        "身份证号": make_id(BORN, n),
        "手机号": f"1390000{n:04d}",
        "派出单位": "江苏省人民医院",
        "批次": 13,
        "人才类别": "医疗人才",
        "受援地区代码": "653001",
        "受援单位": "克州人民医院心血管内科",
        "岗位": "心血管内科医师",
        "开始日期": "2026-03-01",
    }
    values.update(changes)
    return values
