"""Parser fuzzing: damaged files parse or are refused, fast, and a damaged table never gives a wrong number
without saying so.

Mutations (shared with ``bench/fuzz.py``): deleted, duplicated and swapped lines, shuffled cells (labels
included, or only the numbers), deleted cells, numbers replaced by look-alike garbage (l8, 一八, １８, 1 8,
18件, −18), garbage lines, 1 MB lines, 10 000 nested HTML tags, truncation at any character or byte, random
bytes; and whole files of random Unicode, random bytes or 10 MB of digits.

The "no silent wrong cell" property (``silent_wrong_cells``): every cell read as a number equals the truth,
or a warning names its row, or a finding (勾稽 or narrative) involves its row. Excluded as inherent, since
no reader could tell the damaged file from an undamaged one:

* equal values swapped: the cell is not wrong;
* values moved between the columns of their own row in a way every 勾稽 rule accepts: any shuffle in
  table 2 (it has no rules), table 4's four results within one block (they add up in any order), and a
  shuffle whose rules cannot be checked because the same damage left another cell of the rule unreadable.

Everything else that moves, deletes or garbles a value must end as a missing cell, a warning or a finding.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from bench.fuzz import (
    BYTE_MUTATIONS,
    HANG_SECONDS,
    HUGE_LINES,
    LINE_MUTATIONS,
    MEGABYTE,
    SEEDS,
    TABLE_MUTATIONS,
    Base,
    Case,
    Doc,
    Outcome,
    deep_nesting,
    digits_file,
    garbage_for,
    generated_base,
    mutate,
    run_case,
    seed_bases,
    silent_wrong_cells,
)
from index.models import CellKind, Report, TableId
from index.normalise import _cached_label_key, label_key
from index.parse import parse_file, parse_text
from index.read import MAX_LINES, ReportInputError, decode, split_lines
from index.textchecks import _CLAIM_WORDS, CLAIMS, extract_claims

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SEED_002_PATH = SEEDS / "002_0408e1d58f05bafb.txt"

# Mutations cheap enough for many examples; the 1 MB and 10 000-tag ones have tests of their own below.
CHEAP = sorted(set(LINE_MUTATIONS) - {"insert_huge_line", "deep_nesting"} | set(BYTE_MUTATIONS))


def _timed(case: Case) -> Outcome:
    """Parse ``case``; a run over the bound is repeated once, so that a busy machine is not a failure: the
    bound is there to catch super-linear matching, which no second run makes fast."""
    outcome = run_case(case)
    if outcome.seconds > HANG_SECONDS:
        outcome = run_case(case)
    return outcome


def _assert_parses_or_refuses(case: Case) -> Outcome:
    outcome = _timed(case)
    assert outcome.status in ("parsed", "rejected"), outcome.error
    assert outcome.seconds < HANG_SECONDS, f"{case.name}: {outcome.seconds:.2f} s"
    return outcome


def _base(draw: st.DrawFn) -> Base:
    if draw(st.booleans()):
        return draw(st.sampled_from(seed_bases()))
    return generated_base(draw(st.integers(0, 2**32 - 1)))


@st.composite
def damaged(draw: st.DrawFn, kinds: list[str] | tuple[str, ...], most: int) -> Case:
    base = _base(draw)
    names = draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=most))
    case = mutate(base, draw(st.randoms(use_true_random=False)), names)
    note(f"{case.name}")
    return case


# ---- every kind of damage: parse or refuse, never crash, never hang ----------------------------


@FUZZ
@given(damaged(CHEAP, most=3))
def test_damaged_reports_parse_or_are_refused(case: Case) -> None:
    _assert_parses_or_refuses(case)


@FUZZ
@given(st.text(max_size=3000))
def test_random_unicode_text_parses(text: str) -> None:
    started = time.perf_counter()
    parse_text(split_lines(text), "random.txt")
    assert time.perf_counter() - started < HANG_SECONDS


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_parse_or_are_refused(data: bytes) -> None:
    _assert_parses_or_refuses(Case("random.bin", data, None))


@pytest.mark.parametrize("where", ["narrative", "table"])
@pytest.mark.parametrize("kind", sorted(HUGE_LINES))
def test_a_one_megabyte_line_parses_in_time(kind: str, where: str) -> None:
    base = seed_bases()[2]  # 002: tab tables, narrative with claims
    at = 80 if where == "narrative" else 50  # line 50 is inside table 3
    lines = [*base.lines[:at], HUGE_LINES[kind](), *base.lines[at:]]
    outcome = _assert_parses_or_refuses(Case(f"002+{kind}", ("\n".join(lines)).encode("utf-8"), None))
    assert outcome.report is not None and outcome.report.table(TableId.T3) is not None


@pytest.mark.parametrize("one_line", [True, False], ids=["one line", "100-digit lines"])
def test_ten_megabytes_of_digits(one_line: bool) -> None:
    outcome = _assert_parses_or_refuses(Case("digits.txt", digits_file(one_line), None))
    assert outcome.report is None or outcome.report.tables == {}


def _short_digit_lines(kind: str) -> bytes:
    """10 MB of digits in very short lines: "1\n2\n3…" counting up, random 1–8-digit numbers, or "1\n" over
    and over (5 million lines). Linear parsing still took 10–35 s over so many lines."""
    if kind == "counting":
        return "\n".join(map(str, range(1, 2_000_000))).encode()[: 10 * MEGABYTE]
    if kind == "random":  # random bytes as digits, 3 in 13 a line break: lines of about 3 digits
        return (
            random.Random(0).randbytes(10 * MEGABYTE).translate(bytes(b"0123456789\n\n\n"[i % 13] for i in range(256)))
        )
    return b"1\n" * (5 * MEGABYTE)


@pytest.mark.parametrize("kind", ["counting", "random", "ones"])
def test_ten_megabytes_of_short_digit_lines_are_refused_in_time(tmp_path: Path, kind: str) -> None:
    """Refused for their line count, read as a file or passed to the parser as lines (as the bench does)."""
    data = _short_digit_lines(kind)
    outcome = _assert_parses_or_refuses(Case(f"{kind}.txt", data, None))
    assert outcome.status == "rejected" and f"超过上限 {MAX_LINES} 行" in outcome.error
    path = tmp_path / f"{kind}.txt"
    path.write_bytes(data)
    assert _refusal_seconds(path, rf"^{kind}\.txt: 不是年度报告") < HANG_SECONDS


def _refusal_seconds(path: Path, message: str) -> float:
    """How long ``parse_file`` takes to refuse ``path``; repeated once if over the bound, as ``_timed`` does."""
    seconds = HANG_SECONDS
    for _ in range(2):
        started = time.perf_counter()
        with pytest.raises(ReportInputError, match=message):
            parse_file(path)
        seconds = time.perf_counter() - started
        if seconds < HANG_SECONDS:
            break
    return seconds


def test_ten_megabytes_of_digits_on_one_line_is_not_a_report(tmp_path: Path) -> None:
    path = tmp_path / "digits.txt"
    path.write_bytes(digits_file(one_line=True))
    with pytest.raises(ReportInputError, match=r"^digits\.txt: 不是年度报告：文件中没有中文文字"):
        parse_file(path)


@pytest.mark.parametrize("seed", [0, 1])
def test_ten_thousand_nested_tags_are_text(seed: int) -> None:
    base = seed_bases()[0]
    doc = Doc(list(base.lines), list(base.table))
    deep_nesting(doc, random.Random(seed))  # seed 0: one line; seed 1: one tag per line
    _assert_parses_or_refuses(Case("nested.txt", "\n".join(doc.lines).encode("utf-8"), None))


# ---- a damaged table never gives a confident wrong number --------------------------------------


@PROPERTY
@given(damaged(TABLE_MUTATIONS, most=1))
def test_no_silent_wrong_cell(case: Case) -> None:
    outcome = _assert_parses_or_refuses(case)
    if outcome.report is None or case.truth is None:
        return
    wrong = silent_wrong_cells(outcome.report, case.truth)
    shown = [(c.table.value, c.row, c.column, c.value, case.truth.get((c.table, c.row, c.column))) for c in wrong]
    assert not wrong, shown


def test_the_property_sees_a_silent_wrong_number() -> None:
    """The property itself must catch a wrong number nothing flags: table 2 has no rules, so a changed
    table-2 number is silent, and silent_wrong_cells must say so."""
    base = next(b for b in seed_bases() if b.name.startswith("002"))
    lines = list(base.lines)
    assert lines[24] == "规章\t0\t0\t0"
    lines[24] = "规章\t0\t5\t0"
    report = parse_text(lines, "002-changed.txt").report
    wrong = silent_wrong_cells(report, base.truth or {})
    assert [(c.row, c.column, c.value) for c in wrong] == [("第二十条第（一）项/规章", "本年废止件数", 5)]


# ---- one test per parser fix the fuzzing led to ---------------------------------------------


def test_garbage_numbers_look_like_numbers() -> None:
    rng = random.Random(0)
    assert {garbage_for("18", rng) for _ in range(200)} >= {"l8", "一八", "１８", "1 8", "18件", "−18"}


def test_an_over_long_digit_run_is_text_not_a_crash() -> None:
    """int() refuses more than 4 300 digits; a 5 000-digit "number" in a row makes the row short."""
    lines = list(next(b for b in seed_bases() if b.name.startswith("002")).lines)
    assert lines[42].startswith("一、本年新收政府信息公开申请数量\t18\t")
    lines[42] = lines[42].replace("\t18\t", "\t" + "9" * 5000 + "\t", 1)
    report = parse_text(lines, "002-long-number.txt").report
    row = "一、本年新收政府信息公开申请数量"
    assert {c.kind for c in report.tables[TableId.T3].cells if c.row == row} == {CellKind.MISSING}
    assert any(w.row == row and w.code == "short_row" for w in report.warnings)


def test_table_two_heading_without_rows() -> None:
    """表二's 第二十条 heading followed by no row it knows: all cells missing, a warning, no crash."""
    lines = ["一、总体情况", "二、主动公开政府信息情况", "第二十条第（一）项", "信息内容\t本年制发件数", "乱码\t1\t2"]
    report = parse_text(lines, "t2-no-rows.txt").report
    table = report.tables[TableId.T2]
    assert {c.kind for c in table.cells} == {CellKind.MISSING}
    assert table.first_line == 3
    assert any(w.code == "missing_rows" and w.table == TableId.T2 for w in report.warnings)


def test_a_file_cut_inside_the_last_number_is_flagged() -> None:
    """A cut file whose last row still has all its numbers: the last may be cut short ("52" → "5")."""
    lines = list(next(b for b in seed_bases() if b.name.startswith("002")).lines)
    assert lines[25] == "行政规范性文件\t3\t0\t52"
    report = parse_text([*lines[:25], "行政规范性文件\t3\t0\t5"], "002-cut.txt").report
    row = "第二十条第（一）项/行政规范性文件"
    assert any(w.code == "ends_in_row" and w.row == row for w in report.warnings)


def test_table_four_followed_by_text_is_short_not_cut() -> None:
    """Table 4 missing a number with narrative after it (and no 五、 heading to stop at) is a short row,
    all missing: it is not cut off by the end of the file, so no column can be assumed."""
    lines = list(next(b for b in seed_bases() if b.name.startswith("002")).lines)
    assert lines[75] == "0\t1\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"
    heading = next(i for i, line in enumerate(lines) if line.startswith("五、"))
    lines[75] = "1\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"  # the first 0 deleted
    del lines[heading]
    report = parse_text(lines, "002-t4-short.txt").report
    assert {c.kind for c in report.tables[TableId.T4].cells} == {CellKind.MISSING}
    assert any(w.code == "short_row" and w.table == TableId.T4 for w in report.warnings)


def _seed_002() -> list[str]:
    return list(next(b for b in seed_bases() if b.name.startswith("002")).lines)


def _doubted(report: Report, code: str) -> set[str]:
    return {w.row for w in report.warnings if w.code == code and w.row}


def test_a_stray_label_that_jumps_ahead_puts_both_rows_in_doubt() -> None:
    """A row of garbage labelled 其他 after row 二 is read as row （六）3.其他, skipping every row between;
    when those rows' labels turn up afterwards, the jump was wrong: 其他 and the row before it are named."""
    lines = _seed_002()
    carried_in = next(i for i, line in enumerate(lines) if line.startswith("二、上年结转"))
    lines.insert(carried_in + 1, "其他\t1\t1\t1\t1\t1\t1\t6")
    report = parse_text(lines, "002-stray-row.txt").report
    assert _doubted(report, "rows_out_of_order") == {
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果/（六）其他处理/3.其他",
    }


def test_labels_of_two_rows_with_no_number_between() -> None:
    """A header word (其他, a column of table 3) between row 一's label and its numbers: the numbers are row
    一's, read as a label printed apart from its figures (and said so); the row 其他 names, out of order
    there, does not keep them."""
    lines = _seed_002()
    received = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    label, numbers = lines[received].split("\t", 1)
    lines[received : received + 1] = [label, "其他", "\t" + numbers]
    report = parse_text(lines, "002-header-between.txt").report
    row = "一、本年新收政府信息公开申请数量"
    assert row in _doubted(report, "labels_detached")
    t3 = report.tables[TableId.T3]
    assert t3.cell(row, "总计").value == 18
    assert t3.cell("三、本年度办理结果/（六）其他处理/3.其他", "总计").kind == CellKind.MISSING


def test_date_followed_by_a_megabyte_of_spaces() -> None:
    """The statistics-period pattern once had two optional runs of spaces side by side: n² on this line."""
    started = time.perf_counter()
    parse_text(["2021年1月1日" + " " * 1_000_000 + "至"], "period.txt")
    assert time.perf_counter() - started < HANG_SECONDS


def test_claims_from_a_sentence_of_many_clauses() -> None:
    """The text before each clause is no longer sliced out per clause (n² on 1 MB of commas); the claims of
    an ordinary sentence are what they were."""
    started = time.perf_counter()
    extract_claims("共收到申请1件，" * 600 + "。", 2021)
    assert time.perf_counter() - started < HANG_SECONDS
    claims = extract_claims("2020年收到申请5件，今年共收到政府信息公开申请18件", 2021)
    assert [(c.pattern.rule, c.value) for c in claims] == [("text.received", 18)]
    assert extract_claims("其中，收到政府信息公开申请18件", 2021) == []  # 其中 before the clause: a part


def test_every_claim_pattern_names_a_claim_word() -> None:
    """extract_claims skips lines and clauses without 申请/结转/复议/诉讼, and a pattern in a clause without its
    own word: sound only while every pattern needs its word."""
    for pattern in CLAIMS:
        assert pattern.word and _CLAIM_WORDS.fullmatch(pattern.word), pattern.regex.pattern
        assert pattern.word in pattern.regex.pattern, pattern.regex.pattern


def test_long_label_keys_are_not_cached() -> None:
    before = _cached_label_key.cache_info().currsize
    assert label_key("本年新收" * 100_000) == "本年新收" * 100_000
    assert _cached_label_key.cache_info().currsize == before


def test_decode_refuses_only_with_the_documented_error() -> None:
    for data in (b"", b"\x00\x01\x02", b"\xff" * 100):
        with pytest.raises(ReportInputError):
            decode(data, "bad.txt")


def test_a_number_moved_before_its_label_puts_the_next_row_in_doubt() -> None:
    """bench/fuzz.py --files 10000 (seed 1, file 1081): 行政许可's number moved before its label and 行政处罚's
    before its own: 行政许可 took 行政处罚's number (the 36 left over was only an orphan without a row), a
    confident wrong cell. The row whose label follows unclaimed numbers is now named as in doubt."""
    lines = _seed_002()
    assert lines[28:32] == [
        "行政许可\t12124\t\t",
        "第二十条第（六）项\t\t\t",
        "信息内容\t本年处理决定数量\t\t",
        "行政处罚\t2646\t\t",
    ]
    lines[28] = "12124\t行政许可\t\t"
    lines[31] = "2646\t行政处罚\t\t"
    report = parse_text(lines, "002-number-before-label.txt").report
    permit = "第二十条第（五）项/行政许可"
    assert report.tables[TableId.T2].cell(permit, "本年处理决定数量").value == 2646  # the number after its label
    assert permit in _doubted(report, "orphans_before")
    assert silent_wrong_cells(report, next(b for b in seed_bases() if b.name.startswith("002")).truth or {}) == []


def test_numbers_after_a_row_that_no_row_claims_put_it_in_doubt() -> None:
    """bench/fuzz.py --seed 2 (file 2020): a garbage line after a row short of its last number gave the row
    the garbage's first number; the rest were orphans. The row before unclaimed numbers is named too."""
    lines = _seed_002()
    assert lines[24] == "规章\t0\t0\t0"
    lines[24:25] = ["规章\t0\t0\t", "1\t总计\t/\t其他"]
    report = parse_text(lines, "002-garbage-after-row.txt").report
    rules = "第二十条第（一）项/规章"
    assert report.tables[TableId.T2].cell(rules, "现行有效件数").value == 1  # the garbage's number
    assert rules in _doubted(report, "orphans_after")
    assert silent_wrong_cells(report, next(b for b in seed_bases() if b.name.startswith("002")).truth or {}) == []


def test_undecodable_bytes_in_a_row_put_it_in_doubt(tmp_path: Path) -> None:
    """bench/fuzz.py --seed 2 (file 1700): bytes that are not UTF-8 overwrote the line break after 行政处罚's
    number and the start of 行政强制's label. Read with U+FFFD in their place, the number ran into the text and
    行政处罚 took 行政强制's number. A row whose labels hold U+FFFD is named; the reader names the line."""
    data = SEED_002_PATH.read_bytes()
    assert data.count("2646\t\t\n行政强制".encode()) == 1
    path = tmp_path / "002-bytes.txt"
    path.write_bytes(data.replace("2646\t\t\n行政".encode(), b"2646\xff\xfe"))
    report = parse_file(path)
    penalty = "第二十条第（六）项/行政处罚"
    assert report.tables[TableId.T2].cell(penalty, "本年处理决定数量").value == 53  # 行政强制's
    assert penalty in _doubted(report, "undecodable_text")
    assert [(w.code, w.line) for w in report.warnings if w.code == "invalid_bytes"] == [("invalid_bytes", 32)]
    assert silent_wrong_cells(report, next(b for b in seed_bases() if b.name.startswith("002")).truth or {}) == []


def test_a_row_missing_between_two_rows_puts_the_row_above_in_doubt() -> None:
    """bench/fuzz.py --seed 3 (file 137, generated report 3000173): a row's numbers and the next row's label
    both deleted. The row read the next row's numbers, whole and balanced, and the next row was only listed
    as missing. The row above rows the file skips is named."""
    base = generated_base(3_000_173)
    lines = list(base.lines)
    assert lines[45:49] == [
        "7.属于行政执法案卷\t\t\t",
        "\t9\t7\t0\t1\t0\t10\t27",
        "8.属于行政查询事项",
        "\t9\t12\t8\t5\t10\t0\t44",
    ]
    lines[47] = ""  # 8.属于行政查询事项's label
    del lines[46]  # 7.属于行政执法案卷's numbers
    report = parse_text(lines, "syn-row-skipped.txt").report
    case_files = "三、本年度办理结果/（三）不予公开/7.属于行政执法案卷"
    assert report.tables[TableId.T3].cell(case_files, "总计").value == 44  # row 8's
    assert case_files in _doubted(report, "rows_skipped")
    assert silent_wrong_cells(report, base.truth or {}) == []


@pytest.mark.parametrize(
    ("where", "line"),
    [
        ("table 2", "2021年1月1日" + " " * MEGABYTE + "x"),  # the year stripped from table 2's header text
        ("table 2", "|" + "=" * MEGABYTE + "x"),  # the rule-line pattern (class, run, class): n³
        ("title", "本机关公开2021年" + " " * MEGABYTE + "x"),  # the opening-sentence name pattern: n³
        ("title", "发布机构" + " " * MEGABYTE + "x"),  # the chrome field pattern (\s* then \s+): n²
    ],
    ids=["year-spaces", "equals-rule", "name-year-spaces", "chrome-spaces"],
)
def test_a_line_that_backtracked_parses_in_time(where: str, line: str) -> None:
    """bench/fuzz.py --seed 1 (file 596): a date and 1 MB of spaces inside table 2 took 60 s, since the
    pattern taking the year out of table 2's header began with an optional bracket and a run of spaces
    (every space started a rescan of the run). The other three lines hung the same way in other patterns."""
    lines = _seed_002()
    at = 22 if where == "table 2" else 1  # line 22: inside table 2, before its first row
    outcome = _assert_parses_or_refuses(
        Case("002-backtrack.txt", "\n".join([*lines[:at], line, *lines[at:]]).encode(), None)
    )
    assert outcome.report is not None and outcome.report.table(TableId.T2) is not None


def test_image_names_run_together_are_matched_in_time() -> None:
    """The image-name pattern repeated a group of names that may hold dots: "a.jpg" 40 times and a "!" never
    finished (2ⁿ splits). Names are now matched word by word."""
    lines = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "a.jpg" * 40 + "!",
    ]
    started = time.perf_counter()
    report = parse_text(lines, "images.txt").report
    assert time.perf_counter() - started < HANG_SECONDS
    assert not any(w.code == "unread_content" for w in report.warnings)  # "a.jpg…!" is no image name
    pictures = parse_text([*lines[:3], "1705995746322.jpg 1705995746323.JPG", "a.jpgb.png"], "images.txt").report
    assert any(w.code == "unread_content" and w.table == TableId.T3 for w in pictures.warnings)


def test_a_long_line_without_chinese_does_not_slow_the_metadata() -> None:
    """bench/fuzz.py --seed 1 (file 0): 10 MB of digits on one line took 2.4 s, most of it a dozen metadata
    patterns each scanning the line. Such a line names nothing; the metadata reads as without it."""
    lines = _seed_002()
    started = time.perf_counter()
    report = parse_text([lines[0], "1234567890" * MEGABYTE, *lines[1:]], "002-digits.txt").report
    assert time.perf_counter() - started < HANG_SECONDS
    assert report.metadata == parse_text(lines, "002-digits.txt").report.metadata


def test_a_row_inside_a_garbage_line_is_in_doubt() -> None:
    """bench/fuzz.py --seed 1 (file 1160): a garbage line in a one-cell-per-line table 3 held 其他 and seven
    cells after it (blanks among them). Read as the late row （六）3.其他, which the garbage's 总计 had
    skipped, it took the garbage's figures with no warning. A late row whose label does not start its line
    is named as in doubt."""
    base = generated_base(1_000_039)
    lines = list(base.lines)
    assert lines[74:77] == ["\t一、本年新收政府信息公开申请数量", "\t100", "\t119"]
    lines.insert(77, "/\tl8\t\t\t总计\t总计\t\t-\t总计\t-\t-\t-\tl8\t其他\t0\t0\t-\t1\t\t\t1")
    report = parse_text(lines, "syn-garbage-row.txt").report
    other = "三、本年度办理结果/（六）其他处理/3.其他"
    assert report.tables[TableId.T3].cell(other, "总计").value == 1  # the garbage's
    assert other in _doubted(report, "late_row_mid_line")
    assert silent_wrong_cells(report, base.truth or {}) == []


def test_a_row_ending_in_a_blank_is_in_doubt() -> None:
    """bench/fuzz.py --seed 2 (file 994): "規章 | 39 | 40 | 0  ||" with 40 deleted is "規章 | 39 | 0  ||": two
    figures and the padding between the last two pipes, which fit the three columns as 39, 0 and a blank.
    A row whose last column is blank is named as in doubt."""
    base = generated_base(2_000_142)
    lines = list(base.lines)
    assert lines[11] == "規(guī)章 | 39 | 40 | 0  ||"
    lines[11] = "規(guī)章 | 39 | 0  ||"
    report = parse_text(lines, "syn-blank-end.txt").report
    rules = "第二十条第（一）项/规章"
    assert report.tables[TableId.T2].cell(rules, "本年废止件数").value == 0
    assert rules in _doubted(report, "ends_in_blank")
    assert silent_wrong_cells(report, base.truth or {}) == []
