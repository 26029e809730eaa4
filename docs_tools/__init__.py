"""The site's tooling (CONTRIBUTING.md lists its modules).

The site generator is ProperDocs, the maintained continuation of MkDocs 1.6.
The tooling imports ``mkdocs.*``, as the plugins it runs with (Material,
mkdocs-static-i18n) do; ProperDocs' command line redirects those imports to
``properdocs.*`` before it loads any of them. Importing
``properdocs.replacement`` here does the same in every other process that
uses the tooling (``python -m docs_tools``, the tests, docs_tools.content.errata
reading mkdocs.yml), so one core is used everywhere: otherwise the ``mkdocs``
package, which those plugins still declare, would be imported, and
ProperDocs' ``load_config`` refuses plugin classes built on it.

Where ``mkdocs`` is already imported (``mkdocs build``, MkDocs 1.6 itself,
kept runnable for comparison) nothing is redirected, and where ProperDocs is
not installed (the compatibility run's driver, docs_tools.compat.compat_run, runs on
a bare Python) there is nothing to redirect.
"""

import sys

if "mkdocs" not in sys.modules:
    try:
        import properdocs.replacement  # noqa: F401
    except ModuleNotFoundError:
        pass
