"""What the importers recognise in a line of a scraped page, in one place.

Each reader here looks at one whole line (whitespace already collapsed) and says what it
is: page furniture, a tail heading, a date line, a byline, a translator line, an image, a
caption, a photo credit, a source line. textdump.py decides where lines may stand; this
module only knows their shapes. The HTML importer (htmlpage.py) uses the same furniture,
tail headings, credits and source lines for the blocks of a page. The lists are decisions
about scraped pages: extend them here, with a fixture in tests/fixtures/textdumps/ that
shows the new shape.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from newsdesk.imports.record import Credit
from newsdesk.languages import HAN, HAN_CHARACTER


def _compile(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# The words of a share bar ("Share this story: Facebook Email"); any other word makes the
# line prose ("Share prices rose for a third day").
SHARE_WORDS = [
    "share", "this", "the", "story", "article", "page", "post", "on", "via", "to", "with",
    "friends", "social", "media", "copy", "link", "print", "email", "facebook", "twitter", "x",
    "whatsapp", "telegram", "linkedin", "reddit", "wechat", "weibo",
]  # fmt: skip
_SHARE_WORD = "|".join(SHARE_WORDS)

# Page furniture, for every importer (text dumps, HTML pages): a whole line matching one of
# these is dropped wherever it stands. An English prompt must start the line; a Chinese one
# may follow a short lead-in ("更多精彩，") but must end it. Prose that only mentions an app
# or a QR code ("Passengers scan the QR code at the gate") stays.
BOILERPLATE = _compile(
    [
        # App download prompts: "To download Harbour Daily app", "Download our app for more
        # stories like this.", "1. Please scan the QR Code 2. Download and install Harbour
        # Daily App", "下载北风日报客户端，扫描二维码", "更多精彩，请下载北风日报客户端".
        r"^to download\b.{0,60}\bapp$",
        r"^(?=.{0,160}$)(?:to )?download (?:the |our )?.{0,40}\bapp\b",
        r"^(?:download|install|get|open in) (?:the |our )?.{0,40}\bapp$",
        r"^(?:\d\.\s*)?(?:please )?scan the qr ?code\b",
        # Prompts to read or hear the story elsewhere: "Read this story in the Harbour Times
        # app", "Listen to this article", "打开澜湾日报App阅读全文".
        r"^(?=.{0,120}$)(?:read|continue reading|view) (?:this|the|the full) (?:story|article)"
        r" (?:in|on) (?:the |our )?.{0,40}\bapp\b",
        r"^listen to this (?:story|article)\b"
        r"(?:[\s:·|-]*\d{1,2}(?::\d{2})? ?(?:min|mins|minutes)?)?$",
        r"^(?:打开|用|在)[^，,。！？]{0,16}(?:客户端|app)[^，,。！？]{0,4}(?:阅读|查看|观看)"
        r"[^。！？]{0,6}$",
        r"^请?扫描?(?:[上下左右]方|[左右][侧边])?的?二维码[^。！？]{0,20}$",
        r"^(?:[^，,。！？]{0,12}?[，,]?\s*)?请?下载[^，,。！？]{0,12}(?:客户端|app)"
        r"(?:[\s，,]*请?扫描?二维码[^。！？]{0,20})?[。！]?$",
        # Share bars and prompts: "Share this:", "Share this story: Facebook Email", "Share on
        # WeChat"; lone share buttons.
        rf"^(?=.{{0,160}}$)[^a-z]*share(?:[^a-z]+(?:{_SHARE_WORD}))*[^a-z]*$",
        r"^share (?:on|to|via|with) \w+",
        r"^分享(?:到|至)|^分享\s*[:：]?$",
        r"^(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|e-?mail|print|weibo"
        r"|wechat|微信|微博|朋友圈|qq空间|copy link|复制链接)$",
        # Editor lines: stored nowhere, the newsroom records its own editors.
        r"^[\[【(（]?\s*(?:editor|editors|chief editor|web editor|责任编辑|编辑|校对)\s*[:：]",
        r"^edited by\s",
        # Cookie notices and their buttons.
        r"^(?=.{0,300}$)(?=.*\bcookies?\b).*\b(?:we use|(?:this|our) (?:web)?site|website"
        r"|browser|brows(?:e|ing)|consent|cookie (?:policy|settings|preferences)|privacy policy)\b",
        r"^(?:accept(?: all)?(?: cookies)?|reject all|got it|i agree)$",
        # Inline "read more" links (a bare "Read more" heading cuts the tail instead), also
        # in the languages of the editions' neighbours: "Lea también: …", "À lire aussi : …".
        r"^(?:read more|read also|also read|see also|related|相关阅读|延伸阅读)\s*[:：]\s*\S",
        r"^(?:le[ae] (?:también|tambien|más|mas)|vea (?:también|tambien)|ver también"
        r"|(?:le|te) puede interesar|(?:à|a) lire aussi|lire aussi|leia também|veja também"
        r"|leggi anche|lesen sie auch|auch interessant|mehr zum thema|czytaj (?:też|także)"
        r"|zobacz (?:też|także))\s*[:：]\s*\S",
        # Prompts to follow the publication or get its newsletter: "Follow the Harbour Times
        # on Twitter and Facebook", "Síguenos en Telegram", "Sign up for our newsletter".
        r"^(?=.{0,300}$)(?:follow\s|s[ií]guenos\b|folgen sie uns\b|folge uns\b|suivez-nous\b"
        r"|siga-nos\b).{0,120}\b(?:twitter|facebook|instagram|telegram|whatsapp|youtube"
        r"|tiktok|linkedin)\b",
        r"^(?:sign up|subscribe|register)\b.{0,60}\bnewsletters?\b|^subscribe now\b"
        r"|^(?:zum )?newsletter (?:anmelden|abonnieren)\b",
        # Advertising, copyright, breadcrumbs.
        r"^(?:advertisement|advert|sponsored|广告)$",
        r"^(?:copyright\s*)?(?:©|\(c\))\s*\d{4}|^copyright\s+\d{4}|all rights reserved|版权所有",
        r"^(?:home|首页)\s*[>›»/|]",
    ]
)

# Headings after which a page holds only furniture (link lists): cut from there on.
TAIL_HEADINGS = {
    "hot recommended",
    "related",
    "related articles",
    "related news",
    "related stories",
    "related content",
    "read more",
    "read also",
    "you may also like",
    "you might also like",
    "recommended",
    "recommended for you",
    "most read",
    "most popular",
    "more stories",
    "trending",
    "trending now",
    "comments",
    "热门推荐",
    "热点推荐",
    "相关新闻",
    "相关阅读",
    "相关文章",
    "推荐阅读",
    "延伸阅读",
    "猜你喜欢",
}


def is_boilerplate(line: str) -> bool:
    return len(line) <= 300 and bool(BOILERPLATE.search(line))


def is_tail_heading(line: str) -> bool:
    return line.strip().rstrip(":：>»›").strip().casefold() in TAIL_HEADINGS


# Furniture above the headline: a page's top bar, kept by the scraper. These lines are
# skipped when looking for the headline (below it they may be prose, so they stay).
# A navigation row is three or more short items ("Video | Culture | Live", "首页 · 新闻 ·
# 财经", "World / Europe / Business"), or only menu words; a section label is a short
# line in capitals ("BUSINESS"); a time line says when without a date ("10:32 GMT",
# "Updated 2 hours ago", "3小时前").
MENU_WORDS = {
    "menu", "search", "sign in", "sign up", "log in", "login", "log out", "register",
    "subscribe", "subscribe now", "newsletters", "newsletter", "account", "my account", "home",
    "skip to content", "skip to main content", "close", "back", "more", "live", "video",
    "videos", "watch", "listen", "audio", "podcasts", "latest", "trending now", "follow us",
    "tweet", "share", "email", "print", "comment", "comments", "save", "gift this article",
    "首页", "登录", "注册", "搜索", "菜单", "订阅", "导航", "返回", "更多", "视频", "直播",
}  # fmt: skip
NAVIGATION_SEPARATOR = re.compile(r"\s*[|｜丨·•›»>]\s*|\s+/\s+")
TIME_LINE = re.compile(
    r"^(?:(?:last )?updated|published|posted|更新于|发布于)?\s*(?:on|at)?\s*[:：]?\s*"
    r"(?:\d+\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago"
    r"|\d+\s*(?:秒|分钟|小时|天|周)前"
    r"|\d{1,2}[:：]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:[a-z]{2,4}|[+-]\d{2}:?\d{2}))?)$",
    re.IGNORECASE,
)


def is_navigation(line: str) -> bool:
    """A menu row or menu word, a section label in capitals, or a time without a date."""
    if line.casefold() in MENU_WORDS or TIME_LINE.match(line) or is_section_label(line):
        return True
    items = [item for item in NAVIGATION_SEPARATOR.split(line) if item]
    if len(items) < 2:
        return False
    if all(item.casefold() in MENU_WORDS for item in items):
        return True
    return len(items) >= 3 and all(_is_menu_item(item) for item in items)


def _is_menu_item(item: str) -> bool:
    if HAN_CHARACTER.search(item):
        return len(item) <= 4
    return len(item) <= 25 and len(item.split()) <= 3 and not re.search(r"[.!?,;:]$", item)


def is_section_label(line: str) -> bool:
    """A short line in capitals above the headline: "BUSINESS", "WORLD NEWS"."""
    return (
        line.isupper()
        and len(line) <= 30
        and len(line.split()) <= 3
        and not re.search(r"[\d.!?,;:]", line)
    )


# Dates. A date line is an optional section, an optional separator, a date and an
# optional time (ignored: a dump does not say its time zone): "Top News2018-06-06",
# "World | 2019-03-02", "Business · March 2, 2019", "2 March 2019", "2019年3月2日",
# "06/06/2018". Year-first dates are read in ISO order. Other numeric dates are read day
# first, as most of the world writes them (02/03/2019 is 2 March 2019), and month first
# only when the second number cannot be a month (12/25/2019).

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            # English, German, French, Spanish
            ("january", "jan", "januar", "jänner", "janvier", "enero", "ene"),
            ("february", "feb", "februar", "février", "fevrier", "févr", "febrero"),
            ("march", "mar", "märz", "mär", "mars", "marzo"),
            ("april", "apr", "avril", "avr", "abril", "abr"),
            ("may", "mai", "mayo"),
            ("june", "jun", "juni", "juin", "junio"),
            ("july", "jul", "juli", "juillet", "juil", "julio"),
            ("august", "aug", "août", "aout", "agosto", "ago"),
            ("september", "sept", "sep", "septembre", "septiembre", "setiembre"),
            ("october", "oct", "oktober", "okt", "octobre", "octubre"),
            ("november", "nov", "novembre", "noviembre"),
            ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE_SHAPES = [
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})",
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?",
    _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})",
    # "12 March 2021", "12. März 2021", "12 de marzo de 2021"
    r"(?P<d>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?" + _MONTH + r",?\s+(?:de\s+)?(?P<y>\d{4})",
    r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})",
]
_TIME = (
    r"(?:[\sT,]+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:z|utc|gmt|[a-z]{3}|[+-]\d{2}:?\d{2}))?)?"
)
_WEEKDAY = r"(?:\s*(?:星期|周)[一二三四五六日天])?"
DATE_LINES = [
    re.compile(
        rf"(?P<section>.*?)[\s|｜丨·•,，:：/\-–—]*(?P<date>{shape}){_WEEKDAY}{_TIME}",
        re.IGNORECASE,
    )
    for shape in DATE_SHAPES
]
# Words before the date that are not a section: "Published: …", "Friday, March 2, 2019".
DATE_PREFIX = re.compile(
    r"(?:^|[\s|·•])(?:(?:last )?updated|published|posted|date|发布时间|发布于|更新时间|时间|日期"
    r"|(?:mon|tues?|wednes|thu(?:rs)?|fri|satur|sun)(?:day)?|wed|thur|sat)"
    r"(?:\s+(?:on|at))?\s*[:：,]?$",
    re.IGNORECASE,
)
SEPARATORS = " |｜丨·•,，:：/-–—"


def read_date_line(line: str) -> tuple[str, date | None] | None:
    """(section, date) when the whole line is a date line, else None.

    The date is None when the line has a date's shape but no such day (2019-02-30).
    """
    if len(line) > 80:
        return None
    for pattern in DATE_LINES:
        match = pattern.fullmatch(line)
        if match:
            section = DATE_PREFIX.sub("", match.group("section").strip(SEPARATORS))
            section = section.strip(SEPARATORS)
            if not _is_section(section):
                return None
            return section, _date(match.groupdict())
    return None


def _is_section(text: str) -> bool:
    if not text:
        return True
    return len(text) <= 40 and len(text.split()) <= 5 and not re.search(r"[.!?。！？]$", text)


def _date(parts: dict) -> date | None:
    year = int(parts["y"])
    if parts.get("a"):  # 02/03/2019: day first, unless only month first makes sense
        first, second = int(parts["a"]), int(parts["b"])
        day, month = (second, first) if second > 12 >= first else (first, second)
    else:
        day = int(parts["d"])
        month = MONTHS[parts["month"].lower()] if parts.get("month") else int(parts["m"])
    try:
        return date(year, month, day) if 1900 <= year <= 2100 else None
    except ValueError:
        return None


# Credits. English bylines: "By [role title] Name[, Name] [and Name]"; the role title
# is the words up to and including the first role noun ("Harbour writer", "Staff reporter",
# "special correspondent"), else leading lower-case words ("special envoy"); a plural
# role noun ("Harbour writers A and B") is given, singular, to every name. A part that is
# only a role ("By Jan Novak, Staff Writer") is the role of the name before it.
ROLE_NOUNS = {
    "writer",
    "reporter",
    "correspondent",
    "editor",
    "columnist",
    "contributor",
    "commentator",
    "journalist",
    "analyst",
    "photographer",
    "producer",
    "stringer",
}
NAME_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "la", "le", "bin"}
# English, and the same "By" / "Author:" in German, French, Spanish, Portuguese, Italian
# ("Von Ana Lima", "Par Ana Lima", "Autoren: Ana Lima und Joe Bloggs").
BYLINE = re.compile(
    r"^(?:(?:by|(?:von|par|por)\b)\s*[:：]?|(?:written|words|reporting|posted|geschrieben|escrito)"
    r" (?:by|von|por)|(?:authors?|reporters?|writers?|words|reporting|autor(?:in|en|es|a)?"
    r"|auteurs?|autore|autori)\s*[:：])\s*(?P<names>.+)$",
    re.IGNORECASE,
)
TRANSLATOR_LINE = re.compile(
    r"^(?:translated(?: from \w+)? by|translation by|translators?\s*[:：])\s*(?P<names>.+)$",
    re.IGNORECASE,
)
# Chinese: "记者 张三", "本报记者 张三 李四", "作者：张三、李四", "文／张三"; "译者：李四".
# After a label the role may follow ("作者：本报记者 张三"), or an English byline's role
# title and names ("作者：Culture editor Chen Shuyi").
ZH_BYLINE = re.compile(
    r"^(?:(?P<label>作者|撰文|文字|文)\s*[:：／/|丨]\s*)?"
    rf"(?:(?P<role>[{HAN}]{{0,6}}?(?:特约记者|记者|通讯员|评论员|特约撰稿人|撰稿人|专栏作家))"
    r"\s*[:：]?\s*)?(?P<names>.+)$"
)
ZH_TRANSLATOR = re.compile(r"^(?:译者|翻译|编译|译)\s*[:：／/|丨]\s*(?P<names>.+)$")
NAME_SEPARATOR = re.compile(
    r"\s*,\s*(?:and|und|et|y|e|en)\s+|\s*,\s*|\s+(?:and|und|et|y|e|en)\s+|\s*&\s*|\s*;\s*",
    re.IGNORECASE,
)
ZH_NAME_SEPARATOR = re.compile(r"\s*[、，,;；]\s*")
# "记者 张三 报道", "文/张三 记者": what follows the names is no name.
ZH_REPORTED = re.compile(r"\s*[/／]?\s*(?:(?:本报|特约)*记者|通讯员|报道|采写|整理|摄影?)$")
ZH_NAME = re.compile(f"[{HAN}]{{2,4}}|[{HAN}]+(?:[·•][{HAN}]+)+")
NAME_WORD = re.compile(r"(?:[^\W\d_]\.)+|[^\W\d_][^\W\d_'’\-.]*(?:['’\-][^\W\d_]+)*\.?")
PLACE_SUFFIX = re.compile(r"\s+(?:in|from|at|for)\s+.*$")


def read_byline(line: str) -> list[Credit] | None:
    """The authors a byline names, or None when the line is not a byline."""
    if len(line) > 150:
        return None
    match = BYLINE.match(line)
    if match:
        return _people(match.group("names"))
    match = ZH_BYLINE.match(line)
    if match and (match.group("label") or match.group("role")):
        return _labelled_people(match.group("names"), match.group("role") or "", line)
    return _name_then_role(line)


def _name_then_role(line: str) -> list[Credit] | None:
    """An unmarked byline ending in a role: "Ana Lima, Staff writer"."""
    if len(line) > 80 or "," not in line or HAN_CHARACTER.search(line):
        return None
    last = line.rsplit(",", 1)[1].split()
    if not last or not _role_noun(last[-1]):
        return None
    people = _people(line)
    return people if people and people[-1].role_title else None


def read_translators(line: str) -> list[Credit] | None:
    """The translators a translator line names, or None when it is not one."""
    if len(line) > 150:
        return None
    match = TRANSLATOR_LINE.match(line)
    if match:
        return _people(match.group("names"))
    match = ZH_TRANSLATOR.match(line)
    if match:
        return _labelled_people(match.group("names"), "", line)
    return None


def _labelled_people(names: str, role: str, line: str) -> list[Credit] | None:
    """The people after a Chinese label or role: Chinese names (on a short line, as prose
    can start like a byline), or names in English with their role titles."""
    if role or HAN_CHARACTER.search(names):
        return _zh_people(names, role) if len(line) <= 40 else None
    return _people(names)


def _people(text: str) -> list[Credit] | None:
    if HAN_CHARACTER.search(text):
        return _zh_people(text, "")
    credits: list[Credit] = []
    shared_role = ""
    for part in NAME_SEPARATOR.split(text.strip()):
        role, name = _role_and_name(part)
        if not name:
            if role and credits and not credits[-1].role_title:
                credits[-1].role_title = role
                continue
            return None
        if not _is_name(name):
            return None
        if role and _is_plural_role(role):
            role = shared_role = _singular(role)
        credits.append(Credit(name=name, role_title=role or shared_role))
    return credits or None


def _role_and_name(part: str) -> tuple[str, str]:
    words = PLACE_SUFFIX.sub("", part.strip()).split()
    nouns = [i for i, word in enumerate(words) if _role_noun(word)]
    if nouns:  # the first role noun: a surname may be one too ("Staff writer Ann Writer")
        cut = nouns[0] + 1
    else:
        cut = next((i for i, word in enumerate(words) if not word[0].islower()), len(words))
    return " ".join(words[:cut]), " ".join(words[cut:])


def _role_noun(word: str) -> bool:
    word = word.lower().strip(",")
    return word in ROLE_NOUNS or (word.endswith("s") and word[:-1] in ROLE_NOUNS)


def _is_plural_role(role: str) -> bool:
    last = role.split()[-1].lower()
    return last.endswith("s") and last[:-1] in ROLE_NOUNS


def _singular(role: str) -> str:
    return role[:-1] if _is_plural_role(role) else role


def _is_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 6 or not words[0][0].isupper():
        return False
    return all(
        word in NAME_PARTICLES
        or word.isdigit()  # "Writer 31": numbered placeholder names
        or (NAME_WORD.fullmatch(word) and word[0].isupper())
        for word in words
    )


def _zh_people(text: str, role: str) -> list[Credit] | None:
    names = []
    for part in ZH_NAME_SEPARATOR.split(ZH_REPORTED.sub("", text.strip())):
        if HAN_CHARACTER.search(part):
            names.extend(part.split())
        elif part:
            names.append(part)
    if not names or not all(ZH_NAME.fullmatch(n) or _is_name(n) for n in names):
        return None
    return [Credit(name=name, role_title=role) for name in names]


# Images, captions, photo credits. An image line is a file name or an address ending in
# an image extension, alone on its line ("ferry-quay.jpg", "https://…/dock.webp?w=800").
IMAGE_LINE = re.compile(
    r"(?:https?://\S+/)?(?P<name>[^\s/\\]+\.(?:jpe?g|png|gif|webp))(?:\?\S*)?", re.IGNORECASE
)
CAPTION_MARKER = re.compile(
    r"^(?:(?:photo|caption|pictured|picture|image|file photo|图片|图)\s*[:：]|图为)"
    r"\s*(?P<text>.+)$",
    re.IGNORECASE,
)
# A dateline caption: a date in capitals or ISO form, then a colon ("NOVEMBER 1, 2021: …").
DATELINE_CAPTION = re.compile(
    r"^(?:(?P<month>[A-Z]{3,9})\.? \d{1,2}, \d{4}|\d{1,2} (?P<month2>[A-Z]{3,9}) \d{4}"
    r"|\d{4}-\d{2}-\d{2})\s*[:：]\s*\S"
)
PHOTO_CREDIT = re.compile(
    r"^[(（]?\s*(?:photo(?:graph)?\s*(?:credit\s*[:：]?|by)|credit\s*[:：]|image credit\s*[:：]?"
    r"|photographer\s*[:：]|摄影\s*[:：]?|图片来源\s*[:：]|图源\s*[:：]|图\s*[/／]"
    r"|photo\s*[:：](?=[^.。]{2,40}[)）]?$))\s*(?P<text>[^()（）]{2,80}?)\s*[)）]?$",
    re.IGNORECASE,
)


def read_image_line(line: str) -> tuple[str, str] | None:
    """(file name, address) of an image line, or None. The address is "" for a bare name."""
    match = IMAGE_LINE.fullmatch(line)
    if not match:
        return None
    address = line if line.lower().startswith(("http://", "https://")) else ""
    return match.group("name"), address


def read_caption(line: str) -> str | None:
    """The caption a line marks as one ("Photo: …", "Caption: …", "NOVEMBER 1, 2021: …")."""
    match = DATELINE_CAPTION.match(line)
    if match:
        month = match.group("month") or match.group("month2")
        if month is None or month.lower() in MONTHS:
            return line
    match = CAPTION_MARKER.match(line)
    return match.group("text") if match else None


def read_photo_credit(line: str) -> str | None:
    """The credit of a photo credit line ("Photo by …", "(Photo: Xinhua)", "摄影：…")."""
    match = PHOTO_CREDIT.match(line) if len(line) <= 100 else None
    return match.group("text") if match else None


# Source lines: "(HARBOUR DAILY)" at the end, "（澜湾日报）", "Source: Xinhua".
SOURCE_IN_BRACKETS = re.compile(r"[(（](?P<text>[^()（）]{2,60})[)）]")
SOURCE_PREFIX = re.compile(r"^(?:source|来源)\s*[:：]\s*\S.{0,60}$", re.IGNORECASE)


def is_source_line(line: str) -> bool:
    """A bracketed line without lower-case letters, or "(Source: …)", or "Source: …"."""
    match = SOURCE_IN_BRACKETS.fullmatch(line)
    if match:
        text = match.group("text").strip()
        return not any(ch.islower() for ch in text) or bool(SOURCE_PREFIX.match(text))
    return bool(SOURCE_PREFIX.match(line))


# Paragraph boundaries inside a run-on copy: a sentence end glued to the next capital
# (".A", "2014.The", "etc.(ASIA", "said.”The", "WHO.The") or followed by a no-break
# space. Single capitals before the full stop are initials (U.S.A.), never a boundary.
PARAGRAPH_GLUE = re.compile(
    r"(?<=[a-z0-9%)\]”’][.!?])(?=[A-Z“‘(（])"
    r"|(?<=[A-Z]{2}[.!?])(?=[A-Z][a-z])"
    r"|(?<=[.!?][\"”’])(?=[A-Z“‘(（])"
    r"|(?<=[.!?])\xa0[\s\xa0]*(?=\S)"
)
# A credit glued to what follows: "By Harbour writer Ilse MarrowTranslated by …".
GLUED_CREDIT_START = re.compile(r"^(?:By|Translated by|Translators?:)\s+")
CREDIT_GLUE = re.compile(
    r"\s*(?=\b(?:Translated by|Translators?:))|(?<=[a-z])(?<!Mc)(?<!Mac)(?=[A-Z])"
)


def looks_like_subheading(text: str) -> bool:
    """A short line without final punctuation or quotes, starting with a capital or digit."""
    if not any(ch.isalpha() for ch in text) or '"' in text or "“" in text or "”" in text:
        return False
    if HAN_CHARACTER.search(text):
        short = len(text) <= 25
    else:
        short = len(text) <= 80 and len(text.split()) <= 10
    first = text[0]
    return (
        short
        and (first.isupper() or first.isdigit() or bool(HAN_CHARACTER.match(first)))
        and not re.search(r"[.。!?！？:：;；,，…'’)）\]]$", text)
    )


def source_text(line: str) -> str:
    """A source line without its label: "Source: Harbour Times" → "Harbour Times"."""
    match = SOURCE_IN_BRACKETS.fullmatch(line)
    inner = match.group("text").strip() if match else line
    if SOURCE_PREFIX.match(inner):
        return SOURCE_LABEL.sub("", inner, count=1).strip()
    return line


SOURCE_LABEL = re.compile(r"^(?:source|来源)\s*[:：]\s*", re.IGNORECASE)


# Labelled fields: a portal's line of "Label: value" pairs ("Author: Ana Lima  Source:
# Harbour Times  Date: 2025-05-03", "作者：王晓 来源：澜湾日报 时间：2025-05-03 10:20"), or one
# of them alone ("Section: Business", "栏目：财经"). Every value must read as what its label
# says (names, a date, a short section or source), else the line is prose.
@dataclass
class Fields:
    authors: list[Credit] = field(default_factory=list)
    source: str = ""
    published: date | None = None
    section: str = ""


FIELD_LABELS = {
    "authors": ["authors", "author", "by", "reporters", "reporter", "writer", "作者", "记者",
                "撰文"],
    "source": ["source", "来源", "稿源", "出处"],
    "published": ["published", "posted", "date", "time", "发布时间", "发表时间", "时间", "日期"],
    "section": ["section", "category", "channel", "栏目", "频道", "分类", "版块"],
}  # fmt: skip
_LABEL_FIELD = {label: name for name, labels in FIELD_LABELS.items() for label in labels}
_LATIN_LABELS = "|".join(sorted((lb for lb in _LABEL_FIELD if lb.isascii()), key=len)[::-1])
_HAN_LABELS = "|".join(sorted((lb for lb in _LABEL_FIELD if not lb.isascii()), key=len)[::-1])
FIELD_LABEL = re.compile(
    rf"(?:(?:^|(?<=\s))(?P<latin>{_LATIN_LABELS})|(?P<han>{_HAN_LABELS}))\s*[:：]\s*",
    re.IGNORECASE,
)


def read_fields(line: str) -> Fields | None:
    """The fields of a line made only of "Label: value" pairs, or None."""
    if len(line) > 200:
        return None
    labels = list(FIELD_LABEL.finditer(line))
    if not labels or labels[0].start() != 0:
        return None
    found = Fields()
    for number, label in enumerate(labels):
        end = labels[number + 1].start() if number + 1 < len(labels) else len(line)
        value = line[label.end() : end].strip()
        text = label.group("latin") or label.group("han")
        if not value or not _take_field(found, _LABEL_FIELD[text.lower()], value, text):
            return None
    return found


def _take_field(found: Fields, name: str, value: str, label: str) -> bool:
    if name == "authors":  # a Chinese value is read with its label: "记者：王晓" is a reporter
        zh_label = label if HAN_CHARACTER.search(label) else "作者"
        people = (
            read_byline(f"{zh_label}：{value}") if HAN_CHARACTER.search(value) else _people(value)
        )
        found.authors.extend(people or [])
        return bool(people)
    if name == "published":
        read = read_date_line(value)
        found.published = read[1] if read else None
        return bool(read and read[1] and not read[0])
    if name == "section":
        found.section = value
        return _is_section(value)
    found.source = value
    return len(value) <= 60


# "Ana Lima | Harbour Times | 3 May 2025": the author, the publication (or a role title,
# "Staff writer") and the date. Without "By" the first part must be a name of two or more
# words, so a date line with two section names ("World | Europe | 3 May 2025") stays one.
BYLINE_PARTS = re.compile(r"\s*[|｜丨·•]\s*")


def read_byline_parts(line: str) -> Fields | None:
    """The author, source and date of a "Name | Publication | Date" line, or None."""
    parts = BYLINE_PARTS.split(line) if len(line) <= 150 else []
    if not 2 <= len(parts) <= 3 or not all(parts):
        return None
    read = read_date_line(parts[-1])
    if not read or read[0] or not read[1]:
        return None
    people = read_byline(parts[0])
    if not people and len(parts) == 3 and not HAN_CHARACTER.search(parts[0]):
        people = _people(parts[0])
        if people and any(len(credit.name.split()) < 2 for credit in people):
            people = None
    if not people:
        return None
    found = Fields(authors=people, published=read[1])
    if len(parts) == 3:
        role, name = _role_and_name(parts[1])
        if role and not name and _role_noun(role.split()[-1]) and len(people) == 1:
            people[0].role_title = people[0].role_title or role
        else:
            found.source = parts[1]
    return found
