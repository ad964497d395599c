"""Find the six official sections, whatever their numbering (一、 1、 （3）) and even when one is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.catalog import SECTION_TITLES
from index.models import Section
from index.normalise import label_key

_CHINESE_NUMERALS = "一二三四五六"
_NUMBERING = re.compile(
    r"^\s*(?:第(?P<part>[一二三四五六])部分|(?P<han>[一二三四五六])\s*[、.,]|(?P<arabic>[1-6])\s*[、.,](?!\d)"
    r"|[(（](?P<paren>[一二三四五六1-6])[)）])\s*"
)
_MAX_HEADING_CHARS = 40
PREAMBLE_TITLE = "前言"


@dataclass(frozen=True)
class Heading:
    number: int
    line: int


def _numbering(text: str) -> tuple[int | None, bool, str]:
    """(section number or None, whether it is bracketed, the text after the numbering)."""
    match = _NUMBERING.match(text)
    if not match:
        return None, False, text.strip()
    digit = next(value for value in match.groupdict().values() if value)
    number = int(digit) if digit.isdigit() else _CHINESE_NUMERALS.index(digit) + 1
    return number, bool(match.group("paren")), text[match.end() :].strip()


_TITLE_KEYS = tuple(tuple(label_key(alias) for alias in aliases) for _, aliases in SECTION_TITLES)
# One pass over a line that names no title at all (nearly every line), before the per-section search.
_ANY_TITLE = re.compile("|".join(re.escape(alias) for aliases in _TITLE_KEYS for alias in aliases))


def _title_number(text: str) -> int | None:
    key = label_key(text)
    if not _ANY_TITLE.search(key):
        return None
    for number, aliases in enumerate(_TITLE_KEYS, start=1):
        if any(alias in key for alias in aliases):
            return number
    return None


def heading_number(text: str) -> int | None:
    """The section a line heads, or None. A numbered line must carry its own section's number."""
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_HEADING_CHARS or "。" in text:
        return None
    if not _ANY_TITLE.search(label_key(stripped)):  # what follows the numbering is part of the line
        return None
    number, bracketed, rest = _numbering(text)
    titled = _title_number(rest)
    if titled is None:
        return None
    if number is None:
        # Unnumbered: only a line that is the title itself, not a sentence mentioning it.
        return titled if len(label_key(rest)) <= len(label_key(SECTION_TITLES[titled - 1][0])) + 2 else None
    if number != titled:
        return None
    if bracketed and label_key(SECTION_TITLES[titled - 1][0]) not in label_key(rest):
        return None  # （一）主动公开情况 is a sub-heading of 一; a bracketed top heading must be the full title
    return titled


def _joined_with_next(lines: list[str], index: int) -> str | None:
    """A heading split over two lines ("三、收到和处理政府信息" / "公开申请情况")."""
    for following in range(index + 1, min(index + 3, len(lines))):
        if lines[following].strip():
            return lines[index].strip() + lines[following].strip()
    return None


def find_headings(lines: list[str]) -> list[Heading]:
    headings: list[Heading] = []
    last = 0
    for index, text in enumerate(lines):
        number = heading_number(text)
        if number is None and _NUMBERING.match(text):
            joined = _joined_with_next(lines, index)
            number = heading_number(joined) if joined else None
        if number is not None and number > last:
            headings.append(Heading(number, index + 1))
            last = number
    return headings


def split_sections(lines: list[str], headings: list[Heading], body_end: int) -> list[Section]:
    """Sections from the headings; the text before the first heading is section 0 (前言)."""
    sections: list[Section] = []
    first_heading = headings[0].line if headings else body_end + 1
    if first_heading > 1:
        sections.append(
            Section(number=0, title=PREAMBLE_TITLE, heading_line=None, first_line=1, last_line=first_heading - 1)
        )
    for position, heading in enumerate(headings):
        end = headings[position + 1].line - 1 if position + 1 < len(headings) else body_end
        title = SECTION_TITLES[heading.number - 1][0]
        sections.append(
            Section(
                number=heading.number, title=title, heading_line=heading.line, first_line=heading.line, last_line=end
            )
        )
    return sections
