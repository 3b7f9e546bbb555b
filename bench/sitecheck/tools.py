"""Lighthouse, axe-core and the Nu HTML checker (vnu.jar): run, and their results read.

The npm packages are those of package.json, installed by ``npm ci`` into node_modules/
beside this file. Chromium is Debian's /usr/bin/chromium for all three: Lighthouse
through CHROME_PATH, axe through Playwright for Python (never a downloaded browser).
"""

import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = HERE / "node_modules"
LIGHTHOUSE = MODULES / "lighthouse" / "cli" / "index.js"
AXE = MODULES / "axe-core" / "axe.min.js"
VNU = MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# The viewports axe runs at: Lighthouse's mobile (Moto G Power) and desktop presets.
VIEWPORTS = {"mobile": (412, 823), "desktop": (1350, 940)}


def missing_tools() -> list[str]:
    return [str(path) for path in (LIGHTHOUSE, AXE, VNU) if not path.exists()]


# --- Lighthouse -----------------------------------------------------------------------------


@dataclass
class Lighthouse:
    scores: dict[str, int | None] = field(default_factory=dict)  # category -> 0..100
    failing: list[dict] = field(default_factory=list)  # {category, id, title, value, items}
    metrics: dict[str, str] = field(default_factory=dict)  # LCP, CLS, TBT: display values
    # Lighthouse's own measure of the CPU at the time (about 1000+ on an idle fast
    # machine); with the load average, it says how much a performance score is to trust.
    benchmark_index: float | None = None
    error: str = ""


def run_lighthouse(url: str, preset: str, output: Path) -> Lighthouse:
    """One Lighthouse run (preset "mobile" or "desktop"); its JSON report is kept."""
    command = [
        "node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
    ]  # fmt: skip
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0 or not output.exists():
        return Lighthouse(error=(done.stderr or done.stdout).strip()[-500:])
    try:
        return parse_lighthouse(json.loads(output.read_text()))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        return Lighthouse(error=f"unreadable report {output}: {error!r}")


# Audits whose score says nothing to act on.
_SILENT_MODES = {"notApplicable", "informative", "manual", "error"}
_METRICS = {
    "largest-contentful-paint": "LCP",
    "cumulative-layout-shift": "CLS",
    "total-blocking-time": "TBT",
    "first-contentful-paint": "FCP",
    "speed-index": "SI",
}


def parse_lighthouse(report: dict) -> Lighthouse:
    """Scores, the failing audits of each category and the main metrics of a report.

    An audit fails when its score is below 1 (below 0.9 in performance, where Lighthouse
    itself shows 0.9 and above as passed) and it counts: not informative nor manual nor
    not applicable.
    """
    result = Lighthouse()
    result.benchmark_index = (report.get("environment") or {}).get("benchmarkIndex")
    if report.get("runtimeError"):
        result.error = report["runtimeError"].get("message", "runtime error")
    audits = report.get("audits", {})
    for category in CATEGORIES:
        data = report.get("categories", {}).get(category)
        if not data:
            result.scores[category] = None
            continue
        score = data.get("score")
        result.scores[category] = None if score is None else round(score * 100)
        threshold = 0.9 if category == "performance" else 1
        for ref in data.get("auditRefs", []):
            audit = audits.get(ref["id"], {})
            if audit.get("scoreDisplayMode") in _SILENT_MODES or audit.get("score") is None:
                continue
            if ref["id"] in _METRICS:
                continue  # shown as metrics
            if audit["score"] < threshold:
                result.failing.append(
                    {
                        "category": category,
                        "id": ref["id"],
                        "title": audit.get("title", ref["id"]),
                        "value": audit.get("displayValue", ""),
                        "items": _items(audit),
                    }
                )
    for audit_id, name in _METRICS.items():
        if audit_id in audits:
            result.metrics[name] = audits[audit_id].get("displayValue", "")
            if audits[audit_id].get("score") is not None and audits[audit_id]["score"] < 0.9:
                result.failing.append(
                    {
                        "category": "performance",
                        "id": audit_id,
                        "title": audits[audit_id].get("title", audit_id),
                        "value": audits[audit_id].get("displayValue", ""),
                        "items": [],
                    }
                )
    return result


def _items(audit: dict, limit: int = 3) -> list[str]:
    """A few samples of what an audit found: elements' snippets or resources' URLs."""
    samples = []
    items = (audit.get("details") or {}).get("items")
    for item in items[:limit] if isinstance(items, list) else []:
        node = item.get("node") if isinstance(item, dict) else None
        if isinstance(node, dict) and node.get("snippet"):
            samples.append(node["snippet"][:200])
        elif isinstance(item, dict) and item.get("description"):
            where = (item.get("sourceLocation") or {}).get("url", "")
            samples.append(f"{item['description'][:120]} {where}".strip())
        elif isinstance(item, dict) and item.get("url"):
            samples.append(str(item["url"])[:200])
        elif isinstance(item, dict) and isinstance(item.get("source"), dict):
            samples.append(str(item["source"].get("snippet", ""))[:200])
        elif isinstance(item, dict) and item.get("source"):
            samples.append(str(item["source"])[:200])
    return samples


# --- axe-core -------------------------------------------------------------------------------


def parse_axe(results: dict) -> list[dict]:
    """axe's violations: {id, impact, help, nodes, sample} each."""
    found = []
    for violation in results.get("violations", []):
        nodes = violation.get("nodes", [])
        sample = nodes[0].get("html", "")[:200] if nodes else ""
        found.append(
            {
                "id": violation["id"],
                "impact": violation.get("impact") or "",
                "help": violation.get("help", ""),
                "nodes": len(nodes),
                "sample": sample,
            }
        )
    return found


class Axe:
    """axe-core in Debian's Chromium, one browser for every page, run at both viewports."""

    def __enter__(self):
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        return self

    def __exit__(self, *exc):
        self.browser.close()
        self.playwright.stop()

    def check(self, url: str) -> dict[str, list[dict]]:
        """{viewport: violations} for one page. The page's CSP would refuse axe's script:
        the context bypasses it (axe only reads the page)."""
        results = {}
        for viewport, (width, height) in VIEWPORTS.items():
            context = self.browser.new_context(
                viewport={"width": width, "height": height},
                bypass_csp=True,
                service_workers="block",
            )
            try:
                page = context.new_page()
                page.goto(url, wait_until="load")
                page.add_script_tag(path=str(AXE))
                results[viewport] = parse_axe(page.evaluate("() => axe.run(document)"))
            finally:
                context.close()
        return results


# --- The Nu HTML checker --------------------------------------------------------------------


def run_vnu(files: list[Path]) -> dict[str, list[dict]]:
    """{file name: messages} of vnu.jar on HTML files, in one Java run."""
    if not files:
        return {}
    command = ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always",
               *map(str, files)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    return parse_vnu(done.stderr or done.stdout)


def parse_vnu(output: str) -> dict[str, list[dict]]:
    """vnu's JSON output as {file name: [{type, message, extract, line}]}; a message's
    type is "error", "warning" or "info" (vnu's info with subType warning is a warning)."""
    by_file: dict[str, list[dict]] = {}
    for message in json.loads(output).get("messages", []):
        kind = message.get("type", "")
        if kind == "info" and message.get("subType") == "warning":
            kind = "warning"
        elif kind == "non-document-error":
            kind = "error"
        name = Path(message.get("url", "").removeprefix("file:")).name
        by_file.setdefault(name, []).append(
            {
                "type": kind,
                "message": message.get("message", ""),
                "extract": (message.get("extract") or "").strip()[:200],
                "line": message.get("lastLine"),
            }
        )
    return by_file
