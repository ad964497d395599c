"""Ingest loses nothing: two distinct files never collapse into one report, identical content is a
duplicate, a report with an equal known identity replaces the stored one and says so, a same-name report
whose county is unknown is kept beside the other and flagged; every file gets one outcome and the counts
add up. Metadata the user gives (command line, sidecar manifest, corrections) wins over what the parser
read, keeps the parser's reading, survives a rebuild, and decides the identity."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from index.__main__ import outcome_summary
from index.build import STORE_FILE, Builder, BuildResult, OutcomeStatus, current_build
from index.embed import make_embedder
from index.manifest import SidecarError, UserMeta
from index.models import Level, Metadata, MetaOrigin, Script
from index.search import open_index
from index.store import AdminPath, Identity, Store, compare
from index.testing.generate import TitleStyle, national_place, random_spec, render

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT / "tests" / "realworld" / "reports"
SEED_004 = ROOT / "data" / "reports" / "004_86e617660de5ffcf.txt"  # 平安镇 彰武县 2023: its text names the county
YEAR_WORDS = re.compile(r"20\d\d(?=\s*年|-)")  # 2021年, 2022-01-15: every way the generator writes a year


@pytest.fixture(scope="module")
def embedder():
    return make_embedder("use")


def _build(folder: Path, embedder, paths: list[Path], given: UserMeta | None = None) -> BuildResult:
    return Builder(folder, embedder, workers=0).build(paths, given)


def _statuses(result: BuildResult) -> list[OutcomeStatus]:
    return [o.status for o in result.outcomes]


def _store(folder: Path) -> Store:
    build = current_build(folder)
    assert build is not None
    return Store(build / STORE_FILE, readonly=True)


def _by_user(meta: Metadata) -> set[str]:
    return {name for name, origin in meta.origins.items() if origin == MetaOrigin.USER}


def town_report(folder: Path, name: str, where_index: int, seed: int, *, county_named: bool) -> Path:
    """A generated 2022 report of 太平镇 (a name many counties have), naming its county or not."""
    where = national_place(where_index)._replace(place="太平镇", level=Level.TOWN)
    if not county_named:
        where = where._replace(county=None)
    spec = random_spec(random.Random(seed), where=where, year=2022, script=Script.SIMPLIFIED, website_footer=False)
    path = folder / name
    path.write_text(render(spec), encoding="utf-8")
    return path


def stripped_corpus(folder: Path, n: int) -> list[Path]:
    """``n`` generated reports of distinct towns with every naming of the agency, place, county and year
    taken out of the text: the parser can know neither agency nor year."""
    folder.mkdir(parents=True)
    rng = random.Random(11)
    paths = []
    for index in range(n):
        spec = random_spec(
            rng,
            where=national_place(index),
            script=Script.SIMPLIFIED,
            title_style=TitleStyle.NONE,
            website_footer=False,
        )
        text = render(spec)
        for name in filter(None, (spec.agency, spec.place, spec.county, spec.city)):
            text = text.replace(name, "")
        paths.append(folder / f"{index:02d}.txt")
        paths[-1].write_text(YEAR_WORDS.sub("", text), encoding="utf-8")
    return paths


# ---- identity ------------------------------------------------------------------------------------


def _path(level: Level | None, province: str | None = None, city: str | None = None, county: str | None = None):
    return AdminPath(level=level, province=province, city=city, county=county)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (_path(Level.TOWN, county="彰武县"), _path(Level.TOWN, county="彰武县"), Identity.SAME),
        (_path(Level.TOWN, county="彰武县"), _path(Level.TOWN, county="兰西县"), Identity.DIFFERENT),
        (_path(Level.TOWN), _path(Level.TOWN), Identity.POSSIBLY_SAME),  # 太平镇 and 太平镇, no county
        (_path(Level.TOWN, county="彰武县"), _path(Level.TOWN), Identity.POSSIBLY_SAME),
        (_path(Level.TOWNSHIP, county="铜鼓县"), _path(Level.TOWNSHIP, county="铜鼓县"), Identity.SAME),
        (_path(Level.SUBDISTRICT, city="北京市"), _path(Level.SUBDISTRICT, city="北京市"), Identity.POSSIBLY_SAME),
        (_path(Level.DISTRICT, city="信阳市"), _path(Level.DISTRICT, city="信阳市"), Identity.SAME),
        (_path(Level.DISTRICT), _path(Level.DISTRICT), Identity.POSSIBLY_SAME),  # 鼓楼区: four cities have one
        (_path(Level.COUNTY, city="延边州"), _path(Level.COUNTY, city="延边州"), Identity.SAME),
        (_path(Level.CITY, "河南省"), _path(Level.CITY, "河南省"), Identity.SAME),
        (_path(Level.CITY), _path(Level.CITY), Identity.POSSIBLY_SAME),
        (_path(Level.PROVINCE), _path(Level.PROVINCE), Identity.SAME),
        (_path(Level.DEPARTMENT), _path(Level.DEPARTMENT), Identity.POSSIBLY_SAME),  # 办公室, 教育局
        (_path(Level.DEPARTMENT, "山东省"), _path(Level.DEPARTMENT, "山东省"), Identity.SAME),
        (_path(None, county="信丰县"), _path(None, county="信丰县"), Identity.SAME),
        (_path(None), _path(None), Identity.POSSIBLY_SAME),
        (
            _path(Level.TOWN, "辽宁省", county="彰武县"),
            _path(Level.TOWN, "吉林省", county="彰武县"),
            Identity.DIFFERENT,
        ),
    ],
)
def test_identity_needs_a_known_equal_path(a: AdminPath, b: AdminPath, expected: Identity) -> None:
    assert compare(a, b) == expected == compare(b, a)


def test_the_real_world_files_are_as_many_reports(tmp_path: Path, embedder) -> None:
    files = sorted(REALWORLD.glob("*.txt"))
    result = _build(tmp_path / "index", embedder, [REALWORLD])
    assert len(files) == len(result.outcomes) == 92
    assert set(_statuses(result)) <= {OutcomeStatus.STORED, OutcomeStatus.POSSIBLE_DUPLICATE}
    assert open_index(tmp_path / "index").manifest.counts["reports"] == 92
    assert outcome_summary(result).startswith("共 92 个文件：入库 ")


def test_two_towns_of_one_name_without_a_county_both_stay_flagged(tmp_path: Path, embedder) -> None:
    first = town_report(tmp_path, "a.txt", 0, 1, county_named=False)
    second = town_report(tmp_path, "b.txt", 30, 2, county_named=False)  # in fact another county
    result = _build(tmp_path / "index", embedder, [first, second])
    assert _statuses(result) == [OutcomeStatus.STORED, OutcomeStatus.POSSIBLE_DUPLICATE]
    a, b = (o.report_id for o in result.outcomes)
    assert result.outcomes[1].others == [a] and "confirm-duplicate" in result.outcomes[1].detail
    store = _store(tmp_path / "index")
    assert len(store.report_rows()) == 2 and store.possible_duplicates() == [(b, a)]
    assert {(row.agency, row.county, row.year) for row in store.report_rows()} == {("太平镇人民政府", None, 2022)}


def test_a_confirmed_duplicate_replaces_and_stays_confirmed_on_rebuild(tmp_path: Path, embedder) -> None:
    first = town_report(tmp_path, "a.txt", 0, 1, county_named=False)
    second = town_report(tmp_path, "b.txt", 30, 2, county_named=False)
    folder = tmp_path / "index"
    a, b = (o.report_id for o in _build(folder, embedder, [first, second]).outcomes)
    confirmed = Builder(folder, embedder, workers=0).confirm_duplicate(a, b)
    assert confirmed.manifest is not None and confirmed.manifest.counts["reports"] == 1
    assert [row.id for row in _store(folder).report_rows()] == [b] and _store(folder).possible_duplicates() == []
    rebuilt = _build(folder, embedder, [first, second])
    assert _statuses(rebuilt) == [OutcomeStatus.STORED, OutcomeStatus.REPLACED]
    assert [row.id for row in _store(folder).report_rows()] == [b]
    backwards = _build(folder, embedder, [second, first])  # the replaced one after its successor
    assert _statuses(backwards) == [OutcomeStatus.STORED, OutcomeStatus.DUPLICATE]


def test_same_name_in_two_named_counties_is_two_reports(tmp_path: Path, embedder) -> None:
    first = town_report(tmp_path, "a.txt", 0, 1, county_named=True)
    second = town_report(tmp_path, "b.txt", 30, 2, county_named=True)
    result = _build(tmp_path / "index", embedder, [first, second])
    assert _statuses(result) == [OutcomeStatus.STORED, OutcomeStatus.STORED]
    store = _store(tmp_path / "index")
    assert len({row.county for row in store.report_rows()}) == 2 and store.possible_duplicates() == []


def test_reports_without_agency_or_year_never_replace_each_other(tmp_path: Path, embedder) -> None:
    paths = stripped_corpus(tmp_path / "corpus", 50)
    result = _build(tmp_path / "index", embedder, [tmp_path / "corpus"])
    assert _statuses(result) == [OutcomeStatus.STORED] * 50
    store = _store(tmp_path / "index")
    assert len(store.report_rows()) == 50 == len(store.unknown_identity()) == len(paths)
    assert all(row.agency is None and row.year is None for row in store.report_rows())


def test_the_same_file_twice_is_one_report_and_one_duplicate(tmp_path: Path, embedder) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(SEED_004, copy)
    folder = tmp_path / "index"
    result = _build(folder, embedder, [SEED_004, copy])
    assert _statuses(result) == [OutcomeStatus.STORED, OutcomeStatus.DUPLICATE]
    assert result.outcomes[1].others == [result.outcomes[0].report_id]
    again = Builder(folder, embedder, workers=0).add([copy])
    assert _statuses(again) == [OutcomeStatus.DUPLICATE]
    assert open_index(folder).manifest.counts["reports"] == 1


def test_an_equal_known_identity_replaces_and_names_the_old_report(tmp_path: Path, embedder) -> None:
    folder = tmp_path / "index"
    old = _build(folder, embedder, [SEED_004]).outcomes[0].report_id
    corrected = tmp_path / "平安镇2023-更正版.txt"
    corrected.write_text(SEED_004.read_text(encoding="utf-8").replace("行政許可 | 0 |", "行政許可 | 3 |"), "utf-8")
    result = Builder(folder, embedder, workers=0).add([corrected])
    assert _statuses(result) == [OutcomeStatus.REPLACED]
    assert result.outcomes[0].others == [old] and old in result.outcomes[0].detail
    rows = _store(folder).report_rows()
    assert [(row.id, row.county) for row in rows] == [(result.outcomes[0].report_id, "彰武县")]
    assert result.manifest is not None and Path(result.manifest.replaced[0]).name.startswith(old)


# ---- metadata the user gives -----------------------------------------------------------------------


def test_metadata_given_for_every_file_wins_and_keeps_what_was_read(tmp_path: Path, embedder) -> None:
    paths = stripped_corpus(tmp_path / "corpus", 2)
    given = UserMeta(agency="某镇人民政府", year=2021, county="某县")
    result = _build(tmp_path / "index", embedder, paths[:1], given)
    report = _store(tmp_path / "index").report(result.outcomes[0].report_id)
    assert report is not None
    meta = report.metadata
    assert (meta.agency, meta.year, meta.county) == ("某镇人民政府", 2021, "某县")
    assert _by_user(meta) == {"agency", "county", "year"}
    assert meta.as_read == {"agency": None, "county": None, "year": None}


def test_a_sidecar_manifest_gives_metadata_per_file_and_is_no_report(tmp_path: Path, embedder) -> None:
    corpus = tmp_path / "corpus"
    paths = stripped_corpus(corpus, 3)
    (corpus / "manifest.csv").write_text(
        "file,agency,year,county\n00.txt,甲镇人民政府,2022,甲县\n01.txt,乙镇人民政府,,\n", encoding="utf-8"
    )
    result = _build(tmp_path / "index", embedder, [corpus])
    assert len(result.outcomes) == len(paths) and _statuses(result) == [OutcomeStatus.STORED] * 3
    store = _store(tmp_path / "index")
    by_file = {Path(o.path).name: store.report(o.report_id or "") for o in result.outcomes}
    first, second, third = (by_file[p.name].metadata for p in paths)  # type: ignore[union-attr]
    assert (first.agency, first.year, first.county) == ("甲镇人民政府", 2022, "甲县")
    assert first.origins["year"] == MetaOrigin.USER and first.as_read["year"] is None
    assert (second.agency, second.year, _by_user(second)) == ("乙镇人民政府", None, {"agency"})
    assert (third.agency, _by_user(third), third.as_read) == (None, set(), {})


def test_a_sidecar_in_a_zip_names_its_members(tmp_path: Path, embedder) -> None:
    paths = stripped_corpus(tmp_path / "corpus", 2)
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in paths:
            zipped.write(path, path.name)
        zipped.writestr("metadata.jsonl", json.dumps({"file": "01.txt", "agency": "丙镇人民政府", "year": 2020}))
    result = _build(tmp_path / "index", embedder, [archive])
    assert _statuses(result) == [OutcomeStatus.STORED] * 2
    agencies = sorted(str(row.agency) for row in _store(tmp_path / "index").report_rows())
    assert agencies == ["None", "丙镇人民政府"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("file,agency,year\n00.txt,甲镇,2022\n09.txt,乙镇,2022\n", "manifest.csv 第 3 行：文件 09.txt 不存在"),
        ("file,agency,year\n00.txt,甲镇,二〇二二\n", "manifest.csv 第 2 行：year"),
        ("file,agency,year\n00.txt,甲镇,1921\n", "manifest.csv 第 2 行：year: Value error, 年度 1921 不在"),
        ("file,agency,yaer\n00.txt,甲镇,2022\n", "manifest.csv 第 2 行：未知的列 yaer"),
        ("agency,year\n甲镇,2022\n", "manifest.csv 第 2 行：缺少 file 列"),
    ],
)
def test_a_bad_sidecar_row_names_the_manifest_and_line(tmp_path: Path, embedder, rows: str, message: str) -> None:
    corpus = tmp_path / "corpus"
    stripped_corpus(corpus, 1)
    (corpus / "manifest.csv").write_text(rows, encoding="utf-8")
    with pytest.raises(SidecarError) as raised:
        Builder(tmp_path / "index", embedder).build([corpus])
    assert str(raised.value).startswith(message)
    assert current_build(tmp_path / "index") is None  # nothing built


def test_a_correction_is_kept_shown_and_survives_a_rebuild(tmp_path: Path, embedder) -> None:
    corpus = tmp_path / "corpus"
    stripped_corpus(corpus, 2)
    folder = tmp_path / "index"
    a, b = (o.report_id or "" for o in _build(folder, embedder, [corpus]).outcomes)
    correction = UserMeta(agency="丁镇人民政府", year=2023, county="丁县")
    fixed = Builder(folder, embedder, workers=0).correct(a, correction)
    assert _statuses(fixed) == [OutcomeStatus.STORED]
    for _ in range(2):  # corrected, then rebuilt from the same files
        report = _store(folder).report(a)
        assert report is not None and (report.metadata.agency, report.metadata.year) == ("丁镇人民政府", 2023)
        assert report.metadata.origins["agency"] == MetaOrigin.USER and report.metadata.as_read["agency"] is None
        assert [row.id for row in _store(folder).unknown_identity()] == [b]
        hits = open_index(folder).search("政府信息公开", None, k=50)
        assert {hit.passage.agency for hit in hits if hit.passage.report_id == a} == {"丁镇人民政府"}
        _build(folder, embedder, [corpus])
    # The identity is the corrected one: the other report corrected to the same path, agency and year replaces it.
    same = Builder(folder, embedder, workers=0).correct(b, correction)
    assert _statuses(same) == [OutcomeStatus.REPLACED] and same.outcomes[0].others == [a]
    assert [row.id for row in _store(folder).report_rows()] == [b]


def test_command_line_add_with_metadata_and_correct(tmp_path: Path) -> None:
    paths = stripped_corpus(tmp_path / "corpus", 2)
    folder = str(tmp_path / "index")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        embedder = [] if args[0] == "stats" else ["--embedder", "use"]
        command = [sys.executable, "-m", "index", *args, "--index", folder, *embedder]
        return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)

    added = run("add", str(paths[0]), str(paths[0]), "--agency", "戊镇人民政府", "--year", "2022", "--county", "戊县")
    assert added.returncode == 0, added.stderr
    assert added.stdout.splitlines()[-2] == "共 2 个文件：入库 1，重复 1，替换 0，疑似重复 0，未入库 0"
    bad = run("add", str(paths[1]), "--year", "22")
    assert bad.returncode == 2 and bad.stderr.startswith("错误: --year: Value error, 年度 22 不在")
    stored = _store(Path(folder)).report_rows()[0]
    corrected = run("correct", stored.id, "--year", "2021")
    assert corrected.returncode == 0, corrected.stderr
    row = _store(Path(folder)).report_rows()[0]
    assert (row.id, row.agency, row.year) == (stored.id, "戊镇人民政府", 2021)
    assert "机关或年度未识别的报告: 0" in run("stats").stdout
