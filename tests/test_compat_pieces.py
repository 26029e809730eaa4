"""The compatibility report is the merge of one piece per pair (docs_tools/compat/compat_run.py).

`make compat` runs the pairs one after the other, CI one job per pair
(.github/workflows/compat.yml); both write a piece per pair and merge the
pieces with the same function. Tested on synthetic pieces and on pieces cut
from the committed report; nothing is installed or run.
"""

from __future__ import annotations

import json
import random

import pytest

from docs_tools.compat import compat_page, compat_run


def piece(torch: str, vision: str, *, site=("2.14.1", "0.29.1"), python="3.11.7", machine="Linux x86_64", date="2026-12-01", seconds=10):
    return {
        "piece": compat_run.PIECE_FORMAT,
        "date": date,
        "command": "make compat",
        "python": python,
        "platform": machine,
        "site": {"torch": site[0], "torchvision": site[1]},
        "pair": {"torch": torch, "torchvision": vision, "totals": {"passed": 1, "failed": 0, "skipped": 0}, "chapters": {}, "differences": []},
        "wall_seconds": seconds,
    }


def write(pieces, folder):
    return [compat_run.write_piece(p, folder) for p in pieces]


def test_pieces_cut_from_the_committed_report_merge_back_into_it(tmp_path):
    report = compat_page.load()
    assert report is not None, "no compat/report.json: run `make compat`"
    shares = [report["wall_seconds"] // len(report["pairs"])] * len(report["pairs"])
    shares[0] += report["wall_seconds"] - sum(shares)
    pieces = [
        {
            "piece": compat_run.PIECE_FORMAT,
            **{key: report[key] for key in ("date", "command", "python", "platform", "site")},
            "pair": pair,
            "wall_seconds": share,
        }
        for pair, share in zip(report["pairs"], shares)
    ]
    random.Random(1).shuffle(pieces)
    write(pieces, tmp_path)
    assert compat_run.merge(compat_run.read_pieces([tmp_path]), report["command"]) == report


def test_pairs_are_ordered_by_release_and_machines_are_named(tmp_path):
    write(
        [
            piece("2.10.0", "0.25.0", python="3.12.3", date="2026-12-02", seconds=5),
            piece("2.6.0", "0.21.0", seconds=7),
            piece("2.14.1", "0.29.1", machine="Linux aarch64"),
        ],
        tmp_path,
    )
    report = compat_run.merge(compat_run.read_pieces([tmp_path]))
    assert [(p["torch"], p["torchvision"]) for p in report["pairs"]] == [("2.6.0", "0.21.0"), ("2.10.0", "0.25.0"), ("2.14.1", "0.29.1")]
    assert report["python"] == "3.11.7, 3.12.3"
    assert report["platform"] == "Linux aarch64, Linux x86_64"
    assert report["date"] == "2026-12-02"
    assert report["wall_seconds"] == 22
    assert report["site"] == {"torch": "2.14.1", "torchvision": "0.29.1"}
    assert report["command"] == "make compat"


def test_a_pair_whose_install_failed_is_kept(tmp_path):
    failed = piece("2.6.0", "0.21.0")
    failed["pair"] = {"torch": "2.6.0", "torchvision": "0.21.0", "error": "pip failed"}
    report = compat_run.merge([failed, piece("2.14.1", "0.29.1")])
    assert report["pairs"][0] == {"torch": "2.6.0", "torchvision": "0.21.0", "error": "pip failed"}


@pytest.mark.parametrize(
    ("pieces", "message"),
    [
        ([piece("2.6.0", "0.21.0"), piece("2.6.0", "0.21.0", python="3.12.3")], "more than one piece for 2.6.0/0.21.0"),
        ([piece("2.6.0", "0.21.0"), piece("2.14.1", "0.29.1", site=("2.15.0", "0.29.2"))], "different locked pairs"),
    ],
    ids=["same pair twice", "two locks"],
)
def test_pieces_that_do_not_make_one_report_are_refused(pieces, message):
    with pytest.raises(SystemExit, match=message):
        compat_run.merge(pieces)


def test_a_file_that_is_not_a_piece_is_refused(tmp_path):
    (tmp_path / "report.json").write_text(json.dumps({"pairs": []}), encoding="utf-8")
    with pytest.raises(SystemExit, match="not a piece"):
        compat_run.read_pieces([tmp_path])
    (tmp_path / "empty").mkdir()
    with pytest.raises(SystemExit, match="no pieces"):
        compat_run.read_pieces([tmp_path / "empty"])
    with pytest.raises(SystemExit, match="no such file or folder"):
        compat_run.read_pieces([tmp_path / "missing"])


def test_a_local_run_and_a_merge_of_its_pieces_write_the_same_report(tmp_path, monkeypatch):
    """`make compat` (pairs in turn, then merged) and CI (`--pieces-only` per job, then `--merge`) agree."""
    monkeypatch.setattr(compat_run, "run_pair", lambda pair, pins, command, install_only=False: piece(*pair))
    monkeypatch.setattr(compat_run, "WORK", tmp_path / "work")  # nothing left in the checkout
    pairs = ["--pair", "2.6.0/0.21.0", "--pair", "2.14.1/0.29.1"]
    local, merged, pieces = tmp_path / "local.json", tmp_path / "merged.json", tmp_path / "pieces"
    assert compat_run.main([*pairs, "--piece-dir", str(tmp_path / "local-pieces"), "--report", str(local)]) == 0
    for pair in pairs[1::2]:  # one CI job each
        assert compat_run.main(["--pair", pair, "--pieces-only", "--piece-dir", str(pieces), "--report", str(merged)]) == 0
    assert not merged.exists(), "--pieces-only writes no report"
    assert sorted(p.name for p in pieces.iterdir()) == ["torch-2.14.1-vision-0.29.1.json", "torch-2.6.0-vision-0.21.0.json"]
    assert compat_run.main(["--merge", str(pieces), "--report", str(merged)]) == 0
    assert json.loads(local.read_text(encoding="utf-8")) == json.loads(merged.read_text(encoding="utf-8"))
    assert sorted(p.name for p in (tmp_path / "local-pieces").iterdir()) == sorted(p.name for p in pieces.iterdir())


def test_the_pairs_are_listed_for_the_matrix(tmp_path, monkeypatch, capsys):
    output = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    assert compat_run.main(["--list-pairs"]) == 0
    pairs = [f"{torch}/{vision}" for torch, vision in compat_run.default_pairs(compat_run.read_lock())]
    assert json.loads(capsys.readouterr().out) == pairs
    assert output.read_text(encoding="utf-8") == f"pairs={json.dumps(pairs)}\n"


def test_the_newest_on_pypi_joins_the_pairs_once(monkeypatch):
    pins = compat_run.read_lock()
    defaults = compat_run.default_pairs(pins)
    monkeypatch.setattr(compat_run, "newest_on_pypi", lambda: defaults[-1])
    assert compat_run.run_pairs(pins, None, newest=True) == defaults
    monkeypatch.setattr(compat_run, "newest_on_pypi", lambda: ("2.16.0", "0.30.0"))
    assert compat_run.run_pairs(pins, None, newest=True) == [*defaults, ("2.16.0", "0.30.0")]
    assert compat_run.run_pairs(pins, ["2.6.0/0.21.0"], newest=False) == [("2.6.0", "0.21.0")]


def test_pips_resolution_names_the_pair():
    report = {
        "install": [
            {"metadata": {"name": "torch", "version": "2.16.0"}},
            {"metadata": {"name": "TorchVision", "version": "0.31.0"}},
            {"metadata": {"name": "numpy", "version": "2.4.6"}},
        ]
    }
    assert compat_run.pair_from_pip_report(report) == ("2.16.0", "0.31.0")
    with pytest.raises(RuntimeError, match="torchvision"):
        compat_run.pair_from_pip_report({"install": report["install"][:1]})


def test_a_pair_is_two_release_numbers():
    assert compat_run.parse_pair("2.6.0/0.21.0") == ("2.6.0", "0.21.0")
    for bad in ("2.6.0", "2.6.0/0.21.0; rm -rf /", "latest/latest"):
        with pytest.raises(SystemExit):
            compat_run.parse_pair(bad)
