"""The lesson manifest, notebooks/lessons.json, agrees with what it lists: the notebooks (their titles,
exercises, explorers and previous/next links), the checks and their answers, the READMEs and the lecture.
Each failure says what to change; CONTRIBUTING.md says how a lesson is added."""

import importlib
import pathlib
import re

import nbformat
import pytest

import exercise_answers
import manifest
from lossviz import checks

ROOT = pathlib.Path(__file__).resolve().parent.parent
LESSONS = manifest.load()
IDS = [lesson.number for lesson in LESSONS]
CHECK_CALL = re.compile(r"^lv\.checks\.(check_\w+)\(answer\)", re.M)
# An explorer made in a code cell: lv.explore(lv.mse, ...) is the kind "mse"; lv.explore_outliers(...) is "outliers".
EXPLORER_CALL = re.compile(r"\blv\.explore(?:_(\w+)\(|\(lv\.(\w+))")
# A link to a lesson written "[NN · words](NN_name.ipynb)", from a lesson or from the lecture (../notebooks/).
LESSON_LINK = re.compile(r"(?:(Previous|Next|Back to the start): )?\[(\d\d) · ([^\]]+)\]\((?:\.\./notebooks/)?(\d\d_\w+\.ipynb)[#)]")


def cells(path, kind):
    return [cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == kind]


def explorer_kinds(path):
    return [outside or loss for source in cells(path, "code") for outside, loss in EXPLORER_CALL.findall(source)]


def test_every_notebook_is_a_lesson_of_the_manifest_and_every_lesson_a_notebook():
    on_disk = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))
    listed = [lesson.file for lesson in LESSONS]
    assert not set(on_disk) - set(listed), f"add {sorted(set(on_disk) - set(listed))} to notebooks/lessons.json"
    assert not set(listed) - set(on_disk), f"notebooks/lessons.json lists {sorted(set(listed) - set(on_disk))}: no such notebook"


def test_the_lessons_are_numbered_in_reading_order_from_00():
    expected = [f"{place:02d}" for place in range(len(LESSONS))]
    assert IDS == expected, f"notebooks/lessons.json numbers its lessons {IDS}: number them {expected}, in reading order"
    for lesson in LESSONS:
        assert lesson.file.startswith(f"{lesson.number}_"), f"lesson {lesson.number}'s file {lesson.file} should start {lesson.number}_"


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_a_notebook_opens_with_its_number_and_title(lesson):
    heading = cells(lesson.path, "markdown")[0].splitlines()[0]
    assert heading == f"# {lesson.heading}", f"{lesson.file} starts {heading!r}: the manifest's title gives '# {lesson.heading}'"


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_a_lessons_exercises_are_checks_in_lv_checks_called_by_its_notebook_in_order(lesson):
    missing = [name for name in lesson.exercises if not callable(getattr(checks, name, None))]
    assert not missing, (f"lesson {lesson.number}'s exercises {missing} are not in lv.checks: write them in lossviz/checks/"
                         f"lesson{lesson.number}.py, imported by lossviz/checks/__init__.py")
    try:
        module = importlib.import_module(f"lossviz.checks.lesson{lesson.number}")
    except ModuleNotFoundError:
        pytest.fail(f"write lesson {lesson.number}'s checks in lossviz/checks/lesson{lesson.number}.py, imported by lossviz/checks/__init__.py")
    assert sorted(module.__all__) == sorted(lesson.exercises), (f"lossviz/checks/lesson{lesson.number}.py's __all__ is {module.__all__};"
                                                                f" the lesson's exercises are {list(lesson.exercises)}")
    called = [name for source in cells(lesson.path, "code") for name in CHECK_CALL.findall(source)]
    assert called == list(lesson.exercises), (f"{lesson.file} calls the checks {called}; notebooks/lessons.json lists {list(lesson.exercises)}:"
                                              " make them the same, in the notebook's order")


def test_the_exercise_answers_cover_exactly_each_lessons_exercises():
    for lesson, answers in zip(LESSONS, exercise_answers.for_lessons(LESSONS), strict=True):
        answered = [row[0].__name__ for row in answers.NUMERIC] + [check.__name__ for check in answers.OTHER_CHECKS]
        assert sorted(answered) == sorted(lesson.exercises), (
            f"tests/exercise_answers/lesson{lesson.number}.py answers {sorted(answered)}; the lesson's exercises are "
            f"{sorted(lesson.exercises)}: give each numeric check a row in NUMERIC, list the others in OTHER_CHECKS")


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_a_lessons_explorers_are_the_ones_its_notebook_makes_in_page_order(lesson):
    made = explorer_kinds(lesson.path)
    assert made == list(lesson.explorers), (f"{lesson.file} makes the explorers {made}; notebooks/lessons.json lists "
                                            f"{list(lesson.explorers)}: make them the same, in the page's order")


@pytest.mark.parametrize("place", range(len(LESSONS)), ids=IDS)
def test_previous_and_next_links_follow_the_manifests_order(place):
    lesson, first, last = LESSONS[place], LESSONS[0], LESSONS[-1]
    expected = {"Previous": LESSONS[place - 1] if place else None, "Next": LESSONS[place + 1] if lesson is not last else None,
                "Back to the start": first if lesson is last else None}
    opening, *rest = cells(lesson.path, "markdown")
    for label, number, _, file in LESSON_LINK.findall("\n".join([opening, *rest])):
        if label:
            wanted = expected[label]
            assert wanted, f"{lesson.file} links '{label}: {number} · …' to {file}, but " + {
                "Previous": "the first lesson has no previous one", "Next": "the last lesson has no next one",
                "Back to the start": f"only the last lesson links back; link 'Next: [{LESSONS[place + 1].heading}]({LESSONS[place + 1].file})'"
                                     " here and move this link to the last lesson"}[label]
            assert (number, file) == (wanted.number, wanted.file), (f"{lesson.file}'s '{label}' link goes to {number} · {file}; "
                                                                    f"by notebooks/lessons.json it is [{wanted.heading}]({wanted.file})")
    for label in ("Previous", "Next"):
        if expected[label]:
            assert f"{label}: [{expected[label].number} · " in opening, (
                f"{lesson.file}'s first cell should link '{label}: [{expected[label].heading}]({expected[label].file})'")
    assert ("*Start here.*" in opening) == (lesson is first), f"{lesson.file}: only the first lesson's first cell says *Start here.*"
    assert ("*The last notebook.*" in opening) == (lesson is last), (
        f"{lesson.file}: only the last lesson's first cell says *The last notebook.*"
        + ("" if lesson is last else f"; link 'Next: [{expected['Next'].heading}]({expected['Next'].file})' instead"))


def test_every_link_to_a_lesson_names_its_number_and_words_of_its_title():
    by_file = {lesson.file: lesson for lesson in LESSONS}
    sources = [*(lesson.path for lesson in LESSONS), ROOT / "lecture" / "lecture.ipynb"]
    for path in sources:
        for _, number, words, file in LESSON_LINK.findall("\n".join(cells(path, "markdown"))):
            assert file in by_file, f"{path.name} links to {file}, which notebooks/lessons.json does not list"
            assert number == by_file[file].number and words in by_file[file].title, (
                f"{path.name} links [{number} · {words}]({file}): that lesson is '{by_file[file].heading}'")


def test_the_readme_tables_every_lesson_in_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## The notebooks", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\d\d_\w+)` \|", table, re.M)
    stems = [lesson.stem for lesson in LESSONS]
    assert rows == stems, (f"README.md's table under '## The notebooks' lists {rows}; notebooks/lessons.json has {stems}:"
                           " give each lesson a row '| `NN_name` | what it teaches |', in order")


def test_the_notebooks_readme_names_the_first_and_the_last_lesson():
    text = " ".join((ROOT / "notebooks" / "README.md").read_text(encoding="utf-8").split())
    wanted = f"from `{LESSONS[0].file}` to `{LESSONS[-1].file}`"
    assert wanted in text, f"notebooks/README.md should say the notebooks run {wanted}"


def test_the_lecture_route_is_the_lecture_plans_slides_in_the_lessons_order():
    import lecture_plan

    headings = [heading for heading, _ in lecture_plan.PACE]
    route = [(lesson.number, slide) for lesson in LESSONS for slide in lesson.lecture_slides]
    unknown = [slide for _, slide in route if slide not in headings]
    assert not unknown, f"notebooks/lessons.json's lecture slides {unknown} are not in scripts/lecture_plan.py's PACE: use its headings"
    places = [headings.index(slide) for _, slide in route]
    assert places == sorted(places), f"the lessons' lecture slides, in the lessons' order, must follow PACE's order: {route}"


def test_the_lecture_shows_the_explorers_its_lessons_list_in_order():
    shown = explorer_kinds(ROOT / "lecture" / "lecture.ipynb")
    listed = [kind for lesson in LESSONS for kind in lesson.lecture_explorers]
    assert shown == listed, f"lecture/lecture.ipynb makes the explorers {shown}; the lessons' 'lecture' in notebooks/lessons.json list {listed}"
    for lesson in LESSONS:
        extra = set(lesson.lecture_explorers) - set(lesson.explorers)
        assert not extra, f"lesson {lesson.number}'s lecture explorers {sorted(extra)} are not among its own explorers"


def test_the_lecture_sends_the_room_to_every_lesson():
    linked = [file for _, _, _, file in LESSON_LINK.findall("\n".join(cells(ROOT / "lecture" / "lecture.ipynb", "markdown")))]
    missing = [f"[{lesson.heading}](../notebooks/{lesson.file})" for lesson in LESSONS if lesson.file not in linked]
    assert not missing, f"add {missing} to the lecture's slide 'What to read next' (lecture/lecture.ipynb)"
