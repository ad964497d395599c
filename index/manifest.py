"""What built an index: parser version, embedder, counts and checksums. Loading refuses a mismatch."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

MANIFEST_FILE = "manifest.json"


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
    replaced: list[str] = []  # original files of reports that a later file for the same agency-year replaced
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
