"""Present the notebooks live: Voilà on 127.0.0.1, code hidden, sliders working, plots at the classroom size.

Each notebook opens as a page of its text, pictures and live explorers, with no
code and no speaker notes; its kernel runs every cell on opening. Usage:
python scripts/present.py [NOTEBOOK_OR_FOLDER] (`make present` serves the
folder of notebooks, and opens it in the browser).
"""

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def voila_command(target, *, port=None, token=None, open_browser=True):
    """(argv, environment) that start Voilà on `target` the way `make present` does."""
    command = [
        sys.executable, "-m", "voila", str(target), "--Voila.ip=127.0.0.1", "--theme=light",
        # Voilà's lab page with text at the slides' size and the setup cell's output hidden.
        "--template=lossviz_present",
        "--strip_sources=True",
        # A mistake shown on purpose shows lossviz's own message, not Voilà's generic notice.
        "--show_tracebacks=True",
        # Speaker notes are for the instructor's eyes, not the projected page; an exercise's
        # `answer = None` and check, without their code, only say "replace None": the question stays.
        "--VoilaExporter.preprocessors", "nbconvert.preprocessors.RegexRemovePreprocessor",
        "--RegexRemovePreprocessor.patterns", "[Ss]peaker notes",
        "--RegexRemovePreprocessor.patterns", r"answer = None\Z",
        "--RegexRemovePreprocessor.patterns", r"lv\.checks\.",
        # Each open page runs a kernel (about 320 MB): end it once its page is gone and it is idle.
        "--MappingKernelManager.cull_idle_timeout=30", "--MappingKernelManager.cull_interval=10",
        f"--token={token}" if token else "--token",
    ]
    if port:
        command.append(f"--port={port}")
    if not open_browser:
        command.append("--no-browser")
    templates = str(ROOT / "scripts" / "voila_template")  # where Voilà finds lossviz_present
    search_path = os.pathsep.join(filter(None, [templates, os.environ.get("JUPYTER_PATH")]))
    return command, {**os.environ, "LOSSVIZ_PLOT_SIZE": "classroom", "JUPYTER_PATH": search_path}


if __name__ == "__main__":
    command, environment = voila_command(sys.argv[1] if len(sys.argv) > 1 else ROOT / "notebooks")
    sys.exit(subprocess.call(command, env=environment))
