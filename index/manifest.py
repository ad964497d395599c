"""What built an index (parser version, embedder, counts and checksums: loading refuses a mismatch), and
what the user told us about its files: metadata given for a batch (a sidecar ``manifest.csv`` /
``metadata.jsonl`` beside the reports) and the corrections and duplicate confirmations kept in the index
folder, outside any build, so that every rebuild applies them again."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError, field_validator

from index.models import Level, Metadata, MetaOrigin

MANIFEST_FILE = "manifest.json"
USER_EDITS_FILE = "user_edits.json"  # in the index folder, beside builds/: survives every rebuild
# A file of one of these names in a batch folder or zip gives metadata for the reports beside it.
SIDECAR_NAMES = ("manifest.csv", "metadata.csv", "manifest.jsonl", "metadata.jsonl")
SIDECAR_FILE_COLUMN = "file"
YEARS = range(2008, 2100)  # 政府信息公开条例 took effect in 2008: the first annual reports are for that year


class IndexMismatch(RuntimeError):
    """An index that cannot serve as it is: built by another parser or embedder, corrupted, or missing."""


class Manifest(BaseModel):
    parser_version: str
    store_version: str = "1"
    embedder_id: str
    dim: int
    vector_index: str  # "flat" or "hnsw"
    counts: dict[str, int]
    checksums: dict[str, str]  # file (relative to the build folder) → sha256
    replaced: list[str] = []  # original files of reports a later one with the same identity (or confirmed) replaced
    created_at: str

    def save(self, folder: Path) -> None:
        (folder / MANIFEST_FILE).write_text(self.model_dump_json(indent=1), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST_FILE
        if not path.exists():
            raise IndexMismatch(
                f"索引目录 {folder} 中没有 {MANIFEST_FILE}：不是完整的索引，请重新构建 (python -m index build)"
            )
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except ValueError as error:
            raise IndexMismatch(f"索引清单 {path} 已损坏：{error.__class__.__name__}，请重新构建") from error


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): checksum(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST_FILE
    }


def verify(folder: Path, manifest: Manifest, parser_version: str, store_version: str) -> None:
    """Raise IndexMismatch, saying why and what to do, unless the folder is what the manifest says."""
    if manifest.store_version != store_version:
        raise IndexMismatch(
            f"索引的存储格式为第 {manifest.store_version} 版，当前程序使用第 {store_version} 版；"
            "请重新构建索引 (python -m index build)"
        )
    if manifest.parser_version != parser_version:
        raise IndexMismatch(
            f"索引由解析器版本 {manifest.parser_version} 构建，当前版本为 {parser_version}；"
            "请重新构建索引 (python -m index build)"
        )
    found = checksums(folder)
    if found != manifest.checksums:
        damaged = sorted(set(found.items()) ^ set(manifest.checksums.items()))
        names = sorted({name for name, _ in damaged})
        raise IndexMismatch(f"索引文件与清单不符（已损坏或不完整）：{', '.join(names)}；请重新构建索引")


# ---- metadata the user gives -------------------------------------------------------------------------------


class UserMeta(BaseModel):
    """Metadata fields a user gives for a report (command line, sidecar row, import or report page)."""

    agency: str | None = None
    place: str | None = None
    level: Level | None = None
    county: str | None = None
    city: str | None = None
    province: str | None = None
    year: int | None = None

    @field_validator("agency", "place", "county", "city", "province", mode="before")
    @classmethod
    def _blank_is_not_given(cls, value: object) -> object:
        return value.strip() or None if isinstance(value, str) else value

    @field_validator("level", "year", mode="before")
    @classmethod
    def _blank_number_is_not_given(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("year")
    @classmethod
    def _plausible_year(cls, value: int | None) -> int | None:
        if value is not None and value not in YEARS:
            raise ValueError(f"年度 {value} 不在 {YEARS.start}–{YEARS.stop - 1} 之间")
        return value

    def given(self) -> dict[str, str | int]:
        return {name: value for name, value in self.model_dump(exclude_none=True).items()}

    def merged(self, later: UserMeta | None) -> UserMeta:
        """These values with ``later``'s on top (a correction over a sidecar row)."""
        return self if later is None else self.model_copy(update=later.given())


def apply_user(meta: Metadata, values: UserMeta | None) -> Metadata:
    """The metadata with the user's values in place, each marked as given by the user, and what the parser
    read for it kept in ``as_read`` (the parser's first reading, however many times the user changed it)."""
    if values is None or not values.given():
        return meta
    given = values.given()
    as_read = dict(meta.as_read)
    for name in given:
        as_read.setdefault(name, _plain(getattr(meta, name)))
    origins = {**meta.origins, **dict.fromkeys(given, MetaOrigin.USER)}
    return meta.model_copy(update={**values.model_dump(include=set(given)), "origins": origins, "as_read": as_read})


def _plain(value: object) -> str | int | None:
    return value.value if isinstance(value, Level) else value  # type: ignore[return-value]


class SidecarError(ValueError):
    """A sidecar manifest that cannot be applied: names the manifest file and the line."""


def is_sidecar(path: Path) -> bool:
    return path.name.lower() in SIDECAR_NAMES


def read_sidecar(path: Path, folder: Path) -> dict[Path, UserMeta]:
    """Each row's report (``file``, relative to ``folder``) → its metadata. Raises SidecarError naming the
    manifest and the line for a row without a file, naming a file that is not there, or with a bad value."""
    found: dict[Path, UserMeta] = {}
    for line, row in _sidecar_rows(path):
        name = str(row.pop(SIDECAR_FILE_COLUMN, "") or "").strip()
        if not name:
            raise SidecarError(f"{path.name} 第 {line} 行：缺少 {SIDECAR_FILE_COLUMN} 列（报告文件名）")
        target = folder / name
        if not target.is_file():
            raise SidecarError(f"{path.name} 第 {line} 行：文件 {name} 不存在")
        unknown = sorted(set(row) - set(UserMeta.model_fields))
        if unknown:
            raise SidecarError(f"{path.name} 第 {line} 行：未知的列 {'、'.join(unknown)}")
        try:
            found[target] = UserMeta.model_validate(row)
        except ValidationError as error:
            problems = "；".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
            raise SidecarError(f"{path.name} 第 {line} 行：{problems}") from error
    return found


def _sidecar_rows(path: Path) -> list[tuple[int, dict[str, object]]]:
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        return [(reader.line_num, {k.strip(): v for k, v in row.items() if k}) for row in reader]
    rows = []
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as error:
            raise SidecarError(f"{path.name} 第 {line} 行：不是 JSON ({error.msg})") from error
        if not isinstance(row, dict):
            raise SidecarError(f"{path.name} 第 {line} 行：应为一个 JSON 对象")
        rows.append((line, row))
    return rows


# ---- what the user decided, kept across rebuilds -----------------------------------------------------------


class Confirmation(BaseModel):
    """The user confirmed that ``new`` is the same report as ``old``, which it replaces."""

    old: str
    new: str


class UserEdits(BaseModel):
    """Corrections by report id (a content fingerprint, so the same file gets them again on any rebuild)
    and the possible duplicates the user confirmed."""

    corrections: dict[str, UserMeta] = {}
    confirmed: list[Confirmation] = []

    @classmethod
    def load(cls, index_dir: Path) -> UserEdits:
        path = index_dir / USER_EDITS_FILE
        if not path.exists():
            return cls()
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except ValueError as error:
            raise IndexMismatch(f"{path} 已损坏（{error.__class__.__name__}）：请修复或删除该文件") from error

    def save(self, index_dir: Path) -> None:
        """Written whole to a temporary file, then renamed: a crash leaves the old file or the new one."""
        index_dir.mkdir(parents=True, exist_ok=True)
        tmp = index_dir / f".{USER_EDITS_FILE}.tmp"
        tmp.write_text(self.model_dump_json(indent=1, exclude_none=True), encoding="utf-8")
        os.replace(tmp, index_dir / USER_EDITS_FILE)

    def corrected(self, report_id: str, values: UserMeta) -> UserEdits:
        earlier = self.corrections.get(report_id, UserMeta())
        return self.model_copy(update={"corrections": {**self.corrections, report_id: earlier.merged(values)}})

    def confirming(self, old: str, new: str) -> UserEdits:
        return self.model_copy(update={"confirmed": [*self.confirmed, Confirmation(old=old, new=new)]})
