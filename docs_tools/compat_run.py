"""The compatibility run (`make compat`): the chapter doctests on several torch/torchvision releases.

The site's outputs are recorded on one release, the one pinned in
requirements.lock. This run installs each torch/torchvision pair (by default:
the oldest pyproject.toml declares, the pinned one, and the newest on PyPI) into
its own virtual environment under .compat/ (not committed), with every other
package at its pinned version, runs every ``snippets/**/*.pycon`` doctest
there and writes compat/report.json: per pair and chapter the examples that
passed, failed and were skipped, and for each example that printed something
else, the recorded output and what that release printed. docs_tools.compat_page
turns the report into the "Version compatibility" page.

The machine's pip configuration may cap torch (a `constraint` file); for these
installs only, PIP_CONSTRAINT points at an empty file, which replaces it. Each
environment is kept and reused while its pair and the lock's pins are the same
(a changed pin is installed into it), so a second run downloads nothing; pip's
HTTP cache cannot be relied on for that (the registry's files may come without
cache headers, as they do on this project's machines).

    python -m docs_tools.compat_run                    # the default pairs
    python -m docs_tools.compat_run --pair 2.10.0/0.25.0 --pair 2.14.1/0.29.1
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"
REPORT = ROOT / "compat" / "report.json"
WORK = ROOT / ".compat"  # the environments and scratch files (git-ignored)

# The newest release on PyPI when this was written: torch 2.15.0. No
# torchvision 0.30 has been released; torchvision 0.29.2 is built for the
# stable ABI and requires torch>=2.14, so it is 2.15.0's partner.
NEWEST = ("2.15.0", "0.29.2")

# What torch and torchvision pull in themselves: left to pip for each pair
# (each torch pins its own CUDA libraries, triton and sympy).
_TORCH_FAMILY = re.compile(r"^(torch|torchvision|triton|nvidia-.*|cuda-.*)$")
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path = LOCK) -> list[dict]:
    """The lock's pins, each {"name", "version", "line", "via": [names]} (pip-compile's annotations)."""
    pins: list[dict] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        pin = _PIN.match(line)
        if pin:
            pins.append({"name": _normal(pin["name"]), "version": pin["version"], "line": line.strip(), "via": []})
            continue
        via = re.match(r"^\s+#\s+(?:via\s+)?(?P<what>\S.*)$", line)
        if pins and via and via["what"] != "via":
            what = via["what"]
            if what.startswith("-c ") or what.startswith("-r "):
                pins[-1]["via"].append(what)
            else:
                pins[-1]["via"].append(_normal(what.split(" ")[0]))
    return pins


def site_pair(pins: list[dict]) -> tuple[str, str]:
    versions = {pin["name"]: pin["version"] for pin in pins}
    return versions["torch"], versions["torchvision"]


def oldest_pair() -> tuple[str, str]:
    """The lower bounds pyproject.toml declares for torch and torchvision, as X.Y.0 releases."""
    text = PYPROJECT.read_text(encoding="utf-8")
    found = []
    for name in ("torch", "torchvision"):
        bound = re.search(rf'"{name}>=(\d+)\.(\d+)(?:\.(\d+))?[,"]', text)
        if bound is None:
            raise SystemExit(f"pyproject.toml declares no lower bound for {name}")
        found.append(f"{bound[1]}.{bound[2]}.{bound[3] or 0}")
    return found[0], found[1]


def default_pairs(pins: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for pair in (oldest_pair(), site_pair(pins), NEWEST):
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def other_requirements(pins: list[dict]) -> list[str]:
    """The lock's pins, less torch, torchvision and what only they need (left to pip for each pair)."""
    dropped = {pin["name"] for pin in pins if _TORCH_FAMILY.match(pin["name"])}
    changed = True
    while changed:  # mpmath is there for sympy, which is there for torch: both go
        changed = False
        for pin in pins:
            if pin["name"] not in dropped and pin["via"] and all(via in dropped for via in pin["via"]):
                dropped.add(pin["name"])
                changed = True
    return [pin["line"] for pin in pins if pin["name"] not in dropped]


def _run(command: list[str], log, **kwargs) -> subprocess.CompletedProcess:
    log.write(f"$ {shlex.join(command)}\n")
    log.flush()
    return subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, text=True, **kwargs)


def _pip_env() -> dict[str, str]:
    empty = WORK / "no-constraints.txt"
    empty.write_text("", encoding="utf-8")
    env = dict(os.environ, PIP_CONSTRAINT=str(empty), PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("PIP_REQUIRE_VIRTUALENV", None)
    return env


def install(pair: tuple[str, str], pins: list[dict], log) -> tuple[Path, float]:
    """A virtual environment with torch/torchvision at `pair` and the rest at the lock's pins (reused when unchanged)."""
    torch_version, vision_version = pair
    venv = WORK / f"torch-{torch_version}-vision-{vision_version}"
    python = venv / "bin" / "python"
    others = other_requirements(pins)
    wanted = "\n".join([f"torch=={torch_version}", f"torchvision=={vision_version}", *others]) + "\n"
    stamp = venv / ".compat-installed"
    digest = hashlib.sha256(wanted.encode()).hexdigest()
    start = time.monotonic()
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == digest and python.is_file():
        log.write(f"{venv.name}: up to date\n")
        return venv, 0.0
    env = _pip_env()
    if not python.is_file():
        _run([sys.executable, "-m", "venv", "--clear", str(venv)], log, check=True)
    requirements = venv / "requirements.txt"
    requirements.write_text(wanted, encoding="utf-8")
    setuptools = [line for line in others if line.startswith("setuptools==")]
    pip = [str(python), "-m", "pip", "install", "--progress-bar", "off"]
    # visdom builds from source with the pinned setuptools (see the Makefile).
    _run(pip + setuptools, log, env=env, check=True)
    _run(pip + ["--no-build-isolation", "-r", str(requirements)], log, env=env, check=True)
    # The checkout itself (docs_tools, which snippets/conftest.py imports), without installing it.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    Path(purelib, "pytorch_basics_checkout.pth").write_text(f"{ROOT}\n", encoding="utf-8")
    stamp.write_text(digest, encoding="utf-8")
    return venv, time.monotonic() - start


def _installed(venv: Path) -> dict[str, str]:
    probe = (
        "import importlib.metadata as m, json, torch;"
        "print(json.dumps({'torch': m.version('torch'), 'torchvision': m.version('torchvision'),"
        " 'numpy': m.version('numpy'), 'cuda': torch.version.cuda, 'cuda_available': torch.cuda.is_available()}))"
    )
    out = subprocess.run([str(venv / "bin" / "python"), "-c", probe], capture_output=True, text=True, check=True, cwd="/")
    return json.loads(out.stdout)


def doctest_files() -> list[str]:
    return sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "snippets").rglob("*.pycon"))


def run_doctests(venv: Path, log) -> tuple[list[dict], float]:
    results = WORK / f"{venv.name}.results.json"
    results.unlink(missing_ok=True)
    env = dict(os.environ, COMPAT_RESULTS=str(results), PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    start = time.monotonic()
    command = [
        str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "-p", "docs_tools.compat_results", "-m", "slow or not slow", *doctest_files(),
    ]
    _run(command, log, env=env, cwd=ROOT)
    elapsed = time.monotonic() - start
    if not results.is_file():
        raise RuntimeError(f"pytest wrote no results (see {log.name})")
    return json.loads(results.read_text(encoding="utf-8")), elapsed


def _dedent(block: str) -> str:
    lines = block.split("\n")
    return "\n".join(line[4:] if line.startswith("    ") else line for line in lines).rstrip("\n") + "\n"


def _short_traceback(text: str) -> str:
    """A traceback as the pages write one: its first line, `...`, and the exception with its message."""
    lines = [line for line in text.rstrip("\n").split("\n")]
    # The exception line is the first one after the header that is not indented (a frame).
    first = next((i for i, line in enumerate(lines) if i and line and not line[0].isspace()), len(lines) - 1)
    tail = [("" if line == "<BLANKLINE>" else line) for line in lines[first:]]
    while tail and not tail[-1].strip():
        tail.pop()
    return "Traceback (most recent call last):\n    ...\n" + "\n".join(tail) + "\n"


def actual_output(message: str) -> tuple[str, str]:
    """(kind, what was printed) from doctest's failure report: "output", "exception" or "error"."""
    got = re.search(r"^Got:\n(?P<got>.*)\Z", message, re.S | re.M)
    raised = re.search(r"^Exception raised:\n(?P<tb>.*)\Z", message, re.S | re.M)
    if got:
        text = _dedent(got["got"])
    elif re.search(r"^Got nothing\s*\Z", message, re.M):
        text = ""
    elif raised:
        text = _dedent(raised["tb"])
    else:  # not doctest's report (the example could not run at all): its last line; the log has the rest
        lines = [line for line in message.strip().splitlines() if line.strip()]
        return "error", (lines[-1] if lines else "") + "\n"
    if text.startswith("Traceback (most recent call last):"):
        return "exception", _short_traceback(text)
    return "output", text.replace("<BLANKLINE>", "")


def summarise(records: list[dict]) -> tuple[dict, dict, list[dict]]:
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    chapters: dict[str, dict] = {}
    differences = []
    for record in sorted(records, key=lambda r: (r["file"], r.get("line") or 0)):
        parts = record["file"].split("/")
        chapter = parts[1] if len(parts) > 2 and parts[0] == "snippets" else "(other)"
        outcome = {"error": "failed", None: "failed"}.get(record["outcome"], record["outcome"])
        counts = chapters.setdefault(chapter, {"passed": 0, "failed": 0, "skipped": 0})
        counts[outcome] += 1
        totals[outcome] += 1
        if outcome == "failed":
            kind, actual = actual_output(record.get("message") or "")
            differences.append(
                {
                    "chapter": chapter,
                    "file": record["file"],
                    "line": record.get("line"),
                    "source": record.get("source"),
                    "expected": record.get("expected"),
                    "kind": kind,
                    "actual": actual,
                }
            )
    return totals, dict(sorted(chapters.items())), differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pair", action="append", metavar="TORCH/TORCHVISION", help="a pair to run (repeat); default: oldest declared, pinned, newest")
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument("--command", default="make compat", help="the command recorded in the report")
    parser.add_argument("--install-only", action="store_true", help="prepare the environments, run nothing, write no report")
    args = parser.parse_args(argv)

    started = time.monotonic()
    WORK.mkdir(exist_ok=True)
    pins = read_lock()
    pairs = [tuple(p.split("/")) for p in args.pair] if args.pair else default_pairs(pins)
    report = {
        "date": dt.date.today().isoformat(),
        "command": args.command,
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "site": dict(zip(("torch", "torchvision"), site_pair(pins))),
        "pairs": [],
    }
    for pair in pairs:
        name = f"torch {pair[0]} / torchvision {pair[1]}"
        log_path = WORK / f"torch-{pair[0]}-vision-{pair[1]}.log"
        print(f"== {name} (log: {log_path.relative_to(ROOT)})", flush=True)
        entry: dict = {"torch": pair[0], "torchvision": pair[1]}
        with log_path.open("w", encoding="utf-8") as log:
            try:
                venv, install_s = install(pair, pins, log)
                entry["installed"] = _installed(venv)
                if args.install_only:
                    print(f"   installed: {entry['installed']} ({round(install_s)} s)", flush=True)
                    continue
                records, test_s = run_doctests(venv, log)
            except (subprocess.CalledProcessError, RuntimeError) as error:
                log.flush()
                tail = log_path.read_text(encoding="utf-8").strip().splitlines()[-15:]
                entry["error"] = f"{error}\n" + "\n".join(tail)
                print(f"   failed: {error}", flush=True)
                report["pairs"].append(entry)
                continue
        totals, chapters, differences = summarise(records)
        entry.update(
            install_seconds=round(install_s), test_seconds=round(test_s), totals=totals, chapters=chapters, differences=differences
        )
        report["pairs"].append(entry)
        print(f"   {totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped ({round(test_s)} s)", flush=True)
    if args.install_only:
        return 0
    report["wall_seconds"] = round(time.monotonic() - started)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.report.relative_to(ROOT) if args.report.is_relative_to(ROOT) else args.report} ({report['wall_seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
