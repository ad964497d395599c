"""Read → parse → chunk → store → embed → FAISS + BM25, in a new build folder that replaces the served
one by renaming a symlink: a build killed at any point leaves the previous index serving.

Layout of an index folder::

    INDEX/current            -> builds/<name>   (the build being served)
    INDEX/builds/<name>/     manifest.json, store.sqlite, vectors.npy, vector_ids.npy, vectors.faiss, lexical/
    INDEX/originals/         every ingested file, kept (including those a newer report replaced)
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.chunk import Chunker
from index.embed import Embedder
from index.lexical import LexicalIndex
from index.manifest import IndexMismatch, Manifest, checksums, now, verify
from index.parse import PARSER_VERSION, Parsed, parse_source
from index.read import REPORT_SUFFIXES, ReportInputError
from index.readers.archive import expand_zip, is_archive
from index.store import STORE_VERSION, Store
from index.vectors import VectorIndex

CURRENT = "current"
BUILDS = "builds"
ORIGINALS = "originals"
STORE_FILE = "store.sqlite"
VECTORS_FILE = "vectors.npy"
VECTOR_IDS_FILE = "vector_ids.npy"
FAISS_FILE = "vectors.faiss"
LEXICAL_DIR = "lexical"
SUPPORTED_SUFFIXES = (*REPORT_SUFFIXES, ".zip")
_PAGE_SUFFIXES = (".html", ".htm", ".shtml")
ENCODE_BATCH = 256

logger = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _quiet(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class Outcome:
    """What happened to one input file."""

    path: str
    status: str  # "parsed", "parsed with warnings", "rejected", "replaced"
    detail: str = ""
    report_id: str | None = None


@dataclass
class BuildResult:
    build: Path
    outcomes: list[Outcome] = field(default_factory=list)
    manifest: Manifest | None = None


def current_build(index_dir: Path) -> Path | None:
    link = index_dir / CURRENT
    return link.resolve() if link.exists() else None


def report_files(paths: Iterable[str | Path]) -> list[Path]:
    """The report files named: folders expanded to the supported files inside them, ZIP archives to their
    report members (unpacked into a temporary folder, removed when the process ends). An archive that is
    damaged, unsafe or holds no report is listed as itself, so that its outcome is "rejected" with the
    reason; so is any other file, whatever its name (its content decides how it is read)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            for member in sorted(p for p in path.rglob("*") if p.is_file()):
                if member.suffix.lower() in SUPPORTED_SUFFIXES and not _saved_page_asset(member, path):
                    found += _expand(member)
        else:
            found += _expand(path)
    return found


def _expand(path: Path) -> list[Path]:
    if not is_archive(path):
        return [path]
    into = Path(tempfile.mkdtemp(prefix="nianbao-zip-"))
    atexit.register(shutil.rmtree, into, True)
    try:
        members = expand_zip(path, into / path.name, REPORT_SUFFIXES)
    except ReportInputError as error:
        logger.info("archive %s not unpacked: %s", path, error.problem)
        members = []
    return members or [path]  # reading the archive itself then says what is wrong with it


def _saved_page_asset(path: Path, folder: Path) -> bool:
    """A file in the ``NAME_files`` folder a browser saves next to ``NAME.html`` (frames, ads): not a report."""
    for parent in path.relative_to(folder).parents:
        stem = parent.name.removesuffix("_files")
        if stem != parent.name and any((folder / parent.parent / f"{stem}{ext}").exists() for ext in _PAGE_SUFFIXES):
            return True
    return False


class Builder:
    """Builds or extends an index folder with one embedder, reporting progress by stage."""

    def __init__(self, index_dir: str | Path, embedder: Embedder, progress: Progress = _quiet) -> None:
        self.index_dir = Path(index_dir)
        self.embedder = embedder
        self.progress = progress
        self.chunker = Chunker()

    def build(self, paths: Iterable[str | Path]) -> BuildResult:
        """A fresh index of exactly these files."""
        work = self._new_build_folder()
        store = Store(work / STORE_FILE, durable=False)
        return self._ingest(work, report_files(paths), store, np.zeros((0, self.embedder.dim)), [])

    def add(self, paths: Iterable[str | Path]) -> BuildResult:
        """The served index plus these files; a report for an agency-year already present replaces it."""
        served = current_build(self.index_dir)
        if served is None:
            return self.build(paths)
        manifest = Manifest.load(served)
        verify(served, manifest, PARSER_VERSION, STORE_VERSION)  # extend only an intact index of this version
        if manifest.embedder_id != self.embedder.id:
            raise IndexMismatch(
                f"索引使用的向量模型为 {manifest.embedder_id}，当前为 {self.embedder.id}；"
                "请用同一模型添加，或重新构建索引"
            )
        work = self._new_build_folder()
        _copy_sqlite(served / STORE_FILE, work / STORE_FILE)
        vectors = np.load(served / VECTORS_FILE)
        ids = np.load(served / VECTOR_IDS_FILE).tolist()
        store = Store(work / STORE_FILE, durable=False)
        return self._ingest(work, report_files(paths), store, vectors, ids, manifest.replaced)

    # ---- stages ----------------------------------------------------------------------------------

    def _ingest(
        self,
        work: Path,
        files: list[Path],
        store: Store,
        vectors: np.ndarray,
        vector_ids: list[int],
        replaced: list[str] | None = None,
    ) -> BuildResult:
        result = BuildResult(build=work)
        replaced = list(replaced or [])
        try:
            new_ids, new_texts = self._store_reports(files, store, result, replaced)
            # A report replaced later in the same batch took its passages with it: keep only what is stored.
            stored = set(store.passage_ids())
            new = [(pid, text) for pid, text in zip(new_ids, new_texts, strict=True) if pid in stored]
            keep = np.asarray([pid in stored for pid in vector_ids], dtype=bool)
            vectors = np.vstack([vectors[keep], self._encode([t for _, t in new])]).astype(np.float32)
            vector_ids = [pid for pid, k in zip(vector_ids, keep, strict=True) if k] + [pid for pid, _ in new]
            self._write_search_indexes(work, store, vectors, vector_ids)
            counts = store.counts()
            store.close()
            result.manifest = Manifest(
                parser_version=PARSER_VERSION,
                store_version=STORE_VERSION,
                embedder_id=self.embedder.id,
                dim=self.embedder.dim,
                vector_index="hnsw" if VectorIndex.load(work / FAISS_FILE).is_hnsw else "flat",
                counts=counts,
                checksums=checksums(work),
                replaced=replaced,
                created_at=now(),
            )
            result.manifest.save(work)
            self._serve(work)
        except BaseException:
            store.close()
            shutil.rmtree(work, ignore_errors=True)
            raise
        return result

    def _store_reports(
        self, files: list[Path], store: Store, result: BuildResult, replaced: list[str]
    ) -> tuple[list[int], list[str]]:
        ids: list[int] = []
        texts: list[str] = []
        for done, path in enumerate(files, start=1):
            self.progress("解析", done, len(files))
            try:
                parsed = parse_source(path)
            except ReportInputError as error:
                logger.info("rejected %s: %s", path, error.problem)
                result.outcomes.append(Outcome(str(path), "rejected", error.problem))
                continue
            kept = self._keep_original(path, parsed)
            parsed.report.source = kept
            for old in store.same_agency_year(parsed.report):
                old_report = store.report(old)
                replaced.append(old_report.source if old_report else old)
                store.remove_report(old)
                result.outcomes.append(Outcome(str(path), "replaced", f"替换了同一机关同一年度的报告 {old}", old))
            passages = self.chunker(parsed.report, parsed.source)
            new_ids = store.add_report(parsed.report, parsed.source, passages)
            ids += new_ids
            texts += [p.index_text() for p in passages]
            status = "parsed with warnings" if parsed.report.warnings else "parsed"
            result.outcomes.append(
                Outcome(str(path), status, f"{len(parsed.report.warnings)} 条警告", parsed.report.id)
            )
        return ids, texts

    def _encode(self, texts: list[str]) -> np.ndarray:
        parts = [np.zeros((0, self.embedder.dim), dtype=np.float32)]
        for start in range(0, len(texts), ENCODE_BATCH):
            self.progress("向量化", start, len(texts))
            parts.append(self.embedder.encode(texts[start : start + ENCODE_BATCH]))
        self.progress("向量化", len(texts), len(texts))
        return np.vstack(parts)

    def _write_search_indexes(self, work: Path, store: Store, vectors: np.ndarray, ids: list[int]) -> None:
        self.progress("建立索引", 0, 2)
        np.save(work / VECTORS_FILE, vectors, allow_pickle=False)
        np.save(work / VECTOR_IDS_FILE, np.asarray(ids, dtype=np.int64), allow_pickle=False)
        index = VectorIndex(self.embedder.dim)
        if ids:
            index.add(np.asarray(ids, dtype=np.int64), vectors)
        index.save(work / FAISS_FILE)
        self.progress("建立索引", 1, 2)
        passages = dict(store.all_passages())
        LexicalIndex.build(list(passages), [p.index_text() for p in passages.values()]).save(work / LEXICAL_DIR)
        self.progress("建立索引", 2, 2)

    # ---- folders ---------------------------------------------------------------------------------

    def _new_build_folder(self) -> Path:
        builds = self.index_dir / BUILDS
        builds.mkdir(parents=True, exist_ok=True)
        work = builds / f".tmp-{uuid.uuid4().hex[:12]}"
        work.mkdir()
        return work

    def _keep_original(self, path: Path, parsed: Parsed) -> str:
        originals = self.index_dir / ORIGINALS
        originals.mkdir(parents=True, exist_ok=True)
        kept = originals / f"{parsed.report.id}_{_safe_name(path.name)}"
        if not kept.exists():
            shutil.copyfile(path, kept)
        return str(kept)

    def _serve(self, work: Path) -> None:
        """Swap the served build: rename the work folder to its final name, then the symlink."""
        final = work.with_name(now().replace(":", "").replace("-", "") + "-" + uuid.uuid4().hex[:6])
        os.replace(work, final)
        link = self.index_dir / CURRENT
        tmp_link = self.index_dir / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
        os.symlink(Path(BUILDS) / final.name, tmp_link)
        _fsync_dir(self.index_dir / BUILDS)
        os.replace(tmp_link, link)
        _fsync_dir(self.index_dir)
        logger.info("serving %s", final)
        for old in (self.index_dir / BUILDS).iterdir():
            if old != final:
                shutil.rmtree(old, ignore_errors=True)


def _safe_name(name: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name)
    return keep.lstrip(".")[:120] or "report.txt"


def _copy_sqlite(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
