"""Reading files: encodings, and refusals that name the file and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.models import Report
from index.parse import parse_file
from index.read import MAX_BAD_BYTES, MAX_LINES, ReportInputError, read_text

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


def _cells(report: Report) -> list[tuple[str, str, str, object]]:
    return [(t.value, c.row, c.column, c.value) for t, table in report.tables.items() for c in table.cells]


def _with_bad_bytes(lines: dict[int, bytes], newline: bytes = b"\n") -> bytes:
    """The seed with ``lines[n]`` (bytes that are not UTF-8) inserted in the middle of line n."""
    out = SEED.read_bytes().split(b"\n")
    for number, noise in lines.items():
        line = out[number - 1]
        middle = len(line.decode("utf-8")[:10].encode("utf-8"))  # after the 10th character, not inside one
        out[number - 1] = line[:middle] + noise + line[middle:]
    return newline.join(out)


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"], ids=["lf", "crlf"])
def test_a_few_stray_bytes_are_replaced_and_named(tmp_path: Path, newline: bytes) -> None:
    """A UTF-8 report with a stray byte and a character cut in half (real copies have these) is read, the
    bytes replaced with U+FFFD, and a warning names each line; the tables are as in the clean file."""
    path = tmp_path / "stray.txt"
    path.write_bytes(_with_bad_bytes({9: b"\xff", 23: "康".encode()[:2]}, newline))
    lines, encoding = read_text(path)
    assert encoding == "utf-8"
    assert [n for n, line in enumerate(lines, start=1) if "\ufffd" in line] == [9, 23]
    report = parse_file(path)
    replaced = [(w.line, w.message) for w in report.warnings if w.code == "invalid_bytes"]
    assert replaced == [
        (9, "第9行有 1 个字节不是有效的 UTF-8，已替换为“\ufffd”；该行文字可能有缺损"),
        (23, "第23行有 2 个字节不是有效的 UTF-8，已替换为“\ufffd”；该行文字可能有缺损"),
    ]
    assert _cells(report) == _cells(parse_file(SEED))
    assert report.metadata.place == "康荣镇"


def test_too_many_bad_bytes_are_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "damaged.txt"
    path.write_bytes(_with_bad_bytes({n: b"\xff" for n in range(9, 9 + MAX_BAD_BYTES + 1)}))
    with pytest.raises(ReportInputError, match=r"damaged\.txt: 无法识别的文本编码"):
        parse_file(path)


def test_a_stray_byte_in_a_short_file_is_too_large_a_share(tmp_path: Path) -> None:
    """One bad byte in under a thousand is more damage than a stray byte: refused, not guessed at."""
    path = tmp_path / "short.txt"
    path.write_bytes("一、总体情况\n本机关2021年收到申请5件。\n".encode() + b"\xff")
    with pytest.raises(ReportInputError, match=r"short\.txt: 无法识别的文本编码"):
        parse_file(path)


def test_gbk_with_few_chinese_characters_is_not_read_as_damaged_utf8(tmp_path: Path) -> None:
    """A GBK file whose few Chinese characters are its only non-ASCII bytes has few "bad" UTF-8 bytes,
    but no valid UTF-8 characters: it is GB18030, not UTF-8 with replacements."""
    text = "康荣镇 2021\n" + "x = 1\n" * 4000
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gbk"))
    lines, encoding = read_text(path)
    assert (encoding, lines[0]) == ("gb18030", "康荣镇 2021")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"1\n2\n3\n" * 1000, "文件中没有中文文字"),
        ("一\n".encode() * (MAX_LINES + 1), f"超过上限 {MAX_LINES} 行"),
        (b"Annual report 2021\n1\t2\t3\n", "文件中没有中文文字"),
    ],
    ids=["digits", "too-many-lines", "english"],
)
def test_text_that_cannot_be_a_report_is_refused(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "not-a-report.txt"
    path.write_bytes(content)
    with pytest.raises(ReportInputError) as error:
        parse_file(path)
    assert str(error.value).startswith("not-a-report.txt: 不是年度报告")
    assert problem in error.value.problem
