"""The question set written in many voices (tests/qa/voices.json): each answer scored right, miss or wrong.

- **wrong**: the answer gives a figure other than the one asked — a number for a question that must be
  refused or asked back, a cell of another row, column or report, a sum that is not the one asked;
  or it says a report is balanced that is not (and the reverse).
- **miss**: no wrong figure, but not the right answer either (refused, asked back, another passage).
- **right**: what the entry expects.

Gold spells rows and columns as the gold files do; they are mapped to catalogue keys here (real-world
gold through tests/support/realworld.py), never by the engine.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Any

from index.catalog import T4_ROW
from index.models import CellKind, TableFormat
from index.normalise import normalise_line
from qa.models import Answer, AnswerKind, Value
from tests.support import realworld

ROOT = Path(__file__).resolve().parents[2]
VOICES = ROOT / "tests" / "qa" / "voices.json"
# Written later, by someone who had not seen the engine, and scored before any change made for it.
FRESH = ROOT / "tests" / "qa" / "voices_fresh.json"
FRESH2 = ROOT / "tests" / "qa" / "voices_fresh2.json"  # a second such set, written after the first's fixes
FRESH3 = ROOT / "tests" / "qa" / "voices_fresh3.json"  # and a third, after the second's
FRESH4 = ROOT / "tests" / "qa" / "voices_fresh4.json"  # and a fourth, after the third's
FRESH5 = ROOT / "tests" / "qa" / "voices_fresh5.json"  # and a fifth, after the fourth's
FRESH6 = ROOT / "tests" / "qa" / "voices_fresh6.json"  # and a sixth, after the fifth's and a vocabulary review
FRESH7 = ROOT / "tests" / "qa" / "voices_fresh7.json"  # and a seventh, after the sixth's
FRESH8 = ROOT / "tests" / "qa" / "voices_fresh8.json"  # and an eighth, after the seventh's
FRESH9 = ROOT / "tests" / "qa" / "voices_fresh9.json"  # and a ninth, leaning on questions easy to answer wrongly
FRESH10 = ROOT / "tests" / "qa" / "voices_fresh10.json"  # and a tenth, in the voices of the tool's users
FRESH11 = ROOT / "tests" / "qa" / "voices_fresh11.json"  # and an eleventh, an inspection team's week
SPLITS = ("tune", "held_out", *(f"fresh{n}" for n in ("", *range(2, 12))))
SEED_GOLD = ROOT / "tests" / "gold" / "seeds.json"


class Score(StrEnum):
    RIGHT = "right"
    MISS = "miss"
    WRONG = "wrong"


@dataclass(frozen=True)
class Cell:
    file: str  # base name of the report file
    table: str
    row: str  # catalogue key
    column: str  # catalogue key
    value: str


@dataclass(frozen=True)
class Scored:
    entry: dict[str, Any]
    score: Score
    why: str


def load() -> list[dict[str, Any]]:
    files = [
        path
        for path in (VOICES, FRESH, FRESH2, FRESH3, FRESH4, FRESH5, FRESH6, FRESH7, FRESH8, FRESH9, FRESH10, FRESH11)
        if path.exists()
    ]
    return [entry for path in files for entry in json.loads(path.read_text(encoding="utf-8"))]


# ---- gold names → catalogue keys ------------------------------------------------------------------


def _format_of(path: str) -> TableFormat:
    name = Path(path).name
    if path.startswith("tests/realworld/"):
        entry = realworld.manifest()[f"reports/{name}"]
        return TableFormat.V2021 if str(entry.get("format")) == "2021" else TableFormat.V2019
    seeds = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["reports"]
    fmt = next(report["table_format"] for report in seeds if report["file"] == name)
    return TableFormat.V2021 if str(fmt) == "2021" else TableFormat.V2019


def cell_of(spec: dict[str, Any]) -> Cell:
    """An expected cell in catalogue keys; seed gold already uses them."""
    path = spec["file"]
    row, column = spec["row"], spec["column"]
    if path.startswith("tests/realworld/"):
        fact = realworld.Fact(f"reports/{Path(path).name}", spec["table"], row, column, spec["value"], "", None)
        key = realworld.catalogue_key(fact, _format_of(path))
        if key is None:
            raise ValueError(f"{path}: no catalogue cell for {spec['table']} {row} / {column}")
        row, column = key
    elif spec["table"] == "t4":
        row, column = T4_ROW, column if "/" in column else row
    return Cell(Path(path).name, spec["table"], row, column, _text(spec["value"]))


def _text(value: Any) -> str:
    return str(value)


# ---- what the answer gives ------------------------------------------------------------------------


def _file(value: Value) -> str | None:
    return Path(value.citations[0].source).name if value.citations else None


def _given(answer: Answer) -> list[Value]:
    """The figures the answer states: values with a number (a sum counts as itself)."""
    return [v for v in answer.values if v.value is not None and v.kind not in (None, CellKind.MISSING)]


def _is_cell(value: Value, cell: Cell) -> bool:
    return (
        value.table.value == cell.table
        and value.row == cell.row
        and value.column == cell.column
        and _file(value) in (None, cell.file)
        and _same_number(value.value, cell.value)
    )


def _same_number(given: str | None, expected: str) -> bool:
    if given is None:
        return False
    return _plain(given) == _plain(expected)


def _plain(text: str) -> str:
    return text.replace(",", "").strip()


def _said(answer: Answer) -> str:
    return answer.text + "\n" + "\n".join(p.text for p in answer.passages)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _as_shown(text: str) -> str:
    """A quoted line as the engine shows it: pinyin a converter inserted taken out, simplified, widths folded
    (gold quotes the file; the answer quotes its normalised line). Applied to both sides."""
    return _squash(normalise_line(text, "t2s"))


# ---- scoring by kind of expectation ---------------------------------------------------------------


def _figure(answer: Answer, expect: dict[str, Any]) -> tuple[Score, str]:
    cells = [cell_of(spec) for spec in expect["figures"]]
    given = _given(answer)
    stray = [v for v in given if not any(_is_cell(v, c) for c in cells) and not _is_part_of(v, cells)]
    if stray:
        return Score.WRONG, "gave " + "; ".join(f"{v.label}={v.value}" for v in stray)
    shown = [*given, *(part for v in given for part in v.parts)]  # a sum shows and cites each of its cells
    found = [c for c in cells if any(_is_cell(v, c) for v in shown)]
    if len(found) == len(cells):
        return Score.RIGHT, ""
    return Score.MISS, f"{len(found)}/{len(cells)} cells ({answer.kind.value})"


def _is_part_of(value: Value, cells: list[Cell]) -> bool:
    """A sum whose parts are all expected cells (法人 columns asked one by one) is not a wrong figure."""
    return bool(value.parts) and all(any(_is_cell(p, c) for c in cells) for p in value.parts)


def _derived(answer: Answer, expect: dict[str, Any]) -> tuple[Score, str]:
    inputs = [cell_of(spec) for spec in expect.get("inputs", [])]
    if "numerator" in expect:
        fraction = Fraction(int(expect["numerator"]), int(expect["denominator"]))
        wanted = {_percent(fraction)}
    else:
        wanted = {_text(expect["value"])}
    given = _given(answer)
    results = [v for v in given if not any(_is_cell(v, c) for c in inputs)]
    if any(_plain(v.value or "") in wanted for v in results):
        return Score.RIGHT, ""
    if results:
        return Score.WRONG, "gave " + "; ".join(f"{v.label}={v.value}" for v in results)
    return Score.MISS, f"no result ({answer.kind.value})"


def _percent(fraction: Fraction) -> str:
    """How a rate is shown: a percentage with two decimals (the formula beside it shows the exact parts)."""
    hundredths = int(fraction * 10000 + Fraction(1, 2))  # half up
    return f"{hundredths // 100}.{hundredths % 100:02d}%"


def _refuse(answer: Answer, expect: dict[str, Any]) -> tuple[Score, str]:
    given = _given(answer)
    if given:
        return Score.WRONG, "gave " + "; ".join(f"{v.label}={v.value}" for v in given)
    if answer.kind in (AnswerKind.NOT_FOUND, AnswerKind.CLARIFY) or (answer.values and not answer.passages):
        return Score.RIGHT, ""
    return Score.MISS, f"answered {answer.kind.value} instead of saying it is not there"


def _clarify(answer: Answer, expect: dict[str, Any]) -> tuple[Score, str]:
    given = _given(answer)
    if given:
        return Score.WRONG, "gave " + "; ".join(f"{v.label}={v.value}" for v in given)
    return (Score.RIGHT, "") if answer.kind == AnswerKind.CLARIFY else (Score.MISS, answer.kind.value)


def _corpus(answer: Answer, expect: dict[str, Any]) -> tuple[Score, str]:
    said = _squash(_said(answer))
    if "count" in expect:
        ok = re.search(rf"(?<!\d){expect['count']}(?!\d)", said) is not None
    else:
        ok = all(_squash(str(item)) in said for item in expect["items"])
    if _given(answer) and not ok:
        return Score.WRONG, "gave figures for a corpus question"
    return (Score.RIGHT, "") if ok else (Score.MISS, answer.kind.value)


def _narrative(answer: Answer, expect: dict[str, Any]) -> tuple[Score, str]:
    given = _given(answer)
    if given:
        return Score.WRONG, "gave table figures: " + "; ".join(f"{v.label}={v.value}" for v in given)
    said = _as_shown(_said(answer))
    quoted = any(_as_shown(part) in said for part in expect.get("contains", []))
    figure = expect.get("figure")
    if quoted and (not figure or _squash(str(figure)) in _squash(answer.text)):
        return Score.RIGHT, ""
    return Score.MISS, "passage not found" if not quoted else "figure not in the answer sentence"


def _rank(answer: Answer, expect: dict[str, Any]) -> tuple[Score, str]:
    cells = [cell_of(spec) for spec in expect["figures"]]
    given = _given(answer)
    stray = [v for v in given if not any(_is_cell(v, c) for c in cells)]
    if stray:
        return Score.WRONG, "gave " + "; ".join(f"{v.label}={v.value}" for v in stray)
    listed = [c for c in cells if any(_is_cell(v, c) for v in given) or _named_unread(answer, c)]
    top = {Path(f).name for f in expect.get("top", [])}
    first = _file(given[0]) if given else None
    if len(listed) == len(cells) and (not top or first in top):
        return Score.RIGHT, ""
    return Score.MISS, f"{len(listed)}/{len(cells)} listed"


def _named_unread(answer: Answer, cell: Cell) -> bool:
    """A seed cell of a row its gold says may be read as missing (six numbers for seven columns), which the
    ranking names among the reports it could not read."""
    seeds = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["reports"]
    seed = next((r for r in seeds if r["file"] == cell.file), None)
    if seed is None or cell.table != "t3" or cell.row not in seed.get("t3_short_rows", []):
        return False
    said = _said(answer)
    return "无法读出" in said and seed["agency"] in said.split("无法读出", 1)[1]


def _check(answer: Answer, expect: dict[str, Any]) -> tuple[Score, str]:
    if answer.kind != AnswerKind.CHECK:
        return (Score.WRONG, "gave figures") if _given(answer) else (Score.MISS, answer.kind.value)
    flagged = bool(answer.findings) or "无法读出" in answer.text or "缺失" in answer.text
    if flagged == (not expect["balanced"]):
        return Score.RIGHT, ""
    return Score.WRONG, "said balanced" if not flagged else "reported a finding on a balanced report"


SCORERS = {
    "figure": _figure,
    "compare": _figure,
    "derived": _derived,
    "refuse": _refuse,
    "clarify": _clarify,
    "corpus": _corpus,
    "narrative": _narrative,
    "rank": _rank,
    "check": _check,
}


def score(entry: dict[str, Any], answer: Answer) -> Scored:
    expect = entry["expect"]
    verdict, why = SCORERS[expect["type"]](answer, expect)
    return Scored(entry, verdict, why)


def ask(engine: Any, entry: dict[str, Any]) -> Answer:
    """The entry's question asked as a chat would: its history first, each answer feeding the next."""
    history: list[Answer] = []
    for earlier in entry.get("history", []):
        history.append(engine.answer(earlier, history))
    return engine.answer(entry["question"], history)


def tally(results: list[Scored], split: str | None = None) -> Counter[Score]:
    return Counter(r.score for r in results if split is None or r.entry["split"] == split)
