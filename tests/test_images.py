"""images/ is up to date with the code: every figure, remade now, matches the stored one."""

import pathlib

import pytest
from matplotlib.testing.compare import compare_images

from lossviz import gallery

IMAGES = pathlib.Path(__file__).resolve().parent.parent / "images"
# Root-mean-square difference of pixel values (0-255) allowed: room for
# anti-aliasing differences between machines, not for a moved line or label.
TOLERANCE = 2.0


@pytest.fixture(scope="module")
def remade(tmp_path_factory):
    folder = tmp_path_factory.mktemp("images")
    gallery.write_all(folder)
    return folder


@pytest.mark.parametrize("name", gallery.FIGURES)
def test_stored_image_matches_the_code(name, remade):
    stored, fresh = IMAGES / f"{name}.png", remade / f"{name}.png"
    assert stored.exists(), f"images/{name}.png is missing: run `make images` and commit it."
    difference = compare_images(str(stored), str(fresh), tol=TOLERANCE)
    assert difference is None, (
        f"images/{name}.png is out of date with the code; run `make images` and commit the result.\n"
        f"{difference}"
    )


def test_images_folder_holds_only_figures_the_code_makes():
    stored = {path.stem for path in IMAGES.glob("*.png")}
    assert stored <= set(gallery.FIGURES), f"not made by lossviz.gallery: {sorted(stored - set(gallery.FIGURES))}"
