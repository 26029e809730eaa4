"""The 术语表 / Glossary pages, built from docs/glossary.yml.

docs/glossary.yml lists each term once, in both languages: the Chinese and
English term, a one-line definition in each language, the API that implements
it (if any), the chapter that teaches it, and the Chinese variants that zh
prose must not use (tests/test_terminology.py enforces them on every zh page).

docs/zh/glossary.md and docs/en/glossary.md are short committed pages (title,
one line of introduction) holding the placeholder ``{{ glossary }}``;
docs_tools/hooks.py (on_page_markdown) replaces it with ``render(language)``:
one table, the same rows in the same order in both languages (sorted by the
English term, case and punctuation ignored), each term with an anchor
``#term-<english-slug>`` that is the same in both languages, its API linked to
the official documentation (docs_tools.api_links) and its chapter linked.

``render(language)`` is usable outside a build too (e.g. ``python -m
docs_tools``); ``check()`` lists what is wrong with the data file.
"""

from __future__ import annotations

import html as htmlmod
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from docs_tools import api_links, pages

SOURCE = pages.DOCS / "glossary.yml"
PLACEHOLDER = "{{ glossary }}"
LANGUAGES = pages.LANGUAGES

HEADER = {
    "zh": "| 英文 | 中文 | 释义 | API |\n| --- | --- | --- | --- |",
    "en": "| Term | Chinese | Definition | API |\n| --- | --- | --- | --- |",
}
CHAPTER_LINK = {"zh": "（[第 {n} 章]({page})）", "en": " ([chapter {n}]({page}))"}
COUNT = {
    "zh": "共 {count} 个术语，按英文名排序；点击 API 名称可打开 PyTorch 官方文档中对应的页面。",
    "en": "{count} terms, sorted by their English name; an API name opens its page in the official PyTorch documentation.",
}
FIELDS = ("en", "zh", "en_def", "zh_def")
OPTIONAL = ("api", "chapter", "avoid")


class GlossaryError(Exception):
    """docs/glossary.yml is malformed (the message names the entry)."""


@dataclass(frozen=True)
class Term:
    en: str
    zh: str
    en_def: str
    zh_def: str
    api: tuple[str, ...] = ()
    chapter: int | None = None
    avoid: tuple[str, ...] = field(default=())

    @property
    def anchor(self) -> str:
        """The row's id, the same on both pages: term-<english slug>."""
        return "term-" + slug(self.en)

    def term(self, language: str) -> str:
        return self.zh if language == "zh" else self.en

    def definition(self, language: str) -> str:
        return self.zh_def if language == "zh" else self.en_def


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def sort_key(term: Term) -> str:
    return re.sub(r"[^a-z0-9 ]", "", term.en.lower())


def load(path: Path = SOURCE) -> list[Term]:
    """The terms of docs/glossary.yml, sorted; raises GlossaryError when an entry is malformed."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise GlossaryError(f"{path.name}: {error}") from error
    if not isinstance(data, list):
        raise GlossaryError(f"{path.name}: expected a list of terms")
    terms = []
    for number, entry in enumerate(data, start=1):
        where = f"{path.name}, entry {number}"
        if not isinstance(entry, dict):
            raise GlossaryError(f"{where}: expected a mapping, got {entry!r}")
        where += f" ({entry.get('en', '?')})"
        unknown = set(entry) - set(FIELDS) - set(OPTIONAL)
        missing = [name for name in FIELDS if not str(entry.get(name) or "").strip()]
        if unknown or missing:
            raise GlossaryError(f"{where}: missing {missing or 'nothing'}, unknown {sorted(unknown) or 'nothing'}")
        api = entry.get("api") or ()
        avoid = entry.get("avoid") or ()
        terms.append(
            Term(
                en=str(entry["en"]).strip(),
                zh=str(entry["zh"]).strip(),
                en_def=" ".join(str(entry["en_def"]).split()),
                zh_def=" ".join(str(entry["zh_def"]).split()),
                api=(api,) if isinstance(api, str) else tuple(str(name) for name in api),
                chapter=int(entry["chapter"]) if entry.get("chapter") is not None else None,
                avoid=(avoid,) if isinstance(avoid, str) else tuple(str(word) for word in avoid),
            )
        )
    return sorted(terms, key=sort_key)


def check(terms: list[Term] | None = None) -> list[str]:
    """Problems of the data file: duplicate terms or anchors, unknown APIs or chapters."""
    terms = load() if terms is None else terms
    problems = []
    for attribute in ("en", "zh", "anchor"):
        seen: dict[str, str] = {}
        for term in terms:
            value = getattr(term, attribute)
            if value in seen:
                problems.append(f"{term.en}: {attribute} {value!r} is also {seen[value]}'s")
            seen[value] = term.en
    chapters = set(_chapter_pages("zh")) & set(_chapter_pages("en"))
    for term in terms:
        problems += [f"{term.en}: {name!r} is not an API the site can link" for name in term.api if api_links.resolve(name) is None]
        if term.chapter is not None and term.chapter not in chapters:
            problems.append(f"{term.en}: there is no chapter {term.chapter}")
    return problems


def _chapter_pages(language: str) -> dict[int, str]:
    """Chapter number -> page file name (03 -> "03-tensors.md")."""
    found = {}
    for name in pages.pages(language):
        match = re.match(r"^(\d\d)-[\w-]+\.md$", name)
        if match:
            found[int(match[1])] = name
    return found


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _api_cell(names: tuple[str, ...]) -> str:
    cells = []
    for name in names:
        api = api_links.resolve(name)
        if api is None:
            raise GlossaryError(f"{SOURCE.name}: {name!r} is not an API the site can link (docs_tools/api_links.py)")
        cells.append(
            f'<a class="api-link" href="{htmlmod.escape(api.url)}" title="{htmlmod.escape(api.name)}">'
            f"<code>{htmlmod.escape(name)}</code></a>"
        )
    return "<br>".join(cells)


def render(language: str, terms: list[Term] | None = None) -> str:
    """The glossary of one language, as Markdown: a sentence and one table."""
    terms = load() if terms is None else terms
    chapters = _chapter_pages(language)
    rows = []
    for term in terms:
        definition = term.definition(language)
        if term.chapter is not None:
            if term.chapter not in chapters:
                raise GlossaryError(f"{SOURCE.name}: {term.en}: there is no chapter {term.chapter}")
            definition += CHAPTER_LINK[language].format(n=term.chapter, page=chapters[term.chapter])
        # Both tables: English, then Chinese; the page's own language in bold.
        en, zh = _cell(term.en), _cell(term.zh)
        en, zh = (f"**{en}**", zh) if language == "en" else (en, f"**{zh}**")
        rows.append(f'| <span id="{term.anchor}"></span>{en} | {zh} | {_cell(definition)} | {_api_cell(term.api)} |')
    return "\n".join([COUNT[language].format(count=len(terms)), "", HEADER[language], *rows, ""])


def fill(markdown: str, language: str) -> str:
    """A page's Markdown with the glossary placeholder, if any, replaced by the glossary."""
    if PLACEHOLDER not in markdown:
        return markdown
    return markdown.replace(PLACEHOLDER, render(language))


def avoided() -> dict[str, str]:
    """Variant that zh prose must not use -> the term to use instead."""
    return {word: term.zh for term in load() for word in term.avoid}


# --------------------------------------------------------------------------- terminology in zh prose

# What is not prose, blanked out before looking for avoided variants (newlines
# kept, so line numbers stay right): code (fenced blocks, which include the
# notes quoted in erratum boxes as ```text, and inline code), formulas, HTML
# comments and tags, link targets, bare URLs, and quotations (「…」, “…”, 『…』).
_NOT_PROSE = [
    pages.FENCE,
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S),
    re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.S),
    re.compile(r"「[^」]*」|“[^”]*”|『[^』]*』"),
    re.compile(r"(?<=\])\([^)\s]*(?:\s+\"[^\"]*\")?\)|^\[[^\]]+\]:.*$", re.M),
    re.compile(r"</?[a-zA-Z][^>]*>"),
    re.compile(r"https?://\S+"),
]
# In headings, an English name in parentheses: "## 广播（Broadcasting）".
_HEADING_ENGLISH = re.compile(r"^(#{1,6}[ \t].*)$", re.M)
_ENGLISH_IN_PARENS = re.compile(r"（[\x20-\x7e]+）|\([\x20-\x7e]+\)")


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match[0])


def prose(text: str) -> str:
    """A zh page's Markdown with everything but its prose blanked (same length, same lines)."""
    for pattern in _NOT_PROSE:
        text = pattern.sub(_blank, text)
    return _HEADING_ENGLISH.sub(lambda m: _ENGLISH_IN_PARENS.sub(_blank, m[0]), text)


def _variant_pattern(word: str) -> re.Pattern:
    if re.fullmatch(r"[A-Za-z][A-Za-z -]*", word):
        # An English word on its own: not part of a name (LongTensor, torch.Tensor, 03-tensors).
        return re.compile(rf"(?<![\w./-]){re.escape(word)}s?(?![\w/-])", re.I)
    return re.compile(re.escape(word))


def offenders(text: str, terms: list[Term] | None = None) -> list[tuple[int, str, str]]:
    """(line, variant, term to use) for each avoided variant in a zh page's prose.

    The first use of a term may give the variant in parentheses right after
    it: 张量（tensor） is fine.
    """
    terms = load() if terms is None else terms
    visible = prose(text)
    found = []
    for term in terms:
        # 张量（tensor）, `张量`（tensor）, **张量**（tensor）
        introduced = re.compile(rf"{re.escape(term.zh)}[`*_]*[（(]$")
        for word in term.avoid:
            for match in _variant_pattern(word).finditer(visible):
                if introduced.search(text, max(0, match.start() - len(term.zh) - 4), match.start()):
                    continue
                found.append((visible.count("\n", 0, match.start()) + 1, match[0], term.zh))
    return sorted(found)
