"""The exercises of every notebook as a sheet to hand out, and an answer key, from one source.

The questions are the notebooks' own exercise cells (less what they say about the notebook's cells); each answer and its
explanation come from the notebook's check (`lv.checks`): the right answer the
check expects, and what the check says when given it. Nothing is copied, so
the sheet, the key and the notebooks cannot disagree. Written as HTML pages
(maths by the decks' local MathJax) that `build_handout.py` prints to PDF.
"""

import html
import inspect
import os
import pathlib
import re
import textwrap

import manifest
import nbformat
import notebook_export
import numpy as np
from nbconvert.filters import markdown2html

from lossviz import checks
from lossviz._format import fixed

CHECK_CALL = re.compile(r"^lv\.checks\.(check_\w+)\(answer\)")


def exercises(lessons=None):
    """(notebook title, [(question markdown, check)]) for every lesson (`lessons`, or the manifest's), in reading order."""
    found = []
    for lesson in manifest.load() if lessons is None else lessons:
        notebook = nbformat.read(lesson.path, as_version=4)
        questions, question = [], None
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                # The question, without the section's heading the first one comes under.
                question = "\n".join(line for line in cell.source.splitlines() if not line.startswith("#")).strip()
            elif match := CHECK_CALL.match(cell.source):
                questions.append((question, getattr(checks, match[1])))
        found.append((notebook_export.title(notebook), questions))
    return found


def shown(answer):
    """An answer as a student would write it: 0.04, 1.3333, [0, 0, −1.3333], 'CrossEntropyLoss', a function's code."""
    if isinstance(answer, str):
        return f"<code>{html.escape(repr(answer))}</code>"
    if callable(answer):  # a function to write: the key shows one that the check accepts
        return f"<pre>{html.escape(textwrap.dedent(inspect.getsource(answer)))}</pre>"
    values = np.asarray(answer, dtype=float)
    if values.shape:
        return "[" + ", ".join(shown(value) for value in values.ravel()) + "]"
    text = fixed(values)
    return html.escape(text.rstrip("0").rstrip(".") if "." in text else text)


# What a notebook says about its own cells ("Replace `None` with your answer ..., then run the check
# below."): sentences left off the paper, where there is nothing to replace or run.
# A sentence may break across lines in the cell's source, hence \s+ between words.
NOTEBOOK_ONLY = re.compile(r"`None`|\bNone\b|run\s+the\s+check|the\s+(?:cell|check)\s+(?:below|after)", re.I)


def for_paper(question):
    """A question without its sentences about the notebook's cells."""
    sentences = re.split(r"(?<=[.?!])\s+", question)
    return " ".join(sentence for sentence in sentences if not NOTEBOOK_ONLY.search(sentence))


# The margins the sheets are printed with (`build_handout.print_page`): at least 15 mm of paper all
# round, for a printer's grip and a binder's holes.
MARGIN = "18mm"

NAME_LINE = '<p class="name-line"><span>Name</span><span class="blank"></span><span>Date</span><span class="blank short"></span></p>'


def page(title, body, mathjax):
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<script src="{mathjax}?config=TeX-AMS_CHTML-full,Safe"></script>
<script type="text/x-mathjax-config">MathJax.Hub.Config({{tex2jax: {{inlineMath: [["$", "$"]]}}}});</script>
<style>
@page {{ size: A4; }}
body {{ font-family: sans-serif; font-size: 13pt; margin: 0; line-height: 1.45; }}
h1 {{ margin-top: 0; }}
h2 {{ margin-top: 1.4em; border-bottom: 1px solid #999; break-after: avoid; }}
.name-line {{ display: flex; gap: 0.6em; align-items: baseline; margin: 0 0 1.2em; }}
.name-line .blank {{ flex: 3; border-bottom: 1px solid #333; height: 1.2em; }}
.name-line .blank.short {{ flex: 1; }}
/* An exercise and its writing space (or its answer) are never split between two pages. */
.exercise {{ break-inside: avoid; }}
.question {{ margin: 0.8em 0 0.3em; }}
.space {{ height: 6em; border: 1px solid #999; border-radius: 4px; margin-bottom: 1em; }}
.answer {{ margin: 0 0 1.2em 1.5em; }}
</style></head>
<body><h1>{title}</h1>
{body}
</body></html>
"""


def write(output, mathjax, lessons=None):
    """Write exercises.html and answer_key.html of `lessons` (the manifest's by default) into `output`;
    `mathjax` is MathJax.js's path from there."""
    output = pathlib.Path(output)
    sheet, key = [], []
    for title, questions in exercises(lessons):
        sheet.append(f"<h2>{html.escape(title)}</h2>")
        key.append(f"<h2>{html.escape(title)}</h2>")
        for question, check in questions:
            asked = f'<div class="question">{markdown2html(for_paper(question))}</div>'
            sheet.append(f'<div class="exercise">{asked}<div class="space"></div></div>')
            right = check(None).expected
            explained = check(right).message
            key.append(f'<div class="exercise">{asked}<div class="answer"><b>Answer: {shown(right)}</b><br>'
                       f"{html.escape(explained.split('. ', 1)[1] if '. ' in explained else explained)}</div></div>")
    pages = {"exercises.html": page("Loss functions: exercises", NAME_LINE + "\n".join(sheet), mathjax),
             "answer_key.html": page("Loss functions: answer key", "\n".join(key), mathjax)}
    for name, text in pages.items():
        (output / name).write_text(text, encoding="utf-8")
    return [output / name for name in pages]


def mathjax_from(output, slides):
    return os.path.relpath(pathlib.Path(slides) / "assets" / "mathjax" / "MathJax.js", output)
