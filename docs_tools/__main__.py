"""`python -m docs_tools`: write every generated input of the site (docs_tools.inputs.generate)."""

from docs_tools.inputs.generate import main

main()
