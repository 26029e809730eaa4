"""Figure scripts run in processes of their own (docs_tools.workers): a long-lived process draws with the current code.

`make serve` keeps one Python process for hours. A figure script imports its
chapter's modules; were they imported in that process, the second drawing
after an edit would still use the first version.
"""

from __future__ import annotations

import re
import subprocess
import sys

SCRIPT = """
import matplotlib.pyplot as plt
import drawing_size

def figures():
    figure = plt.figure(figsize=(drawing_size.WIDTH, 1))
    figure.add_subplot().plot([0, 1], [0, 1])
    return {"line": figure}
"""

TWO_DRAWINGS = """
from pathlib import Path
from docs_tools.inputs import figures

helper = Path("snippets/01-install/drawing_size.py")
svg = Path("docs/assets/figures/01-install/line.svg")
figures.generate(force=True, log=lambda message: None)
first = svg.read_text(encoding="utf-8")
helper.write_text("WIDTH = 6\\n", encoding="utf-8")
figures.generate(force=True, log=lambda message: None)
print(first[:400])
print("----")
print(svg.read_text(encoding="utf-8")[:400])
"""


def svg_width(text: str) -> float:
    return float(re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"', text)[1])


def test_a_long_lived_process_draws_with_the_current_code(tiny_site):
    (tiny_site / "snippets/01-install/drawing_size.py").write_text("WIDTH = 2\n", encoding="utf-8")
    (tiny_site / "snippets/01-install/fig_line.py").write_text(SCRIPT, encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", TWO_DRAWINGS], cwd=tiny_site, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.split("----")
    assert svg_width(second) > 2 * svg_width(first), "the second drawing used the module as first imported"
