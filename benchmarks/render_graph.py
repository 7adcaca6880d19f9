"""Time graph pages of 500 / 2,000 / 10,000 nodes in headless Chromium.

Prints, per size: HTML size, server-side build time (networkx view -> HTML), and the
time from navigation until vis-network has drawn the first frame (the page is
interactive then: physics is off and positions are precomputed above 200 nodes).
Run: python benchmarks/render_graph.py [sizes...]
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from vanban.graph.visualize import render_view, synthetic_view

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def main(sizes: list[int]) -> None:
    chromium = shutil.which("chromium")
    if not chromium:
        sys.exit("needs chromium on PATH (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        print(f"{'nodes':>7} {'edges':>7} {'HTML MB':>8} {'build s':>8} {'ready s':>8}")
        for n in sizes:
            start = time.perf_counter()
            view = synthetic_view(n)
            html = render_view(view, inline_assets=True)
            built = time.perf_counter() - start
            path = Path(tmp) / f"g{n}.html"
            path.write_text(html, encoding="utf-8")
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            start = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_function("document.body.dataset.ready === '1'", timeout=120_000)
            ready = time.perf_counter() - start
            page.close()
            print(f"{n:>7} {view.graph.number_of_edges():>7} {len(html) / 1e6:>8.2f} "
                  f"{built:>8.2f} {ready:>8.2f}")
        browser.close()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 2000, 10000])
