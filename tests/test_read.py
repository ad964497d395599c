"""Reading files: encodings, and refusals that name the file and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.parse import parse_file
from index.read import ReportInputError, read_text

SEED = Path(__file__).resolve().parent.parent / "data" / "reports" / "003_a181098cc9deb482.txt"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_encodings_give_the_same_report(tmp_path: Path, encoding: str) -> None:
    text = SEED.read_text(encoding="utf-8").replace("\xa0", " ")  # GBK has no NBSP
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    lines, _ = read_text(path)
    assert lines == text.split("\n")[: len(lines)]
    report = parse_file(path)
    assert report.metadata.place == "康荣镇"
    assert len(report.tables) == 3


def test_crlf_line_numbers_match_the_file(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))
    assert read_text(path)[0] == SEED.read_text(encoding="utf-8").split("\n")[:-1]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "文件为空"),
        (b"  \n\n ", "文件为空"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00binary", "不是文本文件"),
        (bytes(range(1, 32)) * 20, "不是文本文件"),
    ],
)
def test_unreadable_input_is_refused_with_the_file_name(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad-report.txt"
    path.write_bytes(content)
    with pytest.raises(ReportInputError) as error:
        parse_file(path)
    assert "bad-report.txt" in str(error.value)
    assert problem in str(error.value)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReportInputError, match=r"no-such\.txt"):
        parse_file(tmp_path / "no-such.txt")
