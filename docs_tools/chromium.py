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

# Loads every image, lazy ones too, and returns the sources of those that failed.
LOAD_IMAGES = """async () => {
  const images = [...document.images];
  for (const image of images) image.loading = "eager";
  await Promise.all(images.map(image => image.complete ? null : new Promise(done => {
    image.addEventListener("load", done, {once: true});
    image.addEventListener("error", done, {once: true});
  })));
  return images.filter(image => !image.naturalWidth).map(image => image.getAttribute("src").slice(0, 120));
}"""
