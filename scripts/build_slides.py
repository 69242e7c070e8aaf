"""Build reveal.js slides of every notebook into slides/, working with no internet.

nbconvert's decks load reveal.js, require.js, jQuery and MathJax from CDNs. Here
they come from the npm registry at build time (`npm pack`, cached in
build/slide-assets/, never committed) and are copied beside the decks, which
point at them by relative URLs. Usage: python scripts/build_slides.py [OUTPUT]
"""

import pathlib
import shutil
import subprocess
import sys
import tarfile
import tempfile

import nbformat
from nbconvert import SlidesExporter
from traitlets.config import Config

ROOT = pathlib.Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "slide-assets"
TEMPLATES = ROOT / "scripts" / "slides_template"
# npm packages and the versions the decks were checked with.
PACKAGES = {"reveal.js": "4.6.1", "requirejs": "2.3.7", "jquery": "3.7.1", "mathjax": "2.7.9"}
ASSETS = "assets"


def fetch_assets():
    """Unpack each npm package into build/slide-assets/NAME once; later builds reuse it."""
    for name, version in PACKAGES.items():
        target = CACHE / name
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


def exporter():
    config = Config()
    config.SlidesExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.SlidesExporter.template_name = "lossviz_slides"
    config.SlidesExporter.reveal_url_prefix = f"{ASSETS}/reveal.js"
    config.SlidesExporter.reveal_width = "1280"  # a 16:9 projector's proportions
    config.SlidesExporter.reveal_height = "720"
    config.SlidesExporter.reveal_theme = "white"  # its fonts ship with reveal.js; "simple" fetches Google Fonts
    config.SlidesExporter.require_js_url = f"{ASSETS}/requirejs/require.js"
    config.SlidesExporter.jquery_url = f"{ASSETS}/jquery/dist/jquery.min.js"
    config.SlidesExporter.mathjax_url = f"{ASSETS}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    # A widget is dead without a kernel; each explorer's output also holds its snapshots as a PNG.
    config.NbConvertBase.display_data_priority = [
        "text/html", "text/markdown", "image/svg+xml", "text/latex", "image/png", "image/jpeg", "text/plain",
    ]
    return SlidesExporter(config=config)


def build(output):
    output = pathlib.Path(output)
    fetch_assets()
    output.mkdir(parents=True, exist_ok=True)
    for name in PACKAGES:
        shutil.copytree(CACHE / name, output / ASSETS / name, dirs_exist_ok=True)
    slides = exporter()
    decks = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        body, _ = slides.from_notebook_node(nbformat.read(path, as_version=4))
        deck = output / f"{path.stem}.slides.html"
        deck.write_text(body, encoding="utf-8")
        decks.append(deck)
    return decks


if __name__ == "__main__":
    for deck in build(sys.argv[1] if len(sys.argv) > 1 else ROOT / "slides"):
        print(deck)
