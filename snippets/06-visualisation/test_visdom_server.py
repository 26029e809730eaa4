"""Chapter 6 against a real Visdom server, started offline as the page tells readers to.

`python -m visdom.server` first downloads the web page's JavaScript, CSS and font files
(visdom.server.build.download_scripts); without internet that step raises
requests.exceptions.ConnectionError and the server never starts. The page's offline
command calls visdom.server.run_server.main() instead: the same command-line options,
without the download. The server stores and serves plot data either way.
"""

from __future__ import annotations

import json
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# What the page shows (with the default port); the fixture runs exactly this, on a free port.
OFFLINE_COMMAND = 'python -c "from visdom.server.run_server import main; main()" -port 8097'
SERVER_CODE = "from visdom.server.run_server import main; main()"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, message: dict) -> str:
    request = urllib.request.Request(url, data=json.dumps(message).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


@pytest.fixture(scope="module")
def visdom_server(tmp_path_factory):
    """A real Visdom server on 127.0.0.1 and a free port, stopped after the module's tests."""
    env_path = tmp_path_factory.mktemp("visdom-envs")
    log = (env_path.parent / "visdom-server.log").open("w+")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER_CODE, "-port", str(port), "-bind_local",
         "-env_path", f"{env_path}/", "-logging_level", "WARNING"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"the visdom server exited with {process.returncode}:\n{log.read()}")
            try:
                urllib.request.urlopen(f"{url}/favicon.png", timeout=1).close()
                break
            except urllib.error.HTTPError:
                break  # it answered
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail("the visdom server did not answer within 30 s")
                time.sleep(0.1)
        yield url, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_page_shows_the_offline_command():
    for language in ("zh", "en"):
        page = (ROOT / "docs" / language / "06-visualisation.md").read_text(encoding="utf-8")
        assert OFFLINE_COMMAND in page, f"docs/{language}/06-visualisation.md lacks {OFFLINE_COMMAND!r}"


# visdom 0.2.4 itself calls the deprecated logging.Logger.warn.
@pytest.mark.filterwarnings("ignore:The 'warn' method is deprecated:DeprecationWarning")
def test_loss_curve_reaches_the_server(visdom_server, capsys):
    url, port = visdom_server
    program = runpy.run_path(str(HERE / "visdom_train_loss.py"), run_name="visdom_train_loss")
    losses = program["main"](["--server", "http://127.0.0.1", "--port", str(port)])
    assert len(losses) == 25  # 5 epochs of 100 points in batches of 20
    assert "epoch 4: loss" in capsys.readouterr().out

    # Read the window back through the server's HTTP API (what Visdom.get_window_data posts).
    window = json.loads(_post(f"{url}/win_data", {"win": "train_loss", "eid": "main"}))
    assert window["title"] == "train loss"
    [trace] = window["content"]["data"]
    assert trace["type"] == "scatter" and trace["mode"] == "lines"
    assert trace["x"] == [float(step) for step in range(len(losses) + 1)]
    assert trace["y"] == [0.0] + losses  # the window's first point, then every step's loss
    assert losses[-1] < losses[0] / 10  # training went somewhere

    # The client's own call returns the same window.
    from visdom import Visdom

    viz = Visdom(server="http://127.0.0.1", port=port, use_incoming_socket=False, raise_exceptions=True)
    assert json.loads(viz.get_window_data("train_loss")) == window


def test_web_page_renders(visdom_server):
    """The page a browser opens; with tornado 6.6 visdom 0.2.4 answers 403 here."""
    url, _ = visdom_server
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        assert "<title>visdom</title>" in response.read().decode()
