"""Build site/: the page sent to students after class. An index, one HTML page per notebook with every
explorer live (from disk, offline), and each notebook's .ipynb to download.

Each notebook is run afresh (`notebook_export`) so that its explorers' state is in
the page, where a few lines of lossviz's own (`widget_embed.js`) draw them; MathJax comes
from site/assets/ (`offline_assets`), never from a CDN.
The pages carry no speaker notes and no output of the setup cell. The index links
the decks and the handouts in the folders beside this one, slides/ and handouts/
(`make slides`, `make handout`): the three folders are copied together.
Usage: python scripts/build_site.py [OUTPUT]
"""

import html
import pathlib
import shutil
import sys

import manifest
import notebook_export
import offline_assets
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from slide_metadata import is_speaker_note
from traitlets.config import Config

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATES = [str(ROOT / "scripts" / "site_template")]
# Where the index finds what `make slides` and `make handout` build: beside site/, as in the repository.
SLIDES, HANDOUTS = "../slides", "../handouts"
LECTURE = "lecture"  # slides/lecture.slides.html, printed to handouts/lecture.pdf
FIRST_EXPLORER = "first-explorer"  # the id of the cell the skip link leads to (the template's too)


class SitePage(HTMLExporter):
    """nbconvert's lab page, with cells and outputs that are not tab stops.

    nbconvert makes every cell's input and every output focusable (tabindex 0): 54 stops on a page
    before its first explorer. A page to read needs none of them: nothing in it scrolls inside a
    cell at the page's width, and the browser lets the keyboard into whatever does scroll."""

    def from_notebook_node(self, nb, resources=None, **kw):
        body, resources = super().from_notebook_node(nb, resources, **kw)
        soup = BeautifulSoup(body, features="html.parser")
        for element in soup.select("div.jp-Cell-inputWrapper[tabindex], div.jp-OutputArea-output[tabindex]"):
            del element.attrs["tabindex"]
        return str(soup), resources


def exporter():
    config = Config()
    config.HTMLExporter.extra_template_basedirs = TEMPLATES
    config.HTMLExporter.template_name = "lossviz_site"
    config.HTMLExporter.require_js_url = offline_assets.REQUIRE_JS
    config.HTMLExporter.mathjax_url = offline_assets.MATHJAX
    return SitePage(config=config)


def is_explorer(output, widgets):
    """An output that shows one of lossviz's explorers (an anywidget whose id is lossviz's)."""
    view = output.get("data", {}).get(notebook_export.WIDGET)
    model = widgets.get(view["model_id"], {}) if view else {}
    return model.get("state", {}).get("_anywidget_id", "").startswith("lossviz.")


def for_students(notebook):
    """The notebook as read after class: no speaker notes, no setup cell's output (it only says how
    errors are shown), and its first explorer's cell named for the page's skip link."""
    notebook.cells = [cell for cell in notebook.cells if not is_speaker_note(cell)]
    widgets = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell in code:
        if "setup" in cell.metadata.get("tags", []):
            cell.outputs = []
    explorers = [cell for cell in code if any(is_explorer(output, widgets) for output in cell.outputs)]
    if explorers:
        explorers[0].id = FIRST_EXPLORER
    return notebook


INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>lossviz: loss functions, explained</title>
<style>
body {{ font-family: sans-serif; font-size: 20px; max-width: 900px; margin: 2em auto; line-height: 1.5; color: #1a1a1a; }}
a {{ text-decoration: underline; }}
ol.lessons {{ list-style: none; padding-left: 0; }} /* each title carries its own number: 00, 01, ... */
ol.lessons li {{ margin-bottom: 0.6em; }}
.extras {{ font-size: 17px; }}
</style>
</head><body><main>
<h1>Loss functions, explained</h1>
<p>Read the lessons in order. Every explorer is live: drag its sliders, or Tab to one and use the arrow keys
(Shift + arrow for a fine step). Nothing on these pages needs the internet or Python.</p>
<h2>The lessons</h2>
<p>Each lesson as a page to read, its notebook to download and run (in Jupyter, with lossviz installed),
its slides and their handout.</p>
<ol class="lessons">
{pages}
</ol>
<h2>The lecture</h2>
<p><a href="{slides}/{lecture}.slides.html">The lecture's slides</a>
(<a href="{handouts}/{lecture}.pdf">as a PDF</a>), and <a href="{slides}/index.html">every deck</a>.</p>
<h2>To print</h2>
<ul>
<li><a href="{handouts}/exercises.pdf">The exercises</a>, every lesson's, as a sheet to write on</li>
<li><a href="{handouts}/answer_key.pdf">The answer key</a></li>
<li><a href="{handouts}/all_decks.pdf">Every lesson's slides</a>, in one PDF</li>
</ul>
<p class="extras">The slides and the handouts are in the folders <code>slides/</code> and <code>handouts/</code> beside
this site's folder (<code>make slides</code>, <code>make handout</code>): copy the three folders together.</p>
</main></body></html>
"""


def lesson_row(page, notebook, download):
    stem = page.stem
    return (f'<li><a href="{page.name}">{html.escape(notebook.metadata["title"])}</a><br>'
            f'<span class="extras"><a href="{download}" download>the notebook ({stem}.ipynb)</a> · '
            f'<a href="{SLIDES}/{stem}.slides.html">slides</a> · <a href="{HANDOUTS}/{stem}.pdf">slides as a PDF</a></span></li>')


def build(output, lessons=None):
    """The site in `output` for `lessons` (the manifest's by default); returns its lesson pages in reading order."""
    output = pathlib.Path(output)
    lessons = manifest.load() if lessons is None else lessons
    pages = notebook_export.export_all(output, exporter(), ".html", lessons=lessons, prepare=for_students)
    # The notebooks as they are in the repository (run, with their outputs): what a student downloads.
    downloads = output / "notebooks"
    downloads.mkdir(exist_ok=True)
    rows = []
    for lesson, (page, notebook) in zip(lessons, pages, strict=True):
        download = downloads / lesson.file
        shutil.copyfile(lesson.path, download)
        rows.append(lesson_row(page, notebook, download.relative_to(output).as_posix()))
    (output / "index.html").write_text(INDEX.format(pages="\n".join(rows), slides=SLIDES, handouts=HANDOUTS, lecture=LECTURE),
                                       encoding="utf-8")
    return [page for page, _ in pages]


if __name__ == "__main__":
    for page in build(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site"):
        print(page)
