"""Build site/: an index and one HTML page per notebook, every explorer live, from disk, offline.

Each notebook is run afresh (`notebook_export`) so that its explorers' state is in
the page; nbconvert's lab page then loads require.js, the widget manager and
anywidget's front end from site/assets/ (`offline_assets`), never from a CDN.
The folder can be opened from disk or copied to any web server.
Usage: python scripts/build_site.py [OUTPUT]
"""

import html
import pathlib
import sys

import notebook_export
import offline_assets
from nbconvert import HTMLExporter
from traitlets.config import Config

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATES = [str(ROOT / "scripts" / "site_template")]


def exporter():
    config = Config()
    config.HTMLExporter.extra_template_basedirs = TEMPLATES
    config.HTMLExporter.template_name = "lossviz_site"
    config.HTMLExporter.require_js_url = offline_assets.REQUIRE_JS
    config.HTMLExporter.mathjax_url = offline_assets.MATHJAX
    config.HTMLExporter.widget_renderer_url = offline_assets.WIDGET_RENDERER
    return HTMLExporter(config=config)


INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>lossviz: loss functions, explained</title>
<style>body {{ font-family: sans-serif; font-size: 20px; max-width: 900px; margin: 2em auto; line-height: 1.5; }}</style>
</head><body><main>
<h1>Loss functions, explained</h1>
<p>Read the lessons in order. Every explorer is live: drag its sliders, or click one and use the arrow keys
(Shift + arrow for a fine step). Nothing here needs the internet or Python.</p>
<ol start="0">
{pages}
</ol>
</main></body></html>
"""


def build(output):
    pages = notebook_export.export_all(output, exporter(), ".html")
    rows = [f'<li><a href="{page.name}">{html.escape(notebook.metadata["title"])}</a></li>' for page, notebook in pages]
    (pathlib.Path(output) / "index.html").write_text(INDEX.format(pages="\n".join(rows)), encoding="utf-8")
    return [page for page, _ in pages]


if __name__ == "__main__":
    for page in build(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site"):
        print(page)
