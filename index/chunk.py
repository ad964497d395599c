"""Narrative passages that follow the report's headings: the unit of retrieval.

A passage starts at each section heading, each sub-heading (（一）, 1.) and each 一是/二是 item, and
is split further only when long, at sentence ends. Tables are not passages: they live in the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.models import Passage, Report, SourceText
from index.sections import PREAMBLE_TITLE

_NUMERALS = "一二三四五六"
_SUBHEADING = re.compile(
    r"^\s*(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]{1,2}、|\d{1,2}[.、．](?!\d))"
)
_ITEM_START = re.compile(r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]，)")
# Possessive *+: a run of non-terminators never gives characters back to the terminator that must follow,
# so a long line without one is scanned once, not backtracked over character by character.
_SENTENCE = re.compile(r"[^。！？；!?;]*+[。！？；!?;]+|[^。！？；!?;]+$")
_SENTENCE_END = ("。", "！", "？", "；", "：", ":", "!", "?", ";")
_MAX_SUBHEADING = 30


@dataclass
class Sentence:
    text: str
    line: int
    starts_item: bool = False


class Chunker:
    """``Chunker(max_chars=300, min_chars=80)(report, source) -> list[Passage]``."""

    def __init__(self, max_chars: int = 300, min_chars: int = 80) -> None:
        self.max_chars = max_chars
        self.min_chars = min_chars

    def __call__(self, report: Report, source: SourceText) -> list[Passage]:
        excluded = set(report.boilerplate_lines) | table_lines(report, source.normalised)
        passages: list[Passage] = []
        for section in report.sections:
            label = PREAMBLE_TITLE if section.number == 0 else f"{_NUMERALS[section.number - 1]}、{section.title}"
            subheading: Sentence | None = None
            block: list[Sentence] = []
            for number in range(section.first_line, section.last_line + 1):
                text = source.normalised[number - 1].strip()
                if number == section.heading_line or number in excluded or not text:
                    continue
                if is_subheading(text):
                    passages += self._passages(report, section.number, label, subheading, block)
                    subheading, block = Sentence(text, number), []
                    continue
                block += _sentences(text, number, continues=bool(block) and not block[-1].text.endswith(_SENTENCE_END))
            passages += self._passages(report, section.number, label, subheading, block)
        return passages

    def _passages(
        self, report: Report, section: int, label: str, subheading: Sentence | None, sentences: list[Sentence]
    ) -> list[Passage]:
        path = [label, subheading.text] if subheading else [label]
        if subheading and not sentences:
            # A list item written like a sub-heading ("4、政府工作动态类信息") is content, not a title.
            sentences = [subheading]
        return [self._passage(report, section, path, group) for group in self._group(sentences)]

    def _group(self, sentences: list[Sentence]) -> list[list[Sentence]]:
        groups: list[list[Sentence]] = []
        size = 0  # characters in groups[-1], kept as it grows: summing it anew per sentence is n² on "。。。…"
        for sentence in sentences:
            new_item = sentence.starts_item and size >= self.min_chars
            if not groups or new_item or (size + len(sentence.text) > self.max_chars and size >= self.min_chars):
                groups.append([sentence])
                size = len(sentence.text)
            else:
                groups[-1].append(sentence)
                size += len(sentence.text)
        return groups

    @staticmethod
    def _passage(report: Report, section: int, path: list[str], group: list[Sentence]) -> Passage:
        meta = report.metadata
        return Passage(
            report_id=report.id,
            agency=meta.agency,
            place=meta.place,
            level=meta.level,
            county=meta.county,
            year=meta.year,
            section_number=section,
            section_path=path,
            text="".join(s.text for s in group),
            first_line=group[0].line,
            last_line=group[-1].line,
        )


def is_subheading(text: str) -> bool:
    return len(text) <= _MAX_SUBHEADING and bool(_SUBHEADING.match(text)) and not text.endswith("。")


def _sentences(text: str, line: int, continues: bool) -> list[Sentence]:
    """A line's sentences; a line that continues the previous one's sentence joins it."""
    found = [Sentence(m.group(0), line, bool(_ITEM_START.match(m.group(0).strip()))) for m in _SENTENCE.finditer(text)]
    if continues and found:
        found[0].starts_item = False
    return found


_HEADER_FRAGMENT_CHARS = 6  # "企业", "机构": a header cell wrapped onto a line of its own


def _is_table_like(text: str) -> bool:
    stripped = text.strip()
    return "\t" in text or "|" in text or (len(stripped) <= _HEADER_FRAGMENT_CHARS and "。" not in stripped)


def table_lines(report: Report, lines: list[str]) -> set[int]:
    """Lines of the tables, with the header lines just above each table's first row."""
    headings = {section.heading_line for section in report.sections}
    found: set[int] = set()
    for table in report.tables.values():
        start = table.first_line
        while (
            start - 1 >= 1
            and start - 1 not in headings
            and (not lines[start - 2].strip() or _is_table_like(lines[start - 2]))
        ):
            start -= 1
        found.update(range(start, table.last_line + 1))
    return found
