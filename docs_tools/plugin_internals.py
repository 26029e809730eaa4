"""Every use of another package's private state, in one place, and what the tooling takes from the site generator.

The build relies on two plugins beyond their documented interfaces. Each
use is here, with the release it was written against (pyproject.toml caps each
plugin at it). :func:`require` turns a missing internal into an error that
names the plugin, its installed version and what is gone, instead of an
unrelated-looking failure deep in a build; tests/test_plugin_internals.py
checks every internal listed in :data:`INTERNALS` against the installed
plugins.

The core is ProperDocs (the maintained continuation of MkDocs 1.6):
:data:`CORE` lists every name the tooling imports from it, with the release it
was written against; the hooks and the plugins import ``mkdocs.*``, which
ProperDocs redirects to itself (docs_tools/__init__.py). tests/test_plugin_internals.py
checks that each name is there, that docs_tools imports nothing else from the
core, and that the site is built by it.

- mkdocs-static-i18n 1.3.1 builds each language in turn inside one
  ``mkdocs build``: ``plugin.building`` is true during those nested builds, and
  ``plugin.extra_alternate`` holds the language roots for the switch.
- mkdocs-material 9.8.2's search plugin keeps the index it builds in
  ``plugin.search_index.entries``; the site writes one index per language
  from it (docs_tools.render.search_index).
"""

from __future__ import annotations

from importlib.metadata import version

WRITTEN_AGAINST = {"mkdocs-static-i18n": "1.3.1", "mkdocs-material": "9.8.2", "properdocs": "1.6.7"}

# The site generator's distribution, and (module, name) for every name docs_tools imports
# from it (as properdocs.* or through the mkdocs.* alias).
CORE_DISTRIBUTION = "properdocs"
CORE = [
    ("properdocs.config", "load_config"),  # docs_tools.content.errata: mkdocs.yml's Markdown extensions
    ("properdocs.exceptions", "PluginError"),  # docs_tools.hooks: a bad input stops the build
    ("properdocs.plugins", "CombinedEvent"),
    ("properdocs.plugins", "event_priority"),
    ("properdocs.structure.toc", "get_toc"),  # a notebook page's table of contents
    ("properdocs.utils", "get_relative_url"),
    ("properdocs", "replacement"),  # the mkdocs.* alias (docs_tools/__init__.py)
]

# (distribution, module, class, attribute names its instances get) for every internal used here.
INTERNALS = [
    ("mkdocs-static-i18n", "mkdocs_static_i18n.plugin", "I18n", ("building", "extra_alternate")),
    ("mkdocs-material", "material.plugins.search.plugin", "SearchPlugin", ("search_index",)),
    ("mkdocs-material", "material.plugins.search.plugin", "SearchIndex", ("entries",)),
]


class PluginInternalsError(RuntimeError):
    """A plugin no longer has the private state the build relies on."""


def require(obj, attribute: str, distribution: str):
    """`obj.attribute`, or an error naming the plugin, its version and the missing attribute."""
    try:
        return getattr(obj, attribute)
    except AttributeError:
        raise PluginInternalsError(
            f"{distribution} {version(distribution)} has no {type(obj).__name__}.{attribute}, which "
            f"docs_tools/plugin_internals.py relies on (written against {distribution} "
            f"{WRITTEN_AGAINST[distribution]}): pin {distribution}=={WRITTEN_AGAINST[distribution]} "
            "or update that module"
        ) from None


# --------------------------------------------------------------------------- mkdocs-static-i18n


def _i18n(config):
    return config.plugins.get("i18n")


def outermost_build(config) -> bool:
    """False inside one of mkdocs-static-i18n's per-language builds."""
    i18n = _i18n(config)
    return i18n is None or not require(i18n, "building", "mkdocs-static-i18n")


def language_roots(config) -> list[dict] | None:
    """The language switch's entries pointing at each language's home page."""
    i18n = _i18n(config)
    return None if i18n is None else [dict(entry) for entry in require(i18n, "extra_alternate", "mkdocs-static-i18n") or []]


# --------------------------------------------------------------------------- Material's search


def search_entries(config) -> tuple[list[dict], dict] | None:
    """(the entries Material's search plugin indexed in this build, its index options)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None:
        return None
    index = require(plugin, "search_index", "mkdocs-material")
    entries = require(index, "entries", "mkdocs-material")
    return list(entries), {key: plugin.config[key] for key in ("lang", "separator", "pipeline", "fields")}
