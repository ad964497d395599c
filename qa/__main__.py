"""Command line: python -m qa ask "问题" | python -m qa chat."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from index.embed import EmbedderUnavailable
from index.log import setup as setup_logging
from index.manifest import IndexMismatch
from index.search import open_index
from qa.engine import Engine
from qa.models import Answer, Citation

DEFAULT_INDEX = Path("var/index")


def where(citation: Citation) -> str:
    page = f"第{citation.page}页 " if citation.page else ""
    return f"{page}第{citation.line}行"


def render(answer: Answer) -> str:
    lines = [answer.text]
    cited = {(c.report_id, c.line): c for v in answer.values for c in v.citations}  # a row's cells: one line
    for citation in cited.values():
        lines.append(f"  出处：{citation.source} {where(citation)}：{citation.quote}")
    for passage in answer.passages[1:]:
        lines.append(
            f"  相关：{passage.highlight or passage.text[:80]}（{passage.citation.source} 第{passage.citation.line}行）"
        )
    for passage in answer.passages[:1]:
        lines.append(f"  出处：{passage.citation.source} {where(passage.citation)}：{passage.citation.quote}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa", description="nianbao-qa: 向年度报告提问")
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX, help="索引目录")
    parser.add_argument("--verbose", "-v", action="store_true", help="输出详细日志")
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="回答一个问题")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="以 JSON 输出答案、数值、出处和勾稽问题")
    commands.add_parser("chat", help="连续问答（空行退出）")
    args = parser.parse_args(argv)
    setup_logging(args.verbose)
    try:
        engine = Engine(open_index(args.index))
    except (IndexMismatch, EmbedderUnavailable) as error:
        logging.getLogger("qa.cli").debug("cannot open the index", exc_info=True)
        print(f"错误: {error}", file=sys.stderr)
        return 2
    if args.command == "ask":
        answer = engine.answer(args.question)
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=1) if args.json else render(answer))
        return 0
    history: list[Answer] = []
    for line in sys.stdin:
        question = line.strip()
        if not question:
            break
        answer = engine.answer(question, history)
        history.append(answer)
        print(render(answer) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
