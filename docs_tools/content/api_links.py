"""Links from the pages' inline code to the official PyTorch and torchvision documentation.

One rule, applied to every page's HTML when the site is built
(docs_tools/hooks.py, on_page_content): on each page, the first inline
`<code>` that names a torch / torchvision API becomes a link to that API's
page in the official documentation. Code in headings, in links, in code blocks
and in the titles of collapsible boxes (<summary>) is left alone; a later
mention of the same API is not linked again.

What counts as naming an API (`resolve`):

- a dotted name, optionally called: `torch.cat`, `torch.cat(tensors, dim)`,
  `nn.Linear(784, 256)`, `torch.nn.functional.relu`;
- the usual import aliases are understood (ALIASES): `nn` is torch.nn, `F`
  torch.nn.functional, `optim` torch.optim, `autograd` torch.autograd,
  `transforms` torchvision.transforms, `datasets` torchvision.datasets,
  `Tensor` torch.Tensor;
- the name must exist in the installed torch / torchvision (import, then
  getattr), so typos quoted by errata (`torch.sigmod`, `torch.size`) stay
  plain code;
- methods are linked only when the class is written (`Tensor.view`,
  `nn.Module.state_dict`), never from a variable (`x.view` could be anything).

Where the documentation puts each kind of name (checked against
docs.pytorch.org; tests/test_api_links.py checks every link of the built site
against these patterns and the installed packages):

- function or class of torch:
  https://docs.pytorch.org/docs/stable/generated/<name>.html
  (torch.cat, torch.nn.Linear, torch.nn.functional.relu, torch.optim.SGD,
  torch.cuda.is_available, torch.autograd.grad, torch.linalg.vector_norm)
- method or attribute of torch.Tensor or torch.optim.Optimizer: the same
  pattern (generated/torch.Tensor.view.html, generated/torch.Tensor.grad.html,
  generated/torch.optim.Optimizer.zero_grad.html)
- method of torch.nn.Module: an anchor on the class's page
  (generated/torch.nn.Module.html#torch.nn.Module.state_dict)
- function or class of torchvision:
  https://docs.pytorch.org/vision/stable/generated/<name>.html
  (torchvision.datasets.MNIST, torchvision.transforms.ToTensor,
  torchvision.models.resnet18)
- names documented on a module's page rather than a page of their own: an
  anchor on that page (ON_MODULE_PAGE: torch.utils.data.DataLoader ->
  data.html#torch.utils.data.DataLoader; torch.device ->
  tensor_attributes.html#torch.device; torch.nn.init.*; ...)
- names documented under another path (DOCUMENTED_AS: nn.Parameter is
  torch.nn.parameter.Parameter; SummaryWriter is
  torch.utils.tensorboard.writer.SummaryWriter)
- module: its own page (MODULE_PAGES: torch.nn -> nn.html, torch.optim ->
  optim.html, torchvision.transforms -> vision/stable/transforms.html, ...)

Only names of the namespaces listed in NAMESPACES are linked (their members
all follow the patterns above); legacy tensor types (torch.FloatTensor),
dtypes (torch.float32), private names and functions without a docstring (the
operators torch does not document, such as torch.relu: no docstring, no page)
are not.

The links point to other hosts: the offline link check (lychee --offline,
tests/test_links.py) leaves them out, and a link is not a request, so the
browser tests' "no request to another host" rule holds.
"""

from __future__ import annotations

import html as htmlmod
import importlib
import inspect
import re
from dataclasses import dataclass
from functools import lru_cache

TORCH_DOCS = "https://docs.pytorch.org/docs/stable/"
VISION_DOCS = "https://docs.pytorch.org/vision/stable/"

ALIASES = {
    "nn": "torch.nn",
    "F": "torch.nn.functional",
    "optim": "torch.optim",
    "autograd": "torch.autograd",
    "transforms": "torchvision.transforms",
    "datasets": "torchvision.datasets",
    "Tensor": "torch.Tensor",
}

# Module -> its page.
MODULE_PAGES = {
    "torch": TORCH_DOCS + "torch.html",
    "torch.nn": TORCH_DOCS + "nn.html",
    "torch.nn.functional": TORCH_DOCS + "nn.functional.html",
    "torch.nn.init": TORCH_DOCS + "nn.init.html",
    "torch.optim": TORCH_DOCS + "optim.html",
    "torch.optim.lr_scheduler": TORCH_DOCS + "optim.html",
    "torch.autograd": TORCH_DOCS + "autograd.html",
    "torch.autograd.functional": TORCH_DOCS + "autograd.html",
    "torch.cuda": TORCH_DOCS + "cuda.html",
    "torch.linalg": TORCH_DOCS + "linalg.html",
    "torch.utils.data": TORCH_DOCS + "data.html",
    "torch.utils.tensorboard": TORCH_DOCS + "tensorboard.html",
    "torch.serialization": TORCH_DOCS + "notes/serialization.html",
    "torchvision": VISION_DOCS + "index.html",
    "torchvision.datasets": VISION_DOCS + "datasets.html",
    "torchvision.transforms": VISION_DOCS + "transforms.html",
    "torchvision.transforms.v2": VISION_DOCS + "transforms.html",
    "torchvision.transforms.functional": VISION_DOCS + "transforms.html",
    "torchvision.models": VISION_DOCS + "models.html",
    "torchvision.utils": VISION_DOCS + "utils.html",
}

# Namespaces whose functions and classes are linked, and where their pages are:
# "generated" (a page of their own under <docs>/generated/) or "anchor" (an
# anchor named after them on the module's page).
NAMESPACES = {
    "torch": ("generated", TORCH_DOCS),
    "torch.nn": ("generated", TORCH_DOCS),
    "torch.nn.functional": ("generated", TORCH_DOCS),
    "torch.optim": ("generated", TORCH_DOCS),
    "torch.optim.lr_scheduler": ("generated", TORCH_DOCS),
    "torch.autograd": ("generated", TORCH_DOCS),
    "torch.autograd.functional": ("generated", TORCH_DOCS),
    "torch.cuda": ("generated", TORCH_DOCS),
    "torch.linalg": ("generated", TORCH_DOCS),
    "torch.nn.init": ("anchor", MODULE_PAGES["torch.nn.init"]),
    "torch.utils.data": ("anchor", MODULE_PAGES["torch.utils.data"]),
    "torch.utils.tensorboard": ("anchor", MODULE_PAGES["torch.utils.tensorboard"]),
    "torch.serialization": ("anchor", MODULE_PAGES["torch.serialization"]),
    "torchvision.datasets": ("generated", VISION_DOCS),
    "torchvision.transforms": ("generated", VISION_DOCS),
    "torchvision.transforms.v2": ("generated", VISION_DOCS),
    "torchvision.transforms.functional": ("generated", VISION_DOCS),
    "torchvision.models": ("generated", VISION_DOCS),
    "torchvision.utils": ("generated", VISION_DOCS),
}

# Classes whose members are linked: "generated" (a page per member) or "anchor"
# (an anchor on the class's own page).
CLASS_MEMBERS = {
    "torch.Tensor": "generated",
    "torch.optim.Optimizer": "generated",
    "torch.nn.Module": "anchor",
}

# Top-level torch names documented on a module's page, not under generated/.
ON_MODULE_PAGE = {
    "torch.Tensor": TORCH_DOCS + "tensors.html",
    "torch.Size": TORCH_DOCS + "size.html",
    "torch.device": TORCH_DOCS + "tensor_attributes.html",
    "torch.dtype": TORCH_DOCS + "tensor_attributes.html",
    "torch.layout": TORCH_DOCS + "tensor_attributes.html",
    "torch.memory_format": TORCH_DOCS + "tensor_attributes.html",
}

# Names the documentation gives under another (the defining module's) path.
DOCUMENTED_AS = {
    "torch.nn.Parameter": "torch.nn.parameter.Parameter",
    "torch.utils.tensorboard.SummaryWriter": "torch.utils.tensorboard.writer.SummaryWriter",
}

# A dotted Python name, perhaps followed by one call: `name` or `name(...)`.
_NAME = re.compile(r"^(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?P<rest>.*)$", re.S)


def _one_call(rest: str) -> bool:
    """True for "" and for "(...)" whose parentheses close at the very end (not "(1) + x(2)")."""
    if not rest:
        return True
    if not rest.startswith("("):
        return False
    depth = 0
    for index, char in enumerate(rest):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return index == len(rest) - 1
    return False


@dataclass(frozen=True)
class Api:
    name: str  # fully qualified, e.g. "torch.nn.Linear"
    kind: str  # "module", "class", "function" or "attribute"
    url: str


def expand(name: str) -> str:
    """`nn.Linear` -> `torch.nn.Linear` (ALIASES); other names unchanged."""
    head, _, rest = name.partition(".")
    return f"{ALIASES[head]}.{rest}" if head in ALIASES and rest else name


def lookup(qualified: str):
    """The object a fully qualified name names (import, then getattr); raises LookupError."""
    parts = qualified.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            try:
                obj = inspect.getattr_static(obj, attribute)
            except AttributeError:
                try:  # a module's lazily loaded attribute (module-level __getattr__)
                    obj = getattr(obj, attribute) if inspect.ismodule(obj) else None
                except AttributeError:
                    obj = None
                if obj is None:
                    raise LookupError(qualified) from None
        return obj
    raise LookupError(qualified)


def kind_of(obj) -> str | None:
    """"module", "class", "function" or "attribute" (a data descriptor of a class); None otherwise."""
    import torch

    if inspect.ismodule(obj):
        return "module"
    if isinstance(obj, torch.dtype) or type(obj).__name__ == "tensortype":
        return None  # torch.float32, torch.FloatTensor: no page of their own
    if inspect.isclass(obj):
        return "class"
    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    if inspect.isroutine(obj) or callable(obj):
        return "function"
    if inspect.isdatadescriptor(obj):
        return "attribute"
    return None


def url_for(qualified: str, kind: str) -> str | None:
    """The documentation page of a fully qualified name of that kind, or None when it has none here."""
    if kind == "module":
        return MODULE_PAGES.get(qualified)
    if qualified in ON_MODULE_PAGE:
        return f"{ON_MODULE_PAGE[qualified]}#{qualified}"
    owner, _, member = qualified.rpartition(".")
    if owner in CLASS_MEMBERS:
        if CLASS_MEMBERS[owner] == "generated":
            return f"{TORCH_DOCS}generated/{qualified}.html"
        return f"{TORCH_DOCS}generated/{owner}.html#{qualified}"
    if owner not in NAMESPACES or kind == "attribute":
        return None
    documented = DOCUMENTED_AS.get(qualified, qualified)
    where, base = NAMESPACES[owner]
    if where == "generated":
        return f"{base}generated/{documented}.html"
    return f"{base}#{documented}"


@lru_cache(maxsize=None)
def resolve(text: str) -> Api | None:
    """The API an inline code text names (`torch.cat`, `nn.Linear(784, 256)`), or None."""
    match = _NAME.match(text.strip())
    if match is None or not _one_call(match["rest"]):
        return None
    qualified = expand(match["name"])
    if not qualified.startswith(("torch.", "torchvision.")) or any(part.startswith("_") for part in qualified.split(".")):
        return None
    try:
        obj = lookup(qualified)
    except LookupError:
        return None
    kind = kind_of(obj)
    if kind is None:
        return None
    if kind == "function" and not (getattr(obj, "__doc__", None) or "").strip():
        return None  # torch's undocumented operators (torch.relu, torch.dropout) have no docstring and no page
    url = url_for(qualified, kind)
    return Api(qualified, kind, url) if url else None


# --------------------------------------------------------------------------- HTML

_TAG = re.compile(r"<!--.*?-->|<(?P<end>/?)(?P<name>[a-zA-Z][\w-]*)\b[^>]*>", re.S)
# Where code is never linked: it is a heading, a link, a code block, a box title.
_SKIP = {"a", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "script", "style", "textarea"}
_CODE_END = re.compile(r"</code\s*>", re.I)


def link(html: str) -> str:
    """Wrap the first inline <code> of each API named on the page in a link to its documentation."""
    out: list[str] = []
    # APIs the page links already (the glossary's API column) count as mentioned.
    seen: set[str] = {htmlmod.unescape(title) for _, title in links(html)}
    depth = {name: 0 for name in _SKIP}
    position = 0
    while True:
        tag = _TAG.search(html, position)
        if tag is None:
            break
        name = (tag["name"] or "").lower()
        if name in _SKIP:
            depth[name] = max(0, depth[name] + (-1 if tag["end"] else 1))
        if name == "code" and not tag["end"]:
            end = _CODE_END.search(html, tag.end())
            if end is None:
                break
            inner = html[tag.end() : end.start()]
            api = None if any(depth.values()) or "<" in inner else resolve(htmlmod.unescape(inner))
            if api is not None and api.name not in seen:
                seen.add(api.name)
                out.append(html[position : tag.start()])
                out.append(
                    f'<a class="api-link" href="{htmlmod.escape(api.url)}" title="{htmlmod.escape(api.name)}">'
                    f"{html[tag.start() : end.end()]}</a>"
                )
                position = end.end()
                continue
            out.append(html[position : end.end()])
            position = end.end()
            continue
        out.append(html[position : tag.end()])
        position = tag.end()
    out.append(html[position:])
    return "".join(out)


def links(html: str) -> list[tuple[str, str]]:
    """(href, title) of each API link in a page's HTML."""
    return re.findall(r'<a class="api-link" href="([^"]+)" title="([^"]+)">', html)
