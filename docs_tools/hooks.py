"""MkDocs hooks: the checks and generated parts that every chapter shares.

- on_config: every page exists in both languages, or the build stops.
- on_pre_build: figures are regenerated from their scripts (docs_tools.figures),
  and each chapter's notebook is written from its page and snippets
  (docs_tools.notebooks); mkdocs-jupyter's cache is kept across both languages.
- on_files: notebooks become pages again after mkdocs-static-i18n rebuilt the
  file list (it turns them into plain files: raw JSON in place of the page).
- on_page_markdown: snippet includes are replaced by the files' text in the
  page's language (docs_tools.reader_code); each generated figure gets a
  caption naming its script;
  each chapter page links to its notebook (view and download); the home
  pages' version placeholders are filled in (docs_tools.versions); the
  compatibility page's table and a chapter's "prints differently on another
  release" line come from compat/report.json (docs_tools.compat_page).
  The 术语表 / Glossary pages are filled from docs/glossary.yml
  (docs_tools.glossary), the 勘误表 / Errata pages from the chapters'
  erratum boxes (docs_tools.errata).
- on_page_content: doctest output lines are marked, so the copy button copies
  only the code (see docs/assets/stylesheets/doctest.css); notebook pages lose
  nbconvert's inlined stylesheet and third-party scripts, get Material code
  blocks, rendered formulas and working heading anchors.
  On every other page, the first mention of each torch / torchvision API
  links to its official documentation (docs_tools.api_links).
- on_page_context: the search index gets doctest code without its output;
  notebook pages stay out of it; their language switch leads to the other
  language's notebook.
- on_post_page: formulas are rendered with KaTeX at build time
  (docs_tools.katex); every page gets the "verified with" stamp; English
  pages search the English index; notebook pages get their .ipynb download.
- on_post_build: KaTeX's stylesheet and fonts are copied into the site, and
  each language gets its own search index (Chinese at /search/, English at
  /en/search/) instead of mkdocs-static-i18n's merged one.
"""

from __future__ import annotations

import html as htmlmod
import json
import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from pymdownx.slugs import slugify

from docs_tools import figures, generate, katex, notebooks, pages, reader_code, versions
from docs_tools import api_links, compat_page, errata, glossary

log = logging.getLogger("mkdocs.hooks.docs_tools")

_figure_scripts: dict[str, str] = {}  # "03-tensors/broadcast.svg" -> "snippets/03-tensors/fig_broadcast.py"

CAPTION = {
    "zh": "图：由 <code>{script}</code> 生成",
    "en": "Figure drawn by <code>{script}</code>",
}
NOTEBOOK_LINKS = {
    "zh": "本章的代码也可以作为 Jupyter notebook 运行：[在线查看]({view}) · {download}",
    "en": "This chapter's code is also a Jupyter notebook: [view it online]({view}) · {download}",
}
DOWNLOAD = {"zh": "下载 {name}", "en": "download {name}"}
NOTEBOOK_TITLE = {"zh": "{title}（notebook）", "en": "{title} (notebook)"}
BACK_TO_PAGE = {"zh": '返回网页：<a href="{page}">{title}</a>', "en": 'Back to the page: <a href="{page}">{title}</a>'}
STAMP = {
    "zh": "验证环境：{stamp}。这是构建本站的环境，本页的例子在其中通过测试。",
    "en": "Verified with {stamp}: the environment that built this site, in which this page's examples pass their tests.",
}
# Placeholders a page may use; the build fills them from the environment.
PLACEHOLDERS = {
    "{{ torch_version }}": lambda: versions.verified()["torch"],
    "{{ torchvision_version }}": lambda: versions.verified()["torchvision"],
    "{{ python_version }}": lambda: versions.verified()["python"],
}


def _language(config) -> str:
    return config["theme"]["language"]


def on_config(config, **kwargs):
    missing = pages.missing_translations()
    if missing:
        raise PluginError("every page needs both languages:\n  " + "\n  ".join(missing))
    return config


def _generate(config, **kwargs):
    try:
        made = generate.generate_all(log=log.info)
    except generate.GenerationError as error:
        raise PluginError(str(error)) from error
    _figure_scripts.clear()
    for figure, script in made.items():
        key = figure.relative_to(figures.OUTPUT).as_posix()
        _figure_scripts[key] = script.relative_to(pages.ROOT).as_posix()


# mkdocs-jupyter caches each rendered notebook (.cache/mkdocs-jupyter/), which
# saves most of a warm build. But mkdocs-static-i18n builds each language in
# turn, and mkdocs-jupyter evicts, after each build, the entries that build did
# not use: each language would evict the other's, and nothing would ever hit.
# So its eviction is held back during the builds, and done here once, at the
# end, keeping the entries that either language used.
_notebook_cache_used: set = set()


def _outermost_build(config) -> bool:
    i18n = config.plugins.get("i18n")
    return not (i18n is not None and getattr(i18n, "building", False))


@event_priority(-10)  # after mkdocs-jupyter (0) reset its record of the entries used
def _notebook_cache_on(config, **kwargs):
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None:
        return
    plugin._configured_cache = getattr(plugin, "_configured_cache", plugin.config["cache"])
    plugin.config["cache"] = plugin._configured_cache
    if _outermost_build(config):
        _notebook_cache_used.clear()


on_pre_build = CombinedEvent(_generate, _notebook_cache_on)


@event_priority(10)  # before mkdocs-jupyter (0) would evict the other language's entries
def _notebook_cache_hold(config, **kwargs):
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is not None and getattr(plugin, "_configured_cache", False):
        _notebook_cache_used.update(plugin._used_cache_paths)
        plugin.config["cache"] = False  # its on_post_build evicts nothing now


@event_priority(-200)  # after every language has been built
def _notebook_cache_evict(config, **kwargs):
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None or not getattr(plugin, "_configured_cache", False) or not _outermost_build(config):
        return
    folder = Path(plugin.config["cache_dir"])
    used = {Path(path).resolve() for path in _notebook_cache_used}
    for entry in folder.glob("*.json") if folder.is_dir() else []:
        if entry.resolve() not in used:
            entry.unlink()
    plugin.config["cache"] = True


# --------------------------------------------------------------------------- notebooks as pages


def _is_notebook(file: File) -> bool:
    parts = Path(file.src_uri).parts
    return len(parts) == 3 and parts[0] in pages.LANGUAGES and parts[1] == notebooks.FOLDER and file.src_uri.endswith(".ipynb")


class _NotebookPage(File):
    """A File that MkDocs builds as a page; mkdocs-jupyter renders its content."""

    def is_documentation_page(self) -> bool:
        return True

    def is_static_page(self) -> bool:
        return False


@event_priority(-110)  # after mkdocs-static-i18n (-100), which rebuilds the file list
def on_files(files, config, **kwargs):
    for file in files:
        if _is_notebook(file) and not file.is_documentation_page():
            # mkdocs-jupyter wrapped the file as a page; mkdocs-static-i18n then
            # replaced it with a plain File, which MkDocs would copy as it is
            # (the notebook's JSON under .../index.html). Make it a page again;
            # the i18n plugin already gave it its language's URL.
            file.__class__ = _NotebookPage
    return files


# --------------------------------------------------------------------------- markdown


_FIGURE_IMAGE = re.compile(r"^(?P<image>!\[[^\]]*\]\((?:\.\./)*assets/figures/(?P<key>[^)\s]+\.svg)\))(?P<attrs>\{[^}]*\})?[ \t]*$", re.M)
_H1 = re.compile(r"^# .*$", re.M)


def _notebook_file(files, language: str, name: str) -> File | None:
    wanted = f"{language}/{notebooks.FOLDER}/{name.replace('.md', '.ipynb')}"
    return next((f for f in files if f.src_uri == wanted), None)


def _notebook_links(markdown: str, page, language: str, files) -> str:
    name = Path(page.file.src_uri).name
    notebook = _notebook_file(files, language, name)
    if notebook is None:
        raise PluginError(f"{page.file.src_uri}: its notebook {notebooks.page_link(name)} was not generated")
    ipynb = notebook.url + Path(notebook.src_uri).name  # written beside the page (_write_download)
    download = (
        f'<a href="{get_relative_url(ipynb, page.file.url)}" download>'
        f"{DOWNLOAD[language].format(name=Path(notebook.src_uri).name)}</a>"
    )
    links = NOTEBOOK_LINKS[language].format(view=notebooks.page_link(name), download=download)
    block = f'\n\n<div class="notebook-links" data-search-exclude markdown>\n\n{links}\n\n</div>\n'
    heading = _H1.search(markdown)
    if heading is None:
        return block.lstrip("\n") + "\n" + markdown
    return markdown[: heading.end()] + block + markdown[heading.end() :]


def on_page_markdown(markdown, page, config, files, **kwargs):
    language = _language(config)
    try:
        markdown = reader_code.expand_includes(markdown, language, f"docs/{page.file.src_uri}")
    except reader_code.SnippetError as error:
        raise PluginError(str(error)) from error

    def caption(match: re.Match) -> str:
        script = _figure_scripts.get(match["key"])
        if script is None:
            raise PluginError(
                f"{page.file.src_uri}: image assets/figures/{match['key']} is not drawn by any snippets/*/fig_*.py script"
            )
        attrs = match["attrs"] or '{ loading="lazy" }'
        return f"{match['image']}{attrs}\n<br><small class=\"figure-source\">{CAPTION[language].format(script=script)}</small>"

    markdown = _FIGURE_IMAGE.sub(caption, markdown)
    for placeholder, value in PLACEHOLDERS.items():
        markdown = markdown.replace(placeholder, value())
    try:  # the 术语表 / Glossary and 勘误表 / Errata pages' {{ glossary }} and {{ errata }}
        markdown = errata.fill(glossary.fill(markdown, language), language, config)
    except (glossary.GlossaryError, errata.ErrataError) as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from error
    # 版本兼容性 / Version compatibility's {{ compat_report }}, and a note on each chapter
    # whose examples print differently on another release (compat/report.json).
    markdown = compat_page.fill(markdown, page.file.src_uri, language)
    if notebooks.CHAPTER.match(Path(page.file.src_uri).name) and not _is_notebook(page.file):
        markdown = _notebook_links(markdown, page, language, files)
    return markdown


# --------------------------------------------------------------------------- HTML content


_PYCON_BLOCK = re.compile(r'(<div class="language-pycon highlight">.*?</code></pre></div>)', re.S)
_LINE = re.compile(r'<span id="(__span-\d+-\d+)">(?!<span class="gp">)')
# nbconvert's page template loads MathJax (and, for diagrams, mermaid) from a CDN.
_NB_THIRD_PARTY = re.compile(
    r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->"
    r"|<script type=\"module\">\s*document\.addEventListener\(\"DOMContentLoaded\", async \(\) => \{\s*const diagrams.*?</script>",
    re.S,
)
_NB_STYLE_OR_SCRIPT = re.compile(r"<style\b[^>]*>.*?</style>|<script\b[^>]*>.*?</script>", re.S)
_NB_CLIPBOARD = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>|<div class="clipboard-copy-txt"[^>]*>.*?</div>', re.S
)
# nbconvert's highlighted code: code cells ("highlight-ipynb hl-python") and
# fenced code in Markdown cells ("highlight"); Material wants <pre><code>.
_NB_CODE_BLOCK = re.compile(
    r'<div class="highlight(?:-ipynb hl-(?P<lang>[\w-]+))?"><pre><span></span>(?P<code>.*?)</pre></div>', re.S
)
_NB_HEADING = re.compile(r'<h(?P<level>[1-6]) id="(?P<id>[^"]*)">(?P<text>.*?)<a class="anchor-link" href="#[^"]*">¶</a></h(?P=level)>', re.S)
_TAG_SPLIT = re.compile(r"(<[^>]*>)")
_TAG = re.compile(r"<(?P<end>/?)(?P<name>[a-zA-Z][\w-]*)\b[^>]*>")
_CODE_TAGS = {"pre", "code", "script", "style"}
_NB_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_NB_INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])(.+?)(?<![\s\\])\$")
_SLUGIFY = slugify(case="lower")


def _notebook_content(html: str, page, language: str) -> str:
    where = page.file.src_uri
    # nbconvert inlines JupyterLab's whole stylesheet (575 KB) and scripts, some
    # loading from a CDN, into every notebook: drop them all and let Material
    # (plus docs/assets/stylesheets/notebook.css) style the cells like the pages.
    html = _NB_THIRD_PARTY.sub("", html)
    html = _NB_STYLE_OR_SCRIPT.sub("", html)
    html = _NB_CLIPBOARD.sub("", html)
    html = _NB_CODE_BLOCK.sub(
        lambda m: f'<div class="language-{m["lang"] or "text"} highlight"><pre><span></span><code>{m["code"]}</code></pre></div>',
        html,
    )

    def math_in_text(text: str) -> str:
        text = _NB_DISPLAY_MATH.sub(lambda m: katex.render_tex(htmlmod.unescape(m[1]), True, where), text)
        return _NB_INLINE_MATH.sub(lambda m: katex.render_tex(htmlmod.unescape(m[1]), False, where), text)

    # nbconvert leaves Markdown cells' $...$ and $$...$$ as text for MathJax:
    # render them like the pages' formulas, in text outside code.
    parts = []
    code_depth = 0
    try:
        for part in _TAG_SPLIT.split(html):
            tag = _TAG.fullmatch(part)
            if tag:
                if tag["name"].lower() in _CODE_TAGS:
                    code_depth += -1 if tag["end"] else 1
            elif code_depth <= 0 and "$" in part:
                part = math_in_text(part)
            parts.append(part)
    except katex.MathError as error:
        raise PluginError(str(error)) from error
    html = "".join(parts)

    # mkdocs-jupyter's slugs drop non-ASCII text (Chinese headings get empty ids)
    # and its table of contents uses other ids again: use the pages' slugs for both.
    seen: dict[str, int] = {}
    tokens: list[dict] = []

    def heading(match: re.Match) -> str:
        text = re.sub(r"<[^>]+>", "", match["text"]).strip()
        slug = _SLUGIFY(htmlmod.unescape(text), "-") or "section"
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchor = slug if count == 0 else f"{slug}_{count}"
        tokens.append({"level": int(match["level"]), "id": anchor, "name": text, "children": []})
        return (
            f'<h{match["level"]} id="{anchor}">{match["text"]}'
            f'<a class="headerlink" href="#{anchor}" title="Permanent link">¶</a></h{match["level"]}>'
        )

    html = _NB_HEADING.sub(heading, html)
    nested: list[dict] = []
    stack: list[dict] = []
    for token in tokens:
        if token["level"] == 1:
            continue  # the page title
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else nested).append(token)
        stack.append(token)
    page.toc = get_toc(nested)

    chapter = page.file.src_uri.split("/")[-1].replace(".ipynb", ".md")
    title = page.title or chapter
    # The chapter page is two levels up: <language root>/notebooks/<chapter>/ -> <language root>/<chapter>/
    back = BACK_TO_PAGE[language].format(title=htmlmod.escape(title), page=f"../../{chapter.replace('.md', '/')}")
    name = Path(page.file.src_uri).name
    download = f'<a href="{name}" download>{DOWNLOAD[language].format(name=name)}</a>'
    header = f'<p class="notebook-links" data-search-exclude>{back} · {download}</p>\n'
    return header + html


def on_page_content(html, page, config, **kwargs):
    """Mark doctest output lines (the copy button leaves them out); tidy notebook pages."""

    def mark(block: re.Match) -> str:
        return _LINE.sub(r'<span id="\1" class="doctest-output">', block[1])

    html = _PYCON_BLOCK.sub(mark, html)
    if _is_notebook(page.file):
        html = _notebook_content(html, page, _language(config))
    else:  # the first mention of each torch / torchvision API links to its documentation
        html = api_links.link(html)
    return html


@event_priority(100)  # before Material's search plugin indexes the page
def _notebook_search_and_title(context, page, config, nav, **kwargs):
    if _is_notebook(page.file):
        # The notebook repeats its chapter page: keep search results to the page.
        page.meta.setdefault("search", {})["exclude"] = True
        page.title = NOTEBOOK_TITLE[_language(config)].format(title=page.title)
    return context


@event_priority(10)  # after mkdocs-static-i18n (50) set the language switch's links
def _notebook_language_switch(context, page, config, nav, **kwargs):
    """The language switch of a notebook page leads to the same notebook in the other language.

    mkdocs-static-i18n knows notebooks only as plain files (see on_files), so
    it would send the English notebook's readers to the Chinese home page.
    """
    if _is_notebook(page.file):
        name = Path(page.file.src_uri).stem
        # mkdocs-static-i18n sets the attribute (config.extra.alternate), which
        # the theme's templates read before the "alternate" key.
        for alternate in getattr(config.extra, "alternate", None) or []:
            alternate["link"] = f"{_language_root(alternate['lang'])}{notebooks.FOLDER}/{name}/"
    return context


# What a doctest block shows besides its code: prompts and output lines.
_DOCTEST_NOISE = re.compile(r'<span id="__span-[\d-]+" class="doctest-output">.*?\n</span>|<span class="gp">[^<]*</span>', re.S)


@event_priority(100)  # before Material's search plugin indexes page.content
def _index_code_not_output(context, page, config, nav, **kwargs):
    """The search index gets doctest blocks' code, not their prompts and printed tensors.

    Every page loads its language's index, and outputs were about a quarter of it.
    """
    page._page_content = page.content
    page.content = _DOCTEST_NOISE.sub("", page.content)
    return context


@event_priority(-50)  # after the search plugin: the page itself shows everything
def _restore_after_indexing(context, page, config, nav, **kwargs):
    if hasattr(page, "_page_content"):
        # As the search plugin does to the content it indexed.
        page.content = re.sub(r'\s?data-search-\w+="[^"]+"', "", page._page_content)
        del page._page_content
    return context


on_page_context = CombinedEvent(
    _notebook_search_and_title, _index_code_not_output, _notebook_language_switch, _restore_after_indexing
)


def on_template_context(context, template_name, config, **kwargs):
    """404.html is rendered after the pages, with the last page's language links: use the language roots."""
    i18n = config.plugins.get("i18n")
    if template_name == "404.html" and i18n is not None and getattr(i18n, "extra_alternate", None):
        config.extra.alternate = [dict(alternate) for alternate in i18n.extra_alternate]
    return context


# --------------------------------------------------------------------------- whole pages


_ARTICLE_END = re.compile(r"(</article>)")
_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{.*?"base": )"([^"]*)"')


def _language_root(language: str) -> str:
    """Where a language's pages live inside the site ("" for the default language)."""
    return "" if language == pages.LANGUAGES[0] else f"{language}/"


def _write_download(page, language: str) -> None:
    """The notebook's .ipynb, figures attached, beside its rendered page (for the download links)."""
    stem = Path(page.file.src_uri).stem
    target = Path(page.file.abs_dest_path).parent / f"{stem}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(notebooks.download_text(language, f"{stem}.md"), encoding="utf-8")


def on_post_page(output, page, config, **kwargs):
    language = _language(config)
    where = page.file.src_uri
    if _is_notebook(page.file):
        _write_download(page, language)
    try:
        output, count = katex.render_arithmatex(output, where)
    except katex.MathError as error:
        raise PluginError(str(error)) from error
    if count or "katex" in output:
        css = get_relative_url(katex.STYLESHEET, page.url)
        output = output.replace("</head>", f'<link rel="stylesheet" href="{css}">\n</head>', 1)
    stamp = STAMP[language].format(stamp=htmlmod.escape(versions.stamp_text(language)))
    output = _ARTICLE_END.sub(
        lambda m: f'<p class="verified-stamp" data-search-exclude><small>{stamp}</small></p>\n{m[1]}', output, count=1
    )
    # mkdocs-static-i18n links each page to its translation in <head> (rel=alternate);
    # Material takes those links for site roots and fetches <link>/sitemap.xml
    # (a 404 and a console error on every page). The hreflang alternates stay in
    # the site's sitemap.xml, and the language switch links to the same page.
    output = _HEAD_ALTERNATE.sub("", output)
    # Material loads its search index from <base>/search/: point each language's
    # pages at their own language's index (written in on_post_build).
    root = _language_root(language)
    if root:
        base = get_relative_url(root, page.url) if page.url else "."
        output = _CONFIG_BASE.sub(lambda m: f'{m[1]}"{base.rstrip("/") or "."}"', output, count=1)
    return output


def on_post_template(output, template_name, config, **kwargs):
    if template_name == "404.html":
        output = _HEAD_ALTERNATE.sub("", output)
    return output


# --------------------------------------------------------------------------- after the build


_search_entries: dict[str, dict] = {}  # location -> entry, over every language built
_search_config: dict = {}


@event_priority(-50)  # after Material's search plugin has indexed this language's pages
def _capture_search(config, **kwargs):
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not hasattr(plugin, "search_index"):
        return
    for entry in plugin.search_index.entries:
        _search_entries[entry["location"]] = entry
    _search_config.update({key: plugin.config[key] for key in ("lang", "separator", "pipeline", "fields")})


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language and merged the indexes
def _write_search(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a nested language build; the outermost build writes the indexes
    if not _search_entries:
        return
    site = Path(config.site_dir)
    for language in pages.LANGUAGES:
        root = _language_root(language)
        others = tuple(_language_root(other) for other in pages.LANGUAGES if _language_root(other))
        if root:
            docs = [dict(e, location=e["location"][len(root) :]) for loc, e in _search_entries.items() if loc.startswith(root)]
        else:
            docs = [e for loc, e in _search_entries.items() if not loc.startswith(others)]
        # Each index names its own language (the merged one named both). No
        # stemmer: Material searches as you type with a trailing wildcard, and
        # lunr skips the pipeline for wildcard terms, so a stemmed index would
        # miss "broadcasting" ("broadcast" in the index). Stop words go, as in
        # Material's English default. The Chinese pages are full of English
        # API names, so their index handles English words too.
        lang = ["en"] if language == "en" else [language, "en"]
        index = {"config": dict(_search_config, lang=lang, pipeline=["stopWordFilter"]), "docs": docs}
        path = site / root / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    _search_entries.clear()


def _copy_katex(config, **kwargs):
    try:
        katex.copy_assets(Path(config.site_dir))
    except katex.MathError as error:
        raise PluginError(str(error)) from error


on_post_build = CombinedEvent(_notebook_cache_hold, _capture_search, _write_search, _copy_katex, _notebook_cache_evict)
