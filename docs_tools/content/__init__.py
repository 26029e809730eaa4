"""Pages and links made from the project's data: the glossary (glossary.py, api_links.py) and the errata (errata.py)."""
