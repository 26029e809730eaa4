"""One set of terms: docs/glossary.yml, the 术语表 / Glossary pages built from it, and zh prose that keeps to it.

docs/glossary.yml lists each term with its Chinese and English name, a
definition in each language, its API and the Chinese variants to avoid;
docs_tools/glossary.py builds the glossary pages from it. Every zh page's
prose (code, formulas, quotations 「」“” and the notes quoted in erratum boxes
left out; 张量（tensor） allowed where a term is introduced) must not use an
avoided variant, so a new page cannot bring one back.
"""

from __future__ import annotations

import re

import pytest

from docs_tools import api_links, glossary
from docs_tools.pages import LANGUAGES, ROOT, language_root, pages

TERMS = glossary.load()

# What the nine chapters teach: each of these must be in the glossary (English names).
REQUIRED = [
    "tensor", "broadcasting", "gradient", "back-propagation", "loss function", "overfitting",
    "regularisation", "convolution", "pooling", "batch normalisation", "data type (dtype)", "shape",
    "dimension", "view", "in-place operation", "flatten", "automatic differentiation (autograd)",
    "leaf tensor", "learning rate", "momentum", "weight decay", "dropout", "early stopping",
    "validation set", "cross-entropy", "softmax", "activation function", "ReLU", "sigmoid",
    "perceptron", "multilayer perceptron (MLP)", "epoch", "batch", "DataLoader", "optimizer",
    "device", "checkpoint", "state_dict", "Module", "parameter", "stride", "padding", "kernel",
    "channel", "feature map", "ResNet", "data augmentation",
]  # fmt: skip
# The variants the site has agreed on: zh term -> a variant it replaces.
AGREED = {"张量": "tensor", "广播": "自动扩张", "展平": "打平", "原地操作": "就地"}


def test_the_glossary_has_enough_terms_and_the_required_ones():
    assert len(TERMS) >= 60, f"only {len(TERMS)} terms in docs/glossary.yml"
    names = {term.en for term in TERMS}
    missing = [name for name in REQUIRED if name not in names]
    assert not missing, f"docs/glossary.yml lacks {missing}"


def test_the_glossary_data_is_consistent():
    """Unique terms and anchors, every API linkable, every chapter real."""
    problems = glossary.check(TERMS)
    assert not problems, "\n".join(problems)


def test_the_agreed_variants_are_listed():
    by_zh = {term.zh: term for term in TERMS}
    for zh, variant in AGREED.items():
        assert zh in by_zh and variant in by_zh[zh].avoid, f"{zh} should avoid {variant!r} (docs/glossary.yml)"


def test_the_glossary_keeps_to_its_own_terms():
    """The Chinese definitions do not use a variant they tell others to avoid."""
    wrong = [
        f"{term.en}: {word!r} (use {used})"
        for term in TERMS
        for _, word, used in glossary.offenders(term.zh_def, TERMS)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张量（tensor）是基本的数据结构", []),
        ("`张量`（tensor）、**张量**(tensor)", []),
        ("一个 tensor 的形状", ["tensor"]),
        ("两个 Tensors", ["Tensors"]),
        ("用 `torch.tensor` 创建，类型是 LongTensor，见 [第 3 章](03-tensors.md)", []),
        ("笔记写成「自动扩张」，应为广播；“打平”也改成展平", []),
        ("这里会自动扩张", ["自动扩张"]),
        ("把图像打平", ["打平"]),
        ("```text\n就地修改\n```\n", []),
        ("??? warning \"勘误：就地\"\n    笔记原文：\n\n    ```text\n    就地\n    ```\n\n    应为原地操作，不是就地操作。\n", ["就地", "就地"]),
        ("## 张量的维度（Tensor dimensions）\n", []),
        ("公式 $\\text{tensor}$ 不算", []),
    ],
)
def test_what_counts_as_zh_prose(text, expected):
    assert [word for _, word, _ in glossary.offenders(text, TERMS)] == expected


def test_offenders_give_the_line():
    assert glossary.offenders("第一行\n\n这里就地修改\n", TERMS) == [(3, "就地", "原地操作")]


@pytest.mark.parametrize("name", sorted(pages("zh")))
def test_zh_pages_use_the_glossary_terms(name):
    path = pages("zh")[name]
    found = glossary.offenders(path.read_text(encoding="utf-8"), TERMS)
    where = path.relative_to(ROOT).as_posix()
    assert not found, "avoided variants in zh prose (docs/glossary.yml):\n" + "\n".join(
        f"{where}:{line}: {word!r} -> {term}" for line, word, term in found
    )


# --------------------------------------------------------------------------- the built pages


def glossary_html(site, language):
    folder = site / language_root(language)
    return (folder / "glossary" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_glossary_page_lists_every_term(built_site, language):
    html = glossary_html(built_site, language)
    ids = re.findall(r'<span id="(term-[\w-]+)"></span>', html)
    assert ids == [term.anchor for term in TERMS], f"{language} glossary: rows differ from docs/glossary.yml"
    for term in TERMS:
        assert term.term(language) in html, f"{language} glossary lacks {term.term(language)!r}"
    assert "{{ glossary }}" not in html


def test_both_glossary_pages_are_in_step(built_site):
    rows = {language: re.findall(r'<span id="(term-[\w-]+)"></span>', glossary_html(built_site, language)) for language in LANGUAGES}
    assert rows["zh"] == rows["en"]
    expected = {api_links.resolve(name).url for term in TERMS for name in term.api}
    for language in LANGUAGES:
        linked = set(re.findall(r'class="api-link" href="([^"]+)"', glossary_html(built_site, language)))
        assert expected <= linked, f"{language} glossary does not link {sorted(expected - linked)}"
