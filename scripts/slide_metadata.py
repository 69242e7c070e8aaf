"""Derive every notebook's slide metadata from its structure, and write it in.

Rules (so that nobody maintains the metadata by hand):

- a markdown cell that starts with a `#` or `##` heading starts a slide;
- one that starts with a `###` heading starts a subslide;
- the setup cell (the first code cell) is skipped, and tagged "setup" (live presenting
  hides its output);
- a markdown cell that starts with "Speaker notes" becomes speaker notes, and is kept collapsed
  (`jupyter.source_hidden`): JupyterLab and Notebook 7 show a student only its first line,
  "Speaker notes, for the instructor", folded, not the notes, in the reading flow;
- a cell tagged "answer" (the answer to a question put to the room) is a fragment: it
  appears on the next click, and the cells after it on its slide appear with it;
- every other cell continues the slide it is on.

`python scripts/slide_metadata.py notebooks/*.ipynb` writes the metadata in
place (`make slide-metadata`); a test checks that what is stored is what these
rules give.
"""

import sys

import nbformat


def slide_type(cell, is_setup):
    if is_setup:
        return "skip"
    if "answer" in cell.metadata.get("tags", []):
        return "fragment"
    if cell.cell_type == "markdown":
        first_line = cell.source.lstrip().split("\n", 1)[0]
        if first_line.startswith(("# ", "## ")):
            return "slide"
        if first_line.startswith("### "):
            return "subslide"
        if first_line.lower().startswith("speaker notes"):
            return "notes"
    return "-"


def is_speaker_note(cell):
    """A cell for the instructor's eyes: marked as reveal.js notes, or a paragraph that starts "Speaker notes"
    (written so and not yet marked): what a page for the room or for students leaves out."""
    return cell.cell_type == "markdown" and (cell.metadata.get("slideshow", {}).get("slide_type") == "notes"
                                             or cell.source.lstrip().startswith("Speaker notes"))


def slide_types(notebook):
    """The slide type of each cell of `notebook`, in order."""
    code_indices = [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    setup = code_indices[0] if code_indices else None
    return [slide_type(cell, index == setup) for index, cell in enumerate(notebook.cells)]


def write_slide_metadata(path):
    notebook = nbformat.read(path, as_version=4)
    for cell, kind in zip(notebook.cells, slide_types(notebook)):
        cell.metadata["slideshow"] = {"slide_type": kind}
        if kind == "notes":
            cell.metadata["jupyter"] = {**cell.metadata.get("jupyter", {}), "source_hidden": True}
        elif "jupyter" in cell.metadata:
            cell.metadata["jupyter"].pop("source_hidden", None)
            if not cell.metadata["jupyter"]:
                del cell.metadata["jupyter"]
        tags = [tag for tag in cell.metadata.get("tags", []) if tag != "setup"] + (["setup"] if kind == "skip" else [])
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
    nbformat.write(notebook, path)


if __name__ == "__main__":
    for each in sys.argv[1:]:
        write_slide_metadata(each)
        print(each)
