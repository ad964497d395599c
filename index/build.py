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
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

import numpy as np

from index.batch_encoder import BatchEncoder
from index.chunk import Chunker
from index.embed import Embedder
from index.lexical import LexicalIndex
from index.manifest import (
    IndexMismatch,
    Manifest,
    UserEdits,
    UserMeta,
    apply_user,
    checksums,
    is_sidecar,
    now,
    read_sidecar,
    verify,
)
from index.models import MetaOrigin, Report
from index.parse import PARSER_VERSION, Parsed, parse_source
from index.read import REPORT_SUFFIXES, ReportInputError
from index.readers.archive import expand_zip, is_archive
from index.store import STORE_VERSION, Filters, Identity, Store
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
SIDECAR_SUFFIXES = (".csv", ".jsonl")
_PAGE_SUFFIXES = (".html", ".htm", ".shtml")
PRODUCER = "index.build:produce"  # what the worker process runs
PIPELINE_MIN_FILES = 50  # fewer files build faster without the worker process (it takes ~1 s to start)

logger = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _quiet(stage: str, done: int, total: int) -> None:
    return None


class OutcomeStatus(StrEnum):
    """What happened to one input file: exactly one per file, so the counts add up to the files given."""

    STORED = "stored"
    DUPLICATE = "duplicate"  # the same content is in the index already: not stored twice
    REPLACED = "replaced"  # stored, in place of a report with the same known identity (``others``)
    POSSIBLE_DUPLICATE = "possible duplicate"  # stored beside same agency-year reports whose path is unknown
    REJECTED = "rejected"  # not a readable report: ``detail`` says why


@dataclass
class Outcome:
    """What happened to one input file."""

    path: str
    status: OutcomeStatus
    detail: str = ""
    report_id: str | None = None
    others: list[str] = field(default_factory=list)  # the reports it replaced, duplicates or may duplicate
    warnings: int = 0  # parse warnings of the stored report


@dataclass
class BuildResult:
    build: Path
    outcomes: list[Outcome] = field(default_factory=list)
    manifest: Manifest | None = None
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage: see Builder._ingest


def current_build(index_dir: Path) -> Path | None:
    link = index_dir / CURRENT
    return link.resolve() if link.exists() else None


@dataclass
class Batch:
    """The report files named, and the metadata the user gave for some of them (sidecar rows)."""

    files: list[Path] = field(default_factory=list)
    given: dict[Path, UserMeta] = field(default_factory=dict)


def report_files(paths: Iterable[str | Path]) -> list[Path]:
    """The report files named: folders expanded to the supported files inside them, ZIP archives to their
    report members (unpacked into a temporary folder, removed when the process ends). An archive that is
    damaged, unsafe or holds no report is listed as itself, so that its outcome is "rejected" with the
    reason; so is any other file, whatever its name (its content decides how it is read). A sidecar
    manifest (``SIDECAR_NAMES``) is not a report: ``collect`` reads it."""
    return collect(paths).files


def collect(paths: Iterable[str | Path]) -> Batch:
    """``report_files`` with the sidecar manifests found in the folders and zips (or named) read: raises
    SidecarError, naming the manifest and line, before anything is built."""
    batch = Batch()
    for path in map(Path, paths):
        if path.is_dir():
            members = sorted(p for p in path.rglob("*") if p.is_file())
            for member in members:
                if member.suffix.lower() in SUPPORTED_SUFFIXES and not _saved_page_asset(member, path):
                    _add(batch, _expand(member))
            for sidecar in filter(is_sidecar, members):
                batch.given |= read_sidecar(sidecar, sidecar.parent)
        elif is_sidecar(path):
            batch.given |= read_sidecar(path, path.parent)
        else:
            _add(batch, _expand(path))
    return batch


def _add(batch: Batch, expanded: tuple[list[Path], list[Path]]) -> None:
    files, sidecars = expanded
    batch.files += files
    for sidecar in sidecars:
        batch.given |= read_sidecar(sidecar, sidecar.parent)


def _expand(path: Path) -> tuple[list[Path], list[Path]]:
    """A file as the report files it holds (itself, or a zip's members), and a zip's sidecar manifests."""
    if not is_archive(path):
        return [path], []
    into = Path(tempfile.mkdtemp(prefix="nianbao-zip-"))
    atexit.register(shutil.rmtree, into, True)
    try:
        members = expand_zip(path, into / path.name, (*REPORT_SUFFIXES, *SIDECAR_SUFFIXES))
    except ReportInputError as error:
        logger.info("archive %s not unpacked: %s", path, error.problem)
        members = []
    reports = [m for m in members if not is_sidecar(m) and m.suffix.lower() in REPORT_SUFFIXES]
    sidecars = [m for m in members if is_sidecar(m)]
    return reports or [path], sidecars  # reading the archive itself then says what is wrong with it


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

    def build(self, paths: Iterable[str | Path], given: UserMeta | None = None) -> BuildResult:
        """A fresh index of exactly these files. ``given``: metadata the user gives for every file (a sidecar
        row gives it per file, and wins); the corrections kept in the index folder are applied again."""
        batch = collect(paths)
        job = self._job(batch, given, UserEdits.load(self.index_dir))
        work = self._new_build_folder()
        return self._ingest(work, job, np.zeros((0, self.embedder.dim)), [])

    def add(self, paths: Iterable[str | Path], given: UserMeta | None = None) -> BuildResult:
        """The served index plus these files; a report with the same known identity (path, agency, year)
        replaces the stored one, and identical content is a duplicate, not stored twice."""
        batch = collect(paths)
        if current_build(self.index_dir) is None:
            return self.build(batch.files, given)  # the sidecars are read already: pass the files
        return self._extend(self._job(batch, given, UserEdits.load(self.index_dir)))

    def correct(self, report_id: str, values: UserMeta) -> BuildResult:
        """Correct a stored report's metadata: kept (by the report's content fingerprint) in the index folder,
        so every rebuild of the same file applies it again; the report is stored again with it (its identity
        is then the corrected one), and what the parser read is kept beside each corrected field."""
        source, earlier = self._stored_source(report_id), self._user_values(report_id)
        edits = UserEdits.load(self.index_dir).corrected(report_id, earlier.merged(values))
        job = self._job(Batch(files=[Path(source)]), None, edits)
        job.refresh = [report_id]
        result = self._extend(job)
        edits.save(self.index_dir)  # only once the corrected build serves
        return result

    def confirm_duplicate(self, old: str, new: str) -> BuildResult:
        """The user confirms ``new`` is the same report as ``old``: ``new`` replaces it, now and on rebuilds."""
        self._stored_source(new)
        self._stored_source(old)
        edits = UserEdits.load(self.index_dir).confirming(old, new)
        job = self._job(Batch(), None, edits)
        job.remove = [old]
        result = self._extend(job)
        edits.save(self.index_dir)
        return result

    def _job(self, batch: Batch, given: UserMeta | None, edits: UserEdits) -> _Job:
        return _Job(
            self.index_dir,
            Path(),
            batch.files,
            self.chunker,
            given={str(path): values for path, values in batch.given.items()},
            everyone=given or UserMeta(),
            edits=edits,
        )

    def _stored_source(self, report_id: str) -> str:
        """The kept original file of a report in the served index; IndexMismatch when there is none."""
        served = current_build(self.index_dir)
        if served is None:
            raise IndexMismatch(f"{self.index_dir} 中没有索引：请先运行 python -m index build")
        store = Store(served / STORE_FILE, readonly=True)
        try:
            rows = store.report_rows(Filters(report_ids=[report_id]))
        finally:
            store.close()
        if not rows:
            raise IndexMismatch(f"索引中没有编号为 {report_id} 的报告（python -m index stats 列出疑似重复的编号）")
        return rows[0].source

    def _user_values(self, report_id: str) -> UserMeta:
        """What the user gave for a stored report (command line, sidecar, earlier corrections): a correction
        adds to them, since the file is read again without its command line or sidecar."""
        served = current_build(self.index_dir)
        store = Store(served / STORE_FILE, readonly=True)  # type: ignore[operator]  # _stored_source checked it
        try:
            report = store.report(report_id)
        finally:
            store.close()
        meta = report.metadata if report else None
        if meta is None:
            return UserMeta()
        given = {name for name, origin in meta.origins.items() if origin == MetaOrigin.USER}
        return UserMeta.model_validate(meta.model_dump(include=given & set(UserMeta.model_fields)))

    def _extend(self, job: _Job) -> BuildResult:
        """A new build of the served index with ``job`` applied to a copy of its store."""
        served = current_build(self.index_dir)
        if served is None:
            raise IndexMismatch(f"{self.index_dir} 中没有索引：请先运行 python -m index build")
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
        return self._ingest(work, job, vectors, ids, manifest.replaced)

    # ---- stages ----------------------------------------------------------------------------------

    def _ingest(
        self,
        work: Path,
        job: _Job,
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
        job.work = work
        files = job.files
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
                    if outcome.status == OutcomeStatus.REJECTED:
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
    given: dict[str, UserMeta] = field(default_factory=dict)  # by file: a sidecar row
    everyone: UserMeta = field(default_factory=UserMeta)  # for every file: the command line
    edits: UserEdits = field(default_factory=UserEdits)  # corrections and confirmations, by report id
    refresh: list[str] = field(default_factory=list)  # stored reports to store again (corrected) when met
    remove: list[str] = field(default_factory=list)  # stored reports to take out first (confirmed duplicates)


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
        if job.remove:
            yield _remove(job, store)
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


def _remove(job: _Job, store: Store) -> _FileDone:
    event = _FileDone(0, len(job.files), [], [], [], [])
    for report_id in job.remove:
        event.replaced.append(store.source_of(report_id) or report_id)
        store.remove_report(report_id)
    return event


def _store_file(job: _Job, store: Store, path: Path, done: int) -> _FileDone:
    event = _FileDone(done, len(job.files), [], [], [], [])
    try:
        parsed = parse_source(path)
    except ReportInputError as error:
        event.outcomes.append(Outcome(str(path), OutcomeStatus.REJECTED, error.problem))
        return event
    report = parsed.report
    given = job.everyone.merged(job.given.get(str(path))).merged(job.edits.corrections.get(report.id))
    report.metadata = apply_user(report.metadata, given)
    duplicate = _duplicate(job, store, report.id)
    if duplicate is not None:
        event.outcomes.append(Outcome(str(path), OutcomeStatus.DUPLICATE, duplicate[1], report.id, [duplicate[0]]))
        return event
    if report.id in job.refresh:
        store.remove_report(report.id)  # stored again below, with the corrected metadata
    related = store.related(report.metadata, report.id)
    related |= {c.old: Identity.SAME for c in job.edits.confirmed if c.new == report.id and store.has_report(c.old)}
    same = [rid for rid, relation in related.items() if relation == Identity.SAME]
    possible = [rid for rid, relation in related.items() if relation == Identity.POSSIBLY_SAME]
    names = {rid: stored_name(store, rid) for rid in related}
    for old in same:
        event.replaced.append(store.source_of(old) or old)
        store.remove_report(old)
    report.source = _keep_original(job.index_dir, path, parsed)
    passages = job.chunker(report, parsed.source)
    event.ids.extend(store.add_report(report, parsed.source, passages))
    event.texts.extend(p.index_text() for p in passages)
    for other in possible:
        store.flag_possible_duplicate(report.id, other)
    event.outcomes.append(_stored_outcome(path, report, same, possible, names))
    return event


def _duplicate(job: _Job, store: Store, report_id: str) -> tuple[str, str] | None:
    """(the stored report, why) when this content is not to be stored: stored already, or confirmed by the
    user as the same report as a stored one that replaced it."""
    if store.has_report(report_id) and report_id not in job.refresh:
        return report_id, f"与已入库的 {stored_name(store, report_id)} 内容相同，未重复入库"
    for confirmed in job.edits.confirmed:
        if confirmed.old == report_id and store.has_report(confirmed.new):
            name = stored_name(store, confirmed.new)
            return confirmed.new, f"已确认与 {name}（{confirmed.new}）为同一报告，由后者取代，未入库"
    return None


def stored_name(store: Store, report_id: str) -> str:
    """A stored report's file as the user named it (the kept original is ``<report id>_<name>``)."""
    return Path(store.source_of(report_id) or report_id).name.removeprefix(f"{report_id}_")


def _stored_outcome(path: Path, report: Report, same: list[str], possible: list[str], names: dict[str, str]) -> Outcome:
    warnings = len(report.warnings)
    noted = f"{warnings} 条解析警告" if warnings else ""
    if same:
        olds = "、".join(f"{names[old]}（{old}）" for old in same)
        detail = "；".join(filter(None, [f"替换了同一报告的旧版本 {olds}", noted]))
        return Outcome(str(path), OutcomeStatus.REPLACED, detail, report.id, same, warnings)
    if possible:
        olds = "、".join(f"{names[old]}（{old}）" for old in possible)
        detail = (
            f"可能与 {olds} 是同一报告（同一机关同一年度，所属地区不明），两份都已保留；"
            f"确认后新报告取代旧报告：python -m index confirm-duplicate {possible[0]} {report.id}"
        )
        detail = "；".join(filter(None, [detail, noted]))
        return Outcome(str(path), OutcomeStatus.POSSIBLE_DUPLICATE, detail, report.id, possible, warnings)
    return Outcome(str(path), OutcomeStatus.STORED, noted, report.id, [], warnings)


def _keep_original(index_dir: Path, path: Path, parsed: Parsed) -> str:
    originals = index_dir / ORIGINALS
    originals.mkdir(parents=True, exist_ok=True)
    kept = originals / f"{parsed.report.id}_{_safe_name(path.name)}"
    if not kept.exists():
        shutil.copyfile(path, kept)
    return str(kept)
