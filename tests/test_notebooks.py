"""Notebook hygiene and structure; nbval (run by `make test` on notebooks/) re-checks every output.

The lesson numbers are stored outputs that nbval compares; the last test
proves it by changing each one in a copy and watching nbval fail.
"""

import json
import pathlib
import re
import subprocess
import sys

import nbformat
import pytest
import slide_metadata  # from scripts/, put on the path by conftest.py
import stable_widget_ids

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NAMES = [path.name for path in NOTEBOOKS]
# Every notebook whose outputs are stored and checked: the lessons, and the lecture written for the projector.
EXECUTED = [*NOTEBOOKS, ROOT / "lecture" / "lecture.ipynb"]
EXECUTED_NAMES = [path.name for path in EXECUTED]

# The numbers each lesson must show, as printed by a compared cell.
LESSON_NUMBERS = {
    "00_golf_score_intuition.ipynb": ["squared error 0.0900", "squared error 0.0025"],
    "01_mean_squared_error.ipynb": ["tensor(0.1000)", "MSE Loss: 0.375"],
    "02_binary_cross_entropy.ipynb": ["tensor(0.1643)", "PyTorch: 0.2284"],
    "03_cross_entropy.ipynb": ["tensor(0.4170)", "PyTorch: 0.4170"],
    "04_loss_guides_learning.ipynb": ["prediction 0.3, loss 0.49", "prediction 0.6, loss 0.16",
                                      "prediction 0.1, loss 0.81", "step 19: loss 0.0659"],
    "05_choosing_a_loss.ipynb": ["0-1 loss            yes                 yes               NO         NO      NO",
                                 "best constant under MSE  : 4.2000"],
    "06_pitfalls_and_stability.ipynb": ["broken (softmax applied first): 0.5826", "fixed (raw logits):             0.0492",
                                        "fixed:  0.1000", "broken: 2.5222"],
    "07_what_a_loss_does_to_training.ipynb": ["BCE:                   -0.9975", "lossviz 0.3308, PyTorch 0.3308",
                                              "PyTorch, three equal scores: 1.0986",
                                              "step 1000: training loss 0.0258, held-out loss 1.5875"],
}


def load(path):
    return nbformat.read(path, as_version=4)


def code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def output_text(cell):
    texts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            texts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            texts.append(output.data.get("text/plain", ""))
        elif output.output_type == "error":
            texts.append(f"{output.ename}: {output.evalue}")
    return "".join(texts)


def test_the_lessons_are_all_here_in_reading_order():
    assert NAMES[: len(LESSON_NUMBERS)] == list(LESSON_NUMBERS)
    for index, name in enumerate(NAMES):
        assert re.fullmatch(rf"{index:02d}_[a-z0-9_]+\.ipynb", name), name


@pytest.mark.parametrize("path", EXECUTED, ids=EXECUTED_NAMES)
def test_every_cell_ran_in_order_from_a_clean_kernel(path):
    notebook = load(path)
    counts = [cell.execution_count for cell in code_cells(notebook)]
    assert counts == list(range(1, len(counts) + 1)), "run `make execute`: cells not executed in order"
    assert notebook.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("path", EXECUTED, ids=EXECUTED_NAMES)
def test_errors_only_where_a_mistake_is_shown_on_purpose(path):
    for cell in code_cells(load(path)):
        errors = [output for output in cell.outputs if output.output_type == "error"]
        on_purpose = "raises-exception" in cell.metadata.get("tags", [])
        assert bool(errors) == on_purpose, f"{'no error' if on_purpose else 'an error'} in:\n{cell.source}"


@pytest.mark.parametrize("path", EXECUTED, ids=EXECUTED_NAMES)
def test_no_paths_user_names_or_timings_are_stored(path):
    text = path.read_text(encoding="utf-8")
    # A memory address (" at 0x7f..."), not the same letters inside a picture's base64.
    address = r"(?<![A-Za-z0-9+/])0x[0-9a-f]{6,}"
    for pattern in [r"/(?:work|home|root|tmp|Users)/", r"[A-Z]:\\\\", r'"execution": \{', address]:
        assert not re.search(pattern, text), f"{path.name} stores {pattern!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_structure_of_a_lesson(path):
    notebook = load(path)
    first, setup = notebook.cells[0], notebook.cells[1]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {path.name[:2]} · ")
    assert "**You will learn**" in first.source
    assert setup.cell_type == "code" and "import lossviz as lv" in setup.source
    assert "default_rng(0)" in setup.source and "torch.manual_seed(0)" in setup.source
    assert "!pip" not in "".join(cell.source for cell in notebook.cells)
    headings = [line for cell in notebook.cells if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if line.startswith("## ")]
    assert headings[-3:] == ["## Takeaways", "## Exercises", "## Further reading"]
    further = notebook.cells[-1].source
    assert "pytorch.org/docs" in further
    sources = [cell.source for cell in code_cells(notebook)]
    checks = [source for source in sources if source.startswith("lv.checks.check_")]
    assert len(checks) >= 2
    for index, source in enumerate(sources):
        if source.startswith("lv.checks.check_"):
            assert sources[index - 1] == "answer = None"  # committed unanswered, so it runs clean


@pytest.mark.parametrize(("name", "numbers"), LESSON_NUMBERS.items())
def test_lesson_numbers_are_printed_by_code(name, numbers):
    printed = "".join(output_text(cell) for cell in code_cells(load(NOTEBOOKS[NAMES.index(name)])))
    for number in numbers:
        assert number in printed, f"{name} does not print {number!r}"


def test_nbval_fails_when_a_lesson_number_changes(tmp_path):
    """Change one stored lesson number per notebook in a copy: strict nbval must fail on each."""
    for name, numbers in LESSON_NUMBERS.items():
        notebook = json.loads((NOTEBOOKS[NAMES.index(name)]).read_text(encoding="utf-8"))
        original = numbers[-1]
        changed = original[:-1] + str((int(original[-1]) + 1) % 10) if original[-1].isdigit() else original + "1"
        text = json.dumps(notebook)
        assert text.count(original) >= 1
        (tmp_path / name).write_text(text.replace(original, changed, 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-q", "-p", "no:cacheprovider",
         "-o", "addopts=", "--rootdir", str(tmp_path), str(tmp_path)],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    failed = re.findall(r"FAILED (\S+)::Cell", result.stdout)
    assert sorted(failed) == sorted(LESSON_NUMBERS), result.stdout[-3000:]


@pytest.mark.parametrize("path", EXECUTED, ids=EXECUTED_NAMES)
def test_slide_metadata_is_derived_from_the_headings(path):
    notebook = load(path)
    stored = [cell.metadata.get("slideshow", {}).get("slide_type") for cell in notebook.cells]
    derived = slide_metadata.slide_types(notebook)
    differ = [f"cell {index} ({cell.source.strip()[:40]!r}): stored {kind!r}, its headings say {wanted!r}"
              for index, (cell, kind, wanted) in enumerate(zip(notebook.cells, stored, derived)) if kind != wanted]
    assert not differ, "run `make slide-metadata` (or `make execute`):\n" + "\n".join(differ)
    collapsed = [cell.metadata.get("jupyter", {}).get("source_hidden", False) for cell in notebook.cells]
    assert collapsed == [kind == "notes" for kind in stored], "speaker notes, and only they, are folded away in JupyterLab"
    tagged = ["setup" in cell.metadata.get("tags", []) for cell in notebook.cells]
    assert tagged == [kind == "skip" for kind in stored], "the setup cell, and only it, is tagged 'setup'"
    assert stored[0] == "slide" and stored[1] == "skip"  # the title opens the deck; setup is not shown
    for cell, kind in zip(notebook.cells, stored):
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            assert kind == "slide"
        if kind in ("slide", "subslide"):
            assert cell.source.startswith("#")


def test_slide_rules():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("import lossviz as lv"),
        nbformat.v4.new_markdown_cell("## Section"),
        nbformat.v4.new_markdown_cell("### Part"),
        nbformat.v4.new_markdown_cell("Speaker notes, for the instructor\n\nSay why."),
        nbformat.v4.new_code_cell("lv.mse(1, 2)"),
        nbformat.v4.new_markdown_cell("Some prose."),
        nbformat.v4.new_markdown_cell("## Ask the room: why?"),
        nbformat.v4.new_code_cell("print(lv.mse(1, 2))", metadata={"tags": ["answer"]}),
        nbformat.v4.new_markdown_cell("Because."),
    ])
    assert slide_metadata.slide_types(notebook) == ["slide", "skip", "slide", "subslide", "notes", "-", "-",
                                                    "slide", "fragment", "-"]


@pytest.mark.parametrize("path", EXECUTED, ids=EXECUTED_NAMES)
def test_every_section_has_speaker_notes(path):
    # How to teach it, what to ask the room: for every `##` section but the closing three.
    sections, current = {}, None
    for cell in load(path).cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            current = cell.source.splitlines()[0]
            sections[current] = False
        elif cell.cell_type == "markdown" and cell.source.startswith("Speaker notes") and current:
            sections[current] = True
    closing = {"## Takeaways", "## Exercises", "## Further reading"}
    missing = [heading for heading, noted in sections.items() if not noted and heading not in closing]
    assert not missing, f"{path.name}: sections without speaker notes: {missing}"


@pytest.mark.parametrize("path", EXECUTED, ids=EXECUTED_NAMES)
def test_every_widget_model_id_is_the_stable_one_so_re_executing_changes_no_line(path):
    notebook = load(path)
    assert nbformat.writes(stable_widget_ids.renumbered(notebook, path.name)) == nbformat.writes(notebook), \
        f"{path.name} holds random widget model ids: store it with `make execute`"
