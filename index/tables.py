"""Tables 2, 3 and 4 from the token stream, matched against the catalogue.

A table is read as alternating runs: a run of label text, then a run of values. Each label run is
matched against the catalogue's rows in order; the values that follow belong to the last row matched.
This is what makes tab, pipe, one-cell-per-line and split-row layouts one problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from index.catalog import (
    T2_FORMAT_MARKERS,
    T2_START,
    T3_2021_MARKERS,
    T3_COLUMNS,
    T3_START,
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


@dataclass
class RowRead:
    spec: RowSpec
    label_line: int
    values: list[Token] = field(default_factory=list)
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
        if token.is_value:
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


def _match_rows(labels: list[Token], rows: Sequence[RowSpec], expected: int) -> list[int]:
    """Indexes of the rows whose labels stand in this run, in catalogue order from ``expected`` on."""
    key = label_key("".join(token.text for token in labels))
    cursor, found = 0, []
    while expected < len(rows):
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


def read_rows(tokens: Sequence[Token], rows: Sequence[RowSpec]) -> tuple[list[RowRead], list[Token], int]:
    """Rows in catalogue order from ``tokens``; returns the rows read, values no row claimed, and the
    index of the first token after the table."""
    reads: list[RowRead] = []
    orphans: list[Token] = []
    jumps: list[tuple[range, RowRead | None, RowRead]] = []  # rows skipped, the reads before and after
    unclaimed: list[Token] = []  # orphans since the last row matched
    expected = 0
    consumed = 0
    for labels, values in _runs(tokens).runs:
        if expected >= len(rows) and reads and reads[-1].values:
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
            reads[-1].values.extend(values)
            if len(matched) > 1:
                # Labels of several rows with no number between: the numbers may be an earlier row's (a
                # header or a label moved in between), not only the last one's.
                others = "、".join(f"「{rows[index].label}」" for index in matched[:-1])
                reads[-1].doubts.append(
                    ("labels_run_together", f"本行标签紧接在{others}的标签之后，中间没有数；其后的数也可能属于前面的行")
                )
        else:
            orphans.extend(values)
            if values and reads and not unclaimed:
                reads[-1].doubts.append(_orphans_doubt("orphans_after", values))
            unclaimed.extend(values)
            if labels:
                _doubt_jumps(jumps, set(_match_rows(labels, rows, 0)), rows)
        consumed += len(values)
    return reads, orphans, consumed


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

    def _cell(self, table: TableId, row: str, column: ColumnSpec, token: Token | None, line: int | None) -> Cell:
        if token is None:
            return Cell(table=table, row=row, column=column.key, value=None, kind=CellKind.MISSING, raw="", line=line)
        if token.kind == TokenKind.DASH:
            kind, value = CellKind.SLASH, None
        else:
            kind, value = CellKind.NUMBER, token.number
        return Cell(
            table=table, row=row, column=column.key, value=value, kind=kind, raw=self._raw(token), line=token.line
        )

    def _row_cells(self, table: TableId, read: RowRead, columns: Sequence[ColumnSpec], at_end: bool) -> list[Cell]:
        values = self._fit(table, read, columns, at_end)
        line = read.values[0].line if read.values else read.label_line
        return [
            self._cell(table, read.spec.key, column, token, line) for column, token in zip(columns, values, strict=True)
        ]

    def _fit(self, table: TableId, read: RowRead, columns: Sequence[ColumnSpec], at_end: bool) -> list[Token | None]:
        """Values for each column, or None where the file does not say which value belongs there."""
        values, due = read.values, len(columns)
        label = read.spec.label
        if len(values) == due:
            if at_end and values[-1] is self.tokens[-1]:
                # The file stops right after this number: a file cut mid-number ("26" → "2") still fills the row.
                self.warn(
                    "ends_in_row",
                    f"{label}：文件在本行最后一个数（{values[-1].text}）处结束，该数可能不完整",
                    table,
                    read.spec.key,
                    values[-1].line,
                )
            return list(values)
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
        cells: list[Cell] = []
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
        lines = [cell.line for cell in cells if cell.line] + [read.label_line for read in reads] or [start_line]
        return Table(id=table, format=table_format, cells=cells, first_line=min(lines), last_line=max(lines))

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
        text = label_key("".join(token.text for token in self.tokens[start:stop] if token.kind == TokenKind.TEXT))
        hits = {fmt: sum(label_key(m) in text for m in markers) for fmt, markers in T2_FORMAT_MARKERS.items()}
        best = max(hits, key=lambda fmt: hits[fmt])
        return best if hits[best] else None

    def t3_format(self, start: int, stop: int) -> TableFormat:
        text = label_key("".join(token.text for token in self.tokens[start:stop] if token.kind == TokenKind.TEXT))
        return TableFormat.V2021 if any(label_key(m) in text for m in T3_2021_MARKERS) else TableFormat.V2019

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
        lines = [cell.line for cell in cells if cell.line] + [read.label_line]
        return Table(id=TableId.T4, format=table_format, cells=cells, first_line=min(lines), last_line=max(lines))


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
    t3_start = _find(tokens, T3_START, stop=end)
    headings = frozenset(section_lines.values())  # "四、…行政复议…情况" heads the section, not the table
    t4_start = _find(tokens, T4_START, start=t3_start or 0, stop=end, skip_lines=headings)
    t3_stop = t4_start if t4_start is not None else end
    t2_start = _find(tokens, T2_START, stop=t3_start if t3_start is not None else t3_stop)
    t2_format = None
    if t2_start is not None:
        t2, t2_format = reader.read_t2(t2_start, t3_start if t3_start is not None else t3_stop)
        if t2 is not None:
            tables[TableId.T2] = t2
    table_format = t2_format
    if t3_start is not None:
        t3_format = reader.t3_format(t3_start, t3_stop)
        if t2_format and t3_format != t2_format:
            reader.warn(
                "format_mismatch", f"表二为{t2_format.value}版格式，表三却为{t3_format.value}版格式", TableId.T3
            )
        table_format = table_format or t3_format
        tables[TableId.T3], _ = reader.read_t3(t3_start, t3_stop, t3_format)
    if t4_start is not None:
        tables[TableId.T4] = reader.read_t4(t4_start, end, table_format or TableFormat.V2021)
    return tables, table_format, reader.warnings


def _first_token_at_or_after(tokens: Sequence[Token], line: int) -> int:
    for index, token in enumerate(tokens):
        if token.line >= line:
            return index
    return len(tokens)
