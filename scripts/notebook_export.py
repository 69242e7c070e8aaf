"""Every notebook exported as a page of its own (a deck, a site page), with its explorers live.

Each notebook is run afresh with its widgets' state stored, so that every
explorer draws in the exported page without a kernel; it is titled by its
first heading, and its links to the other notebooks point at their pages.
The lessons are those of the manifest (`manifest.py`), in its order.
"""

import contextlib
import os
import pathlib
import re

import manifest
import nbformat
import offline_assets
from nbclient import NotebookClient

# A link to a lesson, from a lesson ("01_….ipynb") or from the lecture ("../notebooks/01_….ipynb").
NOTEBOOK_LINK = re.compile(r"\((?:\.\./notebooks/)?(\d\d_[a-z0-9_]+)\.ipynb(#[^)\s]*)?\)")


# An output's mime type for a live widget (an explorer): what the decks show first, and the site finds explorers by.
WIDGET = "application/vnd.jupyter.widget-view+json"

HERE = pathlib.Path(__file__).resolve().parent
TEMPLATE_RESOURCES = {
    # The contrast rules both templates add to nbconvert's styles.
    "readable_css": (HERE / "readable.css").read_text(),
    # What draws the explorers from the widget state stored in a page, inlined by both templates.
    "widget_embed": (HERE / "widget_embed.js").read_text(),
}


def title(notebook):
    """The notebook's first heading ("00 · What is a loss? ..."): the title of its deck, page and sheet."""
    return notebook.cells[0].source.splitlines()[0].lstrip("# ").strip()


@contextlib.contextmanager
def _plot_size(name):
    """Kernels started inside make their pictures at this size (lossviz reads LOSSVIZ_PLOT_SIZE)."""
    before = os.environ.get("LOSSVIZ_PLOT_SIZE")
    os.environ["LOSSVIZ_PLOT_SIZE"] = name
    try:
        yield
    finally:
        if before is None:
            del os.environ["LOSSVIZ_PLOT_SIZE"]
        else:
            os.environ["LOSSVIZ_PLOT_SIZE"] = before


def run(path, *, size="notebook"):
    """The notebook at `path`, executed in a fresh kernel (in its own folder, as `make execute` runs it)
    with its widget state stored."""
    notebook = nbformat.read(path, as_version=4)
    with _plot_size(size):
        NotebookClient(notebook, timeout=300, kernel_name="python3", store_widget_state=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def export(path, output, exporter, suffix, *, size="notebook", prepare=lambda notebook: notebook, resources=None):
    """Run the notebook at `path` at `size`, `prepare` it, export it to output/NAME`suffix`, and
    return (file, notebook). `resources` reach the template (a deck's own stylesheet, say)."""
    notebook = run(path, size=size)
    notebook.metadata["title"] = title(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = NOTEBOOK_LINK.sub(lambda link: f"({link[1]}{suffix}{link[2] or ''})", cell.source)
    notebook = prepare(notebook)
    body, _ = exporter.from_notebook_node(notebook, resources={**TEMPLATE_RESOURCES, **(resources or {})})
    page = pathlib.Path(output) / f"{path.stem}{suffix}"
    page.write_text(body, encoding="utf-8")
    return page, notebook


def export_all(output, exporter, suffix, *, lessons=None, size="notebook", prepare=lambda notebook: notebook):
    """Every lesson (`lessons`, or the manifest's) exported by `export` beside the offline assets,
    [(file, notebook)] in reading order."""
    output = pathlib.Path(output)
    output.mkdir(parents=True, exist_ok=True)
    offline_assets.copy_into(output)
    return [export(lesson.path, output, exporter, suffix, size=size, prepare=prepare)
            for lesson in (manifest.load() if lessons is None else lessons)]
