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
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from index.batch_encoder import BatchEncoder
from index.chunk import Chunker
from index.embed import Embedder
from index.lexical import LexicalIndex
from index.manifest import IndexMismatch, Manifest, checksums, now, verify
from index.parse import PARSER_VERSION, Parsed, parse_source
from index.read import REPORT_SUFFIXES, ReportInputError
from index.readers.archive import expand_zip, is_archive
from index.store import STORE_VERSION, Store
from index.vectors import VectorIndex
from index.worker import InProcess, Worker
from index.worker import start as start_worker

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
PRODUCER = "index.build:produce"  # what the worker process runs
PIPELINE_MIN_FILES = 50  # fewer files build faster without the worker process (it takes ~1 s to start)

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
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage: see Builder._ingest


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
    """Builds or extends an index folder with one embedder, reporting progress by stage.

    ``workers``: 1 reads, parses and stores the reports (and then builds BM25) in a second process while this
    one encodes their passages as they arrive, so the build takes about as long as the encoder alone; 0 does
    every stage here, one after another; None (the default) picks 1 for ``PIPELINE_MIN_FILES`` files or more
    on a machine with two or more cores. Both give the same index: the same rows in the store (reports,
    cells, passages and their ids), the same vectors bit for bit (encoded in the same batches, in the same
    order), the same FAISS file and the same BM25 (tests/test_build_pipeline.py).
    """

    def __init__(
        self, index_dir: str | Path, embedder: Embedder, progress: Progress = _quiet, *, workers: int | None = None
    ) -> None:
        self.index_dir = Path(index_dir)
        self.embedder = embedder
        self.progress = progress
        self.chunker = Chunker()
        self.workers = workers

    def build(self, paths: Iterable[str | Path]) -> BuildResult:
        """A fresh index of exactly these files."""
        work = self._new_build_folder()
        return self._ingest(work, report_files(paths), np.zeros((0, self.embedder.dim)), [])

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
        try:
            _copy_sqlite(served / STORE_FILE, work / STORE_FILE)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        vectors = np.load(served / VECTORS_FILE)
        ids = np.load(served / VECTOR_IDS_FILE).tolist()
        return self._ingest(work, report_files(paths), vectors, ids, manifest.replaced)

    # ---- stages ----------------------------------------------------------------------------------

    def _ingest(
        self,
        work: Path,
        files: list[Path],
        vectors: np.ndarray,
        vector_ids: list[int],
        replaced: list[str] | None = None,
    ) -> BuildResult:
        """Parse + store (the producer: here or in a worker process), encode, FAISS, BM25, manifest, swap.

        The producer hands over each file's new passages as soon as they are stored; with a worker, this
        process encodes them meanwhile, in ``ENCODE_BATCH`` batches of the passages in the order they were
        stored (exactly the batches of a build without a worker), and the worker goes on to BM25 once
        every report is stored. Passages a later file of the same build replaced are encoded and dropped.
        """
        result = BuildResult(build=work)
        replaced = list(replaced or [])
        job = _Job(self.index_dir, work, files, self.chunker)
        started = time.perf_counter()
        events: InProcess | Worker = InProcess(produce, job)
        if self._workers(len(files)):
            events = start_worker(PRODUCER, job, events)
        encoder = BatchEncoder(self.embedder, self.progress, None if isinstance(events, InProcess) else events.busy)
        try:
            self.progress("解析", 0, len(files))
            encoder.start()
            stored = None
            while stored is None:
                # With a worker: take every event already there (so 解析 shows the worker's progress), and
                # encode one batch whenever none is waiting.
                event = events.poll() if encoder.ready() else next(events, None)
                if event is None:
                    if not encoder.ready():
                        break  # the producer ended without storing: raised below
                    encoder.batch()
                    continue
                if isinstance(event, _Stored):
                    stored = event
                    break
                self.progress("解析", event.done, event.total)
                for outcome in event.outcomes:
                    if outcome.status == "rejected":
                        logger.info("rejected %s: %s", outcome.path, outcome.detail)
                result.outcomes += event.outcomes
                replaced += event.replaced
                encoder.add(event.ids, event.texts)
            if stored is None:
                raise RuntimeError("构建中断：解析进程未报告存储完成")
            parsed_at = time.perf_counter()
            new_vectors, new_ids = encoder.finish()
            keep = np.isin(np.asarray(vector_ids, dtype=np.int64), stored.passage_ids)
            keep_new = np.isin(np.asarray(new_ids, dtype=np.int64), stored.passage_ids)
            # One copy of the vectors at a time (at 100k reports they are 1.8 GB): filter only when needed.
            vectors = np.concatenate([_kept(vectors, keep), _kept(new_vectors, keep_new)], dtype=np.float32)
            del new_vectors
            vector_ids = [pid for pid, k in zip(vector_ids, keep, strict=True) if k]
            vector_ids += [pid for pid, k in zip(new_ids, keep_new, strict=True) if k]
            encoded_at = time.perf_counter()
            self.progress("建立索引", 0, 2)
            self._write_vectors(work, vectors, vector_ids)
            faiss_at = time.perf_counter()
            self.progress("建立索引", 1, 2)
            lexical = next((e for e in events if isinstance(e, _Lexical)), None)
            if lexical is None:
                raise RuntimeError("构建中断：解析进程未报告全文索引完成")
            for _ in events:  # the producer closes the store when it ends: wait for that before the checksums
                pass
            self.progress("建立索引", 2, 2)
            lexical_at = time.perf_counter()
            result.manifest = Manifest(
                parser_version=PARSER_VERSION,
                store_version=STORE_VERSION,
                embedder_id=self.embedder.id,
                dim=self.embedder.dim,
                vector_index="hnsw" if VectorIndex.load(work / FAISS_FILE).is_hnsw else "flat",
                counts=stored.counts,
                checksums=checksums(work),
                replaced=replaced,
                created_at=now(),
            )
            result.manifest.save(work)
            self._serve(work)
        except BaseException:
            events.close()
            shutil.rmtree(work, ignore_errors=True)
            raise
        done = time.perf_counter()
        result.timings = {
            "workers": 0.0 if isinstance(events, InProcess) else 1.0,
            "parse_store": stored.seconds,  # the producer's own time: reading, parsing, chunking, storing
            "lexical": lexical.seconds,  # the producer's own time: BM25 (tokenising, indexing, saving)
            "encode": encoder.seconds,  # inside embedder.encode, on the passages
            "encode_idle": encoder.idle,  # with a worker: waiting for passages with none to encode
            "encoded_beside_worker": encoder.beside_worker[0],  # passages, on one core fewer
            "encode_beside_worker": encoder.beside_worker[1],  # seconds
            "until_stored": parsed_at - started,  # until every file was stored (with a worker: ~parse_store)
            "encode_rest": encoded_at - parsed_at,  # encoding what was not encoded by then
            "faiss": faiss_at - encoded_at,
            "lexical_wait": lexical_at - faiss_at,  # waiting for BM25 after FAISS (with a worker: usually 0)
            "manifest": done - lexical_at,  # checksums, manifest, swap
            "total": done - started,
        }
        return result

    def _workers(self, files: int) -> int:
        if self.workers is not None:
            return min(self.workers, 1)
        return int(files >= PIPELINE_MIN_FILES and (os.cpu_count() or 1) >= 2 and os.name == "posix")

    def _write_vectors(self, work: Path, vectors: np.ndarray, ids: list[int]) -> None:
        np.save(work / VECTORS_FILE, vectors, allow_pickle=False)
        np.save(work / VECTOR_IDS_FILE, np.asarray(ids, dtype=np.int64), allow_pickle=False)
        index = VectorIndex(self.embedder.dim)
        if ids:
            index.add(np.asarray(ids, dtype=np.int64), vectors)
        index.save(work / FAISS_FILE)

    # ---- folders ---------------------------------------------------------------------------------

    def _new_build_folder(self) -> Path:
        builds = self.index_dir / BUILDS
        builds.mkdir(parents=True, exist_ok=True)
        work = builds / f".tmp-{uuid.uuid4().hex[:12]}"
        work.mkdir()
        return work

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


def _kept(rows: np.ndarray, keep: np.ndarray) -> np.ndarray:
    return rows if keep.all() else rows[keep]


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


# ---- the producer: read, parse, chunk, store; then BM25 --------------------------------------------------


@dataclass
class _Job:
    """What the producer needs (sent to the worker process: everything here pickles)."""

    index_dir: Path
    work: Path
    files: list[Path]
    chunker: Chunker


class _FileDone(NamedTuple):
    """One input file handled: its outcomes and the passages it added to the store, in id order."""

    done: int
    total: int
    outcomes: list[Outcome]
    replaced: list[str]
    ids: list[int]
    texts: list[str]


class _Stored(NamedTuple):
    """Every file handled: the passages the store holds (some added earlier may have been replaced)."""

    passage_ids: np.ndarray
    counts: dict[str, int]
    seconds: float


class _Lexical(NamedTuple):
    """BM25 written to the build folder."""

    seconds: float


Event = _FileDone | _Stored | _Lexical


def produce(job: _Job) -> Iterator[Event]:
    """Every file into the store, one event per file; then the stored passages; then BM25 from the store."""
    store = Store(job.work / STORE_FILE, durable=False)
    try:
        started = time.perf_counter()
        for done, path in enumerate(job.files, start=1):
            yield _store_file(job, store, path, done)
        stored = _Stored(np.asarray(store.passage_ids(), dtype=np.int64), store.counts(), 0.0)
        yield stored._replace(seconds=time.perf_counter() - started)
        started = time.perf_counter()
        passages = dict(store.all_passages())
        LexicalIndex.build(list(passages), [p.index_text() for p in passages.values()]).save(job.work / LEXICAL_DIR)
        yield _Lexical(time.perf_counter() - started)
    finally:
        store.close()


def _store_file(job: _Job, store: Store, path: Path, done: int) -> _FileDone:
    event = _FileDone(done, len(job.files), [], [], [], [])
    try:
        parsed = parse_source(path)
    except ReportInputError as error:
        event.outcomes.append(Outcome(str(path), "rejected", error.problem))
        return event
    parsed.report.source = _keep_original(job.index_dir, path, parsed)
    for old in store.same_agency_year(parsed.report):
        old_report = store.report(old)
        event.replaced.append(old_report.source if old_report else old)
        store.remove_report(old)
        event.outcomes.append(Outcome(str(path), "replaced", f"替换了同一机关同一年度的报告 {old}", old))
    passages = job.chunker(parsed.report, parsed.source)
    event.ids.extend(store.add_report(parsed.report, parsed.source, passages))
    event.texts.extend(p.index_text() for p in passages)
    status = "parsed with warnings" if parsed.report.warnings else "parsed"
    event.outcomes.append(Outcome(str(path), status, f"{len(parsed.report.warnings)} 条警告", parsed.report.id))
    return event


def _keep_original(index_dir: Path, path: Path, parsed: Parsed) -> str:
    originals = index_dir / ORIGINALS
    originals.mkdir(parents=True, exist_ok=True)
    kept = originals / f"{parsed.report.id}_{_safe_name(path.name)}"
    if not kept.exists():
        shutil.copyfile(path, kept)
    return str(kept)
