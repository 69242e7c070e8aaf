"""The notebooks run afresh for an export (the site, the decks): their widgets' state is stored in
the run, so that every explorer is live in the exported page without a kernel."""

import contextlib
import os
import pathlib

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


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
    """The notebook at `path`, executed in a fresh kernel with its widget state stored."""
    notebook = nbformat.read(path, as_version=4)
    with _plot_size(size):
        NotebookClient(notebook, timeout=300, kernel_name="python3", store_widget_state=True,
                       resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return notebook
