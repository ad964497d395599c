"""Website chrome around a report (footers, view counters, ICP numbers) and page furniture (page numbers and
running heads of PDF text): not report text."""

from __future__ import annotations

import re

BOILERPLATE_PATTERNS = (
    "主办单位",
    "承办单位",
    "版权所有",
    "ICP备",
    "公网安备",
    "网站标识码",
    "浏览量",
    "浏览次数",
    "阅读次数",
    "责任编辑",
    "文字大小",
    "分辨率",
    "网站监督举报",
    "举报邮箱",
    "打印本页",
    "关闭窗口",
    "扫一扫",
    "分享到",
    "技术支持",
)
_BOILERPLATE = re.compile("|".join(re.escape(p) for p in BOILERPLATE_PATTERNS), re.IGNORECASE)
# Page furniture of PDF text and flipbooks, anywhere in the file (inside a table continued over a page
# too): a page number is never a value of the table it interrupts.
PAGE_MARKERS = (
    r"P\.\s*\d+",  # P. 9
    r"Page\s+\d+(?:\s*[-–—]\s*.*)?",  # Page 9 - 2020年报_审计局
    r"[-–—－]{1,2}\s*\d+\s*[-–—－]{1,2}",  # — 3 —, - 3 -
    r"第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?",  # 第 3 页 共 12 页
)
_PAGE_MARKER = re.compile(r"\s*(?:" + "|".join(PAGE_MARKERS) + r")\s*", re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE.search(line))


def is_page_marker(line: str) -> bool:
    return len(line) < 80 and bool(_PAGE_MARKER.fullmatch(line))


def boilerplate_lines(lines: list[str], body_start: int, body_end: int) -> set[int]:
    """1-based numbers of chrome lines: matching lines before the body, and the tail from the first
    matching line after ``body_end`` (the last section heading) on, since a footer's address and
    phone lines match no pattern of their own."""
    found = {n for n in range(1, body_start) if is_boilerplate(lines[n - 1])}
    found.update(n for n, line in enumerate(lines, start=1) if is_page_marker(line))
    for n in range(body_end + 1, len(lines) + 1):
        if is_boilerplate(lines[n - 1]):
            found.update(range(n, len(lines) + 1))
            break
    return found
