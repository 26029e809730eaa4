"""MkDocs hooks: they connect the docs_tools modules to MkDocs' events, and do nothing else.

- on_config: every page exists in both languages (docs_tools.pages).
- on_startup, on_files: while `properdocs serve` runs, the notebooks are
  left out, so a save shows in seconds (figures are still redrawn).
- on_pre_build: every generated input is written: figures, and the chapter
  notebooks with their outputs, as downloads and as pages
  (docs_tools.inputs.generate, also `python -m docs_tools`).
- on_page_markdown: each erratum box of a chapter becomes a one-line note,
  and the errata page gets them in full (docs_tools.content.errata); snippet includes
  in the page's language (docs_tools.reader.reader_code); figure captions, notebook
  links, version placeholders (docs_tools.render.page_additions); the glossary and
  compatibility pages and notes (docs_tools.content.glossary,
  docs_tools.compat.compat_page).
- on_page_content: doctest output lines marked for the copy button
  (docs_tools.render.page_additions); API names linked to the official
  documentation (docs_tools.content.api_links); a notebook page's table of contents
  (docs_tools.notebooks.notebook_html).
- on_page_context: the search index gets code without outputs
  (docs_tools.render.search_index).
- on_post_page: formulas rendered to MathML (docs_tools.render.formulas), the
  "verified with" stamp, English pages on the English search index.
- on_post_build: the math stylesheet and font written; one search index per
  language (docs_tools.render.search_index).

Errors from the modules become PluginError: the build stops, naming the file.
"""

from __future__ import annotations

import contextlib
import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from docs_tools import pages, plugin_internals
from docs_tools.compat import compat_page
from docs_tools.content import api_links, errata, glossary
from docs_tools.inputs import generate
from docs_tools.notebooks import chapter_notebooks, notebook_html
from docs_tools.reader import reader_code
from docs_tools.render import formulas, language_switch, page_additions, search_index

log = logging.getLogger("mkdocs.hooks.docs_tools")

# Errors that name the page or file at fault; the build stops with them.
_BAD_INPUT = (
    generate.GenerationError,
    reader_code.SnippetError,
    page_additions.UnknownFigure,
    glossary.GlossaryError,
    errata.ErrataError,
    formulas.MathError,
    plugin_internals.PluginInternalsError,
)

_drawn_by: dict[str, str] = {}  # "03-tensors/broadcast.svg" -> "snippets/03-tensors/fig_broadcast.py"
# While serving, a save shows in seconds: the notebooks (a run and a render per chapter,
# and the heaviest pages to build) are left out; `make build` and `python -m docs_tools` make them.
_serve_mode = {"on": False}


def _language(config) -> str:
    return config["theme"]["language"]


def _is_notebook(page) -> bool:
    return chapter_notebooks.is_notebook(page.file.src_uri)


@contextlib.contextmanager
def _stop_on_bad_input():
    """Turn the modules' errors into PluginError: MkDocs prints the message and stops."""
    try:
        yield
    except _BAD_INPUT as error:
        raise PluginError(str(error)) from error


def on_startup(command, dirty, **kwargs):
    """`properdocs serve` rebuilds on every save: the contributor waits for each one."""
    _serve_mode["on"] = command == "serve"


def on_config(config, **kwargs):
    missing = pages.missing_translations()
    if missing:
        raise PluginError("every page needs both languages:\n  " + "\n  ".join(missing))
    return config


def on_pre_build(config, **kwargs):
    if not plugin_internals.outermost_build(config):
        return  # mkdocs-static-i18n's build of the next language: generated already
    with _stop_on_bad_input():
        if _serve_mode["on"]:
            drawn = generate.draw_figures(log=log.info)
        else:
            drawn = generate.generate_all(log=log.info)
    _drawn_by.clear()
    _drawn_by.update(
        {figure.relative_to(pages.FIGURES).as_posix(): script.relative_to(pages.ROOT).as_posix() for figure, script in drawn.items()}
    )


def on_page_markdown(markdown, page, config, files, **kwargs):
    if _is_notebook(page):
        return markdown  # written whole by docs_tools.notebooks.notebook_html
    language = _language(config)
    where = f"docs/{page.file.src_uri}"
    name = Path(page.file.src_uri).name
    with _stop_on_bad_input():
        # Errata leave a one-line note in the chapter; the errata page shows them in full, snippets and all.
        markdown = errata.fill(errata.as_notes(markdown, language, name), language, config)
        markdown = reader_code.expand_includes(markdown, language, where)
        markdown = page_additions.caption_figures(markdown, language, _drawn_by, where)
        markdown = page_additions.fill_placeholders(markdown)
        markdown = glossary.fill(markdown, language)
        markdown = compat_page.fill(markdown, page.file.src_uri, language)
    if chapter_notebooks.CHAPTER.match(name) and not _serve_mode["on"]:
        markdown = page_additions.notebook_links(markdown, language, name)
    return markdown


def on_files(files, config, **kwargs):
    if _serve_mode["on"]:
        for file in [f for f in files if chapter_notebooks.is_generated(f.src_uri)]:
            files.remove(file)
    return files


def on_page_content(html, page, config, **kwargs):
    html = page_additions.mark_doctest_output(html)
    if _is_notebook(page):
        # Its headings are in the notebook's HTML, where Markdown's toc does not look.
        page.toc = get_toc(notebook_html.toc_tokens(html))
        return html
    return api_links.link(html)


@event_priority(100)  # before Material's search plugin indexes the page
def _before_indexing(context, page, config, nav, **kwargs):
    page.shown_content = page.content
    page.content = search_index.content_for_index(page.content)
    return context


@event_priority(-50)  # after the search plugin: the page itself shows everything
def _after_indexing(context, page, config, nav, **kwargs):
    if hasattr(page, "shown_content"):
        # As the search plugin does to the content it indexed.
        page.content = re.sub(r'\s?data-search-\w+="[^"]+"', "", page.shown_content)
        del page.shown_content
    return context


on_page_context = CombinedEvent(_before_indexing, _after_indexing)


def on_template_context(context, template_name, config, **kwargs):
    """404.html is rendered after the pages, with the last page's language links: use the language roots."""
    if template_name == "404.html":
        roots = plugin_internals.language_roots(config)
        if roots:
            config.extra.alternate = roots
    return context


def on_post_page(output, page, config, **kwargs):
    language = _language(config)
    with _stop_on_bad_input():
        output, count = formulas.render_arithmatex(output, page.file.src_uri)
    if count or "<math" in output:  # notebook pages' formulas come rendered
        css = get_relative_url(formulas.STYLESHEET, page.url)
        output = output.replace("</head>", f'<link rel="stylesheet" href="{css}">\n</head>', 1)
    output = page_additions.stamp(output, language)
    output = language_switch.without_head_alternates(output)
    return language_switch.search_base(output, language, page.url)


def on_post_template(output, template_name, config, **kwargs):
    if template_name == "404.html":
        output = language_switch.without_head_alternates(output)
    return output


@event_priority(-50)  # after Material's search plugin has indexed this language's pages
def _collect_search(config, **kwargs):
    with _stop_on_bad_input():
        search_index.collect(config)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language and merged the indexes
def _finish(config, **kwargs):
    if not plugin_internals.outermost_build(config):
        return  # a nested language build; the outermost build finishes the site
    search_index.write_per_language(config.site_dir)


def _copy_math_assets(config, **kwargs):
    with _stop_on_bad_input():
        formulas.copy_assets(Path(config.site_dir))


on_post_build = CombinedEvent(_collect_search, _finish, _copy_math_assets)
