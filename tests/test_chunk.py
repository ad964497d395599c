"""Heading-aware passages over the real seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.chunk import Chunker, table_lines
from index.parse import parse_source

REPORTS = sorted((Path(__file__).resolve().parent.parent / "data" / "reports").glob("*.txt"))


@pytest.fixture(scope="module", params=REPORTS, ids=lambda p: p.name[:3])
def chunked(request: pytest.FixtureRequest):
    parsed = parse_source(request.param)
    return parsed, Chunker()(parsed.report, parsed.source)


def test_passages_never_cover_tables_or_footers(chunked) -> None:
    parsed, passages = chunked
    excluded = table_lines(parsed.report, parsed.source.normalised) | set(parsed.report.boilerplate_lines)
    for passage in passages:
        for line in range(passage.first_line, passage.last_line + 1):
            assert line not in excluded or not parsed.source.normalised[line - 1].strip(), (passage.first_line, line)


def test_passage_text_comes_from_its_lines(chunked) -> None:
    parsed, passages = chunked
    for passage in passages:
        span = "".join(line.strip() for line in parsed.source.normalised[passage.first_line - 1 : passage.last_line])
        assert passage.text in span


def test_passages_are_bounded(chunked) -> None:
    _, passages = chunked
    for passage in passages:
        longest_sentence = max(len(s) for s in passage.text.split("。"))
        assert len(passage.text) <= 300 or longest_sentence > 150


def test_metadata_and_section_path_travel_with_each_passage(chunked) -> None:
    parsed, passages = chunked
    assert passages
    for passage in passages:
        assert (passage.place, passage.year) == (parsed.report.metadata.place, parsed.report.metadata.year)
        assert passage.index_text().startswith(f"{parsed.report.metadata.agency} {parsed.report.metadata.year}年 ")


def test_items_and_subheadings_start_passages() -> None:
    parsed = parse_source(REPORTS[1])  # 001 港口乡: 一是/二是/三是 paragraphs, （一）…（5） sub-headings
    passages = Chunker()(parsed.report, parsed.source)
    starts = [p.text[:2] for p in passages if p.section_number == 1]
    assert {"一是", "二是", "三是"} <= set(starts)
    paths = {tuple(p.section_path) for p in passages}
    assert ("一、总体情况", "(3) 政府信息管理情况") in paths
    assert ("五、存在的主要问题及改进情况", "(二)改进措施") in paths


def test_section_without_text_gives_no_passage_but_list_items_survive() -> None:
    parsed = parse_source(REPORTS[0])  # 000: "4、政府工作动态类信息" is a list item, not a title
    texts = [p.text for p in Chunker()(parsed.report, parsed.source)]
    assert "4、政府工作动态类信息" in texts
