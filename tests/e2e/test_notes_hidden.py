"""Speaker notes stay with the instructor: a student reading a lesson in JupyterLab or Notebook 7
meets each one folded away (a collapsed cell), never its text in the reading flow."""

import pathlib

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
LESSON = "00_golf_score_intuition.ipynb"


def first_words_of_the_notes(path):
    notebook = nbformat.read(path, as_version=4)
    notes = [cell.source for cell in notebook.cells if cell.metadata.get("slideshow", {}).get("slide_type") == "notes"]
    return [" ".join(source.split("\n", 1)[1].split()[:5]) for source in notes]


@pytest.mark.parametrize("front_end", ["lab/tree", "notebooks"])
def test_a_student_does_not_read_the_speaker_notes(jupyter, page, artifacts, front_end):
    page.goto(jupyter.url(f"{front_end}/{LESSON}"))
    page.wait_for_selector(".jp-Notebook .jp-MarkdownCell .jp-RenderedMarkdown", timeout=60_000)
    # Scroll the whole lesson through, so that every cell is laid out (the notebook renders what is in view).
    shown_text = page.evaluate("""async () => {
        const scroller = document.querySelector('.jp-WindowedPanel-outer') || document.querySelector('.jp-Notebook');
        let text = '';
        for (let top = 0; top <= scroller.scrollHeight; top += 400) {
            scroller.scrollTop = top;
            await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
            text += ' ' + document.querySelector('.jp-Notebook').innerText;
        }
        return text.replace(/\\s+/g, ' ');
    }""")
    page.screenshot(path=str(artifacts / f"notes_folded_{front_end.split('/')[0]}.png"))
    assert "The same number three ways" in shown_text, "the lesson itself is read"
    for words in first_words_of_the_notes(jupyter.notebooks / LESSON):
        assert words not in shown_text, f"a student reads the note {words!r}"
    folded = page.eval_on_selector_all(".jp-MarkdownCell .jp-PlaceholderText", "labels => labels.map(label => label.textContent)")
    assert folded and set(folded) == {"Speaker notes, for the instructor"}, "each note shows as a folded line the instructor can open"
