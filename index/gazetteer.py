"""The national gazetteer of administrative divisions, province down to township, as data.

The data is the division tree that jionlp (pinned in requirements.txt) ships as
``jionlp/dictionary/china_location.zip`` (2025 divisions: province / city / county / township / village,
tab-indented, with codes and short names). Only that file is read: importing jionlp itself is slow and
prints. Villages are skipped, so loading takes a fraction of a second, once per process.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from collections import defaultdict
from enum import IntEnum
from functools import cache
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

_PACKAGE = "jionlp"
_ARCHIVE = ("dictionary", "china_location.zip")
_MEMBER = "china_location.txt"
# Rows that group divisions without being one (县级 units straight under a province or city).
_GROUPING_ROWS = ("省直辖行政区划", "市直辖行政区划", "省直辖县级行政区划", "自治区直辖县级行政区划")
# A written form of an autonomous division besides its full name: 临夏回族自治州 is written 临夏州, 河口瑶族自治县
# 河口县, 鄂温克族自治旗 鄂温克旗 (its short name and the suffix's last character).
_AUTONOMOUS_SUFFIXES = ("自治州", "自治县", "自治旗")
_MIN_SHORT = 2  # one-character short names (蠡 for 蠡县) are too common as characters to mean a place
# A division row: up to three tabs (province, city, county, township), the name, then code and short name.
_ROW = re.compile(r"^(?P<tabs>\t{0,3})(?P<name>[^\t\n]+)(?:\t\d*\t(?P<short>[^\t\n]*))?$", re.MULTILINE)


class Tier(IntEnum):
    """Depth in the tree: a division's tier, and the index of its name in a path."""

    PROVINCE = 0
    CITY = 1
    COUNTY = 2
    TOWNSHIP = 3


class Division(BaseModel):
    """One division and the divisions above it (``city`` is None for a county straight under a province)."""

    model_config = ConfigDict(frozen=True)

    name: str
    tier: Tier
    province: str
    city: str | None = None
    county: str | None = None
    township: str | None = None

    def above(self) -> tuple[str, ...]:
        """The names of the divisions that contain this one, highest first."""
        return tuple(name for name in (self.province, self.city, self.county, self.township)[: self.tier] if name)

    def inside(self, name: str) -> bool:
        """This division lies inside the division called ``name`` (at any tier above it)."""
        return name in self.above()


class _Row(NamedTuple):
    tier: Tier
    path: tuple[str | None, str | None, str | None, str | None]


class Gazetteer:
    """Names → divisions. ``forms`` are the full names plus the short names written for provinces, cities
    and counties (天津, 龙华, 临夏州); a township is known by its full name only."""

    def __init__(self, rows: list[_Row], shorts: dict[str, list[int]]) -> None:
        self._rows = rows
        self._by_name: dict[str, list[int]] = defaultdict(list)
        for index, row in enumerate(rows):
            self._by_name[row.path[row.tier] or ""].append(index)
        self._by_short = shorts
        self._upper = {
            name for name, indexes in self._by_name.items() if any(rows[i].tier < Tier.TOWNSHIP for i in indexes)
        }
        self._memo: dict[tuple[str, bool], list[Division]] = {}
        self.peoples = _peoples(rows, shorts)
        self._autonomous: dict[str, list[str]] = defaultdict(list)  # 白沙黎族自治县 → 白沙县
        for form, indexes in shorts.items():
            for index in indexes:
                name = self._name(index)
                if name.endswith(_AUTONOMOUS_SUFFIXES) and form.endswith(tuple(s[-1] for s in _AUTONOMOUS_SUFFIXES)):
                    self._autonomous[name].append(form)
        self._full: dict[str, list[str]] = defaultdict(list)  # 白沙县 → 白沙黎族自治县
        for name, forms in self._autonomous.items():
            for form in forms:
                self._full[form].append(name)

    def full_names(self, written: str) -> list[str]:
        """The autonomous divisions a short written form stands for: 河口县 → 河口瑶族自治县."""
        return list(self._full.get(written, ()))

    def written_forms(self, name: str) -> list[str]:
        """Other ways a division's full name is written: 白沙黎族自治县 白沙县, 临夏回族自治州 临夏州 (its short
        name and the suffix's last character), 鲊埠回族乡 鲊埠乡 (a township without its people's name)."""
        forms = list(self._autonomous.get(name, ()))
        if name.endswith(_PEOPLES_TOWNSHIPS):
            stem = name[:-1]
            people = max((p for p in self.peoples if stem.endswith(p)), key=len, default="")
            if people and len(stem) - len(people) >= _MIN_SHORT:
                forms.append(stem[: -len(people)] + name[-1])
        return forms

    def _name(self, index: int) -> str:
        row = self._rows[index]
        return row.path[row.tier] or ""

    def divisions(self, name: str, *, short: bool = False) -> list[Division]:
        """Every division called ``name`` (with ``short``: also those whose short name it is)."""
        key = (name, short)
        if key not in self._memo:
            indexes = self._by_name.get(name, [])
            if short:
                indexes = [*indexes, *(i for i in self._by_short.get(name, []) if i not in indexes)]
            self._memo[key] = [self._division(index) for index in indexes]
        return self._memo[key]

    def is_name(self, name: str, *, short: bool = False) -> bool:
        return name in self._by_name or (short and name in self._by_short)

    def is_upper(self, name: str) -> bool:
        """``name`` is the full name of a province, city or county."""
        return name in self._upper

    def unique(self, name: str, within: tuple[str, ...] = (), *, short: bool = False) -> Division | None:
        """The one division called ``name`` inside every division named in ``within``, or None when there
        is none or more than one (太平镇 alone is 54 towns)."""
        found = [d for d in self.divisions(name, short=short) if all(d.inside(outer) for outer in within)]
        return found[0] if len(found) == 1 else None

    def contains(self, outer: str, name: str) -> bool:
        """Some division called ``name`` lies inside a division called ``outer``."""
        return any(division.inside(outer) for division in self.divisions(name))

    def _division(self, index: int) -> Division:
        row = self._rows[index]
        province, city, county, township = row.path
        name = row.path[row.tier] or ""
        return Division(name=name, tier=row.tier, province=province or "", city=city, county=county, township=township)


_PEOPLES_TOWNSHIPS = ("乡", "镇")  # a township of a people: 鲊埠回族乡, 新城满族镇


def _peoples(rows: list[_Row], shorts: dict[str, list[int]]) -> frozenset[str]:
    """The peoples autonomous divisions are named for (瑶族 of 河口瑶族自治县, its name less short name and
    suffix): read from the gazetteer, not kept by hand."""
    peoples = set()
    for short, indexes in shorts.items():
        for index in indexes:
            row = rows[index]
            name = row.path[row.tier] or ""
            suffix = next((ending for ending in _AUTONOMOUS_SUFFIXES if name.endswith(ending)), None)
            if suffix and name.startswith(short):
                middle = name[len(short) : -len(suffix)]
                peoples.update(part + "族" for part in middle.split("族") if part)
    return frozenset(peoples)


def _data_file() -> Path:
    spec = importlib.util.find_spec(_PACKAGE)  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the gazetteer needs the {_PACKAGE} package: pip install -r requirements.txt")
    return Path(next(iter(spec.submodule_search_locations)), *_ARCHIVE)


def _short_forms(name: str, short: str, tier: Tier) -> list[str]:
    forms = [short] if len(short) >= _MIN_SHORT and short != name else []
    suffix = next((ending for ending in _AUTONOMOUS_SUFFIXES if name.endswith(ending)), None)
    if suffix and short and tier in (Tier.CITY, Tier.COUNTY):
        forms.append(short + suffix[-1])
    return forms


def _parse(text: str) -> tuple[list[_Row], dict[str, list[int]]]:
    rows: list[_Row] = []
    shorts: dict[str, list[int]] = defaultdict(list)
    path: list[str | None] = [None, None, None, None]
    for match in _ROW.finditer(text):  # a regex skips the 650 000 village lines in C, not line by line
        depth, name, short = len(match["tabs"]), match["name"].strip(), match["short"] or ""
        if name in _GROUPING_ROWS:
            name = None
        path[depth:] = [name] + [None] * (Tier.TOWNSHIP - depth)
        # A municipality (北京市) is its own city: one division, not two of the same name.
        if name is None or (depth == Tier.CITY and name == path[Tier.PROVINCE]):
            continue
        tier = Tier(depth)
        rows.append(_Row(tier, (path[0], path[1], path[2], path[3])))
        for form in _short_forms(name, short.strip(), tier):
            shorts[form].append(len(rows) - 1)
    return rows, shorts


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, read once per process (about 0.3 s)."""
    with zipfile.ZipFile(_data_file()) as archive:
        text = archive.read(_MEMBER).decode("utf-8")
    return Gazetteer(*_parse(text))
