"""The report: a table of scores per page, and the failures grouped by message.

Also the bar of issue #14's "Done when", and a first guess at which part of the work owns
each failure (the helpers of the issue: images, meta, design, fields, editions), so that
a long list reads as a to-do list.
"""

import re
from dataclasses import dataclass, field

PERFORMANCE_BAR = 95

# Lighthouse audit ids and axe rule ids -> the part of the work that fixes them.
OWNERS = {
    "images": [
        "uses-responsive-images", "modern-image-formats", "offscreen-images",
        "uses-optimized-images", "uses-long-cache-ttl", "cache-insight", "unsized-images",
        "image-size-responsive", "lcp-lazy-loaded", "prioritize-lcp-image",
        "image-delivery-insight", "lcp-discovery-insight", "largest-contentful-paint",
        "total-byte-weight", "image-aspect-ratio",
    ],
    "meta": [
        "meta-description", "canonical", "hreflang", "document-title", "is-crawlable",
        "heading-order", "landmark-unique", "landmark-one-main", "region",
        "page-has-heading-one", "structured-data", "crawlable-anchors", "link-text",
        "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo",
        "landmark-complementary-is-top-level",
    ],
    "design": [
        "color-contrast", "target-size", "tap-targets", "font-size", "viewport",
        "cumulative-layout-shift", "layout-shifts", "cls-culprits-insight",
        "render-blocking-resources", "render-blocking-insight", "unused-css-rules",
        "link-in-text-block", "scrollable-region-focusable",
    ],
    "fields": ["valid-lang"],
    "editions": [
        "html-has-lang", "html-lang-valid", "html-xml-lang-mismatch", "installable-manifest",
    ],
}  # fmt: skip
_OWNER_OF = {audit: owner for owner, audits in OWNERS.items() for audit in audits}
# Nu messages and JSON-LD/feed/sitemap problems, by a word of their message.
_MESSAGE_OWNERS = [
    (r"datetime|heading|landmark|aria-label|JSON-LD|json-ld", "meta"),
    (r"\bimg\b|srcset|sizes|picture|source", "images"),
    (r"\blang\b|hreflang", "editions"),
    (r"style|colou?r", "design"),
]


def owner(check: str, key: str) -> str:
    if key in _OWNER_OF:
        return _OWNER_OF[key]
    if check in ("json-ld", "head"):
        return "meta"
    if check == "lang":
        return "fields"
    for pattern, name in _MESSAGE_OWNERS:
        if re.search(pattern, key, re.IGNORECASE):
            return name
    return "other"


@dataclass
class PageResult:
    type: str
    edition: str
    path: str
    indexable: bool = True
    lighthouse: dict = field(default_factory=dict)  # preset -> tools.Lighthouse
    load: dict = field(default_factory=dict)  # preset -> 1-minute load average before it
    axe: dict = field(default_factory=dict)  # viewport -> violations
    nu: list = field(default_factory=list)  # vnu messages
    json_ld: list = field(default_factory=list)  # documents.Problem
    head: list = field(default_factory=list)  # documents.Problem
    lang: list = field(default_factory=list)  # documents.Problem, reported, not in the bar

    @property
    def label(self) -> str:
        return f"{self.type}/{self.edition}"

    def axe_ids(self) -> set[str]:
        return {v["id"] for violations in self.axe.values() for v in violations}

    def nu_errors(self) -> list[dict]:
        return [m for m in self.nu if m["type"] == "error"]


def meets_bar(page: PageResult) -> list[str]:
    """Why ``page`` falls short of the Done-when bar (empty when it meets it)."""
    short = []
    if page.indexable:
        for preset, result in page.lighthouse.items():
            if result.error:
                short.append(f"Lighthouse {preset} failed to run")
                continue
            for category, score in result.scores.items():
                bar = PERFORMANCE_BAR if category == "performance" else 100
                if score is None or score < bar:
                    short.append(f"Lighthouse {preset} {category} {score} < {bar}")
    if page.axe_ids():
        short.append(f"axe: {len(page.axe_ids())} violations")
    if page.nu_errors():
        short.append(f"Nu: {len(page.nu_errors())} errors")
    if page.json_ld:
        short.append(f"JSON-LD: {len(page.json_ld)} problems")
    if page.head:
        short.append(f"head: {len(page.head)} problems")
    return short


def _score(result, category: str) -> str:
    if result is None:
        return "-"
    if result.error:
        return "err"
    value = result.scores.get(category)
    return "-" if value is None else str(value)


def table(pages: list[PageResult]) -> str:
    """A Markdown table: one row per page, Lighthouse scores per preset, axe, Nu, JSON-LD."""
    head = (
        "| page | edition | mobile P/A/BP/SEO (load) | desktop P/A/BP/SEO (load) "
        "| axe | Nu errors | JSON-LD | head | lang? |"
    )
    lines = [head, "|" + "---|" * 9]
    for page in pages:
        cells = []
        for preset in ("mobile", "desktop"):
            result = page.lighthouse.get(preset)
            scores = "/".join(
                _score(result, c) for c in ("performance", "accessibility", "best-practices", "seo")
            )
            load = page.load.get(preset)
            cells.append(f"{scores} ({load:.1f})" if load is not None else scores)
        name = page.type + ("" if page.indexable else " (noindex)")
        lines.append(
            f"| {name} | {page.edition} | {cells[0]} | {cells[1]} | {len(page.axe_ids())} "
            f"| {len(page.nu_errors())} | {len(page.json_ld)} | {len(page.head)} "
            f"| {len(page.lang)} |"
        )
    return "\n".join(lines)


@dataclass
class Group:
    check: str
    key: str
    message: str
    pages: list[str] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)

    @property
    def owner(self) -> str:
        return owner(self.check, self.key)


def _group(groups: dict, check: str, key: str, message: str, where: str, sample: str) -> None:
    group = groups.setdefault((check, key), Group(check, key, message))
    if where not in group.pages:
        group.pages.append(where)
    if sample and len(group.samples) < 2 and sample not in group.samples:
        group.samples.append(sample)


_QUOTED = re.compile(r"“([^”]*)”")
_NAME = re.compile(r"[A-Za-z][\w:-]{0,11}")


def _nu_key(message: str) -> str:
    """A Nu message with its quoted values elided, so that one kind of error is one group;
    names (of an attribute, an element, a heading) are kept."""
    return _QUOTED.sub(lambda m: m[0] if _NAME.fullmatch(m[1]) else "“…”", message)


def group_failures(pages: list[PageResult], documents: list = ()) -> list[Group]:
    """Every failure, one group per checker and message, with the pages it occurs on."""
    groups: dict = {}
    for page in pages:
        for preset, result in page.lighthouse.items():
            if result.error:
                _group(groups, "lighthouse", "run", "Lighthouse did not run", page.label,
                       result.error[:200])  # fmt: skip
            for audit in result.failing:
                message = f"[{audit['category']}] {audit['title']}"
                sample = f"{page.label} {preset}: {audit['value']} {'; '.join(audit['items'])}"
                _group(groups, "lighthouse", audit["id"], message, f"{page.label} {preset}",
                       sample.strip())  # fmt: skip
        for viewport, violations in page.axe.items():
            for violation in violations:
                message = f"[{violation['impact']}] {violation['help']}"
                _group(groups, "axe", violation["id"], message, page.label,
                       f"{page.label} {viewport}: {violation['sample']}")  # fmt: skip
        for error in page.nu_errors():
            key = _nu_key(error["message"])
            sample = f"{page.label} line {error['line']}: {error['message']} {error['extract']}"
            _group(groups, "nu", key, key, page.label, sample)
        for problem in page.json_ld + page.head + page.lang:
            _group(groups, problem.check, problem.message, problem.message, page.label,
                   problem.sample)  # fmt: skip
    for problem in documents:
        where = problem.sample.split(" ", 1)[0]
        _group(groups, problem.check, problem.message, problem.message, where, problem.sample)
    order = ["lighthouse", "axe", "nu", "json-ld", "head", "feed", "sitemap", "lang"]
    return sorted(groups.values(), key=lambda g: (order.index(g.check), g.owner, g.key))


def failures_text(groups: list[Group]) -> str:
    lines = []
    for group in groups:
        lines.append(f"- {group.check} `{group.key}` ({group.owner}): {group.message}")
        lines.append(f"  on {len(group.pages)}: {', '.join(group.pages[:12])}"
                     + (" …" if len(group.pages) > 12 else ""))  # fmt: skip
        for sample in group.samples:
            lines.append(f"  e.g. {sample}")
    return "\n".join(lines)
