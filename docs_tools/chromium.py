"""How the browser tests and the page-weight benchmark start Debian's Chromium.

Playwright drives /usr/bin/chromium (Debian's package); its own browser
download is never used. The flags keep Chromium from reaching for Google's
services, which this closed network refuses, and map every host name but the
site's to nothing.
"""

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
