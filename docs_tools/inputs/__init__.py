"""What is written before the site is built: the figures (figures.py) and, in one go with them, the chapter notebooks (generate.py, ``python -m docs_tools``)."""
