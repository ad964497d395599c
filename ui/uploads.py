"""Uploaded files → saved copies under INDEX/uploads/ → parse previews → added to the index; and what the
user tells the index afterwards: a correction of a report's metadata, a confirmed duplicate.

No Streamlit here, so the import and report pages' rules (size, count, names that cannot leave the uploads
folder, what a rejected file says, how a correction is read from a form) are tested directly.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd
from pydantic import ValidationError

from index.build import SUPPORTED_SUFFIXES, Builder, BuildResult, Outcome, OutcomeStatus, Progress
from index.manifest import UserMeta
from index.models import Report, TableId
from index.parse import parse_file
from index.read import MAX_BYTES, ReportInputError
from index.store import ReportRow
from qa.engine import Engine, add_reports
from qa.lookup import display_name

UPLOADS = "uploads"
MAX_FILES = 50
MAX_FILE_BYTES = MAX_BYTES  # the reader's own limit: 20 MB
MAX_NAME = 100
STATUS_WORDS = {
    OutcomeStatus.STORED: "已加入",
    OutcomeStatus.REPLACED: "已加入，替换了同一报告的旧版本",
    OutcomeStatus.POSSIBLE_DUPLICATE: "已加入（疑似重复，待确认）",
    OutcomeStatus.DUPLICATE: "未加入（内容与已有报告相同）",
    OutcomeStatus.REJECTED: "未加入",
}
ADDED = (OutcomeStatus.STORED, OutcomeStatus.REPLACED, OutcomeStatus.POSSIBLE_DUPLICATE)
# The fields a user may fill in or correct, with their labels on the pages.
FIELD_LABELS = {
    "agency": "机关",
    "year": "年度",
    "place": "地点",
    "county": "所属县（区）",
    "city": "所属市",
    "province": "所属省",
}

_add_lock = threading.Lock()  # two sessions adding at once would each swap in a build without the other's files


def safe_name(name: str) -> str:
    """A file name that is only a name: no folders, no leading dot, letters/digits/._- only, ending in a
    supported suffix (.txt when it has none)."""
    base = PurePosixPath(unicodedata.normalize("NFC", name).replace("\\", "/")).name
    kept = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in base).lstrip("._-")
    suffix = next((s for s in SUPPORTED_SUFFIXES if kept.lower().endswith(s)), "")
    stem = kept[: len(kept) - len(suffix)] if suffix else kept
    return f"{stem[:MAX_NAME] or 'report'}{suffix or '.txt'}"


def upload_path(index_dir: Path, name: str, data: bytes) -> Path:
    """Where an upload is kept: INDEX/uploads/<content hash>/<safe name>, never outside INDEX/uploads."""
    folder = (index_dir / UPLOADS).resolve()
    target = (folder / hashlib.sha256(data).hexdigest()[:16] / safe_name(name)).resolve()
    if folder not in target.parents:
        raise ValueError(f"unsafe upload path: {name!r}")
    return target


@dataclass
class Preview:
    """One uploaded file: its name as given, where it was saved, and the parsed report or the reason not."""

    name: str
    path: Path | None
    report: Report | None = None
    problem: str = ""

    @property
    def tables(self) -> list[str]:
        return [t.value for t in TableId if self.report and self.report.table(t) is not None]


def prepare(index_dir: Path, name: str, data: bytes) -> Preview:
    """Save one upload and parse it; a file that cannot be read says why."""
    if len(data) > MAX_FILE_BYTES:
        return Preview(name, None, problem=f"文件过大（{len(data)} 字节，上限 {MAX_FILE_BYTES} 字节）")
    path = upload_path(index_dir, name, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(data)
    try:
        return Preview(name, path, parse_file(path))
    except ReportInputError as error:
        return Preview(name, path, problem=error.problem)


def add(engine: Engine, previews: list[Preview], progress: Progress) -> list[Outcome]:
    """Add the readable files to the engine's index; what was indexed before stays (a new build is swapped in)."""
    paths = [p.path for p in previews if p.report is not None and p.path is not None]
    if not paths:
        return []
    with _add_lock:
        result: BuildResult = add_reports(engine, paths, progress)
    return result.outcomes


def outcome_name(outcome: Outcome) -> str:
    return Path(outcome.path).name


def outcome_word(outcome: Outcome) -> str:
    word = STATUS_WORDS[outcome.status]
    return f"{word}（解析有警告）" if outcome.status == OutcomeStatus.STORED and outcome.warnings else word


def added(outcomes: list[Outcome]) -> int:
    return sum(o.status in ADDED for o in outcomes)


# ---- what the user tells the index -------------------------------------------------------------------------


def user_values(form: dict[str, str]) -> UserMeta:
    """A page's form (field → text as typed; blank = not given) as the user's values; ValueError says, in
    Chinese, which field is wrong."""
    try:
        return UserMeta.model_validate({name: text.strip() for name, text in form.items()})
    except ValidationError as error:
        raise ValueError("；".join(_problem(e) for e in error.errors())) from error


def _problem(error: dict) -> str:
    name = str(error["loc"][0]) if error["loc"] else ""
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{FIELD_LABELS.get(name, name)}：{'应为四位数字年份' if error['type'] == 'int_parsing' else message}"


def _builder(engine: Engine, progress: Progress) -> Builder:
    return Builder(engine.index.folder.parent.parent, engine.index.embedder, progress)  # INDEX/builds/<build>


def correct(engine: Engine, report_id: str, values: UserMeta, progress: Progress) -> list[Outcome]:
    """Correct a report's metadata (kept across rebuilds; the parser's reading stays beside it)."""
    with _add_lock:
        return _builder(engine, progress).correct(report_id, values).outcomes


def confirm_duplicate(engine: Engine, old: str, new: str, progress: Progress) -> list[Outcome]:
    """The user says ``new`` is the same report as ``old``: it replaces it."""
    with _add_lock:
        return _builder(engine, progress).confirm_duplicate(old, new).outcomes


def unknown_frame(rows: list[ReportRow]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "文件": [display_name(row) for row in rows],
            "机关": [row.agency or "未识别" for row in rows],
            "年度": [str(row.year) if row.year else "未识别" for row in rows],
            "报告编号": [row.id for row in rows],
        }
    )


def unknown_reports(engine: Engine) -> list[ReportRow]:
    """Reports whose agency or year the parser could not read: for the user to fill in."""
    return engine.store.unknown_identity()


def possible_duplicates(engine: Engine) -> list[tuple[ReportRow, ReportRow]]:
    """(newer, older) pairs of the same agency and year whose path is unknown, kept both until confirmed."""
    rows = {row.id: row for row in engine.report_rows()}
    pairs = engine.store.possible_duplicates()
    return [(rows[new], rows[old]) for new, old in pairs if new in rows and old in rows]
