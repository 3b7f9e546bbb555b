"""Pure data: the words the archive generator writes with (towns, names, templates).

Everything here is invented for newsdesk: the places (Port Halden, the Lumen Strait, the
Amber Delta, ...), the institutions, the people's names and the sentence templates. Pairs
are (English, Chinese). Templates are raw pairs; :mod:`newsdesk.devdata.archive_stories`
checks their slots and fills them. Longer than 600 lines because it is data, not logic.
"""

from dataclasses import dataclass

OWN_SOURCE = "(PACIFIC MERIDIAN)"
WIRE_SOURCES = ["(Harbour Wire Service)", "(Strait News Agency)"]

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


# Templates: (English, Chinese) pairs with the same {slots}; see archive_stories.

HEADLINES = [
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
]
REVIEW_HEADLINES = [
    ("{topic} needs more than {plan}", "{topic}需要的不只是{plan}"),
    ("The case for {plan}", "支持{plan}的理由"),
    ("We should listen to {group} on {topic}", "在{topic}问题上，我们应倾听{group}的声音"),
    ("{town} is getting {topic} wrong", "{town}在{topic}问题上走错了方向"),
    ("Who really pays for {plan}?", "{plan}的代价究竟由谁承担？"),
]
EXPLAINER_HEADLINES = [
    ("How {topic} works, and why it matters now", "{topic}如何运作，为何此刻重要"),
    ("{topic}: {n} questions answered", "关于{topic}的{n}个问题"),
    ("What {plan} would change", "{plan}会带来哪些改变"),
    ("{metric}, explained", "一文读懂{metric}"),
]
STANDFIRSTS = [
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
]
LEDES = [
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
]
SENTENCES = [
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
]
SUBHEADINGS = [
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
]
QUOTES = [
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
]

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

# Tags beyond the topics, places and institutions.
MORE_TAGS = [
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
