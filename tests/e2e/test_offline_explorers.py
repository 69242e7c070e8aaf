"""The explorers where no kernel runs: the site's pages and the decks, opened from disk with every
network request aborted, as in a classroom with no internet. Each explorer answers a key press with
a new picture and lossviz's own numbers for the values it shows, computed here in Python."""

import base64
import io
import json
import pathlib

import nbformat
import numpy as np
import pytest
from explorers import EXPLORER, EXPLORERS, MAKERS, check_a_key_press, expected_readout, offline_page, picture, press, \
    settled, shown_readout, shown_values, to_slide_of
from nbclient import NotebookClient
from PIL import Image

import lossviz as lv
from lossviz.palette import COLOURS

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(EXPLORERS)


def wait_for_explorers(page, count):
    page.wait_for_function(f"() => document.querySelectorAll('{EXPLORER} canvas').length === {count}",
                           timeout=30_000)
    return page.query_selector_all(EXPLORER)


@pytest.mark.parametrize("name", NOTEBOOKS, ids=[name[:2] for name in NOTEBOOKS])
def test_every_explorer_of_a_page_works_from_disk_with_no_network(site, browser, name):
    page_file = next(page for page in site if page.name == name.replace(".ipynb", ".html"))
    page, tried, errors = offline_page(browser, page_file.as_uri())
    try:
        page.wait_for_function("() => document.readyState === 'complete'")
        boxes = wait_for_explorers(page, len(EXPLORERS[name]))
        for box, kind in zip(boxes, EXPLORERS[name]):
            box.scroll_into_view_if_needed()
            check_a_key_press(box, kind, "Home" if kind == "descent" else "ArrowRight")
    finally:
        page.close()
    assert tried == [] and errors == []


@pytest.mark.parametrize("name", [name for name in NOTEBOOKS if EXPLORERS[name]], ids=lambda name: name[:2])
def test_every_explorer_of_a_deck_works_from_disk_with_no_network(decks, browser, name):
    deck = next(deck for deck in decks if deck.name.startswith(name[:2]))
    page, tried, errors = offline_page(browser, deck.as_uri() + "?transition=none")
    try:
        page.wait_for_function("() => document.querySelector('.reveal.ready') !== null", timeout=30_000)
        boxes = wait_for_explorers(page, len(EXPLORERS[name]))
        for index, kind in enumerate(EXPLORERS[name]):
            # To the explorer's slide, as the presenter gets there; its keys must not turn the slide.
            to_slide_of(page, index)
            hash_before = page.evaluate("() => location.hash")
            check_a_key_press(boxes[index], kind, "Home" if kind == "descent" else "ArrowRight")
            assert page.evaluate("() => location.hash") == hash_before, "the key turned the slide"
            # A clicker's Page Down turns the slide, even with the slider still focused.
            page.keyboard.press("PageDown")
            page.wait_for_function(f"() => location.hash !== {hash_before!r}")
    finally:
        page.close()
    assert tried == [] and errors == []


def test_the_decks_explorers_are_live_not_snapshots(decks):
    for deck, name in zip(decks, NOTEBOOKS):
        text = deck.read_text(encoding="utf-8")
        state = json.loads(text.split('<script type="application/vnd.jupyter.widget-state+json">', 1)[1]
                           .split("</script>", 1)[0]) if EXPLORERS[name] else {"state": {}}
        models = [model for model in state["state"].values() if model["model_name"] == "AnyModel"]
        assert len(models) == len(EXPLORERS[name]) == text.count('<script type="application/vnd.jupyter.widget-view+json">')
        assert "On a slide the sliders stand still" not in text


# Keys pressed on each control in turn: to each end, coarse steps both ways, fine steps both ways.
KEYS = ["End", "ArrowLeft", "Shift+ArrowLeft", "PageDown", "Home", "ArrowRight", "Shift+ArrowRight", "PageUp",
        "ArrowUp", "ArrowDown"]


@pytest.fixture(scope="module")
def every_explorer(tmp_path_factory, site):
    """A page with an explorer of every loss and of every lesson, built as the site builds its pages."""
    import build_site
    import notebook_export
    import offline_assets

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell("import lossviz as lv")]
    notebook.cells += [nbformat.v4.new_code_cell(f"lv.explore(lv.{name})") for name in lv.LOSSES]
    notebook.cells += [nbformat.v4.new_code_cell(f"lv.explore_{kind}()") for kind in ("outliers", "descent", "landscape")]
    NotebookClient(notebook, timeout=300, kernel_name="python3", store_widget_state=True).execute()
    folder = tmp_path_factory.mktemp("every_explorer")
    offline_assets.copy_into(folder)
    body, _ = build_site.exporter().from_notebook_node(notebook, resources=notebook_export.TEMPLATE_RESOURCES)
    (folder / "every.html").write_text(body, encoding="utf-8")
    return folder / "every.html"


KINDS = [*lv.LOSSES, "outliers", "descent", "landscape"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_numbers_shown_are_lossvizs_at_many_slider_positions(every_explorer, browser, kind):
    """The browser computes the losses from their formulas (`Loss.js`) and reads the lessons' tables:
    at every position reached, what it shows must be what lossviz computes, to the digit."""
    page, tried, errors = offline_page(browser, every_explorer.as_uri())
    try:
        box = wait_for_explorers(page, len(KINDS))[KINDS.index(kind)]
        box.scroll_into_view_if_needed()
        checked = 0
        for control in shown_values(box):
            for key in KEYS:
                press(box, control, key)
                assert shown_readout(box) == expected_readout(kind, box), f"{kind}: {key} on {control}"
                checked += 1
        assert checked == len(KEYS) * len(MAKERS[kind]().controls)
    finally:
        page.close()
    assert tried == [] and errors == []


def test_ten_arrow_presses_cross_a_slider_and_shift_takes_one_step(every_explorer, browser):
    page, _, _ = offline_page(browser, every_explorer.as_uri())
    try:
        box = wait_for_explorers(page, len(KINDS))[KINDS.index("mse")]
        slider = box.query_selector(".lossviz-control[data-name='prediction'] input")
        slider.focus()
        slider.press("Home")
        presses = 0
        while slider.evaluate("input => input.value !== input.max"):
            slider.press("ArrowRight")
            presses += 1
        assert 8 <= presses <= 14
        slider.press("Shift+ArrowLeft")
        assert int(slider.evaluate("input => input.value")) == int(slider.get_attribute("max")) - 1
        assert shown_values(box)["prediction"][0] == "3.99"
    finally:
        page.close()


def the_plots_floor_and_curve(box, colour):
    """The row of the loss panel's x axis (the row with the most black and grey pixels: the frame's bottom edge,
    the width of the panel) and the rows where the curve, drawn in `colour`, shows in that panel."""
    data = picture(box)
    pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(data.split(",", 1)[1]))).convert("RGB")).astype(int)  # an opaque canvas
    panel = pixels[:, : int(0.45 * pixels.shape[1])]  # the loss panel: the gradient's is on the right half
    dark_grey = (panel.max(axis=2) < 170) & (np.ptp(panel, axis=2) < 16)
    wanted = np.array([int(colour[index:index + 2], 16) for index in (1, 3, 5)])
    curve_rows = np.flatnonzero((np.abs(panel - wanted).max(axis=2) <= 30).any(axis=1))
    return int(dark_grey.sum(axis=1).argmax()), curve_rows


def test_every_loss_curve_is_drawn_whole_inside_its_plot_at_every_target(every_explorer, browser, artifacts):
    """Poisson's loss for a count of 8 falls to -8.6, KL's for 0.5 below 0: the plot must follow the curve down,
    not cut off its lowest part, the part a student is looking for (its top is checked in tests/test_plots.py)."""
    page, tried, errors = offline_page(browser, every_explorer.as_uri())
    try:
        boxes = wait_for_explorers(page, len(KINDS))
        for name, loss in lv.LOSSES.items():
            # MAE's curve is in the point's and the arrow's vermillion, so its pixels cannot be told from theirs here.
            if loss.task == "multiclass" or loss.colour == COLOURS["vermillion"]:
                continue
            box = boxes[KINDS.index(name)]
            box.scroll_into_view_if_needed()
            press(box, "prediction", "Home")  # the point and its "L = …" label to the left, clear of the curve's low part
            choices = ["Home", "End", "PageDown", "PageDown"] if loss.target_range is not None else [None] * len(loss.target_labels)
            for key in choices:
                press(box, "target", key)
                settled(box)
                target = shown_values(box)["target"]
                floor, curve = the_plots_floor_and_curve(box, loss.colour)
                if name == "poisson_nll" and key == "End":
                    box.screenshot(path=str(artifacts / "poisson_count_8.png"))
                # Room under the curve for the downhill arrow, as there is in lossviz's own picture of it.
                assert curve.size and curve.max() < floor - 0.03 * box.eval_on_selector("canvas", "canvas => canvas.height"), \
                    f"{name} at target {target}: the curve reaches row {curve.max()}, the plot's bottom edge is at row {floor}"
    finally:
        page.close()
    assert tried == [] and errors == []
