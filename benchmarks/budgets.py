"""Measure the site's budgets: build time, full test time, page weight.

    .venv/bin/python benchmarks/budgets.py                 # all three, print a Markdown table
    .venv/bin/python benchmarks/budgets.py --skip-tests    # build and page weight only
    .venv/bin/python benchmarks/budgets.py --only pages    # page weight only (one build, not timed)
    .venv/bin/python benchmarks/budgets.py --only book     # the PDF books' time and size, and page weight
    .venv/bin/python benchmarks/budgets.py --only tests    # the full test run against the torch-import floor
    .venv/bin/python benchmarks/budgets.py --floor         # the torch-import floor alone
    .venv/bin/python benchmarks/budgets.py --write-readme  # also replace the table in README.md

Goals (README.md, "Budgets"): `properdocs build` of both languages within 30 s on
2 cores; the full test run (`pytest -n 2 --dist loadfile -m "slow or not slow"`,
what `make test` runs after installing) within 60 times the torch-import floor
(`python -c "import torch"`, median of 5, measured just before it on the same
machine: machines differ by 1.5x or more, the ratio much less); a page, with everything it loads
(HTML, CSS, JS, fonts, images): the median within 200 KiB gzipped (600 KiB
as sent uncompressed), the largest within 350 KiB gzipped.

- Build: in a throw-away copy of the sources. "From nothing" starts without
  figures, notebook runs or rendered notebooks; "cold" without figures (every
  figure script runs) and rendered notebooks, with the notebook runs cached as
  the test suite leaves them; "warm" rebuilds with everything cached, as
  `make serve` and a second `make build` do.
- Page weight: each page of the warm build (both languages, the chapter
  notebooks) loaded in a fresh Chromium context (empty cache) from a local
  server; every response body is counted, images included (lazy ones are made
  to load), and so is whatever else the page fetches by itself (the search
  index and its worker are fetched once the reader opens search:
  docs/assets/javascripts/before-material.js). Python's http.server does not compress;
  a gzip figure is given too, for a server that compresses text (fonts and
  images are counted as they are).

This is a benchmark, not a test: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import http.server
import os
import platform
import re
import shutil
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

from docs_tools import versions  # noqa: E402
from docs_tools.chromium import ARGS, CHROMIUM, LOAD_IMAGES  # noqa: E402

KIB = 1024
ENV = dict(os.environ)


def copy_sources(target: Path, with_figures: bool) -> None:
    for name in ("docs", "snippets", "docs_tools", "compat", "mkdocs.yml"):
        source = ROOT / name
        if source.is_dir():
            ignore = ["__pycache__", "notebooks"] + ([] if with_figures else ["figures"])
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns(*ignore))
        else:
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")


def timed_build(project: Path, site: Path) -> tuple[float, float]:
    """Seconds for the build, and the seconds of it that figure scripts took."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"properdocs build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    figures = sum(float(s) for s in re.findall(r"figures: .* wrote \d+ figure\(s\) in ([\d.]+)s", result.stdout + result.stderr))
    return elapsed, figures


def measure_builds(work: Path):
    """The builds' (seconds, of which figure scripts): from nothing, cold, warm; and the warm site.

    From nothing: no figures, no notebook runs, no rendered notebooks. Cold: no
    figures and no rendered notebooks, but the notebook runs cached, as the test
    suite leaves them (.cache/executed-notebooks/). Warm: the next build.
    """
    bare = work / "bare"
    bare.mkdir()
    copy_sources(bare, with_figures=False)
    from_nothing = timed_build(bare, work / "site-bare")
    project = work / "project"
    project.mkdir()
    copy_sources(project, with_figures=False)
    shutil.copytree(bare / ".cache" / "executed-notebooks", project / ".cache" / "executed-notebooks")
    cold = timed_build(project, work / "site-cold")
    warm = timed_build(project, work / "site")
    return from_nothing, cold, warm, work / "site"


def build_once(work: Path) -> Path:
    """One build in a copy of the sources, figures and rendered notebooks reused (for --only pages)."""
    project = work / "project"
    project.mkdir()
    copy_sources(project, with_figures=True)
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", project / ".cache")
    timed_build(project, work / "site")
    return work / "site"


def measure_book(site: Path, work: Path) -> tuple[float, dict[str, tuple[int, int]]]:
    """Seconds for the PDF books of a built site (`make build`'s second step), and each book's (bytes, pages)."""
    out = work / "books"
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "docs_tools.book", str(site), "--out", str(out)], cwd=ROOT, env=ENV, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"python -m docs_tools.book failed:\n{result.stderr[-3000:]}")
    from docs_tools.book import pdf_path

    books = {}
    for language in ("zh", "en"):
        path = pdf_path(out, language)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        books[language] = (path.stat().st_size, int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1]))
    return elapsed, books


def import_torch() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch"], check=True)
    return time.perf_counter() - start


def torch_import_floor(runs: int = 5) -> float:
    """The median time of `python -c "import torch"`: what any test of a chapter pays at least once."""
    return statistics.median(import_torch() for _ in range(runs))


def cpu_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of the whole machine since boot (/proc/stat): every process, not only ours."""
    # user nice system idle iowait irq softirq steal (guest time is already in user and nice)
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle = fields[3] + fields[4]  # idle and iowait
    return sum(fields) - idle, sum(fields)


@dataclasses.dataclass
class SuiteRun:
    seconds: float
    floor: float  # torch-import floor on the idle machine, just before the run
    loaded_floor: float | None  # the same import, timed every LOADED_EVERY_S during the run (median)
    cpu_busy: float  # share of all cores busy during the run, whatever ran

    def row(self) -> str:
        return (
            f"{self.seconds / 60:.1f} min ({self.seconds:.0f} s) = {self.seconds / self.floor:.0f}× the torch-import floor "
            f"({self.floor:.1f} s idle, just before), "
            + (f"{self.seconds / self.loaded_floor:.0f}× it timed during the run ({self.loaded_floor:.1f} s)" if self.loaded_floor else "not timed during the run (under a minute)")
            + f"; all {os.cpu_count()} cores {self.cpu_busy:.0%} busy"
        )


LOADED_EVERY_S = 60  # one import a minute adds about 1 % to a two-core run


def measure_tests() -> SuiteRun:
    floor = torch_import_floor()
    loaded: list[float] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(LOADED_EVERY_S):
            loaded.append(import_torch())

    sampler = threading.Thread(target=sample, daemon=True)
    busy_before, total_before = cpu_ticks()
    start = time.perf_counter()
    sampler.start()
    result = subprocess.run(
        # As `make test` runs it: two workers.
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadfile", "-m", "slow or not slow"],
        cwd=ROOT,
        env=ENV,
    )
    elapsed = time.perf_counter() - start
    busy_after, total_after = cpu_ticks()
    done.set()
    sampler.join()
    if result.returncode not in (0, 1):
        sys.exit(f"pytest could not run (exit {result.returncode})")
    if result.returncode == 1:
        print("note: some tests failed; the time is still the full run's", file=sys.stderr)
    cpu_busy = (busy_after - busy_before) / (total_after - total_before)
    return SuiteRun(elapsed, floor, statistics.median(loaded) if loaded else None, cpu_busy)


def page_urls(site: Path) -> list[str]:
    urls = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        urls.append("" if relative == "." else relative + "/")
    return urls


COMPRESSIBLE = re.compile(r"text/|javascript|json|xml|svg")


def measure_pages(site: Path) -> list[tuple[str, int, int]]:
    """(url, bytes transferred, bytes if text were gzipped) for every page."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for url in page_urls(site):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            bodies: list[tuple[str, bytes]] = []

            def keep(response, bodies=bodies):
                if response.request.url.startswith(base) and response.status < 400:
                    try:
                        bodies.append((response.headers.get("content-type", ""), response.body()))
                    except Exception:  # a response the page dropped (navigation)
                        pass

            page.on("response", keep)
            page.goto(base + url, wait_until="load")
            page.evaluate(LOAD_IMAGES)
            page.wait_for_load_state("networkidle")
            raw = sum(len(body) for _, body in bodies)
            zipped = sum(len(gzip.compress(body, 6)) if COMPRESSIBLE.search(kind) else len(body) for kind, body in bodies)
            results.append((url or "/", raw, zipped))
            context.close()
        browser.close()
    server.shutdown()
    return results


SUITE_ROW = '| full test run (`make test`: `pytest -n 2 -m "slow or not slow"`), with a contributor\'s caches | ≤ 60× the torch-import floor | '


def suite_row(tests: SuiteRun | None) -> str:
    return SUITE_ROW + (f"{tests.row()} ({time.strftime('%Y-%m-%d')}) |" if tests is not None else "not measured |")


def table(from_nothing, cold, warm, tests, pages, book=None, only="pages") -> str:
    def kib(n):
        return f"{n / KIB:.0f} KiB"

    largest = max(pages, key=lambda row: row[2])
    median_raw = statistics.median(row[1] for row in pages)
    median_zip = statistics.median(row[2] for row in pages)
    median_page = min(pages, key=lambda row: abs(row[1] - median_raw))[0]
    lines = [
        "| budget | goal | measured |",
        "| --- | --- | --- |",
        "| `properdocs build`, both languages, from nothing (figures drawn, notebooks run and rendered) | (none) | "
        + (f"{from_nothing[0]:.1f} s |" if from_nothing is not None else "not measured |"),
        "| `properdocs build`, both languages, cold (figures drawn, notebooks rendered; their runs cached by the tests) | ≤ 30 s | "
        + (f"{cold[0]:.1f} s (figure scripts, two at a time: {cold[1]:.1f} s in all) |" if cold is not None else "not measured |"),
        "| `properdocs build`, both languages, warm (figures and notebooks cached) | ≤ 30 s | "
        + (f"{warm[0]:.1f} s |" if warm is not None else "not measured |"),
        "| PDF books, both languages (`python -m docs_tools.book`, `make build`'s step after the site) | (none) | "
        + (
            f"{book[0]:.1f} s; "
            + ", ".join(f"{language} {size / KIB / KIB:.1f} MiB ({count} pages)" for language, (size, count) in book[1].items())
            + " |"
            if book is not None
            else "not measured |"
        ),
        suite_row(tests),
        f"| largest page with all it loads (`/{largest[0].lstrip('/')}`) | ≤ 350 KiB gzipped | "
        f"{kib(largest[2])} gzipped ({kib(largest[1])} uncompressed) |",
        f"| median page with all it loads (of {len(pages)}, e.g. `/{median_page.lstrip('/')}`) | "
        f"≤ 200 KiB gzipped, ≤ 600 KiB uncompressed | {kib(median_zip)} gzipped ({kib(median_raw)} uncompressed) |",
    ]
    cores = os.cpu_count()
    lines.append("")
    where = (
        f"on {cores} cores ({platform.machine()}), "
        f"{versions.stamp_text()}, {time.strftime('%Y-%m-%d')}."
    )
    if cold is None:
        lines.append(f"{PAGES_ONLY} `benchmarks/budgets.py --only {only}` {where}")
    else:
        lines.append(f"Measured with `benchmarks/budgets.py` {where}")
    return "\n".join(lines)


PAGES_ONLY = "Page weights (and any rows above with figures) measured with"
EARLIER = "Rows this run did not measure are from an earlier run."


def budget_of(row: str) -> str:
    """A table row's first cell: the budget it measures."""
    return row.split(" | ")[0]


def merge_rows(old: str, new: str) -> str:
    """The new table, keeping the old table's figures (and note) for the budgets the new one did not measure."""
    old_lines = old.strip().splitlines()
    kept = {budget_of(row): row for row in old_lines if row.startswith("| ")}
    lines, partial = [], False
    for row in new.splitlines():
        if row.endswith("| not measured |") and budget_of(row) in kept:
            row = kept[budget_of(row)]
            partial = True
        lines.append(row)
    earlier = [line for line in old_lines if line.startswith("Measured with")]
    if partial and earlier:
        lines[-1:-1] = [f"{EARLIER} {earlier[0]}", ""]
    return "\n".join(lines)


def write_readme_row(row: str) -> None:
    """Replace the one row of the README's budgets table that measures the same budget as `row`."""
    old = readme_tables.current("budgets").strip().splitlines()
    if budget_of(row) not in map(budget_of, old):
        sys.exit(f"README.md's budgets table has no row {budget_of(row)!r}: run the full `make budgets` once")
    readme_tables.replace("budgets", "\n".join(row if budget_of(line) == budget_of(row) else line for line in old))


def write_readme(text: str) -> None:
    readme_tables.replace("budgets", merge_rows(readme_tables.current("budgets"), text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-tests", action="store_true", help="do not time the full test run")
    parser.add_argument("--write-readme", action="store_true", help="replace the budgets table in README.md")
    parser.add_argument("--pages", action="store_true", help="also list every page's weight")
    parser.add_argument(
        "--only",
        choices=["pages", "book", "tests"],
        help="measure one budget: 'pages' builds once (untimed, figures and notebooks reused) and weighs every page; "
        "'book' builds once and times the PDF books; 'tests' times the full test run; "
        "with --write-readme the other rows keep their last figures",
    )
    parser.add_argument("--site", type=Path, help="with --only pages: weigh this already built site instead of building")
    parser.add_argument("--floor", action="store_true", help="only print the torch-import floor (.ci/run prints it before the tests)")
    args = parser.parse_args()

    if args.floor:
        print(f"torch-import floor: {torch_import_floor():.2f} s (median of 5 `python -c \"import torch\"`)")
        return
    if args.only == "tests":
        print("running the full test suite ...", file=sys.stderr)
        row = suite_row(measure_tests())
        print(row)
        if args.write_readme:
            write_readme_row(row)
        return
    from_nothing = cold = warm = book = None
    with tempfile.TemporaryDirectory(prefix="budgets-") as tmp:
        if args.site is not None:
            site = args.site
        elif args.only in ("pages", "book"):
            print("building ...", file=sys.stderr)
            site = build_once(Path(tmp))
        else:
            print("building (from nothing, cold, then warm) ...", file=sys.stderr)
            from_nothing, cold, warm, site = measure_builds(Path(tmp))
            print(
                f"build: from nothing {from_nothing[0]:.1f} s, cold {cold[0]:.1f} s (figures {cold[1]:.1f} s), warm {warm[0]:.1f} s",
                file=sys.stderr,
            )
        if args.only != "pages":
            print("printing the PDF books ...", file=sys.stderr)
            book = measure_book(site, Path(tmp))
            print(f"books: {book[0]:.1f} s", file=sys.stderr)
        print("loading every page in Chromium ...", file=sys.stderr)
        pages = measure_pages(site)
    tests = None
    if not args.skip_tests and args.only is None:
        print("running the full test suite ...", file=sys.stderr)
        tests = measure_tests()
    text = table(from_nothing, cold, warm, tests, pages, book, args.only or "pages")
    print(text)
    if args.pages:
        for url, raw, zipped in sorted(pages, key=lambda row: -row[1]):
            print(f"{raw / KIB:8.0f} KiB {zipped / KIB:7.0f} KiB gz  /{url.lstrip('/')}")
    if args.write_readme:
        write_readme(text)


if __name__ == "__main__":
    main()
