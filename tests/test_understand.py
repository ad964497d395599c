"""Question → Intent: the table below is the spec (places, years, figures, kind), then follow-ups and the gazetteer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from index.models import TableFormat
from index.parse import parse_file
from index.store import ReportRow
from qa.compose import ask_text
from qa.kind import KIND_RULES, KindRule
from qa.known_places import Gazetteer
from qa.lexicon import GAP, lexicon, longest_first
from qa.models import AnswerKind, Intent
from qa.resolve_places import resolve
from qa.understand import tables_by_name, understand
from qa.words import CUE_WORDS, THAT_ONE, Cue, clean, cn_number, within_one_edit
from tests.support.rows import government_row

REPORTS_DIR = Path(__file__).resolve().parents[1] / "data" / "reports"

L, N, C, R = AnswerKind.LOOKUP, AnswerKind.NARRATIVE, AnswerKind.COMPARE, AnswerKind.RANK
F, K, M = AnswerKind.FACT_SHEET, AnswerKind.CHECK, AnswerKind.MIXED
ASK, NONE = AnswerKind.CLARIFY, AnswerKind.NOT_FOUND
RECEIVED, WITHHELD = "t3:received", "t3:withheld"

GANGKOU, PINGQIAO, DUIZHEN, KANGRONG = "铜鼓县港口乡", "平桥区", "兑镇镇", "兰西县康荣镇"
PINGAN_ZW, PINGAN_LX = "彰武县平安镇", "兰西县平安镇"
BOTH_PINGAN = (PINGAN_ZW, PINGAN_LX)


_row = government_row


# The five seeds as the parser reads them, plus synthetic reports: 平安镇 also in 兰西县 (2021, 2022) for the
# duplicate name, more places in 彰武县 for ranking within a county, and 街道 under 平桥区 (a place and a county).
REPORTS = [
    _row("兑镇镇", 2021),
    _row("港口乡", 2021, "铜鼓县", "乡"),
    _row("平桥区", 2021, None, "区"),
    _row("康荣镇", 2020, "兰西县", fmt="2019"),
    _row("平安镇", 2023, "彰武县"),
    _row("平安镇", 2021, "兰西县"),
    _row("平安镇", 2022, "兰西县"),
    _row("哈尔套镇", 2022, "彰武县"),
    _row("冯家镇", 2022, "彰武县"),
    _row("前福兴地乡", 2022, "彰武县", "乡"),
    _row("平中街道", 2022, "平桥区", "街道"),
    _row("五里墩街道", 2022, "平桥区", "街道"),
]
GAZETTEER = Gazetteer(REPORTS)


@dataclass(frozen=True)
class E:
    """What a question should mean; ``extra`` holds any other Intent field to check."""

    kind: AnswerKind
    places: tuple[str, ...] = ()  # display names: county + place
    years: tuple[int, ...] = ()
    concepts: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    question: str
    expected: E
    after: str | None = None  # the previous question, for a follow-up

    def __str__(self) -> str:
        return f"{self.after} → {self.question}" if self.after else self.question


def _place_names(intent: Intent) -> tuple[str, ...]:
    return tuple(f"{p.county or ''}{p.place}" for p in intent.places)


def ask(question: str, after: str | None = None) -> Intent:
    previous = understand(after, GAZETTEER) if after else None
    return understand(question, GAZETTEER, previous)


CASES = [
    # ---- places: full, short, with county, partial, traditional, agency forms ----
    Case("港口乡2021年收到多少申请？", E(L, (GANGKOU,), (2021,), (RECEIVED,))),
    Case("港口乡人民政府2021年收到多少申请", E(L, (GANGKOU,), (2021,), (RECEIVED,))),
    Case("铜鼓县港口乡2021年收到多少申请", E(L, (GANGKOU,), (2021,), (RECEIVED,))),
    Case("港口2021年收到多少申请", E(L, (GANGKOU,), (2021,), (RECEIVED,))),
    Case("康荣2020年部分公开多少件", E(L, (KANGRONG,), (2020,), ("t3:partly",))),
    Case("港口鄉2021年收到多少申請？", E(L, (GANGKOU,), (2021,), (RECEIVED,))),
    Case("彰武縣平安鎮2023年不予公開多少件？", E(L, (PINGAN_ZW,), (2023,), (WITHHELD,))),
    Case("平桥区政府今年收到多少申请", E(L, (PINGQIAO,), (2021,), (RECEIVED,), extra={"relative_year": 0})),
    Case("平中街道办事处收到多少申请", E(L, ("平桥区平中街道",), (), (RECEIVED,))),
    Case("五里墩收到多少申请", E(L, ("平桥区五里墩街道",), (), (RECEIVED,))),
    Case("兑镇镇收到多少申请", E(L, (DUIZHEN,), (), (RECEIVED,))),
    # ---- the same name in two counties ----
    Case("平安镇2023年收到多少申请？", E(ASK, BOTH_PINGAN, (2023,), (RECEIVED,))),
    Case("平安镇", E(ASK, BOTH_PINGAN)),
    Case("彰武县平安镇2023年收到多少申请？", E(L, (PINGAN_ZW,), (2023,), (RECEIVED,))),
    Case("彰武县的平安镇2023年收到多少申请？", E(L, (PINGAN_ZW,), (2023,), (RECEIVED,))),
    Case("平安镇（兰西县）2022年收到多少申请？", E(L, (PINGAN_LX,), (2022,), (RECEIVED,))),
    Case("彰武平安镇收到多少申请", E(L, (PINGAN_ZW,), (), (RECEIVED,))),
    # ---- typos: one edit, unambiguous, and only when no place matches exactly ----
    Case("彰武县平按镇2023年收到多少申请", E(L, (PINGAN_ZW,), (2023,), (RECEIVED,))),
    Case("平按镇收到多少申请", E(ASK, BOTH_PINGAN, (), (RECEIVED,))),
    Case("康容镇2020年收到多少申请", E(L, (KANGRONG,), (2020,), (RECEIVED,))),
    Case("冯安镇收到多少申请", E(NONE, (), (), (RECEIVED,))),  # 平安镇 and 冯家镇 are both one edit away
    Case("港口乡和平按镇收到申请对比", E(NONE, (GANGKOU,), (), (RECEIVED,))),  # an exact match: no correction
    # ---- places the corpus lacks ----
    Case("大王庄镇2021年收到多少申请？", E(NONE, (), (2021,), (RECEIVED,))),
    Case("我想知道城关街道的情况", E(NONE)),
    Case("大兴县平安镇收到多少申请", E(NONE, (), (), (RECEIVED,), extra={"suggestions": list(BOTH_PINGAN)})),
    Case("兰西县港口乡收到多少申请", E(NONE, (), (), (RECEIVED,), extra={"suggestions": [GANGKOU]})),
    Case("彰武县收到多少申请", E(ASK, (), (), (RECEIVED,), extra={"county_scope": "彰武县"})),
    # ---- words that end like a place but are none ----
    Case("港口乡在社区和小区做了哪些公开工作？", E(N, (GANGKOU,))),
    Case("港口乡和平桥区的区别是什么", E(C, (GANGKOU, PINGQIAO))),
    Case("哪个镇的微信公众号已经注销了？", E(N)),
    Case("哪个区在今年9月份召开了政务公开工作培训会？", E(N, extra={"relative_year": 0, "year_was_given": True})),
    # ---- years ----
    Case("兑镇镇二〇二一年收到多少申请", E(L, (DUIZHEN,), (2021,), (RECEIVED,))),
    Case("兑镇镇二零二一年收到多少申请", E(L, (DUIZHEN,), (2021,), (RECEIVED,))),
    Case("港口乡21年予以公开多少", E(L, (GANGKOU,), (2021,), ("t3:granted",))),
    Case("港口乡二一年收到多少申请", E(L, (GANGKOU,), (2021,), (RECEIVED,))),
    Case("港口乡２０２１年收到多少申请", E(L, (GANGKOU,), (2021,), (RECEIVED,))),
    Case("港口乡 2021 年收到多少申请", E(L, (GANGKOU,), (2021,), (RECEIVED,))),
    Case("港口乡去年收到多少申请", E(L, (GANGKOU,), (2020,), (RECEIVED,), extra={"relative_year": -1})),
    Case("港口乡今年收到多少申请", E(L, (GANGKOU,), (2021,), (RECEIVED,), extra={"relative_year": 0})),
    Case("港口乡前年收到多少申请", E(L, (GANGKOU,), (2019,), (RECEIVED,), extra={"relative_year": -2})),
    Case("彰武县平安镇去年收到多少申请", E(L, (PINGAN_ZW,), (2022,), (RECEIVED,), extra={"relative_year": -1})),
    Case("兰西县平安镇2021年和2022年收到申请对比", E(C, (PINGAN_LX,), (2021, 2022), (RECEIVED,))),
    Case("兰西县平安镇2019到2022年收到多少申请", E(C, (PINGAN_LX,), (2019, 2020, 2021, 2022), (RECEIVED,))),
    Case("港口乡2020年至2021年收到申请", E(C, (GANGKOU,), (2020, 2021), (RECEIVED,))),
    Case("港口乡近三年收到申请", E(C, (GANGKOU,), (2019, 2020, 2021), (RECEIVED,))),
    Case("港口乡2021年收到的申请超过2000件吗", E(L, (GANGKOU,), (2021,), (RECEIVED,))),
    Case("港口乡收到多少申请", E(L, (GANGKOU,), (), (RECEIVED,), extra={"year_was_given": False})),
    Case("去年哪个镇收到申请最多", E(R, (), (2022,), (RECEIVED,), extra={"relative_year": -1})),
    Case("港口乡收到的申请比去年多了多少", E(C, (GANGKOU,), (2020, 2021), (RECEIVED,))),
    Case("港口乡2021年收到的申请比上年多了多少", E(C, (GANGKOU,), (2020, 2021), (RECEIVED,))),
    Case("港口乡收到申请同比增长多少", E(C, (GANGKOU,), (2020, 2021), (RECEIVED,))),
    Case("康荣镇2021年打算如何改进信息公开工作？", E(N, (KANGRONG,), (2020,))),  # plans are in the 2020 report
    # ---- figures: longest first, no overlaps, words that are also noise ----
    Case("港口乡部分公开多少", E(L, (GANGKOU,), (), ("t3:partly",))),
    Case("港口乡不予公开多少", E(L, (GANGKOU,), (), (WITHHELD,))),
    Case("港口乡不予以公开的有几件", E(L, (GANGKOU,), (), (WITHHELD,))),
    Case("港口乡不同意公开的有多少", E(L, (GANGKOU,), (), (WITHHELD,))),
    Case("港口乡予以公开和部分公开各多少件", E(L, (GANGKOU,), (), ("t3:granted", "t3:partly"))),
    Case("港口乡公开了多少条信息", E(N, (GANGKOU,))),
    Case("港口乡依申请公开多少件", E(L, (GANGKOU,), (), (RECEIVED,))),
    Case("港口乡申请有多少件", E(L, (GANGKOU,), (), (RECEIVED,))),
    Case("港口乡怎么保证群众的留言和申请能收得到？", E(N, (GANGKOU,))),
    Case("港口乡重复申请有几件", E(L, (GANGKOU,), (), ("t3:不予处理·重复申请",))),
    Case("港口乡逾期不补正的有几件", E(L, (GANGKOU,), (), ("t3:其他处理·申请人逾期不补正",))),
    Case("港口乡不予受理多少", E(L, (GANGKOU,), (), ("t3:not_handled",))),
    Case("港口乡未办结的申请有多少", E(L, (GANGKOU,), (), ("t3:carried_out",))),
    Case("港口乡上年结转多少", E(L, (GANGKOU,), (), ("t3:carried_in",))),
    Case("港口乡办理总数", E(L, (GANGKOU,), (), ("t3:handled",), ("total",))),
    Case("平桥区法人申请了多少", E(L, (PINGQIAO,), (), (RECEIVED,), ("organisations",))),
    # 多少申请 is how many requests, of whatever else the clause names; 办结的申请中 is where to count
    Case("平桥区2021年有多少申请还在办", E(L, (PINGQIAO,), (2021,), ("t3:carried_out",))),
    Case("平桥区2021年在办结的申请中予以公开的有几件", E(L, (PINGQIAO,), (2021,), ("t3:granted",))),
    Case("平桥区2021年收到多少申请，予以公开多少", E(L, (PINGQIAO,), (2021,), (RECEIVED, "t3:granted"))),
    Case("办结率呢", E(L, (PINGQIAO,), (2021,), extra={"rates": ["rate:done"]}), after="平桥区2021年法人申请了多少"),
    Case("平桥区2021年没有被公开的申请有几件", E(L, (PINGQIAO,), (2021,), (WITHHELD,))),
    # a figure excluded confirms another one named that does not hold it; alone, it is asked back
    Case("平桥区2021年不算上年结转的，新收多少申请", E(L, (PINGQIAO,), (2021,), (RECEIVED,))),
    Case("平桥区2021年除了不予公开的，其他结果有几件", E(ASK)),
    Case("平桥区2021年是不是收到18件申请", E(L, (PINGQIAO,), (2021,), (RECEIVED,))),  # 是不是 asks, excludes nothing
    # who the asker is asks nothing: its words (企业) name no column, its place is not asked when another is
    Case("我们是企业合规部的，想了解平桥区2021年收到多少申请", E(L, (PINGQIAO,), (2021,), (RECEIVED,))),
    Case("我是平桥区的个体户，想问港口乡2021年收到多少申请", E(L, (GANGKOU,), (2021,), (RECEIVED,))),
    Case("我是平桥区的，2021年收到多少申请", E(L, (PINGQIAO,), (2021,), (RECEIVED,))),
    # a total asked, then a part of it in a clause of its own: both; a part named first is where to count
    Case("平桥区收到多少申请？其中企业的有几件？", E(L, (PINGQIAO,), (), (RECEIVED,), ("total", "business"))),
    Case("平桥区个人申请的里头，只给公开了一部分的是几件", E(L, (PINGQIAO,), (), ("t3:partly",), ("natural",))),
    Case(
        "平桥区行政复议几件？其中结果纠正的几件？",
        E(L, (PINGQIAO,), (), ("t4:review",), extra={"t4_results": ["总计", "结果纠正"]}),
    ),
    Case("按行政许可给这几个乡镇区排个序", E(R, concepts=("t2:行政许可",), extra={"levels": ["乡", "镇", "区"]})),
    Case("这几个乡镇和区里谁的行政许可最多", E(R, concepts=("t2:行政许可",), extra={"levels": ["乡", "镇", "区"]})),
    Case(
        "那复议诉讼那张表，各块的合计对得上吗？",
        E(AnswerKind.CHECK, (PINGQIAO,), (2021,)),
        after="平桥区2021年行政复议几件",
    ),
    # a table by its title is that table
    Case("平桥区2021年收到和处理政府信息公开申请情况表，数据加起来平不平？", E(AnswerKind.CHECK, (PINGQIAO,), (2021,))),
    Case("港口乡企业和自然人申请多少", E(L, (GANGKOU,), (), (RECEIVED,), ("business", "natural"))),
    Case("港口乡律所申请了几件", E(L, (GANGKOU,), (), (RECEIVED,), ("legal",))),
    Case("港口乡法律服务机构申请了多少", E(L, (GANGKOU,), (), (RECEIVED,), ("legal",))),
    Case("港口乡组织开展了哪些培训", E(N, (GANGKOU,))),  # 组织 is no column without a table-3 figure
    Case("港口乡行政复议被纠正几件", E(L, (GANGKOU,), (), ("t4:review",), extra={"t4_results": ["结果纠正"]})),
    Case("港口乡诉讼尚未审结的有几件", E(L, (GANGKOU,), (), ("t4:litigation",), extra={"t4_results": ["尚未审结"]})),
    Case("平桥区规章制发了多少件", E(L, (PINGQIAO,), (), ("t2:规章",), extra={"t2_columns": ["本年制发件数"]})),
    Case("港口乡采购金额多少", E(L, (GANGKOU,), (), ("t2:政府集中采购",), extra={"t2_columns": ["采购总金额"]})),
    Case("港口乡如何处理不予公开的申请", E(N, (GANGKOU,), (), (WITHHELD,))),  # how, not how many
    Case("港口乡不予公开情况如何", E(L, (GANGKOU,), (), (WITHHELD,))),
    # ---- kinds ----
    Case("港口乡是如何加强保密审查的？", E(N, (GANGKOU,))),
    Case("港口乡信息公开工作存在哪些问题？", E(N, (GANGKOU,))),
    Case("港口乡为什么要加强保密审查", E(N, (GANGKOU,))),
    Case("港口乡不予公开为什么这么多？", E(M, (GANGKOU,), (), (WITHHELD,))),
    Case("港口乡收到的申请是怎么回事", E(M, (GANGKOU,), (), (RECEIVED,))),
    Case("港口乡的基本情况", E(F, (GANGKOU,))),
    Case("港口乡2021年概况", E(F, (GANGKOU,), (2021,))),
    Case("介绍一下平桥区", E(F, (PINGQIAO,))),
    Case("平桥区2021年", E(F, (PINGQIAO,), (2021,))),
    Case("港口乡2021年总体情况怎么样", E(F, (GANGKOU,), (2021,))),
    Case("港口乡2021年数据是否一致？", E(K, (GANGKOU,), (2021,))),
    Case("港口乡的表格勾稽关系对得上吗", E(K, (GANGKOU,))),
    Case("核查一下平桥区的数据", E(K, (PINGQIAO,))),
    Case("哪些报告的数据有问题", E(K)),
    Case("港口乡和平桥区收到申请对比", E(C, (GANGKOU, PINGQIAO), (), (RECEIVED,))),
    Case("港口乡收到申请和平桥区相比", E(C, (GANGKOU, PINGQIAO), (), (RECEIVED,))),
    Case("港口乡和平桥区哪个收到的申请多", E(C, (GANGKOU, PINGQIAO), (), (RECEIVED,))),
    Case("兑镇镇、港口乡、平桥区2021年收到的申请", E(C, (DUIZHEN, GANGKOU, PINGQIAO), (2021,), (RECEIVED,))),
    Case("彰武县各镇收到申请对比", E(C, (), (), (RECEIVED,), extra={"county_scope": "彰武县"})),
    Case("兰西县有哪些镇做了政务公开培训", E(N, extra={"county_scope": "兰西县"})),
    # ---- rankings ----
    Case("哪个镇收到申请最多？", E(R, (), (), (RECEIVED,), extra={"top_n": 1, "ascending": False})),
    Case("哪些镇收到申请最多？", E(R, (), (), (RECEIVED,), extra={"top_n": None})),
    Case("收到申请最少的是哪个乡镇", E(R, (), (), (RECEIVED,), extra={"top_n": 1, "ascending": True})),
    Case("彰武县哪个镇收到申请最多", E(R, (), (), (RECEIVED,), extra={"county_scope": "彰武县", "top_n": 1})),
    Case("彰武县收到申请前3名", E(R, (), (), (RECEIVED,), extra={"county_scope": "彰武县", "top_n": 3})),
    Case("收到申请top 5", E(R, (), (), (RECEIVED,), extra={"top_n": 5})),
    Case("不予公开排名前十的镇", E(R, (), (), (WITHHELD,), extra={"top_n": 10})),
    Case("收到申请倒数三名", E(R, (), (), (RECEIVED,), extra={"top_n": 3, "ascending": True})),
    Case("收到申请最多的三个镇", E(R, (), (), (RECEIVED,), extra={"top_n": 3})),
    Case("港口乡、平桥区和兑镇镇谁收到申请最多", E(R, (GANGKOU, PINGQIAO, DUIZHEN), (), (RECEIVED,))),
    Case("港口乡和平桥区收到申请哪个多", E(C, (GANGKOU, PINGQIAO), (), (RECEIVED,))),  # no 最: a comparison
    Case("平桥区哪个街道收到申请最多", E(R, (), (), (RECEIVED,), extra={"county_scope": "平桥区"})),
    Case("兰西县平安镇哪一年收到申请最多", E(R, (PINGAN_LX,), (2021, 2022), (RECEIVED,))),
    # ---- follow-ups ----
    Case("那2020年呢？", E(L, (GANGKOU,), (2020,), (RECEIVED,)), after="港口乡2021年收到多少申请？"),
    Case("2020年的？", E(L, (GANGKOU,), (2020,), (RECEIVED,)), after="港口乡2021年收到多少申请？"),
    Case("平桥区呢？", E(L, (PINGQIAO,), (2021,), (RECEIVED,)), after="港口乡2021年收到多少申请？"),
    Case("不予公开的呢？", E(L, (GANGKOU,), (2021,), (WITHHELD,)), after="港口乡2021年收到多少申请？"),
    Case("自然人呢？", E(L, (GANGKOU,), (2021,), (RECEIVED,), ("natural",)), after="港口乡2021年收到多少申请？"),
    Case("为什么呢？", E(M, (GANGKOU,), (2021,), (RECEIVED,)), after="港口乡2021年收到多少申请？"),
    Case("大王庄镇呢？", E(NONE, (), (2021,), (RECEIVED,)), after="港口乡2021年收到多少申请？"),
    Case("哪个镇最多？", E(R, (), (), (RECEIVED,)), after="港口乡2021年收到多少申请？"),
    Case("平桥区收到了多少申请？", E(L, (PINGQIAO,), (), (RECEIVED,)), after="港口乡2021年收到多少申请？"),
    Case("去年呢", E(L, (PINGAN_LX,), (2021,), (RECEIVED,)), after="兰西县平安镇2022年收到多少申请"),
    Case("兰西县呢？", E(L, (PINGAN_LX,), (2023,), (RECEIVED,)), after="彰武县平安镇2023年收到多少申请"),
    Case("彰武县的", E(L, (PINGAN_ZW,), (2022,), (RECEIVED,)), after="平安镇去年收到多少申请？"),
    Case("后者", E(L, (PINGAN_LX,), (), (RECEIVED,)), after="平安镇收到多少申请"),
    Case("最少的呢？", E(R, (), (), (RECEIVED,), extra={"ascending": True}), after="哪个镇收到申请最多？"),
    Case("彰武县呢？", E(R, (), (), (RECEIVED,), extra={"county_scope": "彰武县"}), after="哪个镇收到申请最多？"),
    Case("港口乡呢？", E(L, (GANGKOU,), (), (RECEIVED,)), after="哪个镇收到申请最多？"),
    Case("平桥区呢？", E(N, (PINGQIAO,)), after="港口乡是如何加强保密审查的？"),
    Case("存在哪些问题？", E(N, (GANGKOU,)), after="港口乡是如何加强保密审查的？"),
    Case("平桥区呢", E(F, (PINGQIAO,)), after="港口乡的基本情况"),
    Case("数据有没有问题？", E(K, (GANGKOU,)), after="港口乡的基本情况"),
    Case("同一年行政强制几件", E(L, (GANGKOU,), (2021,), ("t2:行政强制",)), after="港口乡2021年行政许可处理决定多少"),
    # ---- a table-2 matter's decisions, and its columns alone ----
    Case("平桥区行政许可办了多少件", E(L, (PINGQIAO,), (), ("t2:行政许可",))),
    Case("康荣镇 本年增/减", E(ASK, extra={"t2_columns": []})),
    Case("平桥区办信息公开收过费没有", E(N, (PINGQIAO,))),  # the fee for answering is no 行政事业性收费
    # ---- words that once answered a neighbouring figure ----
    Case(
        "平桥区2021年处理了多少申请", E(ASK, (PINGQIAO,), (2021,), (RECEIVED,))
    ),  # handled or decided: 处理 is no filler
    Case("港口乡行政许可处理了多少", E(L, (GANGKOU,), (), ("t2:行政许可",))),  # a matter's decisions
    Case("这几个地方比一比，谁家行政许可办得最多", E(R, (), (), ("t2:行政许可",))),
    Case("平桥区2021年还没出结果的申请有几件", E(L, (PINGQIAO,), (2021,), ("t3:carried_out",))),
    Case("平桥区2021年不公开的比例", E(N, (PINGQIAO,), (2021,), extra={"rates": []})),  # not 公开率
    Case(
        "平桥区2021年行政复议被驳回了几件", E(ASK, (PINGQIAO,), (2021,), ("t4:review",))
    ),  # a review's result, not 不予公开
    Case("平桥区2021年许可公开的有几件", E(L, (PINGQIAO,), (2021,), ("t3:granted",))),  # not 行政许可
    Case(
        "平桥区2021年涉及个人信息不公开的有几件", E(ASK, (PINGQIAO,), (2021,), (WITHHELD,))
    ),  # what was asked for, not who asked
    Case("平桥区2021年我们单位收到多少申请", E(L, (PINGQIAO,), (2021,), (RECEIVED,))),  # the agency, not 法人
    Case("港口乡 总计", E(ASK)),  # 总计 of which row: shorthand is asked back too
    Case("港口乡“其他”那一项是多少", E(ASK)),  # the 其他 column, 其他处理 or 其他结果?
    # what a person says before the question asks nothing; a clause that names a figure does
    Case(
        "我是平桥区的个体户，最近在跑证照的事，想了解下：平桥区2021年行政许可作了多少个决定？",
        E(L, (PINGQIAO,), (2021,), ("t2:行政许可",)),
    ),
    Case("平桥区网上申请的，有多少", E(ASK, (PINGQIAO,), (), (RECEIVED,))),
    Case("平桥区2021年收到18件申请这个我知道，不予公开的有几件", E(L, (PINGQIAO,), (2021,), (WITHHELD,))),
    Case("平桥区2021年老百姓以个人名义递上去的公开申请有多少", E(L, (PINGQIAO,), (2021,), (RECEIVED,), ("natural",))),
    Case(
        "平桥区的申请表，新收加上年结转是不是正好等于办结的加转到下年的？",
        E(K, (PINGQIAO,), (), (RECEIVED, "t3:carried_in", "t3:handled", "t3:carried_out")),
    ),
    Case(
        "平桥区眼下还有效、没被废止的行政规范性文件一共多少份",
        E(L, (PINGQIAO,), (), ("t2:规范性文件",), extra={"t2_columns": ["现行有效件数"]}),
    ),
    Case(
        "被纠正的占比多少",  # a part of the previous figure, its share a rate (the rate only, not the figure again)
        E(L, (PINGQIAO,), (2021,), (), extra={"rates": ["rate:review_corrected"]}),
        after="平桥区2021年行政复议一共几件",
    ),
    Case(
        "那有没有人没走复议、直接把平桥区告到法院的",
        E(L, (PINGQIAO,), (2021,), ("t4:litigation_direct",)),
        after="平桥区2021年行政许可办了多少件",
    ),
    Case("平桥区那18件申请都是个人提的吗", E(L, (PINGQIAO,), (), (RECEIVED,), ("natural",))),  # a count quoted
    Case("港口乡其他处理有几件", E(L, (GANGKOU,), (), ("t3:other",))),
    Case(
        "兑镇镇2021年度，未经复议直接提起行政诉讼的案件总数是多少？",
        E(L, (DUIZHEN,), (2021,), ("t4:litigation_direct",)),
    ),
    # ---- a figure word one character off: corrected and said, only where no word was meant ----
    Case(
        "平桥区行政强治决定一共几件",
        E(L, (PINGQIAO,), (), ("t2:行政强制",), extra={"corrections": ["行政强治→行政强制"]}),
    ),
    Case("平桥区不予公升多少件", E(L, (PINGQIAO,), (), (WITHHELD,), extra={"corrections": ["不予公升→不予公开"]})),
    Case("兑镇镇有没有把信息公开条例放进干部培训里头", E(N, (DUIZHEN,), extra={"corrections": []})),  # 条例 is a word
    Case("港口乡2021年主动公开了多少条信息", E(N, (GANGKOU,), (2021,), extra={"corrections": []})),  # not 给公开了
    # a character that sounds like the right one: beside a common word too (商业), and first (处罚, not 处理)
    Case(
        "港口乡2021年新收申请里 商业企也 申请的有几个",
        E(L, (GANGKOU,), (2021,), (RECEIVED,), ("business",), extra={"corrections": ["商业企也→商业企业"]}),
    ),
    Case(
        "平桥区2021年行政处法决定一共多少个",
        E(L, (PINGQIAO,), (2021,), ("t2:行政处罚",), extra={"corrections": ["行政处法→行政处罚"]}),
    ),
]


def test_the_table_is_big_enough() -> None:
    assert len(CASES) >= 60
    assert len({str(case) for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_understand(case: Case) -> None:
    intent = ask(case.question, case.after)
    expected = case.expected
    assert intent.kind == expected.kind
    assert _place_names(intent) == expected.places
    assert intent.years == list(expected.years)
    assert intent.concepts == list(expected.concepts)
    assert intent.columns == list(expected.columns)
    for name, value in expected.extra.items():
        assert getattr(intent, name) == value, name
    assert intent.question == case.question


# ---- the texts users see, and the rewritten follow-up ------------------------------------------------


def test_duplicate_name_asks_which_listing_both() -> None:
    intent = ask("平安镇2023年收到多少申请？")
    assert intent.ask is not None
    assert "彰武县平安镇、兰西县平安镇" in ask_text(intent.ask)
    assert ask_text(intent.ask).endswith("请问您问的是哪一个？")
    assert intent.suggestions == list(BOTH_PINGAN)


def test_unknown_place_says_so_and_suggests_the_closest() -> None:
    intent = ask("请问城关街道收到多少申请")
    assert ask_text(intent.ask) == "语料库中没有「城关街道」的报告。"
    assert intent.suggestions[0] == "平桥区平中街道"
    assert 1 <= len(intent.suggestions) <= 3


def test_typo_with_an_exact_place_elsewhere_is_not_corrected_but_suggested() -> None:
    intent = ask("港口乡和平按镇收到申请对比")
    assert ask_text(intent.ask) == "语料库中没有「平按镇」的报告。"
    assert set(BOTH_PINGAN) <= set(intent.suggestions)


def test_county_without_its_own_report_suggests_its_places() -> None:
    intent = ask("彰武县2022年收到多少申请")
    assert intent.ask is not None and "彰武县本级" in ask_text(intent.ask)
    assert intent.suggestions and all(s.startswith("彰武县") for s in intent.suggestions)


def test_question_as_asked_and_normalised() -> None:
    intent = ask("港口鄉２０２１年收到多少申請？")
    assert intent.question == "港口鄉２０２１年收到多少申請？"
    assert intent.normalised == "港口乡2021年收到多少申请？"


def test_follow_up_is_rewritten_into_a_whole_question() -> None:
    assert ask("平桥区呢？", after="港口乡是如何加强保密审查的？").normalised == "平桥区是如何加强保密审查的？"
    assert ask("那2020年呢？", after="港口乡2021年收到多少申请？").normalised == "港口乡2020年收到多少申请？"
    assert ask("彰武县的", after="平安镇去年收到多少申请？").normalised == "彰武县平安镇去年收到多少申请？"
    assert ask("存在哪些问题？", after="港口乡是如何加强保密审查的？").normalised == "铜鼓县港口乡存在哪些问题？"
    why = ask("为什么呢？", after="港口乡2021年收到多少申请？").normalised
    assert why.startswith("港口乡2021年收到多少申请") and "为什么" in why


def test_a_conversation() -> None:
    turns = [
        ("港口乡2021年收到多少申请？", E(L, (GANGKOU,), (2021,), (RECEIVED,))),
        ("平桥区呢？", E(L, (PINGQIAO,), (2021,), (RECEIVED,))),
        ("不予公开的呢？", E(L, (PINGQIAO,), (2021,), (WITHHELD,))),
        ("自然人呢", E(L, (PINGQIAO,), (2021,), (WITHHELD,), ("natural",))),
        ("平安镇呢", E(ASK, BOTH_PINGAN, (2021,), (WITHHELD,), ("natural",))),
        ("兰西县的", E(L, (PINGAN_LX,), (2021,), (WITHHELD,), ("natural",))),
        ("那2020年和2021年呢", E(C, (PINGAN_LX,), (2020, 2021), (WITHHELD,), ("natural",))),
        ("为什么呢？", E(M, (PINGAN_LX,), (2020, 2021), (WITHHELD,), ("natural",))),
    ]
    previous = None
    for question, expected in turns:
        intent = understand(question, GAZETTEER, previous)
        got = (intent.kind, _place_names(intent), tuple(intent.years), tuple(intent.concepts), tuple(intent.columns))
        assert got == (expected.kind, expected.places, expected.years, expected.concepts, expected.columns), question
        previous = intent


def test_a_ranking_conversation() -> None:
    first = ask("彰武县哪个镇收到申请最多？")
    least = understand("最少的呢？", GAZETTEER, first)
    assert (least.kind, least.county_scope, least.ascending, least.top_n) == (R, "彰武县", True, 1)
    top3 = understand("那前3名呢", GAZETTEER, least)
    assert (top3.kind, top3.county_scope, top3.top_n, top3.concepts) == (R, "彰武县", 3, [RECEIVED])


def test_a_new_question_after_a_follow_up_does_not_inherit() -> None:
    previous = ask("港口乡2021年收到多少申请？")
    ranking = understand("哪个镇不予公开最多？", GAZETTEER, previous)
    assert (ranking.kind, ranking.places, ranking.years, ranking.concepts) == (R, [], [], [WITHHELD])
    sheet = understand("平桥区的基本情况", GAZETTEER, previous)
    assert (sheet.kind, _place_names(sheet), sheet.years, sheet.concepts) == (F, (PINGQIAO,), [], [])


# ---- every word of the data means its own concept ----------------------------------------------------


FIGURE_WORDS = longest_first(lexicon().figure)
COLUMN_WORDS = longest_first(lexicon().column)


@pytest.mark.parametrize(("word", "concept"), FIGURE_WORDS, ids=[w for w, _ in FIGURE_WORDS])
def test_every_concept_word(word: str, concept: str) -> None:
    intent = ask(f"港口乡2021年{word.replace(GAP, '了')}有多少")
    assert intent.concepts == [concept]


@pytest.mark.parametrize(("word", "column"), COLUMN_WORDS, ids=[w for w, _ in COLUMN_WORDS])
def test_every_column_word(word: str, column: str) -> None:
    intent = ask(f"港口乡2021年{word}予以公开多少")
    assert intent.columns == [column]
    assert intent.concepts == ["t3:granted"]


# ---- the gazetteer -----------------------------------------------------------------------------------


def test_gazetteer_groups_reports_into_places() -> None:
    pingan = [p for p in GAZETTEER.places if p.place == "平安镇"]
    assert [(p.county, p.years) for p in pingan] == [("兰西县", (2021, 2022)), ("彰武县", (2023,))]
    assert GAZETTEER.counties == ("兰西县", "平桥区", "彰武县", "铜鼓县")
    assert GAZETTEER.newest_year() == 2023
    assert [p.display for p in GAZETTEER.in_county("平桥区")] == ["平桥区五里墩街道", "平桥区平中街道"]


def test_gazetteer_resolve() -> None:
    assert [(r.place, r.county) for r in resolve("平安镇", GAZETTEER)] == [("平安镇", "彰武县"), ("平安镇", "兰西县")]
    assert [(r.place, r.county, r.agency) for r in resolve("彰武县平安镇", GAZETTEER)] == [
        ("平安镇", "彰武县", "平安镇人民政府")
    ]
    assert [r.place for r in resolve("港口乡和平桥区", GAZETTEER)] == ["港口乡", "平桥区"]
    assert resolve("大王庄镇", GAZETTEER) == []


def test_gazetteer_near_and_closest() -> None:
    assert [p.display for p in GAZETTEER.near("康容镇")] == [KANGRONG]
    assert GAZETTEER.near("冯安镇") == ()  # two names one edit away
    assert GAZETTEER.near("大王庄镇") == ()
    assert GAZETTEER.closest("港口镇", limit=1) == [GANGKOU]


def test_stems_that_name_two_things_or_everyday_words_are_not_used() -> None:
    gazetteer = Gazetteer([*REPORTS, _row("彰武镇", 2021, "彰武县"), _row("人民街道", 2021, "平桥区", "街道")])
    both = understand("彰武平安镇收到多少申请", gazetteer)  # 彰武 is 彰武县 and 彰武镇
    assert both.kind == ASK
    town = understand("彰武镇收到多少申请", gazetteer)
    assert (town.kind, _place_names(town)) == (L, ("彰武县彰武镇",))
    county = understand("按照县人民政府的要求做了哪些工作", gazetteer)
    assert county.places == []


def test_department_reports_are_places_too() -> None:
    bureau = _row("彰武县教育局", 2022, None, "部门").model_copy(update={"agency": "彰武县教育局"})
    gazetteer = Gazetteer([*REPORTS, bureau])
    intent = understand("彰武县教育局2022年收到多少申请", gazetteer)
    assert (intent.kind, _place_names(intent), intent.years) == (L, ("彰武县教育局",), [2022])


def test_a_department_is_found_by_its_short_name_and_by_its_full_name() -> None:
    """A report naming itself 上海市科委 is asked about as 上海市科学技术委员会, and 卫健局 as 卫生健康局."""
    science = _row("上海市科委", 2024, None, "部门").model_copy(update={"agency": "上海市科委"})
    health = _row("漳平市", 2023, None, "部门").model_copy(update={"agency": "漳平市卫生健康局"})
    gazetteer = Gazetteer([*REPORTS, science, health])
    for question, agency in (
        ("上海市科学技术委员会2024年收到多少申请", "上海市科委"),
        ("上海市科委2024年收到多少申请", "上海市科委"),
        ("漳平市卫健局2023年收到多少申请", "漳平市卫生健康局"),
        ("漳平卫健局2023年收到多少申请", "漳平市卫生健康局"),  # the city said without 市
    ):
        intent = understand(question, gazetteer)
        assert (intent.kind, [p.agency for p in intent.places]) == (L, [agency]), question


@pytest.mark.parametrize(("full", "short"), sorted(lexicon().agency_shorts()))
def test_every_short_agency_name(full: str, short: str) -> None:
    department = _row("漳平市", 2023, None, "部门").model_copy(update={"agency": f"漳平市{full}"})
    intent = understand(f"漳平市{short}2023年收到多少申请", Gazetteer([*REPORTS, department]))
    assert (intent.kind, [p.agency for p in intent.places]) == (L, [f"漳平市{full}"])


def test_a_department_is_found_by_the_other_forms_of_its_name() -> None:
    """卫生健康委 is also written 卫生健康委员会; a branch inside its parent's name (杭州市公安局滨江区分局) is asked
    about from its division on; a ministry without 中华人民共和国."""
    health = _row("信丰县", 2023, None, "部门").model_copy(update={"agency": "信丰县卫生健康委"})
    branch = _row("滨江区", 2022, "滨江区", "部门").model_copy(update={"agency": "杭州市公安局滨江区分局"})
    ministry = _row("司法部", 2020, None, "部门").model_copy(update={"agency": "中华人民共和国司法部", "place": None})
    market = _row("龙华", 2023, "龙华", "部门").model_copy(
        update={"agency": "深圳市市场监督管理局龙华监管局", "city": "深圳市"}
    )
    gazetteer = Gazetteer([*REPORTS, health, branch, ministry, market])
    for question, agency in (
        ("信丰县卫生健康委员会2023年收到多少申请", "信丰县卫生健康委"),
        ("滨江区公安分局2022年收到多少申请", "杭州市公安局滨江区分局"),
        ("滨江区分局2022年收到多少申请", "杭州市公安局滨江区分局"),
        ("杭州滨江公安分局2022年收到多少申请", "杭州市公安局滨江区分局"),
        ("滨江公安局2022年收到多少申请", "杭州市公安局滨江区分局"),
        ("深圳龙华市场监管局2023年收到多少申请", "深圳市市场监督管理局龙华监管局"),  # the parent's short name
        ("市场监管龙华局2023年收到多少申请", "深圳市市场监督管理局龙华监管局"),
        ("龙华区市监局2023年收到多少申请", "深圳市市场监督管理局龙华监管局"),  # the report writes 龙华
        ("司法部2020年收到多少申请", "中华人民共和国司法部"),
    ):
        intent = understand(question, gazetteer)
        assert (intent.kind, [p.agency for p in intent.places]) == (L, [agency]), question


def test_a_place_is_found_by_the_written_forms_of_its_full_name() -> None:
    """白沙黎族自治县 is written 白沙县 and 鲊埠回族乡 鲊埠乡 (forms from the national gazetteer)."""
    county = _row("白沙黎族自治县", 2023, None, "县")
    town = _row("鲊埠回族乡", 2021, "桃江县", "乡")
    gazetteer = Gazetteer([*REPORTS, county, town])
    for question, place in (("白沙县2023年收到多少申请", "白沙黎族自治县"), ("鲊埠乡收到多少申请", "鲊埠回族乡")):
        intent = understand(question, gazetteer)
        assert (intent.kind, [p.place for p in intent.places]) == (L, [place]), question
    assert understand("白沙镇收到多少申请", gazetteer).places == []  # another place


def test_a_one_character_typo_in_a_departments_division_is_corrected_and_said() -> None:
    health = _row("信丰县", 2023, None, "部门").model_copy(update={"agency": "信丰县卫生健康委"})
    forest = _row("会同县", 2020, None, "部门").model_copy(update={"agency": "会同县林业局"})
    gazetteer = Gazetteer([*REPORTS, health, forest])
    intent = understand("信风县卫生健康委2023年收到多少申请", gazetteer)
    assert (intent.kind, [p.agency for p in intent.places]) == (L, ["信丰县卫生健康委"])
    assert intent.corrections == ["信风县→信丰县"]
    assert understand("会东县卫生健康委收到多少申请", gazetteer).kind != L  # two edits from 信丰县: not a typo
    bureau = understand("会同县林页局2020年收到多少申请", gazetteer)  # one character wrong in the department
    assert ([p.agency for p in bureau.places], bureau.corrections) == (["会同县林业局"], ["会同县林页局→会同县林业局"])
    assert understand("会同县林页处2020年收到多少申请", gazetteer).places == []  # two wrong: no such department
    town = understand("章武县平安镇2023年收到多少申请", gazetteer)  # a township's county, too
    assert ([p.county for p in town.places], town.corrections) == (["彰武县"], ["章武县→彰武县"])


def test_empty_gazetteer_finds_no_places() -> None:
    intent = understand("港口乡2021年收到多少申请", Gazetteer([]))
    assert (intent.kind, intent.places, intent.years) == (NONE, [], [2021])


def test_real_seed_reports() -> None:
    rows = []
    for path in sorted(REPORTS_DIR.glob("*.txt")):
        report = parse_file(path)
        meta = report.metadata
        rows.append(
            ReportRow(
                id=report.id,
                source=str(path),
                agency=meta.agency,
                place=meta.place,
                level=meta.level.value if meta.level else None,
                county=meta.county,
                year=meta.year,
                format=meta.format.value if meta.format else None,
                tables=sorted(t.value for t in report.tables),
            )
        )
    gazetteer = Gazetteer(rows)
    assert {p.display for p in gazetteer.places} == {DUIZHEN, GANGKOU, PINGQIAO, KANGRONG, PINGAN_ZW}
    expectations = {
        "平安鎮2023年在學習強國平臺投稿多少件？": (N, (PINGAN_ZW,), [2023]),
        "平安镇去年收到多少申请": (L, (PINGAN_ZW,), [2022]),  # one 平安镇 here: no question to ask
        "港口乡2021年收到过依申请公开吗？": (L, (GANGKOU,), [2021]),
        "康荣镇有没有因为信息公开被申请行政复议或者被起诉？": (L, (KANGRONG,), []),
        "兑镇镇下一步准备怎么改进政务公开工作？": (N, (DUIZHEN,), []),
        "平桥区政府门户网站今年发布了多少条政府信息？": (N, (PINGQIAO,), [2021]),
        "彰武县哪个镇收到申请最多": (R, (), []),
        "平按镇收到多少申请": (L, (PINGAN_ZW,), []),
        "大王庄镇收到多少申请": (NONE, (), []),
    }
    for question, (kind, places, years) in expectations.items():
        intent = understand(question, gazetteer)
        assert (intent.kind, _place_names(intent), intent.years) == (kind, places, years), question


# ---- helpers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"), [("3", 3), ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("两", 2), ("零", None)]
)
def test_cn_number(text: str, number: int | None) -> None:
    assert cn_number(text) == number


def test_within_one_edit() -> None:
    assert within_one_edit("平按镇", "平安镇")
    assert within_one_edit("平安", "平安镇")
    assert within_one_edit("平安镇", "平安")
    assert not within_one_edit("大王庄镇", "平安镇")
    assert not within_one_edit("港口乡", "港口乡人民政府")


def test_clean_keeps_meaning_and_drops_spaces_between_han() -> None:
    assert clean(" 港口 乡 2021 年 ") == "港口乡 2021 年"


@pytest.mark.parametrize("rule", KIND_RULES, ids=lambda rule: rule.reason)
def test_each_kind_rule_decides_its_example(rule: KindRule) -> None:
    assert understand(rule.example, GAZETTEER).kind == rule.kind


# ---- a division named without a place of its own -----------------------------------------------------


def _unnamed(county: str, level: str, year: int) -> ReportRow:
    """A report that never names its agency (我镇, 我局), of a county the text does name."""
    return _row(county, year, county, level).model_copy(update={"agency": None, "place": None})


def test_that_one_of_a_level_after_a_county_scopes_the_question_to_it() -> None:
    gazetteer = Gazetteer([*REPORTS, _unnamed("昭化区", "镇", 2023)])
    intent = understand("昭化区那个镇2023年收到多少申请", gazetteer)
    assert (intent.kind, intent.county_scope, intent.levels) == (L, "昭化区", ["镇"])


def test_a_division_named_alone_scopes_the_question_to_the_reports_inside_it() -> None:
    intent = ask("深圳市那份报告收到多少申请")
    assert (intent.kind, intent.places, intent.within) == (L, [], ["深圳市"])
    corrected = ask("琼海市那个镇2022年收到多少申请")  # a city of its own, not a typo of 上海市
    assert corrected.corrections == [] and corrected.within == ["琼海市"]


def test_a_departments_division_alone_names_the_division_not_the_department() -> None:
    """白云区 is the district: its archive bureau's report is offered, not answered as the district's."""
    bureau = _row("白云区", 2023, "白云区", "部门").model_copy(update={"agency": "广州市白云区档案局"})
    gazetteer = Gazetteer([*REPORTS, bureau])
    intent = understand("白云区2023年收到多少申请", gazetteer)
    assert (intent.kind, intent.suggestions) == (ASK, ["广州市白云区档案局"])
    assert [p.agency for p in understand("白云区档案局2023年收到多少申请", gazetteer).places] == ["广州市白云区档案局"]


def test_a_county_and_that_one_among_named_places_is_one_of_them() -> None:
    gazetteer = Gazetteer([*REPORTS, _row("中江县", 2022, "中江县", "部门").model_copy(update={"agency": None})])
    intent = understand("港口乡和中江县那个局谁的行政许可多", gazetteer)
    assert (intent.kind, sorted(p.place for p in intent.places)) == (C, ["中江县", "港口乡"])


def test_a_stem_that_is_a_province_or_city_names_no_township() -> None:
    gazetteer = Gazetteer([*REPORTS, _row("北京街道", 2020, "越秀区", "街道")])
    assert understand("北京的街道2020年收到多少申请", gazetteer).places == []
    assert [p.place for p in understand("北京街道2020年收到多少申请", gazetteer).places] == ["北京街道"]


def test_a_place_inside_a_quoted_name_is_not_named() -> None:
    """“平桥区发布”公众号 is an account; “港口乡” alone still names the township."""
    assert ask("“平桥区发布”公众号发了多少条").places == []
    assert [p.place for p in ask("“港口乡”2021年收到多少申请").places] == ["港口乡"]


def test_an_agency_set_aside_in_brackets_is_not_a_candidate() -> None:
    """海口市那个局（不是市政府研究室）: of 海口市's two reports, the one that is not the 研究室."""
    office = _row("海口市", 2022, "海口市", "部门").model_copy(update={"agency": "海口市人民政府研究室"})
    bureau = _row("海口市", 2022, "海口市", "部门").model_copy(update={"agency": None, "id": "haikou-bureau"})
    gazetteer = Gazetteer([*REPORTS, office, bureau])
    both = understand("海口市那个局2022年行政许可多少", gazetteer)
    assert (both.county_scope, both.levels, both.excluding) == ("海口市", ["部门"], [])
    one = understand("海口市那个局（不是市政府研究室）2022年行政许可多少", gazetteer)
    assert (one.kind, one.excluding, one.concepts) == (L, ["市政府研究室"], ["t2:行政许可"])
    assert ask("平桥区收到的申请是不是都公开了").excluding == []  # 不是 outside brackets sets nothing aside


def test_a_figure_named_with_all_its_parts_to_add_is_their_sum() -> None:
    assert ask("兑镇镇行政诉讼一共几件（直接起诉加复议后起诉）").concepts == ["t4:litigation"]
    assert ask("兑镇镇直接起诉和复议后起诉各几件").concepts == ["t4:litigation_direct", "t4:litigation_after_review"]


def test_a_department_word_is_no_division_and_names_its_agency_without_its_last_character() -> None:
    """公安 is a kind of department before it is the short name of 公安县; 临夏州公安 is 临夏州公安局."""
    police = _row("临夏州", 2023, None, "部门").model_copy(update={"agency": "临夏州公安局"})
    gazetteer = Gazetteer([*REPORTS, police])
    intent = understand("临夏州公安2023年收到多少申请", gazetteer)
    assert (intent.kind, [p.agency for p in intent.places], intent.within) == (L, ["临夏州公安局"], [])


def test_a_place_after_通过_is_read_without_it() -> None:
    """通过市政府网站: 通过 is no part of a name, so 市 starts none."""
    assert ask("港口乡2021年通过县政府网站发布了多少条").ask is None


def test_grammar_words_name_no_figure_but_a_parts_wording_is_not_the_sums() -> None:
    """条依 (条 + 依), 那一行, 一整年 say how the question is put; 正当理由 is the wording of one reason of
    不予处理, so the total is not answered for it, and 多次 (a numeral) may say which figure."""
    assert ask("港口乡2021年收到了多少条依申请公开信息").kind == L
    assert ask("港口乡2021年行政强制那一行的处理决定数量").kind == L
    assert ask("平桥区有没有人没啥正当理由一遍遍来申请、结果不予处理的，几件").kind == ASK
    assert ask("平桥区2021年多次申请的有几件").kind != L


@pytest.mark.parametrize("determiner", lexicon().agency_determiners)
def test_an_applicant_word_after_a_determiner_names_an_agency(determiner: str) -> None:
    assert "organisations" not in ask(f"平桥区{determiner}单位收到多少申请").columns
    assert ask("平桥区单位的申请有几件").columns == ["organisations"]


def test_a_follow_up_of_a_narrative_question_keeps_its_own_words() -> None:
    """其中微信公众号呢 after a question on what was published: the previous question and 微信公众号."""
    follow = ask("其中微信公众号呢", after="港口乡2021年主动公开了多少条信息")
    assert "港口乡" in follow.normalised and "微信公众号" in follow.normalised


def test_the_year_applications_were_carried_into_is_not_the_year_asked() -> None:
    intent = ask("港口乡2021年结转到2022年的有几件")
    assert (intent.years, intent.concepts) == ([2021], ["t3:carried_out"])


def test_a_place_named_alone_in_other_words_is_a_follow_up() -> None:
    """平安镇那边有没有 / 换成港口乡是多少 / 它2022年的呢: the previous question, of another place or year."""
    after = "平桥区2021年行政复议有几件"
    for fragment in ("彰武县平安镇那边有没有", "换成港口乡是多少"):
        intent = ask(fragment, after=after)
        assert (intent.concepts, intent.kind) == (["t4:review"], L), fragment
    assert ask("它2020年的报告里是多少", after=after).years == [2020]


def test_an_applicant_column_named_without_its_row_is_asked_back() -> None:
    intent = ask("彰武县平安镇自然人那一栏是多少")
    assert intent.kind == ASK and intent.ask is not None and "本年新收政府信息公开申请数量" in intent.ask.options
    activity = ask("港口乡2021年组织了多少场政务宣传活动")  # 组织 of an activity is no applicant column
    assert activity.ask is None or activity.ask.why != intent.ask.why


def test_a_departments_bare_name_is_also_the_end_of_one_whose_division_is_unknown() -> None:
    """自然资源局 is 银川市自然资源局's name without its city, and the end of 县自然资源局: both are meant."""
    city = _row("银川市", 2022, None, "部门").model_copy(update={"agency": "银川市自然资源局"})
    county = _row("县自然资源局", 2023, None, "部门").model_copy(update={"agency": "县自然资源局", "place": None})
    gazetteer = Gazetteer([*REPORTS, city, county])
    assert understand("自然资源局收到了几件申请", gazetteer).kind == ASK
    assert [p.agency for p in understand("银川市自然资源局收到了几件申请", gazetteer).places] == ["银川市自然资源局"]


def test_a_name_ending_with_a_division_is_read_from_that_division() -> None:
    """陕西延安吴起县: 吴起县, and 陕西 and 延安 above it (not a place 西延安吴起县 the corpus lacks)."""
    intent = ask("陕西延安吴起县彰武县平安镇收到多少申请")
    assert intent.ask is None or "西延安吴起县" not in (intent.ask.words or [])


def test_a_county_written_short_in_the_report_is_found_by_its_full_name() -> None:
    """The report writes 河口县; a user writes the official 河口瑶族自治县."""
    gazetteer = Gazetteer([_row("桥头乡", 2022, "河口县", "乡")])
    intent = understand("河口瑶族自治县桥头乡2022年收到多少申请", gazetteer)
    assert (intent.kind, _place_names(intent)) == (L, ("河口县桥头乡",))


@pytest.mark.parametrize("word", CUE_WORDS[Cue.CHECK])
def test_every_check_word_asks_for_the_check(word: str) -> None:
    assert ask(f"港口乡的数据{word}").kind == K, word


def test_a_department_after_its_prefecture_said_short_is_found_and_not_misread_as_a_typo() -> None:
    """临夏公安 is 临夏州公安局; 临夏公安微信 is that department and 微信, not 临夏公安局 with 微 wrong."""
    row = ReportRow(
        id="lx",
        source="lx.txt",
        agency="临夏州公安局",
        place="临夏州",
        level="部门",
        county=None,
        year=2023,
        format="2021",
        tables=["t3"],
    )
    intent = understand("临夏公安微信公众号23年发了多少条", Gazetteer([row]))
    assert [p.agency for p in intent.places] == ["临夏州公安局"] and intent.corrections == []


def test_a_quoted_report_title_names_its_place() -> None:
    assert _place_names(ask("“2021年报_港口乡”里收到多少申请")) == (GANGKOU,)
    assert _place_names(ask("“港口乡2021年度政府信息公开工作年度报告”里收到多少申请")) == (GANGKOU,)


def test_a_follow_up_naming_a_figure_of_its_own_keeps_only_the_place_and_year() -> None:
    """After a narrative question, the words of that question (主动) are not the new question's."""
    intent = ask("那现行有效的行政规范性文件有几件？", after="港口乡2021年主动公开了多少条信息")
    assert (intent.kind, _place_names(intent), intent.years, intent.concepts) == (
        L,
        (GANGKOU,),
        [2021],
        ["t2:规范性文件"],
    )
    other = ask("那平桥区的不予公开呢", after="港口乡2021年收到多少申请")  # its own place: that place
    assert (other.kind, _place_names(other), other.concepts) == (L, (PINGQIAO,), [WITHHELD])


def _department(agency: str, place: str) -> ReportRow:
    return ReportRow(
        id=agency, source=f"{agency}.txt", agency=agency, place=place, level="部门", county=None, year=2023,
        format="2021", tables=["t3"],
    )  # fmt: skip


def test_a_kind_of_department_in_a_corpus_question_is_no_one_agency() -> None:
    gazetteer = Gazetteer([_department("临夏州公安局", "临夏州"), _department("桐乡市公安局", "桐乡市")])
    assert understand("公安局的年报一共有几份", gazetteer).within == []
    assert understand("临夏州公安局的报告有几份", gazetteer).within == ["临夏州"]


def test_a_verb_said_of_a_place_is_not_part_of_a_place_name() -> None:
    intent = ask("港口乡有人告过乡政府吗，复议的有几起")
    assert (intent.kind, _place_names(intent), intent.concepts) == (L, (GANGKOU,), ["t4:review"])


@pytest.mark.parametrize("word", sorted(lexicon().filler))
def test_a_filler_word_changes_no_figure_and_leaves_nothing_unread(word: str) -> None:
    """Each filler word, put into a question, leaves its figure as it was (cue and column words among them
    may change the kind or the column, 那个区 names a level)."""
    intent = ask(f"平桥区2021年{word}收到多少申请")
    assert intent.concepts == [RECEIVED], word
    assert intent.terms == [] or THAT_ONE.fullmatch(word), word


def test_an_office_is_found_by_its_short_name() -> None:
    gazetteer = Gazetteer([_department("舟山市政务服务管理办公室", "舟山市")])
    assert [p.agency for p in understand("舟山市政务办2020年集中采购项目多少个", gazetteer).places] == [
        "舟山市政务服务管理办公室"
    ]


def test_a_table_format_named_scopes_the_reports_and_its_year_is_no_year() -> None:
    intent = ask("2019年格式的报告里哪个镇收到申请最多")
    assert (intent.kind, intent.table_format, intent.years) == (R, TableFormat.V2019, [])
    assert ask("老版表格里平安镇收到多少申请").table_format == TableFormat.V2019
    assert ask("19版表 规范性文件 本年新制作 谁最多").table_format == TableFormat.V2019
    assert ask("平安镇2023年收到多少申请").table_format is None
    assert ask("哪些报告还在用2019年那套老表格").years == []  # the year names the format


@pytest.mark.parametrize("word", lexicon().exclusions)
def test_an_excluded_applicant_column_is_not_asked(word: str) -> None:
    """单位（不算个人）: the column excluded confirms the one asked, which does not hold it; alone (除了个人以外的
    申请), the applicants who remain (法人或其他组织); where no column is what remains (除了企业以外的) or the
    one asked holds it (法人 holds 企业), no figure of the tables is it: asked back."""
    excluding = f"个人{word}" if word.endswith("外") else f"{word}个人"
    confirmed = ask(f"平桥区单位（{excluding}）申请的有几件")
    assert (confirmed.kind, confirmed.concepts, confirmed.columns) == (L, [RECEIVED], ["organisations"]), word
    remaining = ask(f"平桥区{excluding}的申请有几件")
    assert (remaining.kind, remaining.columns) == (L, ["organisations"]), word
    business = f"企业{word}" if word.endswith("外") else f"{word}企业"
    assert ask(f"平桥区{business}的申请有几件").kind == ASK, word
    assert ask(f"平桥区{business}，其他单位申请的有几件").kind == ASK, word


def test_a_superlative_over_a_name_several_agencies_share_ranks_them() -> None:
    """教育局 names two bureaus: 谁最多 ranks both; a figure of one asks back which one is meant."""
    gazetteer = Gazetteer([_department("故城县教育局", "故城县"), _department("温泉县教育局", "温泉县")])
    ranked = understand("教育局里谁的行政许可最多", gazetteer)
    assert (ranked.kind, sorted(p.agency or "" for p in ranked.places)) == (R, ["故城县教育局", "温泉县教育局"])
    assert understand("教育局2023年行政许可多少", gazetteer).kind == ASK


def test_a_citys_short_name_stands_for_that_city() -> None:
    """海口 is 海口市's own short name (no other division's): it names the corpus's 海口市; 北京 of 北京街道 names
    another division (北京市) and stays no name of that street office."""
    gazetteer = Gazetteer([_row("海口市", 2022, None, "市"), _row("北京街道", 2020, None, "街道")])
    assert [p.place for p in understand("海口2022年收到多少申请", gazetteer).places] == ["海口市"]
    assert understand("北京2020年收到多少申请", gazetteer).places == []


def test_a_table_2_column_after_its_row_is_that_rows_column() -> None:
    """现行有效的有几件 after 制发了几件规范性文件: the row asked before, not every row with that column."""
    intent = ask("现行有效的有几件？", "平桥区2021年制发了几件规范性文件？")
    assert (intent.kind, intent.concepts, intent.t2_columns) == (L, ["t2:规范性文件"], ["现行有效件数"])
    part = ask("其中废止的有几件？", "平桥区2021年制发了几件规范性文件？")
    assert (part.kind, part.concepts, part.t2_columns) == (L, ["t2:规范性文件"], ["本年废止件数"])


def test_a_follow_up_names_a_department_with_its_division() -> None:
    """东丽区教育局 (its report writes 教育局): a follow-up keeps to it, not to every 教育局 of the corpus."""
    gazetteer = Gazetteer([_department("教育局", "东丽区"), _department("故城县教育局", "故城县")])
    first = understand("东丽区教育局2023年收到多少申请", gazetteer)
    again = understand("其中自然人的有几件", gazetteer, first)
    assert (again.kind, [p.agency for p in again.places], again.columns) == (L, ["教育局"], ["natural"])


def test_a_share_of_the_figures_before_is_the_rate_they_make() -> None:
    """这两项…占办理结果总数的百分之几 after 予以公开和部分公开: 公开率; 占比多少 after 结果纠正: 复议纠错率; a share
    of a figure that is no rate's numerator is no rate."""
    both = ask("这两项加起来占办理结果总数的百分之几？", "平桥区2021年予以公开和部分公开的申请各有几件？")
    assert (both.kind, both.rates, both.years) == (L, ["rate:open"], [2021])
    corrected = ask("占比多少", "平桥区2021年行政复议结果纠正几件")
    assert (corrected.kind, corrected.rates) == (L, ["rate:review_corrected"])
    assert ask("占比多少", "平桥区2021年收到几件").rates == []
    assert ask("这两项占新收申请的百分之几", "平桥区2021年予以公开和部分公开的申请各有几件？").rates == []


def test_a_city_and_that_one_in_a_list_names_its_report_of_that_level() -> None:
    """海口市那个局（不是研究室） among other agencies: the city's bureau; 龙华 of 深圳市 is not inside 海口市
    (whose 龙华区 shares its name)."""
    unnamed = _department("海口某局", "海口市").model_copy(update={"agency": None, "province": "海南省"})
    office = _department("海口市人民政府研究室", "海口市").model_copy(update={"province": "海南省"})
    farm = _department("温州市洞头区农业农村局", "洞头区").model_copy(update={"county": "洞头区", "city": "温州市"})
    branch = _department("深圳市市场监督管理局龙华监管局", "龙华").model_copy(update={"city": "深圳市"})
    gazetteer = Gazetteer([unnamed, office, farm, branch])
    intent = understand("洞头区农业农村局、海口市那个局（不是研究室）谁的行政许可多", gazetteer)
    named = sorted((p.agency or "", p.place) for p in intent.places)
    assert named == [("", "海口市"), ("温州市洞头区农业农村局", "洞头区")]


def test_a_places_government_forms_name_its_government_not_its_departments() -> None:
    """洞头区政府 is the district's own report, not also 洞头区's 农业农村局 (洞头区 alone is the county, whose own
    government's report it names too)."""
    farm = _department("温州市洞头区农业农村局", "洞头区").model_copy(update={"county": "洞头区"})
    gazetteer = Gazetteer([_row("洞头区", 2021, None, "区"), farm])
    for question in ("洞头区政府2021年收到多少申请", "洞头区人民政府2021年收到多少申请", "洞头区2021年收到多少申请"):
        intent = understand(question, gazetteer)
        assert (intent.kind, [p.agency for p in intent.places]) == (L, ["洞头区人民政府"]), question


TABLE_TITLES = [(table, title) for table, titles in lexicon().table_titles.items() for title in titles]


@pytest.mark.parametrize(("table", "title"), TABLE_TITLES)
def test_a_table_named_by_its_title_is_that_table(table: str, title: str) -> None:
    assert tables_by_name(f"平桥区2021年{title}对得上吗") == f"平桥区2021年{table}对得上吗"


def test_a_follow_up_keeps_the_places_as_they_were_resolved() -> None:
    """A follow-up naming no place keeps the previous intent's places (or the scope and level that picked its
    report: 中江县那个局), structurally, not by reading the previous text again."""
    bureau = _department("某局", "中江县").model_copy(update={"agency": None, "county": "中江县"})
    town = _row("仓山镇", 2022, "中江县", "镇")
    gazetteer = Gazetteer([bureau, town])
    first = understand("中江县那个局2022年行政处罚多少", gazetteer)
    assert (first.places, first.county_scope, first.levels) == ([], "中江县", ["部门"])
    for follow_up in ("行政许可呢", "现行有效的规范性文件有几件"):
        again = understand(follow_up, gazetteer, first)
        assert (again.kind, again.county_scope, again.levels, again.years) == (L, "中江县", ["部门"], [2022]), follow_up
    named = understand("东丽区教育局2023年收到多少申请", Gazetteer([_department("教育局", "东丽区")]))
    kept = understand("那行政复议呢", Gazetteer([_department("教育局", "东丽区")]), named)
    assert kept.places == named.places


def test_a_department_of_an_unnamed_division_is_asked_about_without_its_level() -> None:
    """区科技工业商务信息化局 (its report never names the 区): 科技工业商务信息化局 names it."""
    bureau = _department("区科技工业商务信息化局", "区科技工业商务信息化局")
    intent = understand("科技工业商务信息化局2023年收到多少申请", Gazetteer([bureau]))
    assert (intent.kind, [p.agency for p in intent.places]) == (L, ["区科技工业商务信息化局"])
