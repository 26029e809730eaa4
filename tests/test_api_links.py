"""The first mention of each torch / torchvision API on a page links to its official documentation.

docs_tools/content/api_links.py wraps, on every page, the first inline <code> naming
an API in a link (class "api-link", title = the full name). Here each link of
the built site is checked against the installed packages (the name exists:
import, then getattr) and against the documented URL pattern of its kind.
The pages cannot be fetched offline; tests/test_links.py (lychee --offline)
leaves these remote links out.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

from docs_tools.content import api_links
from docs_tools.notebooks import chapter_notebooks
from docs_tools.pages import LANGUAGES, language_root, pages

TORCH = "https://docs.pytorch.org/docs/stable/"
VISION = "https://docs.pytorch.org/vision/stable/"
LINK = re.compile(r'<a class="api-link" href="(?P<href>[^"]+)" title="(?P<title>[^"]+)">')
CHAPTER = chapter_notebooks.CHAPTER


def find(name: str):
    """The object a dotted name names: the longest importable module, then getattr."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            obj = getattr(obj, part)  # AttributeError: no such API
        return obj
    raise ImportError(name)


def kind(obj) -> str:
    if inspect.ismodule(obj):
        return "module"
    if inspect.isclass(obj):
        return "class"
    if callable(obj):
        return "function"
    return "attribute"


def html_pages(site: Path):
    """(language, page name, html) of every Markdown page of the built site."""
    for language in LANGUAGES:
        folder = site / language_root(language)
        for name in pages(language):
            stem = name.removesuffix(".md")
            path = folder / ("index.html" if stem == "index" else f"{stem}/index.html")
            yield language, name, path.read_text(encoding="utf-8")


def check_link(href: str, title: str) -> str | None:
    """What is wrong with one link, or None."""
    try:
        obj = find(title)
    except (ImportError, AttributeError):
        return f"{title} does not exist in the installed torch / torchvision"
    base = VISION if title.startswith("torchvision") else TORCH
    if not href.startswith(base):
        return f"{title}: {href} is not under {base}"
    path, _, fragment = href[len(base) :].partition("#")
    what = kind(obj)
    if what == "module":
        # A module: its own page, e.g. nn.html, optim.html, transforms.html; no anchor.
        if fragment or path.startswith("generated/") or not re.fullmatch(r"[\w./]+\.html", path):
            return f"module {title}: {href} is not a module page"
        return None
    # A function, class or attribute: generated/<name>.html, or an anchor named
    # after it on a module's page or on its class's page. The documented name
    # may be the defining module's path (torch.nn.parameter.Parameter): it must
    # name the same object.
    generated = re.fullmatch(r"generated/([\w.]+)\.html", path)
    if generated and not fragment:
        documented = generated[1]
    elif fragment and (generated or re.fullmatch(r"[\w./]+\.html", path)):
        documented = fragment
        if generated and not fragment.startswith(generated[1] + "."):
            return f"{title}: {href}: the anchor is not a member of the page's class"
    else:
        return f"{what} {title}: {href} follows no documented pattern"
    try:
        same = find(documented) is obj or find(documented) == obj
    except (ImportError, AttributeError):
        return f"{title}: {href} names {documented}, which does not exist"
    return None if same else f"{title}: {href} documents {documented}, another object"


@pytest.fixture(scope="module")
def site_links(built_site):
    return [(language, name, html, LINK.findall(html)) for language, name, html in html_pages(built_site)]


def test_every_link_names_an_installed_api_at_its_documented_url(site_links):
    problems = sorted(
        {f"{language}/{name}: {problem}" for language, name, _, links in site_links for href, title in links if (problem := check_link(href, title))}
    )
    assert not problems, "\n".join(problems)
    assert sum(len(links) for *_, links in site_links) > 100


def test_each_chapter_links_the_apis_it_uses(site_links):
    few = [f"{language}/{name}: {len(links)}" for language, name, _, links in site_links if CHAPTER.match(name) and len(links) < 2]
    assert not few, f"chapter pages with fewer than 2 API links: {few}"


def test_each_api_is_linked_once_per_page(site_links):
    twice = [
        f"{language}/{name}: {title}"
        for language, name, _, links in site_links
        for title in {title for _, title in links}
        if [t for _, t in links].count(title) > 1
    ]
    assert not twice, f"APIs linked more than once on a page: {twice}"


def test_no_link_in_headings_box_titles_or_code_blocks(site_links):
    inside = re.compile(r"<(h[1-6]|summary|pre)\b[^>]*>(?:(?!</\1>).)*class=\"api-link\"", re.S)
    wrong = [f"{language}/{name}" for language, name, html, _ in site_links if inside.search(html)]
    assert not wrong, f"API links inside headings, box titles or code blocks: {wrong}"


def test_both_languages_link_a_chapter_alike(site_links):
    """Same snippets, same prose in two languages: mostly the same APIs linked."""
    by_page = {(language, name): {title for _, title in links} for language, name, _, links in site_links}
    for name in pages("zh"):
        if CHAPTER.match(name):
            zh, en = by_page[("zh", name)], by_page[("en", name)]
            assert len(zh & en) >= 0.6 * max(len(zh), len(en)), f"{name}: zh links {sorted(zh - en)}, en links {sorted(en - zh)}"


# --------------------------------------------------------------------------- the rule itself


@pytest.mark.parametrize(
    ("text", "name", "url"),
    [
        ("torch.cat", "torch.cat", TORCH + "generated/torch.cat.html"),
        ("torch.cat(tensors, dim)", "torch.cat", TORCH + "generated/torch.cat.html"),
        ("nn.Linear(784, 256)", "torch.nn.Linear", TORCH + "generated/torch.nn.Linear.html"),
        ("torch.nn.functional.relu", "torch.nn.functional.relu", TORCH + "generated/torch.nn.functional.relu.html"),
        ("F.cross_entropy", "torch.nn.functional.cross_entropy", TORCH + "generated/torch.nn.functional.cross_entropy.html"),
        ("optim.SGD", "torch.optim.SGD", TORCH + "generated/torch.optim.SGD.html"),
        ("Tensor.view", "torch.Tensor.view", TORCH + "generated/torch.Tensor.view.html"),
        ("nn.Module.state_dict", "torch.nn.Module.state_dict", TORCH + "generated/torch.nn.Module.html#torch.nn.Module.state_dict"),
        ("nn.Parameter", "torch.nn.Parameter", TORCH + "generated/torch.nn.parameter.Parameter.html"),
        ("torch.utils.data.DataLoader", "torch.utils.data.DataLoader", TORCH + "data.html#torch.utils.data.DataLoader"),
        ("torch.device", "torch.device", TORCH + "tensor_attributes.html#torch.device"),
        ("torch.nn", "torch.nn", TORCH + "nn.html"),
        ("torch.optim", "torch.optim", TORCH + "optim.html"),
        ("torchvision.datasets.MNIST", "torchvision.datasets.MNIST", VISION + "generated/torchvision.datasets.MNIST.html"),
        ("datasets.MNIST(root, download=True)", "torchvision.datasets.MNIST", VISION + "generated/torchvision.datasets.MNIST.html"),
        ("transforms.ToTensor()", "torchvision.transforms.ToTensor", VISION + "generated/torchvision.transforms.ToTensor.html"),
        ("torchvision.transforms", "torchvision.transforms", VISION + "transforms.html"),
    ],
)
def test_names_that_are_linked(text, name, url):
    api = api_links.resolve(text)
    assert api is not None and (api.name, api.url) == (name, url)
    assert check_link(api.url, api.name) is None


@pytest.mark.parametrize(
    "text",
    [
        "torch.sigmod",  # a typo an erratum quotes
        "torch.size",
        "x.view(-1)",  # a variable: could be anything
        "torch.float32",  # a dtype
        "torch.FloatTensor",  # a legacy tensor type
        "torch.__version__",
        "torch.relu",  # not documented by torch
        "torch.ones(2, 1) + torch.ones(3)",  # an expression, not a name
        "torch.tensor(3).type()",
        "numpy.array",
        "view",
    ],
)
def test_names_that_are_not_linked(text):
    assert api_links.resolve(text) is None


def test_only_the_first_mention_outside_headings_links_and_code_blocks():
    html = (
        '<h2 id="x"><code>torch.cat</code></h2>'
        "<details><summary><code>torch.cat</code> box</summary>"
        "<p>see <a href='#'><code>torch.cat</code></a>, then <code>torch.cat</code> and <code>torch.cat(a, b)</code></p>"
        '<pre><code>torch.cat</code></pre><p><code class="highlight"><span>torch.cat</span></code></p></details>'
    )
    linked = api_links.link(html)
    assert linked.count('class="api-link"') == 1
    assert "then <a class=\"api-link\" href=\"https://docs.pytorch.org/docs/stable/generated/torch.cat.html\" title=\"torch.cat\"><code>torch.cat</code></a> and <code>torch.cat(a, b)</code>" in linked
    assert api_links.link(linked) == linked  # a page already linked stays as it is
