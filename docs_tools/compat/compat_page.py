"""The "Version compatibility" page and the chapter pages' one-line notes, from compat/report.json.

compat/report.json is written by `make compat` (docs_tools.compat.compat_run): the
chapter doctests run on several torch/torchvision releases. Both languages'
pages share it; nothing here is typed by hand:

- docs/<lang>/compat.md holds a short introduction and the placeholder
  ``{{ compat_report }}``, which becomes a table (chapters × releases) and,
  for every example that prints something else on another release, the output
  on the page and that release's output side by side;
- a chapter page with such an example gets one line under its title saying
  so, with a link to its section of the compatibility page.

docs_tools/hooks.py calls :func:`fill` from on_page_markdown.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

from docs_tools.pages import DOCS, ROOT
from docs_tools.reader import reader_code

REPORT = ROOT / "compat" / "report.json"
PAGE = "compat.md"
PLACEHOLDER = "{{ compat_report }}"
_CHAPTER = re.compile(r"^(?P<number>\d\d)-[\w-]+$")
_H1 = re.compile(r"^# (?P<title>.+?)[ \t]*$", re.M)

TEXT = {
    "zh": {
        "none": "还没有兼容性报告：运行 `make compat` 生成 `compat/report.json`。",
        "measured": (
            "{date} 用 `{command}` 测得（Python {python}，{platform}，{cuda}）。"
            "每个版本装在各自的虚拟环境里，其余依赖与本站相同（`requirements.lock`），"
            "运行的是本站全部 {count} 个代码示例（doctest）。"
        ),
        "cpu_only": "没有 GPU：需要 CUDA 的例子被跳过",
        "with_cuda": "有 GPU",
        "results": "各章结果",
        "chapter": "章节",
        "site": "（本站）",
        "total": "合计",
        "legend": (
            "每格是例子数：“相同”指输出与本站相同，“不同”指输出不同（或报错），“跳过”指没有运行（需要 CUDA）。"
        ),
        "same": "相同 {n}",
        "different": "不同 {n}",
        "skipped": "跳过 {n}",
        "install_failed": "安装失败",
        "differences": "输出不同的例子",
        "no_differences": "所有例子在所测的每个版本上输出都与本站相同。",
        "example": "`{file}` 第 {line} 行：",
        "on_page": "本站（torch {torch}）",
        "other": "torch {torch}、torchvision {torchvision}",
        "raised": "（抛出异常）",
        "nothing": "（没有输出）",
        "note": "本章有 {count} 个例子在 {versions} 上的输出与本页不同，见[版本兼容性]({link})。",
        "joiner": "、",
        "or": " 或 ",
        "failed_pair": "torch {torch} 安装失败：",
    },
    "en": {
        "none": "No compatibility report yet: run `make compat` to write `compat/report.json`.",
        "measured": (
            "Measured on {date} with `{command}` (Python {python}, {platform}, {cuda}). "
            "Each release is installed in its own virtual environment, every other "
            "dependency at the site's version (`requirements.lock`); all {count} code "
            "examples (doctests) of the site are run."
        ),
        "cpu_only": "no GPU: the examples that need CUDA are skipped",
        "with_cuda": "with a GPU",
        "results": "Results by chapter",
        "chapter": "Chapter",
        "site": " (this site)",
        "total": "Total",
        "legend": (
            "Each cell counts examples: “same” print what the site shows, “different” print "
            "something else (or raise), “skipped” did not run (they need CUDA)."
        ),
        "same": "{n} same",
        "different": "{n} different",
        "skipped": "{n} skipped",
        "install_failed": "install failed",
        "differences": "Examples that print differently",
        "no_differences": "Every example prints what the site shows on every release tested.",
        "example": "`{file}`, line {line}:",
        "on_page": "This site (torch {torch})",
        "other": "torch {torch}, torchvision {torchvision}",
        "raised": " (raises)",
        "nothing": "(no output)",
        "note": "{count} examples in this chapter print differently on {versions}: see [Version compatibility]({link}).",
        "note_one": "1 example in this chapter prints differently on {versions}: see [Version compatibility]({link}).",
        "joiner": ", ",
        "or": " or ",
        "failed_pair": "torch {torch} could not be installed: ",
    },
}


@cache
def _load(path: Path, mtime: float) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8"))


def load(path: Path = REPORT) -> dict | None:
    """The report, or None when `make compat` has not written one."""
    if not path.is_file():
        return None
    return _load(path, path.stat().st_mtime)


def anchor(chapter: str) -> str:
    return f"ch-{chapter}"


def chapter_title(chapter: str, language: str) -> str:
    """`3 张量` / `3 Tensors`: the chapter's number and its page's title."""
    page = DOCS / language / f"{chapter}.md"
    match = _CHAPTER.match(chapter)
    title = chapter
    if page.is_file():
        heading = _H1.search(page.read_text(encoding="utf-8"))
        if heading:
            title = heading["title"]
    return f"{int(match['number'])} {title}" if match else title


def _is_site(pair: dict, report: dict) -> bool:
    return pair["torch"] == report["site"]["torch"] and pair["torchvision"] == report["site"]["torchvision"]


def _differing(report: dict) -> dict[tuple[str, int], dict]:
    """(file, line) -> {"example": first record, "pairs": [(pair, record)]}, in file order."""
    found: dict[tuple[str, int], dict] = {}
    for pair in report["pairs"]:
        for record in pair.get("differences", []):
            key = (record["file"], record.get("line") or 0)
            found.setdefault(key, {"example": record, "pairs": []})["pairs"].append((pair, record))
    return dict(sorted(found.items()))


def _cell(counts: dict | None, t: dict) -> str:
    if not counts:
        return "–"
    # Words, not symbols: ⏭ and ✔ need an emoji font and read as "next track" to a screen reader.
    parts = [t["same"].format(n=counts["passed"])]
    if counts["failed"]:
        parts.append(t["different"].format(n=counts["failed"]))
    if counts["skipped"]:
        parts.append(t["skipped"].format(n=counts["skipped"]))
    return " · ".join(parts)


def _pre(text: str | None, t: dict) -> str:
    text = (text or "").rstrip("\n")
    if not text:
        return f"<em>{t['nothing']}</em>"
    return f"<pre><code>{html.escape(text)}</code></pre>"


def render(language: str, report: dict | None) -> str:
    t = TEXT[language]
    if report is None:
        return t["none"]
    pairs = report["pairs"]
    measured = next((p for p in pairs if "totals" in p), None)
    count = sum(measured["totals"].values()) if measured else 0
    cuda = any(p.get("installed", {}).get("cuda_available") for p in pairs)
    out = [
        t["measured"].format(
            date=report["date"], command=report["command"], python=report["python"], platform=report["platform"],
            cuda=t["with_cuda"] if cuda else t["cpu_only"], count=count,
        ),
        "",
        f"## {t['results']}",
        "",
    ]
    header = [t["chapter"]]
    for pair in pairs:
        label = f"torch {pair['torch']}<br>torchvision {pair['torchvision']}"
        header.append(label + (t["site"] if _is_site(pair, report) else ""))
    out.append("| " + " | ".join(header) + " |")
    out.append("| --- |" + " --- |" * len(pairs))
    chapters = sorted({c for p in pairs for c in p.get("chapters", {})})
    for chapter in chapters:
        link = f"[{chapter_title(chapter, language)}]({chapter}.md)" if (DOCS / language / f"{chapter}.md").is_file() else chapter
        cells = [_cell(p.get("chapters", {}).get(chapter), t) if "chapters" in p else t["install_failed"] for p in pairs]
        out.append("| " + " | ".join([link, *cells]) + " |")
    totals = [f"**{_cell(p['totals'], t)}**" if "totals" in p else t["install_failed"] for p in pairs]
    out.append("| " + " | ".join([f"**{t['total']}**", *totals]) + " |")
    out += ["", t["legend"], ""]
    for pair in pairs:
        if "error" in pair:
            out += [t["failed_pair"].format(torch=pair["torch"]), "", "```text", pair["error"].rstrip(), "```", ""]

    out += [f"## {t['differences']}", ""]
    differing = _differing(report)
    if not differing:
        out += [t["no_differences"], ""]
    current = None
    for (file, line), found in differing.items():
        example = found["example"]
        if example["chapter"] != current:
            current = example["chapter"]
            out += [f"### [{chapter_title(current, language)}]({current}.md) {{#{anchor(current)}}}", ""]
        out += [t["example"].format(file=Path(file).name, line=line), ""]
        source = reader_code.for_reader(example.get("source") or "", language).strip("\n")
        if source:
            out += ["```python", source, "```", ""]
        head = [html.escape(t["on_page"].format(torch=report["site"]["torch"]))]
        body = [_pre(example.get("expected"), t)]
        for pair, record in found["pairs"]:
            label = t["other"].format(torch=pair["torch"], torchvision=pair["torchvision"])
            if record.get("kind") == "exception" and not (example.get("expected") or "").startswith("Traceback"):
                label += t["raised"]
            head.append(html.escape(label))
            body.append(_pre(record.get("actual"), t))
        out += [
            "<table>",
            "<tr>" + "".join(f"<th>{cell}</th>" for cell in head) + "</tr>",
            '<tr style="vertical-align: top">' + "".join(f"<td>{cell}</td>" for cell in body) + "</tr>",
            "</table>",
            "",
        ]
    return "\n".join(out).rstrip("\n") + "\n"


def chapter_note(chapter: str, language: str, report: dict | None) -> str | None:
    """One line for a chapter page whose examples print differently on another release, or None."""
    if report is None:
        return None
    examples: set[tuple[str, int]] = set()
    versions: list[str] = []
    for pair in report["pairs"]:
        if _is_site(pair, report):
            continue
        mine = [r for r in pair.get("differences", []) if r["chapter"] == chapter]
        if mine:
            examples.update((r["file"], r.get("line") or 0) for r in mine)
            versions.append(pair["torch"])
    if not examples:
        return None
    t = TEXT[language]
    named = "torch " + (t["joiner"].join(versions[:-1]) + t["or"] + versions[-1] if len(versions) > 1 else versions[0])
    key = "note_one" if len(examples) == 1 and "note_one" in t else "note"
    return t[key].format(count=len(examples), versions=named, link=f"{PAGE}#{anchor(chapter)}")


def fill(markdown: str, src_uri: str, language: str) -> str:
    """The compatibility page's placeholder filled in; a chapter page's note added under its title."""
    name = Path(src_uri).name
    if name == PAGE and PLACEHOLDER in markdown:
        return markdown.replace(PLACEHOLDER, render(language, load()))
    chapter = Path(name).stem
    if not _CHAPTER.match(chapter) or not name.endswith(".md"):
        return markdown
    note = chapter_note(chapter, language, load())
    if note is None:
        return markdown
    block = f'\n\n<div class="compat-note" data-search-exclude markdown>\n\n{note}\n\n</div>\n'
    heading = _H1.search(markdown)
    if heading is None:
        return block.lstrip("\n") + "\n" + markdown
    return markdown[: heading.end()] + block + markdown[heading.end() :]
