"""Uploaded files → saved copies under INDEX/uploads/ → parse previews → added to the index.

No Streamlit here, so the import page's rules (size, count, names that cannot leave the uploads folder,
what a rejected file says) are tested directly.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from index.build import SUPPORTED_SUFFIXES, BuildResult, Outcome, Progress
from index.models import Report, TableId
from index.parse import parse_file
from index.read import MAX_BYTES, ReportInputError
from qa.engine import Engine, add_reports

UPLOADS = "uploads"
MAX_FILES = 50
MAX_FILE_BYTES = MAX_BYTES  # the reader's own limit: 20 MB
MAX_NAME = 100
STATUS_WORDS = {
    "parsed": "已加入",
    "parsed with warnings": "已加入（解析有警告）",
    "replaced": "已替换同一机关同一年度的旧报告",
    "rejected": "未加入",
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
