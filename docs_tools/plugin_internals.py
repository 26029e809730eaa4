"""Every use of another package's private state, in one place.

The build relies on three plugins beyond their documented interfaces. Each
use is here, with the release it was written against (pyproject.toml caps each
plugin at it). :func:`require` turns a missing internal into an error that
names the plugin, its installed version and what is gone, instead of an
unrelated-looking failure deep in a build; tests/test_plugin_internals.py
checks every internal listed in :data:`INTERNALS` against the installed
plugins.

- mkdocs-static-i18n 1.3.1 builds each language in turn inside one
  ``mkdocs build``: ``plugin.building`` is true during those nested builds, and
  ``plugin.extra_alternate`` holds the language roots for the switch. It also
  rebuilds the file list, turning mkdocs-jupyter's notebook pages back into
  plain files; :func:`make_documentation_page` makes them pages again.
- mkdocs-jupyter 0.26.3 caches rendered notebooks and, after each build,
  evicts the entries that build did not use (``plugin._used_cache_paths``,
  its ``cache`` option). With two language builds, each would evict the
  other's entries; eviction is held back until both are built.
- mkdocs-material 9.8.2's search plugin keeps the index it builds in
  ``plugin.search_index.entries``; the site writes one index per language
  from it (docs_tools.search_index).
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from mkdocs.structure.files import File

WRITTEN_AGAINST = {"mkdocs-static-i18n": "1.3.1", "mkdocs-jupyter": "0.26.3", "mkdocs-material": "9.8.2"}

# (distribution, module, class, attribute names its instances get) for every internal used here.
INTERNALS = [
    ("mkdocs-static-i18n", "mkdocs_static_i18n.plugin", "I18n", ("building", "extra_alternate")),
    ("mkdocs-jupyter", "mkdocs_jupyter.plugin", "Plugin", ("_used_cache_paths",)),
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


class _DocumentationPage(File):
    """A File that MkDocs builds as a page (mkdocs-jupyter renders its content)."""

    def is_documentation_page(self) -> bool:
        return True

    def is_static_page(self) -> bool:
        return False


def make_documentation_page(file: File) -> None:
    """Turn a file that mkdocs-static-i18n made static back into a page, in place (its URL stays)."""
    file.__class__ = _DocumentationPage


# --------------------------------------------------------------------------- mkdocs-jupyter


_cache_entries_used: set[Path] = set()


def _jupyter(config):
    return config.plugins.get("mkdocs-jupyter")


def notebook_cache_start(config) -> None:
    """Before each language build: the plugin's cache as configured; a new record at the outermost build."""
    plugin = _jupyter(config)
    if plugin is None:
        return
    plugin.configured_cache = getattr(plugin, "configured_cache", plugin.config["cache"])
    plugin.config["cache"] = plugin.configured_cache
    if outermost_build(config):
        _cache_entries_used.clear()


def notebook_cache_hold(config) -> None:
    """After each language build, before the plugin evicts: note what it used, and let it evict nothing."""
    plugin = _jupyter(config)
    if plugin is not None and getattr(plugin, "configured_cache", False):
        _cache_entries_used.update(Path(path).resolve() for path in require(plugin, "_used_cache_paths", "mkdocs-jupyter"))
        plugin.config["cache"] = False


def notebook_cache_evict(config) -> None:
    """After every language is built: remove the entries no language used."""
    plugin = _jupyter(config)
    if plugin is None or not getattr(plugin, "configured_cache", False) or not outermost_build(config):
        return
    folder = Path(plugin.config["cache_dir"])
    for entry in folder.glob("*.json") if folder.is_dir() else []:
        if entry.resolve() not in _cache_entries_used:
            entry.unlink()
    plugin.config["cache"] = True


# --------------------------------------------------------------------------- Material's search


def search_entries(config) -> tuple[list[dict], dict] | None:
    """(the entries Material's search plugin indexed in this build, its index options)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None:
        return None
    index = require(plugin, "search_index", "mkdocs-material")
    entries = require(index, "entries", "mkdocs-material")
    return list(entries), {key: plugin.config[key] for key in ("lang", "separator", "pipeline", "fields")}
