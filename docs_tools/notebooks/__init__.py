"""A Jupyter notebook per chapter: cells from the page (notebook_markdown.py), one real run (notebook_run.py), the download and its page of the site (chapter_notebooks.py, notebook_html.py)."""
