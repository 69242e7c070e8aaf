"""Moving a slider (setting `.value` from Python) updates the state the browser draws, the readout
and the snapshots' picture correctly; the tables sent to the browser are lossviz's numbers. What the
browser draws from them is checked in the browser (tests/test_explorers_in_browser.py)."""

import base64
import copy
import gc
import io
import re

import anywidget
import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

import lossviz as lv
from lossviz import analysis, lessons, rendering, widgets

NUMBER = r"(−?\d+\.\d{4})"


def readout_numbers(explorer):
    """The numbers in the readout, as floats (the readout writes minus as U+2212)."""
    return [float(text.replace("−", "-")) for text in re.findall(NUMBER, explorer.readout())]


def sweep(control, count=25):
    """Values across a control: every choice, or `count` positions of a slider from end to end."""
    if control.kind == "choice":
        return [value for _, value in control.options]
    return [control.positions[index] for index in np.linspace(0, len(control.positions) - 1, count).round().astype(int)]


CURVE_LOSSES = [loss for loss in lv.LOSSES.values() if loss.view == "curve"]  # the "classes" view: below


@pytest.mark.parametrize("loss", CURVE_LOSSES, ids=lambda loss: loss.name)
def test_moving_the_prediction_updates_readout_and_plot(loss):
    explorer = widgets.explore(loss)
    slider = explorer.controls["prediction"]
    slider.value = slider.min + 0.3 * (slider.max - slider.min)
    assert explorer.state["prediction"] == slider.value  # what the browser is sent
    curve = explorer.plot.curve
    row = None
    if loss.task == "multiclass":
        row = np.array(curve.scores, dtype=float)
        row[curve.target] = slider.value
        expected_value, expected_slope = loss(row, curve.target), loss.grad(row, curve.target)[curve.target]
    else:
        expected_value, expected_slope = loss(slider.value, curve.target), float(loss.grad(slider.value, curve.target))
    assert readout_numbers(explorer) == [round(expected_value, 4), round(expected_slope, 4)]
    assert curve.marker.get_data()[1][0] == pytest.approx(expected_value, rel=1e-12)
    assert explorer.plot.gradient.marker.get_data()[1][0] == pytest.approx(expected_slope, rel=1e-12)


def test_slider_descriptions_and_ranges_come_from_the_metadata():
    explorer = widgets.explore(lv.mse)
    assert explorer.controls["prediction"].description == "prediction"
    assert explorer.controls["target"].description == "target"
    assert (explorer.controls["prediction"].min, explorer.controls["prediction"].max) == lv.mse.pred_range
    assert (explorer.controls["target"].min, explorer.controls["target"].max) == lv.mse.target_range


def test_bce_prediction_stays_inside_zero_one_and_its_target_is_a_choice():
    explorer = widgets.explore(lv.bce)
    prediction, target = explorer.controls["prediction"], explorer.controls["target"]
    assert 0 < prediction.min and prediction.max < 1
    assert target.kind == "choice"
    assert [value for _, value in target.options] == [0.0, 1.0]
    target.value = 0.0
    prediction.value = 0.9
    assert readout_numbers(explorer)[0] == round(-np.log(0.1), 4)
    np.testing.assert_allclose(explorer.plot.curve.curve.get_ydata(), -np.log1p(-explorer.plot.curve.preds))


def test_moving_the_target_redraws_the_curve():
    explorer = widgets.explore(lv.mse)
    explorer.controls["target"].value = 2.0
    xs, ys = explorer.plot.curve.curve.get_data()
    np.testing.assert_allclose(ys, (xs - 2.0) ** 2)
    assert readout_numbers(explorer)[0] == round((0.7 - 2.0) ** 2, 4)


def test_huber_has_a_delta_slider():
    explorer = widgets.explore(lv.huber)
    explorer.controls["delta"].value = 0.5
    xs, ys = explorer.plot.curve.curve.get_data()
    np.testing.assert_allclose(ys, lv.huber(xs, np.full(xs.shape, 1.0), delta=0.5, reduction="none"))
    assert readout_numbers(explorer)[0] == round(lv.huber(0.7, 1.0, delta=0.5), 4)


def test_cross_entropy_has_a_slider_per_logit_and_a_true_class_choice():
    explorer = widgets.explore(lv.cross_entropy)
    assert [name for name in explorer.controls] == ["logit 0", "logit 1", "logit 2", "true class", "label_smoothing"]
    assert readout_numbers(explorer)[0] == 0.4170
    explorer.controls["logit 1"].value = 3.0
    explorer.controls["true class"].value = 2
    logits = np.array([2.0, 3.0, 0.1])
    softmax = np.exp(logits) / np.exp(logits).sum()
    numbers = readout_numbers(explorer)
    assert numbers[0] == round(-np.log(softmax[2]), 4)
    assert numbers[1:4] == [round(p, 4) for p in softmax]
    assert numbers[4:] == [round(g, 4) for g in softmax - [0, 0, 1]]
    np.testing.assert_allclose([bar.get_height() for bar in explorer.plot.prob_bars], softmax)


def test_outlier_explorer_shows_mean_median_and_huber():
    explorer = widgets.explore_outliers()
    explorer.controls["outlier"].value = 18.0
    data = np.append(lessons.OUTLIER_DATA, 18.0)
    mean, median, huber = readout_numbers(explorer)
    assert (mean, median) == (round(data.mean(), 4), round(np.median(data), 4))
    assert median - 1 < huber < mean


def test_landscape_explorer_follows_the_learning_rate():
    explorer = widgets.explore_landscape()
    w, b, loss = readout_numbers(explorer)
    assert loss < 0.1
    explorer.controls["learning rate"].value = 0.3
    assert "diverged" in explorer.readout()
    explorer.controls["learning rate"].value = 0.01
    explorer.controls["steps"].value = 5
    assert len(explorer.plot.path.get_xdata()) == 6


ALL_EXPLORERS = [
    *(lambda loss=loss: widgets.explore(loss) for loss in lv.LOSSES.values()),
    widgets.explore_outliers,
    widgets.explore_landscape,
    widgets.explore_descent,
]


@pytest.mark.parametrize("make", ALL_EXPLORERS, ids=[*lv.LOSSES, "outliers", "landscape", "descent"])
def test_readout_and_plot_stay_finite_over_every_slider_position(make):
    explorer = make()
    for control in explorer.controls.values():
        for value in sweep(control):
            control.value = value
            numbers = readout_numbers(explorer)
            assert numbers and all(np.isfinite(numbers)), explorer.readout()
            assert "nan" not in explorer.readout() and "inf" not in explorer.readout()


def test_readout_agrees_with_the_plot():
    explorer = widgets.explore(lv.bce)
    for value in sweep(explorer.controls["prediction"], 10):
        explorer.controls["prediction"].value = value
        marker_value = explorer.plot.curve.marker.get_data()[1][0]
        assert readout_numbers(explorer)[0] == round(marker_value, 4)
        assert explorer.plot.curve.value_text.get_text() == f"L = {marker_value:.4f}"


def test_a_hundred_slider_moves_open_no_figure():
    explorer = widgets.explore(lv.mse)
    gc.collect()
    open_before = plt.get_fignums()
    figures_before = sum(type(obj) is Figure for obj in gc.get_objects())
    for value in np.linspace(-1.5, 3.5, 100):
        explorer.controls["prediction"].value = value
    gc.collect()
    assert plt.get_fignums() == open_before
    assert sum(type(obj) is Figure for obj in gc.get_objects()) == figures_before


@pytest.mark.parametrize("make", [lambda: widgets.explore(lv.huber), lambda: widgets.explore(lv.cross_entropy),
                                  widgets.explore_outliers, widgets.explore_descent], ids=["huber", "cross_entropy",
                                                                                          "outliers", "descent"])
def test_a_closed_explorer_keeps_no_widget_and_no_figure_alive(make):
    gc.collect()
    widgets_before = len(ipywidgets.widget._instances)
    figures_before = sum(type(obj) is Figure for obj in gc.get_objects())
    for _ in range(30):
        explorer = make()
        next(iter(explorer.controls.values())).value = next(iter(explorer.controls.values())).value
        explorer.close()
        del explorer
    gc.collect()
    assert len(ipywidgets.widget._instances) == widgets_before
    assert sum(type(obj) is Figure for obj in gc.get_objects()) == figures_before


def test_explorer_is_an_anywidget_with_a_short_text_form():
    explorer = widgets.explore(lv.mse)
    assert isinstance(explorer, anywidget.AnyWidget)
    assert repr(explorer) == "<LossExplorer: prediction 0.7, target 1>"
    width, height = (round(inches * 100) for inches in explorer.plot.figure.get_size_inches())
    assert (explorer.spec["style"]["width"], explorer.spec["style"]["height"]) == (width, height)  # fixed: no jumping


def test_descent_explorer_follows_the_learning_rate():
    explorer = widgets.explore_descent()
    w, loss = readout_numbers(explorer)
    assert w == 0.5 and loss == 0.0
    explorer.controls["learning rate"].value = 0.3
    assert "diverged" in explorer.readout()
    assert readout_numbers(explorer)[0] == round(explorer.plot.descent.losses[-1], 4)
    explorer.controls["learning rate"].value = 0.01
    explorer.controls["steps"].value = 3
    assert len(explorer.plot.path.get_xdata()) == 4


# ------------------------------------------------------------ static companions


def within_reach(control, value):
    """A value the control can show exactly: one of its choices, or a position of its slider."""
    if control.kind == "choice":
        return value in [option for _, option in control.options]
    return value in control.positions


@pytest.mark.parametrize("make", ALL_EXPLORERS, ids=[*lv.LOSSES, "outliers", "landscape", "descent"])
def test_each_snapshot_is_what_the_slider_shows_there(make):
    explorer = make()
    before = (explorer.values(), explorer.readout())
    grid = explorer.snapshots()
    settings = explorer.snapshot_settings()
    assert len(settings) == len(grid.captions) == 4
    assert (explorer.values(), explorer.readout()) == before  # the live widget kept
    for index, setting in enumerate(settings):
        moved = make()
        for name, value in setting.items():
            assert within_reach(moved.controls[name], value), (name, value)
            moved.controls[name].value = value
        # Pixel for pixel the picture a student gets by moving the sliders there.
        np.testing.assert_array_equal(grid.tile(index), moved.plot.rgba())
        caption = " ".join(grid.captions[index].replace("\u00a0", " ").split())  # as read, wrapped or not
        for name, value in moved.readout_pairs():
            assert f"{name} = {value}" in caption


def test_the_snapshots_differ_from_each_other():
    grid = widgets.explore(lv.bce).snapshots()
    tiles = [grid.tile(index).tobytes() for index in range(4)]
    assert len(set(tiles)) == 4


def test_a_regression_explorer_snapshots_below_on_and_above_the_target():
    explorer = widgets.explore(lv.huber, pred=0.7, target=1.0)
    assert [setting["prediction"] for setting in explorer.snapshot_settings()] == [-1.5, 0.5, 1.0, 2.5]
    caption = explorer.snapshots().captions[2].replace("\u00a0", " ")  # no-break spaces keep each pair whole
    assert caption == "prediction = 1, target = 1, delta = 1\nL = 0.0000    ∂L/∂ŷ = 0.0000"


def test_a_displayed_explorer_carries_its_snapshots_for_frontends_without_widgets():
    explorer = widgets.explore_outliers()
    bundle, _ = explorer._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.model_id
    assert bundle["text/plain"] == "<OutlierExplorer: outlier 11>"
    picture = plt.imread(io.BytesIO(base64.b64decode(bundle["image/png"])), format="png")
    np.testing.assert_array_equal((picture * 255).round().astype(np.uint8), explorer.snapshots().rgba()[..., :3])


def test_snapshot_grid_places_pictures_pixel_for_pixel():
    pictures = [np.full((30, 40, 4), shade, np.uint8) for shade in (10, 80, 150)]
    grid = rendering.snapshot_grid(pictures, ["a", "b", "c"], columns=2)
    height, width, _ = grid.rgba().shape
    assert width == 80 and height == 2 * (30 + grid.band)
    for index, picture in enumerate(pictures):
        np.testing.assert_array_equal(grid.tile(index), picture)
    assert (grid.rgba()[-30:, 40:, :3] == 255).all()  # no fourth picture: left white


@pytest.mark.parametrize("pictures, captions, message", [
    ([np.zeros((3, 4, 4), np.uint8)] * 2, ["one"], r"`captions` has 1 entries but `pictures` has 2"),
    ([np.zeros((3, 4, 4), np.uint8), np.zeros((3, 5, 4), np.uint8)], ["a", "b"],
     r"`pictures` must be RGBA rasters of one size, \(height, width, 4\); got shapes \[\(3, 4, 4\), \(3, 5, 4\)\]"),
    ([np.zeros((3, 4), np.uint8)], ["grey"], r"`pictures` must be RGBA rasters .*got shapes \[\(3, 4\)\]"),
])
def test_snapshot_grid_says_what_is_wrong_with_its_input(pictures, captions, message):
    with pytest.raises(ValueError, match=message):
        rendering.snapshot_grid(pictures, captions)


def test_an_explorer_of_the_loss_alone_for_the_first_lesson():
    explorer = widgets.explore(lv.mse, pred=0.7, target=1.0, gradient_panel=False)
    assert len(explorer.plot.figure.axes) == 1
    explorer.controls["prediction"].value = 1.3
    assert readout_numbers(explorer) == [round(lv.mse(1.3, 1.0), 4), round(float(lv.mse.grad(1.3, 1.0)), 4)]
    assert explorer.plot.marker.get_data()[0][0] == 1.3
    assert len(explorer.snapshots().captions) == 4


# ------------------------------------------------------------ the state and the tables the browser gets


def test_a_value_between_positions_moves_the_slider_to_the_nearest_one():
    explorer = widgets.explore(lv.mse)
    explorer.controls["prediction"].value = 0.7049
    assert explorer.values()["prediction"] == 0.70
    explorer.set(prediction=1.2, target=2.0)
    assert explorer.state == {"prediction": 1.2, "target": 2.0}
    assert all(type(value) is float for value in explorer.state.values())  # what Python users print
    explorer.state = {"prediction": 1, "target": 2}  # as the browser's JSON sends 1.0 and 2.0
    assert repr(explorer.values()) == "{'prediction': 1.0, 'target': 2.0}"


@pytest.mark.parametrize("settings, error, message", [
    ({"prediction": 9.0}, ValueError, r"`prediction` must be from -2.0 to 4.0; got 9.0"),
    ({"prediction": "0.5"}, TypeError, r"`prediction` must be a number from -2.0 to 4.0; got '0.5'"),
    ({"target": True}, TypeError, r"`target` must be a number"),
    ({"delta": 1.0}, ValueError, r"LossExplorer has no control 'delta'; its controls are \['prediction', 'target'\]"),
])
def test_a_bad_setting_names_the_control_and_what_it_takes(settings, error, message):
    explorer = widgets.explore(lv.mse)
    with pytest.raises(error, match=message):
        explorer.set(**settings)
    assert explorer.values() == {"prediction": 0.7, "target": 1.0}


def test_a_choice_takes_only_its_options():
    explorer = widgets.explore(lv.bce)
    with pytest.raises(ValueError, match=r"`target` must be one of \[0.0, 1.0\]; got 0.5"):
        explorer.controls["target"].value = 0.5


def test_every_loss_carries_its_formula_for_the_browser():
    for loss in lv.LOSSES.values():
        assert loss.js and "value:" in loss.js and "grad:" in loss.js, loss.name
        assert f"const LOSS = {loss.js};" in widgets.explore(loss)._esm


def test_a_loss_without_a_formula_for_the_browser_says_what_to_add():
    loss = copy.copy(lv.mse)
    loss.name, loss.js = "plain", None
    with pytest.raises(ValueError, match=r"lv.explore\(plain\) draws in the browser .* give define_loss a `js=`"):
        widgets.explore(loss)


def float64_rows(data, width):
    return np.frombuffer(data, dtype="<f8").reshape(-1, width)


def test_the_outlier_table_is_each_losss_best_constant_at_every_slider_position():
    explorer = widgets.explore_outliers()
    positions = explorer.controls["outlier"].positions
    table = float64_rows(explorer.spec["constants"], len(positions))
    for index in (0, 37, 110, len(positions) - 1):
        data = np.append(lessons.OUTLIER_DATA, positions[index])
        assert table[:, index].tolist() == [analysis.best_constant(loss, data) for loss in lessons.ROBUST_LOSSES]


@pytest.mark.parametrize("make, max_steps", [(widgets.explore_descent, 40), (widgets.explore_landscape, 100)],
                         ids=["descent", "landscape"])
def test_every_shorter_run_is_the_start_of_the_table_s_run(make, max_steps):
    """The browser cuts each learning rate's longest run short: that must be the run of fewer steps."""
    explorer = make()
    rates = explorer.controls["learning rate"].positions
    runs = float64_rows(explorer.spec["runs"], max_steps + 1).reshape(len(rates), 3, max_steps + 1)
    for index in range(0, len(rates), 5):
        for steps in (1, 7, max_steps):
            explorer.set(**{"learning rate": rates[index], "steps": steps})
            descent = explorer.plot.descent
            length = min(steps, explorer.spec["lengths"][index] - 1) + 1
            assert len(descent.losses) == length
            coordinates = explorer.path(descent)
            np.testing.assert_array_equal(runs[index, :, :length], [*coordinates, descent.losses])
            assert descent.diverged == (explorer.spec["diverged"][index] and explorer.spec["lengths"][index] - 1 <= steps)
