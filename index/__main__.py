"""Command line: python -m index parse|build|add|correct|confirm-duplicate|stats|search."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError
from tqdm import tqdm

from index.build import STORE_FILE, Builder, BuildResult, OutcomeStatus, current_build, stored_name
from index.embed import EmbedderUnavailable, make_embedder
from index.log import setup as setup_logging
from index.manifest import IndexMismatch, Manifest, SidecarError, UserMeta
from index.models import CellKind, Report
from index.parse import parse_file
from index.read import ReportInputError
from index.store import Filters, Store

DEFAULT_INDEX = Path("var/index")
logger = logging.getLogger("index.cli")


def _number(value: int | Decimal | None) -> int | float | str | None:
    """JSON number exactly as read: a decimal that a float cannot carry exactly stays a string."""
    if isinstance(value, Decimal):
        return float(value) if str(float(value)) == str(value) else str(value)
    return value


def report_json(report: Report) -> dict:
    meta = report.metadata
    return {
        "id": report.id,
        "source": report.source,
        "agency": meta.agency,
        "place": meta.place,
        "level": meta.level.value if meta.level else None,
        "county": meta.county,
        "city": meta.city,
        "province": meta.province,
        "year": meta.year,
        "origins": {field: origin.value for field, origin in meta.origins.items()},
        "as_read": meta.as_read,
        "period": [meta.period_start, meta.period_end],
        "publish_date": meta.publish_date,
        "format": meta.format.value if meta.format else None,
        "script": meta.script.value,
        "tables": sorted(table.value for table in report.tables),
        "unread_tables": sorted(table_id.value for table_id, table in report.tables.items() if table.unread),
        "sections": [section.model_dump(mode="json") for section in report.sections],
        "warnings": [warning.model_dump(mode="json") for warning in report.warnings],
        "findings": [finding.model_dump(mode="json") for finding in report.findings],
        "cells": [
            {
                "table": cell.table.value,
                "row": cell.row,
                "column": cell.column,
                "value": _number(cell.value),
                "kind": cell.kind.value,
                "raw": cell.raw,
                "line": cell.line,
                "unit": cell.unit,
                "inferred_by": cell.inferred_by,
            }
            for table in report.tables.values()
            for cell in table.cells
        ],
    }


def summary(report: Report) -> str:
    meta = report.metadata
    level = meta.level.value if meta.level else "未识别"
    table_format = f"{meta.format.value}版" if meta.format else "未识别"
    lines = [
        f"{report.source}",
        f"  机关: {meta.agency or '未识别'}  地点: {meta.place or '未识别'}  层级: {level}"
        f"  所在: {'/'.join(p for p in (meta.province, meta.city, meta.county) if p) or '—'}"
        f"  年度: {meta.year or '未识别'}  格式: {table_format}",
        "  章节: " + "、".join(f"{s.number}.{s.title}" for s in report.sections if s.number),
    ]
    for table_id in ("t2", "t3", "t4"):
        table = next((t for t in report.tables.values() if t.id.value == table_id), None)
        if table is None:
            lines.append(f"  {table_id}: 该报告未提供此表")
        elif table.unread:
            lines.append(f"  {table_id}: 表存在（第 {table.first_line}–{table.last_line} 行），但数字无法读出")
        else:
            read = sum(1 for c in table.cells if c.kind != CellKind.MISSING)
            inferred = sum(1 for c in table.cells if c.kind == CellKind.INFERRED)
            lines.append(
                f"  {table_id}: {read}/{len(table.cells)} 个单元格，第 {table.first_line}–{table.last_line} 行"
                + (f"（其中 {inferred} 个为推断值）" if inferred else "")
            )
    lines += [f"  警告: {w.message}" for w in report.warnings]
    lines += [f"  勾稽问题: {f.message}" for f in report.findings]
    return "\n".join(lines)


def _parse_command(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        try:
            report = parse_file(path)
        except ReportInputError as error:
            logger.debug("refused %s", path, exc_info=True)
            print(f"无法读取 {error}", file=sys.stderr)
            status = 2
            continue
        if args.json:
            print(json.dumps(report_json(report), ensure_ascii=False, indent=1))
        else:
            print(summary(report))
    return status


class _Bars:
    """One tqdm progress bar per build stage, on stderr."""

    def __init__(self) -> None:
        self.bars: dict[str, tqdm] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        bar = self.bars.get(stage)
        if bar is None:
            self.close()  # stages run one after another: finish the previous bar first
            bar = self.bars[stage] = tqdm(total=total, desc=stage, unit="项", leave=True)
        bar.total = total
        bar.n = done
        bar.refresh()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
        self.bars = {}


STATUS_WORDS = {  # how each outcome is said, on the command line and on the import page
    OutcomeStatus.STORED: "入库",
    OutcomeStatus.DUPLICATE: "重复",
    OutcomeStatus.REPLACED: "替换",
    OutcomeStatus.POSSIBLE_DUPLICATE: "疑似重复",
    OutcomeStatus.REJECTED: "未入库",
}
META_OPTIONS = ("agency", "year", "county", "city", "province", "place")
META_HELP = {
    "agency": "机关名称",
    "year": "报告年度",
    "county": "所属县（区）",
    "city": "所属市",
    "province": "所属省",
    "place": "地点",
}


def outcome_summary(result: BuildResult) -> str:
    """One line: how many files, and how many of each outcome (they add up to the files)."""
    counts = {status: 0 for status in OutcomeStatus}
    for outcome in result.outcomes:
        counts[outcome.status] += 1
    parts = "，".join(f"{STATUS_WORDS[status]} {count}" for status, count in counts.items())
    return f"共 {len(result.outcomes)} 个文件：{parts}"


def _print_outcomes(result: BuildResult) -> int:
    for outcome in result.outcomes:
        print(f"{STATUS_WORDS[outcome.status]:　<4} {outcome.path}  {outcome.detail}".rstrip())
    print(outcome_summary(result))
    if result.manifest:
        counts = result.manifest.counts
        print(f"索引: {counts['reports']} 份报告, {counts['passages']} 个段落, {counts['cells']} 个单元格")
    rejected = sum(o.status == OutcomeStatus.REJECTED for o in result.outcomes)
    return 2 if rejected and rejected == len(result.outcomes) else 0


class BadOption(ValueError):
    """A metadata option that cannot be used (a year outside the reports' years)."""


def _given(args: argparse.Namespace) -> UserMeta:
    try:
        return UserMeta.model_validate({name: getattr(args, name) for name in META_OPTIONS})
    except ValidationError as error:
        raise BadOption("；".join(f"--{e['loc'][0]}: {e['msg']}" for e in error.errors())) from error


def _builder(args: argparse.Namespace, bars: _Bars) -> Builder:
    embedder = make_embedder(args.embedder, allow_download=args.download)
    return Builder(args.index, embedder, bars)


def _run(args: argparse.Namespace, step: str) -> int:
    bars = _Bars()
    try:
        result = getattr(_builder(args, bars), step)(args.paths, _given(args))
    finally:
        bars.close()
    return _print_outcomes(result)


def _build_command(args: argparse.Namespace) -> int:
    return _run(args, "build")


def _add_command(args: argparse.Namespace) -> int:
    return _run(args, "add")


def _correct_command(args: argparse.Namespace) -> int:
    values = _given(args)
    if not values.given():
        raise BadOption("请至少给出一项更正：--agency、--year、--county、--city、--province 或 --place")
    bars = _Bars()
    try:
        result = _builder(args, bars).correct(args.report_id, values)
    finally:
        bars.close()
    for outcome in result.outcomes:
        print(f"已更正 {args.report_id}：{STATUS_WORDS[outcome.status]} {outcome.detail}".rstrip())
    return 0


def _confirm_command(args: argparse.Namespace) -> int:
    bars = _Bars()
    try:
        result = _builder(args, bars).confirm_duplicate(args.old_id, args.new_id)
    finally:
        bars.close()
    reports = result.manifest.counts["reports"] if result.manifest else 0
    print(f"已确认 {args.new_id} 与 {args.old_id} 为同一报告：{args.old_id} 已被取代（索引现有 {reports} 份报告）")
    return 0


def _stats_command(args: argparse.Namespace) -> int:
    folder = current_build(args.index)
    if folder is None:
        raise IndexMismatch(f"{args.index} 中没有索引：请先运行 python -m index build")
    manifest = Manifest.load(folder)
    print(f"索引: {folder}")
    print(f"解析器版本: {manifest.parser_version}")
    print(f"向量模型: {manifest.embedder_id} ({manifest.dim} 维, {manifest.vector_index})")
    print("数量: " + ", ".join(f"{name} {count}" for name, count in manifest.counts.items()))
    print(f"构建时间: {manifest.created_at}  被替换的报告: {len(manifest.replaced)}")
    store = Store(folder / STORE_FILE, readonly=True)
    try:
        pairs, unknown = store.possible_duplicates(), store.unknown_identity()
        print(f"疑似重复: {len(pairs)} 对  机关或年度未识别的报告: {len(unknown)}")
        for new, old in pairs:
            print(f"  {stored_name(store, new)} 可能与 {stored_name(store, old)} 重复；"
                  f"确认：python -m index confirm-duplicate {old} {new}")  # fmt: skip
    finally:
        store.close()
    return 0


def _search_command(args: argparse.Namespace) -> int:
    from index.search import open_index

    index = open_index(args.index)
    filters = Filters(place=args.place, year=args.year, county=args.county)
    for hit in index.search(args.query, filters, args.k):
        passage = hit.passage
        where = f"{passage.agency} {passage.year}年 {' > '.join(passage.section_path)} 第{passage.first_line}行"
        print(f"[{hit.score:.4f}] {where}\n    {passage.text[:160]}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index", description="nianbao-qa: 解析与索引政府信息公开年度报告")
    parser.add_argument("--verbose", "-v", action="store_true", help="输出详细日志")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="解析报告文件并显示结果")
    parse.add_argument("files", nargs="+", help="报告文件 (.txt)")
    parse.add_argument("--json", action="store_true", help="以 JSON 输出全部单元格、警告和勾稽问题")
    parse.set_defaults(run=_parse_command)
    for name, run, help_text in (
        ("build", _build_command, "由报告文件或文件夹构建新索引"),
        ("add", _add_command, "向现有索引添加报告（同一地区、机关、年度的报告会替换旧报告）"),
        ("correct", _correct_command, "更正已入库报告的机关、年度等信息（重建索引后仍然有效）"),
        ("confirm-duplicate", _confirm_command, "确认两份疑似重复的报告为同一报告：新报告取代旧报告"),
    ):
        command = commands.add_parser(name, help=help_text)
        if name == "correct":
            command.add_argument("report_id", help="报告编号（python -m index stats 或报告页可见）")
        elif name == "confirm-duplicate":
            command.add_argument("old_id", help="被取代的旧报告编号")
            command.add_argument("new_id", help="取代它的新报告编号")
        else:
            command.add_argument("paths", nargs="+", help="报告文件或文件夹（可附 manifest.csv / metadata.jsonl）")
        if name != "confirm-duplicate":
            for option in META_OPTIONS:
                command.add_argument(f"--{option}", type=int if option == "year" else str, help=META_HELP[option])
        command.add_argument("--index", "--out", type=Path, default=DEFAULT_INDEX, help="索引目录")
        command.add_argument("--embedder", default="auto", help="auto | use | sentence-transformers 模型名或本地目录")
        command.add_argument("--download", action="store_true", help="允许从模型仓库下载向量模型（需联网）")
        command.set_defaults(run=run)
    stats = commands.add_parser("stats", help="显示索引概况")
    stats.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    stats.set_defaults(run=_stats_command)
    search = commands.add_parser("search", help="检索报告正文段落")
    search.add_argument("query")
    search.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    search.add_argument("--place")
    search.add_argument("--county")
    search.add_argument("--year", type=int)
    search.add_argument("-k", type=int, default=5)
    search.set_defaults(run=_search_command)
    args = parser.parse_args(argv)
    setup_logging(args.verbose)
    try:
        return args.run(args)
    except (IndexMismatch, EmbedderUnavailable, SidecarError, BadOption) as error:
        logger.debug("command failed", exc_info=True)
        print(f"错误: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
