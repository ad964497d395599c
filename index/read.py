"""File → lines of text: encoding detection and refusal of input that is not a report."""

from __future__ import annotations

import re
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


class ReportInputError(ValueError):
    """Input that cannot be read as a report; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{Path(path).name}: {problem}")


def decode(data: bytes, path: str | Path) -> tuple[str, str]:
    """Bytes → (text, encoding name). UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK."""
    if not data.strip():
        raise ReportInputError(path, "文件为空 (empty file)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise ReportInputError(path, "不是文本文件 (binary content)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text)) > max(8, len(text) // 100):
            raise ReportInputError(path, "不是文本文件 (binary content)")
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise ReportInputError(path, "无法识别的文本编码 (neither UTF-8 nor GB18030)")


def split_lines(text: str) -> list[str]:
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_text(path: str | Path) -> tuple[list[str], str]:
    """A report file's lines as written, and the encoding they were decoded from."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ReportInputError(path, f"无法读取文件 ({error.strerror})") from error
    if size > MAX_BYTES:
        raise ReportInputError(path, f"文件过大 ({size} 字节，上限 {MAX_BYTES} 字节)")
    text, encoding = decode(path.read_bytes(), path)
    return split_lines(text), encoding
