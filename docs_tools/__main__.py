"""`python -m docs_tools`: write every generated input of the site (docs_tools.generate)."""

from docs_tools.generate import main

main()
