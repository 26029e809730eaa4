"""The versions the site's examples are verified with, read from the running environment.

The build stamps every page with them and fills the home pages' "versions"
section from them, so no version number is typed by hand: the environment that
builds the site (and runs the tests, `make test`) is the one the stamp names.
"""

from __future__ import annotations

import platform
from functools import cache
from importlib.metadata import version

PACKAGES = ("torch", "torchvision")


@cache
def verified() -> dict[str, str]:
    """{"torch": "2.14.1", "torchvision": "0.29.1", "python": "3.11.7"} for this environment."""
    found = {name: version(name) for name in PACKAGES}
    found["python"] = platform.python_version()
    return found


def stamp_text(language: str = "en") -> str:
    """`torch 2.14.1, torchvision 0.29.1 (Python 3.11.7)`, punctuated for the language."""
    v = verified()
    if language == "zh":
        return f"torch {v['torch']}、torchvision {v['torchvision']}（Python {v['python']}）"
    return f"torch {v['torch']}, torchvision {v['torchvision']} (Python {v['python']})"
