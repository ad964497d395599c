"""Metadata read from lines written the way real reports write them: each source kind, each agency kind,
every vocabulary entry's own example, the gazetteer's ambiguity and year typos."""

from __future__ import annotations

import pytest

from index import metadata as meta
from index.gazetteer import Tier, gazetteer
from index.metadata import read_metadata
from index.models import Level, Metadata, MetaOrigin, Script

BODY = ["一、总体情况", "（一）主动公开政府信息情况"]


def read(*lines: str, path: str | None = None) -> Metadata:
    return read_metadata([*lines, *BODY], None, Script.SIMPLIFIED, path)


# ---- each vocabulary entry, by its own example ----------------------------------------------------


@pytest.mark.parametrize("term", meta.GOVERNMENT_ORGANS, ids=lambda t: t.word)
def test_government_organs(term: meta.Term) -> None:
    got = read(term.example)
    assert got.agency is not None and got.agency.endswith(term.word)
    assert got.level != Level.DEPARTMENT


@pytest.mark.parametrize("term", meta.DEPARTMENT_SUFFIXES, ids=lambda t: t.word)
def test_department_suffixes(term: meta.Term) -> None:
    got = read(term.example)
    assert got.level == Level.DEPARTMENT
    assert got.agency is not None and got.agency.endswith(term.word) and got.agency in term.example


@pytest.mark.parametrize("term", meta.ZONES, ids=lambda t: t.word)
def test_zones(term: meta.Term) -> None:
    assert (read(term.example).place or "").endswith(term.word)


@pytest.mark.parametrize("term", meta.CHROME_FIELDS, ids=lambda t: t.word)
def test_chrome_fields(term: meta.Term) -> None:
    got = read(term.example)
    assert got.agency is not None and meta.parse_name(got.agency) is not None
    assert got.place is not None and got.place in term.example


@pytest.mark.parametrize("term", meta.NOT_AGENCIES, ids=lambda t: t.word)
def test_chrome_values_that_are_no_agency(term: meta.Term) -> None:
    assert read(term.example).agency is None


@pytest.mark.parametrize("term", meta.SELF_WORDS, ids=lambda t: t.word)
def test_self_words_name_no_agency(term: meta.Term) -> None:
    got = read(term.example)
    assert (got.agency, got.place) == (None, None)
    assert got.level == meta._SELF_LEVEL.get(term.word, Level.DEPARTMENT)


@pytest.mark.parametrize("term", meta.SUBJECT_VERBS, ids=lambda t: t.word)
def test_subject_sentences(term: meta.Term) -> None:
    got = read(term.example)
    name = got.place or got.agency
    assert name is not None and name in term.example


def test_national_ministry() -> None:
    got = read("司法部2020年政府信息公开工作年度报告", meta.NATIONAL.example)
    assert (got.agency, got.place, got.level) == ("中华人民共和国司法部", None, Level.DEPARTMENT)


# ---- each source kind ------------------------------------------------------------------------------

SOURCES = [
    # (lines, agency, place, county, year)
    (["兰西县康荣镇2020年政府信息公开工作年度报告"], "康荣镇人民政府", "康荣镇", "兰西县", 2020),
    (["兰西县康荣镇2020年政府信息", "", "公开工作年度报告"], "康荣镇人民政府", "康荣镇", "兰西县", 2020),
    (["漳平市卫生健康局", "2023年政府信息公开工作年度报告"], "漳平市卫生健康局", "漳平市", "漳平市", 2023),
    (["海南省生态环境厅", "", "2022政府信息公开工作年度报告"], "海南省生态环境厅", "海南省", None, 2022),
    (["2022年度拖市镇政府信息公开工作年度报告"], "拖市镇人民政府", "拖市镇", None, 2022),
    (["Page 8 - 威海市文登区信访局2022年政府信息公开工作年度报告"], "威海市文登区信访局", "文登区", "文登区", 2022),
    (["【图文】嘉兴市市场监督管理局2022年度政府信息公开工作年度报告"], "嘉兴市市场监督管理局", "嘉兴市", None, 2022),
    (["名  称: 海口市人民政府研究室2022年政府信息公开工作年度报告"], "海口市人民政府研究室", "海口市", None, 2022),
    (
        ["根据《条例》规定，现公布鹤山市司法局2020年政府信息公开工作年度报告。"],
        "鹤山市司法局",
        "鹤山市",
        "鹤山市",
        2020,
    ),
    (["现向社会公布2022年卯都乡信息公开工作年度报告。"], "卯都乡人民政府", "卯都乡", None, 2022),
    (
        ["本报告由温州市洞头区人民政府办公室综合各部门情况编制。", "2021年，洞头区以系统观念实施政务公开。"],
        "洞头区人民政府",  # the district's report, put together by its office
        "洞头区",
        None,
        2021,
    ),
    (
        ["彰武县平安镇根据《中华人民共和国政府信息公开条例》规定编制本报告。"],
        "平安镇人民政府",
        "平安镇",
        "彰武县",
        None,
    ),
    (
        ["日期: 2023-01-17 来源:桥头乡", "统计期限为2022年1月1日至2022年12月31日。"],
        "桥头乡人民政府",
        "桥头乡",
        None,
        2022,
    ),
    (
        ["• 发布机构", "桥头乡", "河口县桥头乡2022年政府信息公开工作年度报告"],
        "桥头乡人民政府",
        "桥头乡",
        "河口县",
        2022,
    ),
    (["如对本报告有疑问，请与杭州市公安局滨江区分局联系。"], "杭州市公安局滨江区分局", "滨江区", "滨江区", None),
    (["请与柞水县凤凰镇人民政府党政办公室联系。"], "凤凰镇人民政府", "凤凰镇", "柞水县", None),
    (["2025年，矿市街道深入贯彻落实上级部署。"], "矿市街道办事处", "矿市街道", None, 2025),
]


@pytest.mark.parametrize(("lines", "agency", "place", "county", "year"), SOURCES)
def test_sources(lines: list[str], agency: str, place: str, county: str | None, year: int | None) -> None:
    got = read(*lines)
    assert (got.agency, got.place, got.county, got.year) == (agency, place, county, year)


def test_signature_block_corrects_a_title_that_drops_a_character() -> None:
    lines = ["Page 9 - 威海市文登人民政府办公室2022年政府信息公开工作年度报告", *BODY, "无。"]
    got = read_metadata([*lines, "威海市文登区人民政府办公室", "2023 年 1 月 16 日"], None, Script.SIMPLIFIED)
    assert (got.agency, got.county, got.year) == ("威海市文登区人民政府办公室", "文登区", 2022)


def test_abbreviation_reads_as_its_full_name() -> None:
    got = read(
        "自治区北部湾办2022年政府信息公开工作年度报告",
        "本年度报告由广西壮族自治区北部湾经济区规划建设管理办公室(以下简称自治区北部湾办)编制。",
    )
    assert (got.agency, got.place) == ("广西壮族自治区北部湾经济区规划建设管理办公室", "广西壮族自治区")


def test_a_government_office_compiling_everyones_work_writes_its_governments_report() -> None:
    """本报告由…人民政府办公室综合…各有关部门的…情况编制: the district's report; an office's own stays its own."""
    got = read("本报告由温州市洞头区人民政府办公室综合2021年度各街道(乡镇)和区各有关部门的政府信息公开工作情况编制。")
    assert (got.agency, got.place, got.city, got.level) == ("洞头区人民政府", "洞头区", "温州市", "区")
    own = read("本报告由威海市文登区人民政府办公室根据《条例》编制。")
    assert (own.agency, own.level) == ("威海市文登区人民政府办公室", "部门")


def test_a_bureau_that_names_only_its_city_is_no_government() -> None:
    """我局…海口市政务公开: a bureau of 海口市 whose name the report never gives, not 海口市人民政府."""
    got = read("2022年,我局深入落实国务院及海口市政务公开工作相关要求,推进我局政务公开工作高质量发展。")
    assert (got.agency, got.place, got.level) == (None, "海口市", "部门")


def test_branch_of_a_city_department_is_its_district() -> None:
    got = read("现将深圳市市场监督管理局龙华监管局(以下简称龙华局)2023年信息公开年度报告进行公布。")
    assert (got.agency, got.place, got.city, got.year) == ("深圳市市场监督管理局龙华监管局", "龙华", "深圳市", 2023)


def test_file_name() -> None:
    got = read("我镇2022年公开政府信息243条。", path="/in/2022年大川镇政府信息公开工作年度报告.html")
    assert (got.agency, got.year, got.origins["agency"]) == ("大川镇人民政府", 2022, MetaOrigin.FILE_NAME)


def test_document_titles_name_no_agency() -> None:
    assert read("根据《上海市政府信息公开规定》的要求编制本报告。").agency is None


def test_unnamed_department_takes_the_site_it_publishes_on() -> None:
    got = read("2022年，我局在中江县人民政府网站主动公开信息416条。")
    assert (got.agency, got.place, got.level, got.year) == (None, "中江县", Level.DEPARTMENT, 2022)


# ---- the gazetteer ---------------------------------------------------------------------------------


def test_a_name_many_divisions_share_stays_without_county() -> None:
    places = gazetteer()
    assert len(places.divisions("太平镇")) > 50
    assert places.unique("太平镇") is None
    assert read("太平镇2022年政府信息公开工作年度报告").county is None


def test_a_county_the_text_names_picks_the_one_division() -> None:
    county = gazetteer().divisions("太平镇")[0].county
    assert county is not None and gazetteer().contains(county, "太平镇")
    got = read("太平镇2022年政府信息公开工作年度报告", f"本报告可在{county}人民政府网站下载。")
    assert got.county == county and got.origins["county"] == MetaOrigin.TEXT
    assert got.city == gazetteer().unique(county).city and got.origins["city"] == MetaOrigin.GAZETTEER


def test_a_unique_township_alone_gets_no_county() -> None:
    assert gazetteer().unique("兑镇镇") is not None  # one in the gazetteer, but the text names no county
    assert read("兑镇镇 2021 年政府信息公开工作年度报告").county is None


def test_a_county_government_has_no_county_and_its_city_from_the_gazetteer() -> None:
    got = read("平桥区人民政府2021年政府信息公开工作年度报告")
    assert (got.place, got.level, got.county, got.city) == ("平桥区", Level.DISTRICT, None, "信阳市")
    assert got.origins["city"] == MetaOrigin.GAZETTEER


def test_gazetteer_tree() -> None:
    division = gazetteer().unique("河西街道", ("利州区",))
    assert division is not None and division.tier == Tier.TOWNSHIP
    assert division.above() == ("四川省", "广元市", "利州区")
    assert [d.name for d in gazetteer().divisions("临夏州", short=True)] == ["临夏回族自治州"]
    assert [d.name for d in gazetteer().divisions("河口县", short=True)] == ["河口瑶族自治县"]
    assert [d.name for d in gazetteer().divisions("鄂温克旗", short=True)] == ["鄂温克族自治旗"]
    assert gazetteer().unique("北京市") is not None  # a municipality is one division, not two


def test_written_forms_of_a_full_name() -> None:
    assert gazetteer().written_forms("白沙黎族自治县") == ["白沙县"]
    assert gazetteer().written_forms("鲊埠回族乡") == ["鲊埠乡"]  # the people read from the autonomous divisions
    assert gazetteer().written_forms("琼海市") == []
    assert {"回族", "黎族", "土家族"} <= gazetteer().peoples


# ---- years -----------------------------------------------------------------------------------------

YEARS = [
    (["本报告统计期限为2020年1月1日至202020年12月31日止。"], None),
    (["本报告统计期限为20231月1日至2023年12月31日。"], None),
    (["大五里镇2020年政府信息公开工作年度报告", "统计期限为20201月1日至202020年12月31日。"], 2020),
    (["发布日期:2024-01-20", "本报告所列统计数据的期限自2023年1月1日起,至2023年12月31日止。"], 2023),
    (["(一)主动公开情况。2024年,我局共主动公开政府信息376条。"], 2024),
    (["现将我局2021年政府信息公开工作报告如下："], 2021),
]


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("日期: 2024-01-20 浏览量:223", "2024-01-20"),
        ("来源: 时间:2022年02月17日", "2022-02-17"),
        ("发布时间：2023年 1月 5日", "2023-01-05"),
        ("统计时间:2021年1月1日", None),  # the statistics period, not the publication
    ],
)
def test_publish_date(line: str, date: str | None) -> None:
    assert meta.publish_date(line) == date


@pytest.mark.parametrize(("lines", "year"), YEARS)
def test_years(lines: list[str], year: int | None) -> None:
    assert read(*lines).year == year


def test_a_government_the_gazetteer_lacks_is_read_from_its_title() -> None:
    """Renamed or new divisions (and names the data never had) are still what the title says."""
    got = read("安澜区人民政府2021年政府信息公开工作年度报告")
    assert (got.agency, got.place, got.level, got.city) == ("安澜区人民政府", "安澜区", Level.DISTRICT, None)
    assert read("2021年，全区深入推进政务公开").agency is None


def test_a_department_whose_name_holds_a_sentence_character() -> None:
    assert read("黑龙江省大数据中心2021年政府信息公开工作年度报告").agency == "黑龙江省大数据中心"


def test_a_short_city_name_inside_a_longer_name_is_no_division() -> None:
    """吉安乡 is a township, not 吉安 (市) followed by 乡, even when the county before it is unlisted."""
    got = read("坝安县吉安乡2019年政府信息公开工作年度报告")
    assert (got.agency, got.place, got.county, got.level) == ("吉安乡人民政府", "吉安乡", "坝安县", Level.TOWNSHIP)


@pytest.mark.parametrize(
    ("title", "place", "county"),
    [
        ("沟安县和坝镇2019年政府信息公开工作年度报告", "和坝镇", "沟安县"),  # 和 starts the township's name
        ("安北县江门街道2025年政府信息公开工作年度报告", "江门街道", "安北县"),  # not 江门 (市) + 街道
    ],
)
def test_a_name_the_gazetteer_lacks_is_read_whole(title: str, place: str, county: str) -> None:
    meta = read_metadata([title, "一、总体情况"], None, Script.SIMPLIFIED)
    assert (meta.place, meta.county) == (place, county)
