"""What a reader sees of a snippet file: the page's language, and no test machinery.

A snippet is one file, run once as a doctest, and shown on both pages. Its
comments and docstrings carry both languages; the page, the copy button and
the notebook of each language get that language only:

- an inline comment ``x.view(-1)  # zh: 展平 | en: flatten`` becomes
  ``# 展平`` on the Chinese page and ``# flatten`` on the English one;
- a line whose text starts with ``zh:`` or ``en:`` (after the indentation, a
  ``>>>``/``...`` prompt and a ``#``) is kept, without its tag, for that
  language only: whole-line comments are written as a ``zh:`` line followed by
  an ``en:`` line, and so are docstring lines;
- anything untagged is shown to both (code, and comments without words, such
  as shapes).

``# doctest: ...`` comments (option flags) are removed for every language:
they are for the test run, not for the reader (docs_tools.reader.output_checker).
"""

from __future__ import annotations

import re

from docs_tools.pages import INCLUDE, ROOT

LANGUAGE_TAGS = ("zh", "en")
_TAGGED_LINE = re.compile(r"^(?P<lead>[ \t]*(?:(?:>>>|\.\.\.)(?: |$))?[ \t]*(?:#[ \t]*)?)(?P<language>zh|en):[ \t]?(?P<text>.*)$")
_INLINE_PAIR = re.compile(r"#[ \t]*zh:[ \t]*(?P<zh>.*?)[ \t]*\|[ \t]*en:[ \t]*(?P<en>.*?)[ \t]*$")
_DIRECTIVE = re.compile(r"[ \t]*#[ \t]*doctest:.*$")


class SnippetError(ValueError):
    """An include names a file that is not there (the message names the page and the file)."""


def for_reader(text: str, language: str) -> str:
    """The snippet text as the page in `language` shows it."""
    if language not in LANGUAGE_TAGS:
        raise ValueError(f"no comments are written for language {language!r}")
    lines = []
    for line in text.splitlines():
        tagged = _TAGGED_LINE.match(line)
        if tagged:
            if tagged["language"] != language:
                continue
            line = tagged["lead"] + tagged["text"]
        else:
            line = _INLINE_PAIR.sub(lambda pair: "# " + pair[language], line)
        lines.append(_DIRECTIVE.sub("", line).rstrip())
    return "\n".join(lines) + "\n"


def read_for_reader(target: str, language: str, where: str) -> str:
    """The file an include line names (relative to the checkout), as `for_reader` shows it."""
    path = ROOT / target
    if ":" in target or not path.is_file():
        raise SnippetError(f"{where}: snippet file {target} not found (an include names one whole file under snippets/)")
    return for_reader(path.read_text(encoding="utf-8"), language)


def expand_includes(markdown: str, language: str, where: str) -> str:
    """Each include line replaced by its file's text for `language`, at the line's indentation."""

    def replace(match: re.Match) -> str:
        text = read_for_reader(match["target"], language, where)
        return "\n".join(match["indent"] + line if line else line for line in text.rstrip("\n").splitlines())

    return INCLUDE.sub(replace, markdown)


def copied_code(pycon_text: str) -> str:
    """What the copy button gives for a doctest session: its code lines, prompts removed.

    As doctest reads them: a ``>>>`` line is code, and so are the ``...`` lines
    right after it; every other line is output (docs/assets/stylesheets/doctest.css
    hides prompts and output lines while Material copies).
    """
    code, in_code = [], False
    for line in pycon_text.splitlines():
        if re.match(r">>>( |$)", line) or (in_code and re.match(r"\.\.\.( |$)", line)):
            code.append(line[4:].rstrip())
            in_code = True
        else:
            in_code = False
    return "\n".join(code) + "\n"
