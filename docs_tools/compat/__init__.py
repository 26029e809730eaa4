"""The chapter doctests on other torch/torchvision releases: the run (compat_run.py, on a bare Python), its results (compat_results.py) and the page made from them (compat_page.py)."""
