"""Parser fuzzing: mutated seeds and generated reports → crashes, hangs, warnings and silent wrong cells.

python -m bench.fuzz [--files 10000] [--seed 1]

Each file is a seed report (truth: the hand-read gold) or a generated one (truth: its spec), damaged by one
to three mutations: deleted, duplicated or swapped lines, shuffled or deleted cells, numbers replaced by
look-alike garbage, garbage and 1 MB lines, deeply nested HTML-ish text, truncation and random bytes; a few
files are replaced whole by 10 MB of digits or random Unicode. Every file goes through the reader's
``decode`` and the full pipeline (``parse_text`` and the chunker), timed in-process. Printed: files,
parsed, rejected (``ReportInputError``, the one documented input error), crashes (any other exception,
with the first tracebacks), hangs (over 2 s), files with warnings, and silent wrong cells: a cell read as
a number that differs from the truth with no warning naming its row and no finding on its row (see
``silent_wrong_cells`` for the one excused case).

The mutations and the property are shared with ``tests/test_fuzz.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import signal
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import FrameType

from index.catalog import T4_ROW
from index.checks import run_checks
from index.chunk import Chunker, table_lines
from index.models import Cell, CellKind, Metadata, Report, Script, Table, TableFormat, TableId
from index.parse import parse_text
from index.read import ReportInputError, decode, split_lines
from index.testing.generate import random_spec, render

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "reports"
GOLD = ROOT / "tests" / "gold" / "seeds.json"

HANG_SECONDS = 2.0  # a file that takes longer counts as a hang (catastrophic backtracking, quadratic loops)
ABORT_SECONDS = 60  # a parse still running after this is stopped, so one real hang cannot stall the run
MEGABYTE = 1 << 20

Value = int | Decimal
Truth = dict[tuple[TableId, str, str], Value]


# ---- base reports ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Base:
    """A pristine report: its lines, which of them belong to a table, and its true cells (if known)."""

    name: str
    lines: tuple[str, ...]
    table: tuple[bool, ...]  # per line: inside a table (or its header) in the pristine parse
    encoding: str
    truth: Truth | None


def _table_flags(lines: list[str], name: str) -> tuple[bool, ...]:
    parsed = parse_text(lines, name)
    inside = table_lines(parsed.report, parsed.source.normalised)
    return tuple(number in inside for number in range(1, len(lines) + 1))


def _gold_truth(entry: dict) -> Truth:
    truth: Truth = {}
    for table_id in (TableId.T2, TableId.T3):
        for row, columns in (entry.get(table_id.value) or {}).items():
            for column, value in columns.items():
                truth[(table_id, row, column)] = value
    for column, value in (entry.get("t4") or {}).items():
        truth[(TableId.T4, T4_ROW, column)] = value
    return truth


@cache
def seed_bases() -> tuple[Base, ...]:
    """The five real reports, with the gold's cells as truth."""
    gold = {entry["file"]: entry for entry in json.loads(GOLD.read_text(encoding="utf-8"))["reports"]}
    bases = []
    for path in sorted(SEEDS.glob("*.txt")):
        text, encoding = decode(path.read_bytes(), path)
        lines = split_lines(text)
        truth = _gold_truth(gold[path.name]) if path.name in gold else None
        bases.append(Base(path.name, tuple(lines), _table_flags(lines, path.name), encoding, truth))
    return tuple(bases)


def generated_base(seed: int) -> Base:
    """A generated report (any layout, format, script; balanced or not), with its spec's cells as truth."""
    rng = random.Random(seed)
    spec = random_spec(rng, balanced=rng.random() < 0.8)
    lines = split_lines(render(spec))
    name = f"syn_{seed}.txt"
    return Base(name, tuple(lines), _table_flags(lines, name), spec.encoding, spec.cells())


# ---- line mutations ----------------------------------------------------------------------------


@dataclass
class Doc:
    """A report being damaged: its lines and, per line, whether it came from a table."""

    lines: list[str]
    table: list[bool]

    def insert(self, index: int, text: str, in_table: bool = False) -> None:
        self.lines.insert(index, text)
        self.table.insert(index, in_table)


def _pick_line(doc: Doc, rng: random.Random, table_share: float = 0.8) -> int | None:
    """A line index, from a table ``table_share`` of the time (tables are where wrong cells come from)."""
    if not doc.lines:
        return None
    inside = [index for index, flag in enumerate(doc.table) if flag and doc.lines[index].strip()]
    if inside and rng.random() < table_share:
        return rng.choice(inside)
    return rng.randrange(len(doc.lines))


_CELL_SPLIT = re.compile(r"(\t|\|)")
_NUMBER_CELL = re.compile(r"\s*[+-]?\d[\d,]*(?:\.\d+)?\s*")


def _cells(line: str) -> list[str]:
    """A line as alternating cells and separators (cells at even indexes)."""
    return _CELL_SPLIT.split(line)


def _number_cells(parts: list[str]) -> list[int]:
    return [index for index in range(0, len(parts), 2) if _NUMBER_CELL.fullmatch(parts[index])]


def _table_line_with(doc: Doc, rng: random.Random, wanted: Callable[[list[str]], bool]) -> int | None:
    candidates = [i for i, flag in enumerate(doc.table) if flag and wanted(_cells(doc.lines[i]))]
    return rng.choice(candidates) if candidates else None


def delete_line(doc: Doc, rng: random.Random) -> None:
    index = _pick_line(doc, rng)
    if index is not None:
        del doc.lines[index], doc.table[index]


def duplicate_line(doc: Doc, rng: random.Random) -> None:
    index = _pick_line(doc, rng)
    if index is not None:
        doc.insert(index, doc.lines[index], doc.table[index])


def swap_lines(doc: Doc, rng: random.Random) -> None:
    index = _pick_line(doc, rng)
    if index is not None and index + 1 < len(doc.lines):
        below = index + 1
        doc.lines[index], doc.lines[below] = doc.lines[below], doc.lines[index]
        doc.table[index], doc.table[below] = doc.table[below], doc.table[index]


def shuffle_cells(doc: Doc, rng: random.Random) -> None:
    """All cells of one table line, labels included, in a random order."""
    _shuffle_line(doc, rng, lambda parts: [i for i in range(0, len(parts), 2) if parts[i].strip()])


def shuffle_numbers(doc: Doc, rng: random.Random) -> None:
    """The number cells of one table line in a random order, labels left in place: values change columns."""
    _shuffle_line(doc, rng, _number_cells)


def _shuffle_line(doc: Doc, rng: random.Random, positions: Callable[[list[str]], list[int]]) -> None:
    """The cells at ``positions`` of one table line that has more than one of them, in a random order."""
    index = _table_line_with(doc, rng, lambda parts: len(positions(parts)) > 1)
    if index is None:
        return
    parts = _cells(doc.lines[index])
    chosen = positions(parts)
    texts = [parts[i] for i in chosen]
    rng.shuffle(texts)
    for i, text in zip(chosen, texts, strict=True):
        parts[i] = text
    doc.lines[index] = "".join(parts)


def delete_cell(doc: Doc, rng: random.Random) -> None:
    """One filled cell of a table line removed with its separator: the cells after it shift left."""
    index = _table_line_with(doc, rng, lambda parts: any(p.strip() for p in parts[::2]))
    if index is None:
        return
    parts = _cells(doc.lines[index])
    cell = rng.choice([i for i in range(0, len(parts), 2) if parts[i].strip()])
    if cell + 1 < len(parts):
        del parts[cell : cell + 2]
    else:
        del parts[max(0, cell - 1) : cell + 1]
    doc.lines[index] = "".join(parts)


_LOOKALIKES = {"1": "l", "0": "O", "5": "S", "8": "B", "2": "Z"}
_CHINESE_DIGITS = str.maketrans(dict(zip("0123456789", "〇一二三四五六七八九", strict=True)))
_FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x30, 0x3A)})


def _lookalike(digits: str) -> str:
    """The first digit that has a letter twin replaced by it: 18 → l8, 30 → 3O."""
    for index, char in enumerate(digits):
        if char in _LOOKALIKES:
            return digits[:index] + _LOOKALIKES[char] + digits[index + 1 :]
    return "l" + digits


def garbage_for(number: str, rng: random.Random) -> str:
    """A number as OCR and copy-paste damage it: l8, 一八, １８ (which still reads 18), 1 8, 18件, −18."""
    digits = number.strip()
    choices = (
        _lookalike(digits),
        digits.translate(_CHINESE_DIGITS),
        digits.translate(_FULL_WIDTH),
        " ".join(digits) if len(digits) > 1 else digits + " " + digits,
        digits + "件",
        digits + ".",
        "−" + digits,  # U+2212, not an ASCII minus
        digits[:1] + "," + digits[1:] if len(digits) > 1 else digits + ",",
        "#REF!",
        "",
        "?",
        "1e" + digits,
    )
    return rng.choice(choices)


def garbage_number(doc: Doc, rng: random.Random) -> None:
    index = _table_line_with(doc, rng, lambda parts: bool(_number_cells(parts)))
    if index is None:
        return
    parts = _cells(doc.lines[index])
    cell = rng.choice(_number_cells(parts))
    parts[cell] = garbage_for(parts[cell], rng)
    doc.lines[index] = "".join(parts)


def _garbage_text(rng: random.Random, size: int) -> str:
    kind = rng.randrange(5)
    if kind == 0:  # any code point outside the surrogates
        return "".join(
            chr(rng.choice((rng.randrange(0x20, 0xD800), rng.randrange(0xE000, 0x110000)))) for _ in range(size)
        )
    if kind == 1:  # control characters that other tools treat as line breaks
        return "".join(rng.choice("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\t|　 ") for _ in range(size))
    if kind == 2:  # a fake table row
        return "\t".join(rng.choice(("1", "0", "-", "/", "l8", "总计", "其他", "")) for _ in range(size // 4 + 1))
    if kind == 3:  # Han text
        return "".join(chr(rng.randrange(0x4E00, 0xA000)) for _ in range(size))
    return bytes(rng.randrange(0x20, 0x7F) for _ in range(size)).decode("ascii")


def insert_garbage_line(doc: Doc, rng: random.Random) -> None:
    index = _pick_line(doc, rng, table_share=0.5)
    doc.insert(index or 0, _garbage_text(rng, rng.randint(1, 200)), in_table=False)


# 1 MB lines: each pattern targets one kind of super-linear matching.
HUGE_LINES: dict[str, Callable[[], str]] = {
    "digits": lambda: "7" * MEGABYTE,
    "digit_cells": lambda: "1\t" * (MEGABYTE // 2),
    "spaced_numbers": lambda: "1 " * (MEGABYTE // 2) + "x",
    "spaces": lambda: " " * MEGABYTE + "x",
    "han": lambda: "政府信息公开" * (MEGABYTE // 6),
    "clauses": lambda: "共收到政府信息公开申请18件，" * (MEGABYTE // 15),
    "claims_unpunctuated": lambda: "今年共收到政府信息公开申请18件" * (MEGABYTE // 15),
    "date_then_spaces": lambda: "2021年1月1日" + " " * MEGABYTE + "x",
    "pinyin": lambda: "鎮(zhèn)" * (MEGABYTE // 8) + "?" + "a" * MEGABYTE,
    "brackets": lambda: "（" * MEGABYTE,
    "labels": lambda: "本年新收政府信息公开申请数量" * (MEGABYTE // 14),
    "bookmark": lambda: "[bookmark: " + "x" * MEGABYTE,
    "pipes": lambda: "|" * MEGABYTE,
    "sentences": lambda: "一是加强。" * (MEGABYTE // 5),
}


def insert_huge_line(doc: Doc, rng: random.Random) -> None:
    index = _pick_line(doc, rng, table_share=0.5)
    doc.insert(index or 0, HUGE_LINES[rng.choice(sorted(HUGE_LINES))](), in_table=False)


def deep_nesting(doc: Doc, rng: random.Random) -> None:
    """10 000 nested HTML elements, on one line or one tag per line; the reader treats them as text."""
    depth = 10_000
    tag = rng.choice(("div", "table", "td", "span"))
    opening, closing = [f"<{tag}>"] * depth, [f"</{tag}>"] * depth
    inner = rng.choice(("1", "总计\t1\t2", "三、收到和处理政府信息公开申请情况", ""))
    index = _pick_line(doc, rng, table_share=0.3) or 0
    if rng.random() < 0.5:
        doc.insert(index, "".join(opening) + inner + "".join(closing))
    else:
        doc.lines[index:index] = [*opening, inner, *closing]
        doc.table[index:index] = [False] * (2 * depth + 1)


def truncate(doc: Doc, rng: random.Random) -> None:
    """The file cut anywhere, mid-line included."""
    if not doc.lines:
        return
    index = rng.randrange(len(doc.lines))
    cut = rng.randrange(len(doc.lines[index]) + 1)
    doc.lines[index] = doc.lines[index][:cut]
    del doc.lines[index + 1 :], doc.table[index + 1 :]


LINE_MUTATIONS: dict[str, Callable[[Doc, random.Random], None]] = {
    "delete_line": delete_line,
    "duplicate_line": duplicate_line,
    "swap_lines": swap_lines,
    "shuffle_cells": shuffle_cells,
    "shuffle_numbers": shuffle_numbers,
    "delete_cell": delete_cell,
    "garbage_number": garbage_number,
    "insert_garbage_line": insert_garbage_line,
    "insert_huge_line": insert_huge_line,
    "deep_nesting": deep_nesting,
    "truncate": truncate,
}
# Mutations of the tables' lines and cells (the line-level ones pick a table line four times in five) that
# leave every value in place, moved or destroyed: the ones the tests check "no silent wrong cell" against.
TABLE_MUTATIONS = (
    "delete_line",
    "duplicate_line",
    "swap_lines",
    "shuffle_cells",
    "shuffle_numbers",
    "delete_cell",
    "garbage_number",
    "truncate",
)


# ---- byte mutations ----------------------------------------------------------------------------


def random_bytes(data: bytes, rng: random.Random) -> bytes:
    """A few random bytes inserted or overwritten somewhere: broken UTF-8, stray NULs, control bytes."""
    size = rng.randint(1, 64)
    noise = bytes(rng.randrange(256) for _ in range(size))
    at = rng.randrange(len(data) + 1)
    return data[:at] + noise + data[at + (size if rng.random() < 0.5 else 0) :]


def truncate_bytes(data: bytes, rng: random.Random) -> bytes:
    """Cut at any byte, possibly inside a multi-byte character."""
    return data[: rng.randrange(len(data) + 1)]


BYTE_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "random_bytes": random_bytes,
    "truncate_bytes": truncate_bytes,
}


def digits_file(one_line: bool, size: int = 10 * MEGABYTE) -> bytes:
    """10 MB of digits, as one line or as 100-digit lines."""
    if one_line:
        return b"1234567890" * (size // 10)
    return (b"1234567890" * 10 + b"\n") * (size // 101)


def random_unicode_file(rng: random.Random) -> bytes:
    lines = [_garbage_text(rng, rng.randint(0, 120)) for _ in range(rng.randint(1, 300))]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


# ---- cases -------------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    data: bytes
    truth: Truth | None
    mutations: list[str] = field(default_factory=list)


def mutate(base: Base, rng: random.Random, names: list[str]) -> Case:
    """``base`` with the named mutations applied in order (line mutations first, then byte mutations)."""
    doc = Doc(list(base.lines), list(base.table))
    for name in names:
        if name in LINE_MUTATIONS:
            LINE_MUTATIONS[name](doc, rng)
    try:
        data = ("\n".join(doc.lines) + "\n").encode(base.encoding)
    except UnicodeEncodeError:  # garbage a GB18030 file cannot hold: write that file as UTF-8
        data = ("\n".join(doc.lines) + "\n").encode("utf-8", "surrogatepass")
    for name in names:
        if name in BYTE_MUTATIONS:
            data = BYTE_MUTATIONS[name](data, rng)
    return Case(f"{base.name}+{'+'.join(names)}", data, base.truth, names)


# Relative frequencies in the bench. The expensive kinds (1 MB lines, 10 000 tags) are rarer so that 10 000
# files take minutes; every kind still occurs many times.
_WEIGHTS = {
    "delete_line": 10,
    "duplicate_line": 8,
    "swap_lines": 8,
    "shuffle_cells": 6,
    "shuffle_numbers": 8,
    "delete_cell": 8,
    "garbage_number": 8,
    "insert_garbage_line": 6,
    "truncate": 4,
    "random_bytes": 5,
    "truncate_bytes": 2,
    "insert_huge_line": 0.6,
    "deep_nesting": 0.6,
}


def cases(count: int, seed: int, pool: int = 200) -> Iterator[Case]:
    """``count`` damaged files: mostly 1–3 mutations of a seed or one of ``pool`` generated reports, with a
    whole-file replacement (10 MB of digits, random Unicode) now and then."""
    rng = random.Random(seed)
    generated: dict[int, Base] = {}
    names, weights = list(_WEIGHTS), list(_WEIGHTS.values())
    for number in range(count):
        roll = rng.random()
        if roll < 0.001 or number in (0, 1):
            one_line = rng.random() < 0.5 if number > 1 else number == 0
            yield Case(f"digits_10mb_{'one_line' if one_line else 'lines'}", digits_file(one_line), None, ["digits"])
            continue
        if roll < 0.02:
            yield Case(f"unicode_{number}", random_unicode_file(rng), None, ["random_unicode"])
            continue
        if rng.random() < 0.25:
            base = rng.choice(seed_bases())
        else:
            key = rng.randrange(pool)
            if key not in generated:
                generated[key] = generated_base(seed * 1_000_003 + key)
            base = generated[key]
        chosen = rng.choices(names, weights, k=rng.choice((1, 1, 2, 3)))
        yield mutate(base, rng, chosen)


# ---- the property ------------------------------------------------------------------------------


def flagged(report: Report, cell: Cell) -> bool:
    """A warning names the cell's row, or a finding involves it: the user is told the row is in doubt."""
    if any(w.row == cell.row and w.table in (cell.table, None) for w in report.warnings):
        return True
    return any(
        ref.table == cell.table and ref.row == cell.row
        for finding in report.findings
        for ref in finding.left + finding.right
    )


def _truth_report(truth: Truth, table_format: TableFormat) -> Report:
    tables: dict[TableId, Table] = {}
    for (table_id, row, column), value in truth.items():
        cell = Cell(table=table_id, row=row, column=column, value=value, kind=CellKind.NUMBER, raw=str(value), line=1)
        tables.setdefault(table_id, Table(id=table_id, format=table_format, cells=[], first_line=1, last_line=1))
        tables[table_id].cells.append(cell)
    metadata = Metadata(
        agency=None, place=None, level=None, county=None, year=None, format=table_format, script=Script.SIMPLIFIED
    )
    return Report(id="truth", source="truth", metadata=metadata, sections=[], tables=tables)


def _undetectable_permutation(report: Report, truth: Truth, table_id: TableId, row: str) -> bool:
    """The row as read holds its true values in another order, and no 勾稽 rule could tell: with every
    other cell the parser read as a number at its true value and this row as read, no rule on the row fails.

    The file then states another consistent table: table 2 has no rules at all, table 4's four results
    of a block add up in any order, and a rule with a cell the damage made unreadable cannot be checked.
    """
    table = report.table(table_id)
    if table is None:
        return False
    read = {cell.column: cell.value for cell in table.cells if cell.row == row and cell.kind == CellKind.NUMBER}
    true = {column: value for (t, r, column), value in truth.items() if t == table_id and r == row}
    if set(read) != set(true) or sorted(read.values()) != sorted(true.values()):
        return False
    known = {
        (t, cell.row, cell.column): truth[(t, cell.row, cell.column)]
        for t, other in report.tables.items()
        for cell in other.cells
        if cell.kind == CellKind.NUMBER and (t, cell.row, cell.column) in truth
    }
    known.update({(table_id, row, column): value for column, value in read.items()})
    findings = run_checks(_truth_report(known, table.format))
    return not any(ref.table == table_id and ref.row == row for f in findings for ref in f.left + f.right)


def silent_wrong_cells(report: Report, truth: Truth) -> list[Cell]:
    """Cells read as numbers that are not the truth, with nothing telling the user so.

    The one excuse: a row whose values were moved between its own columns in a way that every 勾稽 rule
    still accepts (``_undetectable_permutation``). Equal values swapped are not wrong in the first place.
    """
    wrong = []
    for table_id, table in report.tables.items():
        for cell in table.cells:
            if cell.kind != CellKind.NUMBER or truth.get((table_id, cell.row, cell.column)) == cell.value:
                continue
            if flagged(report, cell) or _undetectable_permutation(report, truth, table_id, cell.row):
                continue
            wrong.append(cell)
    return wrong


# ---- running -----------------------------------------------------------------------------------


class _Aborted(Exception):
    """Raised by the alarm inside a parse that ran past ``ABORT_SECONDS``."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Aborted


@dataclass
class Outcome:
    status: str  # parsed | rejected | crashed | aborted
    seconds: float  # decode + parse_text: what HANG_SECONDS bounds
    chunk_seconds: float = 0.0  # the chunker on the parsed report, timed apart
    report: Report | None = None
    error: str = ""


def run_case(case: Case, chunk: bool = True) -> Outcome:
    """Decode and parse (then chunk) one file in-process, timed; an exception is caught, not raised."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(ABORT_SECONDS)
    started = time.perf_counter()
    try:
        text, encoding = decode(case.data, case.name)
        parsed = parse_text(split_lines(text), case.name, encoding)
        parsed_at = time.perf_counter()
        if chunk:
            Chunker()(parsed.report, parsed.source)
        return Outcome("parsed", parsed_at - started, time.perf_counter() - parsed_at, parsed.report)
    except ReportInputError as error:
        return Outcome("rejected", time.perf_counter() - started, error=error.problem)
    except _Aborted:
        return Outcome("aborted", time.perf_counter() - started)
    except Exception:
        return Outcome("crashed", time.perf_counter() - started, error=traceback.format_exc())
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Tally:
    files: int = 0
    parsed: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    crashes: list[tuple[str, str]] = field(default_factory=list)
    hangs: list[tuple[str, float]] = field(default_factory=list)
    slow_chunking: list[tuple[str, float]] = field(default_factory=list)
    with_warnings: int = 0
    with_truth: int = 0
    silent: list[tuple[str, Cell, Value | None]] = field(default_factory=list)
    silent_single: int = 0  # of those, in files with one mutation only
    by_mutation: Counter[str] = field(default_factory=Counter)
    slowest: tuple[float, str] = (0.0, "")
    slowest_chunk: tuple[float, str] = (0.0, "")

    def add(self, case: Case, outcome: Outcome) -> None:
        self.files += 1
        self.by_mutation.update(case.mutations)
        self.slowest = max(self.slowest, (outcome.seconds, case.name))
        self.slowest_chunk = max(self.slowest_chunk, (outcome.chunk_seconds, case.name))
        if outcome.seconds > HANG_SECONDS or outcome.status == "aborted":
            self.hangs.append((case.name, outcome.seconds))
        if outcome.chunk_seconds > HANG_SECONDS:
            self.slow_chunking.append((case.name, outcome.chunk_seconds))
        if outcome.status == "rejected":
            self.rejected[outcome.error] += 1
        elif outcome.status == "crashed":
            self.crashes.append((case.name, outcome.error))
        elif outcome.report is not None:
            self.parsed += 1
            self.with_warnings += bool(outcome.report.warnings)
            if case.truth is not None:
                self.with_truth += 1
                for cell in silent_wrong_cells(outcome.report, case.truth):
                    self.silent.append((case.name, cell, case.truth.get((cell.table, cell.row, cell.column))))
                    self.silent_single += len(case.mutations) == 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=5, help="tracebacks and wrong cells to print")
    args = parser.parse_args()
    tally = Tally()
    started = time.perf_counter()
    for case in cases(args.files, args.seed):
        tally.add(case, run_case(case))
    elapsed = time.perf_counter() - started
    for name, error in tally.crashes[: args.show]:
        print(f"--- crash: {name}\n{error}")
    for name, cell, expected in tally.silent[: args.show]:
        print(
            f"--- silent wrong cell: {name}\n    {cell.table.value} {cell.row} [{cell.column}] = {cell.value} "
            f"(line {cell.line}, raw {cell.raw!r}); truth {expected}"
        )
    for name, seconds in tally.hangs[: args.show]:
        print(f"--- hang: {name[:100]} {seconds:.2f} s")
    print("mutations:", ", ".join(f"{name} {count}" for name, count in sorted(tally.by_mutation.items())))
    print("rejected:", ", ".join(f"{problem} {count}" for problem, count in tally.rejected.most_common()) or "none")
    print(
        f"files {tally.files}  parsed {tally.parsed}  rejected {sum(tally.rejected.values())}  "
        f"crashes {len(tally.crashes)}  hangs {len(tally.hangs)}  with warnings {tally.with_warnings}  "
        f"silent wrong cells {len(tally.silent)} (in {len({name for name, _, _ in tally.silent})} of "
        f"{tally.with_truth} files with known truth; {tally.silent_single} after a single mutation)"
    )
    print(
        f"slowest parse {tally.slowest[0]:.2f} s ({tally.slowest[1][:70]}); slowest chunking "
        f"{tally.slowest_chunk[0]:.2f} s ({tally.slowest_chunk[1][:70]}), {len(tally.slow_chunking)} over "
        f"{HANG_SECONDS:.0f} s; total {elapsed:.0f} s"
    )


if __name__ == "__main__":
    main()
