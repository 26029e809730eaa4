"""Chapter 6 against a real Visdom server, started offline exactly as the page tells readers to.

`python -m visdom.server` first downloads the web page's JavaScript, CSS and font files
(visdom.server.build.download_scripts); without internet that step raises
requests.exceptions.ConnectionError and the server never starts. The page's offline
command (visdom_server_offline.sh, shown in a bash block on both pages) calls
visdom.server.run_server.main() instead: the same command-line options, without the
download. The server stores and serves plot data either way.

The fixture runs that command as it is written, on its port 8097, with only `python`
replaced by this interpreter. It runs in a temporary working directory with HOME pointed
there too, so the server's data folder (~/.visdom/ by default) lives and dies with it.
The program visdom_train_loss.py then runs with no arguments, as `python
visdom_train_loss.py` does, and talks to http://localhost:8097.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import shlex
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from docs_tools.pages import fences, pages

HERE = Path(__file__).resolve().parent
COMMAND_FILE = HERE / "visdom_server_offline.sh"
INCLUDE_LINE = '--8<-- "snippets/06-visualisation/visdom_server_offline.sh"'
URL = "http://localhost:8097"
READY = "You can navigate to"  # printed once the server listens on its port
PORT_BUSY_WAIT_S = 60  # another run of this test may still hold port 8097
# A server command as a reader copies it: up to the end of the line or of the inline code span.
SERVER_COMMAND = re.compile(r"python -m visdom\.server\b[^`\n]*")


def _command() -> list[str]:
    """The page's command, split as a shell would; `python` becomes this interpreter."""
    argv = shlex.split(COMMAND_FILE.read_text(encoding="utf-8"))
    assert argv[0] == "python", f"{COMMAND_FILE.name} should start with `python`: {argv}"
    return [sys.executable, *argv[1:]]


def _post(url: str, message: dict) -> str:
    request = urllib.request.Request(url, data=json.dumps(message).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def _start(command: list[str], home: str, log_path: Path) -> subprocess.Popen | None:
    """Start the server; return it once it listens, or None when its port was in use."""
    env = {**os.environ, "HOME": home, "PYTHONUNBUFFERED": "1"}
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        text = log_path.read_text()
        if READY in text:
            return process  # this process, not some other server, holds the port
        if process.poll() is not None:
            if "Address already in use" in text:
                return None
            pytest.fail(f"the visdom server exited with {process.returncode}:\n{text}")
        if time.monotonic() > deadline:
            _stop(process)
            pytest.fail(f"the visdom server did not start within 30 s:\n{log_path.read_text()}")
        time.sleep(0.1)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def visdom_server():
    """The page's offline command, running; stopped (and its folder removed) after the module's tests."""
    command = _command()
    with tempfile.TemporaryDirectory(prefix="visdom-home-") as home:
        log_path = Path(home) / "server.log"
        deadline = time.monotonic() + PORT_BUSY_WAIT_S
        while (process := _start(command, home, log_path)) is None:
            if time.monotonic() > deadline:
                pytest.fail(
                    f"port 8097 stayed in use for {PORT_BUSY_WAIT_S} s, so the page's command "
                    f"({COMMAND_FILE.name}) cannot start its server: stop whatever listens on "
                    "port 8097 (another Visdom server?) and run the test again"
                )
            time.sleep(1)
        try:
            yield process
        finally:
            _stop(process)


def test_command_binds_to_this_machine_only():
    argv = _command()
    assert "-bind_local" in argv, "without -bind_local the server listens on every network interface"
    assert argv[argv.index("-port") + 1] == "8097"


def test_every_server_command_a_reader_copies_binds_to_this_machine():
    """Every `python -m visdom.server` on the pages and in this chapter's snippets carries -bind_local."""
    sources = [pages(language)["06-visualisation.md"] for language in ("zh", "en")]
    sources += sorted(p for p in HERE.iterdir() if p.suffix in {".py", ".pycon", ".sh"} and p.name != Path(__file__).name)
    unsafe, seen = [], 0
    for path in sources:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for command in SERVER_COMMAND.findall(line):
                seen += 1
                if "-bind_local" not in command.split():
                    unsafe.append(f"{path.name}:{number}: {command}")
    assert seen, "no `python -m visdom.server` command found on the pages"
    assert not unsafe, "commands that listen on every network interface:\n" + "\n".join(unsafe)


def test_both_pages_show_the_command_in_a_bash_block():
    for language in ("zh", "en"):
        page = pages(language)["06-visualisation.md"]
        shown = [f for f in fences(page) if f.language == "bash" and INCLUDE_LINE in f.body]
        assert shown, f"docs/{language}/06-visualisation.md does not include {COMMAND_FILE.name} in a ```bash block"


# visdom 0.2.4 itself calls the deprecated logging.Logger.warn.
@pytest.mark.filterwarnings("ignore:The 'warn' method is deprecated:DeprecationWarning")
def test_loss_curve_reaches_the_server(visdom_server, capsys):
    program = runpy.run_path(str(HERE / "visdom_train_loss.py"), run_name="visdom_train_loss")
    losses = program["main"]([])  # `python visdom_train_loss.py`: http://localhost:8097
    assert len(losses) == 25  # 5 epochs of 100 points in batches of 20
    assert "epoch 4: loss" in capsys.readouterr().out

    # Read the window back through the server's HTTP API (what Visdom.get_window_data posts).
    window = json.loads(_post(f"{URL}/win_data", {"win": "train_loss", "eid": "main"}))
    assert window["title"] == "train loss"
    [trace] = window["content"]["data"]
    assert trace["type"] == "scatter" and trace["mode"] == "lines"
    assert trace["x"] == [float(step) for step in range(len(losses) + 1)]
    assert trace["y"] == [0.0] + losses  # the window's first point, then every step's loss
    assert losses[-1] < losses[0] / 10  # training went somewhere

    # The client's own call returns the same window.
    from visdom import Visdom

    viz = Visdom(server="http://localhost", port=8097, use_incoming_socket=False, raise_exceptions=True)
    assert json.loads(viz.get_window_data("train_loss")) == window


def test_web_page_renders(visdom_server):
    """The page a browser opens; with tornado 6.6 visdom 0.2.4 answers 403 here."""
    with urllib.request.urlopen(URL, timeout=10) as response:
        assert response.status == 200
        assert "<title>visdom</title>" in response.read().decode()
