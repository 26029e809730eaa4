"""The 术语表 / Glossary pages, built from docs/glossary.yml, and the checks that keep zh prose to its terms.

docs/glossary.yml lists each term once, in both languages: the Chinese and
English term, a one-line definition in each language, the API that implements
it (if any), the chapter that first teaches it, the other Chinese names a
reader meets in the Chinese references (``also``: d2l-zh, the Chinese PyTorch
documentation) and the Chinese variants that no reference uses (``avoid``).

docs/zh/glossary.md and docs/en/glossary.md are short committed pages (title,
a few lines of introduction) holding the placeholder ``{{ glossary }}``;
docs_tools/hooks.py (on_page_markdown) replaces it with ``render(language)``:
one table, the same rows in the same order in both languages (sorted by the
English term, case and punctuation ignored), each term with an anchor
``#term-<english-slug>`` that is the same in both languages, its other Chinese
names (其他译法 / Also written), its API linked to the official documentation
(docs_tools.content.api_links) and its chapter linked. The other names are page text,
so the site's search finds a term by any of them (汇聚层 finds 池化).

``render(language)`` is usable outside a build too (e.g. ``python -m
docs_tools``); ``check()`` lists what is wrong with the data file.

``offenders(text)`` is what tests/test_terminology.py runs on every zh page:
the places where zh prose (code, formulas, quotations 「」“”『』, the notes
quoted in ```text blocks, link targets and the notes' own headings left out)

1. uses a variant listed under ``avoid``. Chinese variants are matched as
   words, not substrings: the text is segmented with jieba (its own
   dictionary plus every Chinese name of the glossary, so 就地 in 就地取材 or
   汇聚 in 汇聚成 is not a hit) and a variant counts only where it starts and
   ends on word boundaries. English variants are matched as whole words.
2. writes an English glossary term (the ``en`` name, without its
   parenthesised abbreviation: "shape", "batch size", "early stopping") as a
   word of prose. Not counted: the English inside parentheses right after
   Chinese text that contains the term (形状（shape）, 损失曲线（loss curve）,
   批量规范化（batch normalization，也译作批量归一化）), English that is part
   of a name (LongTensor, batch_size, loss/train, nn.Flatten), and terms
   whose Chinese name contains the English (ReLU, Dropout, DataLoader).
3. breaks the normalization rule (NORMALIZATION below).
"""

from __future__ import annotations

import html as htmlmod
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from docs_tools import pages
from docs_tools.content import api_links

SOURCE = pages.DOCS / "glossary.yml"
PLACEHOLDER = "{{ glossary }}"
LANGUAGES = pages.LANGUAGES

HEADER = {
    "zh": "| 英文 | 中文 | 其他译法 | 释义 | API |\n| --- | --- | --- | --- | --- |",
    "en": "| Term | Chinese | Also written | Definition | API |\n| --- | --- | --- | --- | --- |",
}
CHAPTER_LINK = {"zh": "（[第 {n} 章]({page})）", "en": " ([chapter {n}]({page}))"}
COUNT = {
    "zh": "共 {count} 个术语，按英文名排序。点击 API 名称可打开 PyTorch 官方文档中对应的页面。",
    "en": "{count} terms, sorted by their English name. An API name opens its page in the official PyTorch documentation.",
}
ALSO_SEPARATOR = {"zh": "、", "en": ", "}
FIELDS = ("en", "zh", "en_def", "zh_def")
OPTIONAL = ("api", "chapter", "also", "avoid")

# The one rule for the normalization words (docs/glossary.yml's header and
# the glossary pages' introductions say the same):
NORMALIZATION = {
    "标准化": "standardization: subtract the mean, divide by the standard deviation (transforms.Normalize, z-score)",
    "归一化": "normalization: scale into a fixed range or to unit sum or norm (min-max to [0, 1], softmax, F.normalize)",
    "规范化": "only in 批量规范化 (batch normalization) and 层规范化 (layer normalization)",
}


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
    also: tuple[str, ...] = field(default=())
    avoid: tuple[str, ...] = field(default=())

    @property
    def anchor(self) -> str:
        """The row's id, the same on both pages: term-<english slug>."""
        return "term-" + slug(self.en)

    def term(self, language: str) -> str:
        return self.zh if language == "zh" else self.en

    def definition(self, language: str) -> str:
        return self.zh_def if language == "zh" else self.en_def

    @property
    def zh_names(self) -> tuple[str, ...]:
        """The Chinese names as prose writes them: 训练模式 / 评估模式 -> both, 轮（epoch） -> 轮."""
        return tuple(_strip_gloss(name) for name in self.zh.split(" / ")) + self.also

    @property
    def english_words(self) -> tuple[str, ...]:
        """The English names that zh prose must not write as words.

        "mean squared error (MSE)" -> "mean squared error" (abbreviations and
        API names in parentheses stay usable); "squeeze / unsqueeze" -> both;
        none where the Chinese name holds the English (ReLU, Dropout 的 zh 是 Dropout).
        """
        words = []
        for name in self.en.split(" / "):
            name = re.sub(r"\s*\([^)]*\)", "", name).strip()
            if name and not re.search(re.escape(name), self.zh, re.I) and re.fullmatch(r"[A-Za-z][A-Za-z0-9 -]*", name):
                words.append(name)
        return tuple(words)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def sort_key(term: Term) -> str:
    return re.sub(r"[^a-z0-9 ]", "", term.en.lower())


def _strip_gloss(name: str) -> str:
    return re.sub(r"[（(][^（）()]*[）)]$", "", name.strip()).strip()


def _names(entry: dict, key: str) -> tuple[str, ...]:
    value = entry.get(key) or ()
    return (str(value),) if isinstance(value, str) else tuple(str(item) for item in value)


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
        terms.append(
            Term(
                en=str(entry["en"]).strip(),
                zh=str(entry["zh"]).strip(),
                en_def=" ".join(str(entry["en_def"]).split()),
                zh_def=" ".join(str(entry["zh_def"]).split()),
                api=_names(entry, "api"),
                chapter=int(entry["chapter"]) if entry.get("chapter") is not None else None,
                also=_names(entry, "also"),
                avoid=_names(entry, "avoid"),
            )
        )
    return sorted(terms, key=sort_key)


def check(terms: list[Term] | None = None) -> list[str]:
    """Problems of the data file: duplicates, unknown APIs or chapters, avoided names that are also names of a term."""
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
        problems += [f"{term.en}: {name!r} is listed twice under also" for name in set(term.also) if term.also.count(name) > 1]
    own = {term.zh: term.en for term in terms}
    problems += [
        f"{term.en}: also {name!r} is the Chinese term of {own[name]}"
        for term in terms
        for name in term.also
        if name in own and own[name] != term.en
    ]
    problems += avoided_names(terms)
    return problems


def avoided_names(terms: list[Term] | None = None) -> list[str]:
    """Variants listed under avoid that are a name of some term (its zh, or one of its also): none may be."""
    terms = load() if terms is None else terms
    names = {name: term.en for term in terms for name in (*term.zh_names, term.zh)}
    return [
        f"{term.en}: avoids {word!r}, which is a name of {names[word]} (zh or also)"
        for term in terms
        for word in term.avoid
        if word in names
    ]


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
            raise GlossaryError(f"{SOURCE.name}: {name!r} is not an API the site can link (docs_tools/content/api_links.py)")
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
        also = _cell(ALSO_SEPARATOR[language].join(term.also))
        rows.append(
            f'| <span id="{term.anchor}"></span>{en} | {zh} | {also} | {_cell(definition)} | {_api_cell(term.api)} |'
        )
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

# Headings of the zh pages that are the notes' own headings (or, in chapter 9,
# the notes' list items the page turned into headings), kept as the notes
# wrote them even where they use an English word: page heading -> the notes'
# text it comes from (tests/test_terminology.py checks the latter against the
# notes when ../shared/seed is there). The whole heading line is left out.
NOTES_HEADINGS = {
    "梯度下降 Gradient Descent": "- 梯度下降 Gradient Descent",
    "view reshape": "#### view reshape",
    "unsqueeze": "#### unsqueeze",
    "squeeze": "#### squeeze",
    "expand": "#### expand",
    "repeat": "#### repeat",
    "transpose": "#### transpose",
    "min、max、sum、mean、prod、argmax、argmin": "- min，max，sum，mean（均值），prod（累乘），argmax（最大值索引），argmin（最小值索引）",
    "Early Stopping 与 Dropout": "### Early Stopping、Dropout",
    "Early Stopping": "### Early Stopping、Dropout",
    "parameters：网络的参数": "- parameters 返回 net 的所有参数",
}

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
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M)
# In headings, an English name in parentheses: "## 广播（Broadcasting）".
_ENGLISH_IN_PARENS = re.compile(r"（[\x20-\x7e]+）|\([\x20-\x7e]+\)")


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match[0])


def _heading(match: re.Match) -> str:
    if match[2] in NOTES_HEADINGS:
        return _blank(match)
    return _ENGLISH_IN_PARENS.sub(_blank, match[0])


def prose(text: str) -> str:
    """A zh page's Markdown with everything but its prose blanked (same length, same lines)."""
    for pattern in _NOT_PROSE:
        text = pattern.sub(_blank, text)
    return _HEADING.sub(_heading, text)


# ---- 1. avoided variants, as words


@lru_cache(maxsize=8)
def _segmenter(words: tuple[str, ...]):
    """A jieba tokenizer of its own (the search index's jieba is left as it is) that knows the glossary's names."""
    import logging

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jieba imports pkg_resources
        import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in words:
        tokenizer.add_word(word)
    return tokenizer


def word_boundaries(text: str, terms: list[Term]) -> tuple[set[int], set[int]]:
    """Where jieba's words start and end in `text` (its dictionary plus every Chinese name of the glossary)."""
    words = {name for term in terms for name in (*term.zh_names, *term.avoid) if re.search(r"[\u4e00-\u9fff]", name)}
    tokenizer = _segmenter(tuple(sorted(words)))
    starts, ends = set(), set()
    for _, start, end in tokenizer.tokenize(text, HMM=False):
        starts.add(start)
        ends.add(end)
    return starts, ends


def _english_pattern(word: str) -> re.Pattern:
    """An English word or phrase on its own (not part of a name: LongTensor, torch.Tensor, batch_size, loss/train, transforms.Compose)."""
    body = r"[ \t-]+".join(re.escape(part) for part in re.split(r"[ -]+", word))
    plural = r"(?:ies|y)" if word.endswith("y") and body.endswith("y") else ""
    body = body[:-1] + plural if plural else body + r"(?:e?s)?"
    return re.compile(rf"(?<![\w./\\-]){body}(?![\w/\\-]|\.\w)", re.I)


# Chinese text, then an open parenthesis whose English gloss reaches the match:
# 形状（shape）, 交叉熵损失（Cross Entropy Loss）, 四舍六入五成双（银行家舍入，round half to even）.
_GLOSSED = re.compile(r"([\u4e00-\u9fff]{1,12})[`*_]*[（(][^（）()\n]{0,40}$")


def _glossed(text: str, start: int, names: tuple[str, ...]) -> bool:
    """True when text[start:] is inside a parenthesis right after Chinese that holds one of the names: 形状（shape）."""
    before = _GLOSSED.search(text, max(0, start - 60), start)
    return before is not None and any(name in before[1] for name in names)


def _keep_longest(found: list[tuple]) -> list[tuple]:
    """Of overlapping hits (batch in batch size), the longest; a hit whose last item is True is allowed (glossed)
    and dropped, but still hides the shorter hits inside it (normalization in 批量规范化（batch normalization）)."""
    kept: list[tuple] = []
    for hit in sorted(found, key=lambda hit: (hit[0], -(hit[1] - hit[0]))):
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return [hit[:4] for hit in kept if not (len(hit) > 4 and hit[4])]


def avoided_variants(text: str, terms: list[Term] | None = None, visible: str | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, variant, term to use) for each avoided variant in the prose of a zh page."""
    terms = load() if terms is None else terms
    visible = prose(text) if visible is None else visible
    starts, ends = word_boundaries(visible, terms)
    found = []
    for term in terms:
        for word in term.avoid:
            chinese = bool(re.search(r"[\u4e00-\u9fff]", word))
            pattern = re.compile(re.escape(word)) if chinese else _english_pattern(word)
            for match in pattern.finditer(visible):
                if chinese and not (match.start() in starts and match.end() in ends):
                    continue  # part of a longer word
                glossed = _glossed(text, match.start(), term.zh_names)
                found.append((match.start(), match.end(), match[0], term.zh, glossed))
    return _keep_longest(found)


# ---- 2. English glossary terms in zh prose


def english_terms(text: str, terms: list[Term] | None = None, visible: str | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, English word, what to write) for each English glossary term written as a word of zh prose."""
    terms = load() if terms is None else terms
    visible = prose(text) if visible is None else visible
    found = []
    for term in terms:
        for word in term.english_words:
            for match in _english_pattern(word).finditer(visible):
                glossed = _glossed(text, match.start(), term.zh_names)
                found.append((match.start(), match.end(), match[0], f"{term.zh}（API 名称则写成代码 `{match[0]}`）", glossed))
    return _keep_longest(found)


# ---- 3. the normalization words

# A clause: what lies between full-width punctuation (or ; ! ? and line ends).
_CLAUSE = re.compile(r"[^，。；：！？;!?\n]+")
# 批量规范化 / 层规范化 written another way (批量归一化, 批标准化, 层归一化, 批规范化 …).
# A bare 批 after a numeral or 每/这/那… is a measure word (一批标准化后的输入), not part of the term.
_NORM_LAYER_VARIANT = re.compile(
    r"(?:批量|批次|批处理|(?<![一二三四五六七八九十几每这那哪各整同上下前后首末单分逐成])批|层)(?:归一化|标准化)"
    r"|(?:批次|批处理|(?<![一二三四五六七八九十几每这那哪各整同上下前后首末单分逐成])批)规范化"
)
# Naming another translation is fine: 批量规范化（batch normalization，也译作批量归一化）.
_ALIAS = re.compile(r"(?:也译作|又译作|也译为|译作|译为|也称为?|又称为?|也叫作?|或译作?|也写作|亦称|旧译)[ \t]*$")
# What makes a clause about standardization (z-score), or about scaling into a range.
_ZSCORE_CUE = re.compile(r"(?<![\w.])Normalize\b|BatchNorm|LayerNorm|批量规范化|层规范化|标准差|[Zz]-score|[Zz] 分数")
_RANGE_CUE = re.compile(r"F\.normalize|softmax|min-max|最小-最大|\[0,\s*1\]|0 到 1|和为 1|单位长度|单位范数", re.I)


def normalization_words(text: str, visible: str | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, word, what to write) where zh prose breaks the normalization rule (NORMALIZATION)."""
    visible = prose(text) if visible is None else visible
    found = []
    for clause in _CLAUSE.finditer(visible):
        shown, raw = clause[0], text[clause.start() : clause.end()]
        taken: list[tuple[int, int]] = []

        def alias(start: int) -> bool:
            return _ALIAS.search(shown, 0, start) is not None

        for match in _NORM_LAYER_VARIANT.finditer(shown):
            taken.append(match.span())
            if not alias(match.start()):
                use = "层规范化" if match[0].startswith("层") else "批量规范化"
                found.append((clause.start() + match.start(), clause.start() + match.end(), match[0], use))
        free = [m for m in re.finditer("标准化|归一化|规范化", shown) if not any(a <= m.start() < b for a, b in taken)]
        for match in free:
            if alias(match.start()):
                continue
            word = match[0]
            if word == "规范化" and not shown[: match.start()].endswith(("批量", "层")):
                use = "标准化 或 归一化（规范化只用于批量规范化、层规范化）"
            elif word == "归一化" and _ZSCORE_CUE.search(raw):
                use = "标准化（减均值、除以标准差）"
            elif word == "标准化" and _RANGE_CUE.search(raw):
                use = "归一化（缩放到固定范围或使和、范数为 1）"
            else:
                continue
            found.append((clause.start() + match.start(), clause.start() + match.end(), word, use))
    return found


def offenders(text: str, terms: list[Term] | None = None) -> list[tuple[int, str, str]]:
    """(line, word, what to write instead) for every place a zh page's prose leaves the glossary.

    The three checks of the module docstring: avoided variants, English
    glossary terms, the normalization words.
    """
    terms = load() if terms is None else terms
    visible = prose(text)
    hits = [
        *avoided_variants(text, terms, visible),
        *english_terms(text, terms, visible),
        *normalization_words(text, visible),
    ]
    return [(visible.count("\n", 0, start) + 1, word, use) for start, _, word, use in _keep_longest(hits)]
