"""Cells run out of order, as students run them: every printed number stays the one stored.

After Run All, each code cell is run (a) twice in a row, and (b) in reverse order within its
`##` section, and what it prints must be what the notebook stores. A cell may be tagged
`continues` where running it again is meant to go on from where it stopped (and it says so).
"""

import copy
import re

import nbformat
import pytest
from nbclient import NotebookClient
from test_notebooks import EXECUTED as NOTEBOOKS
from test_notebooks import output_text

CONTINUES = "continues"


def printed(cell):
    """What a cell shows as text (streams, results' text form, errors), memory addresses aside."""
    return re.sub(r" at 0x[0-9a-f]+", " at 0x…", output_text(cell))


def sections(notebook):
    """The indices of each `##` section's code cells, in reading order."""
    grouped = [[]]
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            grouped.append([])
        elif cell.cell_type == "code":
            grouped[-1].append(index)
    return [indices for indices in grouped if indices]


def first_line(cell):
    return cell.source.strip().splitlines()[0] if cell.source.strip() else "(empty)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_cells_run_again_or_in_reverse_print_what_is_stored(path):
    stored = nbformat.read(path, as_version=4)
    notebook = copy.deepcopy(stored)
    client = NotebookClient(notebook, timeout=300, allow_errors=True, resources={"metadata": {"path": str(path.parent)}})
    changed = []

    def run_and_compare(index, how):
        cell = copy.deepcopy(stored.cells[index])
        if CONTINUES in cell.metadata.get("tags", []):
            return
        client.execute_cell(cell, index)
        expected, got = printed(stored.cells[index]), printed(cell)
        if got != expected:
            changed.append(f"cell {index} ({first_line(cell)!r}) {how}:\n  stored: {expected!r}\n  now:    {got!r}")

    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)
        for section in sections(stored):
            for index in section:
                run_and_compare(index, "run again")
                run_and_compare(index, "run twice in a row")
        for section in sections(stored):
            for index in reversed(section):
                run_and_compare(index, "run in reverse order within its section")
    assert not changed, "\n".join(changed)
