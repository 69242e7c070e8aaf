"""Build reveal.js slides of every notebook into slides/, working with no internet.

nbconvert's decks load reveal.js, require.js, jQuery and MathJax from CDNs. Here
they come from the npm registry at build time (`offline_assets`) and are copied
beside the decks, which point at them by relative URLs. Each deck is titled by its notebook's first
heading, numbers its slides, links to the other decks where the notebook
links to the other notebooks, and runs its notebook afresh (at the classroom
size) so that every explorer is live in the deck; `index.html` lists the decks and a 50-minute
lecture route through them (`lecture_plan.py`).
Usage: python scripts/build_slides.py [OUTPUT]
"""

import html
import pathlib
import re
import sys

import notebook_export
import offline_assets
from lecture_plan import ROUTE
from nbconvert import SlidesExporter
from traitlets.config import Config

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "scripts" / "slides_template"


def exporter():
    config = Config()
    config.SlidesExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.SlidesExporter.template_name = "lossviz_slides"
    config.SlidesExporter.reveal_url_prefix = f"{offline_assets.ASSETS}/reveal.js"
    config.SlidesExporter.reveal_width = "1280"  # a 16:9 projector's proportions
    config.SlidesExporter.reveal_height = "720"
    config.SlidesExporter.reveal_theme = "white"  # its fonts ship with reveal.js; "simple" fetches Google Fonts
    config.SlidesExporter.reveal_number = "c/t"  # "4/13": where the instructor is, and how much is left
    config.SlidesExporter.require_js_url = offline_assets.REQUIRE_JS
    config.SlidesExporter.jquery_url = f"{offline_assets.ASSETS}/jquery/dist/jquery.min.js"
    config.SlidesExporter.mathjax_url = offline_assets.MATHJAX
    # Each explorer is live in the deck (its widget state is in the page); its snapshots, the other
    # picture its output holds, are for pages with no widget manager.
    config.SlidesExporter.widget_renderer_url = offline_assets.WIDGET_RENDERER
    config.NbConvertBase.display_data_priority = [
        WIDGET, "text/html", "text/markdown", "image/svg+xml", "text/latex", "image/png", "image/jpeg", "text/plain",
    ]
    return SlidesExporter(config=config)


def without_hints(notebook):
    """The exercises' checks without their outputs: an exercise's hint gives the answer away on a
    projected slide."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.startswith("lv.checks."):
            cell.outputs = []
    return notebook


WIDGET = "application/vnd.jupyter.widget-view+json"


def slide_count(notebook):
    """Slides and subslides: what the right-arrow key steps through."""
    return sum(cell.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide") for cell in notebook.cells)


def heading_anchors(deck_html):
    """Each heading's text, mapped to the id nbconvert gave it (a reveal.js named link)."""
    return {html.unescape(re.sub(r"<[^>]+>", "", text)).replace("¶", "").strip(): anchor
            for anchor, text in re.findall(r'<h[1-3] id="([^"]+)">(.*?)</h[1-3]>', deck_html, re.S)}


def write_index(output, decks):
    """slides/index.html: every deck with its slide count and minutes, then the lecture route."""
    rows, anchors = [], {}
    for deck, notebook in decks:
        slides = slide_count(notebook)
        rows.append(f'<tr><td><a href="{deck.name}">{html.escape(notebook.metadata["title"])}</a></td>'
                    f"<td>{slides}</td><td>about {round(1.5 * slides)}</td></tr>")
        anchors[deck.name.split(".")[0]] = (deck.name, heading_anchors(deck.read_text(encoding="utf-8")))
    route, total = [], 0
    for stem, heading, minutes in ROUTE:
        name, headings = anchors[stem]
        total += minutes
        route.append(f'<tr><td>{total - minutes}–{total}</td><td>{stem[:2]}</td>'
                     f'<td><a href="{name}#{headings[heading]}">{html.escape(heading)}</a></td><td>{minutes}</td></tr>')
    (output / "index.html").write_text(INDEX.format(decks="\n".join(rows), route="\n".join(route), total=total),
                                       encoding="utf-8")


INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>lossviz: the decks and a 50-minute lecture</title>
<style>
body {{ font-family: sans-serif; font-size: 20px; max-width: 1100px; margin: 2em auto; line-height: 1.4; }}
table {{ border-collapse: collapse; margin-bottom: 1.5em; }}
td, th {{ border-bottom: 1px solid #ccc; padding: 0.3em 1em 0.3em 0; text-align: left; }}
</style></head>
<body><main>
<h1>Loss functions: the decks</h1>
<p>Each deck opens from disk, with no internet. The right arrow (or a clicker) steps through every slide;
<kbd>S</kbd> opens the speaker view with the notes, <kbd>Esc</kbd> the overview. Every explorer is live:
drag a slider, or click it and use the arrow keys (<kbd>Shift</kbd> + arrow for a fine step); while a slider
has the keys the slide stays, and <kbd>Esc</kbd> gives them back to the deck.</p>
<table><tr><th>deck</th><th>slides</th><th>minutes, whole deck</th></tr>
{decks}
</table>
<h2>A {total}-minute lecture</h2>
<p>Show these sections, in this order; leave the rest of each deck (the same number three ways,
the mistakes on purpose, the exercises) for the students to read and run.</p>
<table><tr><th>minute</th><th>deck</th><th>section</th><th>minutes</th></tr>
{route}
</table>
</main></body></html>
"""


def build(output):
    # Run afresh at the classroom size: the explorers' text is read from the back of the room.
    decks = notebook_export.export_all(output, exporter(), ".slides.html", size="classroom", prepare=without_hints)
    write_index(pathlib.Path(output), decks)
    return [deck for deck, _ in decks]


if __name__ == "__main__":
    for deck in build(sys.argv[1] if len(sys.argv) > 1 else ROOT / "slides"):
        print(deck)
