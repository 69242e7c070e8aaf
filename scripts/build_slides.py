"""Build reveal.js slides of every notebook into slides/, working with no internet.

nbconvert's decks load reveal.js, require.js, jQuery and MathJax from CDNs. Here
they come from the npm registry at build time (`offline_assets`) and are copied
beside the decks, which point at them by relative URLs. Each deck is titled by its notebook's first
heading, numbers its slides, links to the other decks where the notebook
links to the other notebooks, and runs its notebook afresh (at the classroom
size) so that every explorer is live in the deck. The lecture deck (lecture/lecture.ipynb) is built
the same way with its own stylesheet for the back of the room (scripts/lecture.css), titles at a
fixed height and each slide's minutes (`lecture_plan.py`); `index.html` lists it first, with its
plan, then the lessons' decks.
Usage: python scripts/build_slides.py [OUTPUT]
"""

import html
import pathlib
import re
import sys

import manifest
import notebook_export
import offline_assets
from lecture_plan import PACE
from nbconvert import SlidesExporter
from traitlets.config import Config

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "scripts" / "slides_template"
LECTURE = ROOT / "lecture" / "lecture.ipynb"
LECTURE_CSS = (ROOT / "scripts" / "lecture.css").read_text()


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
    # Each explorer is live in the deck (its widget state is in the page, drawn by widget_embed.js);
    # its snapshots, the other picture its output holds, are for frontends with no widget manager.
    config.NbConvertBase.display_data_priority = [
        notebook_export.WIDGET, "text/html", "text/markdown", "image/svg+xml", "text/latex", "image/png", "image/jpeg", "text/plain",
    ]
    return SlidesExporter(config=config)


def for_the_deck(notebook):
    """The notebook as projected: the exercises' checks without their outputs (a hint gives the answer
    away on a projected slide, and a predict-then-run experiment only asks for the prediction there),
    speaker notes without their label line, "Speaker notes, for the instructor" (the speaker view
    says what they are), and the code of cells tagged "remove-input" (the lecture's explorers) left out."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.startswith(("lv.checks.", "if lv.checks.answered(")):
            cell.outputs = []
        if cell.metadata.get("slideshow", {}).get("slide_type") == "notes":
            cell.source = SPEAKER_NOTES_LABEL.sub("", cell.source, count=1)
        if "remove-input" in cell.metadata.get("tags", []):
            cell.metadata["transient"] = {"remove_source": True}
    return notebook


# The first line of a notes cell, all that JupyterLab shows of it folded: a student sees what it is, not what it says.
SPEAKER_NOTES_LABEL = re.compile(r"^\s*speaker notes[^\n]*\n\s*", re.I)


def paced(notebook):
    """The lecture for the deck, each slide carrying its minutes from `PACE` as reveal.js's `data-timing`
    (seconds). The slides must be PACE's headings, in order."""
    notebook = for_the_deck(notebook)
    starts = [cell for cell in notebook.cells if cell.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide")]
    headings = [heading_text(cell.source) for cell in starts]
    if headings != [heading for heading, _ in PACE]:
        raise ValueError(f"lecture_plan.PACE must list the lecture's slides in order; the lecture has {headings}")
    for cell, (_, minutes) in zip(starts, PACE):
        cell.metadata.slideshow["data"] = {"timing": round(60 * minutes)}
    return notebook


def heading_text(markdown):
    """A cell's first heading as the deck shows it: "In PyTorch: nn.MSELoss"."""
    return markdown.lstrip().split("\n", 1)[0].lstrip("#").replace("`", "").strip()


def slide_count(notebook):
    """Slides and subslides: what the right-arrow key steps through."""
    return sum(cell.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide") for cell in notebook.cells)


def heading_anchors(deck_html):
    """Each heading's text, mapped to the id nbconvert gave it (a reveal.js named link)."""
    return {html.unescape(re.sub(r"<[^>]+>", "", text)).replace("¶", "").strip(): anchor
            for anchor, text in re.findall(r'<h[1-3] id="([^"]+)">(.*?)</h[1-3]>', deck_html, re.S)}


def write_index(output, lecture, decks, lessons):
    """slides/index.html: the lecture deck and its plan, slide by slide with the lesson that teaches it (the
    manifest's `lecture`), then every lesson's deck."""
    lecture_file, lecture_notebook = lecture
    anchors = heading_anchors(lecture_file.read_text(encoding="utf-8"))
    taught_in = {heading: lesson for lesson in lessons for heading in lesson.lecture_slides}
    plan, total = [], 0
    for heading, minutes in PACE:
        total += minutes
        lesson = taught_in.get(heading)
        deck = f'<a href="{lesson.stem}.slides.html">{html.escape(lesson.heading)}</a>' if lesson else ""
        plan.append(f'<tr><td>{minute(total - minutes)}–{minute(total)}</td>'
                    f'<td><a href="{lecture_file.name}#{anchors[heading]}">{html.escape(heading)}</a></td><td>{deck}</td></tr>')
    rows = []
    for deck, notebook in decks:
        slides = slide_count(notebook)
        rows.append(f'<tr><td><a href="{deck.name}">{html.escape(notebook.metadata["title"])}</a></td>'
                    f"<td>{slides}</td><td>about {round(1.5 * slides)}</td></tr>")
    (output / "index.html").write_text(INDEX.format(lecture=lecture_file.name, title=html.escape(lecture_notebook.metadata["title"]),
                                                    slides=slide_count(lecture_notebook), total=minute(total),
                                                    plan="\n".join(plan), decks="\n".join(rows)), encoding="utf-8")


def minute(minutes):
    """12.5 as "12½": the plan's half minutes."""
    return f"{int(minutes)}{'½' if minutes % 1 else ''}"


INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>lossviz: a 50-minute lecture on loss functions, and the lessons' decks</title>
<style>
body {{ font-family: sans-serif; font-size: 20px; max-width: 1100px; margin: 2em auto; line-height: 1.4; }}
table {{ border-collapse: collapse; margin-bottom: 1.5em; }}
td, th {{ border-bottom: 1px solid #ccc; padding: 0.3em 1em 0.3em 0; text-align: left; }}
a {{ text-decoration: underline; }}
</style></head>
<body><main>
<h1>Loss functions: the lecture and the decks</h1>
<p>Each deck opens from disk, with no internet. <kbd>Page Down</kbd>, the right arrow or a clicker
steps through every slide and every answer; <kbd>S</kbd> opens the speaker view with the notes and
the time each slide should take, <kbd>B</kbd> or <kbd>.</kbd> blacks the screen (again to come back),
<kbd>Esc</kbd> the overview. Every explorer is live: drag a slider, or
Tab to it and use the arrow keys (<kbd>Shift</kbd> + arrow for a fine step); after a drag, or with a
slider focused, <kbd>Page Down</kbd> and the clicker still turn the slide.</p>
<h2>The lecture: <a href="{lecture}">{title}</a></h2>
<p>{slides} slides in {total} minutes, written for the projector: one idea a slide, a question to the
room before each answer (the next click shows it), five live explorers, a recap. Start it from its first
slide; each line below opens its slide, and its lesson's deck, which teaches the same at length.</p>
<table><tr><th>minute</th><th>slide</th><th>lesson</th></tr>
{plan}
</table>
<h2>The lessons' decks</h2>
<p>Every lesson as a deck, for reference: the same number three ways, the mistakes made on purpose,
the exercises.</p>
<table><tr><th>deck</th><th>slides</th><th>minutes, whole deck</th></tr>
{decks}
</table>
</main></body></html>
"""


def build(output, lessons=None):
    """Every deck into `output`, of `lessons` (the manifest's by default) and of the lecture; returns their
    files, the lessons' in reading order, then the lecture's."""
    lessons = manifest.load() if lessons is None else lessons
    # Run afresh at the classroom size: the explorers' text is read from the back of the room.
    decks = notebook_export.export_all(output, exporter(), ".slides.html", lessons=lessons, size="classroom", prepare=for_the_deck)
    lecture = notebook_export.export(LECTURE, output, exporter(), ".slides.html", size="classroom", prepare=paced,
                                     resources={"deck_css": LECTURE_CSS, "top_aligned": True})
    write_index(pathlib.Path(output), lecture, decks, lessons)
    return [deck for deck, _ in decks] + [lecture[0]]


if __name__ == "__main__":
    for deck in build(sys.argv[1] if len(sys.argv) > 1 else ROOT / "slides"):
        print(deck)
