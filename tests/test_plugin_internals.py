"""The plugins' private state that the build relies on is still there (docs_tools/plugin_internals.py).

A plugin upgrade that drops one fails here, naming the plugin, its version and
the attribute, rather than as an unrelated-looking error inside a build. The
same goes for the core, ProperDocs: every name the tooling imports from it is
listed and there, the plugins meet it through its `mkdocs` alias, and the
site is built by it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys
from importlib.metadata import version

import pytest

from docs_tools.pages import ROOT
from docs_tools.plugin_internals import CORE, CORE_DISTRIBUTION, INTERNALS, WRITTEN_AGAINST, PluginInternalsError, require
from tests.conftest import site_build

CORE_WHERE = f"{CORE_DISTRIBUTION} {version(CORE_DISTRIBUTION)} (written against {WRITTEN_AGAINST[CORE_DISTRIBUTION]})"


@pytest.mark.parametrize(("distribution", "module", "name", "attributes"), INTERNALS, ids=[f"{d}:{c}" for d, _, c, _ in INTERNALS])
def test_the_internals_used_are_still_there(distribution, module, name, attributes):
    where = f"{distribution} {version(distribution)} (written against {WRITTEN_AGAINST[distribution]})"
    cls = getattr(importlib.import_module(module), name, None)
    assert cls is not None, f"{where}: {module}.{name} is gone"
    # Instance attributes are assigned in the class's methods (or a base class's).
    source = "".join(inspect.getsource(base) for base in cls.__mro__ if base.__module__.split(".")[0] == module.split(".")[0])
    missing = [attribute for attribute in attributes if f"self.{attribute} =" not in source]
    assert not missing, f"{where}: {name} no longer sets {missing}; update docs_tools/plugin_internals.py"


def test_a_missing_internal_names_the_plugin_and_its_version():
    class I18n:
        pass

    with pytest.raises(PluginInternalsError, match=rf"mkdocs-static-i18n {version('mkdocs-static-i18n')} has no I18n\.building"):
        require(I18n(), "building", "mkdocs-static-i18n")


# --------------------------------------------------------------------------- the core: ProperDocs


def core_imports() -> list[tuple[str, str, str]]:
    """(file, module, name) for every name docs_tools imports from the core; `mkdocs.*` read as the alias it is."""
    found = []

    def core(module: str) -> str | None:
        top = module.split(".")[0]
        return "properdocs" + module[len(top) :] if top in ("mkdocs", "properdocs") else None

    for path in sorted((ROOT / "docs_tools").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and core(node.module):
                found += [(where, core(node.module), alias.name) for alias in node.names]
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if core(alias.name):
                        module, _, name = core(alias.name).rpartition(".")
                        found.append((where, module, name))
    return found


@pytest.mark.parametrize(("module", "name"), CORE, ids=[f"{m}.{n}" for m, n in CORE])
def test_the_core_names_used_are_there(module, name):
    imported = importlib.import_module(module)
    if not hasattr(imported, name):
        importlib.import_module(f"{module}.{name}")  # a submodule
    assert hasattr(importlib.import_module(module), name), f"{CORE_WHERE}: {module}.{name} is gone"


def test_the_tooling_imports_nothing_else_from_the_core():
    imports = core_imports()
    assert imports, "docs_tools imports nothing from the core: is the scan still right?"
    unlisted = [f"{where}: {module}.{name}" for where, module, name in imports if (module, name) not in CORE]
    assert not unlisted, f"not in docs_tools/plugin_internals.py's CORE (add them, with why): {unlisted}"


def test_the_plugins_meet_the_core_through_its_alias():
    """Material and mkdocs-static-i18n import `mkdocs.*`; with the tooling loaded, that is ProperDocs."""
    probe = (
        "import docs_tools, mkdocs, properdocs, properdocs.plugins\n"
        "from mkdocs.config import load_config\n"
        "assert mkdocs is properdocs, mkdocs\n"
        "config = load_config('mkdocs.yml')\n"
        "plugins = dict(config.plugins)\n"
        "assert {'material/search', 'i18n'} <= set(plugins), plugins\n"
        "assert all(isinstance(plugins[n], properdocs.plugins.BasePlugin) for n in ('material/search', 'i18n')), plugins\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"{CORE_WHERE}:\n{result.stderr[-3000:]}"


def test_the_site_is_built_by_the_core(built_site):
    page = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'content="mkdocs-ProperDocs {version(CORE_DISTRIBUTION)}, ' in page, "the site was not built by ProperDocs"


def test_the_build_prints_no_notice_about_its_core(tiny_site, tmp_path):
    """No notice from a plugin about MkDocs' future (so no NO_MKDOCS_2_WARNING), none about the config's name."""
    result = site_build(tiny_site, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Material's end-of-life banner and ProperDocs' own "switch to ProperDocs" notice both name
    # an environment variable ending in MKDOCS_2_WARNING that silences them.
    for notice in ("MKDOCS_2_WARNING", "reaches end of life", "should be renamed to 'properdocs.yml'"):
        assert notice not in output, f"the build printed {notice!r}:\n{output}"
