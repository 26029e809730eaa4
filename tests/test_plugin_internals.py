"""The plugins' private state that the build relies on is still there (docs_tools/plugin_internals.py).

A plugin upgrade that drops one fails here, naming the plugin, its version and
the attribute, rather than as an unrelated-looking error inside a build.
"""

from __future__ import annotations

import importlib
import inspect
from importlib.metadata import version

import pytest

from docs_tools.plugin_internals import INTERNALS, WRITTEN_AGAINST, PluginInternalsError, require


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
