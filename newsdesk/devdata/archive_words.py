"""Generate a large, realistic archive of articles (``newsdesk generate --articles N``).

For benchmarks and demos that need 100,000 articles or more. Everything is invented and
written for newsdesk: the places (Port Halden, the Lumen Strait, the Amber Delta, ...), the
institutions, the people quoted and the staff. Stories are assembled from bilingual
templates, so a Chinese original and its English translation tell the same story, block for
block, with the same names and numbers.

The archive of a seed is a fixed, endless sequence of articles numbered 1, 2, 3, ... (the
newest first, about fifty a day going back in time); ``generate_archive(count, seed=S)``
makes sure its first ``count`` articles exist. Each article's text depends only on its seed
and number (``random.Random``), and its slug ends in ``-<seed>-<number>``, so running again
with the same seed adds nothing (or only the numbers that are missing) and another seed adds
a different archive.

Speed comes from writing rows in bulk: articles, bylines, translator credits, tags and
inline images go in with ``bulk_create``, one transaction per batch, with no per-article
``save()``. The bodies are therefore written directly in the sanitized subset of
:mod:`newsdesk.content.body` and rendered with :func:`newsdesk.content.body.render`, as
``Article.save()`` would.

Reused rather than duplicated: sections and columns (the demo's, by slug), the pool of
about 200 generated people (12 of them translators) and 300 tags (by slug and name), and 40
images drawn once with Pillow and stored under ``generated/images/``.
"""

import io
import random
import re
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as Picture
from PIL import ImageDraw

from newsdesk.content import body
from newsdesk.content.models import (
    Article,
    Byline,
    Column,
    Image,
    Person,
    Section,
    Tag,
    TranslatorCredit,
)

ARTICLES_PER_DAY = 50
PEOPLE = 200
TRANSLATORS = 12
TAGS = 300
IMAGES = 40
IMAGE_SIZE = (1200, 675)

# What an article is, by its number: kinds are planned in sequence from the seed.
EN, ZH, TRANSLATION = "en", "zh", "translation"
DRAFT, REVIEW, SCHEDULED, UNPUBLISHED = "draft", "review", "scheduled", "unpublished"
PAIR_SHARE = 0.1  # of stories: a Chinese original followed by its English translation
HIDDEN_SHARES = [(DRAFT, 0.011), (REVIEW, 0.009), (SCHEDULED, 0.008), (UNPUBLISHED, 0.009)]

OWN_SOURCE = "(PACIFIC MERIDIAN)"
WIRE_SOURCES = ["(Harbour Wire Service)", "(Strait News Agency)"]

# ---------------------------------------------------------------------------------------
# Vocabulary. Pairs are (English, Chinese); everything here is invented.
# ---------------------------------------------------------------------------------------

SECTIONS = [
    ("top-news", "Top News", "要闻"),
    ("world", "World", "国际"),
    ("business", "Business", "财经"),
    ("culture", "Culture", "文化"),
]
COLUMNS = [
    (
        "review",
        "Meridian Review",
        "子午评论",
        "Signed opinion and argument from Pacific Meridian's writers and guest contributors.",
    ),
    (
        "explainer",
        "Explainer",
        "解读",
        "Short, plain-language guides to how things work behind the week's news.",
    ),
]

TOWNS = [
    ("Port Halden", "哈尔登港"),
    ("Vessary", "维萨里"),
    ("Orrin", "奥林"),
    ("Eastbay", "东湾"),
    ("Northgate", "北门"),
    ("Brightwater", "明水"),
    ("Lowmere", "洛米尔"),
    ("Saltmarsh", "盐沼镇"),
    ("Wrenfield", "雷恩菲尔德"),
    ("Coral Point", "珊瑚角"),
    ("Pelling", "佩林"),
    ("Greyhaven", "灰港"),
    ("Fennick", "芬尼克"),
    ("Halverd", "哈尔弗德"),
    ("Marrow Bay", "马罗湾"),
    ("Ashby Cove", "阿什比湾"),
    ("Tamsin Heights", "塔姆辛高地"),
    ("Kelmar", "凯尔马"),
    ("Dunmere", "邓米尔"),
    ("Westwick", "韦斯特威克"),
    ("Calder Mills", "考尔德米尔斯"),
    ("Redhythe", "雷德海斯"),
]
REGIONS = [
    ("the Lumen Strait", "卢门海峡"),
    ("the Amber Delta", "琥珀三角洲"),
    ("Serrat Ridge", "塞拉特山脊"),
    ("the Juniper Isles", "杜松群岛"),
    ("Osprey Sound", "鱼鹰海湾"),
    ("the Drummond Flats", "德拉蒙德滩涂"),
    ("the Tidewater Coast", "潮汐海岸"),
    ("the Ember Hills", "余烬山"),
]

INSTITUTIONS = {
    "rail": ("the Eastbay Rail Authority", "东湾铁路管理局"),
    "trade_forum": ("the Tidewater Trade Forum", "潮汐贸易论坛"),
    "observatory": ("the Kestrel Observatory", "茶隼天文台"),
    "polytechnic": ("Northgate Polytechnic", "北门理工学院"),
    "coastal": ("the Halden Institute for Coastal Studies", "哈尔登海岸研究所"),
    "statistics": ("the Strait Statistics Office", "海峡统计局"),
    "university": ("Lumen Strait University", "卢门海峡大学"),
    "farmers": ("the Amber Delta Farmers' Cooperative", "琥珀三角洲农民合作社"),
    "harbour": ("the Port Halden Harbour Board", "哈尔登港港务局"),
    "fisheries": ("the Strait Fisheries Commission", "海峡渔业委员会"),
    "rescue": ("the Coastal Rescue Service", "海岸救援队"),
    "water": ("the Serrat Ridge Water Board", "塞拉特山脊水务局"),
    "chamber": ("the Vessary Chamber of Commerce", "维萨里商会"),
    "shipbuilders": ("the Orrin Shipbuilders' Guild", "奥林造船业公会"),
    "housing": ("the Meridian Housing Trust", "子午住房信托"),
    "energy": ("the Strait Energy Cooperative", "海峡能源合作社"),
    "arts": ("the Lantern Street Arts Centre", "灯笼街艺术中心"),
    "museum": ("the Tidewater Museum of the Sea", "潮汐海洋博物馆"),
    "health": ("the Halden Public Health Office", "哈尔登公共卫生办公室"),
    "tenants": ("the Eastbay Tenants' Union", "东湾租户联合会"),
    "teachers": ("the Brightwater Teachers' Association", "明水教师协会"),
    "consumers": ("the Lowmere Consumer Council", "洛米尔消费者委员会"),
    "ferries": ("the Juniper Isles Ferry Cooperative", "杜松群岛渡轮合作社"),
    "conservation": ("the Kelmar Island Conservation Trust", "凯尔马岛保护信托"),
    "strait_council": ("the Strait Council", "海峡理事会"),
    "bank": ("the Harbour Cooperative Bank", "港湾合作银行"),
    "screen": ("the Strait Screen Fund", "海峡影视基金"),
    "libraries": ("the Northgate Library Board", "北门图书馆理事会"),
    "orchestra": ("the Port Halden Harbour Orchestra", "哈尔登港港湾管弦乐团"),
    "heritage": ("the Coastal Heritage Society", "海岸遗产学会"),
    "transport": ("the Strait Transport Office", "海峡交通办公室"),
    "electoral": ("the Strait Electoral Commission", "海峡选举委员会"),
    "tourism": ("the Lumen Strait Tourism Board", "卢门海峡旅游局"),
    "innovation": ("the Northgate Innovation Hub", "北门创新中心"),
}


@dataclass(frozen=True)
class Topic:
    """What a story is about; its phrases fill the templates' {topic}, {plan}, ... slots."""

    section: str
    tag: str
    topic: tuple[str, str]  # a singular noun phrase: "the cross-harbour rail line"
    plan: tuple[str, str]  # a proposal: "a longer night-train timetable"
    group: tuple[str, str]  # people affected, plural: "commuters"
    metric: tuple[str, str]  # what is measured: "daily ridership"
    institutions: tuple[str, ...]


TOPICS = [
    # Top News: the city and the region at home.
    Topic(
        "top-news",
        "Transport",
        ("the cross-harbour rail line", "跨港铁路线"),
        ("a longer night-train timetable", "延长夜间列车运营的方案"),
        ("commuters", "通勤乘客"),
        ("daily ridership", "日均客流量"),
        ("rail", "transport"),
    ),
    Topic(
        "top-news",
        "Housing",
        ("the waterfront housing scheme", "滨水住房计划"),
        ("a cap on short-term rentals", "短租房源上限"),
        ("tenants", "租户"),
        ("average rents", "平均租金"),
        ("housing", "tenants"),
    ),
    Topic(
        "top-news",
        "Water",
        ("the reservoir upgrade", "水库改造工程"),
        ("a new water-sharing agreement", "新的分水协议"),
        ("farmers", "农户"),
        ("reservoir levels", "水库蓄水量"),
        ("water", "farmers"),
    ),
    Topic(
        "top-news",
        "Education",
        ("the school meals programme", "学校午餐计划"),
        ("a longer school day", "延长在校时间的方案"),
        ("parents", "家长"),
        ("class sizes", "班级人数"),
        ("teachers", "polytechnic"),
    ),
    Topic(
        "top-news",
        "Health",
        ("the harbour district clinic network", "港区诊所网络"),
        ("an evening opening trial for clinics", "诊所夜间门诊试点"),
        ("patients", "患者"),
        ("waiting times", "候诊时间"),
        ("health",),
    ),
    Topic(
        "top-news",
        "Public safety",
        ("the coastal rescue service", "海岸救援服务"),
        ("a second rescue station", "增设第二个救援站的计划"),
        ("volunteer crews", "志愿救援队员"),
        ("response times", "响应时间"),
        ("rescue",),
    ),
    Topic(
        "top-news",
        "City budget",
        ("the city budget", "市政预算"),
        ("a new tourist levy", "新的旅游税"),
        ("ratepayers", "纳税居民"),
        ("council spending", "议会开支"),
        ("statistics",),
    ),
    Topic(
        "top-news",
        "Elections",
        ("the council election", "议会选举"),
        ("a redrawing of ward boundaries", "重新划定选区边界的方案"),
        ("first-time voters", "首次投票的选民"),
        ("turnout", "投票率"),
        ("electoral",),
    ),
    Topic(
        "top-news",
        "Climate",
        ("the sea wall", "防波堤"),
        ("a flood early-warning system", "洪水预警系统"),
        ("residents of low-lying streets", "低洼街区居民"),
        ("storm surge levels", "风暴潮水位"),
        ("coastal",),
    ),
    Topic(
        "top-news",
        "Air quality",
        ("the electric bus fleet", "电动公交车队"),
        ("a low-emission zone", "低排放区"),
        ("bus drivers", "公交司机"),
        ("air pollution readings", "空气污染读数"),
        ("transport", "health"),
    ),
    # World: the strait, its neighbours and its science.
    Topic(
        "world",
        "Fisheries",
        ("the spring fishing closure", "春季休渔期"),
        ("a new catch quota system", "新的捕捞配额制度"),
        ("fishing crews", "渔民"),
        ("fish stocks", "鱼类资源量"),
        ("fisheries", "coastal"),
    ),
    Topic(
        "world",
        "Diplomacy",
        ("the river treaty", "河流条约"),
        ("a joint monitoring network", "联合监测网络"),
        ("delta villagers", "三角洲村民"),
        ("river flows", "河流流量"),
        ("strait_council", "farmers"),
    ),
    Topic(
        "world",
        "Ferries",
        ("the strait ferry service", "海峡渡轮服务"),
        ("a shared ferry timetable", "统一的渡轮时刻表"),
        ("island residents", "海岛居民"),
        ("crossing times", "航行时间"),
        ("ferries", "transport"),
    ),
    Topic(
        "world",
        "Migration",
        ("the seasonal work visa", "季节性工作签证"),
        ("a fast-track visa process", "签证快速审批通道"),
        ("seasonal workers", "季节工"),
        ("visa applications", "签证申请数量"),
        ("strait_council",),
    ),
    Topic(
        "world",
        "Science",
        ("the observatory's new telescope", "天文台的新望远镜"),
        ("a shared data archive", "共享数据档案库"),
        ("researchers", "研究人员"),
        ("observing hours", "观测时数"),
        ("observatory", "university"),
    ),
    Topic(
        "world",
        "Energy",
        ("the tidal power project", "潮汐发电项目"),
        ("a regional grid link", "区域电网互联"),
        ("households", "家庭用户"),
        ("electricity prices", "电价"),
        ("energy",),
    ),
    Topic(
        "world",
        "Environment",
        ("the mangrove restoration", "红树林修复工程"),
        ("a protected marine area", "海洋保护区"),
        ("conservation volunteers", "保护志愿者"),
        ("bird counts", "鸟类数量"),
        ("conservation", "coastal"),
    ),
    Topic(
        "world",
        "Trade",
        ("the cross-strait customs regime", "跨海峡海关制度"),
        ("a single customs declaration", "统一报关单"),
        ("small traders", "小商户"),
        ("clearance times", "通关时间"),
        ("trade_forum", "chamber"),
    ),
    # Business.
    Topic(
        "business",
        "Ports",
        ("the container terminal", "集装箱码头"),
        ("a digital berth-booking platform", "数字化泊位预约平台"),
        ("shipping lines", "航运公司"),
        ("container volumes", "集装箱吞吐量"),
        ("harbour", "trade_forum"),
    ),
    Topic(
        "business",
        "Technology",
        ("the harbour tech incubator", "港区科技孵化器"),
        ("a seed fund for start-ups", "初创企业种子基金"),
        ("young founders", "年轻创业者"),
        ("venture funding", "风险投资额"),
        ("innovation", "polytechnic"),
    ),
    Topic(
        "business",
        "Tourism",
        ("the cruise season", "邮轮旅游季"),
        ("a cap on cruise arrivals", "邮轮到港数量上限"),
        ("hotel owners", "酒店业主"),
        ("visitor numbers", "游客人数"),
        ("tourism", "harbour"),
    ),
    Topic(
        "business",
        "Finance",
        ("the cooperative bank", "合作银行"),
        ("a cheap-loan scheme for small firms", "面向小企业的低息贷款计划"),
        ("small-business owners", "小企业主"),
        ("lending rates", "贷款利率"),
        ("bank", "chamber"),
    ),
    Topic(
        "business",
        "Agriculture",
        ("the delta rice harvest", "三角洲稻米收成"),
        ("a crop insurance scheme", "农作物保险计划"),
        ("rice growers", "稻农"),
        ("harvest yields", "单产"),
        ("farmers", "statistics"),
    ),
    Topic(
        "business",
        "Retail",
        ("the night market", "夜市"),
        ("a new trading licence scheme", "新的摊位许可制度"),
        ("stallholders", "摊主"),
        ("weekly takings", "每周营业额"),
        ("consumers", "chamber"),
    ),
    Topic(
        "business",
        "Jobs",
        ("the shipyard", "造船厂"),
        ("a retraining programme", "再培训计划"),
        ("dock workers", "码头工人"),
        ("unemployment", "失业率"),
        ("shipbuilders", "polytechnic"),
    ),
    Topic(
        "business",
        "Economy",
        ("the cost of living", "生活成本"),
        ("a temporary cut in fuel duty", "临时下调燃油税"),
        ("low-income households", "低收入家庭"),
        ("consumer prices", "消费价格"),
        ("statistics", "consumers"),
    ),
    Topic(
        "business",
        "Property",
        ("the old warehouse district", "旧仓库区"),
        ("a mixed-use redevelopment", "综合用途改造"),
        ("developers", "开发商"),
        ("land prices", "地价"),
        ("housing", "chamber"),
    ),
    # Culture.
    Topic(
        "culture",
        "Festivals",
        ("the Tidewater Lantern Festival", "潮汐灯会"),
        ("a new procession route", "新的巡游路线"),
        ("lantern makers", "灯笼手艺人"),
        ("ticket sales", "门票销量"),
        ("arts", "tourism"),
    ),
    Topic(
        "culture",
        "Libraries",
        ("the public library", "公共图书馆"),
        ("an extension of weekend opening hours", "延长周末开放时间的计划"),
        ("readers", "读者"),
        ("book loans", "借阅量"),
        ("libraries",),
    ),
    Topic(
        "culture",
        "Museums",
        ("the maritime museum", "海事博物馆"),
        ("a free-entry day", "免费开放日"),
        ("curators", "策展人"),
        ("attendance", "参观人数"),
        ("museum", "heritage"),
    ),
    Topic(
        "culture",
        "Music",
        ("the harbour orchestra", "港湾管弦乐团"),
        ("a season of open-air concerts", "露天音乐会季"),
        ("young musicians", "青年音乐人"),
        ("audience numbers", "观众人数"),
        ("orchestra", "arts"),
    ),
    Topic(
        "culture",
        "Film",
        ("the strait film festival", "海峡电影节"),
        ("a fund for local documentaries", "本地纪录片基金"),
        ("independent filmmakers", "独立电影人"),
        ("screenings", "放映场次"),
        ("screen",),
    ),
    Topic(
        "culture",
        "Food",
        ("the fish market food hall", "鱼市美食廊"),
        ("a street-food hygiene rating", "街头小吃卫生评级"),
        ("home cooks", "家庭厨师"),
        ("restaurant openings", "新开餐馆数量"),
        ("health", "consumers"),
    ),
    Topic(
        "culture",
        "Heritage",
        ("the old customs house", "老海关大楼"),
        ("a heritage listing", "列入历史建筑保护名录的申请"),
        ("preservation groups", "保护团体"),
        ("restoration costs", "修复费用"),
        ("heritage", "museum"),
    ),
    Topic(
        "culture",
        "Books",
        ("the coastal poetry prize", "海岸诗歌奖"),
        ("a translation fund", "翻译基金"),
        ("young writers", "青年作家"),
        ("book sales", "图书销量"),
        ("arts", "university"),
    ),
    Topic(
        "culture",
        "Sport",
        ("the dragon-boat league", "龙舟联赛"),
        ("a new rowing centre", "新的赛艇中心"),
        ("amateur crews", "业余队伍"),
        ("club membership", "俱乐部会员人数"),
        ("tourism",),
    ),
]

# A story's second institution is one of those of the topics in its section.
NEARBY_INSTITUTIONS = {
    section: sorted(
        {key for topic in TOPICS if topic.section == section for key in topic.institutions}
    )
    for section, *_ in SECTIONS
}

# Names: pairs of (Latin, Chinese); quoted people and staff are made from these.
GIVEN_NAMES = [
    ("Tomas", "托马斯"),
    ("Amara", "阿玛拉"),
    ("Nadia", "纳迪亚"),
    ("Elias", "埃利亚斯"),
    ("Oren", "奥伦"),
    ("Mira", "米拉"),
    ("Jonas", "约纳斯"),
    ("Lena", "莱娜"),
    ("Felix", "费利克斯"),
    ("Ines", "伊内丝"),
    ("Rafael", "拉斐尔"),
    ("Sofia", "索菲亚"),
    ("Hugo", "于戈"),
    ("Clara", "克拉拉"),
    ("Anton", "安东"),
    ("Maren", "马伦"),
    ("Dario", "达里奥"),
    ("Esme", "埃斯梅"),
    ("Kai", "凯"),
    ("Talia", "塔莉亚"),
    ("Ivo", "伊沃"),
    ("Nora", "诺拉"),
    ("Milo", "米洛"),
    ("Selma", "塞尔玛"),
    ("Tavi", "塔维"),
    ("Ruben", "鲁本"),
    ("Alba", "阿尔芭"),
    ("Caspar", "卡斯帕"),
    ("Yara", "亚拉"),
    ("Leif", "莱夫"),
]
FAMILY_NAMES = [
    ("Halloran", "哈洛兰"),
    ("Devereux", "德弗罗"),
    ("Lindqvist", "林奎斯特"),
    ("Moreau", "莫罗"),
    ("Ashdown", "阿什当"),
    ("Quill", "奎尔"),
    ("Renner", "伦纳"),
    ("Varga", "瓦尔加"),
    ("Petrakis", "佩特拉基斯"),
    ("Oduya", "奥杜亚"),
    ("Marlowe", "马洛"),
    ("Tessaro", "泰萨罗"),
    ("Whitlock", "惠特洛克"),
    ("Anand", "阿南德"),
    ("Kerrigan", "凯里根"),
    ("Bellamy", "贝拉米"),
    ("Novak", "诺瓦克"),
    ("Eskildsen", "埃斯基尔森"),
    ("Carvalho", "卡瓦略"),
    ("Dahl", "达尔"),
    ("Ferris", "费里斯"),
    ("Penhallow", "彭哈洛"),
    ("Strand", "斯特兰德"),
    ("Iyer", "艾耶尔"),
    ("Maro", "马罗"),
    ("Solberg", "索尔伯格"),
    ("Achterberg", "阿赫特贝格"),
    ("Castellan", "卡斯特兰"),
    ("Wynter", "温特"),
    ("Okonjo", "奥孔乔"),
]
SURNAMES = [
    ("Wen", "温"),
    ("Lin", "林"),
    ("Zhou", "周"),
    ("Chen", "陈"),
    ("He", "何"),
    ("Liang", "梁"),
    ("Xu", "许"),
    ("Tang", "唐"),
    ("Song", "宋"),
    ("Guo", "郭"),
    ("Fang", "方"),
    ("Lu", "陆"),
    ("Su", "苏"),
    ("Ye", "叶"),
    ("Cao", "曹"),
    ("Shen", "沈"),
    ("Han", "韩"),
    ("Qian", "钱"),
    ("Mo", "莫"),
    ("Du", "杜"),
]
SYLLABLES = [
    ("ya", "雅"),
    ("ming", "明"),
    ("shu", "书"),
    ("xiao", "晓"),
    ("jia", "嘉"),
    ("hui", "慧"),
    ("zhi", "志"),
    ("wen", "文"),
    ("yu", "宇"),
    ("jing", "静"),
    ("hai", "海"),
    ("qiu", "秋"),
    ("lan", "兰"),
    ("rui", "瑞"),
    ("yi", "怡"),
    ("chen", "晨"),
    ("tao", "涛"),
    ("feng", "峰"),
    ("xin", "欣"),
    ("qing", "青"),
    ("pei", "佩"),
    ("yuan", "远"),
    ("ning", "宁"),
    ("hong", "虹"),
]

STAFF_ROLES = [
    "Staff writer",
    "Staff correspondent",
    "Senior correspondent",
    "Business reporter",
    "Business editor",
    "Culture writer",
    "Culture editor",
    "Science correspondent",
    "Data reporter",
    "Political correspondent",
    "Transport correspondent",
    "Health reporter",
    "Education reporter",
    "Environment correspondent",
    "Port Halden correspondent",
    "Strait correspondent",
    "Features writer",
    "Meridian writer",
    "Wire correspondent",
    "Contributing writer",
    "Investigations editor",
    "Video journalist",
]
TRANSLATOR_ROLES = ["Translator", "Senior translator", "Translator and sub-editor"]
BEATS = [
    "transport and city affairs",
    "ports, shipping and trade",
    "science and the environment",
    "schools and universities",
    "health and social care",
    "festivals, music and the arts",
    "fisheries and the coast",
    "housing and property",
    "energy and climate",
    "council politics",
    "food, markets and small business",
    "technology and start-ups",
]
OUTLETS = [
    "the Vessary Evening Post",
    "a regional radio station in Orrin",
    "the Harbour Wire Service",
    "the Brightwater Courier",
    "a community newspaper in Saltmarsh",
    "the Strait Statistics Office",
    "the Lowmere Gazette",
    "a shipping newsletter in Port Halden",
]
STUDIES = [
    "maritime history",
    "economics",
    "marine biology",
    "journalism",
    "public policy",
    "architecture",
    "statistics",
    "urban planning",
    "music",
    "geography",
]
UNIVERSITIES = ["Lumen Strait University", "Northgate Polytechnic", "the University of Vessary"]
BOOKS = [
    "the lighthouses of the Lumen Strait",
    "old harbour timetables",
    "the rice terraces of the Amber Delta",
    "the last wooden shipyards of Orrin",
    "the night markets of Eastbay",
]
TRANSLATION_FIELDS = ["business", "legal", "scientific", "literary", "technical"]

ROLES = [  # a quoted person's description; {inst} is the story's institution
    ("spokesperson for {inst}", "{inst}发言人"),
    ("deputy director of {inst}", "{inst}副主任"),
    ("a researcher at {inst}", "{inst}研究员"),
    ("chair of {inst}", "{inst}主席"),
    ("an economist at {inst}", "{inst}经济学家"),
    ("a councillor in {town}", "{town}议员"),
    ("a shop owner in {town}", "{town}店主"),
    ("a teacher in {town}", "{town}教师"),
    ("a retired skipper from {town}", "来自{town}的退休船长"),
    ("a community organiser in {town}", "{town}社区组织者"),
    ("a resident of {town}", "{town}居民"),
]

EN_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve".split()
ZH_NUMBERS = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = [
    ("Monday", "周一"),
    ("Tuesday", "周二"),
    ("Wednesday", "周三"),
    ("Thursday", "周四"),
    ("Friday", "周五"),
    ("Saturday", "周六"),
    ("Sunday", "周日"),
]


@dataclass(frozen=True)
class Template:
    """An English and a Chinese sentence with the same slots."""

    en: str
    zh: str
    fields: tuple[str, ...] = ()  # the slots drawn afresh for each use (numbers, dates)
    sentences: int = 1


# Slots every story fills once; the others are numbers and dates drawn per sentence.
STORY_SLOTS = {
    "topic",
    "plan",
    "group",
    "metric",
    "inst",
    "inst2",
    "town",
    "town2",
    "place",
    "place2",
    "person",
    "role",
    "person2",
    "role2",
}


def _draw_pct(rng):
    p = rng.randint(3, 45)
    return f"{p} per cent", f"{p}%"


def _draw_pcts(rng):
    p = rng.randint(3, 45)
    return f"{p}%", f"{p}%"


def _draw_count(rng):
    c = rng.randrange(12, 900) * 10
    return f"{c:,}", str(c)


def _draw_money(rng):
    millions = rng.choice([rng.uniform(1.5, 9.9), rng.uniform(10, 95), rng.uniform(100, 480)])
    if millions < 10:
        en = f"{millions:.1f} million strait dollars"
    else:
        en = f"{millions:,.0f} million strait dollars"
    if millions >= 100:
        zh = f"{millions / 100:.1f}亿海峡元"
    else:
        zh = (
            f"{round(millions * 100)}万海峡元"
            if millions >= 10
            else f"{millions * 100:.0f}万海峡元"
        )
    return en, zh


def _draw_n(rng):
    n = rng.randint(2, 12)
    return EN_NUMBERS[n], ZH_NUMBERS[n]


def _draw_month(rng):
    i = rng.randrange(12)
    return MONTHS[i], f"{i + 1}月"


def _draw_year(rng):
    year = str(rng.randint(2008, 2021))
    return year, year


DRAWERS = {
    "pct": _draw_pct,
    "pcts": _draw_pcts,
    "count": _draw_count,
    "money": _draw_money,
    "n": _draw_n,
    "month": _draw_month,
    "weekday": lambda rng: rng.choice(WEEKDAYS),
    "year": _draw_year,
}


def _templates(*pairs: tuple[str, str]) -> list[Template]:
    """Templates from (English, Chinese) pairs, checking both use the same slots."""
    result = []
    for en, zh in pairs:
        en_fields = {name for _, name, _, _ in string.Formatter().parse(en) if name}
        zh_fields = {name for _, name, _, _ in string.Formatter().parse(zh) if name}
        if en_fields != zh_fields or not en_fields <= STORY_SLOTS | DRAWERS.keys():
            raise ValueError(f"template slots differ or are unknown: {en!r} / {zh!r}")
        sentences = len(re.findall(r"[.?!](?: |$)", en)) or 1
        result.append(Template(en, zh, tuple(sorted(en_fields - STORY_SLOTS)), sentences))
    return result


HEADLINES = _templates(
    ("{town} council backs {plan}", "{town}议会支持{plan}"),
    (
        "{inst} to review {topic} after complaints from {group}",
        "因{group}投诉，{inst}将评估{topic}",
    ),
    ("{metric} up {pcts} as {topic} faces new scrutiny", "{topic}再受关注，{metric}上升{pcts}"),
    ("What {plan} would mean for {group} in {town}", "{plan}对{town}的{group}意味着什么"),
    ("{group} in {town} push back against {plan}", "{town}的{group}反对{plan}"),
    ("{town} weighs {plan} amid pressure on {metric}", "{metric}承压，{town}考虑{plan}"),
    ("Inside the fight over {topic}", "{topic}之争内幕"),
    ("Why {group} in {town} are worried about {topic}", "{town}的{group}为何担心{topic}"),
    ("{inst} sets aside {money} for {plan}", "{inst}拨款{money}用于{plan}"),
    ("After {n} years of delays, {topic} moves ahead", "拖延{n}年后，{topic}取得进展"),
    ("{town} looks to {town2} for lessons on {topic}", "{town}借鉴{town2}的{topic}经验"),
    ("Vote on {plan} delayed until {month}", "{plan}表决推迟至{month}"),
    ("{group} welcome {plan}, but questions remain", "{group}欢迎{plan}，但疑问犹存"),
    ("{metric} fall {pcts} in {place}", "{place}{metric}下降{pcts}"),
    ("{place} braces for changes to {topic}", "{place}准备迎接{topic}的变化"),
)
REVIEW_HEADLINES = _templates(
    ("{topic} needs more than {plan}", "{topic}需要的不只是{plan}"),
    ("The case for {plan}", "支持{plan}的理由"),
    ("We should listen to {group} on {topic}", "在{topic}问题上，我们应倾听{group}的声音"),
    ("{town} is getting {topic} wrong", "{town}在{topic}问题上走错了方向"),
    ("Who really pays for {plan}?", "{plan}的代价究竟由谁承担？"),
)
EXPLAINER_HEADLINES = _templates(
    ("How {topic} works, and why it matters now", "{topic}如何运作，为何此刻重要"),
    ("{topic}: {n} questions answered", "关于{topic}的{n}个问题"),
    ("What {plan} would change", "{plan}会带来哪些改变"),
    ("{metric}, explained", "一文读懂{metric}"),
)
STANDFIRSTS = _templates(
    (
        "{inst} says {plan} could cut {metric} by {pct}, but {group} want guarantees.",
        "{inst}表示，{plan}可使{metric}下降{pct}，但{group}希望得到保证。",
    ),
    (
        "The decision follows {n} months of debate in {town} and a survey showing wide "
        "support among {group}.",
        "这一决定此前在{town}经过了{n}个月的讨论，一项调查显示{group}普遍支持。",
    ),
    (
        "With {metric} under pressure, {inst} is expected to act before the end of {month}.",
        "{metric}承压之下，外界预计{inst}将在{month}底前采取行动。",
    ),
    (
        "Supporters say {plan} is overdue; critics say a price tag of {money} is too high.",
        "支持者认为{plan}早该推出；批评者则认为{money}的花费过高。",
    ),
    (
        "From {town} to {town2}, {group} are adjusting to changes in {topic}.",
        "从{town}到{town2}，{group}正在适应{topic}带来的变化。",
    ),
    (
        "A new report from {inst} raises questions about {topic} and who pays for it.",
        "{inst}的一份新报告对{topic}及其费用由谁承担提出了疑问。",
    ),
    (
        "{topic} has divided {place} for {n} years. A vote in {month} could settle it.",
        "{topic}已让{place}争论了{n}年，{month}的一次表决或将一锤定音。",
    ),
)
LEDES = _templates(
    (
        "{inst} announced on {weekday} that it would press ahead with {plan}, a decision "
        "closely watched by {group} in {town}.",
        "{inst}{weekday}宣布将推进{plan}，{town}的{group}对这一决定高度关注。",
    ),
    (
        "Councillors in {town} voted on {weekday} to study {plan}, after {metric} rose by "
        "{pct} in a single year.",
        "{town}议员{weekday}投票决定研究{plan}，此前{metric}在一年内上升了{pct}。",
    ),
    (
        "For the first time since {year}, {topic} is back at the centre of public debate in "
        "{place}.",
        "自{year}年以来，{topic}首次重新成为{place}公共讨论的焦点。",
    ),
    (
        "A report published on {weekday} by {inst} found that {metric} in {town} had fallen "
        "by {pct} over the past {n} years.",
        "{inst}{weekday}发布的报告显示，过去{n}年{town}的{metric}下降了{pct}。",
    ),
    (
        "{group} in {town} say {topic} is changing faster than the rules that govern it.",
        "{town}的{group}表示，{topic}的变化比相关规则的调整更快。",
    ),
    (
        "Plans for {plan} cleared their first hurdle on {weekday}, when {inst} agreed to "
        "set aside {money} for a trial.",
        "{weekday}，{plan}迈过了第一道门槛：{inst}同意拨出{money}进行试点。",
    ),
)
SENTENCES = _templates(
    (
        "{inst} said on {weekday} that {topic} would be reviewed before the end of {month}.",
        "{inst}{weekday}表示，将在{month}底前对{topic}进行评估。",
    ),
    (
        "The proposal for {plan} has divided opinion in {town} for more than {n} months.",
        "关于{plan}的提议在{town}已争论了{n}个多月。",
    ),
    (
        "Figures published by {inst} show that {metric} rose by {pct} over the past year.",
        "{inst}公布的数据显示，过去一年{metric}上升了{pct}。",
    ),
    (
        "Officials expect {metric} to fall by about {pct} once {plan} is in place.",
        "官员预计，{plan}落实后，{metric}将下降约{pct}。",
    ),
    (
        "For many {group}, the change cannot come soon enough.",
        "对许多{group}来说，这一变化来得越早越好。",
    ),
    (
        "{group} in {town} say they were not consulted before the decision was made.",
        "{town}的{group}表示，作出决定前他们并未被征求意见。",
    ),
    (
        "The cost of {plan} is estimated at {money}, about a third of which would come from "
        "{inst2}.",
        "{plan}的费用估计为{money}，其中约三分之一将由{inst2}承担。",
    ),
    (
        "A public meeting in {town} on {weekday} evening drew more than {count} people.",
        "{weekday}晚上在{town}举行的公开会议吸引了{count}多人参加。",
    ),
    (
        "Critics argue that {plan} treats the symptoms rather than the causes.",
        "批评者认为，{plan}治标不治本。",
    ),
    (
        "Supporters point to {town2}, where a similar approach was tried {n} years ago.",
        "支持者以{town2}为例，那里{n}年前尝试过类似做法。",
    ),
    (
        "There, {metric} improved within two seasons, according to a study by {inst2}.",
        "{inst2}的一项研究显示，那里的{metric}在两个季度内就有所改善。",
    ),
    (
        "{topic} has been a recurring issue in council debates since {year}.",
        "自{year}年以来，{topic}一直是议会辩论中反复出现的议题。",
    ),
    ("The council is due to vote on {plan} in {month}.", "议会定于{month}就{plan}进行表决。"),
    (
        "Some {group} have already changed their plans in anticipation.",
        "一些{group}已经提前调整了自己的计划。",
    ),
    (
        "{inst} has promised to publish its data every week, so that the debate can rest on "
        "shared numbers.",
        "{inst}承诺每周公布数据，让讨论建立在共同的数字之上。",
    ),
    (
        "Independent analysts say the long-term trend in {metric} matters more than any "
        "single month's figure.",
        "独立分析人士表示，{metric}的长期趋势比任何单月数据都更重要。",
    ),
    ("In {town2}, the mood is more cautious.", "在{town2}，人们的情绪更为谨慎。"),
    (
        "Local businesses say the uncertainty has made it hard to plan beyond {month}.",
        "当地商家表示，不确定性让他们难以为{month}以后做打算。",
    ),
    (
        "The first phase is expected to be finished within {n} months, weather permitting.",
        "如果天气允许，第一阶段工作预计将在{n}个月内完成。",
    ),
    (
        "{person}, {role}, said the timetable was ambitious but achievable.",
        "{role}{person}表示，时间表很紧，但可以实现。",
    ),
    (
        "Asked about the cost, {person} said the alternative would be more expensive.",
        "在被问及费用时，{person}表示，不这样做代价会更高。",
    ),
    (
        "A survey of {count} residents found that {pct} supported {plan}.",
        "一项针对{count}名居民的调查发现，{pct}的人支持{plan}。",
    ),
    (
        "Opposition councillors have asked for an independent review of {topic}.",
        "反对派议员要求对{topic}进行独立审查。",
    ),
    (
        "The last comparable project in {place2} ran {pct} over budget.",
        "{place2}上一个类似项目超支了{pct}。",
    ),
    (
        "Those figures do not include maintenance, whose cost {inst} has yet to publish.",
        "这些数字不包括维护费用，{inst}尚未公布相关数据。",
    ),
    (
        "Residents can comment on the plans at the town hall until the end of {month}.",
        "居民可在{month}底前到市政厅对方案发表意见。",
    ),
    (
        "{inst} says it will report back to the council in {month}.",
        "{inst}表示将于{month}向议会汇报。",
    ),
    (
        "The argument over {topic} is, at heart, an argument about who pays.",
        "围绕{topic}的争论，归根结底是关于由谁买单的争论。",
    ),
    ("Few expect a quick resolution.", "很少有人预计问题能很快解决。"),
    (
        "Since then, the figures for {metric} have recovered slowly, and not evenly.",
        "此后，{metric}的数据缓慢回升，但并不均衡。",
    ),
    (
        "In the villages along the coast, {group} describe a different picture.",
        "在沿海村庄，{group}描述了另一番景象。",
    ),
    (
        "{person2}, {role2}, has followed {topic} for years and remains unconvinced.",
        "{role2}{person2}关注{topic}多年，至今仍不以为然。",
    ),
    ("The arrangement will be reviewed after {n} years.", "这一安排将在{n}年后接受评估。"),
    (
        "According to {inst}, as many as {count} people could be affected.",
        "据{inst}估计，可能受影响的人数多达{count}人。",
    ),
    ("Officials in {town2} are watching closely.", "{town2}的官员正密切关注事态发展。"),
    (
        "The next test will come in {month}, when {inst} publishes its annual report.",
        "下一次考验将在{month}到来，届时{inst}将发布年度报告。",
    ),
    (
        "{person2} said the decision had been taken too quickly and without enough data.",
        "{person2}表示，这一决定做得太仓促，缺乏足够的数据支撑。",
    ),
    (
        "The idea is not new: {inst2} first suggested it in {year}.",
        "这个想法并不新鲜：{inst2}早在{year}年就提出过。",
    ),
    (
        "At the time, the estimated cost was {money}, and the plan was shelved.",
        "当时的预计费用为{money}，计划因此被搁置。",
    ),
    (
        "What has changed since is the pressure on {metric}.",
        "此后改变的，是{metric}所承受的压力。",
    ),
    (
        "About {pct} of {group} in {place} now say the issue affects them directly.",
        "如今，{place}约{pct}的{group}表示这一问题直接影响到他们。",
    ),
    (
        "Several {group} told Pacific Meridian they would wait and see.",
        "几位{group}对《太平洋子午线》表示，他们会先观望。",
    ),
    (
        "The council's own forecast, published in {month}, was more optimistic.",
        "议会在{month}发布的预测则更为乐观。",
    ),
    (
        "It assumed that {metric} would stabilise within {n} years.",
        "该预测假设{metric}将在{n}年内趋于稳定。",
    ),
    (
        "Neighbouring {town2} has taken a different route, with mixed results.",
        "邻近的{town2}走了另一条路，效果好坏参半。",
    ),
    (
        "{inst2} has offered to share its data with the council free of charge.",
        "{inst2}表示愿意免费向议会提供数据。",
    ),
    (
        "For now, {group} are left to make their own arrangements.",
        "目前，{group}只能自行安排。",
    ),
    (
        "The details will matter more than the headline figure of {money}.",
        "比起{money}这个总数，具体细节更为重要。",
    ),
)
SUBHEADINGS = _templates(
    ("What happens next", "下一步"),
    ("Who pays", "谁来买单"),
    ("A divided {town}", "分歧中的{town}"),
    ("The numbers", "数字背后"),
    ("Lessons from {town2}", "{town2}的经验"),
    ("Voices from {town}", "来自{town}的声音"),
    ("An old argument", "老问题，新争论"),
    ("What {group} say", "{group}怎么说"),
    ("The view from {inst}", "{inst}的看法"),
    ("Timeline", "时间表"),
    ("Why it matters", "为何重要"),
)
QUOTES = _templates(
    (
        "We have waited long enough. {plan} will not fix everything, but it is a start.",
        "我们已经等得够久了。{plan}不能解决所有问题，但这是一个开始。",
    ),
    (
        "Nobody asked {group} what they needed. That is the real problem.",
        "没有人问过{group}需要什么，这才是真正的问题。",
    ),
    (
        "Look at the figures for {metric} and you will see why people are worried.",
        "看看{metric}的数据，你就会明白大家为什么担心。",
    ),
    (
        "If we get {topic} right, {town} will feel the difference within a year.",
        "如果{topic}处理得当，{town}一年之内就能感受到变化。",
    ),
    (
        "I have lived in {town} all my life and I have never seen anything like this.",
        "我在{town}生活了一辈子，从没见过这样的情况。",
    ),
    (
        "This is not about politics. It is about whether {group} can plan for next year.",
        "这与政治无关，关键在于{group}能否为明年做打算。",
    ),
    (
        "A map does not walk by itself. Somebody has to carry out {plan}.",
        "地图自己不会走路，总得有人去落实{plan}。",
    ),
    (
        "We will publish every figure, so anyone can check our work.",
        "我们会公布每一个数字，任何人都可以核查我们的工作。",
    ),
    (
        "{town2} showed us that it can be done, and done cheaply.",
        "{town2}已经证明这件事做得成，而且花费不高。",
    ),
    (
        "People are tired of promises. They want to see {plan} working.",
        "人们已经厌倦了承诺，他们想看到{plan}真正落地。",
    ),
)

# Images: what the drawings show, and how they are captioned.
PALETTES = [
    ("#1B2A49", "#F2A65A"),
    ("#C9D9E3", "#3B6E8F"),
    ("#2F5D62", "#DCE8D3"),
    ("#4B3F72", "#F4C095"),
    ("#0F3D3E", "#E2DCC8"),
    ("#8C4A2F", "#F6E7CB"),
    ("#355070", "#EAAC8B"),
    ("#1F6F8B", "#F9F3DF"),
    ("#3A7D44", "#F1E9C9"),
    ("#5C6B73", "#E0E1DD"),
]
MOTIFS = {
    "skyline": (
        [
            "The {town} skyline from the ferry pier at dusk.",
            "Old warehouses and new offices along the {town} waterfront.",
        ],
        "Illustration of a city skyline at dusk above a calm harbour.",
    ),
    "waves": (
        [
            "Morning swell in {region}.",
            "A ferry crossing {region} in a stiff breeze.",
        ],
        "Illustration of layered waves under a pale sky.",
    ),
    "hills": (
        [
            "The hills above {town} after the first autumn rain.",
            "Terraced fields near {town}.",
        ],
        "Illustration of rolling hills in layers fading into haze.",
    ),
    "grid": (
        [
            "Container stacks at the {town} terminal.",
            "Solar panels on a warehouse roof in {town}.",
        ],
        "Illustration of a regular grid of coloured rectangles.",
    ),
    "sun": (
        [
            "Sunrise over the harbour wall in {town}.",
            "Evening light over {region}.",
        ],
        "Illustration of a low sun over a flat horizon.",
    ),
}

# ---------------------------------------------------------------------------------------
# Helpers.
# ---------------------------------------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


SENTENCE_START = re.compile(r"(?<=[.?!] )[a-z]")


def _cap_sentences(text: str) -> str:
    """Capitalize every sentence: "We waited. a plan will ..." -> "... A plan will ..."."""
    return _cap(SENTENCE_START.sub(lambda match: match.group().upper(), text))


def _escape(text: str) -> str:
    """Escape text for the body, as the sanitizer would write it (quotes stay as they are)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain(place: str) -> str:
    """A place's name without its article, for tags: "the Lumen Strait" -> "Lumen Strait"."""
    return place[4:] if place.startswith("the ") else place


def _name(rng: random.Random) -> tuple[str, str, bool]:
    """A person's name in Latin letters and in Chinese, and whether it is a Chinese name."""
    if rng.random() < 0.4:
        surname = rng.choice(SURNAMES)
        first, second = rng.sample(SYLLABLES, 2)
        given = (_cap(first[0] + second[0]), first[1] + second[1])
        return f"{surname[0]} {given[0]}", surname[1] + given[1], True
    given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
    return f"{given[0]} {family[0]}", f"{given[1]}·{family[1]}", False


# ---------------------------------------------------------------------------------------
# Pools: sections, columns, people, tags and images, shared by every seed.
# ---------------------------------------------------------------------------------------


@dataclass
class Pools:
    sections: dict[str, Section]
    columns: dict[str, Column]
    writers: list[Person]  # English-desk authors
    chinese_writers: list[Person]  # authors of Chinese originals
    translators: list[Person]
    tags: list[Tag]
    tags_by_name: dict[str, Tag]
    images: list[Image]
    created: dict[str, int] = field(default_factory=dict)
    images_by_id: dict[int, Image] = field(init=False)

    def __post_init__(self):
        self.images_by_id = {image.pk: image for image in self.images}


def _sections_and_columns(created: dict[str, int]):
    sections, columns = {}, {}
    created["sections"] = created["columns"] = 0
    for position, (slug, name, name_zh) in enumerate(SECTIONS):
        sections[slug], new = Section.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_zh": name_zh, "position": position}
        )
        created["sections"] += new
    for slug, name, name_zh, description in COLUMNS:
        columns[slug], new = Column.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_zh": name_zh, "description": description}
        )
        created["columns"] += new
    return sections, columns


def _people_specs() -> list[dict]:
    """The generated staff: PEOPLE people, the first TRANSLATORS of them translators."""
    from newsdesk.devdata.demo_data import PEOPLE as DEMO_PEOPLE

    rng = random.Random("newsdesk-archive:people")
    taken = {spec["slug"] for spec in DEMO_PEOPLE}
    specs = []
    while len(specs) < PEOPLE:
        name, _, chinese = _name(rng)
        slug = slugify(name)
        if slug in taken:
            continue
        taken.add(slug)
        short = name if chinese else name.split()[0]
        studied = f"{rng.choice(STUDIES)} at {rng.choice(UNIVERSITIES)}"
        if len(specs) < TRANSLATORS:
            role = rng.choice(TRANSLATOR_ROLES)
            bio = (
                f"{name} translates between Chinese and English for Pacific Meridian. "
                f"{short} studied {studied} and specialises in "
                f"{rng.choice(TRANSLATION_FIELDS)} texts."
            )
        else:
            role = rng.choice(STAFF_ROLES)
            town = rng.choice(TOWNS)[0]
            extra = rng.choice(
                [
                    f"{short} studied {studied}.",
                    f"{short} lives in {town} and commutes by ferry.",
                    f"{short} is the author of a book about {rng.choice(BOOKS)}.",
                    f"A graduate of {rng.choice(UNIVERSITIES)}, {short} also teaches a short "
                    "course on news reporting.",
                ]
            )
            bio = (
                f"{name} {rng.choice(['covers', 'reports on', 'writes about'])} "
                f"{rng.choice(BEATS)} from {town}. Before joining Pacific Meridian, {short} "
                f"spent {EN_NUMBERS[rng.randint(2, 12)]} years at {rng.choice(OUTLETS)}. {extra}"
            )
        specs.append(
            {"slug": slug, "name": name, "role_title": role, "bio": bio, "chinese": chinese}
        )
    return specs


def _people(created: dict[str, int]):
    specs = _people_specs()
    slugs = [spec["slug"] for spec in specs]
    before = Person.objects.filter(slug__in=slugs).count()
    Person.objects.bulk_create(
        [
            Person(slug=s["slug"], name=s["name"], role_title=s["role_title"], bio=s["bio"])
            for s in specs
        ],
        ignore_conflicts=True,
    )
    people = Person.objects.in_bulk(slugs, field_name="slug")
    created["people"] = len(people) - before
    translators = [people[s["slug"]] for s in specs[:TRANSLATORS]]
    staff = specs[TRANSLATORS:]
    writers = [people[s["slug"]] for s in staff]
    chinese_writers = [people[s["slug"]] for s in staff if s["chinese"]]
    return writers, chinese_writers or writers, translators


def _tag_names() -> list[str]:
    names = [topic.tag for topic in TOPICS]
    names += [_plain(place) for place, _ in TOWNS + REGIONS]
    names += [_plain(inst) for inst, _ in INSTITUTIONS.values()]
    names += [
        "Infrastructure",
        "Courts",
        "Weather",
        "Typhoons",
        "Budget",
        "Shipping",
        "Universities",
        "Inflation",
        "Wages",
        "Pensions",
        "Public transport",
        "Cycling",
        "Parks",
        "Waste and recycling",
        "Drought",
        "Floods",
        "Wildlife",
        "Oceans",
        "Astronomy",
        "Data",
        "Privacy",
        "Start-ups",
        "Small business",
        "Markets",
        "Theatre",
        "Art",
        "Photography",
        "Architecture",
        "Poetry",
        "Translation",
        "Rowing",
        "Dragon boats",
        "Lanterns",
        "Night markets",
        "Tea",
        "Rice",
        "Coastal erosion",
        "Mangroves",
        "Lighthouses",
        "Bridges",
    ]
    rng = random.Random("newsdesk-archive:tags")
    seen = {name.lower() for name in names}
    while len(names) < TAGS:
        town = rng.choice(TOWNS)[0]
        topic = rng.choice(TOPICS).tag
        name = f"{town} {topic.lower()}"
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def _tags(created: dict[str, int]):
    names = _tag_names()
    before = Tag.objects.filter(name__in=names).count()
    Tag.objects.bulk_create(
        [Tag(name=name, slug=slugify(name, allow_unicode=True)) for name in names],
        ignore_conflicts=True,
    )
    by_name = Tag.objects.in_bulk(names, field_name="name")
    created["tags"] = len(by_name) - before
    return [by_name[name] for name in names if name in by_name], by_name


def _draw(motif: str, palette: tuple[str, str], rng: random.Random) -> bytes:
    """A simple illustration (gradient and shapes), as JPEG bytes; quick to draw."""
    width, height = IMAGE_SIZE
    top, bottom = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in palette)
    column = Picture.new("RGB", (1, height))
    for y in range(height):
        t = y / (height - 1)
        column.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    picture = column.resize((width, height))
    draw = ImageDraw.Draw(picture)
    dark = tuple(round(c * 0.35) for c in top)
    light = tuple(min(255, round(c * 1.15 + 30)) for c in bottom)
    horizon = round(height * rng.uniform(0.55, 0.7))
    if motif == "skyline":
        x = 0
        while x < width:
            w = rng.randint(40, 120)
            h = rng.randint(height // 10, height // 2)
            draw.rectangle((x, horizon - h, x + w, horizon), fill=dark)
            for wy in range(horizon - h + 12, horizon - 10, 22):
                for wx in range(x + 8, x + w - 12, 18):
                    if rng.random() < 0.35:
                        draw.rectangle((wx, wy, wx + 6, wy + 9), fill=light)
            x += w + rng.randint(2, 12)
        draw.rectangle((0, horizon, width, height), fill=tuple(round(c * 0.6) for c in top))
    elif motif == "waves":
        for band in range(6):
            base = horizon + band * (height - horizon) // 6
            shade = tuple(round(c * (0.9 - band * 0.1)) for c in bottom)
            points = [(0, height)]
            for x in range(0, width + 40, 40):
                points.append((x, base + rng.randint(-14, 14)))
            points.append((width, height))
            draw.polygon(points, fill=shade)
    elif motif == "hills":
        for layer in range(3):
            base = horizon - 120 + layer * 90
            shade = tuple(round(c * (0.75 - layer * 0.2)) for c in top)
            points = [(0, height)]
            y = base
            for x in range(0, width + 60, 60):
                y = max(height // 5, min(height - 40, y + rng.randint(-45, 45)))
                points.append((x, y))
            points.append((width, height))
            draw.polygon(points, fill=shade)
    elif motif == "grid":
        colours = [dark, light, tuple(round(c * 0.7) for c in bottom), (176, 64, 48)]
        for y in range(horizon - 240, height, 60):
            for x in range(0, width, 150):
                draw.rectangle((x + 4, y + 4, x + 146, y + 56), fill=rng.choice(colours))
    else:  # sun
        r = rng.randint(60, 120)
        cx = rng.randint(r, width - r)
        draw.ellipse((cx - r, horizon - r, cx + r, horizon + r), fill=light)
        draw.rectangle((0, horizon, width, height), fill=dark)
        for y in range(horizon + 10, height, 24):
            draw.line((cx - r, y, cx + r, y), fill=light, width=2)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def _images(created: dict[str, int]) -> list[Image]:
    rng = random.Random("newsdesk-archive:images")
    photographers = [_name(rng)[0] for _ in range(8)]
    names = [f"generated/images/img-{n}.jpg" for n in range(1, IMAGES + 1)]
    existing = {image.file.name: image for image in Image.objects.filter(file__in=names)}
    new = []
    for name in names:
        motif = rng.choice(list(MOTIFS))
        palette = rng.choice(PALETTES)
        captions, alt = MOTIFS[motif]
        caption = rng.choice(captions).format(
            town=rng.choice(TOWNS)[0], region=rng.choice(REGIONS)[0]
        )
        credit = (
            "Photo: Harbour Wire Service"
            if rng.random() < 0.15
            else f"Photo: {rng.choice(photographers)} / Pacific Meridian"
        )
        draw_seed = rng.random()
        if not default_storage.exists(name):
            data = _draw(motif, palette, random.Random(draw_seed))
            saved = default_storage.save(name, ContentFile(data))
            assert saved == name, f"storage renamed {name} to {saved}"
        if name not in existing:
            new.append(
                Image(
                    file=name,
                    caption=_cap(caption),
                    credit=credit,
                    alt_text=alt,
                    width=IMAGE_SIZE[0],
                    height=IMAGE_SIZE[1],
                )
            )
    Image.objects.bulk_create(new)
    created["images"] = len(new)
    by_name = {image.file.name: image for image in Image.objects.filter(file__in=names)}
    return [by_name[name] for name in names]


def load_pools() -> Pools:
    """Get or create what articles are made of; the same for every seed."""
    created: dict[str, int] = {}
    with transaction.atomic():
        sections, columns = _sections_and_columns(created)
        writers, chinese_writers, translators = _people(created)
        tags, tags_by_name = _tags(created)
        images = _images(created)
    return Pools(
        sections,
        columns,
        writers,
        chinese_writers,
        translators,
        tags,
        tags_by_name,
        images,
        created,
    )


# ---------------------------------------------------------------------------------------
# Stories: everything about an article that is not language, decided from (seed, number).
# ---------------------------------------------------------------------------------------


@dataclass
class Story:
    number: int
    chinese: bool
    topic: Topic
    column: str | None
    slots: tuple[dict[str, str], dict[str, str]]  # English, Chinese
    headline: tuple[str, str]
    authors: list[Person]
    tags: list[Tag]
    lead_image: Image | None
    inline_image: Image | None
    source_line: str
    minutes_ago: float  # publication time, before "now", if published in sequence
    translation_delay: timedelta
    revised_after: timedelta | None


def _plan(seed: int, count: int) -> list[str]:
    """The kind of each article number 1..count; a prefix of the plan for a larger count."""
    rng = random.Random(f"newsdesk-archive:{seed}:plan")
    kinds: list[str] = []
    while len(kinds) < count:
        r = rng.random()
        if r < PAIR_SHARE:
            kinds += [ZH, TRANSLATION]
            continue
        r = rng.random()
        for kind, share in HIDDEN_SHARES:
            if r < share:
                kinds.append(kind)
                break
            r -= share
        else:
            kinds.append(EN)
    return kinds[:count]


def _fill(template: Template, language: int, slots: dict[str, str], drawn) -> str:
    values = {**slots, **{name: drawn[name][language] for name in template.fields}}
    text = (template.en if language == 0 else template.zh).format_map(values)
    if language == 1:
        return text
    return _cap_sentences(text) if template.sentences > 1 else _cap(text)


def _draw_fields(template: Template, rng: random.Random) -> dict[str, tuple[str, str]]:
    return {name: DRAWERS[name](rng) for name in template.fields}


def _story(seed: int, number: int, chinese: bool, pools: Pools) -> Story:
    rng = random.Random(f"newsdesk-archive:{seed}:{number}")
    topic = rng.choice(TOPICS)
    town, town2 = rng.sample(TOWNS, 2)
    place = rng.choice([town, town, rng.choice(REGIONS)])
    place2 = rng.choice([town2, rng.choice(REGIONS)])
    if place2 == place:
        place2 = town2
    council = (f"{town[0]} Council", f"{town[1]}议会")
    inst = rng.choice([INSTITUTIONS[key] for key in topic.institutions] + [council])
    council2 = (f"{town2[0]} Council", f"{town2[1]}议会")
    nearby = [INSTITUTIONS[key] for key in NEARBY_INSTITUTIONS[topic.section]]
    inst2 = rng.choice([value for value in nearby if value != inst] + [council2])
    people = []
    for _ in range(2):
        name = _name(rng)[:2]
        role = rng.choice(ROLES)
        where = {"inst": inst[0], "town": rng.choice([town, town2])[0]}
        where_zh = {"inst": inst[1], "town": town[1] if where["town"] == town[0] else town2[1]}
        people.append((name, (role[0].format(**where), role[1].format(**where_zh))))
    slots = tuple(
        {
            "topic": topic.topic[i],
            "plan": topic.plan[i],
            "group": topic.group[i],
            "metric": topic.metric[i],
            "inst": inst[i],
            "inst2": inst2[i],
            "town": town[i],
            "town2": town2[i],
            "place": place[i],
            "place2": place2[i],
            "person": people[0][0][i],
            "role": people[0][1][i],
            "person2": people[1][0][i],
            "role2": people[1][1][i],
        }
        for i in (0, 1)
    )
    r = rng.random()
    column = "review" if r < 0.07 else "explainer" if r < 0.12 else None
    headlines = {"review": REVIEW_HEADLINES, "explainer": EXPLAINER_HEADLINES}.get(
        column, HEADLINES
    )
    template = rng.choice(headlines)
    drawn = _draw_fields(template, rng)
    headline = (_fill(template, 0, slots[0], drawn), _fill(template, 1, slots[1], drawn))

    writers = pools.chinese_writers if chinese else pools.writers
    authors = rng.sample(writers, rng.choices([1, 2, 3], weights=[70, 22, 8])[0])
    wanted = [topic.tag, _plain(town[0]), _plain(place[0]), _plain(inst[0])]
    tags = []
    for name in wanted:
        tag = pools.tags_by_name.get(name)
        if tag is not None and tag not in tags:
            tags.append(tag)
    size = rng.randint(2, 5)
    tags = tags[: min(size, 3)]
    while len(tags) < size:
        tag = rng.choice(pools.tags)
        if tag not in tags:
            tags.append(tag)
    lead_image = rng.choice(pools.images) if rng.random() < 0.7 else None
    inline_image = None
    if rng.random() < 0.3:
        inline_image = rng.choice([image for image in pools.images if image != lead_image])
    wire = rng.random() < 0.08
    return Story(
        number=number,
        chinese=chinese,
        topic=topic,
        column=column,
        slots=slots,
        headline=headline,
        authors=authors,
        tags=tags,
        lead_image=lead_image,
        inline_image=inline_image,
        source_line=rng.choice(WIRE_SOURCES) if wire else OWN_SOURCE,
        minutes_ago=5 + (number - 1 + rng.random()) * 24 * 60 / ARTICLES_PER_DAY,
        translation_delay=timedelta(minutes=rng.randint(60, 12 * 60)),
        revised_after=(
            timedelta(minutes=rng.randint(20, 3 * 24 * 60)) if rng.random() < 0.08 else None
        ),
    )


def _texts(seed: int, story: Story, language: int) -> tuple[str, str]:
    """The standfirst and the body (sanitized body HTML) of ``story`` in ``language``.

    The choices are drawn the same way whatever the language, so a translation has the
    same blocks, people and numbers as its original.
    """
    rng = random.Random(f"newsdesk-archive:{seed}:{story.number}:text")
    slots = story.slots[language]

    def sentence(template: Template) -> str:
        return _escape(_fill(template, language, slots, _draw_fields(template, rng)))

    template = rng.choice(STANDFIRSTS)
    standfirst = _fill(template, language, slots, _draw_fields(template, rng))
    order = rng.sample(range(len(SENTENCES)), len(SENTENCES))
    used = 0

    def paragraph(first: Template | None = None) -> str:
        nonlocal used
        parts = [sentence(first)] if first else []
        for _ in range(rng.randint(5, 8) - len(parts)):
            parts.append(sentence(SENTENCES[order[used % len(order)]]))
            used += 1
        return f"<p>{(' ' if language == 0 else '').join(parts)}</p>"

    # 4 to 10 blocks, fewer than a third of them subheadings and quotes (a subheading is
    # never last and never follows another one), so English bodies run 300 to 900 words.
    size = rng.randint(4, 10)
    kinds = ["p"] * size
    for position in rng.sample(range(1, size), rng.randint(0, (size - 2) // 3)):
        kinds[position] = rng.choice(["h2", "quote"])
    for position in range(1, size):
        if kinds[position] == "h2" and (position == size - 1 or kinds[position - 1] == "h2"):
            kinds[position] = "quote"
    blocks = [paragraph(rng.choice(LEDES))]
    for kind in kinds[1:]:
        if kind == "h2":
            blocks.append(f"<h2>{sentence(rng.choice(SUBHEADINGS))}</h2>")
        elif kind == "quote":
            quote = sentence(rng.choice(QUOTES))
            who = rng.choice(["person", "person2"])
            role = "role" if who == "person" else "role2"
            if language == 0:
                cite = f"{slots[who]}, {slots[role]}"
            else:
                cite = f"{slots[role]}{slots[who]}"
            blocks.append(f"<blockquote><p>{quote}</p><cite>{_escape(cite)}</cite></blockquote>")
        else:
            blocks.append(paragraph())
    if story.inline_image is not None:
        blocks.insert(min(2, len(blocks)), story.inline_image.embed_code)
    return standfirst, "\n".join(blocks)


def _slug(story: Story, seed: int, number: int) -> str:
    words = slugify(story.headline[0]).split("-")[:8]
    return "-".join(words)[:80].strip("-") + f"-{seed}-{number}"


# ---------------------------------------------------------------------------------------
# Writing.
# ---------------------------------------------------------------------------------------


@dataclass
class _Planned:
    number: int
    kind: str
    story: Story
    language: str
    slug: str
    original_slug: str | None = None


def _existing(planned: list[_Planned]) -> set[tuple[str, str]]:
    """The (language, slug) pairs among ``planned`` that are already in the database."""
    found = set()
    for language in ("en", "zh-hans"):
        slugs = [p.slug for p in planned if p.language == language]
        for start in range(0, len(slugs), 500):
            found.update(
                Article.objects.filter(language=language, slug__in=slugs[start : start + 500])
                .values_list("language", "slug")
                .iterator()
            )
    return found


def _article(seed: int, planned: _Planned, pools: Pools, now: datetime) -> Article:
    story = planned.story
    language = 1 if planned.language == "zh-hans" else 0
    standfirst, text = _texts(seed, story, language)
    status = Article.Status.PUBLISHED
    published_at = now - timedelta(minutes=story.minutes_ago)
    revised_at = None
    if planned.kind in (DRAFT, REVIEW):
        status, published_at = planned.kind, None
    elif planned.kind == SCHEDULED:
        status = Article.Status.SCHEDULED
        published_at = now + timedelta(minutes=story.minutes_ago % (7 * 24 * 60) + 60)
    elif planned.kind == UNPUBLISHED:
        status = Article.Status.UNPUBLISHED
    elif story.revised_after is not None:
        revised_at = min(published_at + story.revised_after, now)
    return Article(
        headline=story.headline[language],
        slug=planned.slug,
        standfirst=standfirst,
        body=text,
        body_html=body.render(text, pools.images_by_id),
        section=pools.sections[story.topic.section],
        column=pools.columns[story.column] if story.column else None,
        language=planned.language,
        lead_image=story.lead_image,
        source_line=story.source_line,
        status=status,
        published_at=published_at,
        revised_at=revised_at,
    )


def _batch(seed: int, numbers: range, kinds: list[str], pools: Pools, now: datetime) -> dict:
    """Write the articles ``numbers`` that do not exist yet, with what links to them.

    Originals first, so that translations (which may be in this batch or an earlier one)
    can point at them; then bylines, translator credits, tags and inline images.
    """
    stories: dict[int, Story] = {}

    def story(number: int) -> Story:
        if number not in stories:
            chinese = kinds[number - 1] == ZH
            stories[number] = _story(seed, number, chinese, pools)
        return stories[number]

    planned = []
    for number in numbers:
        kind = kinds[number - 1]
        if kind == TRANSLATION:
            original = story(number - 1)
            planned.append(
                _Planned(
                    number,
                    kind,
                    original,
                    "en",
                    _slug(original, seed, number),
                    original_slug=_slug(original, seed, number - 1),
                )
            )
        else:
            language = "zh-hans" if kind == ZH else "en"
            own = story(number)
            planned.append(_Planned(number, kind, own, language, _slug(own, seed, number)))
    existing = _existing(planned)
    todo = [p for p in planned if (p.language, p.slug) not in existing]
    counts = {"articles": 0, "translations": 0, "not_published": 0, "skipped": len(existing)}
    if not todo:
        return counts

    originals = [p for p in todo if p.kind != TRANSLATION]
    translations = [p for p in todo if p.kind == TRANSLATION]
    articles = [_article(seed, p, pools, now) for p in originals]
    Article.objects.bulk_create(articles)
    by_slug = {(a.language, a.slug): a for a in articles}
    missing = [p.original_slug for p in translations if ("zh-hans", p.original_slug) not in by_slug]
    if missing:
        for original in Article.objects.filter(language="zh-hans", slug__in=missing):
            by_slug["zh-hans", original.slug] = original
    written = list(zip(originals, articles, strict=True))
    more = []
    for p in translations:
        original = by_slug.get(("zh-hans", p.original_slug))
        if original is None:  # deleted since it was generated: leave the gap
            counts["skipped"] += 1
            continue
        article = _article(seed, p, pools, now)
        article.translation_of = original
        source_time = original.published_at or article.published_at
        article.published_at = min(
            source_time + p.story.translation_delay,
            source_time + (now - source_time) / 2,
        )
        if article.revised_at is not None:
            article.revised_at = min(article.published_at + p.story.revised_after, now)
        more.append((p, article))
    Article.objects.bulk_create([article for _, article in more])
    written += more

    bylines, credits, tag_links, image_links = [], [], [], []
    for p, article in written:
        story = p.story
        bylines += [
            Byline(article_id=article.pk, person_id=person.pk, position=position)
            for position, person in enumerate(story.authors)
        ]
        if p.kind == TRANSLATION:
            rng = random.Random(f"newsdesk-archive:{seed}:{p.number}:translators")
            chosen = rng.sample(pools.translators, rng.choices([1, 2], weights=[85, 15])[0])
            credits += [
                TranslatorCredit(article_id=article.pk, person_id=person.pk, position=position)
                for position, person in enumerate(chosen)
            ]
        tag_links += [
            Article.tags.through(article_id=article.pk, tag_id=tag.pk) for tag in story.tags
        ]
        if story.inline_image is not None:
            image_links.append(
                Article.inline_images.through(article_id=article.pk, image_id=story.inline_image.pk)
            )
    Byline.objects.bulk_create(bylines)
    TranslatorCredit.objects.bulk_create(credits)
    Article.tags.through.objects.bulk_create(tag_links)
    Article.inline_images.through.objects.bulk_create(image_links)

    counts["articles"] = len(written)
    counts["translations"] = len(more)
    counts["not_published"] = sum(
        p.kind in (DRAFT, REVIEW, SCHEDULED, UNPUBLISHED) for p, _ in written
    )
    counts["bylines"] = len(bylines)
    counts["translator_credits"] = len(credits)
    counts["tag_links"] = len(tag_links)
    counts["inline_images"] = len(image_links)
    return counts


def _analyze() -> None:
    """Refresh the query planner's statistics of the tables just filled.

    Without them SQLite answers ``Article.published_versions()`` from the status index,
    scanning every published article (about 0.2 s a page at 100,000 articles, 1 ms after).
    """
    connection = connections[router.db_for_write(Article)]
    models = [
        Article,
        Byline,
        TranslatorCredit,
        Article.tags.through,
        Article.inline_images.through,
    ]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _index_for_search(newest_before: int) -> None:
    """bulk_create sends no signals: add the new articles to the search index."""
    from newsdesk.search.index import update

    new = Article.objects.filter(pk__gt=newest_before).order_by("pk")
    ids = list(new.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        with transaction.atomic():
            update(ids[start : start + 500])


def generate_archive(count: int, *, seed: int = 1, batch_size: int = 2000, progress=None) -> dict:
    """Make sure articles 1..``count`` of the archive of ``seed`` exist; returns what it created.

    The result counts created ``articles`` (of which ``translations`` and ``not_published``),
    ``skipped`` numbers that already existed, the rows linking them (``bylines``,
    ``translator_credits``, ``tag_links``, ``inline_images``) and the ``people``, ``tags``,
    ``images``, ``sections`` and ``columns`` created for the pools. ``progress(done)`` is
    called after each batch with how many of the ``count`` numbers have been handled.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    if seed < 0:
        raise ValueError("seed must not be negative")
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    now = timezone.now()
    newest_before = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    pools = load_pools()
    kinds = _plan(seed, count)
    totals = dict.fromkeys(
        [
            "articles",
            "translations",
            "not_published",
            "skipped",
            "bylines",
            "translator_credits",
            "tag_links",
            "inline_images",
        ],
        0,
    )
    for start in range(0, count, batch_size):
        numbers = range(start + 1, min(start + batch_size, count) + 1)
        # One transaction per batch; reading in it also keeps reads on the primary
        # database when a read replica is configured.
        with transaction.atomic():
            for key, value in _batch(seed, numbers, kinds, pools, now).items():
                totals[key] += value
        if progress is not None:
            progress(numbers[-1])
    if totals["articles"]:
        _index_for_search(newest_before)
        _analyze()
        # bulk_create sends no signals: drop every cached page (they may list the new ones).
        from newsdesk.caching.purge import purge_everything

        purge_everything()
    return {**totals, **pools.created}
