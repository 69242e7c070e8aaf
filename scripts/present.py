"""Present the notebooks live: Voilà on 127.0.0.1, code hidden, sliders working, plots at the classroom size.

Each notebook opens as a page of its text, pictures and live explorers, with no
code and no speaker notes; its kernel runs every cell on opening. Usage:
python scripts/present.py [NOTEBOOK_OR_FOLDER] (`make present` serves the
folder of notebooks, and opens it in the browser).
"""

import os
import pathlib
import re
import subprocess
import sys

from nbconvert.preprocessors import Preprocessor
from slide_metadata import is_speaker_note

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
# What a presenting page needs of the front-end extensions installed: Voilà's widget manager, the
# widgets and anywidget. The others (Notebook 7's, for one) are built for JupyterLab, not for Voilà's
# page, and fail to activate there with errors in the console.
EXTENSIONS = ["@voila-dashboards/widgets-manager8", "@jupyter-widgets/jupyterlab-manager", "anywidget"]
# A sentence that tells the reader to edit or run code ("Replace `None` with your answer, then run the
# check below"): on a page with no code and no check cells it points at nothing.
CODE_INSTRUCTION = re.compile(r"[^.?!]*(?:[Rr]eplace `None`|run the check)[^.?!]*[.?!]")


class ForTheRoom(Preprocessor):
    """The notebook as projected: no speaker notes, and no instruction about code the page does not show."""

    def preprocess(self, notebook, resources):
        notebook.cells = [cell for cell in notebook.cells if not is_speaker_note(cell)]
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                cell.source = CODE_INSTRUCTION.sub("", cell.source)
        return notebook, resources


def voila_command(target, *, port=None, token=None, open_browser=True):
    """(argv, environment) that start Voilà on `target` the way `make present` does."""
    command = [
        sys.executable, "-m", "voila", str(target), "--Voila.ip=127.0.0.1", "--theme=light",
        # Voilà's lab page with text at the slides' size and the setup cell's output hidden.
        "--template=lossviz_present",
        "--strip_sources=True",
        # A mistake shown on purpose shows lossviz's own message, not Voilà's generic notice.
        "--show_tracebacks=True",
        *[f"--VoilaConfiguration.extension_allowlist={name}" for name in EXTENSIONS],
        # Speaker notes are for the instructor's eyes, not the projected page; an exercise's
        # `answer = None` and check, without their code, only say "replace None", and a
        # predict-then-run experiment waits for that answer: the question stays.
        "--VoilaExporter.preprocessors", "present.ForTheRoom",
        "--VoilaExporter.preprocessors", "nbconvert.preprocessors.RegexRemovePreprocessor",
        "--RegexRemovePreprocessor.patterns", r"answer = None\Z",
        "--RegexRemovePreprocessor.patterns", r"lv\.checks\.",
        "--RegexRemovePreprocessor.patterns", r"if lv\.checks\.answered\(",
        # Each open page runs a kernel (about 320 MB): end it once its page is gone and it is idle.
        "--MappingKernelManager.cull_idle_timeout=30", "--MappingKernelManager.cull_interval=10",
        f"--token={token}" if token else "--token",
    ]
    if port:
        command.append(f"--port={port}")
    if not open_browser:
        command.append("--no-browser")
    # Voilà finds lossviz_present among the templates, and ForTheRoom in this file.
    search_path = os.pathsep.join(filter(None, [str(SCRIPTS / "voila_template"), os.environ.get("JUPYTER_PATH")]))
    python_path = os.pathsep.join(filter(None, [str(SCRIPTS), os.environ.get("PYTHONPATH")]))
    return command, {**os.environ, "LOSSVIZ_PLOT_SIZE": "classroom", "JUPYTER_PATH": search_path, "PYTHONPATH": python_path}


if __name__ == "__main__":
    command, environment = voila_command(sys.argv[1] if len(sys.argv) > 1 else ROOT / "notebooks")
    sys.exit(subprocess.call(command, env=environment))
