"""Tables 2, 3 and 4 from the token stream, matched against the catalogue.

A table is read as alternating runs: a run of label text, then a run of values. Each label run is
matched against the catalogue's rows in order; the values that follow belong to the last row matched.
This is what makes tab, pipe, one-cell-per-line and split-row layouts one problem.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import TypedDict

from index.catalog import (
    T2_FORMAT_MARKERS,
    T2_START,
    T3_2019_MARKER,
    T3_2021_MARKERS,
    T3_COLUMNS,
    T3_HEADER,
    T3_ROWS,
    T3_START,
    T4_BLOCKS,
    T4_COLUMNS,
    T4_ROW,
    T4_START,
    ColumnSpec,
    RowSpec,
    rows_for,
)
from index.layout import Token, TokenKind
from index.models import Cell, CellKind, ParseWarning, SourceText, Table, TableFormat, TableId
from index.normalise import fold_width, label_key

_MAX_LABEL_CHARS = 60  # a table label cell; longer text is narrative
# U+FFFD stands where the file had bytes that could not be decoded: whatever they were (a digit, a tab,
# a line break), the row they stand in may have lost or gained a number.
_REPLACEMENT = "\ufffd"
_UNDECODABLE = ("undecodable_text", "本行有无法解码的字节（显示为“\ufffd”），其中可能有数或分隔符；读到的数可能有误")
_HEADER_LOOKBACK = 40  # tokens before row 一 in which table 3's column header should stand
# A year printed inside a column header: 本年(2023)废止件数, 本年（2023年）处理决定数量.
# Each run of spaces hangs on the character after it: two optional runs side by side, or one that opens the
# pattern, rescan a long run of spaces from every position of it (n², 60 s on a 1 MB line).
_YEAR_IN_HEADER = re.compile(r"(?:[(（]\s*)?(?:19|20)\d{2}(?:\s*年)?度?(?:\s*[)）])?")
_TABLE_NAMES = {TableId.T2: "表二（主动公开）", TableId.T3: "表三（依申请公开）", TableId.T4: "表四（复议诉讼）"}
_TABLE_SECTIONS = {TableId.T2: 2, TableId.T3: 3, TableId.T4: 4}
# A line naming only image files: a table published as pictures ("1705995746322.jpg").
# One image file name, or several run together (a.jpgb.png is one such word): matched per word, since a
# repeated group of names that may hold dots splits "a.jpga.jpg…" in 2ⁿ ways before failing.
_IMAGE_NAME = re.compile(r"[\w\-.]+\.(?:jpe?g|png|gif|bmp|webp|tiff?)", re.IGNORECASE)
# A bracketed note of four or more characters closing a label, right after a Han character.
_TRAILING_NOTE = re.compile(r"(?<=[\u4e00-\u9fff])[(（][^()（）]{4,}[)）]$")


@dataclass
class RowRead:
    spec: RowSpec
    label_line: int
    values: list[Token] = field(default_factory=list)
    on_label_line: bool = False  # all its values stand on the line of its own label (a pipe or tab row)
    # Why the values read for this row may belong elsewhere, as (warning code, message): only damage
    # gives any (none in the seeds or generated reports), and each becomes a warning naming the row.
    doubts: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Runs:
    """Label/value runs: ``runs[i] = (label tokens, value tokens after them)``."""

    runs: list[tuple[list[Token], list[Token]]]


def _is_label(token: Token) -> bool:
    return token.kind == TokenKind.TEXT and len(token.text) <= _MAX_LABEL_CHARS and "。" not in token.text


def _find(
    tokens: Sequence[Token],
    needles: Sequence[str],
    start: int = 0,
    stop: int | None = None,
    skip_lines: frozenset[int] = frozenset(),
) -> int | None:
    keys = [label_key(n) for n in needles]
    for index in range(start, len(tokens) if stop is None else stop):
        token = tokens[index]
        if token.line not in skip_lines and _is_label(token) and any(key in label_key(token.text) for key in keys):
            return index
    return None


def _runs(tokens: Sequence[Token]) -> Runs:
    runs: list[tuple[list[Token], list[Token]]] = []
    for token in tokens:
        if token.is_cell:
            if not runs:
                runs.append(([], []))
            runs[-1][1].append(token)
        elif not runs or runs[-1][1]:
            runs.append(([token], []))
        else:
            runs[-1][0].append(token)
    return Runs(runs)


_SHORT_LABEL = 2  # 其他, 总计: too common to match inside longer text, so they must end the label run


def _find_label(key: str, match_key: str, cursor: int) -> int:
    if len(match_key) <= _SHORT_LABEL:
        return len(key) - len(match_key) if key.endswith(match_key) and len(key) - len(match_key) >= cursor else -1
    return key.find(match_key, cursor)


def _without_note(text: str) -> str:
    """A label without the explanation some templates print after it: "规章(设区的市、自治州人民政府应提供
    相关数据)" is the row 规章, which as a short label must otherwise end its run."""
    if not text.endswith((")", "）")):
        return text
    match = _TRAILING_NOTE.search(text)
    return text[: match.start()] if match else text


def _match_rows(labels: list[Token], rows: Sequence[RowSpec], expected: int) -> list[int]:
    """Indexes of the rows whose labels stand in this run, in catalogue order from ``expected`` on."""
    key = label_key("".join(_without_note(token.text) for token in labels))
    cursor, found = 0, []
    while expected < len(rows) and cursor < len(key):  # past the key's end no label can start
        hit = None
        for index in range(expected, len(rows)):
            positions = [_find_label(key, k, cursor) for k in rows[index].match_keys]
            positions = [(p, len(k)) for p, k in zip(positions, rows[index].match_keys, strict=True) if p >= 0]
            if positions:
                hit = index, min(positions)
                break
        if hit is None:
            break
        index, (position, length) = hit
        found.append(index)
        cursor, expected = _label_end(key, position, length, rows[index]), index + 1
    return found


def _label_end(key: str, position: int, length: int, row: RowSpec) -> int:
    """Where the row's label ends: past the rest of its official wording when that follows, so that
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" does not also match the row "其他"."""
    matched = key[position : position + length]
    tail = row.leaf_key[row.leaf_key.find(matched) :] if matched in row.leaf_key else matched
    return position + len(tail) if key.startswith(tail, position) else position + length


def row_for_label(text: str, table: TableId, table_format: TableFormat) -> str | None:
    """The catalogue row a label names on its own (the last row, when a run names parent and child)."""
    rows = rows_for(table, table_format)
    found = _match_rows([Token(TokenKind.TEXT, text, 0)], rows, 0)
    return rows[found[-1]].key if found else None


def fit_cells(cells: Sequence[Token], due: int) -> list[Token] | None:
    """The cells of a row's ``due`` columns, when the row says so unambiguously: exactly ``due`` figures
    (blanks around them are merged cells), exactly ``due`` cells from the first figure on with blanks among
    them (a blank is a column the report left empty; blanks before the first figure are the label's merged
    cells), or no figure at all in at least ``due`` empty cells."""
    values = [cell for cell in cells if cell.is_value]
    if len(values) == due:
        return values
    if not values:
        return list(cells[:due]) if len(cells) >= due else None
    leading = next(i for i, cell in enumerate(cells) if cell.is_value)
    return list(cells[leading:]) if len(cells) - leading == due else None


def _own_line(labels: Sequence[Token], values: Sequence[Token]) -> list[Token]:
    """The values on the line of the run's last label, when the label starts that line's row: in a pipe or
    tab row the figures on the label's own line are the row, and figures on lines after it without a
    label of their own belong to a row whose label the file printed elsewhere."""
    if not labels or not values or values[0].line != labels[-1].line:
        return []
    line = labels[-1].line
    return [value for value in values if value.line == line]


def read_rows(tokens: Sequence[Token], rows: Sequence[RowSpec]) -> tuple[list[RowRead], list[Token], int]:
    """Rows in catalogue order from ``tokens``; returns the rows read, values no row claimed, and the
    index of the first token after the table."""
    reads: list[RowRead] = []
    orphans: list[Token] = []
    jumps: list[tuple[range, RowRead | None, RowRead]] = []  # rows skipped, the reads before and after
    unclaimed: list[Token] = []  # orphans since the last row matched
    expected = 0
    consumed = 0
    runs = _runs(tokens).runs
    starts = _line_starts(tokens)
    for number, (labels, values) in enumerate(runs):
        if expected >= len(rows) and reads and reads[-1].values:
            _read_late_rows(runs[number:], rows, reads, starts)
            break
        matched = _match_rows(labels, rows, expected)
        consumed += len(labels)
        if matched:
            for index in matched:
                read = RowRead(rows[index], labels[0].line)
                if index > expected:
                    jumps.append((range(expected, index), reads[-1] if reads else None, read))
                    if reads:
                        reads[-1].doubts.append(_skipped_doubt(range(expected, index), rows))
                reads.append(read)
                expected = index + 1
            if unclaimed:
                reads[-len(matched)].doubts.append(_orphans_doubt("orphans_before", unclaimed))
                unclaimed = []
            if any(_REPLACEMENT in token.text for token in labels):
                reads[-1].doubts.append(_UNDECODABLE)
            if _stray_text_before_blanks(labels, values, reads[-1].spec):
                reads[-1].doubts.append(_STRAY_TEXT)
            own = _own_line(labels, values)
            due = len(reads[-1].spec.columns)
            if own and len(own) < len(values) and fit_cells(own, due) is not None:
                reads[-1].values.extend(own)
                reads[-1].on_label_line = True
                rest = [value for value in values[len(own) :] if value.is_value]
                if rest:
                    orphans.extend(rest)
                    reads[-1].doubts.append(_orphans_doubt("orphans_after", rest))
                    unclaimed.extend(rest)
            else:
                reads[-1].values.extend(values)
                reads[-1].on_label_line = bool(own) and len(own) == len(values)
            if len(matched) > 1:
                # Labels of several rows with no number between: the numbers may be an earlier row's (a
                # header or a label moved in between), not only the last one's.
                others = "、".join(f"「{rows[index].label}」" for index in matched[:-1])
                reads[-1].doubts.append(
                    ("labels_run_together", f"本行标签紧接在{others}的标签之后，中间没有数；其后的数也可能属于前面的行")
                )
        else:
            late = _late_row(labels, values, rows, reads, starts)
            if late is not None:
                reads.append(late)
            real = [value for value in values[len(late.values) if late else 0 :] if value.is_value]
            orphans.extend(real)
            if real and reads and not unclaimed:
                reads[-1].doubts.append(_orphans_doubt("orphans_after", real))
            unclaimed.extend(real)
            if labels:
                _doubt_jumps(jumps, set(_match_rows(labels, rows, 0)), rows)
        consumed += len(values)
    return reads, orphans, consumed


def _line_starts(tokens: Sequence[Token]) -> dict[int, Token]:
    """The first token of each line."""
    starts: dict[int, Token] = {}
    for token in tokens:
        starts.setdefault(token.line, token)
    return starts


_MID_LINE = (
    "late_row_mid_line",
    "本行不按表中行序出现，其标签又不在所在行的开头（前面还有别的格）；该行可能是乱码，读到的数可能不属于本行",
)


def _late_row(
    labels: Sequence[Token],
    values: Sequence[Token],
    rows: Sequence[RowSpec],
    reads: list[RowRead],
    starts: dict[int, Token],
) -> RowRead | None:
    """A row not read yet whose label and figures stand on one line of their own, wherever it comes in the
    table ("| 规章 | 0 | 0 | 0 |" under a later heading, a row a conversion moved): its own line says which
    row the figures are, so the order of the catalogue is not needed. Only a line that starts with the label
    is the row's own; one with other cells before the label (garbage holding 其他 or 总计) is read, in doubt."""
    own = _own_line(labels, values)
    if not own or len(reads) >= len(rows):
        return None
    on_line = [label for label in labels if label.line == own[0].line]
    matched = _match_rows(on_line, rows, 0)
    if not matched or any(read.spec.key == rows[matched[-1]].key for read in reads):
        return None
    spec = rows[matched[-1]]
    if fit_cells(own, len(spec.columns)) is None:
        return None
    late = RowRead(spec, own[0].line, list(own), on_label_line=True)
    if starts.get(own[0].line) is not on_line[0]:
        late.doubts.append(_MID_LINE)
    return late


def _read_late_rows(
    runs: Sequence[tuple[list[Token], list[Token]]],
    rows: Sequence[RowSpec],
    reads: list[RowRead],
    starts: dict[int, Token],
) -> None:
    """After the last row: rows not read yet that stand on lines of their own further on (a table whose
    first rows a converter put after the rest)."""
    if len({read.spec.key for read in reads}) == len(rows):
        return
    for labels, values in runs:
        late = _late_row(labels, values, rows, reads, starts)
        if late is not None:
            reads.append(late)
            rest = [value for value in values[len(late.values) :] if value.is_value]
            if rest:
                late.doubts.append(_orphans_doubt("orphans_after", rest))


def _value_lines(tokens: Sequence[Token]) -> dict[int, list[Token]]:
    """Lines that hold only cells, with at least one figure: rows whose label the file printed elsewhere."""
    lines: dict[int, list[Token]] = {}
    texts = set()
    for token in tokens:
        if token.is_cell:
            lines.setdefault(token.line, []).append(token)
        else:
            texts.add(token.line)
    return {line: cells for line, cells in lines.items() if line not in texts and any(c.is_value for c in cells)}


def detached_rows(tokens: Sequence[Token], rows: Sequence[RowSpec], reads: list[RowRead]) -> list[RowRead]:
    """Rows whose labels a conversion printed apart from their figures (PDF to markdown: a block of labels,
    then lines of bare figures). Between two rows read from their own lines, the rows not read so are
    matched to the lines of bare figures between them, in order, only when the counts agree, each line
    fits its row and every such row's label is somewhere in the table's text; so are the rows before the
    first row read so and after the last, between it and the table's edge."""
    position = {row.key: index for index, row in enumerate(rows)}
    settled = sorted(
        (position[read.spec.key], read.values[0].line)
        for read in reads
        if read.on_label_line and read.spec.key in position and fit_cells(read.values, len(read.spec.columns))
    )
    if not settled or len(settled) == len(rows) or not tokens:
        return []
    claimed = {line for _, line in settled}
    # The table's edges bound the rows before the first settled one and after the last (一、二 printed as a
    # block of labels above their lines of figures).
    settled = [(-1, tokens[0].line - 1), *settled, (len(rows), tokens[-1].line + 1)]
    free = {line: cells for line, cells in _value_lines(tokens).items() if line not in claimed}
    if not free:
        return []
    text = label_key("".join(token.text for token in tokens if token.kind == TokenKind.TEXT))
    found: list[RowRead] = []
    for (first, first_line), (last, last_line) in pairwise(settled):
        gap = rows[first + 1 : last]
        lines = [line for line in sorted(free) if first_line < line < last_line]
        widths = {len(row.columns) for row in gap}
        if len(widths) == 1:  # a stray figure on a line of its own is no row of a table whose rows are alike
            width = widths.pop()
            lines = [line for line in lines if fit_cells(free[line], width) is not None]
        if not gap or len(lines) != len(gap) or not all(any(k in text for k in row.match_keys) for row in gap):
            continue
        fitted = [fit_cells(free[line], len(row.columns)) for row, line in zip(gap, lines, strict=True)]
        if any(cells is None for cells in fitted):
            continue
        for row, line, cells in zip(gap, lines, fitted, strict=True):
            read = RowRead(row, line, list(cells or ()), on_label_line=False)
            read.doubts.append(
                (
                    "labels_detached",
                    f"本行标签与其数字不在同一行（表格转换后二者分开），第{line}行的数按表中行序读作本行",
                )
            )
            found.append(read)
    return found


_STRAY_TEXT = (
    "stray_text",
    "本行标签与数字之间有一格既非标签也非数字的文字，同时本行有空白格；其中的数可能错位到了别的列",
)


def _stray_text_before_blanks(labels: list[Token], values: list[Token], row: RowSpec) -> bool:
    """A text cell on the row's own line that is no part of its label ("规范性文件 |B| 0 | 46 ||"): the cell
    it stands in was a figure's, so the figures after it, ending in empty cells, may each sit a column off."""
    if not labels or not any(value.kind == TokenKind.BLANK for value in values):
        return False
    last = labels[-1]
    if len(labels) < 2 or last.line != labels[-2].line or not values or values[0].line != last.line:
        return False
    key = label_key(last.text)
    return bool(key) and key not in row.leaf_key and not any(match in key for match in row.match_keys)


def _skipped_doubt(skipped: range, rows: Sequence[RowSpec]) -> tuple[str, str]:
    """Rows missing between two rows read: a lost label leaves its numbers to the row above, which, if its
    own numbers were lost too, then reads a whole row of numbers that are not its own."""
    names = "、".join(f"「{rows[index].label}」" for index in skipped[:3]) + ("等" if len(skipped) > 3 else "")
    return "rows_skipped", f"本行之后的{names}未在文件中找到；若其标签丢失，本行读到的数可能是其数"


def _orphans_doubt(code: str, unclaimed: list[Token]) -> tuple[str, str]:
    """Numbers no row claimed, next to this row: a cell moved ahead of its label ("36\t行政许可") leaves the
    row to take the next numbers in the file, which may be another row's; numbers from garbage after a row
    may have been read as its own. Either side of unclaimed numbers is in doubt."""
    shown = " ".join(token.text for token in unclaimed[:5]) + ("…" if len(unclaimed) > 5 else "")
    where = "标签之前" if code == "orphans_before" else "之后"
    return code, f"本行{where}有无法对应到任何行的数（{shown}）；本行读到的数可能缺了其中的数，或属于别的行"


def _doubt_jumps(jumps: list[tuple[range, RowRead | None, RowRead]], late: set[int], rows: Sequence[RowSpec]) -> None:
    """Rows skipped by a jump whose labels turn up later: the jump was a stray label ("其他", "总计" in a
    moved header or garbage), so the rows on both sides of it may hold numbers that are not theirs."""
    for skipped, before, after in jumps:
        seen = sorted(late.intersection(skipped))
        if not seen:
            continue
        names = "、".join(f"「{rows[index].label}」" for index in seen[:3]) + ("等" if len(seen) > 3 else "")
        why = (
            "rows_out_of_order",
            f"读到「{after.spec.label}」时跳过的{names}后来又出现在表中（行序错乱）；本行的数可能属于别的行",
        )
        for read in (before, after):
            if read is not None and why not in read.doubts:
                read.doubts.append(why)


class TableReader:
    """Reads the three tables of one report's token stream into Table records and warnings."""

    def __init__(self, source: SourceText, tokens: list[Token]) -> None:
        self.source = source
        self.tokens = tokens
        self.warnings: list[ParseWarning] = []

    def warn(
        self, code: str, message: str, table: TableId | None = None, row: str | None = None, line: int | None = None
    ) -> None:
        self.warnings.append(ParseWarning(code=code, message=message, table=table, row=row, line=line))

    # ---- cells -------------------------------------------------------------------------------

    def _raw(self, token: Token) -> str:
        """The token as written in the original line (full-width digits and traditional script stay)."""
        original = self.source.original_line(token.line)
        if token.text in original:
            return token.text
        for candidate in original.replace("\t", "|").split("|"):
            if fold_width(candidate).strip() == token.text:
                return candidate.strip()
        return token.text

    def _cell(self, table: TableId, row: str, column: ColumnSpec, token: Token | None, line: int | None) -> CellFields:
        fields = CellFields(
            table=table, row=row, column=column.key, value=None, kind=CellKind.MISSING, raw="", line=line
        )
        if token is None:
            return fields
        fields["line"] = token.line
        if token.kind == TokenKind.BLANK:
            fields["kind"] = CellKind.BLANK
        elif token.kind == TokenKind.DASH:
            fields["kind"], fields["raw"] = CellKind.SLASH, self._raw(token)
        else:
            fields["kind"], fields["raw"] = CellKind.NUMBER, self._raw(token)
            fields["value"], fields["unit"] = token.number, token.unit
        return fields

    def _row_cells(
        self, table: TableId, read: RowRead, columns: Sequence[ColumnSpec], at_end: bool
    ) -> list[CellFields]:
        values = self._fit(table, read, columns, at_end)
        line = read.values[0].line if read.values else read.label_line
        return [
            self._cell(table, read.spec.key, column, token, line) for column, token in zip(columns, values, strict=True)
        ]

    def _fit(self, table: TableId, read: RowRead, columns: Sequence[ColumnSpec], at_end: bool) -> list[Token | None]:
        """Values for each column, or None where the file does not say which value belongs there."""
        cells, due = read.values, len(columns)
        label = read.spec.label
        fitted = fit_cells(cells, due) or (self._verified_leading_blank(cells, due) if table == TableId.T3 else None)
        values = [cell for cell in cells if cell.is_value]
        other = _other_edge_reading(cells, fitted, due)
        if fitted is not None and other is not None:
            # "行政许可 |  | 16 | 52 ||": the empty first cell a column and the last one padding, or the reverse
            decided = [way for way in (fitted, other) if table == TableId.T3 and _row_total_holds(way)]
            fitted = decided[0] if len(decided) == 1 else None
            if fitted is None:
                self.warn(
                    "edge_blanks",
                    f"{label}：本行首尾各有空白格，无法确定哪一个是空白列、哪一个是合并单元格或行尾空位，本行单元格标为缺失",
                    table,
                    read.spec.key,
                    values[0].line if values else read.label_line,
                )
                return [None] * due
        if fitted is not None:
            if at_end and cells[-1] is self.tokens[-1] and cells[-1].is_value:
                # The file stops right after this number: a file cut mid-number ("26" → "2") still fills the row.
                self.warn(
                    "ends_in_row",
                    f"{label}：文件在本行最后一个数（{values[-1].text}）处结束，该数可能不完整",
                    table,
                    read.spec.key,
                    values[-1].line,
                )
            if values and fitted[-1].kind == TokenKind.BLANK:
                # Empty pieces after a row's figures are also padding ("| 39 | 40 | 0 ||"): with one figure
                # lost, the rest shift left and the padding takes the last column, a fit no column check sees.
                self.warn(
                    "ends_in_blank",
                    f"{label}：本行末列为空白；若本行丢了一个数，其后各数会前移一列，空白落在末列，各数可能错位",
                    table,
                    read.spec.key,
                    values[0].line,
                )
            return list(fitted)
        if at_end and len(values) < due:
            self.warn(
                "truncated_row",
                f"{label}：文件在此行中断，只读到 {len(values)} 个数（应为 {due} 个），其余单元格缺失",
                table,
                read.spec.key,
                read.label_line,
            )
            return list(values) + [None] * (due - len(values))
        if table == TableId.T3 and len(values) == due + 1:
            fitted = _drop_spurious_column(values)
            if fitted is not None:
                self.warn(
                    "extra_cell_resolved",
                    f"{label}：该行有 {len(values)} 个数（应为 {due} 个），多出的一列为合并单元格造成的空列，"
                    "已按行合计关系确定各列",
                    table,
                    read.spec.key,
                    values[0].line,
                )
                return fitted
        shown = " ".join(token.text for token in values) or "无"
        self.warn(
            "short_row" if len(values) < due else "long_row",
            f"{label}：该行有 {len(values)} 个数（应为 {due} 个）：{shown}；无法确定各数所属的列，本行单元格标为缺失",
            table,
            read.spec.key,
            values[0].line if values else read.label_line,
        )
        return [None] * due

    @staticmethod
    def _verified_leading_blank(cells: list[Token], due: int) -> list[Token] | None:
        """A table-3 row of exactly ``due`` cells starting with an empty one (…申请\t\t9\t2\t4\t\t1\t16): a
        blank column only where the row's 总计 (not 0) is the sum of its six columns under that reading;
        otherwise the empty cell stays the label's merged cell."""
        if len(cells) != due or cells[0].kind is not TokenKind.BLANK:
            return None
        return list(cells) if _row_total_holds(list(cells)) else None

    # ---- tables ------------------------------------------------------------------------------

    def _table(
        self,
        table: TableId,
        table_format: TableFormat,
        reads: list[RowRead],
        rows: Sequence[RowSpec],
        at_end: bool,
        start_line: int,
    ) -> Table:
        cells: list[CellFields] = []
        by_key = {read.spec.key: read for read in reads}
        for row in rows:
            read = by_key.get(row.key)
            if read is None:
                cells.extend(self._cell(table, row.key, column, None, None) for column in row.columns)
            else:
                last = at_end and read is reads[-1]
                cells.extend(self._row_cells(table, read, row.columns, last))
        # A table whose start was found but none of whose rows were (表二's 第二十条 heading and then damage)
        # spans its start line: every cell is missing and missing_rows says why.
        lines = [cell["line"] for cell in cells if cell["line"]] + [read.label_line for read in reads] or [start_line]
        return _validated(table, table_format, cells, lines)

    def _missing_rows(self, table: TableId, rows: Sequence[RowSpec], reads: list[RowRead], at_end: bool) -> None:
        found = {read.spec.key for read in reads}
        missing = [row.label for row in rows if row.key not in found]
        if missing:
            why = "文件在表内中断" if at_end else "未能识别这些行的标签"
            self.warn("missing_rows", f"{table.value} 缺少 {len(missing)} 行（{why}）：" + "、".join(missing), table)

    def _read(self, table: TableId, table_format: TableFormat, start: int, stop: int) -> tuple[Table, int]:
        rows = rows_for(table, table_format)
        reads, orphans, consumed = read_rows(self.tokens[start:stop], rows)
        end = start + consumed
        at_end = end >= len(self.tokens)
        detached = detached_rows(self.tokens[start:stop], rows, reads)
        if detached:
            used = {id(token) for read in detached for token in read.values}
            orphans = [token for token in orphans if id(token) not in used]
            keys = {read.spec.key for read in detached}
            # A row that took these figures from afar (a label run together with another) gives them up.
            kept = [
                read
                for read in reads
                if read.spec.key not in keys and not any(id(token) in used for token in read.values)
            ]
            last = kept[-1:] if reads and kept and kept[-1] is reads[-1] else []
            reads = kept[: len(kept) - len(last)] + detached + last
        if orphans:
            shown = " ".join(token.text for token in orphans[:10])
            self.warn(
                "orphan_values",
                f"{table.value} 中有 {len(orphans)} 个数无法对应到任何行：{shown}",
                table,
                line=orphans[0].line,
            )
        for read in reads:
            for code, message in read.doubts if read.values else ():
                self.warn(code, f"{read.spec.label}：{message}", table, read.spec.key, read.label_line)
        self._missing_rows(table, rows, reads, at_end)
        return self._table(table, table_format, reads, rows, at_end, self.tokens[start].line), end

    def say_unread(self, tables: dict[TableId, Table], section_lines: dict[int, int]) -> None:
        """What is true of each table the figures of which cannot be read: its labels are in the file but no
        figure could be read (the table is kept, every cell missing), or its section holds only pictures."""
        for table_id, name in _TABLE_NAMES.items():
            table = tables.get(table_id)
            if table is not None and table.unread:
                self.warn(
                    "table_unread",
                    f"{name}存在（第{table.first_line}–{table.last_line}行），但数字无法读出",
                    table_id,
                    line=table.first_line,
                )
            elif table is None:
                images = self._images_in_section(_TABLE_SECTIONS[table_id], section_lines)
                if images:
                    shown = "、".join(text for _, text in images[:3])
                    self.warn(
                        "unread_content",
                        f"{name}所在部分只有图片（{shown}），表格可能是图片，无法读出数字（不支持 OCR）",
                        table_id,
                        line=images[0][0],
                    )

    def _images_in_section(self, number: int, section_lines: dict[int, int]) -> list[tuple[int, str]]:
        """(line, text) of the lines of section ``number`` that name only image files."""
        heading = section_lines.get(number)
        if heading is None:
            return []
        stop = min((line for line in section_lines.values() if line > heading), default=len(self.source.normalised) + 1)
        lines = [(n, self.source.normalised[n - 1].strip()) for n in range(heading + 1, stop)]
        return [(n, text) for n, text in lines if text and _names_only_images(text)]

    def read_t2(self, start: int, stop: int) -> tuple[Table | None, TableFormat | None]:
        table_format = self._t2_format(start, stop)
        if table_format is None:
            self.warn(
                "t2_format_unknown",
                "表二（主动公开）的表头无法识别新旧格式，未读取表二",
                TableId.T2,
                line=self.tokens[start].line,
            )
            return None, None
        table, _ = self._read(TableId.T2, table_format, start, stop)
        return table, table_format

    def _t2_format(self, start: int, stop: int) -> TableFormat | None:
        text = "".join(token.text for token in self.tokens[start:stop] if token.kind == TokenKind.TEXT)
        text = label_key(_YEAR_IN_HEADER.sub("", text))
        hits = {fmt: sum(label_key(m) in text for m in markers) for fmt, markers in T2_FORMAT_MARKERS.items()}
        best = max(hits, key=lambda fmt: hits[fmt])
        return best if hits[best] else None

    def t3_format(self, start: int, stop: int) -> TableFormat | None:
        """2021 when its 其他处理 sub-rows are there, 2019 when 其他处理 is there without them, else (a table
        cut before its rows differ) unknown."""
        text = label_key("".join(token.text for token in self.tokens[start:stop] if token.kind == TokenKind.TEXT))
        if any(label_key(m) in text for m in T3_2021_MARKERS):
            return TableFormat.V2021
        return TableFormat.V2019 if label_key(T3_2019_MARKER) in text else None

    def read_t3(self, start: int, stop: int, table_format: TableFormat) -> tuple[Table, int]:
        self._check_t3_header(start)
        return self._read(TableId.T3, table_format, start, stop)

    def _check_t3_header(self, start: int) -> None:
        header = self.tokens[max(0, start - _HEADER_LOOKBACK) : start]
        text = label_key("".join(token.text for token in header if token.kind == TokenKind.TEXT))
        if not all(label_key(word) in text for word in ("自然人", "总计")):
            self.warn(
                "t3_header_unreadable",
                "表三表头无法识别（可能是乱码或缺失），各列按国家标准格式的顺序读取："
                + "、".join(c.label for c in T3_COLUMNS),
                TableId.T3,
                line=self.tokens[start].line,
            )

    def read_t4(self, start: int, stop: int, table_format: TableFormat) -> Table:
        values: list[Token] = []
        at_end = stop >= len(self.tokens)
        undecodable = False
        for token in self.tokens[start:stop]:
            if token.kind == TokenKind.BLANK:
                continue  # the empty grid cells of table 4's three-level header
            if token.is_value:
                values.append(token)
            elif values and not _is_label(token):
                at_end = False  # text follows: a short row is short, not cut off by the end of the file
                break  # narrative after the numbers: the table has ended
            else:
                undecodable = undecodable or _REPLACEMENT in token.text
        row = RowSpec(
            key=T4_ROW,
            table=TableId.T4,
            formats=(table_format,),
            label="行政复议、行政诉讼",
            match=(),
            columns=T4_COLUMNS,
        )
        read = RowRead(row, self.tokens[start].line, values)
        if undecodable and values:
            self.warn(_UNDECODABLE[0], f"{row.label}：{_UNDECODABLE[1]}", TableId.T4, T4_ROW, read.label_line)
        cells = self._row_cells(TableId.T4, read, T4_COLUMNS, at_end=at_end)
        lines = [cell["line"] for cell in cells if cell["line"]] + [read.label_line]
        return _validated(TableId.T4, table_format, cells, lines)


class CellFields(TypedDict, total=False):
    """A cell before validation: a table's cells are validated in one call when the table is built, three
    times faster than one model each."""

    table: TableId
    row: str
    column: str
    value: int | Decimal | None
    kind: CellKind
    raw: str
    line: int | None
    unit: str | None


def _validated(table: TableId, table_format: TableFormat, cells: list[CellFields], lines: list[int]) -> Table:
    fields = {"id": table, "format": table_format, "cells": cells, "first_line": min(lines), "last_line": max(lines)}
    return Table.model_validate(fields)


def _names_only_images(text: str) -> bool:
    return all(_IMAGE_NAME.fullmatch(word) for word in text.split())


def _row_groups(table: Table) -> list[tuple[list[int], int]]:
    """Positions in ``table.cells`` of each group of parts and the total they add up to: each row of table
    3 (six applicant columns, 总计), each of table 4's three blocks (four results, 总计)."""
    if table.id == TableId.T2:
        return []  # no column of table 2 is a sum of others
    width = len(T4_COLUMNS) // len(T4_BLOCKS) if table.id == TableId.T4 else len(T3_COLUMNS)
    return [(list(range(start, start + width - 1)), start + width - 1) for start in range(0, len(table.cells), width)]


def infer_cells(table: Table) -> Table:
    """Missing figures that the rest of their row fixes, filled as INFERRED with the rule named; never a
    blank or a figure as printed. Counts are never negative, so once the printed parts reach the printed
    总计 every missing part is 0; one missing part is the 总计 less the others; a missing 总计 is the sum of
    its parts when all of them are printed."""
    cells = list(table.cells)
    changed = False
    for parts, total in _row_groups(table):
        if total >= len(cells) or any(cells[p].row != cells[total].row for p in parts):
            continue
        missing = [p for p in parts if cells[p].kind == CellKind.MISSING]
        printed = [cells[p].value for p in parts if cells[p].kind == CellKind.NUMBER]
        whole = cells[total]
        if not missing and whole.kind != CellKind.MISSING:
            continue
        changed = True
        if whole.kind == CellKind.NUMBER and missing and whole.value is not None:
            rest = whole.value - sum(printed)  # type: ignore[operator]
            if rest == 0:
                rule = f"总计为{whole.raw}，已印出的各项之和已等于总计，各项不能为负，故为0"
                for p in missing:
                    cells[p] = _inferred(cells[p], 0, rule)
            elif rest > 0 and len(missing) == 1 and len(printed) == len(parts) - 1:
                cells[missing[0]] = _inferred(cells[missing[0]], rest, f"总计{whole.raw}减去本行其余各项")
        elif whole.kind == CellKind.MISSING and len(printed) == len(parts):
            cells[total] = _inferred(whole, sum(printed), "本行各项之和（总计未能读出）")
    return table.model_copy(update={"cells": cells}) if changed else table


def _inferred(cell: Cell, value: int | Decimal, rule: str) -> Cell:
    return cell.model_copy(update={"value": value, "kind": CellKind.INFERRED, "inferred_by": rule})


def _other_edge_reading(cells: list[Token], fitted: list[Token] | None, due: int) -> list[Token] | None:
    """When a row's fit dropped empty cells before its first figure and ends in an empty one, the reading
    that keeps the first ones and drops the last instead, if it fills the row too."""
    if not fitted or fitted[-1].kind is not TokenKind.BLANK or not cells or cells[0].kind is not TokenKind.BLANK:
        return None
    if fitted[0] is cells[0]:
        return None
    first = next((i for i, cell in enumerate(cells) if cell.is_value), None)
    if first is None:
        return None
    last = max(i for i, cell in enumerate(cells) if cell.is_value)
    lead = due - (last - first + 1)
    return list(cells[first - lead : last + 1]) if 0 < lead <= first else None


def _row_total_holds(cells: list[Token]) -> bool:
    """Table 3's row rule on one reading of a row: its 总计 is the sum of its six columns (a blank adds 0).
    A row of zeros holds under every reading, so it tells none apart."""
    if cells[-1].kind is not TokenKind.NUMBER or not cells[-1].number:
        return False
    parts = [cell.number for cell in cells[:-1] if cell.kind is TokenKind.NUMBER]
    return sum(parts) == cells[-1].number


def _drop_spurious_column(values: list[Token]) -> list[Token] | None:
    """Eight numbers for seven columns: the one reading (dropping one value) under which the row's
    总计 equals the sum of its six columns, if every such reading gives the same numbers."""
    if any(token.kind != TokenKind.NUMBER for token in values):
        return None
    readings = set()
    kept_by_reading = {}
    for dropped in range(len(values)):
        kept = values[:dropped] + values[dropped + 1 :]
        numbers = tuple(token.number for token in kept)
        if sum(numbers[:-1]) == numbers[-1]:
            readings.add(numbers)
            kept_by_reading.setdefault(numbers, kept)
    if len(readings) != 1:
        return None
    return kept_by_reading[readings.pop()]


def read_tables(
    source: SourceText, tokens: list[Token], section_lines: dict[int, int]
) -> tuple[dict[TableId, Table], TableFormat | None, list[ParseWarning]]:
    """All tables of a report. ``section_lines`` maps section number → heading line, to bound the tables."""
    reader = TableReader(source, tokens)
    tables: dict[TableId, Table] = {}
    section_five = section_lines.get(5)
    end = _first_token_at_or_after(tokens, section_five) if section_five else len(tokens)
    t2_probe = _find(tokens, T2_START, stop=end)
    t3_start = _find(tokens, T3_START, stop=end)
    if t3_start is None:
        t3_start = _find_row_line(tokens, T3_ROWS, len(T3_COLUMNS), start=t2_probe or 0, stop=end)
    if t3_start is None:  # only its header: the table is there, its figures are not
        t3_start = _find(tokens, T3_HEADER, start=t2_probe or 0, stop=end)
    headings = frozenset(section_lines.values())  # "四、…行政复议…情况" heads the section, not the table
    # Table 4 follows tables 2 and 3: "行政复议" in the 总体情况 before them is narrative.
    after = max((start for start in (t2_probe, t3_start) if start is not None), default=0)
    t4_start = _find(tokens, T4_START, start=after, stop=end, skip_lines=headings)
    t3_stop = t4_start if t4_start is not None else end
    t2_start = _find(tokens, T2_START, stop=t3_start if t3_start is not None else t3_stop)
    t2_format = None
    if t2_start is not None:
        t2, t2_format = reader.read_t2(t2_start, t3_start if t3_start is not None else t3_stop)
        if t2 is not None:
            tables[TableId.T2] = t2
    table_format = t2_format
    if t3_start is not None:
        t3_format = reader.t3_format(t3_start, t3_stop) or t2_format or TableFormat.V2019
        if t2_format and t3_format != t2_format:
            reader.warn(
                "format_mismatch", f"表二为{t2_format.value}版格式，表三却为{t3_format.value}版格式", TableId.T3
            )
        table_format = table_format or t3_format
        tables[TableId.T3], _ = reader.read_t3(t3_start, t3_stop, t3_format)
    if t4_start is not None:
        tables[TableId.T4] = reader.read_t4(t4_start, end, table_format or TableFormat.V2021)
    for table_id, table in list(tables.items()):
        tables[table_id] = infer_cells(table)
    reader.say_unread(tables, section_lines)
    return tables, table_format, reader.warnings


def _find_row_line(tokens: Sequence[Token], rows: Sequence[RowSpec], due: int, start: int, stop: int) -> int | None:
    """Where a table starts whose heading and first rows are not in the file (a page of a flipbook that
    begins inside table 3): the first label naming one of its rows by a distinctive label (not 其他, 总计)
    with the row's figures after it on its own line."""
    for index in range(start, stop):
        token = tokens[index]
        if not _is_label(token):
            continue
        own = _own_line([token], [t for t in tokens[index + 1 : index + 1 + 2 * due] if t.is_cell])
        if fit_cells(own, due) is None or len(own) < due:
            continue
        key = label_key(_without_note(token.text))
        if any(len(k) > _SHORT_LABEL and k in key for row in rows for k in row.match_keys):
            return index
    return None


def _first_token_at_or_after(tokens: Sequence[Token], line: int) -> int:
    for index, token in enumerate(tokens):
        if token.line >= line:
            return index
    return len(tokens)
