"""One set of terms: docs/glossary.yml, the 术语表 / Glossary pages built from it, and zh prose that keeps to it.

docs/glossary.yml lists each term with its Chinese and English name, a
definition in each language, its API, the chapter that first teaches it, the
other Chinese names of the references (``also``) and the Chinese variants no
reference uses (``avoid``); docs_tools/content/glossary.py builds the glossary pages
from it. Every zh page's prose (code, formulas, quotations 「」“”, the notes
quoted in erratum boxes and the notes' own headings left out; 张量（tensor）
allowed where a term is introduced) must

1. not use an avoided variant (matched as a jieba word, not a substring);
2. not write an English glossary term (shape, loss, epoch, batch size …);
3. keep the normalization rule (标准化 / 归一化 / 规范化),

so a new page cannot bring a variant back. The unit cases below show each
rule catching a violation on a few lines of made-up text.
"""

from __future__ import annotations

import logging
import re
import warnings
from functools import lru_cache

import pytest

from docs_tools.content import api_links, glossary
from docs_tools.pages import LANGUAGES, ROOT, language_root, pages

TERMS = glossary.load()
BY_EN = {term.en: term for term in TERMS}

# What the nine chapters teach: each of these must be in the glossary (English names).
REQUIRED = [
    "tensor", "broadcasting", "gradient", "back-propagation", "loss function", "overfitting",
    "regularization", "convolution", "pooling", "batch normalization", "data type (dtype)", "shape",
    "dimension", "view", "in-place operation", "flatten", "automatic differentiation (autograd)",
    "leaf tensor", "learning rate", "momentum", "weight decay", "dropout", "early stopping",
    "validation set", "cross-entropy", "softmax", "activation function", "ReLU", "sigmoid",
    "perceptron", "multilayer perceptron (MLP)", "epoch", "batch", "DataLoader", "optimizer",
    "device", "checkpoint", "state_dict", "Module", "parameter", "stride", "padding", "kernel",
    "channel", "feature map", "ResNet", "data augmentation",
    # terms the zh pages use everywhere
    "weight", "bias", "label", "feature", "sample", "accuracy", "hidden layer", "mean", "variance",
    "standard deviation", "convergence", "divergence", "max pooling", "average pooling",
    "transfer learning", "loss", "mini-batch", "batch size", "buffer", "one-hot (encoding)",
    "squeeze", "unsqueeze", "training mode / evaluation mode", "standardization", "normalization",
]  # fmt: skip

# The Chinese terms the site has decided on (shared brief, issue 18): English name -> zh.
DECIDED = {
    "tensor": "张量", "broadcasting": "广播", "flatten": "展平", "in-place operation": "原地操作",
    "shape": "形状", "loss": "损失", "epoch": "轮", "batch": "批量", "mini-batch": "小批量",
    "batch size": "批量大小", "early stopping": "早停", "buffer": "缓冲区", "one-hot (encoding)": "独热编码",
    "learning rate": "学习率", "label": "标签", "feature": "特征", "weight": "权重", "bias": "偏置",
    "gradient": "梯度", "optimizer": "优化器", "accuracy": "准确率", "hidden layer": "隐藏层",
    "sample": "样本", "training mode / evaluation mode": "训练模式 / 评估模式", "squeeze": "压缩维度",
    "unsqueeze": "增加维度", "pooling": "池化", "stride": "步长", "dropout": "Dropout",
    "batch normalization": "批量规范化", "standardization": "标准化", "normalization": "归一化",
}  # fmt: skip

# Other names a reader meets in d2l-zh or the Chinese PyTorch documentation, which the glossary shows.
ALSO = {
    "pooling": {"汇聚", "汇聚层"}, "dropout": {"暂退法", "丢弃法"}, "stride": {"步幅"},
    "batch normalization": {"批量归一化", "批标准化"}, "automatic differentiation (autograd)": {"自动微分"},
    "batch size": {"批大小"}, "epoch": {"迭代周期"}, "squeeze": {"挤压"}, "in-place operation": {"就地操作"},
}  # fmt: skip

# Variants no reference uses, which zh prose must not use.
AVOIDED = {"广播": "自动扩张", "展平": "打平", "反向传播": "逆向传播", "交叉熵": "交叉墒", "批量规范化": "批规范化"}

# US spelling in the English names and definitions (code identifiers have none of these).
BRITISH = re.compile(
    r"\b(?:normalis|regularis|initialis|optimis|visualis|minimis|maximis|summaris|recognis|standardis|vectoris"
    r"|generalis|serialis|parameteris|randomis|characteris|utilis|organis|analys(?:e|ed|es|ing)\b|colour"
    r"|behaviour|centre|favour|labell|modell|travell|grey\b|towards\b)",
    re.I,
)


def test_the_glossary_has_enough_terms_and_the_required_ones():
    assert len(TERMS) >= 120, f"only {len(TERMS)} terms in docs/glossary.yml"
    missing = [name for name in REQUIRED if name not in BY_EN]
    assert not missing, f"docs/glossary.yml lacks {missing}"


def test_the_glossary_data_is_consistent():
    """Unique terms and anchors, every API linkable, every chapter real, no avoided name that is also a name."""
    problems = glossary.check(TERMS)
    assert not problems, "\n".join(problems)


def test_every_term_has_the_chapter_that_teaches_it_and_that_chapter_uses_it():
    chapters = {int(name[:2]): path for name, path in pages("zh").items() if re.match(r"\d\d-", name)}
    english = {int(name[:2]): path for name, path in pages("en").items() if re.match(r"\d\d-", name)}
    wrong = []
    for term in TERMS:
        if term.chapter is None:
            wrong.append(f"{term.en}: no chapter")
            continue
        zh = chapters[term.chapter].read_text(encoding="utf-8")
        en = english[term.chapter].read_text(encoding="utf-8").lower()
        names = [*term.zh_names, *(name.rsplit(".", 1)[-1] for name in term.api)]
        if not any(name in zh for name in names) and re.sub(r"\s*\(.*", "", term.en).lower() not in en:
            wrong.append(f"{term.en}: chapter {term.chapter} does not mention it")
    assert not wrong, "\n".join(wrong)


def test_first_taught_where_the_pages_teach_it():
    """Spot checks of `chapter`: where a term is first taught, not where it is treated at length."""
    expected = {"mean squared error (MSE)": 2, "one-hot (encoding)": 2, "sigmoid": 2, "epoch": 2, "batch size": 2,
                "automatic differentiation (autograd)": 2, "fully connected layer": 2, "device": 1,
                "training mode / evaluation mode": 2, "early stopping": 7, "batch normalization": 8}  # fmt: skip
    assert {name: BY_EN[name].chapter for name in expected} == expected


def test_the_decided_chinese_terms():
    wrong = {en: BY_EN[en].zh for en, zh in DECIDED.items() if BY_EN[en].zh != zh}
    assert not wrong, f"docs/glossary.yml differs from the decided terms: {wrong}"


def test_the_other_names_of_the_references_are_shown():
    missing = {en: names - set(BY_EN[en].also) for en, names in ALSO.items() if names - set(BY_EN[en].also)}
    assert not missing, f"docs/glossary.yml should list these under also: {missing}"


def test_the_agreed_variants_are_avoided():
    by_zh = {term.zh: term for term in TERMS}
    for zh, variant in AVOIDED.items():
        assert variant in by_zh[zh].avoid, f"{zh} should avoid {variant!r} (docs/glossary.yml)"


def test_also_written_names_are_never_avoided():
    """No name under also (a reference's name) is under avoid, for any term (docs/glossary.yml)."""
    assert not glossary.avoided_names(TERMS)
    also = {name for term in TERMS for name in term.also}
    assert not also & {word for term in TERMS for word in term.avoid}


def test_an_avoided_name_of_a_term_is_caught():
    """The check above can fail: 汇聚 is a name of pooling, so no term may avoid it."""
    fake = glossary.Term(en="fake", zh="假", en_def="x", zh_def="x", avoid=("汇聚",))
    assert glossary.avoided_names([*TERMS, fake]) == ["fake: avoids '汇聚', which is a name of pooling (zh or also)"]
    assert any("avoids '汇聚'" in problem for problem in glossary.check([*TERMS, fake]))


def test_english_uses_us_spelling():
    wrong = [f"{term.en}: {match}" for term in TERMS for text in (term.en, term.en_def) for match in BRITISH.findall(text)]
    assert not wrong, "British spelling in docs/glossary.yml:\n" + "\n".join(wrong)
    assert BRITISH.findall("batch normalisation, a colour map, regularised, visualisation") == ["normalis", "colour", "regularis", "visualis"]
    assert not BRITISH.findall("normalize, otherwise, noise, element-wise, precise, exercise")


def test_the_glossary_keeps_to_its_own_terms():
    """The Chinese definitions follow the three rules they state."""
    wrong = [
        f"{term.en}: {word!r} (use {used})"
        for term in TERMS
        for _, word, used in glossary.offenders(term.zh_def, TERMS)
    ]
    assert not wrong, "\n".join(wrong)


# --------------------------------------------------------------------------- zh prose: unit cases


def words(text):
    return [word for _, word, _ in glossary.offenders(text, TERMS)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what is prose
        ("张量（tensor）是基本的数据结构", []),
        ("`张量`（tensor）、**张量**(tensor)", []),
        ("一个 tensor 的形状", ["tensor"]),
        ("两个 Tensors", ["Tensors"]),
        ("用 `torch.tensor` 创建，类型是 LongTensor，见 [第 3 章](03-tensors.md)", []),
        ("笔记写成「自动扩张」，应为广播；“打平”也改成展平", []),
        ("```text\n打平\n```\n", []),
        ("??? warning \"勘误：打平\"\n    笔记原文：\n\n    ```text\n    打平\n    ```\n\n    应为展平，不是打平。\n", ["打平", "打平"]),
        ("## 张量的维度（Tensor dimensions）\n", []),
        ("公式 $\\text{loss}$ 不算", []),
        # 1. avoided variants, as words
        ("这里会自动扩张", ["自动扩张"]),
        ("自动扩张机制", ["自动扩张"]),
        ("把图像打平", ["打平"]),
        ("反向传播，不是逆向传播", ["逆向传播"]),
        ("批规范化层", ["批规范化"]),
        # names the references use are not avoided: 汇聚 (d2l-zh), 就地 (PyTorch 中文文档)
        ("河流汇聚成湖；就地取材；用汇聚层缩小；就地修改", []),
        # 2. English glossary terms in zh prose
        ("每个 epoch 结束时", ["epoch"]),
        ("画出 loss 曲线", ["loss"]),
        ("一个 batch 的数据，batch size 是 64", ["batch", "batch size"]),
        ("标签先变成 one-hot 向量", ["one-hot"]),
        ("Early Stopping 按验证损失停止", ["Early Stopping"]),
        ("learning rate 太大；optimizer 的 step", ["learning rate", "optimizer", "step"]),
        ("shape 为 [4, 3] 的张量，weight 和 bias", ["shape", "weight", "bias"]),
        ("参数和 buffer", ["buffer"]),
        ("这里的 accuracy、label、feature", ["accuracy", "label", "feature"]),
        # … with the exceptions: a gloss after the Chinese term, code, names, quotations, headings of the notes
        ("形状（shape）、轮（epoch）、独热编码（one-hot）向量、早停（early stopping）", []),
        ("训练 3 轮（epoch）；损失曲线（loss curve）；交叉熵损失（Cross Entropy Loss）", []),
        ("批量规范化（batch normalization，也译作批量归一化）", []),
        ("四舍六入五成双（银行家舍入，round half to even）", []),
        ("`batch_size=64`、`loss.backward()`、batch_size、loss/train、transforms.Compose", []),
        ("Dropout 和 ReLU 之后，DataLoader 给出 state_dict", []),
        ("笔记写的是「每个 epoch」和“loss”", []),
        ("```text\nfor epoch in range(3):\n```\n", []),
        ("## 梯度下降 Gradient Descent\n", []),
        ("## 梯度下降 gradient descent\n", ["gradient descent"]),
        ("### squeeze\n\nsqueeze 删去大小为 1 的维度\n", ["squeeze"]),
        ("## 池化（Pooling）\n", []),
        # 3. the normalization words
        ("`Normalize` 把输入归一化到均值 0、标准差 1", ["归一化"]),
        ("`transforms.Normalize` 做的是标准化", []),
        ("减去均值、再除以标准差进行归一化", ["归一化"]),
        ("BatchNorm 对每个通道归一化", ["归一化"]),
        ("Softmax 把分数标准化成概率", ["标准化"]),
        ("softmax 把分数归一化成概率；`F.normalize` 归一化；每行除以和（按行归一化）", []),
        ("`ToTensor` 把像素缩放到 [0, 1]，`Normalize` 再做标准化", []),
        ("批归一化层和批量归一化", ["批归一化", "批量归一化"]),
        ("批标准化与层归一化", ["批标准化", "层归一化"]),
        ("批量规范化和层规范化", []),
        ("也称为批量归一化；「批归一化」", []),
        ("对数据做规范化", ["规范化"]),
    ],
)
def test_what_counts_as_a_violation_in_zh_prose(text, expected):
    assert words(text) == expected


def test_avoided_chinese_variants_are_matched_as_words():
    """A variant counts only on jieba word boundaries: 就地 in 就地修改, not in 就地取材."""
    # The glossary's own names guide the segmentation: 汇聚层 is a word, so 汇聚 in it is no hit.
    fake = [glossary.Term(en="in place", zh="原地", en_def="x", zh_def="x", also=("汇聚层",), avoid=("就地", "汇聚"))]
    assert [w for _, _, w, _ in glossary.avoided_variants("这里就地修改张量", fake)] == ["就地"]
    assert [w for _, _, w, _ in glossary.avoided_variants("就地取材", fake)] == []
    assert [w for _, _, w, _ in glossary.avoided_variants("用汇聚层缩小", fake)] == []
    assert [w for _, _, w, _ in glossary.avoided_variants("数据汇聚到一起", fake)] == ["汇聚"]


def test_offenders_give_the_line_and_the_term_to_use():
    assert glossary.offenders("第一行\n\n这里会自动扩张\n", TERMS) == [(3, "自动扩张", "广播")]
    assert glossary.offenders("第一行\n每个 epoch\n", TERMS) == [(2, "epoch", "轮（API 名称则写成代码 `epoch`）")]


@pytest.mark.parametrize("heading", sorted(glossary.NOTES_HEADINGS))
def test_the_notes_headings_left_out_are_the_notes(heading):
    """Each heading the check leaves out comes from the notes (checked where ../shared/seed holds them)."""
    seed = sorted((ROOT.parent / "shared" / "seed").glob("*.txt")) if (ROOT.parent / "shared" / "seed").is_dir() else []
    if not seed:
        pytest.skip("the notes (../shared/seed/*.txt) are not here")
    notes = "\n".join(path.read_text(encoding="utf-8") for path in seed)
    assert glossary.NOTES_HEADINGS[heading] in notes, f"{glossary.NOTES_HEADINGS[heading]!r} is not in the notes"


@pytest.mark.parametrize("name", sorted(pages("zh")))
def test_zh_pages_use_the_glossary_terms(name):
    path = pages("zh")[name]
    found = glossary.offenders(path.read_text(encoding="utf-8"), TERMS)
    where = path.relative_to(ROOT).as_posix()
    assert not found, "zh prose leaves the glossary (docs/glossary.yml):\n" + "\n".join(
        f"{where}:{line}: {word!r} -> {term}" for line, word, term in found
    )


# The zh: comments of the snippets (what the Chinese pages show of them): avoided variants and the
# normalization rule. Not the English terms: comments name variables and arguments (loss, device,
# padding=1) without code font.
_ZH_LINE = re.compile(r"^[ \t]*(?:(?:>>>|\.\.\.)(?: |$))?[ \t]*(?:#[ \t]*)?zh:[ \t]?(?P<zh>.*)$")
_ZH_INLINE = re.compile(r"#[ \t]*zh:[ \t]*(?P<zh>.*?)[ \t]*\|[ \t]*en:")
SNIPPET_FOLDERS = sorted(path.name for path in (ROOT / "snippets").iterdir() if path.is_dir() and re.match(r"\d\d-", path.name))


def zh_comment_offenders(text: str) -> list[tuple[int, str, str]]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ZH_INLINE.search(line) or _ZH_LINE.match(line)
        if match:
            hits = [*glossary.avoided_variants(match["zh"], TERMS), *glossary.normalization_words(match["zh"])]
            found += [(number, word, use) for _, _, word, use in hits]
    return found


def test_zh_comments_are_checked():
    text = ">>> x = x.view(-1)  # zh: 打平成一维 | en: flatten\n>>> # zh: 用 BatchNorm 归一化\n>>> # en: normalize\n"
    assert zh_comment_offenders(text) == [(1, "打平", "展平"), (2, "归一化", "标准化（减均值、除以标准差）")]
    assert zh_comment_offenders("# zh: 一批标准化后的输入，loss 在 device 上\n") == []


@pytest.mark.parametrize("folder", SNIPPET_FOLDERS)
def test_zh_comments_use_the_glossary_terms(folder):
    wrong = []
    for path in sorted((ROOT / "snippets" / folder).rglob("*")):
        if path.suffix in {".py", ".pycon"}:
            where = path.relative_to(ROOT).as_posix()
            wrong += [f"{where}:{line}: {word!r} -> {use}" for line, word, use in zh_comment_offenders(path.read_text(encoding="utf-8"))]
    assert not wrong, "zh: comments leave the glossary (docs/glossary.yml):\n" + "\n".join(wrong)


# --------------------------------------------------------------------------- the glossary pages and search


def test_the_pages_say_what_they_show():
    zh = (ROOT / "docs" / "zh" / "glossary.md").read_text(encoding="utf-8")
    en = (ROOT / "docs" / "en" / "glossary.md").read_text(encoding="utf-8")
    for word in ("标准化", "归一化", "规范化", "其他译法", "中文释义", "英文释义"):
        assert word in zh, f"docs/zh/glossary.md does not mention {word}"
    for word in ("标准化", "归一化", "规范化", "Also written"):
        assert word in en, f"docs/en/glossary.md does not mention {word}"
    assert glossary.PLACEHOLDER in zh and glossary.PLACEHOLDER in en


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rendered_table_shows_every_name(language):
    page = glossary.render(language)
    assert ("其他译法" if language == "zh" else "Also written") in page
    missing = [name for term in TERMS for name in (term.term(language), *term.also) if name not in page]
    assert not missing, f"the {language} glossary lacks {missing}"


@lru_cache(maxsize=1)
def _jieba():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
    jieba.setLogLevel(logging.WARNING)
    return jieba


def _index_words(text: str) -> list[str]:
    """The Chinese words of `text` as Material's search plugin indexes them: jieba's default cut of each Han run."""
    jieba = _jieba()
    return [word for run in re.findall(r"[\u4e00-\u9fff]+", text) for word in jieba.cut(run)]


def _material_segments(query: str, vocabulary: set[str]) -> set[str]:
    """Material's search worker splitting a Chinese query by the words of the index (its segment(), in Python).

    Each segment then becomes a prefix query (segment*), OR-ed: a page is
    found when one of its words starts with one of the segments.
    """
    cuts = [0] * len(query)
    for i in range(len(query)):
        for j in range(i + 1, len(query)):
            if query[i:j] in vocabulary:
                cuts[i] = j - i
    segments, stack = set(), [0]
    while stack:
        p = stack.pop()
        for q in range(1, cuts[p]):
            if cuts[p + q] > cuts[p] - q:
                segments.add(query[p : p + q])
                stack.append(p + q)
        q = p + cuts[p]
        if q < len(query) - 1 and cuts[q]:
            stack.append(q)
        segments.add(query[p:q])
    return {query} if "" in segments else segments


def test_material_segments_like_the_search_worker():
    vocabulary = {"批量", "大", "汇聚"}
    assert _material_segments("批量大小", vocabulary) == {"批量", "大"}
    assert _material_segments("汇聚层", vocabulary) == {"汇聚"}
    assert _material_segments("暂退法", vocabulary) == {"暂退法"}


def test_search_finds_the_glossary_by_any_chinese_name():
    """Every Chinese name of every term, typed into the zh site's search, reaches the glossary page.

    The index holds the glossary page's text cut into words by jieba; the
    search worker cuts the query by the index's words and looks for pages
    with a word starting with one of the pieces (tests/browser/test_glossary_search.py
    does it in the browser for 汇聚层, 暂退法 and 批量大小).
    """
    glossary_words = _index_words(glossary.render("zh"))
    vocabulary = set(glossary_words)
    for path in pages("zh").values():
        vocabulary.update(_index_words(path.read_text(encoding="utf-8")))
    missed = []
    for term in TERMS:
        for name in term.zh_names:
            runs = re.findall(r"[\u4e00-\u9fff]+", name)  # the worker segments each run of Chinese on its own
            if len("".join(runs)) < 2:
                continue
            segments = set().union(*(_material_segments(run, vocabulary) for run in runs))
            if not any(word.startswith(segment) for segment in segments for word in glossary_words):
                missed.append(f"{name} ({term.en}): {sorted(segments)}")
    assert not missed, "the search would not find the glossary for:\n" + "\n".join(missed)


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
        for name in term.also:
            assert name in html, f"{language} glossary lacks {name!r} ({term.en})"
    assert "{{ glossary }}" not in html


def test_both_glossary_pages_are_in_step(built_site):
    rows = {language: re.findall(r'<span id="(term-[\w-]+)"></span>', glossary_html(built_site, language)) for language in LANGUAGES}
    assert rows["zh"] == rows["en"]
    expected = {api_links.resolve(name).url for term in TERMS for name in term.api}
    for language in LANGUAGES:
        linked = set(re.findall(r'class="api-link" href="([^"]+)"', glossary_html(built_site, language)))
        assert expected <= linked, f"{language} glossary does not link {sorted(expected - linked)}"
