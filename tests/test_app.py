"""The Streamlit app over the real seed index, through streamlit.testing's AppTest; nothing in index/ or qa/
is patched. A second index takes the uploads, so the seed index stays as built."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from index.build import Builder
from index.embed import make_embedder
from index.read import MAX_BYTES
from index.store import ReportRow
from qa.engine import load_engine
from ui import uploads
from ui.context import INDEX_ENV
from ui.tables import NOT_PROVIDED
from ui.text import csv_bytes, highlighted, md, split_highlight

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
REPORTS = ROOT / "data" / "reports"
SEED_002 = REPORTS / "002_0408e1d58f05bafb.txt"  # 平桥区 2021
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>[点我](javascript:alert(3))**加粗**"
LOOKUP = "平桥区2021年收到多少政府信息公开申请？"
NARRATIVE = "平桥区微信公众号全年发布了多少信息？"


def unbalanced_hostile_report() -> bytes:
    """平桥区's report as another district (安澜区), with 自然人 19 against a 总计 of 18 (two findings) and
    markup in the narrative that must show as text."""
    lines = SEED_002.read_text(encoding="utf-8").split("\n")
    lines = [line.replace("平桥区", "安澜区") for line in lines]
    lines[42] = lines[42].replace("\t18\t", "\t19\t", 1)
    lines[10] += HOSTILE
    return "\n".join(lines).encode("utf-8")


def build_index(folder: Path) -> Path:
    Builder(folder, make_embedder("use")).build([REPORTS])
    return folder


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("app-index"))


@pytest.fixture(scope="module")
def rows(seed_index: Path) -> dict[str, ReportRow]:
    return {row.place or "": row for row in load_engine(seed_index).report_rows()}


@pytest.fixture
def app(seed_index: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv(INDEX_ENV, str(seed_index))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    yield at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> list[str]:
    """Every Markdown-rendered body on the page: markdown, captions, alerts."""
    elements = [*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success]
    return [element.value for element in elements]


# ---- chat ----------------------------------------------------------------------------------------


def test_first_visit_offers_questions_and_the_corpus(app: AppTest) -> None:
    assert app.title[0].value == "问答"
    assert LOOKUP in [b.label for b in app.button]
    sidebar = {m.label: m.value for m in app.sidebar.metric}
    assert sidebar == {"报告": "5", "机关": "5"}
    assert any("2020、2021、2023" in c.value for c in app.sidebar.caption)
    assert any("Universal Sentence Encoder" in c.value for c in app.sidebar.caption)


def test_lookup_shows_the_figure_big_with_its_source_line(app: AppTest, rows: dict[str, ReportRow]) -> None:
    ask(app, LOOKUP)
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    metric = app.main.metric[0]
    assert (metric.label, metric.value) == ("平桥区人民政府 2021年", "18")
    assert "表三 › 一、本年新收政府信息公开申请数量 › 总计" in texts(app)
    assert app.expander[0].label.startswith("出处")
    assert any("第 43 行" in text for text in texts(app))
    # The quoted line, with the number marked by splitting around it, not by the report's own markup.
    assert "一、本年新收政府信息公开申请数量 │ :orange-background[**18**] │ 0" in " ".join(texts(app))
    link = app.get("page_link")[0]
    assert link.value == "在报告中查看第 43 行"
    assert link.proto.query_string == f"report={rows['平桥区'].id}&line=43"


def test_follow_up_keeps_the_place(app: AppTest) -> None:
    ask(app, LOOKUP)
    ask(app, "那行政许可呢？")
    assert len(app.chat_message) == 4
    assert [(m.label, m.value) for m in app.main.metric] == [
        ("平桥区人民政府 2021年", "18"),
        ("平桥区人民政府 2021年", "12124"),
    ]


def test_narrative_answer_quotes_the_passage(app: AppTest) -> None:
    ask(app, NARRATIVE)
    body = " ".join(texts(app))
    assert re.search(r":orange-background\[\*\*[^]]*2986条", body)
    assert any(e.label.startswith("出处") for e in app.expander)
    assert any(link.proto.query_string.endswith("&line=11") for link in app.get("page_link"))


def test_suggested_and_follow_up_buttons_ask(app: AppTest) -> None:
    next(b for b in app.button if b.label == LOOKUP).click().run()
    assert app.main.metric[0].value == "18"
    follow = [b for b in app.button if b.key and b.key.startswith("follow")]
    assert follow, "an answer offers follow-up questions"
    follow[0].click().run()
    assert not app.exception and len(app.chat_message) == 4


def test_compare_and_rank_answers_are_tables_and_charts(app: AppTest) -> None:
    ask(app, "平桥区和港口乡收到的申请对比")
    frame = app.dataframe[0].value
    assert list(zip(frame["机关"], frame["数值"], strict=True)) == [("平桥区人民政府", "18"), ("港口乡人民政府", "0")]
    assert app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")


def test_clear_conversation(app: AppTest) -> None:
    ask(app, LOOKUP)
    next(b for b in app.button if b.label == "清空对话").click().run()
    assert len(app.chat_message) == 0
    assert LOOKUP in [b.label for b in app.button]


def test_sidebar_filters_constrain_the_answer(app: AppTest) -> None:
    app.sidebar.selectbox(key="filter_place").set_value("港口乡").run()
    ask(app, "收到多少政府信息公开申请？")
    assert (app.main.metric[0].label, app.main.metric[0].value) == ("港口乡人民政府 2021年", "0")


def test_first_start_builds_the_sample_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(INDEX_ENV, str(tmp_path / "index"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.sidebar.metric}["报告"] == "5"
    assert (tmp_path / "index" / "current").exists()


def test_a_damaged_index_is_reported_not_crashed_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build = tmp_path / "index" / "builds" / "broken"
    build.mkdir(parents=True)
    (build / "manifest.json").write_text("{", encoding="utf-8")
    (tmp_path / "index" / "current").symlink_to(Path("builds") / "broken")
    monkeypatch.setenv(INDEX_ENV, str(tmp_path / "index"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "无法打开索引" in at.error[0].value
    assert "python -m index build" in at.code[0].value


# ---- pages ---------------------------------------------------------------------------------------


def test_compare_page(app: AppTest) -> None:
    app.switch_page("ui/compare.py").run()
    frame = app.dataframe[0].value
    assert len(frame) == 5
    by_place = dict(zip(frame["机关"], frame["数值"], strict=True))
    assert by_place["平桥区人民政府"] == "18"
    assert by_place["兑镇镇人民政府"].startswith("无法从报告中读出")  # an unreadable row is not 0
    assert set(frame["文件"]) >= {"002_0408e1d58f05bafb.txt"} and "43" in set(frame["行"])
    assert any("未画出 1 项" in c.value for c in app.caption)
    assert [d.label for d in app.download_button] == ["下载 CSV"]
    app.multiselect(key="compare_places").set_value(["平桥区", "港口乡"]).run()
    assert len(app.dataframe[0].value) == 2


def test_compare_page_refuses_cells_whose_meaning_differs(app: AppTest) -> None:
    app.switch_page("ui/compare.py").run()
    app.selectbox(key="compare_metric").set_value("t2:规章").run()
    assert any("含义不同" in i.value for i in app.info)


def test_report_page_shows_the_official_tables(app: AppTest, rows: dict[str, ReportRow]) -> None:
    app.switch_page("ui/report.py").run()
    app.query_params["report"] = rows["兑镇镇"].id
    app.run()
    assert app.selectbox(key="report").value == rows["兑镇镇"].id
    assert any(f"表二 主动公开政府信息情况：{NOT_PROVIDED}" in i.value for i in app.info)
    t3 = next(d.value for d in app.dataframe if "自然人" in d.value.columns)
    assert len(t3) == 25 and t3.iloc[0]["自然人"] == "（无法读出）" and t3.iloc[0]["提示"] == "解析警告"
    assert "0" not in set(t3.iloc[0])  # an unreadable row is never shown as 0


def test_report_page_opens_at_the_cited_line(app: AppTest, rows: dict[str, ReportRow]) -> None:
    app.switch_page("ui/report.py").run()
    app.query_params.update({"report": rows["平桥区"].id, "line": "43"})
    app.run()
    t2 = [d.value for d in app.dataframe if "本年处理决定数量" in d.value.columns]
    assert any("12124" in set(frame["本年处理决定数量"]) for frame in t2)
    window = app.code[0].value
    assert "▶   43 │ 一、本年新收政府信息公开申请数量\t18" in window
    assert window.splitlines()[0].lstrip().startswith("35")


def test_checks_page_on_a_balanced_corpus(app: AppTest, rows: dict[str, ReportRow]) -> None:
    app.switch_page("ui/checks.py").run()
    assert any("未发现问题" in s.value for s in app.success)
    app.selectbox(key="checks_sheet").set_value(rows["平桥区"].id).run()
    sheet = next(d.value for d in app.dataframe if "项目" in d.value.columns)
    figures = dict(zip(sheet["项目"], sheet["数值"], strict=True))
    assert figures["本年新收政府信息公开申请数量 · 总计"] == "18"
    assert figures["行政许可 · 本年处理决定数量"] == "12124"


# ---- import, then the findings it brings --------------------------------------------------------


@pytest.fixture(scope="module")
def upload_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("upload-index"))


def test_upload_adds_good_files_and_names_bad_ones(upload_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(INDEX_ENV, str(upload_index))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/import_page.py").run()
    at.file_uploader[0].set_value(
        [
            ("../安澜区 2021.txt", unbalanced_hostile_report(), "text/plain"),
            ("empty.txt", b"", "text/plain"),
            ("binary.txt", bytes(range(256)) * 4, "text/plain"),
        ]
    ).run()
    assert not at.exception, at.exception
    preview = at.dataframe[0].value
    assert list(preview["可读"]) == ["是", "否", "否"]
    assert preview.iloc[0]["机关"] == "安澜区人民政府" and preview.iloc[0]["勾稽问题"] == "2"
    errors = [e.value for e in at.error]
    assert any("empty\\.txt" in e and "文件为空" in e for e in errors)
    assert any("binary\\.txt" in e and "不是文本文件" in e for e in errors)
    saved = list((upload_index / uploads.UPLOADS).rglob("*.txt"))
    assert saved and all(upload_index / uploads.UPLOADS in p.parents for p in saved)

    next(b for b in at.button if b.label.startswith("加入索引")).click().run()
    assert not at.exception, at.exception
    assert any("1 份报告已加入索引" in s.value for s in at.success)
    outcomes = at.dataframe[0].value
    assert list(outcomes["结果"]) == ["已加入（解析有警告）", "未加入", "未加入"]
    assert {m.label: m.value for m in at.sidebar.metric}["报告"] == "6"  # nothing lost, one added

    # The new report's findings reach the checks page, and its cells are marked on the report page.
    at.switch_page("ui/checks.py").run()
    findings = next(d.value for d in at.dataframe if "规则" in d.value.columns)
    assert sorted(findings["规则"]) == ["t3.received_equals_handled", "t3.row_total"]
    assert set(findings["地点"]) == {"安澜区"}

    added = next(r for r in load_engine(upload_index).report_rows() if r.place == "安澜区")
    at.switch_page("ui/report.py").run()
    at.query_params["report"] = added.id
    at.run()
    t3 = next(d for d in at.dataframe if "自然人" in d.value.columns)
    assert t3.value.iloc[0]["自然人"] == "19" and t3.value.iloc[0]["提示"] == "勾稽问题"
    assert any("勾稽问题" in w.value for w in at.warning)

    # Report text is shown as text: escaped wherever Markdown renders it, verbatim in code blocks.
    at.switch_page("ui/chat.py").run()
    ask(at, "安澜区微信公众号全年发布了多少信息？")
    bodies = texts(at)
    assert not [body for body in bodies if re.search(r"(?<!\\)<|(?<!\\)\]\(", body)]  # no raw tag, no link
    assert any(md(HOSTILE) in body for body in bodies)


def test_import_page_confirms_duplicates_and_fills_in_unknown_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_ingest import stripped_corpus, town_report

    files = [
        town_report(tmp_path, "a.txt", 0, 1, county_named=False),
        town_report(tmp_path, "b.txt", 30, 2, county_named=False),
    ]
    files += stripped_corpus(tmp_path / "stripped", 1)
    Builder(tmp_path / "index", make_embedder("use")).build(files)
    monkeypatch.setenv(INDEX_ENV, str(tmp_path / "index"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/import_page.py").run()
    assert not at.exception, at.exception
    assert [h.value for h in at.main.subheader] == ["疑似重复（1 对）", "机关或年度未识别的报告（1 份）"]

    at.text_input(key="unknown_agency").set_value("某镇人民政府")
    at.text_input(key="unknown_year").set_value("二〇二一")
    at.button[-1].click().run()  # the form's submit button
    assert any("年度：应为四位数字年份" in e.value for e in at.error)
    at.text_input(key="unknown_year").set_value("2021")
    at.button[-1].click().run()
    assert not at.exception, at.exception
    assert [h.value for h in at.main.subheader] == ["疑似重复（1 对）"]
    corrected = next(r for r in load_engine(tmp_path / "index").report_rows() if r.agency == "某镇人民政府")
    assert corrected.year == 2021

    next(b for b in at.button if b.label == "确认为同一报告").click().run()
    assert not at.exception, at.exception
    assert [h.value for h in at.main.subheader] == []
    assert {m.label: m.value for m in at.sidebar.metric}["报告"] == "2"

    at.switch_page("ui/report.py").run()
    at.query_params["report"] = corrected.id
    at.run()
    facts = next(d.value for d in at.dataframe if "项目" in d.value.columns)
    shown = dict(zip(facts["项目"], facts["内容"], strict=True))
    assert shown["机关"] == "某镇人民政府（用户更正；解析结果：未识别）"
    assert shown["年度"] == "2021（用户更正；解析结果：未识别）"


# ---- the pieces the pages use --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report.txt", "report.txt"),
        ("../../etc/passwd", "passwd.txt"),
        ("..\\..\\windows\\win.ini", "win.ini.txt"),
        (".hidden.txt", "hidden.txt"),
        ("安澜区 2021<b>.TXT", "安澜区_2021_b_.txt"),
        ("", "report.txt"),
        ("..", "report.txt"),
    ],
)
def test_upload_names_cannot_leave_the_uploads_folder(tmp_path: Path, name: str, expected: str) -> None:
    assert uploads.safe_name(name) == expected
    path = uploads.upload_path(tmp_path, name, b"x")
    assert tmp_path.resolve() / uploads.UPLOADS in path.parents and path.name == expected


def test_oversized_upload_is_refused_before_it_is_saved(tmp_path: Path) -> None:
    preview = uploads.prepare(tmp_path, "big.txt", b"a" * (MAX_BYTES + 1))
    assert preview.report is None and preview.path is None and "文件过大" in preview.problem
    assert not (tmp_path / uploads.UPLOADS).exists()


@pytest.mark.parametrize(
    ("text", "highlight", "marked"),
    [
        ("数量\t18\t0\t18", "18", ["18", "18"]),
        ("2018年收到18件", "18", ["18"]),  # not inside 2018
        ("共180件，其中18.5", "18", []),
        ("“18”件", "18", ["18"]),
        ("无数字", "", []),
    ],
)
def test_highlight_marks_the_whole_number_only(text: str, highlight: str, marked: list[str]) -> None:
    pieces = split_highlight(text, highlight)
    assert "".join(piece for piece, _ in pieces) == text
    assert [piece for piece, is_marked in pieces if is_marked] == marked


def test_markdown_escaping_shows_report_text_as_written() -> None:
    escaped = md("<script>x</script> [a](b) **c** :red[d] $e$ 1. # f")
    assert re.sub(r"\\(.)", r"\1", escaped) == "<script>x</script> [a](b) **c** :red[d] $e$ 1. # f"
    assert not re.search(r"(?<!\\)[<\[\]*:$#]", escaped)
    assert highlighted("a*18*b", "18") == "a\\*:orange-background[**18**]\\*b"


def test_csv_download_disarms_formulas_but_keeps_numbers() -> None:
    data = csv_bytes(pd.DataFrame({"v": ["=HYPERLINK(1)", "-3", "+1", "@x", "18"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["v", "'=HYPERLINK(1)", "-3", "+1", "'@x", "18"]
