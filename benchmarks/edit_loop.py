"""How long a contributor waits after saving: from writing a file to the served page showing it.

    .venv/bin/python benchmarks/edit_loop.py                 # print a Markdown table
    .venv/bin/python benchmarks/edit_loop.py --write-readme  # also replace the table in README.md

In a throw-away copy of the sources, `properdocs serve` runs as `make serve`,
`make serve-zh` and `make serve-en` run it. For each, three edits to a
chapter page and three to a snippet comment that page shows are saved, one at
a time; each is timed from the write until the page, polled every 0.1 s,
contains the new text (the median is reported). The torch-import floor (the
median of 5 fresh `python -c "import torch"`, budgets.torch_import_floor) is
measured in the same run, as a yardstick
for how fast this machine is at the moment.

Goal (README.md, "Budgets"): a save shows within 3 s. This is a benchmark, not
a test: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import readme_tables  # noqa: E402
from budgets import copy_sources, torch_import_floor  # noqa: E402

from docs_tools import versions  # noqa: E402

PAGE, PAGE_TEXT = "docs/{language}/03-tensors.md", {"zh": "是 PyTorch 中", "en": "basic data structure"}
SNIPPET, SNIPPET_TEXT = "snippets/03-tensors/view_order.pycon", "{language}: "
URL = {"zh": "03-tensors/", "en": "en/03-tensors/"}
EDITS = 3
TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
    except OSError:
        return ""


def time_edit(file: Path, after: str, url: str, marker: str) -> float:
    """Seconds from saving `file` with `marker` written after `after` to `url` showing it."""
    original = file.read_text(encoding="utf-8")
    if after not in original:
        sys.exit(f"{file}: {after!r} not found: the benchmark's edit needs updating")
    start = time.perf_counter()
    file.write_text(original.replace(after, after + marker, 1), encoding="utf-8")
    try:
        while time.perf_counter() - start < TIMEOUT_S:
            if marker in fetch(url):
                return time.perf_counter() - start
            time.sleep(0.1)
        sys.exit(f"{url} did not show the edit to {file.name} within {TIMEOUT_S} s")
    finally:
        file.write_text(original, encoding="utf-8")


def measure(project: Path, serve_language: str | None) -> tuple[float, float]:
    """Median seconds (page edit, snippet edit) under `properdocs serve` (one language, or both)."""
    port = free_port()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(project)}
    if serve_language:
        env["SERVE_LANGUAGE"] = serve_language
    language = serve_language or "zh"
    # One language is served at the root; both: English under /en/.
    url = f"http://127.0.0.1:{port}/" + (URL["zh"] if serve_language else URL[language])
    command = [sys.executable, "-m", "properdocs", "serve", "-f", "mkdocs.yml", "--dev-addr", f"127.0.0.1:{port}",
               "--watch", "snippets", "--watch", "docs_tools"]  # as the Makefile's SERVE
    server = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        start = time.perf_counter()
        while "</article>" not in fetch(url):
            if server.poll() is not None or time.perf_counter() - start > 300:
                sys.exit(f"properdocs serve did not start ({' '.join(command)})")
            time.sleep(0.5)
        time.sleep(2)  # let the watcher settle after the first build
        results = {}
        for kind, file, after in (
            ("page", project / PAGE.format(language=language), PAGE_TEXT[language]),
            ("snippet", project / SNIPPET, SNIPPET_TEXT.format(language=language)),
        ):
            times = []
            for number in range(EDITS):
                times.append(time_edit(file, after, url, f"EDIT{kind.upper()}{number}X"))
                time.sleep(2)  # the rebuild after restoring the file
            results[kind] = statistics.median(times)
            print(f"  {serve_language or 'both'}: {kind} edits {', '.join(f'{t:.1f}' for t in times)} s", file=sys.stderr)
        return results["page"], results["snippet"]
    finally:
        server.terminate()
        server.wait(timeout=30)


def table(rows: dict, floor: float) -> str:
    lines = [
        "| `make` target | edit to a page shows | edit to a snippet shows |",
        "| --- | ---: | ---: |",
    ]
    for target, (page, snippet) in rows.items():
        lines.append(f"| `{target}` | {page:.1f} s | {snippet:.1f} s |")
    cpu = os.cpu_count()
    lines += [
        "",
        f"Median of {EDITS} edits each, measured with `benchmarks/edit_loop.py` on {cpu} cores "
        f"({platform.machine()}, Python {platform.python_version()}), torch {versions.verified()['torch']}, "
        f"{time.strftime('%Y-%m-%d')}; the torch-import floor in the same run: {floor:.1f} s.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-readme", action="store_true", help="replace the edit-loop table in README.md")
    args = parser.parse_args()
    floor = torch_import_floor()
    rows = {}
    with tempfile.TemporaryDirectory(prefix="edit-loop-") as tmp:
        project = Path(tmp)
        copy_sources(project, with_figures=True)
        for target, language in (("make serve-zh", "zh"), ("make serve-en", "en"), ("make serve", None)):
            print(f"{target} ...", file=sys.stderr)
            rows[target] = measure(project, language)
    text = table(rows, floor)
    print(text)
    if args.write_readme:
        readme_tables.replace("edit-loop", text)


if __name__ == "__main__":
    main()
