"""`python -m docs_tools.book SITE_DIR [--out DIR] [--language zh|en]`: the PDF books of a built site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docs_tools.book import BookError, build


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m docs_tools.book", description=__doc__)
    parser.add_argument("site", type=Path, help="the built site (the build's site_dir, e.g. site)")
    parser.add_argument("--out", type=Path, help="write the PDFs here instead of into the site")
    parser.add_argument("--language", choices=["zh", "en"], action="append", help="only this language (repeatable)")
    args = parser.parse_args(argv)
    try:
        build(args.site, args.out, tuple(args.language or ("zh", "en")))
    except BookError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


sys.exit(main())
