"""The built site in Debian's Chromium, driven by Playwright's Python package.

Playwright's own browser download is not available here: the tests launch
/usr/bin/chromium (apt package ``chromium``; `make test` installs it). The
site is served by Python's http.server on 127.0.0.1 (a free port) in a thread;
every request for any other host is recorded and refused, and Chromium's
resolver maps every other host to nowhere, so nothing can leave the machine.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from docs_tools.chromium import ARGS, CHROMIUM
from docs_tools.pages import ROOT
from tests.conftest import site_build

HOST = "127.0.0.1"
SUBPATH = "/pytorch-basics/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep pytest's output readable
        pass


# A browser drops connections it no longer needs (a page left while loading, a
# prefetch it gave up on): writing the answer then fails with one of these.
EXPECTED_DISCONNECTS = (BrokenPipeError, ConnectionResetError)


class QuietServer(http.server.ThreadingHTTPServer):
    """http.server's threading server, without a traceback for a client that hung up early.

    socketserver prints every exception raised while answering a request; an
    expected disconnect is dropped silently (and counted in `disconnects`),
    anything else is still printed.
    """

    disconnects = 0

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], EXPECTED_DISCONNECTS):
            self.disconnects += 1
            return
        super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url(built_site):
    """http://127.0.0.1:PORT/ serving the built site until the session ends."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = QuietServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{HOST}:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _SubPathHandler(_QuietHandler):
    """Serves the site under SUBPATH only, as GitHub Pages serves a project site.

    /pytorch-basics/... maps to the site folder; any other path is a 404, and
    so is a missing file under the prefix, answered with the site's 404.html.
    """

    def translate_path(self, path):
        if not urlsplit(path).path.startswith(SUBPATH):
            return str(Path(self.directory) / ".outside-the-sub-path")  # never there: a 404
        return super().translate_path("/" + path[len(SUBPATH) :])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not urlsplit(self.path).path.startswith(SUBPATH) or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@dataclass
class SubPathSite:
    url: str  # http://127.0.0.1:PORT/pytorch-basics/
    folder: Path


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory):
    """The site built with SITE_URL=http://127.0.0.1:PORT/pytorch-basics/ and served only at that path."""
    folder = tmp_path_factory.mktemp("subpath-site")
    server = QuietServer((HOST, 0), functools.partial(_SubPathHandler, directory=str(folder)))
    url = f"http://{HOST}:{server.server_address[1]}{SUBPATH}"
    result = site_build(ROOT, folder, site_url=url)
    if result.returncode != 0:
        server.server_close()
        pytest.fail(f"properdocs build --strict with SITE_URL={url} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SubPathSite(url, folder)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`make install-browser`)", pytrace=False)
    from playwright.sync_api import sync_playwright  # pyproject.toml's test extra

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@dataclass
class Traffic:
    """What a browser context asked for, and what went wrong on its pages."""

    off_host: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.off_host.clear()
        self.failed.clear()
        self.console_errors.clear()


def _watched_page(browser):
    """A new context (clipboard allowed) and page whose requests and errors are all recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    traffic = Traffic()

    def route(route):
        url = route.request.url
        if urlsplit(url).hostname != HOST:
            traffic.off_host.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("console", lambda message: message.type == "error" and traffic.console_errors.append(message.text))
    tab.on("pageerror", lambda error: traffic.console_errors.append(f"uncaught: {error}"))
    # ERR_ABORTED: the page was left while loading (the tests move on quickly);
    # refused off-host requests are ERR_BLOCKED_BY_CLIENT and recorded above.
    tab.on(
        "requestfailed",
        lambda request: request.failure != "net::ERR_ABORTED"
        and traffic.failed.append(f"{request.url} ({request.failure})"),
    )
    tab.on(
        "response",
        lambda response: response.status >= 400 and traffic.failed.append(f"{response.url} (HTTP {response.status})"),
    )
    tab.traffic = traffic
    return context, tab


@pytest.fixture()
def page(browser):
    """A fresh page in a fresh context; tab.traffic records what it asked for and what failed."""
    context, tab = _watched_page(browser)
    yield tab
    context.close()


@pytest.fixture(scope="module")
def reused_page(browser):
    """One page for many short checks (each starts with reused_page.traffic.clear())."""
    context, tab = _watched_page(browser)
    yield tab
    context.close()
