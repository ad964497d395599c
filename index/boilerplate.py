"""Website chrome around a report (footers, view counters, ICP numbers): not report text."""

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


def is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE.search(line))


def boilerplate_lines(lines: list[str], body_start: int, body_end: int) -> set[int]:
    """1-based numbers of chrome lines: matching lines before the body, and the tail from the first
    matching line after ``body_end`` (the last section heading) on, since a footer's address and
    phone lines match no pattern of their own."""
    found = {n for n in range(1, body_start) if is_boilerplate(lines[n - 1])}
    for n in range(body_end + 1, len(lines) + 1):
        if is_boilerplate(lines[n - 1]):
            found.update(range(n, len(lines) + 1))
            break
    return found
