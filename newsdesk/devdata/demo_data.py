"""Pure data: the demo newsroom of "Pacific Meridian", a fictional news outlet.

Everything in this module -- the outlet, its sections, columns, staff, photographs,
the places (Port Halden, the Lumen Strait, the Amber Delta, Serrat Ridge), the
institutions (the Eastbay Rail Authority, the Tidewater Trade Forum, the Kestrel
Observatory, Northgate Polytechnic) and every person quoted -- is invented. All text
was written by the newsdesk authors for this demo; any resemblance to real people,
places or organisations is coincidental.

The module is pure data, so it can be loaded by a management command, by tests or by
the screenshot tooling without touching the database. Images are not stored as files:
each entry in ``IMAGES`` describes an illustration that
:func:`newsdesk.devdata.demo_images.draw_image` renders deterministically, and each
person's ``photo`` is drawn by :func:`newsdesk.devdata.demo_images.draw_avatar`.

Sections, columns, people, images and tags (``TAGS``) carry ``translations``, their
text in the other editions as the models store it: ``{"zh-hans": {"name": "…"}}``.

``ARTICLES`` entries are dicts with these keys:

``key``
    Unique identifier within this module (used by ``translation_of``).
``language``
    ``"en"`` or ``"zh-hans"``.
``section`` / ``column``
    A slug from ``SECTIONS`` / a slug from ``COLUMNS`` or ``None``.
``headline``, ``slug``, ``standfirst``
    The slug is ASCII and unique per language (pinyin or English for Chinese articles).
``authors`` / ``translators``
    Person slugs from ``PEOPLE`` in byline order; translators only on translations.
``translation_of``
    ``key`` of the original article, or ``None`` for originals.
``source_line``
    ``"(PACIFIC MERIDIAN)"`` for own reporting, or the syndication partner's name.
``tags``
    Tag names (English, shared across languages; ``TAGS`` translates them).
``hours_ago`` / ``updated_hours_ago``
    Publication age in hours relative to "now" (negative means scheduled for the
    future); the second is the age of the latest update, or ``None``.
``lead_image``
    A key of ``IMAGES`` or ``None``.
``body``
    A list of blocks: ``("p", text)``, ``("h2", text)``, ``("quote", text, who)``,
    ``("image", image_key)`` or ``("ul", [item, ...])``.
``status``
    ``"published"``, ``"draft"``, ``"review"``, ``"scheduled"`` or ``"unpublished"``.
"""

SECTIONS = [
    {"slug": "top-news", "name": "Top News", "translations": {"zh-hans": {"name": "要闻"}}},
    {"slug": "world", "name": "World", "translations": {"zh-hans": {"name": "国际"}}},
    {"slug": "business", "name": "Business", "translations": {"zh-hans": {"name": "财经"}}},
    {"slug": "culture", "name": "Culture", "translations": {"zh-hans": {"name": "文化"}}},
]

COLUMNS = [
    {
        "slug": "review",
        "name": "Meridian Review",
        "translations": {
            "zh-hans": {
                "name": "子午评论",
                "description": (
                    "太平洋子午报作者与特约撰稿人的署名评论，探讨塑造流明海峡的种种议题。"
                ),
            }
        },
        "description": (
            "Signed opinion and argument from Pacific Meridian's writers and guest contributors on "
            "the questions shaping the Lumen Strait."
        ),
    },
    {
        "slug": "explainer",
        "name": "Explainer",
        "translations": {
            "zh-hans": {
                "name": "解读",
                "description": ("用浅白的语言讲清事物如何运作：一周新闻背后的科学、资金与规则。"),
            }
        },
        "description": (
            "Short, plain-language guides to how things work: the science, the money and the rules "
            "behind the week's news."
        ),
    },
]

PEOPLE = [
    {
        "slug": "lin-yaqing",
        "name": "Lin Yaqing",
        "role_title": "Meridian writer",
        "bio": (
            "Lin Yaqing writes the Meridian Review column on governance and public policy around "
            "the Lumen Strait. She is a research fellow at the Halden Institute for Coastal "
            "Studies, where she studies how river deltas are managed across council borders. "
            "Before joining Pacific Meridian she spent eight years as a planning officer in "
            "Vessary."
        ),
        "photo": {"background": "#2F5D62", "initials": "LY"},
        "translations": {
            "zh-hans": {
                "name": "林雅清",
                "role_title": "子午专栏作者",
                "bio": (
                    "林雅清为《子午评论》专栏撰写流明海峡沿岸的治理与公共政策评论。她是哈尔登海岸研究所研究员，研究河流三角洲如何跨越议会辖区进行管理。加入太平洋子午报之前，她曾在维萨里担任规划官员八年。"
                ),
            }
        },
    },
    {
        "slug": "tomas-verhoek",
        "name": "Tomas Verhoek",
        "role_title": "Staff correspondent",
        "bio": (
            "Tomas Verhoek covers transport and city affairs from Port Halden. He joined Pacific "
            "Meridian after six years with a regional radio station in Orrin. He commutes by ferry "
            "and keeps a shelf of old harbour timetables."
        ),
        "photo": {"background": "#8C4A2F", "initials": "TV"},
        "translations": {
            "zh-hans": {
                "name": "托马斯·弗胡克",
                "role_title": "驻地记者",
                "bio": (
                    "托马斯·弗胡克在哈尔登港报道交通与城市事务。加入太平洋子午报之前，他在奥林的一家地方电台工作了六年。他每天乘渡轮上班，收藏了一整架旧的港口时刻表。"
                ),
            }
        },
    },
    {
        "slug": "amara-castell",
        "name": "Amara Castell",
        "role_title": "Business editor",
        "bio": (
            "Amara Castell leads Pacific Meridian's business desk, covering ports, shipping and "
            "trade across the Lumen Strait. She previously worked as an analyst at the Strait "
            "Statistics Office. She also teaches a short course on economic reporting at Northgate "
            "Polytechnic."
        ),
        "photo": {"background": "#4B3F72", "initials": "AC"},
        "translations": {
            "zh-hans": {
                "name": "阿玛拉·卡斯特尔",
                "role_title": "财经编辑",
                "bio": (
                    "阿玛拉·卡斯特尔主持太平洋子午报财经部，报道流明海峡的港口、航运与贸易。她曾在海峡统计局担任分析师，还在北门理工学院开设经济报道短期课程。"
                ),
            }
        },
    },
    {
        "slug": "zhou-mingyuan",
        "name": "Zhou Mingyuan",
        "role_title": "Meridian writer",
        "bio": (
            "Zhou Mingyuan writes about education and technology in Chinese and English. He "
            "lectured in computer science at Northgate Polytechnic for twelve years and remains a "
            "visiting fellow at its Centre for Public Data."
        ),
        "photo": {"background": "#1F6F8B", "initials": "ZM"},
        "translations": {
            "zh-hans": {
                "name": "周明远",
                "role_title": "子午专栏作者",
                "bio": (
                    "周明远以中英文撰写教育与科技话题。他在北门理工学院讲授计算机科学十二年，现仍是该校公共数据中心的客座研究员。"
                ),
            }
        },
    },
    {
        "slug": "nadia-ferrante",
        "name": "Nadia Ferrante",
        "role_title": "Science correspondent",
        "bio": (
            "Nadia Ferrante reports on science, weather and the environment. She trained as an "
            "oceanographer at the Halden Institute for Coastal Studies and spent four seasons on "
            "research vessels in the Lumen Strait before moving into journalism."
        ),
        "photo": {"background": "#3A7D44", "initials": "NF"},
        "translations": {
            "zh-hans": {
                "name": "纳迪娅·费兰特",
                "role_title": "科学记者",
                "bio": (
                    "纳迪娅·费兰特报道科学、天气与环境。她在哈尔登海岸研究所接受海洋学训练，曾在流明海峡的科考船上工作四季，之后转行做记者。"
                ),
            }
        },
    },
    {
        "slug": "chen-shuyi",
        "name": "Chen Shuyi",
        "role_title": "Culture editor",
        "bio": (
            "Chen Shuyi edits Pacific Meridian's culture pages and writes about festivals, "
            "libraries and local crafts. She grew up on the old wharf in Port Halden, where her "
            "family ran a lantern workshop for three generations."
        ),
        "photo": {"background": "#B5523B", "initials": "CS"},
        "translations": {
            "zh-hans": {
                "name": "陈书怡",
                "role_title": "文化编辑",
                "bio": (
                    "陈书怡编辑太平洋子午报文化版，撰写节庆、图书馆与地方手工艺。她在哈尔登港老码头长大，家里三代经营一间灯笼作坊。"
                ),
            }
        },
    },
    {
        "slug": "he-xiaowen",
        "name": "He Xiaowen",
        "role_title": "Translator",
        "bio": (
            "He Xiaowen translates between Chinese and English for Pacific Meridian. She holds a "
            "master's degree in translation studies from Lumen Strait University and has "
            "translated two collections of coastal poetry."
        ),
        "photo": {"background": "#6D597A", "initials": "HX"},
        "translations": {
            "zh-hans": {
                "name": "何晓雯",
                "role_title": "译者",
                "bio": (
                    "何晓雯为太平洋子午报从事中英互译。她拥有流明海峡大学翻译学硕士学位，译有两部海岸诗集。"
                ),
            }
        },
    },
    {
        "slug": "elias-brandt",
        "name": "Elias Brandt",
        "role_title": "Translator",
        "bio": (
            "Elias Brandt is a translator and sub-editor on the Pacific Meridian desk. He learned "
            "Chinese while studying maritime history in Vessary and specialises in business and "
            "technical texts."
        ),
        "photo": {"background": "#355070", "initials": "EB"},
        "translations": {
            "zh-hans": {
                "name": "埃利亚斯·勃兰特",
                "role_title": "译者",
                "bio": (
                    "埃利亚斯·勃兰特是太平洋子午报的译者兼副编辑。他在维萨里研读海事史时学会了中文，专长商业与技术文本的翻译。"
                ),
            }
        },
    },
    {
        "slug": "oren-kallis",
        "name": "Oren Kallis",
        "role_title": "Wire correspondent",
        "bio": (
            "Oren Kallis reports on shipping and fisheries for the Harbour Wire Service, a news "
            "agency whose stories Pacific Meridian republishes under a partnership agreement. He "
            "is based in Orrin."
        ),
        "photo": {"background": "#5C6B73", "initials": "OK"},
        "translations": {
            "zh-hans": {
                "name": "奥伦·卡利斯",
                "role_title": "通讯社记者",
                "bio": (
                    "奥伦·卡利斯为港口通讯社报道航运与渔业。太平洋子午报依据合作协议转载该通讯社的报道。他常驻奥林。"
                ),
            }
        },
    },
]

# What the tags are called in the other editions.
TAGS = {
    "Transport": {"zh-hans": {"name": "交通"}},
    "Port Halden": {"zh-hans": {"name": "哈尔登港"}},
    "Eastbay Rail Authority": {"zh-hans": {"name": "东湾铁路局"}},
    "Weather": {"zh-hans": {"name": "天气"}},
    "Climate": {"zh-hans": {"name": "气候"}},
    "Education": {"zh-hans": {"name": "教育"}},
    "Technology": {"zh-hans": {"name": "科技"}},
    "Amber Delta": {"zh-hans": {"name": "琥珀三角洲"}},
    "Lumen Strait": {"zh-hans": {"name": "流明海峡"}},
    "Science": {"zh-hans": {"name": "科学"}},
    "Astronomy": {"zh-hans": {"name": "天文"}},
    "Fisheries": {"zh-hans": {"name": "渔业"}},
    "Trade": {"zh-hans": {"name": "贸易"}},
    "Ports": {"zh-hans": {"name": "港口"}},
    "Culture": {"zh-hans": {"name": "文化"}},
    "Festivals": {"zh-hans": {"name": "节庆"}},
}

IMAGES = {
    "harbour-skyline": {
        "title": "Port Halden",
        "caption": "The old town waterfront of Port Halden at dusk.",
        "credit": "Photo: Tomas Verhoek / Pacific Meridian",
        "alt": "Illustration of a city skyline at dusk above a calm harbour.",
        "palette": ["#1B2A49", "#F2A65A"],
        "motif": "skyline",
        "translations": {
            "zh-hans": {
                "caption": "黄昏时分的哈尔登港老城滨水区。",
                "credit": "图片：托马斯·弗胡克／太平洋子午报",
                "alt_text": "插画：平静港湾上方黄昏中的城市天际线。",
            }
        },
    },
    "strait-waves": {
        "title": "Lumen Strait",
        "caption": "Morning fog lifting over the Lumen Strait.",
        "credit": "Photo: Nadia Ferrante / Pacific Meridian",
        "alt": "Illustration of layered waves under a pale, misty sky.",
        "palette": ["#C9D9E3", "#3B6E8F"],
        "motif": "waves",
        "translations": {
            "zh-hans": {
                "caption": "晨雾从流明海峡上空散去。",
                "credit": "图片：纳迪娅·费兰特／太平洋子午报",
                "alt_text": "插画：淡淡雾色天空下层层叠叠的波浪。",
            }
        },
    },
    "rail-grid": {
        "title": "Eastbay Rail",
        "caption": "A test train on the cross-harbour line in the weeks before it opened.",
        "credit": "Photo: Tomas Verhoek / Pacific Meridian",
        "alt": "Illustration of converging rail lines on a blue grid.",
        "palette": ["#22313F", "#5D8AA8"],
        "motif": "grid",
        "translations": {
            "zh-hans": {
                "caption": "跨港线开通前几周，一列测试列车行驶在线路上。",
                "credit": "图片：托马斯·弗胡克／太平洋子午报",
                "alt_text": "插画：蓝色网格上交汇的铁轨。",
            }
        },
    },
    "lantern-sun": {
        "title": "Lantern Festival",
        "caption": "Paper lanterns along the old wharf during the Tidewater Lantern Festival.",
        "credit": "Photo: Chen Shuyi / Pacific Meridian",
        "alt": "Illustration of a large glowing orange sun over a violet evening sky.",
        "palette": ["#2B193D", "#E07A3F"],
        "motif": "sun",
        "translations": {
            "zh-hans": {
                "caption": "潮汐灯会期间，老码头沿岸挂满纸灯笼。",
                "credit": "图片：陈书怡／太平洋子午报",
                "alt_text": "插画：紫色夜空中一轮发光的橙色大太阳。",
            }
        },
    },
    "serrat-mountains": {
        "title": "Serrat Ridge",
        "caption": "The domes of the Kestrel Observatory on Serrat Ridge after sunset.",
        "credit": "Photo: Nadia Ferrante / Pacific Meridian",
        "alt": "Illustration of dark mountain ridges under a deep blue night sky.",
        "palette": ["#0F1C2E", "#4E6E8E"],
        "motif": "mountains",
        "translations": {
            "zh-hans": {
                "caption": "日落后，塞拉特山脊上红隼天文台的圆顶。",
                "credit": "图片：纳迪娅·费兰特／太平洋子午报",
                "alt_text": "插画：深蓝夜空下层层暗色山脊。",
            }
        },
    },
    "forum-grid": {
        "title": "Trade Forum",
        "caption": (
            "Delegates leave the closing session of the Tidewater Trade Forum in Port Halden."
        ),
        "credit": "Photo: Amara Castell / Pacific Meridian",
        "alt": "Illustration of a warm beige grid with connected points.",
        "palette": ["#F4EDE4", "#B89F7E"],
        "motif": "grid",
        "translations": {
            "zh-hans": {
                "caption": "潮水贸易论坛闭幕会议结束后，代表们步出哈尔登港会场。",
                "credit": "图片：阿玛拉·卡斯特尔／太平洋子午报",
                "alt_text": "插画：暖米色网格上相互连接的点。",
            }
        },
    },
    "delta-waves": {
        "title": "Amber Delta",
        "caption": "Irrigation channels in the lower Amber Delta during the dry season.",
        "credit": "Photo: Lin Yaqing / Pacific Meridian",
        "alt": "Illustration of gentle green waves under a golden sky.",
        "palette": ["#F6D186", "#6F8F5B"],
        "motif": "waves",
        "translations": {
            "zh-hans": {
                "caption": "旱季时琥珀三角洲下游的灌溉水渠。",
                "credit": "图片：林雅清／太平洋子午报",
                "alt_text": "插画：金色天空下舒缓的绿色波浪。",
            }
        },
    },
    "heat-sun": {
        "title": "Heat Advisory",
        "caption": "Midday sun over the harbour front in Port Halden.",
        "credit": "Photo: Nadia Ferrante / Pacific Meridian",
        "alt": "Illustration of a bright sun with rays on a yellow-to-red sky.",
        "palette": ["#FFD166", "#D1495B"],
        "motif": "sun",
        "translations": {
            "zh-hans": {
                "caption": "正午阳光照耀哈尔登港海滨。",
                "credit": "图片：纳迪娅·费兰特／太平洋子午报",
                "alt_text": "插画：黄红渐变天空中光芒四射的太阳。",
            }
        },
    },
    "campus-skyline": {
        "title": "Northgate",
        "caption": "The Northgate Polytechnic campus on Port Halden's north shore.",
        "credit": "Photo: Zhou Mingyuan / Pacific Meridian",
        "alt": "Illustration of low campus buildings against a pale blue sky.",
        "palette": ["#DCE8F2", "#7BA3C7"],
        "motif": "skyline",
        "translations": {
            "zh-hans": {
                "caption": "位于哈尔登港北岸的北门理工学院校园。",
                "credit": "图片：周明远／太平洋子午报",
                "alt_text": "插画：淡蓝天空下低矮的校园建筑。",
            }
        },
    },
    "data-grid": {
        "title": "Port Data",
        "caption": "A berth-occupancy display in the Port Halden control room.",
        "credit": "Photo: Amara Castell / Pacific Meridian",
        "alt": "Illustration of a glowing teal grid with connected data points.",
        "palette": ["#0B132B", "#1C7C7D"],
        "motif": "grid",
        "translations": {
            "zh-hans": {
                "caption": "哈尔登港控制室里的泊位占用显示屏。",
                "credit": "图片：阿玛拉·卡斯特尔／太平洋子午报",
                "alt_text": "插画：发光的青色网格与相连的数据点。",
            }
        },
    },
    "shipyard-skyline": {
        "title": "Halden Shipyard",
        "caption": "The hull of the first battery-electric ferry at the Halden shipyard.",
        "credit": "Photo: Tomas Verhoek / Pacific Meridian",
        "alt": "Illustration of cranes and sheds silhouetted against a grey-blue sky.",
        "palette": ["#2E4057", "#8EA8C3"],
        "motif": "skyline",
        "translations": {
            "zh-hans": {
                "caption": "哈尔登船厂里第一艘纯电动渡轮的船体。",
                "credit": "图片：托马斯·弗胡克／太平洋子午报",
                "alt_text": "插画：灰蓝天空下起重机与厂房的剪影。",
            }
        },
    },
    "fishing-waves": {
        "title": "Strait Fisheries",
        "caption": "Fishing boats moored at Orrin during the spring closure.",
        "credit": "Photo: Tomas Verhoek / Pacific Meridian",
        "alt": "Illustration of deep blue waves under a teal sky.",
        "palette": ["#7FB7BE", "#1D3557"],
        "motif": "waves",
        "translations": {
            "zh-hans": {
                "caption": "春季休渔期间停泊在奥林的渔船。",
                "credit": "图片：托马斯·弗胡克／太平洋子午报",
                "alt_text": "插画：青色天空下深蓝色的波浪。",
            }
        },
    },
    "library-grid": {
        "title": "Northgate Library",
        "caption": "The new zine floor at Northgate Public Library.",
        "credit": "Photo: Chen Shuyi / Pacific Meridian",
        "alt": "Illustration of a soft brown grid suggesting rows of shelves.",
        "palette": ["#EDE0D4", "#9C6644"],
        "motif": "grid",
        "translations": {
            "zh-hans": {
                "caption": "北门公共图书馆新开的独立刊物楼层。",
                "credit": "图片：陈书怡／太平洋子午报",
                "alt_text": "插画：柔和棕色网格，仿佛一排排书架。",
            }
        },
    },
}

ARTICLES = [
    # Top News
    {
        "key": "rail-cross-harbour-line",
        "language": "en",
        "section": "top-news",
        "column": None,
        "headline": "Eastbay Rail Authority opens cross-harbour line to Port Halden's north shore",
        "slug": "eastbay-rail-opens-cross-harbour-line",
        "standfirst": (
            "The first trains ran under the harbour on Monday morning, cutting the trip from the "
            "old town to the north shore to eleven minutes."
        ),
        "authors": ["tomas-verhoek"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Transport", "Port Halden", "Eastbay Rail Authority"],
        "hours_ago": 3,
        "updated_hours_ago": None,
        "lead_image": "rail-grid",
        "body": [
            (
                "p",
                (
                    "The first passenger trains on the Eastbay Rail Authority's cross-harbour line "
                    "left the old town station at 5:40 on Monday morning. On board were early "
                    "commuters, a handful of rail enthusiasts and several engineers who had worked "
                    "on the tunnel for six years. The 7.2-kilometre line links Port Halden's old "
                    "town with the north shore, where most of the city's new housing has been "
                    "built over the past decade."
                ),
            ),
            (
                "p",
                (
                    "Before the line opened, the same journey took about forty minutes by ferry "
                    "and bus, and longer when fog closed the harbour. The authority says trains "
                    "will run every six minutes at peak times and every twelve minutes in the "
                    "evening."
                ),
            ),
            (
                "quote",
                (
                    "We built it for the fog days. On a clear morning the ferry is lovely, but "
                    "people still need to get to work when they cannot see the other shore."
                ),
                "Ilse Marrant, chief engineer of the Eastbay Rail Authority",
            ),
            ("h2", "Fares and first-week changes"),
            (
                "p",
                (
                    "Fares will match the existing city zones for the first year, and the "
                    "authority has promised to publish ridership figures every month. Two ferry "
                    "routes will keep running on a reduced timetable until the end of the season, "
                    "after which the city council will decide whether to keep them."
                ),
            ),
            ("image", "harbour-skyline"),
            (
                "p",
                (
                    "Early passengers were mostly positive, though several pointed out that signs "
                    "at the north shore station sent them the wrong way to the bus interchange. By "
                    "mid-morning, staff were taping temporary arrows to the walls."
                ),
            ),
        ],
        "status": "published",
    },
    {
        "key": "heat-advisory",
        "language": "en",
        "section": "top-news",
        "column": None,
        "headline": "Heat advisory issued for Port Halden as temperatures climb towards 38C",
        "slug": "heat-advisory-port-halden",
        "standfirst": (
            "The city's weather office expects three days of unusually high temperatures and has "
            "opened cooling rooms in public libraries."
        ),
        "authors": ["nadia-ferrante"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Weather", "Climate", "Port Halden"],
        "hours_ago": 8,
        "updated_hours_ago": 2,
        "lead_image": "heat-sun",
        "body": [
            (
                "p",
                (
                    "The Port Halden weather office issued a heat advisory on Tuesday morning, "
                    "warning that temperatures in the old town could reach 38C on Wednesday and "
                    "Thursday. It is the earliest advisory of its kind in the office's records, "
                    "which go back more than seventy years."
                ),
            ),
            (
                "p",
                (
                    "The city has opened cooling rooms in eleven public libraries and extended the "
                    "opening hours of two indoor swimming pools. Outdoor work on the harbour front "
                    "will pause between noon and 4pm until the advisory is lifted."
                ),
            ),
            ("h2", "Advice for residents"),
            (
                "ul",
                [
                    "Drink water regularly, even if you do not feel thirsty.",
                    "Check on older neighbours and people who live alone.",
                    "Avoid strenuous activity in the early afternoon.",
                    "Never leave children or pets in parked cars.",
                ],
            ),
            (
                "p",
                (
                    "Update: The weather office has extended the advisory to Friday and now "
                    "expects temperatures of up to 39C on Thursday. Three more cooling rooms have "
                    "opened at community centres on the north shore."
                ),
            ),
        ],
        "status": "published",
    },
    {
        "key": "heat-advisory-zh",
        "language": "zh-hans",
        "section": "top-news",
        "column": None,
        "headline": "哈尔登港发布高温预警，气温逼近38摄氏度",
        "slug": "gang-haerdeng-gaowen-yujing",
        "standfirst": "市气象台预计将出现连续三天的异常高温，公共图书馆已开放避暑室。",
        "authors": ["nadia-ferrante"],
        "translators": ["he-xiaowen"],
        "translation_of": "heat-advisory",
        "source_line": "（太平洋子午报）",
        "tags": ["Weather", "Climate", "Port Halden"],
        "hours_ago": 7,
        "updated_hours_ago": 2,
        "lead_image": "heat-sun",
        "body": [
            (
                "p",
                (
                    "哈尔登港气象台周二上午发布高温预警，称老城区周三和周四的气温可能达到38摄氏度。"
                    "这是该台七十多年记录中最早发布的同类预警。"
                ),
            ),
            (
                "p",
                (
                    "市政府已在十一座公共图书馆开放避暑室，并延长两座室内游泳池的开放时间。"
                    "预警解除前，港口沿岸的户外作业将在中午至下午四点之间暂停。"
                ),
            ),
            ("h2", "给市民的建议"),
            (
                "ul",
                [
                    "即使不觉得口渴，也要定时喝水。",
                    "多关心年长的邻居和独居人士。",
                    "午后避免剧烈活动。",
                    "切勿将儿童或宠物留在停放的车内。",
                ],
            ),
            (
                "p",
                (
                    "更新：气象台已将预警延长至周五，并预计周四气温最高可达39摄氏度。"
                    "北岸的社区中心又开放了三间避暑室。"
                ),
            ),
        ],
        "status": "published",
    },
    {
        "key": "polytechnic-coding-school",
        "language": "en",
        "section": "top-news",
        "column": None,
        "headline": "Northgate Polytechnic opens a coding school for former dock workers",
        "slug": "northgate-polytechnic-coding-school-dock-workers",
        "standfirst": (
            "The free, part-time course is aimed at people whose jobs changed when the container "
            "terminal was automated."
        ),
        "authors": ["zhou-mingyuan", "chen-shuyi"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Education", "Technology", "Port Halden"],
        "hours_ago": 100,
        "updated_hours_ago": None,
        "lead_image": "campus-skyline",
        "body": [
            (
                "p",
                (
                    "Northgate Polytechnic has opened a part-time programming school for people "
                    "who used to work on Port Halden's docks. Many of them lost their jobs or "
                    "moved into new roles when the container terminal introduced automated cranes "
                    "five years ago. The first class of 48 students, the oldest of them 61, began "
                    "lessons on Monday evening."
                ),
            ),
            (
                "p",
                (
                    "The course runs for eighteen months and is paid for by the port authority and "
                    "the city's adult-education fund. Students learn to program by building tools "
                    "for the harbour itself, starting with a timetable app for small ferry "
                    "operators."
                ),
            ),
            (
                "quote",
                (
                    "I spent thirty years reading cargo manifests. It turns out that is not so "
                    "different from reading code."
                ),
                "Joaquim Vell, a former crane coordinator in the first class",
            ),
            ("h2", "Teaching from experience"),
            (
                "p",
                (
                    "Instructors say the students' knowledge of the port is an advantage rather "
                    "than a distraction. Several have already spotted errors in the sample data "
                    "used in class, because they remember how the berths were actually used."
                ),
            ),
            ("image", "data-grid"),
        ],
        "status": "published",
    },
    {
        "key": "review-student-grants",
        "language": "en",
        "section": "top-news",
        "column": "review",
        "headline": "Should Port Halden pay its students to study close to home?",
        "slug": "should-port-halden-pay-students-to-study-at-home",
        "standfirst": (
            "A proposed grant for local university places could keep talent in the city, but it "
            "risks narrowing the horizons it aims to widen."
        ),
        "authors": ["zhou-mingyuan"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Education", "Port Halden"],
        "hours_ago": 260,
        "updated_hours_ago": None,
        "lead_image": "campus-skyline",
        "body": [
            (
                "p",
                (
                    "The city council will vote next month on a grant that would cover half the "
                    "tuition fees of Port Halden students who choose Northgate Polytechnic or the "
                    "Halden Institute over universities elsewhere. Supporters say it will slow the "
                    "steady drift of young people away from the harbour. It is a well-meant idea, "
                    "and it deserves a more careful look than it has so far received."
                ),
            ),
            (
                "p",
                (
                    "The case for it is real. Families in the north shore districts spend a large "
                    "share of their income sending children away to study, and many of those "
                    "graduates never return. A grant that makes the local option cheaper would "
                    "ease that burden and give the city's employers a deeper pool of applicants."
                ),
            ),
            ("h2", "The cost of staying put"),
            (
                "p",
                (
                    "Yet a university education is also about leaving familiar streets and meeting "
                    "people who think differently. If the grant nudges students towards the "
                    "nearest campus simply because it is cheaper, the city may keep its graduates "
                    "but lose some of what they would have brought back."
                ),
            ),
            (
                "p",
                (
                    "A better design would attach the grant to the student rather than the "
                    "institution, and let it follow them for a year of study elsewhere. Port "
                    "Halden should want its young people to come home, not pay them never to "
                    "leave."
                ),
            ),
        ],
        "status": "published",
    },
    # World
    {
        "key": "amber-delta-river-treaty",
        "language": "en",
        "section": "world",
        "column": None,
        "headline": "Amber Delta councils sign treaty to share river water by season",
        "slug": "amber-delta-councils-sign-river-treaty",
        "standfirst": (
            "Halden, Vessary and Orrin agreed fixed dry-season releases and a joint network of "
            "monitoring stations after three years of talks."
        ),
        "authors": ["tomas-verhoek", "lin-yaqing"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Amber Delta", "Climate", "Lumen Strait"],
        "hours_ago": 190,
        "updated_hours_ago": 160,
        "lead_image": "delta-waves",
        "body": [
            (
                "p",
                (
                    "The councils of Halden, Vessary and Orrin signed a treaty on Thursday that "
                    "sets out how water from the Amber River will be shared between them through "
                    "the year. The agreement follows three years of talks and two earlier "
                    "memorandums that were never fully carried out."
                ),
            ),
            (
                "p",
                (
                    "Under the treaty, upstream reservoirs must release at least a fixed share of "
                    "their inflow during the dry months, with the figure reviewed every five "
                    "years. A joint commission will run fourteen monitoring stations along the "
                    "river and publish water-level and salinity readings every week."
                ),
            ),
            (
                "quote",
                (
                    "For the first time, the numbers are in the text rather than in somebody's "
                    "notebook."
                ),
                "Dara Vell, Vessary's delegate to the talks",
            ),
            ("h2", "What changes for farmers"),
            (
                "p",
                (
                    "Farm cooperatives in the lower delta have long complained that salt water "
                    "creeps further inland in dry years, damaging rice paddies and orchards. The "
                    "treaty commits the three councils to a joint plan for tidal gates, although "
                    "funding has yet to be agreed."
                ),
            ),
            (
                "p",
                (
                    "The treaty now goes to each council for ratification, which is expected "
                    "before the start of the next dry season."
                ),
            ),
            (
                "p",
                (
                    "Correction: An earlier version of this article said the joint commission "
                    "would run forty monitoring stations. The correct number is fourteen."
                ),
            ),
        ],
        "status": "published",
    },
    {
        "key": "explainer-fog-season",
        "language": "en",
        "section": "world",
        "column": "explainer",
        "headline": "Explainer: why the Lumen Strait fog season is getting longer",
        "slug": "why-the-lumen-strait-fog-season-is-getting-longer",
        "standfirst": (
            "Warmer air and a shift in autumn winds have added almost three weeks to the strait's "
            "fog season since records began."
        ),
        "authors": ["nadia-ferrante"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Lumen Strait", "Weather", "Climate", "Science"],
        "hours_ago": 75,
        "updated_hours_ago": None,
        "lead_image": "strait-waves",
        "body": [
            (
                "p",
                (
                    "Sea fog has always been part of life on the Lumen Strait, closing harbours "
                    "and delaying ferries for a few weeks each autumn. But records kept by the "
                    "Halden Institute for Coastal Studies show that the average fog season is now "
                    "nineteen days longer than it was when continuous measurements began forty "
                    "years ago."
                ),
            ),
            ("h2", "How sea fog forms"),
            (
                "p",
                (
                    "The fog on the strait is mostly advection fog, which forms when warm, moist "
                    "air moves over cooler water and is chilled until its water vapour condenses "
                    "into tiny droplets. Here that usually happens when southerly winds carry air "
                    "from the open ocean across the cold current that runs along the northern "
                    "shore."
                ),
            ),
            (
                "p",
                (
                    "The institute's researchers point to three changes that appear to be working "
                    "together:"
                ),
            ),
            (
                "ul",
                [
                    "Warmer air that holds more moisture when it reaches the strait.",
                    "A cold current that has kept its temperature while the air above it warmed.",
                    "Weaker autumn winds that no longer clear the fog by midday.",
                ],
            ),
            (
                "p",
                (
                    "The researchers stress that the trend is uneven from year to year, and that "
                    "two unusually foggy autumns in the past decade weigh heavily on the average. "
                    "Even so, harbour authorities have begun planning on the assumption that fog "
                    "closures will become more frequent."
                ),
            ),
        ],
        "status": "published",
    },
    {
        "key": "kestrel-dimming-star",
        "language": "en",
        "section": "world",
        "column": None,
        "headline": "Kestrel Observatory astronomers find a star that dims every 41 days",
        "slug": "kestrel-observatory-star-dims-every-41-days",
        "standfirst": (
            "A graduate student spotted the pattern in archive images, and the team believes a "
            "dusty disc may be passing in front of the star."
        ),
        "authors": ["nadia-ferrante"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Science", "Astronomy"],
        "hours_ago": 330,
        "updated_hours_ago": None,
        "lead_image": "serrat-mountains",
        "body": [
            (
                "p",
                (
                    "Astronomers at the Kestrel Observatory on Serrat Ridge have identified a star "
                    "in the southern sky that loses almost a fifth of its brightness every 41 "
                    "days. They describe the pattern as unusually regular for a star of its type. "
                    "The finding appears this week in the observatory's annual research bulletin."
                ),
            ),
            (
                "p",
                (
                    "The pattern was first noticed by Hana Orvik, a graduate student who was "
                    "checking archive images for a different project. She found that the star had "
                    "faded and recovered on schedule across more than forty years of photographic "
                    "plates and digital images."
                ),
            ),
            (
                "quote",
                (
                    "At first I thought it was a fault in the camera. Then I found the same dip on "
                    "plates taken before I was born."
                ),
                "Hana Orvik, graduate student at the Kestrel Observatory",
            ),
            ("h2", "A dusty companion?"),
            (
                "p",
                (
                    "The team's leading explanation is that a disc of dust orbiting an unseen "
                    "companion passes in front of the star once per orbit. Other observatories "
                    "have been asked to watch the next predicted dimming, which should begin in "
                    "about three weeks."
                ),
            ),
            ("image", "serrat-mountains"),
        ],
        "status": "published",
    },
    {
        "key": "wire-fishing-calendar",
        "language": "en",
        "section": "world",
        "column": None,
        "headline": "Strait fishing cooperatives agree a shared calendar for closed seasons",
        "slug": "strait-fishing-cooperatives-shared-closed-season",
        "standfirst": (
            "Twelve cooperatives will align their spawning-season closures for the first time, "
            "after surveys showed falling numbers of young fish."
        ),
        "authors": ["oren-kallis"],
        "translators": [],
        "translation_of": None,
        "source_line": "(Harbour Wire Service)",
        "tags": ["Lumen Strait", "Fisheries", "Science"],
        "hours_ago": 300,
        "updated_hours_ago": None,
        "lead_image": "fishing-waves",
        "body": [
            (
                "p",
                (
                    "Twelve fishing cooperatives from both shores of the Lumen Strait agreed on "
                    "Monday to close their grounds during the same four-week spawning period each "
                    "spring. Until now each cooperative set its own dates, which meant boats could "
                    "move to open waters while neighbouring grounds were closed."
                ),
            ),
            (
                "p",
                (
                    "The decision followed a survey by the Halden Institute for Coastal Studies, "
                    "which found that the number of young silverfish in the strait had fallen by "
                    "about a third over a decade. Researchers said staggered closures had made it "
                    "difficult to protect fish that move between grounds."
                ),
            ),
            (
                "quote",
                (
                    "It only works if everyone stops at the same time. We have known that for "
                    "years, and now it is written down."
                ),
                "Benedikt Harrow, chair of the Orrin fishing cooperative",
            ),
            (
                "p",
                (
                    "The cooperatives will review the calendar after three seasons, using catch "
                    "records and new surveys."
                ),
            ),
        ],
        "status": "published",
    },
    # Business
    {
        "key": "tidewater-trade-forum-closes",
        "language": "en",
        "section": "business",
        "column": None,
        "headline": "Tidewater Trade Forum closes with a pledge on shared port data",
        "slug": "tidewater-trade-forum-closes-port-data-pledge",
        "standfirst": (
            "Seven ports on the Lumen Strait agreed to pool operational shipping data, but left "
            "harbour fees and cargo rules for another year."
        ),
        "authors": ["amara-castell"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Trade", "Ports", "Lumen Strait"],
        "hours_ago": 430,
        "updated_hours_ago": None,
        "lead_image": "forum-grid",
        "body": [
            (
                "p",
                (
                    "The Tidewater Trade Forum ended its three-day meeting in Port Halden on "
                    "Friday with a joint statement from seven ports on the Lumen Strait. They "
                    "agreed to share data on ship arrivals, berth use and loading times, a pledge "
                    "delegates described as modest but practical."
                ),
            ),
            (
                "p",
                (
                    "Proposals to harmonise harbour fees and cargo inspection rules, which had "
                    "been expected to dominate the agenda, were deferred to next year's meeting. "
                    "Several smaller ports said they needed more time to study the effect on their "
                    "budgets."
                ),
            ),
            (
                "quote",
                (
                    "We left the hardest questions for later, but we leave with something we can "
                    "actually build."
                ),
                "Maren Ostrova, secretary-general of the Tidewater Trade Forum",
            ),
            (
                "p",
                (
                    "Shipping lines welcomed the plan, saying that better information on berth "
                    "availability could cut the hours ships spend waiting at anchor outside the "
                    "strait. The forum secretariat will publish a technical note on the platform "
                    "within a month."
                ),
            ),
        ],
        "status": "published",
    },
    {
        "key": "review-trade-forum-rules",
        "language": "en",
        "section": "business",
        "column": "review",
        "headline": "Can a trade forum without a treaty still set the rules?",
        "slug": "can-a-trade-forum-without-a-treaty-set-the-rules",
        "standfirst": (
            "The Tidewater Trade Forum has no power to bind anyone, which may be exactly why its "
            "modest agreements tend to last."
        ),
        "authors": ["lin-yaqing"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Trade", "Ports", "Lumen Strait"],
        "hours_ago": 400,
        "updated_hours_ago": None,
        "lead_image": "strait-waves",
        "body": [
            (
                "p",
                (
                    "Every year, critics of the Tidewater Trade Forum ask the same question: what "
                    "is the point of a meeting that cannot make binding decisions? This year's "
                    "closing statement, which put off any decision on harbour fees for another "
                    "twelve months, has given them fresh material."
                ),
            ),
            (
                "p",
                (
                    "But the forum's lack of power is also its main asset. Ports join because they "
                    "are free to leave, and they agree to small steps because no one can force "
                    "them into large ones. Over fifteen years that habit has produced shared storm "
                    "warnings, a common standard for training harbour pilots and now, perhaps, a "
                    "data platform."
                ),
            ),
            (
                "quote",
                "Rules that nobody is forced to accept are the ones people quietly keep.",
                "A harbour master from Orrin, at the forum's closing session",
            ),
            (
                "p",
                (
                    "None of this will satisfy those who want the strait's ports to act as a "
                    "single bloc. Yet the forum's record suggests that slow agreements, built one "
                    "practical step at a time, outlast grand ones signed in a hurry. The data "
                    "platform will be the next test of that idea."
                ),
            ),
        ],
        "status": "published",
    },
    {
        "key": "wire-container-volumes",
        "language": "en",
        "section": "business",
        "column": None,
        "headline": "Container volumes at Lumen Strait ports rise for a third straight quarter",
        "slug": "lumen-strait-container-volumes-third-quarter",
        "standfirst": (
            "Throughput grew 4.1% on the year, led by Vessary, while Port Halden's volumes were "
            "flat as quay works limited capacity."
        ),
        "authors": ["oren-kallis"],
        "translators": [],
        "translation_of": None,
        "source_line": "(Harbour Wire Service)",
        "tags": ["Trade", "Ports", "Lumen Strait"],
        "hours_ago": 30,
        "updated_hours_ago": None,
        "lead_image": None,
        "body": [
            (
                "p",
                (
                    "Container traffic through the seven main ports of the Lumen Strait rose 4.1% "
                    "in the third quarter compared with a year earlier, according to figures "
                    "published on Wednesday by the Strait Statistics Office. It was the third "
                    "consecutive quarter of growth."
                ),
            ),
            (
                "p",
                (
                    "Vessary led the increase, handling 12% more containers after opening a new "
                    "deep-water berth in the spring. Port Halden's volumes were broadly unchanged, "
                    "which its port authority attributed to quay strengthening works that took two "
                    "berths out of service for much of the summer."
                ),
            ),
            (
                "quote",
                (
                    "The numbers are steady rather than spectacular, and for a port that is "
                    "exactly what you want."
                ),
                "Bettina Roos, shipping analyst at Strait Freight Partners",
            ),
            (
                "p",
                (
                    "Analysts said demand for refrigerated containers, used mainly for fruit and "
                    "fish, had been particularly strong. The statistics office will publish its "
                    "fourth-quarter figures in late January."
                ),
            ),
        ],
        "status": "published",
    },
    {
        "key": "electric-ferry-shipyard",
        "language": "en",
        "section": "business",
        "column": None,
        "headline": "Halden shipyard bets on quiet electric ferries for the strait crossings",
        "slug": "halden-shipyard-electric-ferries",
        "standfirst": (
            "The yard's first battery-powered ferry begins sea trials next month, but charging at "
            "smaller harbours remains an open question."
        ),
        "authors": ["amara-castell", "tomas-verhoek"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Technology", "Transport", "Ports", "Port Halden"],
        "hours_ago": 210,
        "updated_hours_ago": None,
        "lead_image": "shipyard-skyline",
        "body": [
            (
                "p",
                (
                    "Workers at the Halden shipyard floated the hull of a 40-metre "
                    "battery-electric ferry on Tuesday, the first vessel of its kind built on the "
                    "Lumen Strait. If sea trials go to plan, it will carry up to 300 passengers "
                    "between Port Halden and Orrin from next summer."
                ),
            ),
            (
                "p",
                (
                    "The ferry's batteries can be recharged in about twenty minutes at a shore "
                    "connection the yard is building with the port authority. Solar panels on the "
                    "roof will power lighting and ventilation but not the motors, a point the yard "
                    "has been careful to stress."
                ),
            ),
            ("h2", "Charging is the hard part"),
            (
                "p",
                (
                    "Orrin's harbour has enough grid capacity for one charging point, but two "
                    "smaller stops on the route do not. The yard and the port authority are "
                    "studying whether batteries on shore could be charged overnight and used to "
                    "top up the ferry during the day."
                ),
            ),
            (
                "quote",
                "The boat is the easy part. The harbour is where the real engineering is.",
                "Mira Solenne, project director at the Halden shipyard",
            ),
            (
                "p",
                (
                    "The shipyard has orders for two more ferries, both for operators on the "
                    "strait, and says it is in talks about a larger vehicle ferry."
                ),
            ),
        ],
        "status": "published",
    },
    # Culture
    {
        "key": "northgate-library-zines",
        "language": "en",
        "section": "culture",
        "column": None,
        "headline": "Northgate library reopens with a whole floor for local zines",
        "slug": "northgate-library-reopens-zine-floor",
        "standfirst": (
            "After a two-year renovation, the north shore's main library has given its second "
            "floor to a growing collection of self-published magazines."
        ),
        "authors": ["chen-shuyi"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Culture", "Education", "Port Halden"],
        "hours_ago": 140,
        "updated_hours_ago": None,
        "lead_image": "library-grid",
        "body": [
            (
                "p",
                (
                    "Northgate Public Library reopened on Saturday after two years of renovation, "
                    "with its entire second floor given over to zines: small, self-published "
                    "magazines made by residents on subjects from birdwatching to ferry "
                    "timetables. The collection began as a single shelf and now holds more than "
                    "3,000 titles."
                ),
            ),
            (
                "p",
                (
                    "Librarians say the zines record parts of the city's life that rarely reach "
                    "official archives. One box holds hand-drawn maps of fishing spots along the "
                    "breakwater; another contains a decade of newsletters from a north shore "
                    "choir."
                ),
            ),
            (
                "quote",
                (
                    "A zine is what people write when nobody asked them to. That makes it honest "
                    "in a way that is hard to find anywhere else."
                ),
                "Agnes Tollund, zine librarian at Northgate Public Library",
            ),
            ("h2", "Making, not just reading"),
            (
                "p",
                (
                    "The new floor includes two small printing machines and a binding table that "
                    "anyone with a library card can book. Workshops for secondary school students "
                    "begin next month, run with the help of Northgate Polytechnic's design "
                    "department."
                ),
            ),
        ],
        "status": "published",
    },
    # Chinese originals, each followed by its English translation
    {
        "key": "lantern-festival-zh",
        "language": "zh-hans",
        "section": "culture",
        "column": None,
        "headline": "潮汐灯会时隔四年重返哈尔登港滨水区",
        "slug": "chaoxi-denghui-chongfan-halden-binshuiqu",
        "standfirst": (
            "停办四年后，由渔民家庭发起的潮汐灯会本周末再次点亮老码头，"
            "主办方预计将吸引约六万名游客。"
        ),
        "authors": ["chen-shuyi"],
        "translators": [],
        "translation_of": None,
        "source_line": "（太平洋子午报）",
        "tags": ["Culture", "Festivals", "Port Halden"],
        "hours_ago": 18,
        "updated_hours_ago": None,
        "lead_image": "lantern-sun",
        "body": [
            (
                "p",
                (
                    "周六傍晚，哈尔登港老码头沿岸挂起了两千多盏纸灯。这是潮汐灯会四年前因码头加固"
                    "工程停办以来首次回归，主办方估计整个周末将有约六万人到访。"
                ),
            ),
            (
                "p",
                (
                    "灯会最早由当地渔民家庭发起，用来庆祝出海的船只平安归来。如今参与制作灯笼的，"
                    "除了老居民，还有附近三所中学的学生和近年迁入港区的手工艺人。"
                ),
            ),
            (
                "quote",
                "我们想让年轻人知道，这些灯笼原本是挂在船头的，不只是给游客拍照用的。",
                "灯会筹备委员会成员、退休船长温佩兰",
            ),
            ("h2", "新的路线，旧的习俗"),
            (
                "p",
                (
                    "由于加固后的码头步道更加宽敞，今年的巡游路线首次延伸到东湾铁路的新港站。"
                    "市政部门表示，灯会期间晚间列车将加密至每十分钟一班，"
                    "并在灯会结束后延长运营一小时。"
                ),
            ),
            ("image", "harbour-skyline"),
            (
                "ul",
                [
                    "周六、周日18:00至23:00开放",
                    "巡游于周六20:00从老码头出发",
                    "东湾铁路晚间加密班次运行至午夜",
                    "免费入场，灯笼制作工作坊需提前登记",
                ],
            ),
        ],
        "status": "published",
    },
    {
        "key": "lantern-festival-en",
        "language": "en",
        "section": "culture",
        "column": None,
        "headline": (
            "Tidewater Lantern Festival returns to Port Halden's waterfront after four years"
        ),
        "slug": "tidewater-lantern-festival-returns-to-port-halden",
        "standfirst": (
            "After a four-year pause, the lantern festival started by fishing families lights up "
            "the old wharf again this weekend, and organisers expect about 60,000 visitors."
        ),
        "authors": ["chen-shuyi"],
        "translators": ["he-xiaowen"],
        "translation_of": "lantern-festival-zh",
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Culture", "Festivals", "Port Halden"],
        "hours_ago": 14,
        "updated_hours_ago": None,
        "lead_image": "lantern-sun",
        "body": [
            (
                "p",
                (
                    "On Saturday evening, more than two thousand paper lanterns were hung along "
                    "the old wharf in Port Halden. It is the first time the Tidewater Lantern "
                    "Festival has returned since it was suspended four years ago for work to "
                    "strengthen the quay, and organisers estimate that about 60,000 people will "
                    "visit over the weekend."
                ),
            ),
            (
                "p",
                (
                    "The festival was started by local fishing families to celebrate the safe "
                    "return of boats from sea. Today the lanterns are made not only by long-time "
                    "residents but also by students from three nearby secondary schools and by "
                    "craftspeople who have moved to the harbour district in recent years."
                ),
            ),
            (
                "quote",
                (
                    "We want young people to know that these lanterns were originally hung on the "
                    "bows of boats. They are not just for visitors to photograph."
                ),
                "Wen Peilan, festival committee member and retired skipper",
            ),
            ("h2", "A new route, an old custom"),
            (
                "p",
                (
                    "Because the strengthened quay has a wider promenade, this year's procession "
                    "extends for the first time to the new harbour station of the Eastbay Rail "
                    "line. The city says evening trains will run every ten minutes during the "
                    "festival, and services will continue for an extra hour after it closes each "
                    "night."
                ),
            ),
            ("image", "harbour-skyline"),
            (
                "ul",
                [
                    "Open Saturday and Sunday, 18:00 to 23:00",
                    "The procession leaves the old wharf at 20:00 on Saturday",
                    "Extra Eastbay Rail evening trains run until midnight",
                    "Entry is free; lantern-making workshops require advance registration",
                ],
            ),
        ],
        "status": "published",
    },
    {
        "key": "review-river-treaty-zh",
        "language": "zh-hans",
        "section": "world",
        "column": "review",
        "headline": "河流条约会改变琥珀三角洲的治理方式吗？",
        "slug": "heliu-tiaoyue-yu-sanjiaozhou-zhili",
        "standfirst": (
            "三地议会签署的新条约把分水规则写成了具体数字，但真正的考验在于谁来监督执行。"
        ),
        "authors": ["lin-yaqing"],
        "translators": [],
        "translation_of": None,
        "source_line": "（太平洋子午报）",
        "tags": ["Amber Delta", "Climate"],
        "hours_ago": 122,
        "updated_hours_ago": None,
        "lead_image": "delta-waves",
        "body": [
            (
                "p",
                (
                    "上周，哈尔登、维萨里和奥林三地议会签署了一份河流条约，"
                    "承诺按季节共同分配琥珀河上游来水。条约文本并不长，却首次把枯水期的放水比例写"
                    "成了具体数字。对于多年来靠临时协商度日的三角洲来说，这本身就是一种进步。"
                ),
            ),
            (
                "p",
                (
                    "然而，条约能否改变三角洲的治理方式，取决于纸面之外的安排。"
                    "三地此前签过两份备忘录，最后都因缺乏统一的监测数据而不了了之。农民、"
                    "渔民和港口运营方各自引用不同的水位记录，争论往往还没开始就已陷入僵局。"
                ),
            ),
            ("h2", "数据比签字更重要"),
            (
                "p",
                (
                    "这一次，条约设立了由三地共同出资的监测站网络，并要求每周公开一次水位和盐度数"
                    "据。如果这些数据真能按时发布，并且让下游村庄也看得懂，争论就有可能从“谁说得对”"
                    "转向“下一步怎么办”。"
                ),
            ),
            (
                "quote",
                "条约给了我们一张共同的地图，但地图自己不会走路。",
                "琥珀三角洲农民合作社负责人塔维·马罗",
            ),
            (
                "p",
                (
                    "我的判断是谨慎乐观。条约不会在一夜之间消除分歧，但它为三地提供了一套共同的语"
                    "言。未来两年的枯水期，将是检验这套语言是否管用的第一道关口。"
                ),
            ),
        ],
        "status": "published",
    },
    {
        "key": "review-river-treaty-en",
        "language": "en",
        "section": "world",
        "column": "review",
        "headline": "Will the river treaty change how the Amber Delta is governed?",
        "slug": "will-the-river-treaty-change-how-the-delta-is-governed",
        "standfirst": (
            "The new treaty signed by three councils turns water-sharing rules into concrete "
            "numbers, but the real test is who will see that it is carried out."
        ),
        "authors": ["lin-yaqing"],
        "translators": ["he-xiaowen"],
        "translation_of": "review-river-treaty-zh",
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Amber Delta", "Climate"],
        "hours_ago": 116,
        "updated_hours_ago": None,
        "lead_image": "delta-waves",
        "body": [
            (
                "p",
                (
                    "Last week the councils of Halden, Vessary and Orrin signed a river treaty, "
                    "pledging to share the upstream flow of the Amber River season by season. The "
                    "text is not long, but for the first time it states the share of water to be "
                    "released in the dry season as concrete numbers. For a delta that has got by "
                    "on ad hoc negotiation for years, that in itself is progress."
                ),
            ),
            (
                "p",
                (
                    "Whether the treaty changes how the delta is governed, however, depends on "
                    "arrangements beyond the page. The three councils have signed two memorandums "
                    "before, and both came to nothing for lack of shared monitoring data. Farmers, "
                    "fishers and port operators each cited different water-level records, and "
                    "arguments were often deadlocked before they had even begun."
                ),
            ),
            ("h2", "Data matter more than signatures"),
            (
                "p",
                (
                    "This time the treaty sets up a network of monitoring stations funded jointly "
                    "by the three councils, and requires water-level and salinity data to be "
                    "published once a week. If those figures really are released on time, in a "
                    "form that downstream villages can understand, the argument may shift from "
                    "‘who is right’ to ‘what do we do next’."
                ),
            ),
            (
                "quote",
                "The treaty gives us a shared map, but a map does not walk by itself.",
                "Tavi Marrow, head of the Amber Delta farmers' cooperative",
            ),
            (
                "p",
                (
                    "My judgement is one of cautious optimism. The treaty will not erase "
                    "disagreements overnight, but it gives the three councils a common language. "
                    "The dry seasons of the next two years will be the first test of whether that "
                    "language works."
                ),
            ),
        ],
        "status": "published",
    },
    {
        "key": "explainer-port-data-zh",
        "language": "zh-hans",
        "section": "business",
        "column": "explainer",
        "headline": "解读：港口数据共享平台如何运作",
        "slug": "jiedu-gangkou-shuju-gongxiang-pingtai",
        "standfirst": (
            "潮水贸易论坛推动的港口数据平台将于明年试运行。它会共享哪些信息，"
            "又会把哪些信息留在门外？"
        ),
        "authors": ["zhou-mingyuan", "amara-castell"],
        "translators": [],
        "translation_of": None,
        "source_line": "（太平洋子午报）",
        "tags": ["Trade", "Ports", "Technology"],
        "hours_ago": 44,
        "updated_hours_ago": None,
        "lead_image": "forum-grid",
        "body": [
            (
                "p",
                (
                    "在不久前闭幕的潮水贸易论坛上，流明海峡沿岸的七个港口同意建立一个共享数据平台，"
                    "用于交换船舶到港时间、泊位占用和装卸进度等信息。平台计划明年春季先在哈尔登港"
                    "和维萨里港试运行。"
                ),
            ),
            ("h2", "平台会共享什么？"),
            (
                "p",
                (
                    "根据论坛公布的技术说明，平台只交换“运营层面”的数据，也就是船舶何时抵达、"
                    "在哪个泊位停靠、预计何时离港。货物的具体内容、货主身份和价格信息不会进入平台，"
                    "而是继续保存在各港口自己的系统中。"
                ),
            ),
            (
                "ul",
                [
                    "船舶预计到港和离港时间",
                    "泊位占用情况，每十五分钟更新一次",
                    "装卸作业进度的百分比估算",
                    "因恶劣天气导致的临时关闭通知",
                ],
            ),
            ("image", "data-grid"),
            (
                "p",
                (
                    "参与设计的工程师表示，平台将由各港口轮流托管，以免任何一方单独掌握全部数据。"
                    "批评者则担心，较小的港口缺少维护接口的技术人员，可能在试运行阶段就跟不上节奏。"
                    "论坛秘书处表示，将为小港口提供为期两年的技术支持。"
                ),
            ),
        ],
        "status": "published",
    },
    {
        "key": "explainer-port-data-en",
        "language": "en",
        "section": "business",
        "column": "explainer",
        "headline": "Explainer: how the shared port data platform will work",
        "slug": "explainer-how-the-shared-port-data-platform-will-work",
        "standfirst": (
            "The port data platform backed by the Tidewater Trade Forum will begin a trial next "
            "year. What information will it share, and what will it keep out?"
        ),
        "authors": ["zhou-mingyuan", "amara-castell"],
        "translators": ["elias-brandt", "he-xiaowen"],
        "translation_of": "explainer-port-data-zh",
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Trade", "Ports", "Technology"],
        "hours_ago": 38,
        "updated_hours_ago": None,
        "lead_image": "forum-grid",
        "body": [
            (
                "p",
                (
                    "At the recently concluded Tidewater Trade Forum, seven ports along the Lumen "
                    "Strait agreed to set up a shared data platform for exchanging information "
                    "such as ship arrival times, berth occupancy and loading progress. The "
                    "platform is due to begin a trial next spring, first at Port Halden and the "
                    "port of Vessary."
                ),
            ),
            ("h2", "What will the platform share?"),
            (
                "p",
                (
                    "According to the technical note published by the forum, the platform will "
                    "exchange only ‘operational’ data: when a ship arrives, at which berth it "
                    "docks and when it is expected to leave. The contents of the cargo, the "
                    "identity of its owners and price information will not enter the platform, and "
                    "will stay in each port's own systems."
                ),
            ),
            (
                "ul",
                [
                    "Expected ship arrival and departure times",
                    "Berth occupancy, updated every fifteen minutes",
                    "Estimated loading and unloading progress, as a percentage",
                    "Notices of temporary closures caused by severe weather",
                ],
            ),
            ("image", "data-grid"),
            (
                "p",
                (
                    "Engineers involved in the design say the ports will take turns hosting the "
                    "platform, so that no single party holds all the data. Critics worry that "
                    "smaller ports lack the technical staff to maintain the interfaces and could "
                    "fall behind as early as the trial stage. The forum secretariat says it will "
                    "provide two years of technical support to smaller ports."
                ),
            ),
        ],
        "status": "published",
    },
    # Not published: one article for each non-published status. Their headlines all
    # contain the word "Embargoed" so tests can check they never leak onto public pages.
    {
        "key": "embargoed-fare-review",
        "language": "en",
        "section": "top-news",
        "column": None,
        "headline": "Embargoed: Eastbay Rail fare review recommends a single city zone",
        "slug": "embargoed-eastbay-rail-fare-review",
        "standfirst": (
            "A draft report for the Eastbay Rail Authority proposes replacing the city's three "
            "fare zones with one flat fare."
        ),
        "authors": ["tomas-verhoek"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Transport", "Eastbay Rail Authority"],
        "hours_ago": 1,
        "updated_hours_ago": None,
        "lead_image": "rail-grid",
        "body": [
            (
                "p",
                (
                    "A review commissioned by the Eastbay Rail Authority recommends replacing Port "
                    "Halden's three fare zones with a single flat fare across the city. The report "
                    "is due to be presented to the authority's board next week."
                ),
            ),
            (
                "p",
                (
                    "The authors estimate that a flat fare would raise costs slightly for short "
                    "trips in the old town but cut them sharply for commuters from the north "
                    "shore."
                ),
            ),
            ("h2", "Still to be confirmed"),
            (
                "p",
                (
                    "Figures in this draft have not yet been checked against the final report and "
                    "must not be published before the embargo lifts."
                ),
            ),
        ],
        "status": "draft",
    },
    {
        "key": "embargoed-sea-walls",
        "language": "en",
        "section": "top-news",
        "column": None,
        "headline": "Embargoed: Halden council sets aside funds for new sea walls",
        "slug": "embargoed-halden-council-sea-wall-funds",
        "standfirst": (
            "The city's draft budget includes the largest coastal defence allocation in two "
            "decades."
        ),
        "authors": ["amara-castell"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Climate", "Port Halden"],
        "hours_ago": 4,
        "updated_hours_ago": None,
        "lead_image": "harbour-skyline",
        "body": [
            (
                "p",
                (
                    "Port Halden's draft budget for next year sets aside the largest sum for "
                    "coastal defences in two decades, according to papers seen by Pacific "
                    "Meridian. Most of the money would go to raising the sea wall along the old "
                    "town waterfront."
                ),
            ),
            (
                "p",
                (
                    "Council members are due to debate the budget on Thursday, and the figures "
                    "could still change before the final vote."
                ),
            ),
            (
                "quote",
                "We would rather build the wall once, properly, than patch it every winter.",
                "A member of the council's finance committee",
            ),
            ("p", "This article is awaiting review by the business editor."),
        ],
        "status": "review",
    },
    {
        "key": "embargoed-sky-survey",
        "language": "en",
        "section": "world",
        "column": None,
        "headline": "Embargoed: Kestrel Observatory to release its southern sky survey",
        "slug": "embargoed-kestrel-southern-sky-survey",
        "standfirst": (
            "Ten years of observations from Serrat Ridge will be made public as a free catalogue "
            "of more than two million stars."
        ),
        "authors": ["nadia-ferrante"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Science", "Astronomy"],
        "hours_ago": -30,
        "updated_hours_ago": None,
        "lead_image": "serrat-mountains",
        "body": [
            (
                "p",
                (
                    "The Kestrel Observatory will publish a catalogue of more than two million "
                    "stars in the southern sky, the result of ten years of observations from its "
                    "telescopes on Serrat Ridge. The catalogue will be free for anyone to "
                    "download."
                ),
            ),
            (
                "p",
                (
                    "Astronomers say the survey's repeated measurements make it especially useful "
                    "for finding stars whose brightness changes over time."
                ),
            ),
            ("h2", "What the catalogue contains"),
            (
                "ul",
                [
                    "Positions and brightness for more than two million stars",
                    "Repeat measurements taken over ten years",
                    "Notes on several hundred newly identified variable stars",
                ],
            ),
        ],
        "status": "scheduled",
    },
    {
        "key": "embargoed-festival-closures",
        "language": "en",
        "section": "culture",
        "column": None,
        "headline": "Embargoed: Road closures for the Tidewater Lantern Festival (withdrawn)",
        "slug": "embargoed-lantern-festival-road-closures",
        "standfirst": (
            "A list of road closures around the old wharf, withdrawn after the city changed the "
            "procession route."
        ),
        "authors": ["chen-shuyi"],
        "translators": [],
        "translation_of": None,
        "source_line": "(PACIFIC MERIDIAN)",
        "tags": ["Festivals", "Transport", "Port Halden"],
        "hours_ago": 70,
        "updated_hours_ago": None,
        "lead_image": None,
        "body": [
            (
                "p",
                (
                    "Several streets around Port Halden's old wharf will close to traffic during "
                    "the Tidewater Lantern Festival, the city said in a notice that was later "
                    "withdrawn."
                ),
            ),
            (
                "p",
                (
                    "The closures were revised after the procession route was extended to the new "
                    "harbour station of the Eastbay Rail line."
                ),
            ),
            (
                "ul",
                [
                    "Wharf Road, closed from 16:00 on Saturday",
                    "Chandlers Lane, closed to vehicles both evenings",
                ],
            ),
            ("p", "This notice has been withdrawn and replaced by the city's updated list."),
        ],
        "status": "unpublished",
    },
]
