"""A lesson added as CONTRIBUTING.md says, through the manifest alone, reaches the site's index, the decks, the exercise
sheet and its answer key, and the exercise checks' tests: a toy lesson after a copy of the last lesson, in a manifest of
their own in a temporary folder, built by the real builders (each runs its notebooks, as `make site` and `make slides` do)."""

import json
import re
import shutil
import sys

import nbformat
import pytest
from missing_tool import skip_or_fail

import exercise_answers
import manifest

LAST = manifest.load()[-1]
TOY_NUMBER = f"{int(LAST.number) + 1:02d}"
# On the lecture's route too: its last slide, which no lesson of the course claims.
TOY = {"number": TOY_NUMBER, "file": f"{TOY_NUMBER}_toy_lesson.ipynb", "title": "A toy lesson",
       "explorers": ["mse"], "exercises": ["check_squared_error"], "lecture": {"slides": ["What to read next"], "explorers": []}}
QUESTION = "**Exercise 1.** What is the squared error of the prediction 0.8 for the target 1?"


def toy_notebook():
    """The smallest lesson: its heading, a link back, a setup cell, an explorer, a checked exercise, speaker notes."""
    cell = nbformat.v4
    return cell.new_notebook(cells=[
        cell.new_markdown_cell(f"# {TOY_NUMBER} · {TOY['title']}\n\nPrevious: [{LAST.heading}]({LAST.file}) · *The last notebook.*"),
        cell.new_code_cell("import lossviz as lv"),
        cell.new_markdown_cell("## Explore\n\nMove the prediction: the squared error follows."),
        cell.new_code_cell("lv.explore(lv.mse)"),
        cell.new_markdown_cell("Speaker notes, for the instructor\n\nAsk where the loss is lowest."),
        cell.new_markdown_cell(f"## Exercises\n\n{QUESTION} Replace `None` with your answer, then run the check below."),
        cell.new_code_cell("answer = None"),
        cell.new_code_cell("lv.checks.check_squared_error(answer)"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """(lessons, folder): the last lesson and the toy lesson after it, their manifest and notebooks in notebooks/."""
    if shutil.which("npm") is None:
        skip_or_fail("the toy lesson's build", "no npm to fetch reveal.js and MathJax from the registry")
    import slide_metadata

    folder = tmp_path_factory.mktemp("toy_course")
    notebooks = folder / "notebooks"
    notebooks.mkdir()
    shutil.copyfile(LAST.path, notebooks / LAST.file)
    nbformat.write(toy_notebook(), notebooks / TOY["file"])
    slide_metadata.write_slide_metadata(notebooks / TOY["file"])  # as `make execute` does
    entries = json.loads(manifest.MANIFEST.read_text(encoding="utf-8"))["lessons"]
    (notebooks / "lessons.json").write_text(json.dumps({"lessons": [entries[-1], TOY]}), encoding="utf-8")
    return manifest.load(notebooks / "lessons.json"), folder


def test_the_toy_lesson_is_read_from_the_manifest(course):
    lessons, folder = course
    toy = lessons[-1]
    assert (toy.number, toy.heading, toy.path) == (TOY_NUMBER, f"{TOY_NUMBER} · A toy lesson", folder / "notebooks" / TOY["file"])


def test_the_site_index_lists_the_toy_lesson_with_its_live_explorer(course):
    import build_site

    lessons, folder = course
    pages = build_site.build(folder / "site", lessons)
    assert [page.name for page in pages] == [f"{lesson.stem}.html" for lesson in lessons]
    index = (folder / "site" / "index.html").read_text(encoding="utf-8")
    listed = index.split('<ol class="lessons">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r'<li><a href="([^"]+)">', listed) == [page.name for page in pages]
    assert f">{TOY_NUMBER} · A toy lesson</a>" in index and f"notebooks/{TOY['file']}" in index
    assert (folder / "site" / "notebooks" / TOY["file"]).is_file()
    page = pages[-1].read_text(encoding="utf-8")
    assert page.count('<script type="application/vnd.jupyter.widget-view+json">') == 1  # the explorer, live
    assert "Ask where the loss is lowest" not in page  # speaker notes stay off the site


def test_the_decks_include_the_toy_lesson_linked_from_the_last_one(course):
    import build_slides

    lessons, folder = course
    decks = build_slides.build(folder / "slides", lessons)
    assert [deck.name for deck in decks] == [f"{lesson.stem}.slides.html" for lesson in lessons] + ["lecture.slides.html"]
    toy_deck = decks[-2].read_text(encoding="utf-8")
    assert f'href="{LAST.stem}.slides.html"' in toy_deck  # its Previous link, to the last lesson's deck
    assert toy_deck.count('<script type="application/vnd.jupyter.widget-view+json">') == 1
    assert '<aside class="notes">' in toy_deck
    index = (folder / "slides" / "index.html").read_text(encoding="utf-8")
    toy_link = f'<a href="{decks[-2].name}">{TOY_NUMBER} · A toy lesson</a>'
    assert index.count(toy_link) == 2  # in the lessons' decks, and beside the lecture's slide it claims
    assert re.search(rf">What to read next</a></td><td>{re.escape(toy_link)}</td></tr>", index)


def test_the_exercise_sheet_and_the_answer_key_ask_the_toy_lessons_question(course):
    import build_exercises

    lessons, folder = course
    output = folder / "handouts"
    output.mkdir()
    sheet, key = build_exercises.write(output, "MathJax.js", lessons)
    for page in (sheet, key):
        text = page.read_text(encoding="utf-8")
        assert f"<h2>{TOY_NUMBER} · A toy lesson</h2>" in text and "What is the squared error of the prediction 0.8" in text
        assert "Replace" not in text  # what the notebook says about its cells is not on paper
    assert "<b>Answer: 0.04</b>" in key.read_text(encoding="utf-8").split(f"<h2>{TOY_NUMBER} · A toy lesson</h2>")[1]


TOY_ANSWERS = '''from lossviz import checks

NUMERIC = [(checks.check_squared_error, 0.04, [(0.2, "square it")])]
OTHER_CHECKS = []
'''


def test_the_checks_tests_ask_for_the_toy_lessons_answers_then_run_them(course, tmp_path, monkeypatch):
    lessons, _ = course
    with pytest.raises(LookupError, match=f"add tests/exercise_answers/lesson{TOY_NUMBER}.py"):
        exercise_answers.for_lessons(lessons)
    # The answers file written where the package finds it (a folder of its own here, not tests/exercise_answers/).
    (tmp_path / f"lesson{TOY_NUMBER}.py").write_text(TOY_ANSWERS, encoding="utf-8")
    monkeypatch.setattr(exercise_answers, "__path__", [*exercise_answers.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, f"exercise_answers.lesson{TOY_NUMBER}", raising=False)
    answers = exercise_answers.for_lessons(lessons)
    assert [module.__name__ for module in answers] == [f"exercise_answers.lesson{LAST.number}", f"exercise_answers.lesson{TOY_NUMBER}"]
    check, right, wrongs = answers[-1].NUMERIC[0]
    assert check(right).correct is True and all(check(wrong).correct is False for wrong, _ in wrongs)
    monkeypatch.delitem(sys.modules, f"exercise_answers.lesson{TOY_NUMBER}")
