"""The pipelined build (parsing in a worker process while this one encodes) makes the same index as the
build that runs every stage here, one after another: same store rows, vectors, ids and BM25 results; and
it keeps the build's guarantees (progress by stage, errors raised here, a killed build leaves no worker)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from index.build import (
    FAISS_FILE,
    LEXICAL_DIR,
    STORE_FILE,
    VECTOR_IDS_FILE,
    VECTORS_FILE,
    Builder,
    BuildResult,
    OutcomeStatus,
    current_build,
)
from index.chunk import Chunker
from index.embed import make_embedder
from index.lexical import LexicalIndex
from index.search import open_index

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
SEEDS = sorted(REPORTS.glob("*.txt"))
SEED_004 = REPORTS / "004_86e617660de5ffcf.txt"  # 平安镇 彰武县 2023: a known identity
QUERIES = ["政府信息公开申请", "政策解读", "微信公众号发布信息", "行政复议", "存在的主要问题及改进情况", "依申请公开"]
STORE_TABLES = ("reports", "labels", "cells", "findings", "warnings", "passages")


@pytest.fixture(scope="module")
def embedder():
    return make_embedder("use")


def _store_rows(index_dir: Path) -> dict[str, list[tuple]]:
    """Every row of every table, with the index folder's own path taken out (originals are kept there)."""
    build = current_build(index_dir)
    assert build is not None
    with sqlite3.connect(build / STORE_FILE) as db:
        rows = {
            table: [
                tuple(str(v).replace(str(index_dir), "INDEX") if isinstance(v, str) else v for v in row)
                for row in db.execute(f"SELECT * FROM {table} ORDER BY rowid")
            ]
            for table in STORE_TABLES
            if table != "cells"
        }
        rows["cells"] = list(db.execute("SELECT * FROM cells ORDER BY report, table_id, row, col"))
    db.close()
    return rows


VECTOR_ROUNDING = 1e-6  # unit vectors of float32: thread counts change only the last bits


def _same_index(a: Path, b: Path, a_result: BuildResult, b_result: BuildResult) -> None:
    assert _store_rows(a) == _store_rows(b)
    build_a, build_b = current_build(a), current_build(b)
    assert build_a is not None and build_b is not None
    ids_a, ids_b = np.load(build_a / VECTOR_IDS_FILE), np.load(build_b / VECTOR_IDS_FILE)
    assert ids_a.tolist() == ids_b.tolist()
    # The same vectors up to float32 rounding: OpenBLAS splits a product differently on another thread count
    # (on some processors, e.g. AMD EPYC, that changes the last bits), and the piped build encodes on fewer.
    vectors_a, vectors_b = np.load(build_a / VECTORS_FILE), np.load(build_b / VECTORS_FILE)
    assert vectors_a.shape == vectors_b.shape and np.allclose(vectors_a, vectors_b, rtol=0, atol=VECTOR_ROUNDING)
    assert (build_a / FAISS_FILE).stat().st_size == (build_b / FAISS_FILE).stat().st_size
    lexical_a, lexical_b = LexicalIndex.load(build_a / LEXICAL_DIR), LexicalIndex.load(build_b / LEXICAL_DIR)
    for query in QUERIES:
        assert lexical_a.search(query, 20) == lexical_b.search(query, 20)
    assert a_result.manifest is not None and b_result.manifest is not None
    assert a_result.manifest.counts == b_result.manifest.counts
    assert a_result.manifest.checksums.keys() == b_result.manifest.checksums.keys()
    assert [(o.path, o.status, o.detail, o.report_id) for o in a_result.outcomes] == [
        (o.path, o.status, o.detail, o.report_id) for o in b_result.outcomes
    ]
    assert [Path(p).name for p in a_result.manifest.replaced] == [Path(p).name for p in b_result.manifest.replaced]


def test_pipelined_build_of_the_seeds_is_the_serial_build(tmp_path: Path, embedder) -> None:
    serial = Builder(tmp_path / "serial", embedder, workers=0).build([REPORTS])
    piped = Builder(tmp_path / "piped", embedder, workers=1).build([REPORTS])
    assert serial.timings["workers"] == 0 and piped.timings["workers"] == 1
    assert [o.status for o in piped.outcomes] == [OutcomeStatus.STORED] * 5
    _same_index(tmp_path / "serial", tmp_path / "piped", serial, piped)
    assert open_index(tmp_path / "piped").manifest.counts["reports"] == 5  # verifies every checksum


def test_pipelined_build_spanning_several_encoder_batches(tmp_path: Path, embedder) -> None:
    from index.testing.generate import write_corpus

    write_corpus(tmp_path / "corpus", n=40, seed=3, distinct=True)  # ~350 passages: two batches of 256
    serial = Builder(tmp_path / "serial", embedder, workers=0).build([tmp_path / "corpus"])
    piped = Builder(tmp_path / "piped", embedder, workers=1).build([tmp_path / "corpus"])
    assert serial.manifest is not None and serial.manifest.counts["passages"] > 256
    _same_index(tmp_path / "serial", tmp_path / "piped", serial, piped)


def test_pipelined_add_with_replacements_and_rejections_is_the_serial_add(tmp_path: Path, embedder) -> None:
    corrected = tmp_path / "平安镇2023年报告-更正版.txt"
    corrected.write_text(SEED_004.read_text(encoding="utf-8").replace("行政許可 | 0 |", "行政許可 | 3 |"), "utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    # SEED_004 is in the served index and replaced by the corrected copy, which the same add replaces again
    # with SEED_004 itself: passages stored and encoded early in the add are dropped at its end.
    adding = [*SEEDS[2:4], corrected, empty, SEED_004]
    results = {}
    for workers in (0, 1):
        folder = tmp_path / f"workers{workers}"
        Builder(folder, embedder, workers=0).build([*SEEDS[:2], SEED_004])
        results[workers] = Builder(folder, embedder, workers=workers).add(adding)
    statuses = [o.status for o in results[1].outcomes]
    stored, replaced, rejected = OutcomeStatus.STORED, OutcomeStatus.REPLACED, OutcomeStatus.REJECTED
    assert statuses == [stored, stored, replaced, rejected, replaced]
    _same_index(tmp_path / "workers0", tmp_path / "workers1", results[0], results[1])
    index = open_index(tmp_path / "workers1")
    assert index.vectors.count == index.lexical.count == index.manifest.counts["passages"]


@pytest.mark.parametrize("workers", [0, 1])
def test_progress_runs_stage_by_stage(tmp_path: Path, embedder, workers: int) -> None:
    calls: list[tuple[str, int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        calls.append((stage, done, total))

    Builder(tmp_path / "index", embedder, progress, workers=workers).build(SEEDS)
    stages = [stage for stage, _, _ in calls]
    assert list(dict.fromkeys(stages)) == ["解析", "向量化", "建立索引"]  # each stage once, in this order
    for stage in ("解析", "向量化", "建立索引"):
        steps = [(done, total) for name, done, total in calls if name == stage]
        assert all(0 <= done <= total for done, total in steps)
        assert [done for done, _ in steps] == sorted(done for done, _ in steps)
        assert steps[-1][0] == steps[-1][1] and len({total for _, total in steps}) == 1
    assert ("解析", len(SEEDS), len(SEEDS)) in calls


class FailingChunker(Chunker):
    """Fails on the third report (the worker imports this module to unpickle it)."""

    def __call__(self, report, source):
        if report.metadata.place == "平桥区":
            raise ValueError("chunker failed on purpose")
        return super().__call__(report, source)


def test_an_error_in_the_worker_is_raised_here_and_the_old_index_serves(tmp_path: Path, embedder) -> None:
    folder = tmp_path / "index"
    Builder(folder, embedder, workers=0).build(SEEDS[:1])
    before = current_build(folder)
    builder = Builder(folder, embedder, workers=1)
    builder.chunker = FailingChunker()
    with pytest.raises(ValueError, match="chunker failed on purpose") as raised:
        builder.build(SEEDS)
    assert any("in the worker process" in note for note in getattr(raised.value, "__notes__", []))
    assert current_build(folder) == before
    assert [p.name for p in (folder / "builds").iterdir()] == [before.name]  # type: ignore[union-attr]
    assert open_index(folder).manifest.counts["reports"] == 1


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = task / "children"
        if children.exists():
            found |= {int(child) for child in children.read_text().split()}
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killed_pipelined_build_leaves_the_old_index_and_no_worker(tmp_path: Path, embedder) -> None:
    from index.testing.generate import write_corpus

    write_corpus(tmp_path / "corpus", n=60, seed=5, distinct=True)
    folder = tmp_path / "index"
    Builder(folder, embedder, workers=0).build(SEEDS[:2])
    script = textwrap.dedent(
        f"""
        from index.build import Builder
        from index.embed import make_embedder
        Builder({str(folder)!r}, make_embedder("use"), workers=1).build([{str(tmp_path / "corpus")!r}])
        """
    )
    workers_seen = 0
    for delay in (1.0, 2.0, 3.0, 5.0):
        process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + delay
        children: set[int] = set()
        while time.monotonic() < deadline and process.poll() is None:
            children |= _children(process.pid)
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
        workers_seen += bool(children)
        for _ in range(100):  # the kernel delivers the worker's SIGKILL as its parent dies
            if not any(_running(child) for child in children):
                break
            time.sleep(0.05)
        assert not any(_running(child) for child in children)
        index = open_index(folder)  # verifies every checksum
        assert index.manifest.counts["reports"] in (2, 60)
        assert len(index.store.report_rows()) == index.manifest.counts["reports"]
    assert workers_seen  # at least one kill landed while the worker ran
    for leftover in (folder / "builds").iterdir():
        if leftover.name.startswith(".tmp-"):
            shutil.rmtree(leftover)
    assert os.path.islink(folder / "current")


def test_use_vectors_do_not_depend_on_the_thread_count(embedder) -> None:
    texts = [path.read_text(encoding="utf-8")[i : i + 120] for path in SEEDS for i in range(0, 2400, 400)]
    assert embedder.threads >= 1
    one = embedder.encode(texts, threads=1)
    for other in (embedder.encode(texts, threads=2), embedder.encode(texts)):
        assert np.allclose(one, other, rtol=0, atol=VECTOR_ROUNDING)
        assert (np.argsort(-(one @ one.T), axis=1)[:, :3] == np.argsort(-(other @ one.T), axis=1)[:, :3]).all()
