"""answer(question, history) → Answer: the one door the app and the CLI use."""

from __future__ import annotations

import logging
import threading
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel

from index.build import Builder, BuildResult, Progress
from index.catalog import ColumnSpec, t2_row
from index.checks import blank_as_zero_findings
from index.metadata import publish_date_line
from index.models import CellKind, Finding, Level, Report, TableFormat, TableId
from index.search import LoadedIndex, open_index
from index.store import Filters, ReportRow
from qa import compose, corpus
from qa.figures import CONCEPTS_BY_KEY, RATES_BY_KEY, Concept
from qa.known_places import Gazetteer, agency_name, place_name
from qa.lexicon import lexicon, occurrences, words_for
from qa.lookup import FORMAT_NAMES, TABLE_SHORT, column_groups, line_passage, lookup, number_in
from qa.models import Answer, AnswerKind, AskBack, AskWhy, Intent, Passage, PlaceRef, Value
from qa.nearest import FigureMeanings
from qa.rates import rate_value
from qa.reading import upper_divisions
from qa.resolve_places import report_inside
from qa.retrieve import asked_aspect, by_aspect, content_bigrams, holds, missing_nouns, retrieve, states_a_count
from qa.spelling import homophone_fix
from qa.stated import stated_passages, t2_columns_meant
from qa.understand import understand
from qa.words import WHICH_LESS, WHICH_MORE, sets_aside

logger = logging.getLogger(__name__)
DEFAULT_TOP_N = 10
RANK_LIST_LIMIT = 30
NARRATIVE_PASSAGES = 3
SPELLING_REPORTS = 3  # a question word is checked against the text of at most this many reports for a typo
WHICH_REPORT_OPTIONS = 6  # several reports and no place: named in the ask-back up to this many
CHECKED_TABLES = (TableId.T2, TableId.T3, TableId.T4)


class CorpusSummary(BaseModel):
    reports: int
    places: int
    years: list[int]
    counties: list[str]
    embedder: str


FACT_SHEET_CONCEPTS = (
    "t3:received",
    "t3:carried_in",
    "t3:granted",
    "t3:partly",
    "t3:withheld",
    "t3:handled",
    "t3:carried_out",
    "t2:行政许可",
    "t2:行政处罚",
    "t4:review",
    "t4:litigation",
)


class Engine:
    """Holds the loaded index and the gazetteer of places; answers are pure functions of both."""

    def __init__(self, index: LoadedIndex) -> None:
        self.index = index
        self.store = index.store
        self._lock = threading.Lock()
        self.reports: list[ReportRow] = []
        self.by_place: dict[str | None, list[ReportRow]] = {}
        self.gazetteer = Gazetteer([])
        self._meanings: FigureMeanings | None = None  # the figures encoded, on the first ask-back that needs them
        self.reload()

    def reload(self) -> None:
        with self._lock:
            self.reports = self.store.report_rows()
            by_place: dict[str | None, list[ReportRow]] = {}
            for row in self.reports:
                by_place.setdefault(place_name(row), []).append(row)
            self.by_place = by_place  # a question names places: its reports without a corpus scan
            self.gazetteer = Gazetteer(self.reports)

    # ---- what the pages show besides chat ----------------------------------------------------------

    def summary(self) -> CorpusSummary:
        return CorpusSummary(
            reports=len(self.reports),
            places=len({(r.place, r.county) for r in self.reports}),
            years=sorted({r.year for r in self.reports if r.year}),
            counties=sorted({r.county for r in self.reports if r.county}),
            embedder=self.index.manifest.embedder_id,
        )

    def report_rows(self, filters: Filters | None = None) -> list[ReportRow]:
        return self.store.report_rows(filters)

    def report(self, report_id: str) -> Report | None:
        return self.store.report(report_id)

    def original_lines(self, report_id: str) -> list[str]:
        return self.store.original_lines(report_id)

    def findings(self, filters: Filters | None = None) -> list[tuple[ReportRow, Finding]]:
        """Every finding in the reports the filters allow, with its report (the inspection view)."""
        found = []
        for row in self.store.report_rows(filters):
            found += [(row, finding) for finding in self.store.findings(row.id)]
        return found

    def compare(self, report_ids: list[str], concept_key: str, columns: list[str] | None = None) -> Answer:
        """One metric across chosen reports (the compare page), with the same rules as a chat comparison."""
        concept = CONCEPTS_BY_KEY[concept_key]
        intent = Intent(
            question=f"对比：{concept.label}",
            normalised="",
            kind=AnswerKind.COMPARE,
            concepts=[concept_key],
            columns=columns or [],
        )
        chosen = [r for r in self.reports if r.id in report_ids]
        return self._compare(intent, chosen, [])

    def fact_sheet(self, report_id: str) -> Answer:
        row = next(r for r in self.reports if r.id == report_id)
        intent = Intent(
            question=f"{row.agency}{compose.of_year(row.year)}概况", normalised="", kind=AnswerKind.FACT_SHEET
        )
        return self._fact_sheet(intent, [row], [])

    # ---- the door --------------------------------------------------------------------------------

    def answer(self, question: str, history: list[Answer] | None = None, filters: Filters | None = None) -> Answer:
        previous = next((a.intent for a in reversed(history or []) if a.intent is not None), None)
        intent = understand(question, self.gazetteer, previous)
        logger.debug("question %r → %s places=%s years=%s concepts=%s", question, intent.kind.value,
                     [p.place for p in intent.places], intent.years, intent.concepts)  # fmt: skip
        if intent.kind in (AnswerKind.CLARIFY,):
            return self._in_its_words(intent) or compose.clarify(intent)
        if intent.kind == AnswerKind.NOT_FOUND:
            return compose.not_found(
                intent, compose.ask_text(intent.ask) if intent.ask else "语料库中没有找到问题所指的机关。"
            )
        if intent.kind == AnswerKind.CORPUS:
            return self._corpus(intent)
        reports, notes = self._reports(intent, filters)
        notes = [f"已将“{c.split('→')[0]}”按“{c.split('→')[1]}”理解。" for c in intent.corrections] + notes
        if not reports:
            return compose.not_found(intent, notes[0] if notes else "没有符合条件的报告。")
        missing = _missing_years(intent, reports)
        if intent.kind == AnswerKind.COMPARE and missing and _asks_change(intent):
            if stated := _states_its_change(intent, reports):  # 比上一年多了还是少了: the 2019 table's 本年增/减
                said = "该报告表二的「本年增/减」一栏即比上一年的增减，由报告本身填写。"
                return self._lookup(stated, reports, [said])
            years = "、".join(f"{year}年" for year in missing)
            return compose.not_found(intent, f"语料库中没有该机关{years}的报告，无法比较或计算变化。", notes)
        handler = {
            AnswerKind.LOOKUP: self._lookup,
            AnswerKind.NARRATIVE: self._narrative,
            AnswerKind.COMPARE: self._compare,
            AnswerKind.RANK: self._rank,
            AnswerKind.FACT_SHEET: self._fact_sheet,
            AnswerKind.CHECK: self._check,
            AnswerKind.MIXED: self._mixed,
        }[intent.kind]
        answer = handler(intent, reports, notes)
        return answer.model_copy(update={"suggestions": self._suggestions(answer, reports)})

    def _in_its_words(self, intent: Intent) -> Answer | None:
        """A figure question with words no figure has (热线工单, 人大政协建议提案), about one place: the passage of
        its report that holds every one of those words (and a number, if a count is asked), else None."""
        if not intent.terms or not intent.places or (intent.ask and intent.ask.why != AskWhy.NO_FIGURE_FOR):
            return None  # 司法局 of two counties is asked back whatever its words
        asked = intent.model_copy(update={"kind": AnswerKind.NARRATIVE, "ask": None, "suggestions": []})
        reports, notes = self._reports(asked, None)
        if not reports or _several_agencies(asked, reports):
            return None
        answer = self._narrative(asked, reports, notes)
        best = answer.passages[0] if answer.kind == AnswerKind.NARRATIVE and answer.passages else None
        shown = (best.highlight or best.text) if best else ""
        if not best or not all(holds(best.text, term) for term in intent.terms):
            return None
        return answer if not intent.asks_count or any(char.isdigit() for char in shown) else None

    def _suggestions(self, answer: Answer, reports: list[ReportRow]) -> list[str]:
        """Follow-ups that the conversation context can answer next."""
        if answer.kind in (AnswerKind.CLARIFY, AnswerKind.NOT_FOUND) or not reports:
            return answer.suggestions  # an ask-back's own offers
        report = reports[0]
        own = self.by_place.get(place_name(report), [])
        earlier = sorted({r.year for r in own if r.year and r.year < (report.year or 0)})
        other = next((r.place for r in self.reports if r.place and r.place != report.place), None)
        options = {
            AnswerKind.LOOKUP: [
                f"那{earlier[-1]}年呢？" if earlier else "",
                f"和{other}比呢？" if other else "",
                "为什么？",
            ],
            AnswerKind.NARRATIVE: [f"{report.place}收到多少政府信息公开申请？", f"{report.place}的数据有没有问题？"],
            AnswerKind.FACT_SHEET: [f"{report.place}的数据有没有问题？", f"{report.place}存在哪些主要问题？"],
            AnswerKind.CHECK: [f"{report.place}的基本情况"],
        }
        return [s for s in options.get(answer.kind, []) if s]

    # ---- which reports ---------------------------------------------------------------------------

    def _reports(self, intent: Intent, filters: Filters | None) -> tuple[list[ReportRow], list[str]]:
        """The reports a question is about, and notes on how they were chosen (e.g. the newest year)."""
        filtered = filters is not None and not filters.is_empty()
        if intent.places and not filtered:
            rows = [r for name in dict.fromkeys(p.place for p in intent.places) for r in self.by_place.get(name, [])]
        else:
            rows = self.store.report_rows(filters) if filtered else list(self.reports)
        if intent.places:
            rows = [r for r in rows if any(_is_place(r, p) for p in intent.places)]
        if intent.county_scope:
            rows = [r for r in rows if r.county == intent.county_scope]
        if intent.excluding:
            rows = [r for r in rows if not sets_aside(r.agency, intent.excluding)]
        if intent.within:  # 深圳市那份报告: the reports inside the divisions named
            rows = [r for r in rows if _inside_all(r, intent.within)]
            if not rows:
                return [], [f"语料库中没有{''.join(intent.within)}的报告。"]
        if intent.levels:
            rows = [r for r in rows if r.level in intent.levels]
        if intent.table_format:
            rows = [r for r in rows if r.format == intent.table_format.value]
            if not rows:
                return [], [f"所选范围内没有使用{FORMAT_NAMES[intent.table_format]}的报告。"]
        if not rows:
            return [], ["所选范围内没有该机关的报告。"]
        if intent.years:
            chosen = [r for r in rows if r.year in intent.years]
            if not chosen and intent.year_inherited:  # 那中江县那个局呢: its own newest year, said so
                asked = "、".join(map(str, intent.years))
                return _newest_per_agency(rows), [f"该机关没有 {asked} 年的报告，使用其最新一年的报告。"]
            if not chosen:
                return [], [_no_report_of(intent.years, rows)]
            return chosen, _absent_years(intent, rows, chosen)
        newest = _newest_per_agency(rows)
        notes = []
        if intent.places and intent.kind != AnswerKind.RANK:
            notes = [_newest_note(r) for r in newest]
        return newest, notes

    def _single(self, intent: Intent, reports: list[ReportRow]) -> ReportRow | None:
        return reports[0] if len(reports) == 1 else None

    # ---- kinds -----------------------------------------------------------------------------------

    def _concepts(self, intent: Intent) -> list[Concept]:
        return [CONCEPTS_BY_KEY[key] for key in intent.concepts if key in CONCEPTS_BY_KEY]

    def _values(self, intent: Intent, report: ReportRow, concept: Concept, headline: bool = False) -> list[Value]:
        return lookup(self.store, report, concept, intent.columns, intent.t2_columns, intent.t4_results, headline)

    def _figure(self, intent: Intent, report: ReportRow, concept: Concept) -> Value:
        """The one figure of a concept that a comparison, ranking or fact sheet shows for a report."""
        return self._values(intent, report, concept, headline=True)[0]

    def _lookup(self, intent: Intent, reports: list[ReportRow], notes: list[str]) -> Answer:
        concepts = self._concepts(intent)
        if len(reports) > 1 and not intent.places:
            return compose.clarify(_which_report(intent, reports))
        if _another_agency_of(intent, reports):  # 宣城市收到多少申请: only its 住建局 is in the corpus
            return compose.clarify(_only_other_agencies(intent, reports))
        agencies = _several_agencies(intent, reports)
        if agencies:
            return compose.clarify(_which_agency(intent, agencies))
        if len(reports) > 1:
            return self._compare(intent, reports, notes)
        report = reports[0]
        values = [rate_value(self.store, report, RATES_BY_KEY[key]) for key in intent.rates if key in RATES_BY_KEY]
        stated: list[Passage] = []
        for concept in concepts:
            found = self._values(intent, report, concept)
            values += found
            if all(v.value is None for v in found):  # the tables give no number: does the text state it?
                t2 = t2_columns_meant(concept, report, intent.t2_columns)
                stated += stated_passages(self.store, report, concept, intent.columns, intent.t4_results, t2)
        findings = _findings_touching(self.store.findings(report.id), concepts, report)
        return compose.lookup(intent, values, findings, notes, stated)

    def _narrative(self, intent: Intent, reports: list[ReportRow], notes: list[str]) -> Answer:
        intent, fixed = self._as_the_reports_spell(intent, reports)
        notes = [*fixed, *notes]
        agencies = _several_agencies(intent, reports)
        if agencies:
            return compose.clarify(_which_agency(intent, agencies))
        scoped = intent.county_scope or intent.within
        if intent.asks_count and not intent.places and scoped and len(reports) > 1:
            return compose.clarify(_which_report(intent, reports))  # 白云区主动公开了多少条: whose count?
        if intent.places and len(reports) == 1 and any(w in intent.normalised for w in lexicon().published):
            return self._published(intent, reports[0], notes)
        scope = reports if intent.places or len(reports) < len(self.reports) else None
        synonyms = tuple(word for concept in self._concepts(intent) for word in words_for(concept.key))
        topic = intent.topic.strip() or intent.normalised
        # A question about measures (or problems) ranks the passages about them first: fetch more to choose from.
        aspect = asked_aspect(intent.normalised)
        if aspect:  # the words passages about it use (改进措施, 下一步) count as the question's own
            synonyms = (*synonyms, *lexicon().aspects[aspect].passage)
        k = NARRATIVE_PASSAGES * (2 if aspect or intent.asks_count else 1)
        ignore = self._place_bigrams(intent)
        passages = retrieve(self.index, topic, scope, k=k, ignore=ignore, synonyms=synonyms, counts=intent.asks_count)
        ranked = by_aspect(aspect, passages)
        passages = ranked[:NARRATIVE_PASSAGES]
        if intent.asks_count:  # 多少条: of the passages about it, the one whose sentence states a count leads
            counted = [p for p in ranked if states_a_count(p.highlight or p.text)]
            if counted and not any(p in counted for p in passages):  # one further down, when none above
                passages = [counted[0], *passages[: NARRATIVE_PASSAGES - 1]]
            passages.sort(key=lambda p: not states_a_count(p.highlight or p.text))
        absent = missing_nouns(intent.terms, passages)
        if (not passages or absent) and (near := self._nearest_figures(intent)):
            return compose.clarify(near)  # 给不了的有几件: no passage says it; a figure means it
        if passages and absent:  # 工资, 办公楼面积: passages about something near are not the answer
            said = "、".join(f"「{noun}」" for noun in absent)
            return compose.not_found(intent, f"所选报告的正文中没有提到{said}。", notes)
        return compose.narrative(intent, passages, notes)

    def _as_the_reports_spell(self, intent: Intent, reports: list[ReportRow]) -> tuple[Intent, list[str]]:
        """微信工众号: a question word the place's reports do not hold, one homophone off from a word they do
        hold beside the same characters, is read as theirs, and said so."""
        if not intent.places or not intent.terms or len(reports) > SPELLING_REPORTS:
            return intent, []
        text = "".join(line for report in reports for line in self.store.normalised_lines(report.id))
        fixes = {t: fix for t in intent.terms if t not in text and (fix := homophone_fix(intent.normalised, t, text))}
        if not fixes:
            return intent, []

        def fixed(words: str) -> str:
            for written, meant in fixes.items():
                words = words.replace(written, meant)
            return words

        update = {
            "normalised": fixed(intent.normalised),
            "topic": fixed(intent.topic),
            "terms": [fixes.get(term, term) for term in intent.terms],
        }
        return intent.model_copy(update=update), [f"已将“{a}”按“{b}”理解。" for a, b in fixes.items()]

    def _nearest_figures(self, intent: Intent) -> Intent | None:
        """A count asked in words no figure has and no passage holds: asked back with the figures nearest in
        meaning (qa.nearest), offered as follow-up questions; None when none is near enough."""
        if not intent.asks_count or intent.concepts or intent.rates or not intent.places:
            return None
        if self._meanings is None:
            self._meanings = FigureMeanings(self.index.embedder)
        words = " ".join(intent.terms) or intent.topic
        labels = [CONCEPTS_BY_KEY[key].label for key, _ in self._meanings.nearest(words)]
        if not labels:
            return None
        place = intent.places[0].agency or intent.places[0].place
        ask = AskBack(why=AskWhy.NO_FIGURE_FOR, words=intent.terms or [words], options=labels)
        return intent.model_copy(
            update={
                "kind": AnswerKind.CLARIFY,
                "ask": ask,
                "suggestions": [f"{place}{label}是多少？" for label in labels],
            }
        )

    def _published(self, intent: Intent, report: ReportRow, notes: list[str]) -> Answer:
        """When the report was published: the date line of the saved page, quoted and cited."""
        found = publish_date_line(self.store.normalised_lines(report.id))
        if found is None:
            return compose.not_found(intent, "该报告中没有写明发布日期。", notes)
        line, written, _ = found
        return compose.narrative(intent, [line_passage(self.store, report, line, written, "发布信息")], notes)

    def _compare(self, intent: Intent, reports: list[ReportRow], notes: list[str]) -> Answer:
        concepts = self._concepts(intent)
        if not concepts:
            return self._narrative(intent, reports, notes)
        concept = concepts[0]
        formats = {r.format for r in reports if r.format}
        if len(formats) > 1 and not _same_meaning(concept, intent):
            return compose.not_found(
                intent,
                f"「{concept.label}」在2019版（试行）和2021版格式中的栏目含义不同，不能直接对比；请分别查询各年度。",
                notes,
            )
        if len(formats) > 1:
            notes = [*notes, *_equivalence_notes(concept, intent)]
        ordered = sorted(reports, key=lambda r: (r.place or "", r.year or 0))
        values = _which_first(intent, [self._figure(intent, r, concept) for r in ordered])
        findings = [f for r in ordered for f in _findings_touching(self.store.findings(r.id), [concept], r)]
        return compose.compare(intent, values, findings, notes + _sum_notes(values))

    def _rank(self, intent: Intent, reports: list[ReportRow], notes: list[str]) -> Answer:
        concepts = self._concepts(intent)
        if not concepts:
            return compose.not_found(intent, "请说明按哪一项数据排名，例如“收到申请最多的是哪个镇？”", notes)
        concept = concepts[0]
        formats = {r.format for r in reports if r.format}
        if len(formats) > 1 and not _same_meaning(concept, intent):
            # cells that mean different things are not put in one order: rank one format's reports
            kept = _rank_format(concept, intent)
            left_out = [r for r in reports if r.format != kept.value]
            reports = [r for r in reports if r.format == kept.value]
            other = FORMAT_NAMES[TableFormat.V2019 if kept == TableFormat.V2021 else TableFormat.V2021]
            left = f"另有 {len(left_out)} 份报告使用{other}，其「{concept.label}」栏目含义不同或无此项，未参加排名。"
            notes = [*notes, left]
        elif len(formats) > 1:
            notes = [*notes, *_equivalence_notes(concept, intent)]
        totals = self._totals(intent, concept, reports)
        names = {r.id: (r.place or "", r.year or 0) for r in reports}
        order = sorted(sorted(totals, key=names.__getitem__), key=totals.__getitem__, reverse=not intent.ascending)
        chosen = _ids_with_ties(order, totals, intent.top_n or DEFAULT_TOP_N)
        # Every report in scope is listed (zeros too), up to a limit for a province-wide scope.
        listed = order[: max(len(chosen), RANK_LIST_LIMIT)]
        by_id = {r.id: r for r in reports}
        values = [self._figure(intent, by_id[rid], concept) for rid in listed]  # exact values, with citations
        if len(order) > len(listed):
            notes = [*notes, f"另有 {len(order) - len(listed)} 份报告参加排名，未逐一列出。"]
        skipped = [r for r in reports if r.id not in totals]
        if skipped:
            why = "、".join(f"{agency_name(r) or r.place}{compose.of_year(r.year)}" for r in skipped[:RANK_LIST_LIMIT])
            notes = [*notes, f"另有 {len(skipped)} 份报告该项未报告或无法读出，未参加排名：{why}。"]
        scope = intent.county_scope or "语料库"
        notes = [
            *notes,
            f"排名范围：{scope}中 {len(reports)} 份报告（每个机关取{'指定年份' if intent.years else '最新一年'}）。",
        ]
        return compose.rank(intent, values, len(chosen) if intent.top_n else 0, notes)

    def _totals(self, intent: Intent, concept: Concept, reports: list[ReportRow]) -> dict[str, Decimal]:
        """The concept's figure per report, for every report where each cell it adds up is a number:
        one query per cell position across the corpus, not one lookup per report."""
        totals: dict[str, Decimal] = {}
        for table_format in {r.format for r in reports}:
            fmt = TableFormat(table_format) if table_format else TableFormat.V2021
            rows = concept.rows_for(fmt)
            if not rows:
                continue
            groups = column_groups(concept, fmt, rows[0], intent.columns, intent.t2_columns, intent.t4_results, True)
            if not groups:
                continue
            _, columns = groups[0]
            wanted = {r.id for r in reports if r.format == table_format and concept.table.value in r.tables}
            sums: dict[str, Decimal] = {}
            counts: dict[str, int] = {}
            for row in rows:
                for column in columns:
                    for report_id, value in self.store.numbers_across(concept.table, row, column).items():
                        if report_id in wanted:
                            sums[report_id] = sums.get(report_id, Decimal(0)) + Decimal(value)
                            counts[report_id] = counts.get(report_id, 0) + 1
            totals |= {rid: total for rid, total in sums.items() if counts[rid] == len(rows) * len(columns)}
        return totals

    def _fact_sheet(self, intent: Intent, reports: list[ReportRow], notes: list[str]) -> Answer:
        report = reports[0]
        concepts = [CONCEPTS_BY_KEY[key] for key in FACT_SHEET_CONCEPTS]
        values = [self._figure(intent, report, concept) for concept in concepts]
        previous = _previous_report(self.by_place.get(place_name(report), []), report)
        if previous is not None and previous.format == report.format:
            notes = [*notes, *_deltas(values, [self._figure(intent, previous, c) for c in concepts])]
        full = self.store.report(report.id)
        findings = list(full.findings) if full else []
        if full and full.warnings:
            notes = [*notes, f"解析该报告时有 {len(full.warnings)} 条警告（见报告页）。"]
        return compose.fact_sheet(intent, values, findings, notes)

    def _corpus(self, intent: Intent) -> Answer:
        rows = [r for r in self.reports if not intent.years or r.year in intent.years]
        rows = [r for r in rows if _inside_all(r, intent.within)]
        full = corpus.needs_reports(intent.normalised)  # a row's facts suffice unless warnings are asked
        facts = [self._facts(r) if full else corpus.Facts(row=r, warnings=frozenset(), findings=0) for r in rows]
        scope = "".join(intent.within) + "".join(f"{y}年" for y in intent.years) or "语料库中"
        lines = corpus.answer_lines(intent.normalised, facts, scope)
        undated = [r for r in self.reports if intent.years and r.year is None]
        if undated := [r for r in undated if _inside_all(r, intent.within)]:
            lines.append(f"另有 {len(undated)} 份报告未写明年份，未计入。")
        return compose.corpus(intent, lines)

    def _facts(self, row: ReportRow) -> corpus.Facts:
        full = self.store.report(row.id)
        codes = frozenset(w.code for w in full.warnings) if full else frozenset()
        script = full.metadata.script if full else None
        return corpus.Facts(row=row, warnings=codes, findings=len(full.findings) if full else 0, script=script)

    def _check(self, intent: Intent, reports: list[ReportRow], notes: list[str]) -> Answer:
        findings: list[Finding] = []
        unread: list[str] = []
        if_zero: list[Finding] = []
        tables = _checked_tables(intent)
        for report in reports:
            findings += [f for f in self.store.findings(report.id) if f.table in tables]
            full = self.store.report(report.id)
            unread += _uncheckable(report, full, tables)
            if_zero += [f for f in blank_as_zero_findings(full) if f.table in tables] if full else []
        who = "、".join(compose.report_name(agency_name(r) or r.place, r.year) for r in reports)
        return compose.check(intent, who, findings, unread, notes, if_zero)

    def _mixed(self, intent: Intent, reports: list[ReportRow], notes: list[str]) -> Answer:
        figures = self._lookup(intent, reports, notes)
        why = self._narrative(intent, reports, [])
        return compose.mixed(intent, figures, why)

    def _place_bigrams(self, intent: Intent) -> set[str]:
        """Place names are in every passage of their report: they must not count as relevance."""
        ignore: set[str] = set()
        for place in intent.places:
            ignore |= content_bigrams(place.place + (place.county or ""))
        return ignore


def _which_first(intent: Intent, values: list[Value]) -> list[Value]:
    """谁多 / 哪个…少: the figures from the most (or least) on, those without a number last."""
    text = (
        intent.question
        if WHICH_MORE.search(intent.question) or WHICH_LESS.search(intent.question)
        else intent.normalised
    )
    more, less = WHICH_MORE.search(text), WHICH_LESS.search(text)  # the question's own words first (谁少)
    if not (more or less):
        return values
    pairs = [(v, number_in(v.value) if v.value is not None else None) for v in values]
    ranked = sorted(((v, n) for v, n in pairs if n is not None), key=lambda pair: pair[1], reverse=bool(more))
    return [v for v, _ in ranked] + [v for v, n in pairs if n is None]


def _checked_tables(intent: Intent) -> frozenset[TableId]:
    """The tables a check is asked of: those its figures or words name (表四里复议和诉讼), else all."""
    named = {CONCEPTS_BY_KEY[key].table for key in intent.concepts if key in CONCEPTS_BY_KEY}
    named |= {table for table, word in TABLE_SHORT.items() if word in intent.normalised}
    return frozenset(named) or frozenset(CHECKED_TABLES)


def _uncheckable(report: ReportRow, full: Report | None, tables: frozenset[TableId]) -> list[str]:
    """What a consistency check of these tables could not look at: unread rows and tables not in the report."""
    who = agency_name(report) or report.place or ""
    everything = tables == frozenset(CHECKED_TABLES)
    warnings = [
        w
        for w in (full.warnings if full else [])
        if w.code in compose.UNREAD_REASONS and (w.table in tables or (w.table is None and everything))
    ]
    absent = [t for t in CHECKED_TABLES if t.value not in report.tables and t in tables]
    return [
        *(compose.unread_text(who, report.year, w) for w in warnings),
        *(compose.absent_table_text(who, report.year, t) for t in absent),
    ]


def _several_agencies(intent: Intent, reports: list[ReportRow]) -> list[str]:
    """The agencies whose reports one place named in the question has, when there are several (文登区's
    信访局 and 审计局); empty otherwise."""
    if len({p.place for p in intent.places}) != 1:
        return []
    agencies = list(dict.fromkeys(agency_name(r) or r.place or "" for r in reports))
    return agencies if len(agencies) > 1 else []


def _which_report(intent: Intent, reports: list[ReportRow]) -> Intent:
    """Several reports and no place named: asked which, naming them when they are few (深圳市那份报告)."""
    names = list(dict.fromkeys(agency_name(r) or r.place or "" for r in reports if agency_name(r) or r.place))
    options = names if len(names) <= WHICH_REPORT_OPTIONS else []
    return intent.model_copy(update={"ask": AskBack(why=AskWhy.WHICH_REPORT, options=options), "suggestions": options})


def _another_agency_of(intent: Intent, reports: list[ReportRow]) -> bool:
    """A division named alone (宣城市), whose one report in the corpus is not its own government's but one of
    its departments' or towns': that agency's figure is not the one asked (深圳市那份报告 names a report)."""
    if intent.places or not intent.within or intent.levels or len(reports) != 1:
        return False
    report = reports[0]
    names = set(intent.within) | {d.name for word in intent.within for d in upper_divisions(word)}
    return report.level == Level.DEPARTMENT.value or report.place not in names


def _only_other_agencies(intent: Intent, reports: list[ReportRow]) -> Intent:
    others = [name for r in reports if (name := agency_name(r) or r.place)]
    ask = AskBack(why=AskWhy.COUNTY_ONLY, words=["".join(intent.within)], options=others)
    return intent.model_copy(update={"kind": AnswerKind.CLARIFY, "ask": ask, "suggestions": others})


def _which_agency(intent: Intent, agencies: list[str]) -> Intent:
    """One place, reports of several of its agencies (a district's 信访局 and 审计局): ask which."""
    ask = AskBack(why=AskWhy.WHICH_AGENCY, words=[intent.places[0].place], options=agencies)
    return intent.model_copy(update={"kind": AnswerKind.CLARIFY, "ask": ask, "suggestions": agencies[:5]})


def _asks_change(intent: Intent) -> bool:
    """比2023年多收了多少 / 同比: the question asks how a figure changed (its topic, years taken out)."""
    topic = intent.topic or intent.normalised
    return any(next(occurrences(topic, word), None) for word in lexicon().change)


def _missing_years(intent: Intent, reports: list[ReportRow]) -> list[int]:
    """Years the question names that no chosen report has."""
    have = {r.year for r in reports}
    return [year for year in intent.years if year not in have]


def _ids_with_ties(ordered: list[str], totals: dict[str, Decimal], n: int) -> list[str]:
    """The first n, and any after them that tie with the n-th: 哪个镇最多 must not hide an equal one."""
    if len(ordered) <= n:
        return ordered
    last = totals[ordered[n - 1]]
    return ordered[:n] + [rid for rid in ordered[n:] if totals[rid] == last]


def _is_place(report: ReportRow, ref: PlaceRef) -> bool:
    """The report is of that place: of its agency for a department; for a government (洞头区), not one of
    the departments that share its place (温州市洞头区农业农村局)."""
    if ref.department and report.agency != ref.agency:
        return False
    if not ref.department and report.level == Level.DEPARTMENT.value:
        return False
    return place_name(report) == ref.place and (ref.county is None or report.county == ref.county)


def _absent_years(intent: Intent, rows: list[ReportRow], chosen: list[ReportRow]) -> list[str]:
    """A place or year the question names but the corpus lacks is said, never silently left out."""
    notes = []
    for place in intent.places:
        own = [r for r in rows if _is_place(r, place)]
        missing = [y for y in intent.years if not any(r.year == y for r in own if r in chosen)]
        if own and missing:
            notes.append(f"{place.place}{_no_report_of(missing, own).removesuffix('。')}，未列入。")
    return notes


def _no_report_of(years: list[int], rows: list[ReportRow]) -> str:
    """没有 2021 年的报告；已有年份：2023 — or, where the reports state no year, that it cannot be told."""
    asked = "、".join(map(str, years))
    have = "、".join(sorted({str(r.year) for r in rows if r.year}))
    undated = any(r.year is None for r in rows)
    if not have:
        return f"没有确定为 {asked} 年的报告：该机关的报告未写明年份，去掉年份再问即可查看。"
    return f"没有 {asked} 年的报告；已有年份：{have}" + ("，另有未写明年份的报告。" if undated else "。")


def _inside_all(row: ReportRow, divisions: list[str]) -> bool:
    """The report lies inside every division the question names (深圳市, 海南省的报告)."""
    return all(report_inside(row, word) for word in divisions)


CHANGE_COLUMN = "本年增/减"  # the 2019 table-2 column that states a row's change from the year before


def _states_its_change(intent: Intent, reports: list[ReportRow]) -> Intent | None:
    """A change from the year before asked of one report whose table-2 rows state it themselves (the 2019
    format's 本年增/减): that column, looked up; None when another figure or report is asked."""
    concepts = [CONCEPTS_BY_KEY[key] for key in intent.concepts if key in CONCEPTS_BY_KEY]
    if len(reports) != 1 or not concepts or any(c.table != TableId.T2 for c in concepts):
        return None
    fmt = TableFormat(reports[0].format) if reports[0].format else None
    rows = [row for c in concepts for row in (c.rows_for(fmt) if fmt else ())]
    if not rows or not all(any(col.key == CHANGE_COLUMN for col in t2_row(row, fmt).columns) for row in rows):
        return None
    return intent.model_copy(update={"kind": AnswerKind.LOOKUP, "t2_columns": [CHANGE_COLUMN]})


def _newest_note(row: ReportRow) -> str:
    if row.year is None:
        return f"未指定年份，使用{agency_name(row) or row.place}的报告（报告未写明年份）。"
    return f"未指定年份，使用{agency_name(row) or row.place}最新的 {row.year} 年报告。"


def _newest_per_agency(rows: list[ReportRow]) -> list[ReportRow]:
    newest: dict[tuple[str | None, str | None], ReportRow] = {}
    for row in rows:
        key = (place_name(row), row.county)
        if key not in newest or (row.year or 0) > (newest[key].year or 0):
            newest[key] = row
    return list(newest.values())


def _previous_report(reports: list[ReportRow], report: ReportRow) -> ReportRow | None:
    earlier = [
        r
        for r in reports
        if place_name(r) == place_name(report) and r.county == report.county and r.year == (report.year or 0) - 1
    ]
    return earlier[0] if earlier else None


def _deltas(current: list[Value], previous: list[Value]) -> list[str]:
    notes = []
    for now, before in zip(current, previous, strict=False):
        if now.value is not None and before.value is not None and now.kind == before.kind == CellKind.NUMBER:
            change = Decimal(now.value) - Decimal(before.value)
            formula = f"{now.value} − {before.value} = {change}"
            notes.append(f"{now.label}：{before.year}年 {before.value} → {now.year}年 {now.value}（{formula}）")
    return notes


def _headline_columns(concept: Concept, intent: Intent) -> dict[TableFormat, list[ColumnSpec]]:
    """Per format, the table-2 columns one figure of the concept is read from."""
    found: dict[TableFormat, list[ColumnSpec]] = {}
    for fmt, rows in concept.rows.items():
        groups = column_groups(concept, fmt, rows[0], [], intent.t2_columns, [], headline=True)
        spec = t2_row(rows[0], fmt)
        found[fmt] = [c for c in spec.columns for _, keys in groups if c.key in keys]
    return found


def _rank_format(concept: Concept, intent: Intent) -> TableFormat:
    """The format whose reports a ranking over both keeps: the one that has the figure asked (政府集中采购:
    2019; 现行有效件数: 2021), the newer one when both have it under different meanings."""
    for fmt in (TableFormat.V2021, TableFormat.V2019):
        rows = concept.rows_for(fmt)
        if rows and column_groups(concept, fmt, rows[0], intent.columns, intent.t2_columns, intent.t4_results, True):
            return fmt
    return TableFormat.V2021


def _same_meaning(concept: Concept, intent: Intent) -> bool:
    """Whether a concept's figure means the same in both formats: same rows, and for table 2 columns
    that count the same thing (处理决定数量 and 本年处理决定数量)."""
    if concept.table == TableId.T4:
        return True
    rows = {fmt: tuple(r.rsplit("/", 1)[-1] for r in rows) for fmt, rows in concept.rows.items()}
    if len(rows) < 2:
        return False
    if concept.table == TableId.T2:
        meanings = {fmt: [c.meaning for c in columns] for fmt, columns in _headline_columns(concept, intent).items()}
        first = meanings[TableFormat.V2019]
        return bool(first) and None not in first and first == meanings[TableFormat.V2021]
    return rows[TableFormat.V2019] == rows[TableFormat.V2021]


def _equivalence_notes(concept: Concept, intent: Intent) -> list[str]:
    """Say so when the two formats name the compared column differently."""
    if concept.table != TableId.T2:
        return []
    columns = _headline_columns(concept, intent)
    old, new = columns[TableFormat.V2019][0].key, columns[TableFormat.V2021][0].key
    if old == new:
        return []
    return [f"2019版（试行）格式的「{old}」与2021版格式的「{new}」统计的是同一项（本年作出的处理决定数），一并列出。"]


def _findings_touching(findings: list[Finding], concepts: list[Concept], row: ReportRow) -> list[Finding]:
    """Findings on the rows an answer shows (a text-vs-table finding names its cells on the right)."""
    table_format = TableFormat(row.format) if row.format else TableFormat.V2021
    touched = {(c.table, r) for c in concepts for r in c.rows_for(table_format)}
    return [f for f in findings if any((ref.table, ref.row) in touched for ref in f.left + f.right)]


def _sum_notes(values: list[Value]) -> list[str]:
    notes = []
    for value in values:
        if value.parts:
            parts = " + ".join(f"{p.label}（{p.value if p.value is not None else '无法读出'}）" for p in value.parts)
            notes.append(f"「{value.label}」为各项之和：{parts}")
    return notes


def add_reports(engine: Engine, paths: list[Path], progress: Progress | None = None) -> BuildResult:
    """Ingest files into the engine's index (same embedder); the caller then loads a fresh Engine.

    Nothing already indexed is lost: the new build is swapped in only when complete, and a file that
    cannot be read is listed as rejected with its reason."""
    index_dir = engine.index.folder.parent.parent  # INDEX/builds/<build> → INDEX
    builder = Builder(index_dir, engine.index.embedder, progress or (lambda stage, done, total: None))
    return builder.add(paths)


def load_engine(index_dir: str | Path) -> Engine:
    return Engine(open_index(index_dir))
