"""The browser assets that the decks and the site load from disk instead of a CDN.

Fetched from the npm registry at build time (`npm pack`), cached in
build/offline-assets/ (never committed), copied into the output's assets/
folder, and loaded by relative URLs, so that a deck or a page works opened
from disk on a machine with no network.
"""

import pathlib
import shutil
import subprocess
import tarfile
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "offline-assets"
ASSETS = "assets"
# Folder name -> (npm package, version). anywidget's front end must be the very version of the Python
# package (requirements.txt pins it; a test checks the two agree); the html-manager renders widgets
# without a kernel (version 1 for ipywidgets 8).
PACKAGES = {
    "reveal.js": ("reveal.js", "4.6.1"),
    "requirejs": ("requirejs", "2.3.7"),
    "jquery": ("jquery", "3.7.1"),
    "mathjax": ("mathjax", "2.7.9"),
    "anywidget": ("anywidget", "0.11.0"),
    "html-manager": ("@jupyter-widgets/html-manager", "1.0.15"),
}
REQUIRE_JS = f"{ASSETS}/requirejs/require.js"
MATHJAX = f"{ASSETS}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
WIDGET_RENDERER = f"{ASSETS}/html-manager/dist/embed-amd.js"
ANYWIDGET = f"{ASSETS}/anywidget/dist/index"  # a require.js path: no ".js"


def fetch():
    """Unpack each npm package into the cache once; later builds reuse it."""
    for folder, (name, version) in PACKAGES.items():
        target = CACHE / folder
        if (target / "package.json").exists():
            continue
        with tempfile.TemporaryDirectory() as download:
            subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=download, check=True,
                           stdout=subprocess.DEVNULL)
            (archive,) = pathlib.Path(download).glob("*.tgz")
            with tarfile.open(archive) as tar:
                tar.extractall(download, filter="data")
            shutil.rmtree(target, ignore_errors=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(pathlib.Path(download) / "package", target)


def copy_into(output):
    """Fetch the assets if needed and copy them into output/assets/."""
    fetch()
    for folder in PACKAGES:
        shutil.copytree(CACHE / folder, pathlib.Path(output) / ASSETS / folder, dirs_exist_ok=True)
