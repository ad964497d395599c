"""Command line: python -m index parse FILE [--json]."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal

from index.models import Report
from index.parse import parse_file
from index.read import ReportInputError


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
        "year": meta.year,
        "period": [meta.period_start, meta.period_end],
        "publish_date": meta.publish_date,
        "format": meta.format.value if meta.format else None,
        "script": meta.script.value,
        "tables": sorted(table.value for table in report.tables),
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
        f"  上级: {meta.county or '—'}  年度: {meta.year or '未识别'}  格式: {table_format}",
        "  章节: " + "、".join(f"{s.number}.{s.title}" for s in report.sections if s.number),
    ]
    for table_id in ("t2", "t3", "t4"):
        table = next((t for t in report.tables.values() if t.id.value == table_id), None)
        if table is None:
            lines.append(f"  {table_id}: 该报告未提供此表")
        else:
            read = sum(1 for c in table.cells if c.kind.value != "missing")
            lines.append(
                f"  {table_id}: {read}/{len(table.cells)} 个单元格，第 {table.first_line}–{table.last_line} 行"
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
            print(f"无法读取 {error}", file=sys.stderr)
            status = 2
            continue
        if args.json:
            print(json.dumps(report_json(report), ensure_ascii=False, indent=1))
        else:
            print(summary(report))
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index", description="nianbao-qa: 解析与索引政府信息公开年度报告")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="解析报告文件并显示结果")
    parse.add_argument("files", nargs="+", help="报告文件 (.txt)")
    parse.add_argument("--json", action="store_true", help="以 JSON 输出全部单元格、警告和勾稽问题")
    parse.set_defaults(run=_parse_command)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
