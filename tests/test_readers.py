"""Web pages, Word files, PDFs and archives read into the same lines as the .txt they were made from.

Every fixture is written here from a parsed .txt (the five seeds and generated reports): its narrative
as paragraphs, its tables in the official layout with merged header cells and merged row labels
(``index.testing.documents``). Each must parse to exactly the cells and metadata of the .txt; refused
files must say why, naming the file, and leave a served index as it was.
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from index import read
from index.build import Builder, current_build, report_files
from index.embed import make_embedder
from index.models import Report, Script
from index.parse import Parsed, parse_file, parse_source, parse_text
from index.read import ReportInputError, read_document, read_text, split_lines
from index.readers import archive
from index.readers.web import read_html, table_grid
from index.search import open_index
from index.testing.documents import CJK_FONT, Block, report_blocks, write_docx, write_html, write_pdf
from index.testing.generate import random_spec, render
from index.testing.spec import Layout

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
SEEDS = sorted(path.name for path in REPORTS.glob("*.txt"))
# Generated reports covering every text layout and both scripts (seed → options).
GENERATED = {
    3: {"layout": Layout.TAB},
    5: {"layout": Layout.PIPE},
    8: {"layout": Layout.CELL_PER_LINE},
    13: {"layout": Layout.SPLIT_ROWS},
    21: {"script": Script.TRADITIONAL},
    34: {"balanced": False},
}
needs_font = pytest.mark.skipif(not CJK_FONT.exists(), reason=f"CJK font {CJK_FONT} missing (fonts-wqy-microhei)")
WRITERS: dict[str, Callable[[list[Block], Path], Path]] = {
    "html": write_html,
    "docx": write_docx,
    "pdf": write_pdf,
    "unruled.pdf": lambda blocks, path: write_pdf(blocks, path, ruled=False),  # columns by position only
}
FORMATS = [
    pytest.param("html", id="html"),
    pytest.param("docx", id="docx"),
    pytest.param("pdf", id="pdf", marks=needs_font),
    pytest.param("unruled.pdf", id="unruled-pdf", marks=needs_font),
]


def cells(report: Report) -> dict:
    return {(table, cell.row, cell.column): cell.value for table, t in report.tables.items() for cell in t.cells}


def metadata(report: Report) -> dict:
    return report.metadata.model_dump()


def structure(report: Report) -> tuple[list[int], list[str]]:
    """The sections found and the findings' rules: the narrative read as well as the tables."""
    return [section.number for section in report.sections], sorted(finding.rule for finding in report.findings)


def generated(seed: int) -> Parsed:
    options = dict(GENERATED[seed])
    spec = random_spec(random.Random(seed), **options)
    return parse_text(split_lines(render(spec)), f"{spec.id}.txt")


# ---- every format gives the .txt's cells ----------------------------------------------------------


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_seed_documents_parse_to_the_cells_of_the_txt(tmp_path: Path, seed: str, kind: str) -> None:
    report, source = parse_source(REPORTS / seed)
    path = WRITERS[kind](report_blocks(source.original, report), tmp_path / f"{seed[:3]}.{kind}")
    document = parse_file(path)
    assert cells(document) == cells(report)
    assert metadata(document) == metadata(report)
    assert structure(document) == structure(report)
    assert read_text(path)[1].split(":")[0] == kind.rsplit(".", 1)[-1]


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("seed", sorted(GENERATED))
def test_generated_documents_parse_to_the_cells_of_the_txt(tmp_path: Path, seed: int, kind: str) -> None:
    report, source = generated(seed)
    path = WRITERS[kind](report_blocks(source.original, report), tmp_path / f"gen{seed}.{kind}")
    document = parse_file(path)
    assert cells(document) == cells(report)
    assert metadata(document) == metadata(report)
    assert structure(document) == structure(report)


def test_gbk_page_with_a_gb2312_meta_charset(tmp_path: Path) -> None:
    report, source = parse_source(REPORTS / "004_86e617660de5ffcf.txt")  # traditional: beyond GB2312
    path = write_html(report_blocks(source.original, report), tmp_path / "gbk.html", encoding="gbk")
    data = path.read_bytes()
    assert b'charset="gb2312"' in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    document = read_document(path)
    assert document.encoding == "html:gb18030"
    parsed = parse_file(path)
    assert cells(parsed) == cells(report)
    assert parsed.metadata.place == "平安镇"


def test_gb18030_text_file(tmp_path: Path) -> None:
    text = (REPORTS / "004_86e617660de5ffcf.txt").read_text(encoding="utf-8")
    assert "\xa0" in text or "ǎ" in text  # characters GBK cannot hold: GB18030 is needed
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode("gb18030"))
    lines, encoding = read_text(path)
    assert encoding == "gb18030"
    assert lines == split_lines(text)
    assert cells(parse_file(path)) == cells(parse_file(REPORTS / "004_86e617660de5ffcf.txt"))


# ---- HTML -------------------------------------------------------------------------------------------


def _page(body: str, charset: str = "utf-8") -> bytes:
    head = f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>t</title></head>'
    return f"{head}<body>{body}</body></html>".encode(charset)


def test_html_grid_keeps_a_merged_cell_once() -> None:
    import lxml.html

    table = lxml.html.fromstring(
        "<table><tr><td rowspan='2' colspan='2'>商业<p>企业</p></td><td>&nbsp;1&nbsp;</td></tr>"
        "<tr><td>2</td></tr><tr><td>x<br>y</td><td colspan='0'>z</td><td rowspan='0'>&nbsp;</td></tr>"
        "<tr><td>5</td><td>6</td></tr></table>"
    )
    assert table_grid(table) == [["商业企业", "", "1"], ["", "", "2"], ["x y", "z", ""], ["5", "6", ""]]


def test_html_body_leaves_out_site_chrome(tmp_path: Path) -> None:
    report, source = parse_source(REPORTS / "002_0408e1d58f05bafb.txt")
    path = write_html(report_blocks(source.original, report), tmp_path / "page.html")
    lines = read_document(path).lines
    assert lines[0] == "平桥区人民政府2021年政府信息公开工作年度报告"
    text = "\n".join(lines)
    for chrome in ("当前位置", "首页", "相关文章", "2020年政府信息公开工作年度报告", "ICP备", "crumbs"):
        assert chrome not in text
    # one table row per line, cells separated by tabs, the merged parent label in its first row only
    assert "三、本年度办理结果\t（一）予以公开\t\t16\t0\t0\t0\t0\t0\t16" in lines
    assert "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t1\t0\t0\t0\t0\t0\t1" in lines


def test_html_report_inside_a_layout_table(tmp_path: Path) -> None:
    """Old county sites lay the page out in tables: the report's tables are nested in a layout cell."""
    body = (
        "<table><tr><td class='menu'>首页 | 政务公开 | 行政复议</td></tr><tr><td>"
        "<p>某某县2022年政府信息公开工作年度报告</p><p>一、总体情况</p><p>本年度工作情况如下。</p>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p>"
        "<table border='1'><tr><td colspan='5'>行政复议</td><td colspan='10'>行政诉讼</td></tr>"
        "<tr><td rowspan='2'>结果维持</td><td rowspan='2'>结果纠正</td><td rowspan='2'>其他结果</td>"
        "<td rowspan='2'>尚未审结</td><td rowspan='2'>总计</td><td colspan='5'>未经复议直接起诉</td>"
        "<td colspan='5'>复议后起诉</td></tr><tr>" + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td>"
        "<td>尚未审结</td><td>总计</td>"
        * 2
        + "</tr><tr>"
        + "<td>1</td><td>0</td><td>0</td><td>0</td><td>1</td>" * 3
        + "</tr>"
        "</table></td></tr><tr><td class='footer'>主办单位：某某县人民政府办公室</td></tr></table>"
    )
    path = tmp_path / "layout.htm"
    path.write_bytes(_page(body))
    lines = read_document(path).lines
    assert lines[:3] == ["某某县2022年政府信息公开工作年度报告", "一、总体情况", "本年度工作情况如下。"]
    assert lines[-1] == "\t".join(["1", "0", "0", "0", "1"] * 3)
    assert not any("首页" in line or "主办单位" in line for line in lines)
    report = parse_file(path)
    assert report.metadata.year == 2022
    assert {cell.column: cell.value for cell in report.tables["t4"].cells}["行政复议/总计"] == 1


def test_html_title_only_in_the_title_tag() -> None:
    page = (
        "<html><head><title>平安镇2023年政府信息公开工作年度报告_彰武县人民政府</title></head>"
        "<body><p>一、总体情况</p><p>2023年，我镇……</p></body></html>"
    ).encode()
    assert read_html(page, "x.html").lines[0] == "平安镇2023年政府信息公开工作年度报告"


def test_html_tables_drawn_as_images_are_noted() -> None:
    page = "<html><body><p>一、总体情况</p><p>本年度……</p><p><img src='table3.png'></p></body></html>"
    document = read_html(page.encode(), "x.html")
    assert document.lines == ["一、总体情况", "本年度……"]
    assert document.notes and "图片" in document.notes[0]


# ---- content, not names -----------------------------------------------------------------------------


def test_file_type_comes_from_content_not_the_name(tmp_path: Path) -> None:
    report, source = parse_source(REPORTS / "002_0408e1d58f05bafb.txt")
    blocks = report_blocks(source.original, report)
    page = write_html(blocks, tmp_path / "page.html").read_bytes()
    word = write_docx(blocks, tmp_path / "doc.docx").read_bytes()
    (tmp_path / "page-saved-as.txt").write_bytes(page)
    (tmp_path / "word-named.pdf").write_bytes(word)
    assert read_text(tmp_path / "page-saved-as.txt")[1] == "html:utf-8"
    assert read_text(tmp_path / "word-named.pdf")[1] == "docx"
    assert cells(parse_file(tmp_path / "word-named.pdf")) == cells(report)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "旧版 Office"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "OCR"),
        (b"{\\rtf1\\ansi 2021}", "RTF"),
    ],
)
def test_other_formats_are_refused_by_name(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "report.doc"
    path.write_bytes(content)
    with pytest.raises(ReportInputError, match=r"report\.doc") as error:
        read_text(path)
    assert problem in error.value.problem


# ---- PDF --------------------------------------------------------------------------------------------


@needs_font
def test_pdf_lines_carry_their_page_and_drop_page_numbers(tmp_path: Path) -> None:
    report, source = parse_source(REPORTS / "002_0408e1d58f05bafb.txt")
    document = read_document(write_pdf(report_blocks(source.original, report), tmp_path / "r.pdf"))
    assert document.pages is not None and len(document.pages) == len(document.lines)
    assert document.pages == sorted(document.pages) and document.pages[0] == 1 and document.pages[-1] > 1
    assert not any(line.strip().startswith("- ") for line in document.lines)
    heading = document.lines.index("四、政府信息公开行政复议、行政诉讼情况")
    assert document.pages[heading] == 3
    # a paragraph wrapped at the margin comes back as one line
    assert any(line.startswith("四是依申请公开情况") and line.endswith("没有行政诉讼。") for line in document.lines)


@needs_font
def test_pdf_pages_without_text_are_noted(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "CJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("CJK", str(CJK_FONT), subfontIndex=0))
    path = tmp_path / "partly-scanned.pdf"
    pages = canvas.Canvas(str(path))
    pages.setFont("CJK", 12)
    pages.drawString(72, 720, "一、总体情况")
    pages.showPage()
    pages.showPage()  # an empty page stands for a scanned one: no text layer
    pages.save()
    document = read_document(path)
    assert (document.lines, document.pages) == (["一、总体情况"], [1])
    assert document.notes == ("第2页没有文字层（扫描页），其内容未读取",)
    warnings = parse_source(path).report.warnings  # and the user sees it with the report
    assert [(w.code, w.message) for w in warnings] == [("unread_content", document.notes[0])]


# ---- refusals ---------------------------------------------------------------------------------------


def _scanned_pdf(path: Path) -> Path:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.drawImage(ImageReader(Image.new("RGB", (300, 400), "white")), 50, 300, 300, 400)
    page.showPage()
    page.save()
    return path


def _encrypted_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), encrypt="secret")  # a user password: nothing opens without it
    page.drawString(72, 720, "2021 report")
    page.save()
    return path


def _truncated_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.drawString(72, 720, "2021 report")
    page.save()
    path.write_bytes(path.read_bytes()[:400])
    return path


def _corrupt_docx(path: Path) -> Path:
    report, source = parse_source(REPORTS / "002_0408e1d58f05bafb.txt")
    data = write_docx(report_blocks(source.original, report), path).read_bytes()
    path.write_bytes(data[: len(data) // 2])  # cut short, as an interrupted download
    return path


def _evil_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("good.txt", (REPORTS / SEEDS[0]).read_bytes())
        archive.writestr("../evil.txt", "一、总体情况")
    return path


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("report.txt", bytes(16 * 1024 * 1024))
    return path


def _oversized(path: Path) -> Path:
    path.write_bytes((REPORTS / SEEDS[1]).read_bytes() * 6)
    return path


REFUSED = [
    pytest.param(_scanned_pdf, "scanned.pdf", "扫描件", id="scanned-pdf"),
    pytest.param(_encrypted_pdf, "encrypted.pdf", "已加密", id="encrypted-pdf"),
    pytest.param(_truncated_pdf, "truncated.pdf", "PDF 文件损坏", id="truncated-pdf"),
    pytest.param(_corrupt_docx, "corrupt.docx", "Word 文件损坏", id="corrupt-docx"),
    pytest.param(_evil_zip, "reports.zip", "../evil.txt", id="zip-traversal"),
    pytest.param(_zip_bomb, "bomb.zip", "zip bomb", id="zip-bomb"),
    pytest.param(_oversized, "big.txt", "文件过大", id="oversized"),
]


SMALL_LIMIT = 48 * 1024  # above the other refusals' fixtures, below the oversized one


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_BYTES", SMALL_LIMIT)


@pytest.mark.parametrize(("make", "name", "problem"), REFUSED)
def test_refusals_name_the_file_and_the_problem(
    tmp_path: Path, small_limit: None, make: Callable[[Path], Path], name: str, problem: str
) -> None:
    path = make(tmp_path / name)
    with pytest.raises(ReportInputError) as error:
        parse_file(path)
    assert name in str(error.value)
    assert problem in error.value.problem


def test_zip_members_are_checked_before_anything_is_unpacked(tmp_path: Path) -> None:
    path = _evil_zip(tmp_path / "reports.zip")
    target = tmp_path / "out"
    with pytest.raises(ReportInputError, match="path traversal"):
        archive.expand_zip(path, target, read.REPORT_SUFFIXES)
    assert not target.exists() and not (tmp_path / "evil.txt").exists()
    for name in ("/etc/passwd", "C:/x.txt", "a/../../x.txt", "..\\x.txt"):
        assert not archive.safe_member_name(name)
    assert archive.safe_member_name("年报/2021/报告.txt")


# ---- batches ----------------------------------------------------------------------------------------


class _GbkName(zipfile.ZipInfo):
    """A member name in GBK without the UTF-8 flag, as Chinese Windows' own zip writes it (zipfile itself
    always writes UTF-8 with the flag; this hook is where it encodes the name)."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits


def _chinese_named_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(_GbkName(name), data)
    return path


@needs_font
def test_a_zip_of_reports_in_every_format(tmp_path: Path) -> None:
    members: dict[str, bytes] = {}
    for seed, kind in zip(SEEDS[1:4], ("html", "docx", "pdf"), strict=True):
        report, source = parse_source(REPORTS / seed)
        path = WRITERS[kind](report_blocks(source.original, report), tmp_path / f"{seed[:3]}.{kind}")
        members[f"年报/{seed[:3]}年度报告.{kind}"] = path.read_bytes()
    members["说明.xls"] = b"not a report"
    path = _chinese_named_zip(tmp_path / "年报.zip", members)
    files = report_files([path])
    assert [f.name for f in files] == ["001年度报告.html", "002年度报告.docx", "003年度报告.pdf"]
    assert all(f.parent.name == "年报" and f.parent.parent.name == "年报.zip" for f in files)
    for file, seed in zip(files, SEEDS[1:4], strict=True):
        assert cells(parse_file(file)) == cells(parse_file(REPORTS / seed))


def test_folders_skip_the_assets_of_saved_pages(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text("<html><body><p>一、总体情况</p></body></html>", encoding="utf-8")
    (tmp_path / "report_files").mkdir()
    (tmp_path / "report_files" / "frame.htm").write_text("<html><body>广告</body></html>", encoding="utf-8")
    (tmp_path / "notes.xlsx").write_bytes(b"PK")
    assert report_files([tmp_path]) == [tmp_path / "report.html"]


@pytest.fixture(scope="module")
def embedder():
    return make_embedder("use")


def test_refused_files_leave_the_served_index_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder
) -> None:
    index_dir = tmp_path / "index"
    Builder(index_dir, embedder).build([REPORTS / SEEDS[2]])
    before = open_index(index_dir).store.report_rows()
    originals = sorted((index_dir / "originals").iterdir())
    monkeypatch.setattr(read, "MAX_BYTES", SMALL_LIMIT)
    bad = tmp_path / "bad"
    bad.mkdir()
    files = [make(bad / name) for make, name, _ in (p.values for p in REFUSED)]
    result = Builder(index_dir, embedder).add(files)
    assert [outcome.status for outcome in result.outcomes] == ["rejected"] * len(files)
    for outcome, (_, name, problem) in zip(result.outcomes, (p.values for p in REFUSED), strict=True):
        assert Path(outcome.path).name == name and problem in outcome.detail
    served = open_index(index_dir)
    assert served.store.report_rows() == before
    assert sorted((index_dir / "originals").iterdir()) == originals
    assert current_build(index_dir) is not None


@needs_font
def test_pdf_citation_names_its_page(tmp_path: Path) -> None:
    """An answer from a PDF report cites the page as well as the line (第N页 第M行)."""
    from qa.engine import load_engine

    report, source = parse_source(REPORTS / "002_0408e1d58f05bafb.txt")
    pdf = write_pdf(report_blocks(source.original, report), tmp_path / "平桥区.pdf")
    Builder(tmp_path / "index", make_embedder("use")).build([pdf])
    answer = load_engine(tmp_path / "index").answer("平桥区2021年收到多少政府信息公开申请？")
    (citation,) = answer.values[0].citations
    assert answer.values[0].value == "18"
    assert citation.page == read_document(pdf).pages[citation.line - 1] >= 1  # type: ignore[index]
    assert "18" in citation.quote
