"""Lighthouse on the built site, as a phone reader gets it: the README's Lighthouse table.

    .venv/bin/python benchmarks/lighthouse.py                      # build once, measure every page, print the table
    .venv/bin/python benchmarks/lighthouse.py --write-readme       # also replace the table in README.md
    .venv/bin/python benchmarks/lighthouse.py --site SITE          # measure an already built site
    .venv/bin/python benchmarks/lighthouse.py --site SITE --baseline OLD --only 04-gradients
                                                                   # two builds side by side, runs interleaved
    .venv/bin/python benchmarks/lighthouse.py --site SITE --only 04-gradients --runs 1 --details

Lighthouse 12.2.3 (npm, pinned in package.json; `make install` runs `npm ci`)
with its default settings: the mobile profile, simulated slow 4G and a 4x
slower CPU. Pages: the home page, every chapter and every chapter notebook, in
both languages. The site is served from 127.0.0.1 by a small server that gzips
text (HTML, CSS, JavaScript, JSON, SVG), as GitHub Pages does; Python's
http.server does not, and without gzip the heavy pages score far lower. Each
page is measured `--runs` times (3 by default) in a fresh Chromium
(/usr/bin/chromium, docs_tools.chromium); the table gives the median of each
column. `--details` also prints, per page, where the main thread's time goes
(Lighthouse's main-thread and script audits, of the median run).

Goals (README.md, "Lighthouse"): every chapter and notebook page scores at
least 90 for performance, with a total blocking time of at most 200 ms;
accessibility, best practices and SEO score 100; no page has more than 6,000
DOM elements (tests/test_page_speed.py holds the built HTML to that).

This is a benchmark, not a test: it asserts nothing, and its numbers move
with the machine (Lighthouse simulates the slow CPU from the real one's
timings; measure a change against a baseline in the same run, `--baseline`).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import mimetypes
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import readme_tables  # noqa: E402

from docs_tools.chromium import ARGS, CHROMIUM  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COMPRESSIBLE = re.compile(r"text/|javascript|json|xml|svg")
CHAPTER = re.compile(r"^(?:en/)?(?:notebooks/)?\d\d-[\w-]+/$")


def _quoted(flag: str) -> str:
    """A Chromium flag as Lighthouse's --chrome-flags parses it (yargs): a value with spaces in quotes."""
    name, _, value = flag.partition("=")
    return f'{name}="{value}"' if " " in value else flag


# The flags the browser tests use (nothing reaches another host), with Chrome's current headless mode.
CHROME_FLAGS = " ".join(_quoted(flag) for flag in ["--headless=new"] + [flag for flag in ARGS if flag != "--headless"])


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as GitHub Pages sends them: text gzipped when the browser accepts it, cached 10 minutes."""

    protocol_version = "HTTP/1.1"
    _zipped: dict[Path, tuple[float, bytes]] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().do_GET()  # http.server's redirect to the folder
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        body = path.read_bytes()
        zipped = COMPRESSIBLE.search(kind) and "gzip" in self.headers.get("Accept-Encoding", "")
        if zipped:
            mtime = path.stat().st_mtime
            cached = self._zipped.get(path)
            if cached is None or cached[0] != mtime:
                cached = self._zipped[path] = (mtime, gzip.compress(body, 6))
            body = cached[1]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", "max-age=600")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def serve(site: Path) -> tuple[Server, str]:
    server = Server(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def pages(site: Path, only: list[str]) -> list[str]:
    """The home pages, chapters and notebooks, as URL paths ("", "04-gradients/", "en/notebooks/04-gradients/")."""
    found = []
    for index in site.rglob("index.html"):
        url = index.parent.relative_to(site).as_posix() + "/"
        if url in ("./", "en/") or CHAPTER.match(url):
            found.append("" if url == "./" else url)
    # Chinese, then English; in each the home page, the chapters, the notebooks.
    found.sort(key=lambda url: (url.startswith("en/"), "notebooks/" in url, url not in ("", "en/"), url))
    if only:
        found = [url for url in found if any(word in "/" + url for word in only)]
    return found


# Lighthouse's defaults, but for how long it waits for a page to paint and
# load: on a busy machine the slowest pages took longer than its 30 s (NO_FCP),
# and the simulated metrics do not depend on how long the real load took.
CONFIG = {"extends": "lighthouse:default", "settings": {"maxWaitForFcp": 90_000, "maxWaitForLoad": 120_000}}


def lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run (mobile, default throttling): its JSON report."""
    config = report.with_name("config.json")
    config.write_text(json.dumps(CONFIG), encoding="utf-8")
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--config-path={config}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0 or not report.is_file():
        raise RuntimeError(f"lighthouse {url} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    if data.get("runtimeError"):
        raise RuntimeError(f"lighthouse {url}: {data['runtimeError']}")
    return data


def summary(data: dict) -> dict:
    audits = data["audits"]
    for audit in ("total-blocking-time", "largest-contentful-paint", "dom-size"):
        if "numericValue" not in audits[audit]:
            raise RuntimeError(f"{data['finalDisplayedUrl']}: {audit}: {audits[audit].get('errorMessage', 'no value')}")
    scores = {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES}
    return {
        **scores,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "dom": audits["dom-size"]["numericValue"],
        "failed": sorted(
            f"{name}: {audit_id}"
            for name in CATEGORIES[1:]
            for ref in data["categories"][name]["auditRefs"]
            if ref["weight"] and (audit_id := ref["id"]) and audits[audit_id]["score"] is not None and audits[audit_id]["score"] < 1
        ),
    }


def details(data: dict) -> str:
    """Where the main thread's time went (Lighthouse's own audits), in a few lines."""
    audits = data["audits"]
    lines = []
    work = audits["mainthread-work-breakdown"]
    lines.append(f"    main thread {work['numericValue']:.0f} ms: " + ", ".join(
        f"{item['groupLabel']} {item['duration']:.0f}" for item in work["details"]["items"][:5]))
    boot = audits["bootup-time"]
    lines.append("    scripts: " + ", ".join(
        f"{item['url'].rsplit('/', 1)[-1][:40]} {item['total']:.0f} (eval {item['scripting']:.0f}, parse {item['scriptParseCompile']:.0f})"
        for item in boot["details"]["items"][:4]))
    tasks = audits.get("long-tasks", {}).get("details", {}).get("items", [])
    lines.append(f"    long tasks: {len(tasks)}: " + ", ".join(
        f"{item['url'].rsplit('/', 1)[-1][:30] or '(page)'} {item['duration']:.0f} ms@{item['startTime']:.0f}" for item in tasks[:6]))
    metrics = audits["metrics"]["details"]["items"][0]
    lines.append("    FCP {firstContentfulPaint} ms, LCP {largestContentfulPaint} ms, SI {speedIndex} ms, TBT {totalBlockingTime} ms, "
                 "CLS {cumulativeLayoutShift:.3f}".format(**metrics))
    return "\n".join(lines)


def run_once(url: str, report: Path, tries: int = 3) -> tuple[dict, dict]:
    """(summary, report) of one good Lighthouse run; a run whose trace lacks a metric is run again."""
    for attempt in range(tries):
        try:
            data = lighthouse(url, report)
            return summary(data), data
        except RuntimeError as error:
            if attempt == tries - 1:
                raise
            print(f"  again: {error}".splitlines()[0], file=sys.stderr, flush=True)
    raise AssertionError("unreachable")


def median(runs: list[dict]) -> dict:
    row = {key: statistics.median(run[key] for run in runs) for key in ("tbt", "lcp", "dom", *CATEGORIES)}
    row["failed"] = sorted({item for run in runs for item in run["failed"]})
    return row


def measure(sites: dict[str, Path], only: list[str], runs: int, show_details: bool) -> dict[str, dict[str, dict]]:
    """{site label: {page: median row}}; with several sites, their runs of a page alternate."""
    served = {label: serve(site) for label, site in sites.items()}
    urls = pages(next(iter(sites.values())), only)
    results: dict[str, dict[str, dict]] = {label: {} for label in sites}
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        for url in urls:
            raw: dict[str, list[dict]] = {label: [] for label in sites}
            for _ in range(runs):
                for label, (_, base) in served.items():
                    try:
                        raw[label].append(run_once(base + url, report))
                    except (RuntimeError, subprocess.TimeoutExpired) as error:
                        print(f"{label:>8} /{url}: no result: {error}".splitlines()[0], file=sys.stderr, flush=True)
            for label in sites:
                rows = [row for row, _ in raw[label]]
                if not rows:
                    results[label][url] = None  # the table says so
                    continue
                results[label][url] = median(rows)
                row = results[label][url]
                print(f"{label:>8} /{url:<32} perf {row['performance']:>3.0f}  TBT {row['tbt']:>6.0f} ms  "
                      f"DOM {row['dom']:>6.0f}  a11y {row['accessibility']:.0f} bp {row['best-practices']:.0f} "
                      f"seo {row['seo']:.0f}  (perf of runs: {', '.join(str(r['performance']) for r in rows)})"
                      + (f"  failing: {'; '.join(row['failed'])}" if row["failed"] else ""), file=sys.stderr, flush=True)
                if show_details:
                    middle = sorted(raw[label], key=lambda pair: pair[0]["tbt"])[len(rows) // 2][1]
                    print(details(middle), file=sys.stderr, flush=True)
    for server, _ in served.values():
        server.shutdown()
    return results


def load() -> str:
    with open("/proc/loadavg", encoding="ascii") as file:
        return file.read().split()[0]


def table(results: dict[str, dict], load_before: str, load_after: str, runs: int) -> str:
    lines = [
        "| page | performance | total blocking time | DOM elements | accessibility | best practices | SEO |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for url, row in results.items():
        if row is None:
            lines.append(f"| `/{url}` | no result | | | | | |")
            continue
        lines.append(
            f"| `/{url}` | {row['performance']:.0f} | {row['tbt']:,.0f} ms | {row['dom']:,.0f} | "
            f"{row['accessibility']:.0f} | {row['best-practices']:.0f} | {row['seo']:.0f} |"
        )
    chapters = {url: row for url, row in results.items() if CHAPTER.match(url) and row is not None}
    if chapters:
        worst = min(chapters.values(), key=lambda row: row["performance"])["performance"]
        most_tbt = max(row["tbt"] for row in chapters.values())
        most_dom = max(row["dom"] for row in results.values() if row is not None)
        lines += [
            "",
            f"Chapter and notebook pages: lowest performance {worst:.0f} (goal ≥ 90), longest total blocking time "
            f"{most_tbt:,.0f} ms (goal ≤ 200 ms); largest page {most_dom:,.0f} DOM elements (goal ≤ 6,000).",
        ]
    lines += [
        "",
        "Lighthouse 12.2.3, mobile (simulated slow 4G, 4× CPU slowdown), site served with gzip; "
        + (f"median of {runs} runs of each page" if runs > 1 else "one run of each page")
        + f"; `benchmarks/lighthouse.py` on {os.cpu_count()} cores ({platform.machine()}), load average "
        f"{load_before} before and {load_after} after, {time.strftime('%Y-%m-%d')}.",
    ]
    return "\n".join(lines)


def build(work: Path) -> Path:
    """One strict build of the checkout into `work`/site (figures and notebooks reused where up to date)."""
    site = work / "site"
    command = [sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--strict", "--site-dir", str(site)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"the build failed:\n{result.stderr[-3000:]}")
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="measure this built site (default: build the checkout first)")
    parser.add_argument("--baseline", type=Path, help="also measure this built site, its runs alternating with --site's")
    parser.add_argument("--only", nargs="*", default=[], help="only pages whose path contains one of these words")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (default 3; the median is shown)")
    parser.add_argument("--details", action="store_true", help="print where each page's main-thread time goes")
    parser.add_argument("--write-readme", action="store_true", help="replace the Lighthouse table in README.md")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed in node_modules/: run `make install` (it runs `npm ci`)")
    with tempfile.TemporaryDirectory(prefix="lighthouse-site-") as tmp:
        site = args.site
        if site is None:
            print("building ...", file=sys.stderr)
            site = build(Path(tmp))
        sites = {"site": site} if args.baseline is None else {"baseline": args.baseline, "site": site}
        load_before = load()
        results = measure(sites, args.only, args.runs, args.details)
        load_after = load()
    text = table(results["site"], load_before, load_after, args.runs)
    print(text)
    if args.baseline is not None:
        print("\nbaseline:\n" + table(results["baseline"], load_before, load_after, args.runs))
    if args.write_readme:
        readme_tables.replace("lighthouse", text)


if __name__ == "__main__":
    main()
