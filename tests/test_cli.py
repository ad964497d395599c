"""python -m index parse, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "reports" / "002_0408e1d58f05bafb.txt"
GOLD = json.loads((ROOT / "tests" / "gold" / "seeds.json").read_text(encoding="utf-8"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "index", *args], capture_output=True, text=True, cwd=ROOT)


def test_parse_json_carries_every_cell_with_provenance() -> None:
    result = run("parse", str(SEED), "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    gold = next(r for r in GOLD["reports"] if r["file"] == SEED.name)
    assert (data["agency"], data["place"], data["level"], data["county"], data["year"], data["format"]) == (
        gold["agency"],
        gold["place"],
        gold["level"],
        gold["county"],
        gold["year"],
        gold["table_format"],
    )
    cells = {(c["table"], c["row"], c["column"]): c for c in data["cells"]}
    licence = cells[("t2", "第二十条第（五）项/行政许可", "本年处理决定数量")]
    assert licence == {
        "table": "t2",
        "row": "第二十条第（五）项/行政许可",
        "column": "本年处理决定数量",
        "value": 12124,
        "kind": "number",
        "raw": "12124",
        "line": 29,
        "unit": None,
        "inferred_by": None,
    }
    review = cells[("t4", "行政复议、行政诉讼", "行政复议/结果纠正")]
    assert (review["value"], review["line"]) == (1, 76)
    assert data["warnings"] and data["findings"] == []


def test_human_summary_says_when_a_table_is_not_reported() -> None:
    result = run("parse", str(ROOT / "data" / "reports" / "000_a224db91dbdf5e26.txt"))
    assert result.returncode == 0
    assert "t2: 该报告未提供此表" in result.stdout


def test_unreadable_file_exits_2_with_one_clear_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("parse", str(empty))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["无法读取 empty.txt: 文件为空 (empty file)"]
