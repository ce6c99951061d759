"""Load the administrative tree from the statistical division codes shipped in ``geo/data``.

The NBS files use unpadded codes (``65``, ``6530``, ``653001``, ``653001001``); we store the
padded GB/T 2260 forms (``650000``, ``653000``) and 9-digit township codes. Pseudo-units such as
市辖区 or 自治区直辖县级行政区划 are not regions: their children hang under the province, so that
可克达拉市 659008 sits directly under Xinjiang.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

PSEUDO_PREFECTURE_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
TOWNSHIP_FILES = ("streets_65_xinjiang.csv", "streets_32_jiangsu.csv")

XPCC_CODE = "660000"
XPCC_NAME = "新疆生产建设兵团"
# Division number → the county-level city it governs jointly (师市合一); None where there is none.
XPCC_DIVISIONS: list[tuple[int, str | None]] = [
    (1, "659002"),  # 阿拉尔市
    (2, "659006"),  # 铁门关市
    (3, "659003"),  # 图木舒克市
    (4, "659008"),  # 可克达拉市
    (5, "659007"),  # 双河市
    (6, "659004"),  # 五家渠市
    (7, "659010"),  # 胡杨河市
    (8, "659001"),  # 石河子市
    (9, "659012"),  # 白杨市
    (10, "659005"),  # 北屯市
    (11, None),  # 建工师
    (12, None),
    (13, "659011"),  # 新星市
    (14, "659009"),  # 昆玉市
]
CHINESE_NUMERALS = [
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
]


ORDINALS_EN = {1: "1st", 2: "2nd", 3: "3rd"}


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None
    linked_city_code: str | None = None
    name_en: str = ""


def _read(name: str) -> Iterator[dict[str, str]]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def pad(code: str) -> str:
    """Pad a 2- or 4-digit statistical code to the 6-digit form; 6 and 9 digits stay."""
    code = code.strip()
    if len(code) in (2, 4):
        return code.ljust(6, "0")
    return code


def xpcc_division_code(number: int) -> str:
    return f"66{number:02d}00"


def english_names() -> dict[str, str]:
    """English names of the regions a Jiangsu–Xinjiang programme names most (others: none)."""
    return {row["code"]: row["name_en"] for row in _read("names_en.csv")}


def region_rows() -> Iterator[RegionRow]:
    """Every region in parent-before-child order, with its English name where we have one."""
    names_en = english_names()
    for row in _chinese_rows():
        yield replace(row, name_en=names_en.get(row.code, row.name_en))


def _chinese_rows() -> Iterator[RegionRow]:
    for row in _read("provinces.csv"):
        yield RegionRow(pad(row["code"]), row["name"], 1, "province", None)

    prefecture_parent: dict[str, str] = {}
    for row in _read("cities.csv"):
        province = pad(row["provinceCode"])
        if row["name"] in PSEUDO_PREFECTURE_NAMES:
            prefecture_parent[row["code"]] = province
            continue
        prefecture_parent[row["code"]] = pad(row["code"])
        yield RegionRow(pad(row["code"]), row["name"], 2, "prefecture", province)

    for row in _read("areas.csv"):
        if row["code"] == pad(row["cityCode"]):
            continue  # a prefecture-level city without counties (东莞市) is listed again here
        kind = "dev_zone" if row["code"][4] == "7" else "county"
        yield RegionRow(row["code"], row["name"], 3, kind, prefecture_parent[row["cityCode"]])

    for name in TOWNSHIP_FILES:
        for row in _read(name):
            yield RegionRow(row["code"], row["name"], 4, "township", row["areaCode"])

    yield RegionRow(XPCC_CODE, XPCC_NAME, 1, "xpcc", None)
    for number, city in XPCC_DIVISIONS:
        name = f"第{CHINESE_NUMERALS[number - 1]}师"
        name_en = f"{ORDINALS_EN.get(number, f'{number}th')} Division"
        yield RegionRow(
            xpcc_division_code(number), name, 2, "xpcc_division", XPCC_CODE, city, name_en
        )
