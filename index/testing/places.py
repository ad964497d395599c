"""Data for synthetic reports: places, narrative sentence pools, footer pieces, pinyin for 繁體 annotations."""

from __future__ import annotations

from typing import NamedTuple

from index.models import Level


class County(NamedTuple):
    name: str
    level: Level  # 县, 区 or 市 (county-level city)
    city: str
    province: str  # abbreviation used in ICP/公安备案 lines
    places: tuple[str, ...]  # 乡, 镇, 街道 under it


# 平安镇 and 城关街道 stand in two counties each: a place name alone does not identify a report.
COUNTIES = (
    County("彰武县", Level.COUNTY, "阜新市", "辽", ("平安镇", "哈尔套镇", "冯家镇", "彰武镇", "前福兴地乡")),
    County("兰西县", Level.COUNTY, "绥化市", "黑", ("康荣镇", "平安镇", "榆林镇", "兰河乡")),
    County("铜鼓县", Level.COUNTY, "宜春市", "赣", ("港口乡", "永宁镇", "三都镇", "带溪乡")),
    County("富平县", Level.COUNTY, "渭南市", "陕", ("庄里镇", "城关街道", "淡村镇", "美原镇")),
    County("蒲城县", Level.COUNTY, "渭南市", "陕", ("城关街道", "罕井镇", "孙镇", "龙阳镇")),
    County("平桥区", Level.DISTRICT, "信阳市", "豫", ("平中街道", "五里墩街道", "明港镇", "肖王乡")),
    County("兴城市", Level.CITY, "葫芦岛市", "辽", ("古城街道", "沙后所镇", "东辛庄镇", "高家岭乡")),
)

LEVEL_OF_SUFFIX = (("街道", Level.SUBDISTRICT), ("乡", Level.TOWNSHIP), ("镇", Level.TOWN))


def level_of(place: str) -> Level:
    for suffix, level in LEVEL_OF_SUFFIX:
        if place.endswith(suffix):
            return level
    raise ValueError(f"no level for {place}")


def agency_of(place: str, level: Level) -> str:
    return f"{place}办事处" if level == Level.SUBDISTRICT else f"{place}人民政府"


def self_name(level: Level, agency: str = "") -> str:
    """How a report calls its own government: 我镇, 我乡, 我街道, 我县…; a department by its last word: 我局."""
    if level == Level.DEPARTMENT:
        return next((word for suffix, word in DEPARTMENT_SELF if agency.endswith(suffix)), "我单位")
    return "我" + {Level.SUBDISTRICT: "街道"}.get(level, level.value)


# Departments for the agency-kind variants: a county's or city's bureaus, commissions and centres, and a
# province's offices (the agency is the place + one of these).
COUNTY_DEPARTMENTS = (
    "教育局", "卫生健康委员会", "自然资源局", "政务服务中心", "发展和改革局", "市场监督管理局",
    "住房和城乡建设局", "农业农村局", "审计局", "退役军人事务局", "医疗保障局", "档案馆",
)  # fmt: skip
CITY_DEPARTMENTS = ("生态环境局", "卫生健康委员会", "人力资源和社会保障局", "政务服务管理办公室", "公安局", "水务局")
PROVINCIAL_OFFICES = ("生态环境厅", "人民政府办公厅", "教育厅", "发展和改革委员会", "药品监督管理局", "大数据中心")
PROVINCES = {"辽": "辽宁省", "黑": "黑龙江省", "赣": "江西省", "陕": "陕西省", "豫": "河南省"}
DEPARTMENT_SELF = (
    ("委员会", "我委"), ("办公厅", "我厅"), ("办公室", "我办"), ("中心", "我中心"), ("厅", "我厅"),
    ("局", "我局"), ("馆", "我馆"),
)  # fmt: skip
# Words mirror sites inject in place of 政府信息公开 or a place name (v30, v43); invented, not copied.
SPAM_WORDS = ("飞禽走兽老虎机", "新葡京博彩官网", "皇冠体育投注", "真人百家乐平台", "澳门赌场在线")


# Placeholders: {self} 我镇, {place}, {superior} 县政府 or 彰武县人民政府, {year}, {next_year}, {n1}…{n6}.
OVERVIEW = (
    "{year}年，{self}深入贯彻落实《中华人民共和国政府信息公开条例》，坚持“公开为常态、不公开为例外”的原则，"
    "扎实推进政府信息公开各项工作。",
    "全年通过政府门户网站主动公开政府信息{n1}条，其中政策文件{n2}条，工作动态{n3}条。",
    "{self}调整了政务公开工作领导小组，明确{n4}名工作人员具体负责信息发布和保密审查。",
    "一是健全公开机制，严格落实信息发布“三审”制度；二是拓宽公开渠道，利用政务公开栏、便民微信群等形式"
    "主动公开信息{n5}项。",
    "按照{superior}的统一部署，{self}及时更新政务公开专栏，全年未发生失泄密事件。",
    "组织开展政务公开业务培训{n6}次，不断提高工作人员的业务水平。",
)
OVERVIEW_SUBHEADINGS = (
    ("（一）主动公开政府信息情况", "{self}结合实际工作，主动依法公开政府信息，积极回应社会关切，全年发布信息{n1}条。"),
    ("（二）依申请公开政府信息情况", "{self}进一步完善政府信息公开申请登记、审核、办理、答复、归档等工作制度。"),
    ("（三）政府信息管理情况", "严格落实“谁公开、谁审查、谁负责”的原则，加强公开前的保密审查。"),
    ("（四）政府信息公开平台建设", "切实发挥政府网站政务公开第一平台的作用，做到无空白栏目、无延时更新。"),
    ("（五）监督保障情况", "{self}把政务公开工作纳入年度绩效考核，全年未收到有关信息公开工作方面的投诉。"),
)
OPENING = (
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，编制本报告。"
    "本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
    "本报告依据《条例》和{superior}有关要求编制，报告数据统计期限为{year}年1月1日至{year}年12月31日。"
    "如对本报告有疑问，请与{agency}党政办公室联系。",
    "按照{circular}要求，{self}编制了本年度政府信息公开工作年度报告，统计期限为{year}年1月1日至{year}年12月31日。",
)
# Without a title the opening sentence must name the government (seed 004).
OPENING_NAMED = (
    "{county}{place}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定编制本报告。"
    "报告数据统计期限为{year}年1月1日至{year}年12月31日。"
)
CIRCULARS = {
    "2019": "《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）",
    "2021": "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）",
}
PROACTIVE = (
    "{year}年，{self}主动公开政府信息情况如下：",
    "{self}依法做好行政规范性文件的制发和清理工作，主动公开相关政府信息。",
    "本年度{self}主动公开政府信息的统计数据见下表。",
)
PROACTIVE_NO_TABLE = (
    "{self}主动公开政府信息的具体情况已在总体情况部分说明。",
    "本年度{self}无相关统计数据。",
)
REQUESTS = (
    "{year}年，{self}共收到政府信息公开申请{received}件，上年结转{carried_in}件，办结{handled}件，"
    "其中予以公开{disclosed}件。",
    "全年受理依申请公开{received}件，均在法定期限内答复，结转下年度继续办理{carried_out}件。",
)
REQUESTS_NONE = ("{year}年度{self}未收到政府信息公开申请。",)
APPEALS = ("{year}年，{self}因政府信息公开被申请行政复议{review}件，被提起行政诉讼{litigation}件。",)
APPEALS_NONE = ("{year}年度无因政府信息公开申请行政复议、提起行政诉讼的情况。",)
PROBLEMS = (
    ("（一）存在的主要问题", "1、部分主动公开的信息内容还不够完善，公开还不够及时。", "2、工作人员业务素质有待提高。"),
    ("（二）改进措施", "{next_year}年，{self}将进一步加强信息公开队伍建设，落实“三审”制度，提高公开质量。"),
    (
        "{self}政府信息公开工作虽然取得了一定成绩，但也存在一些不足：一是公开内容不够全面；二是宣传引导不够。",
        "下一步，{self}将坚持问题导向，不断提升政务公开的含金量和覆盖面。",
    ),
)
OTHER = (
    ("无。",),
    ("无其他需要报告的事项。",),
    ("（一）收取政府信息公开处理费情况", "{place}{year}年未收取政府信息公开处理费。"),
    ("本年度{self}共办理人大代表建议{n1}件、政协委员提案{n2}件，均已按期办结。",),
)

EDITORS = ("王宏博", "李明", "张丽", "刘洋", "陈静")
STREETS = ("人民大街65号", "解放路12号", "建设路8号", "金沙南路1号", "中心街3号")

# Traditional characters that get a pinyin annotation in some sites' 繁體 pages: 鎮(zhèn), 關(guān).
PINYIN = {
    "鎮": "zhèn", "鄉": "xiāng", "縣": "xiàn", "區": "qū", "關": "guān", "據": "jù", "規": "guī",
    "簡": "jiǎn", "稱": "chēng", "數": "shù", "統": "tǒng", "應": "yìng", "轉": "zhuǎn", "務": "wù",
    "進": "jìn", "發": "fā", "門": "mén", "網": "wǎng", "導": "dǎo", "權": "quán", "責": "zé",
    "機": "jī", "濟": "jì", "議": "yì", "復": "fù", "際": "jì", "專": "zhuān", "項": "xiàng",
    "總": "zǒng", "護": "hù", "審": "shěn", "編": "biān", "輯": "jí", "題": "tí", "強": "qiáng",
    "溝": "gōu", "監": "jiān", "續": "xù", "補": "bǔ", "請": "qǐng", "辦": "bàn", "歸": "guī",
    "認": "rèn", "獲": "huò", "處": "chǔ", "結": "jié", "維": "wéi", "訴": "sù", "執": "zhí",
}  # fmt: skip
# More characters a GB-to-Big5 converter annotates, on every occurrence (開(kāi), 報(bào), 設(shè)).
CONVERTER_PINYIN = {
    "開": "kāi", "報": "bào", "設": "shè", "業": "yè", "農": "nóng", "會": "huì", "與": "yǔ", "為": "wèi",
    "實": "shí", "範": "fàn", "體": "tǐ", "資": "zī", "訊": "xùn", "據": "jù", "廳": "tīng", "園": "yuán",
    "構": "gòu", "況": "kuàng", "決": "jué", "計": "jì", "劃": "huà", "態": "tài", "點": "diǎn",
}  # fmt: skip
