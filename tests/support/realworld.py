"""The real-world corpus (tests/realworld/, a copy of shared/realworld) against its hand-read gold.

Gold is an oracle: this module aligns its names with the catalogue's keys and compares; nothing in
the parser reads it. The gold names a row by its printed leaf ("规章", "（三）不予公开 5.属于三类内部事务信息")
and an agency as printed ("抚松县东岗镇人民政府", "大五里镇"); the catalogue keys rows by their label path,
and the parser names a government by its organ without the places above it (东岗镇人民政府, county
抚松县), as the seed gold does. ``same_agency`` is that equivalence, stated once.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from index.catalog import T2_ROWS, T3_COLUMNS, T3_ROWS, T4_ROW
from index.models import CellKind, Level, Report, TableFormat, TableId
from index.normalise import label_key, strip_pinyin, to_simplified

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "realworld"
TABLES = ("t2", "t3", "t4")
META_FIELDS = ("agency", "place", "county", "city", "year")
_ORGANS = ("街道办事处", "人民政府", "办事处", "政府")


@dataclass(frozen=True)
class Fact:
    file: str
    table: str
    row: str
    column: str
    value: Any
    evidence: str
    doubt: str | None

    @property
    def name(self) -> str:
        return f"{self.file} {self.table} {self.row} {self.column}".strip()


@dataclass(frozen=True)
class Check:
    fact: Fact
    ok: bool
    got: Any


@cache
def manifest() -> dict[str, dict[str, Any]]:
    lines = (CORPUS / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines if line.strip()]
    return {entry["file"]: entry for entry in entries}


@cache
def facts() -> tuple[Fact, ...]:
    lines = (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    keys = ("file", "table", "row", "column", "value", "evidence")
    return tuple(Fact(*(row[key] for key in keys), doubt=row.get("doubt")) for row in rows)


def files() -> list[str]:
    return sorted(manifest())


def path_of(file: str) -> Path:
    return CORPUS / file


# ---- names ------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    return label_key(to_simplified(strip_pinyin(text)))


def _t2_key(row: str, column: str, table_format: TableFormat) -> tuple[str, str] | None:
    for spec in T2_ROWS:
        if table_format in spec.formats and row in spec.match:
            # 本年收费金额(单位:万元) is the catalogue's 本年收费金额（万元）
            wanted = _plain(column).replace("单位", "")
            match = next((c.key for c in spec.columns if _plain(c.key) == wanted), None)
            return (spec.key, match) if match else None
    return None


def _t3_key(row: str, column: str) -> tuple[str, str] | None:
    parts = [_plain(part) for part in row.split()]
    for spec in T3_ROWS:
        path = [_plain(part) for part in spec.key.split("/") if not part.startswith("三、")]
        if len(path) == len(parts) and all(p.startswith(g) for p, g in zip(path, parts, strict=True)):
            columns = {c.key.rsplit("/", 1)[-1]: c.key for c in T3_COLUMNS}
            return (spec.key, columns[column]) if column in columns else None
    return None


def catalogue_key(fact: Fact, table_format: TableFormat) -> tuple[str, str] | None:
    """The catalogue (row, column) a gold cell fact names."""
    if fact.table == "t2":
        return _t2_key(fact.row, fact.column, table_format)
    if fact.table == "t3":
        return _t3_key(fact.row, fact.column)
    block = fact.row.replace(" ", "/")
    return T4_ROW, f"{block}/{fact.column}"


def _without_organ(name: str) -> str:
    for organ in _ORGANS:
        if name.endswith(organ) and len(name) > len(organ):
            name = name[: -len(organ)]
            return name + "街道" if organ == "街道办事处" and not name.endswith("街道") else name
    return name


def same_agency(read: str | None, gold: str, report: Report) -> bool:
    """One agency: the same name once the script is simplified, the organ suffix of a government (人民政府,
    办事处) taken off, and the places above it (its county, city, province or parent government, as the
    report reads them) taken off the front."""
    if read is None:
        return False
    meta = report.metadata
    above = [p for p in (getattr(meta, "province", None), getattr(meta, "city", None), meta.county) if p]
    return _core(read, above) == _core(to_simplified(strip_pinyin(gold)), above)


def _core(name: str, above: list[str]) -> str:
    name = _without_organ(label_key(name))
    changed = True
    while changed:
        changed = False
        # The parent government first (城中区人民政府 before 城中区), so its organ goes with it.
        for prefix in sorted([*above, *(p + organ for p in above for organ in _ORGANS)], key=len, reverse=True):
            if name.startswith(prefix) and len(name) > len(prefix):
                name, changed = name[len(prefix) :], True
                break
    return _without_organ(name)


# ---- checks -----------------------------------------------------------------------------------


def _cell_matches(cell: Any, value: Any) -> bool:
    if value == "":
        return cell.kind == CellKind.BLANK
    if cell.kind != CellKind.NUMBER:
        return False
    if isinstance(value, int):
        return cell.value == value and not isinstance(cell.value, bool)
    # A value with its sign or unit as printed ("减3", "+21", "47.10万元"): the raw text, and the number in it.
    number = re.search(r"\d+(?:\.\d+)?", value)
    try:
        expected = Decimal(number.group(0)) if number else None
    except InvalidOperation:
        expected = None
    return cell.raw.strip() == value and expected is not None and abs(Decimal(cell.value)) == expected


def check_cell(fact: Fact, report: Report) -> Check:
    table_format = TableFormat(manifest()[fact.file]["format"] or "2021")
    key = catalogue_key(fact, table_format)
    if key is None:
        if fact.doubt:  # a regional row outside the national format (湖北's 其他主动公开文件)
            return Check(fact, False, "not in the catalogue")
        raise AssertionError(f"gold names a cell the catalogue lacks: {fact.name}")
    table = report.table(TableId(fact.table))
    cell = table.cell(*key) if table else None
    if cell is None:
        return Check(fact, False, "no table" if table is None else "no cell")
    return Check(fact, _cell_matches(cell, fact.value), cell.raw if cell.kind == CellKind.NUMBER else cell.kind.value)


def check_meta(fact: Fact, report: Report) -> Check:
    got = getattr(report.metadata, fact.row)
    if fact.row == "agency":
        return Check(fact, same_agency(got, fact.value, report), got)
    if fact.row == "year":
        return Check(fact, got == fact.value, got)
    if fact.row == "place" and report.metadata.level == Level.DEPARTMENT:
        return Check(fact, _plain(fact.value) in {_plain(got or ""), _department_itself(report)}, got)
    return Check(fact, got is not None and label_key(got) == _plain(fact.value), got)


def _department_itself(report: Report) -> str:
    """The gold names a department's place two ways: by its division (信丰县 for 信丰县卫生健康委, most
    files) or by the department itself without its division (信访局 for 威海市文登区信访局, the f-files).
    Both are accepted; the parser gives the division."""
    meta = report.metadata
    return _core(meta.agency or "", [p for p in (meta.province, meta.city, meta.county, meta.place) if p])


def check(fact: Fact, report: Report) -> Check:
    return check_meta(fact, report) if fact.table == "meta" else check_cell(fact, report)


def checkable(fact: Fact) -> bool:
    """Table cells and metadata; the narrative facts are for the answer engine."""
    return fact.table in (*TABLES, "meta") and not (fact.table == "meta" and fact.row not in META_FIELDS)


def run(parse: Any) -> list[Check]:
    """Every checkable fact against ``parse(path) -> Report``, each file parsed once."""
    reports: dict[str, Report] = {}
    results = []
    for fact in facts():
        if not checkable(fact):
            continue
        if fact.file not in reports:
            reports[fact.file] = parse(path_of(fact.file))
        results.append(check(fact, reports[fact.file]))
    return results


def summary(results: list[Check]) -> dict[str, tuple[int, int]]:
    """(right, total) of the facts without doubt per group: t2/t3/t4, meta per field, layout."""
    groups: dict[str, Counter[bool]] = defaultdict(Counter)
    for result in results:
        if result.fact.doubt:
            continue
        fact = result.fact
        keys = ["cells" if fact.table in TABLES else "meta"]
        keys.append(fact.table if fact.table in TABLES else f"meta.{fact.row}")
        if fact.table in TABLES:
            keys.append("layout." + layout_of(fact.file))
        for key in keys:
            groups[key][result.ok] += 1
    order = ("cells", "t", "layout", "meta")
    ranked = sorted(
        groups.items(), key=lambda item: (next(i for i, p in enumerate(order) if item[0].startswith(p)), item[0])
    )
    return {key: (count[True], count[True] + count[False]) for key, count in ranked}


def layout_of(file: str) -> str:
    layout = manifest()[file]["layout"]
    return layout if len(layout) <= 16 else layout.split(":")[0].split(" (")[0][:32]
