"""Questions about the corpus itself: how many reports, which agencies, which years, which lack a table,
which could not be read. Answered from the store's rows, never from a report's text.

Each restriction a question can name is one entry of ``FILTERS`` (its words, and which reports it keeps);
what the answer lists is one entry of ``LISTS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from index.gazetteer import Tier, gazetteer
from index.models import Level, Script
from index.store import ReportRow
from qa.known_places import agency_name
from qa.lexicon import lexicon
from qa.lookup import display_name
from qa.words import FORMAT_WORDS

UNREADABLE_WARNINGS = frozenset({"table_unread", "unread_content"})


@dataclass(frozen=True)
class Facts:
    """What a corpus question can ask of one report besides its row: its parse warnings' codes."""

    row: ReportRow
    warnings: frozenset[str]
    findings: int
    script: Script | None = None


@dataclass(frozen=True)
class Filter:
    words: tuple[str, ...]
    keeps: Callable[[Facts], bool]
    label: str  # Chinese: how the answer names the restriction
    needs_report: bool = False  # reads the parsed report (warnings, findings), not only its row


def _lacks(table: str) -> Callable[[Facts], bool]:
    return lambda facts: table not in facts.row.tables


def _has(table: str) -> Callable[[Facts], bool]:
    return lambda facts: table in facts.row.tables


def _level(*levels: Level) -> Callable[[Facts], bool]:
    return lambda facts: facts.row.level in {level.value for level in levels}


def _format(name: str) -> Callable[[Facts], bool]:
    return lambda facts: facts.row.format == name


def _leading_division(name: str) -> str | None:
    """The province, city or county a name starts with (山东省 of 山东省药品监督管理局), longest first."""
    national = gazetteer()
    return next((name[:n] for n in range(min(len(name), 12), 1, -1) if national.is_upper(name[:n])), None)


def _provincial(facts: Facts) -> bool:
    """A province's own department: its name starts with a province and no city or county follows."""
    agency = facts.row.agency or ""
    first = _leading_division(agency)
    if facts.row.level != Level.DEPARTMENT.value or first is None:
        return False
    divisions = gazetteer().divisions(first)
    return any(d.tier == Tier.PROVINCE for d in divisions) and _leading_division(agency[len(first) :]) is None


def _national(facts: Facts) -> bool:
    """A ministry: 中华人民共和国司法部, or a 部 whose name starts with no division."""
    agency = facts.row.agency or ""
    return agency.startswith("中华人民共和国") or (agency.endswith("部") and _leading_division(agency) is None)


def _unreadable(facts: Facts) -> bool:
    return bool(facts.warnings & UNREADABLE_WARNINGS)


def _complete(facts: Facts) -> bool:
    return {"t2", "t3", "t4"} <= set(facts.row.tables) and not facts.warnings & UNREADABLE_WARNINGS


FILTERS: tuple[Filter, ...] = (
    Filter(("没有表二", "缺表二", "没有主动公开", "未提供表二", "少了表二"), _lacks("t2"), "没有表二"),
    Filter(("没有表三", "缺表三", "未提供表三"), _lacks("t3"), "没有表三"),
    Filter(("没有表四", "缺表四", "未提供表四"), _lacks("t4"), "没有表四"),
    Filter(("有表二",), _has("t2"), "有表二"),
    Filter(("有表三",), _has("t3"), "有表三"),
    Filter(("有表四",), _has("t4"), "有表四"),
    Filter(FORMAT_WORDS["2019"], _format("2019"), "2019版格式"),
    Filter(FORMAT_WORDS["2021"], _format("2021"), "2021版格式"),
    Filter(("图片",), lambda f: "unread_content" in f.warnings, "表格是图片", needs_report=True),
    Filter(
        ("读不出", "无法读出", "读不了"),
        lambda f: bool(f.warnings & UNREADABLE_WARNINGS),
        "表格无法读出",
        needs_report=True,
    ),
    Filter(("完整",), _complete, "三张表齐全且可读", needs_report=True),
    Filter(("勾稽问题", "有问题", "不平衡", "有错"), lambda f: f.findings > 0, "有勾稽问题", needs_report=True),
    Filter(("乡镇",), _level(Level.TOWNSHIP, Level.TOWN), "乡镇"),
    Filter(("街道",), _level(Level.SUBDISTRICT), "街道"),
    Filter(("苏木",), lambda f: (f.row.place or "").endswith("苏木"), "苏木"),
    Filter(("繁体", "繁體"), lambda f: f.script == Script.TRADITIONAL, "繁体字", needs_report=True),
    Filter(("省级", "省一级", "省直"), _provincial, "省级部门"),
    Filter(("部委", "国家部", "国务院部门", "国家级", "中央一级"), _national, "国家部委"),
)


def _department(words: tuple[str, ...]) -> Callable[[Facts], bool]:
    return lambda facts: facts.row.level == Level.DEPARTMENT.value and any(w in (facts.row.agency or "") for w in words)


# One filter per kind of department (qa/lexicon.toml [departments]): 公安部门, 公安局, 公安系统, 公安的.
_KIND_TAILS = ("部门", "系统", "机关", "局", "的")
FILTERS += tuple(
    Filter(
        tuple(dict.fromkeys(f"{name}{tail}" for name in (kind, *words) for tail in _KIND_TAILS)),
        _department(words),
        f"{kind}部门",
    )
    for kind, words in lexicon().departments.items()
)

LIST_LIMIT = 30  # reports an answer names one by one


def _agencies(rows: list[ReportRow]) -> list[str]:
    named = [
        f"{agency_name(r) or r.place or display_name(r)}（{f'{r.year}年' if r.year else '年份未知'}）" for r in rows
    ]
    return named[:LIST_LIMIT] + (
        [f"等（另 {len(named) - LIST_LIMIT} 份报告未列出）"] if len(named) > LIST_LIMIT else []
    )


def _years(rows: list[ReportRow]) -> list[str]:
    return [f"{year}年" for year in sorted({r.year for r in rows if r.year})]


def _newest(rows: list[ReportRow]) -> list[str]:
    newest = max((r.year for r in rows if r.year), default=None)
    return _agencies([r for r in rows if r.year == newest])


LISTS: tuple[tuple[tuple[str, ...], Callable[[list[ReportRow]], list[str]], str], ...] = (
    (("哪些年份", "哪几年", "哪些年", "覆盖哪些年", "覆盖了哪些年", "年份"), _years, "年份"),
    (("最新",), _newest, "最新的报告"),
)


_FILTER_WORDS = sorted(((word, flt) for flt in FILTERS for word in flt.words), key=lambda pair: -len(pair[0]))


def filters_named(question: str) -> list[Filter]:
    """The filters whose words stand in the question, longest word first: 没有表二 is not also 有表二."""
    taken = [False] * len(question)
    named: list[Filter] = []
    for word, flt in _FILTER_WORDS:
        start = question.find(word)
        while start != -1:
            end = start + len(word)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(word)
                named += [flt] if flt not in named else []
            start = question.find(word, start + 1)
    return [flt for flt in FILTERS if flt in named]


def needs_reports(question: str) -> bool:
    """Whether the question's filters read the parsed reports (slow over a large corpus), not only rows."""
    return any(flt.needs_report for flt in filters_named(question))


DEPARTMENT_KIND_WORDS = frozenset(
    word for flt in FILTERS if flt.label in {f"{kind}部门" for kind in lexicon().departments} for word in flt.words
)  # 公安局, 教育部门, 卫健系统: a kind of department, not one agency


def names_a_table(question: str) -> bool:
    """有表四 / 没有表二: the question restricts reports by a table, even if it names the table's figures."""
    return any("表" in flt.label for flt in filters_named(question))


def year_of_a_format(question: str, year: int) -> bool:
    """2019 in 2019年版 names a table format, not the reports' year."""
    return any(str(year) in word for flt in filters_named(question) for word in flt.words if word in question)


def answer_lines(question: str, facts: list[Facts], scope: str) -> list[str]:
    """The count, and the list the question asks for (agencies by default), of the reports that pass."""
    named = filters_named(question)
    kept = [f.row for f in facts if all(flt.keeps(f) for flt in named)]
    what = "、".join(flt.label for flt in named)
    head = f"{scope}共有 {len(kept)} 份报告" + (f"（{what}）" if what else "") + "。"
    if not kept:
        return [head]
    for words, listing, label in LISTS:
        if any(word in question for word in words):
            return [head, f"{label}：" + "、".join(listing(kept))]
    return [head, "、".join(_agencies(kept))]
