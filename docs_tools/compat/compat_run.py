"""The compatibility run (`make compat`): the chapter doctests on several torch/torchvision releases.

The site's outputs are recorded on one release, the one pinned in
requirements.lock. This run installs each torch/torchvision pair (by default:
the oldest pyproject.toml declares, the pinned one, and the newest on PyPI) into
its own virtual environment under .compat/ (not committed), with every other
package at its pinned version, runs every ``snippets/**/*.pycon`` doctest
there and writes compat/report.json: per pair and chapter the examples that
passed, failed and were skipped, and for each example that printed something
else, the recorded output and what that release printed. docs_tools.compat.compat_page
turns the report into the "Version compatibility" page.

The machine's pip configuration may cap torch (a `constraint` file); for these
installs only, PIP_CONSTRAINT points at an empty file, which replaces it. Each
environment is kept and reused while its pair and the lock's pins are the same
(a changed pin is installed into it), so a second run downloads nothing; pip's
HTTP cache cannot be relied on for that (the registry's files may come without
cache headers, as they do on this project's machines).

Each pair's results go into a piece of their own (a JSON file: the pair, the
machine, its totals and differences); the report is the merge of the pieces.
`make compat` runs the pairs one after the other and merges their pieces; the
compatibility workflow (.github/workflows/compat.yml) runs one job per pair,
each writing its piece, and a last job merges them: the same functions, so
the same report.

    python -m docs_tools.compat.compat_run                    # the default pairs, merged into compat/report.json
    python -m docs_tools.compat.compat_run --pair 2.10.0/0.25.0 --pair 2.14.1/0.29.1
    python -m docs_tools.compat.compat_run --newest-on-pypi   # also what `pip install torch torchvision` gives today
    python -m docs_tools.compat.compat_run --list-pairs       # the pairs a run would take, as JSON (CI's matrix)
    python -m docs_tools.compat.compat_run --pair 2.6.0/0.21.0 --pieces-only   # one pair into its piece, no report
    python -m docs_tools.compat.compat_run --merge .compat/pieces              # pieces (files or folders) into the report

The driver needs only the standard library: it can run on a bare Python
(CI does); each pair's environment gets the rest.
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

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"
REPORT = ROOT / "compat" / "report.json"
WORK = ROOT / ".compat"  # the environments and scratch files (git-ignored)
PIECES = WORK / "pieces"  # one JSON file per pair run, merged into the report
PIECE_FORMAT = 1

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


def parse_pair(text: str) -> tuple[str, str]:
    """"2.6.0/0.21.0" -> ("2.6.0", "0.21.0")."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)*)\s*/\s*(\d+(?:\.\d+)*)\s*", text)
    if match is None:
        raise SystemExit(f"not a TORCH/TORCHVISION pair of release numbers: {text!r}")
    return match[1], match[2]


def pair_from_pip_report(report: dict) -> tuple[str, str]:
    """The torch and torchvision versions in pip's installation report (`pip install --dry-run --report`)."""
    versions = {_normal(item["metadata"]["name"]): item["metadata"]["version"] for item in report.get("install", [])}
    missing = [name for name in ("torch", "torchvision") if name not in versions]
    if missing:
        raise RuntimeError(f"pip's report installs no {' or '.join(missing)}")
    return versions["torch"], versions["torchvision"]


def newest_on_pypi() -> tuple[str, str]:
    """What `pip install torch torchvision` gives a reader today: pip resolves the pair, nothing is installed.

    pip reads the wheels' metadata only (PyPI serves it apart from the wheels); the
    machine's cap on torch is lifted as for the installs (_pip_env).
    """
    WORK.mkdir(exist_ok=True)
    report = WORK / "newest-on-pypi.json"
    report.unlink(missing_ok=True)
    command = [
        sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
        "--report", str(report), "torch", "torchvision",
    ]
    subprocess.run(command, env=_pip_env(), check=True, stdout=subprocess.DEVNULL)
    return pair_from_pip_report(json.loads(report.read_text(encoding="utf-8")))


def run_pairs(pins: list[dict], chosen: list[str] | None, newest: bool) -> list[tuple[str, str]]:
    """The pairs to run: those named (or the defaults), and with `newest` the newest on PyPI if it is not among them."""
    pairs = [parse_pair(text) for text in chosen] if chosen else default_pairs(pins)
    if newest:
        pair = newest_on_pypi()
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
    WORK.mkdir(exist_ok=True)
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
        "-p", "docs_tools.compat.compat_results", "-m", "slow or not slow", *doctest_files(),
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


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else -1 for part in re.split(r"[.+]", version))


def piece_path(pair: tuple[str, str], folder: Path = PIECES) -> Path:
    return folder / f"torch-{pair[0]}-vision-{pair[1]}.json"


def run_pair(pair: tuple[str, str], pins: list[dict], command: str, install_only: bool = False) -> dict:
    """Install and run one pair; its piece: the pair's report entry and where it was measured."""
    started = time.monotonic()
    name = f"torch {pair[0]} / torchvision {pair[1]}"
    log_path = WORK / f"torch-{pair[0]}-vision-{pair[1]}.log"
    print(f"== {name} (log: {log_path.relative_to(ROOT) if log_path.is_relative_to(ROOT) else log_path})", flush=True)
    entry: dict = {"torch": pair[0], "torchvision": pair[1]}
    piece = {
        "piece": PIECE_FORMAT,
        "date": dt.date.today().isoformat(),
        "command": command,
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "site": dict(zip(("torch", "torchvision"), site_pair(pins))),
        "pair": entry,
    }
    with log_path.open("w", encoding="utf-8") as log:
        try:
            venv, install_s = install(pair, pins, log)
            entry["installed"] = _installed(venv)
            if install_only:
                print(f"   installed: {entry['installed']} ({round(install_s)} s)", flush=True)
                return piece
            records, test_s = run_doctests(venv, log)
        except (subprocess.CalledProcessError, RuntimeError) as error:
            log.flush()
            tail = log_path.read_text(encoding="utf-8").strip().splitlines()[-15:]
            entry["error"] = f"{error}\n" + "\n".join(tail)
            print(f"   failed: {error}", flush=True)
            piece["wall_seconds"] = round(time.monotonic() - started)
            return piece
    totals, chapters, differences = summarise(records)
    entry.update(
        install_seconds=round(install_s), test_seconds=round(test_s), totals=totals, chapters=chapters, differences=differences
    )
    piece["wall_seconds"] = round(time.monotonic() - started)
    print(f"   {totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped ({round(test_s)} s)", flush=True)
    return piece


def write_piece(piece: dict, folder: Path = PIECES) -> Path:
    pair = (piece["pair"]["torch"], piece["pair"]["torchvision"])
    path = piece_path(pair, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(piece, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def read_pieces(paths: list[Path]) -> list[dict]:
    """The pieces in these files, and in the *.json files of these folders."""
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise SystemExit(f"{path}: no such file or folder of pieces")
        files += sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise SystemExit(f"no pieces in {', '.join(str(path) for path in paths)}")
    pieces = []
    for file in files:
        piece = json.loads(file.read_text(encoding="utf-8"))
        if not isinstance(piece, dict) or piece.get("piece") != PIECE_FORMAT or "pair" not in piece:
            raise SystemExit(f"{file}: not a piece of the compatibility run (format {PIECE_FORMAT})")
        pieces.append(piece)
    return pieces


def _one_or_all(values) -> str:
    distinct = sorted(set(values))
    return distinct[0] if len(distinct) == 1 else ", ".join(distinct)


def merge(pieces: list[dict], command: str = "make compat") -> dict:
    """The report from the pairs' pieces: every pair once, oldest first; all made for the same locked pair."""
    sites = {(piece["site"]["torch"], piece["site"]["torchvision"]) for piece in pieces}
    if len(sites) != 1:
        raise SystemExit(f"the pieces were made for different locked pairs {sorted(sites)}: run them again on one lock")
    seen: dict[tuple[str, str], int] = {}
    for piece in pieces:
        pair = (piece["pair"]["torch"], piece["pair"]["torchvision"])
        seen[pair] = seen.get(pair, 0) + 1
    twice = [f"{torch}/{vision}" for (torch, vision), count in seen.items() if count > 1]
    if twice:
        raise SystemExit(f"more than one piece for {', '.join(twice)}")
    ordered = sorted(pieces, key=lambda piece: (_version_key(piece["pair"]["torch"]), _version_key(piece["pair"]["torchvision"])))
    return {
        "date": max(piece["date"] for piece in pieces),
        "command": command,
        "python": _one_or_all(piece["python"] for piece in pieces),
        "platform": _one_or_all(piece["platform"] for piece in pieces),
        "site": dict(pieces[0]["site"]),
        "pairs": [piece["pair"] for piece in ordered],
        # The pairs' own times added up (on CI they run side by side).
        "wall_seconds": sum(piece.get("wall_seconds", 0) for piece in pieces),
    }


def write_report(report: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} ({report['wall_seconds']} s)")


def github_output(name: str, value: str) -> None:
    """Set a step output when running as a GitHub Actions step ($GITHUB_OUTPUT); nothing otherwise."""
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(f"{name}={value}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pair", action="append", metavar="TORCH/TORCHVISION", help="a pair to run (repeat); default: oldest declared, pinned, newest")
    parser.add_argument("--newest-on-pypi", action="store_true", help="also run what `pip install torch torchvision` gives today, if not among the pairs")
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument("--piece-dir", type=Path, default=PIECES, help="where each pair's piece is written (default: .compat/pieces)")
    parser.add_argument("--command", default="make compat", help="the command recorded in the report")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--list-pairs", action="store_true", help="print the pairs as a JSON list of TORCH/TORCHVISION, run nothing")
    mode.add_argument("--pieces-only", action="store_true", help="write each pair's piece, no report")
    mode.add_argument("--merge", nargs="+", type=Path, metavar="PIECE", help="merge these pieces (files or folders) into the report, run nothing")
    mode.add_argument("--install-only", action="store_true", help="prepare the environments, run nothing, write no report")
    args = parser.parse_args(argv)

    if args.merge:
        write_report(merge(read_pieces(args.merge), args.command), args.report)
        return 0
    pins = read_lock()
    pairs = run_pairs(pins, args.pair, args.newest_on_pypi)
    if args.list_pairs:
        listed = json.dumps([f"{torch}/{vision}" for torch, vision in pairs])
        print(listed)
        github_output("pairs", listed)
        return 0
    WORK.mkdir(exist_ok=True)
    written = []
    for pair in pairs:
        piece = run_pair(pair, pins, args.command, install_only=args.install_only)
        if not args.install_only:
            written.append(write_piece(piece, args.piece_dir))
            print(f"   piece: {written[-1]}", flush=True)
    if not (args.install_only or args.pieces_only):
        # This run's pieces, read back from their files: the report CI's merge job would write from them.
        write_report(merge(read_pieces(written), args.command), args.report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
