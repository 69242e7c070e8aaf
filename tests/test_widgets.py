"""Moving a slider (setting `.value` from Python) updates the state the browser draws, the readout
and the snapshots' picture correctly; the tables sent to the browser are lossviz's numbers. What the
browser draws from them is checked in the browser (tests/e2e/test_browser.py)."""

import base64
import copy
import gc
import io
import re
from decimal import Decimal
from fractions import Fraction

import anywidget
import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
import traitlets
from matplotlib.figure import Figure

import lossviz as lv
from lossviz import analysis, explorers
from lossviz.pictures import lessons, rendering
from lossviz.extend import identity
from lossviz.explorers import controls

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
    explorer = explorers.explore(loss)
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
    explorer = explorers.explore(lv.mse)
    assert explorer.controls["prediction"].description == "prediction"
    assert explorer.controls["target"].description == "target"
    assert (explorer.controls["prediction"].min, explorer.controls["prediction"].max) == lv.mse.pred_range
    assert (explorer.controls["target"].min, explorer.controls["target"].max) == lv.mse.target_range


def test_bce_prediction_stays_inside_zero_one_and_its_target_is_a_choice():
    explorer = explorers.explore(lv.bce)
    prediction, target = explorer.controls["prediction"], explorer.controls["target"]
    assert 0 < prediction.min and prediction.max < 1
    assert target.kind == "choice"
    assert [value for _, value in target.options] == [0.0, 1.0]
    target.value = 0.0
    prediction.value = 0.9
    assert readout_numbers(explorer)[0] == round(-np.log(0.1), 4)
    np.testing.assert_allclose(explorer.plot.curve.curve.get_ydata(), -np.log1p(-explorer.plot.curve.preds))


def test_moving_the_target_redraws_the_curve():
    explorer = explorers.explore(lv.mse)
    explorer.controls["target"].value = 2.0
    xs, ys = explorer.plot.curve.curve.get_data()
    np.testing.assert_allclose(ys, (xs - 2.0) ** 2)
    assert readout_numbers(explorer)[0] == round((0.7 - 2.0) ** 2, 4)


def test_huber_has_a_delta_slider():
    explorer = explorers.explore(lv.huber)
    explorer.controls["delta"].value = 0.5
    xs, ys = explorer.plot.curve.curve.get_data()
    np.testing.assert_allclose(ys, lv.huber(xs, np.full(xs.shape, 1.0), delta=0.5, reduction="none"))
    assert readout_numbers(explorer)[0] == round(lv.huber(0.7, 1.0, delta=0.5), 4)


def test_cross_entropy_has_a_slider_per_logit_and_a_true_class_choice():
    explorer = explorers.explore(lv.cross_entropy)
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
    explorer = explorers.explore_outliers()
    explorer.controls["outlier"].value = 18.0
    data = np.append(lessons.OUTLIER_DATA, 18.0)
    mean, median, huber = readout_numbers(explorer)
    assert (mean, median) == (round(data.mean(), 4), round(np.median(data), 4))
    assert median - 1 < huber < mean


def test_landscape_explorer_follows_the_learning_rate():
    explorer = explorers.explore_landscape()
    w, b, loss = readout_numbers(explorer)
    assert loss < 0.1
    explorer.controls["learning rate"].value = 0.3
    assert "diverged" in explorer.readout()
    explorer.controls["learning rate"].value = 0.01
    explorer.controls["steps"].value = 5
    assert len(explorer.plot.path.get_xdata()) == 6


ALL_EXPLORERS = [
    *(lambda loss=loss: explorers.explore(loss) for loss in lv.LOSSES.values()),
    explorers.explore_outliers,
    explorers.explore_landscape,
    explorers.explore_descent,
    explorers.explore_training,
]


@pytest.mark.parametrize("make", ALL_EXPLORERS, ids=[*lv.LOSSES, "outliers", "landscape", "descent", "training"])
def test_readout_and_plot_stay_finite_over_every_slider_position(make):
    explorer = make()
    for control in explorer.controls.values():
        for value in sweep(control):
            control.value = value
            numbers = readout_numbers(explorer)
            assert numbers and all(np.isfinite(numbers)), explorer.readout()
            assert "nan" not in explorer.readout() and "inf" not in explorer.readout()


def test_readout_agrees_with_the_plot():
    explorer = explorers.explore(lv.bce)
    for value in sweep(explorer.controls["prediction"], 10):
        explorer.controls["prediction"].value = value
        marker_value = explorer.plot.curve.marker.get_data()[1][0]
        assert readout_numbers(explorer)[0] == round(marker_value, 4)
        assert explorer.plot.curve.value_text.get_text() == f"L = {marker_value:.4f}"


def test_a_hundred_slider_moves_open_no_figure():
    explorer = explorers.explore(lv.mse)
    gc.collect()
    open_before = plt.get_fignums()
    figures_before = sum(type(obj) is Figure for obj in gc.get_objects())
    for value in np.linspace(-1.5, 3.5, 100):
        explorer.controls["prediction"].value = value
    gc.collect()
    assert plt.get_fignums() == open_before
    assert sum(type(obj) is Figure for obj in gc.get_objects()) == figures_before


@pytest.mark.parametrize("make", [lambda: explorers.explore(lv.huber), lambda: explorers.explore(lv.cross_entropy),
                                  explorers.explore_outliers, explorers.explore_descent], ids=["huber", "cross_entropy",
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
    explorer = explorers.explore(lv.mse)
    assert isinstance(explorer, anywidget.AnyWidget)
    assert repr(explorer) == "<LossExplorer: prediction 0.7, target 1>"
    width, height = (round(inches * 100) for inches in explorer.plot.figure.get_size_inches())
    assert (explorer.spec["style"]["width"], explorer.spec["style"]["height"]) == (width, height)  # fixed: no jumping


def test_descent_explorer_follows_the_learning_rate():
    explorer = explorers.explore_descent()
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


@pytest.mark.parametrize("make", ALL_EXPLORERS, ids=[*lv.LOSSES, "outliers", "landscape", "descent", "training"])
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
    grid = explorers.explore(lv.bce).snapshots()
    tiles = [grid.tile(index).tobytes() for index in range(4)]
    assert len(set(tiles)) == 4


def test_a_yes_no_explorer_snapshots_both_labels_confidently_wrong_and_right():
    explorer = explorers.explore(lv.bce, pred=0.7, target=0.0)
    settings = [(setting["target"], setting["prediction"]) for setting in explorer.snapshot_settings()]
    assert settings == [(0.0, 0.1), (0.0, 0.9), (1.0, 0.1), (1.0, 0.9)]  # the label set now first
    captions = [caption.replace("\u00a0", " ") for caption in explorer.snapshots().captions]
    assert captions[1] == "prediction = 0.9, target = 0\nL = 2.3026    ∂L/∂p = 10.0000"  # -log(1 - 0.9), 1 / (1 - 0.9)
    assert explorer.values() == {"prediction": 0.7, "target": 0.0}


def test_a_regression_explorer_snapshots_below_on_and_above_the_target():
    explorer = explorers.explore(lv.huber, pred=0.7, target=1.0)
    assert [setting["prediction"] for setting in explorer.snapshot_settings()] == [-1.5, 0.5, 1.0, 2.5]
    caption = explorer.snapshots().captions[2].replace("\u00a0", " ")  # no-break spaces keep each pair whole
    assert caption == "prediction = 1, target = 1, delta = 1\nL = 0.0000    ∂L/∂ŷ = 0.0000"


def test_a_displayed_explorer_carries_its_snapshots_for_frontends_without_widgets():
    explorer = explorers.explore_outliers()
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
    explorer = explorers.explore(lv.mse, pred=0.7, target=1.0, gradient_panel=False)
    assert len(explorer.plot.figure.axes) == 1
    explorer.controls["prediction"].value = 1.3
    assert readout_numbers(explorer) == [round(lv.mse(1.3, 1.0), 4), round(float(lv.mse.grad(1.3, 1.0)), 4)]
    assert explorer.plot.marker.get_data()[0][0] == 1.3
    assert len(explorer.snapshots().captions) == 4


# ------------------------------------------------------------ the state and the tables the browser gets


def test_a_value_between_positions_moves_the_slider_to_the_nearest_one():
    explorer = explorers.explore(lv.mse)
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
    explorer = explorers.explore(lv.mse)
    with pytest.raises(error, match=message):
        explorer.set(**settings)
    assert explorer.values() == {"prediction": 0.7, "target": 1.0}


def test_a_choice_takes_only_its_options():
    explorer = explorers.explore(lv.bce)
    with pytest.raises(ValueError, match=r"`target` must be one of \[0.0, 1.0\]; got 0.5"):
        explorer.controls["target"].value = 0.5


def test_every_loss_carries_its_formula_for_the_browser():
    for loss in lv.LOSSES.values():
        assert loss.js and "value:" in loss.js and "grad:" in loss.js, loss.name
        assert f"const LOSS = {loss.js};" in explorers.explore(loss)._esm


def float64_rows(data, width):
    return np.frombuffer(data, dtype="<f8").reshape(-1, width)


def test_the_outlier_table_is_each_losss_best_constant_at_every_slider_position():
    explorer = explorers.explore_outliers()
    positions = explorer.controls["outlier"].positions
    table = float64_rows(explorer.spec["constants"], len(positions))
    for index in (0, 37, 110, len(positions) - 1):
        data = np.append(lessons.OUTLIER_DATA, positions[index])
        assert table[:, index].tolist() == [analysis.best_constant(loss, data) for loss in lessons.ROBUST_LOSSES]


@pytest.mark.parametrize("make, max_steps", [(explorers.explore_descent, 40), (explorers.explore_landscape, 100)],
                         ids=["descent", "landscape"])
def test_every_shorter_run_is_the_start_of_the_table_s_run(make, max_steps):
    """The browser cuts each learning rate's longest run short: that must be the run of fewer steps."""
    explorer = make()
    rates = explorer.controls["learning rate"].positions
    assert explorer.spec["rates"] == rates and explorer.spec["max_steps"] == max_steps
    runs = float64_rows(explorer.spec["runs"], max_steps + 1).reshape(len(rates), explorer.spec["series"], max_steps + 1)
    for index in range(0, len(rates), 5):
        for steps in (1, 7, max_steps):
            explorer.set(**{"learning rate": rates[index], "steps": steps})
            descent = explorer.plot.descent
            length = min(steps, explorer.spec["lengths"][index] - 1) + 1
            assert len(descent.losses) == length
            coordinates = explorer.path(descent)
            np.testing.assert_array_equal(runs[index, :, :length], [*coordinates, descent.losses])
            shown = explorer.spec["diverged"][index] is not None and explorer.spec["lengths"][index] - 1 <= steps
            assert descent.diverged == shown
            if shown:  # the browser's status and readout are lossviz's own
                assert explorer.spec["diverged"][index] == explorer.plot.status.get_text()
                assert ("status", explorer.spec["diverged_readings"][index]) in explorer.readout_pairs()


# ------------------------------------------------------------ a state that cannot be corrupted


def lossviz_numbers(explorer):
    """What lossviz itself gives at the explorer's state, rounded as the readout writes it: the
    oracle the readout must match (computed from the losses and `analysis`, not from the picture)."""
    state = explorer.values()
    if isinstance(explorer, explorers.ClassesExplorer):
        loss = explorer.loss
        logits = np.array([state[f"logit {index}"] for index in range(explorer.spec["classes"])])
        options = {name: state[name] for name in loss.sliders}
        value, grad = loss.value_and_grad(logits, state["true class"], **options)
        numbers = [value, *analysis.softmax(logits), *grad]
    elif isinstance(explorer, explorers.LossExplorer):
        loss, pred = explorer.loss, state["prediction"]
        options = {name: state[name] for name in loss.sliders}
        if loss.task == "multiclass":  # the true class's score moves, the others stay at the example's
            target = explorer.spec["target"]
            row = np.array(loss.example[0], dtype=float)
            row[target] = pred
            numbers = [loss(row, target, **options), loss.grad(row, target, **options)[target]]
        else:
            numbers = [loss(pred, state["target"], **options), float(loss.grad(pred, state["target"], **options))]
    elif isinstance(explorer, explorers.OutlierExplorer):
        data = np.append(lessons.OUTLIER_DATA, state["outlier"])
        numbers = [analysis.best_constant(loss, data) for loss in lessons.ROBUST_LOSSES]
    elif isinstance(explorer, explorers.TrainingExplorer):
        numbers = []
        for control in explorer.spec["panels"]:
            name, step = state[control], state["step"]
            options = {option: state[option] for option in lv.training.TRAINING_LOSSES[name].options}
            run = lv.training.train(explorer.data(), loss=name, lr=state["learning rate"], steps=max(step, 1), **options)
            if step < len(run.losses):  # else diverged: the readout says so, with no loss
                numbers += [run.losses[step], *([] if run.heldout_losses is None else [run.heldout_losses[step]])]
                if len(explorer.spec["panels"]) == 1:  # and the weights with their gradient
                    _, gradient = lv.training.value_and_grad(run.params[step], explorer.data().X, explorer.data().labels,
                                                             loss=name, model="linear", **options)
                    numbers += [*run.params[step], *gradient]
    else:
        plot, lr, steps = explorer._plot, state["learning rate"], state["steps"]
        if isinstance(explorer, explorers.LandscapeExplorer):
            run = analysis.descend(plot.x, plot.y, lr=lr, steps=steps, start=plot.start)
            parameters = [run.w[-1], run.b[-1]]
        else:
            problem = lessons.WEIGHT_PROBLEM
            run = analysis.descend_weight(problem["x"], problem["y"], w0=problem["w0"], lr=lr, steps=steps)
            parameters = [run.w[-1]]
        numbers = [run.losses[-1]] if run.diverged else [*parameters, run.losses[-1]]
    return [round(float(number), 4) + 0.0 for number in numbers]  # + 0.0: the readout writes no "−0.0000"


def assert_valid(explorer):
    """Every value a position or option of its control, every control there, and the readout lossviz's."""
    assert list(explorer.state) == list(explorer.controls)
    for name, value in explorer.state.items():
        assert within_reach(explorer.controls[name], value), (name, value)
    assert readout_numbers(explorer) == lossviz_numbers(explorer), explorer.readout()


@pytest.mark.parametrize("make, snapped", [
    # each value between two positions of its slider (the step in brackets) starts at the nearer one
    (lambda: explorers.explore(lv.huber, pred=3.5, target=0.013, delta=2.73),  # target [0.01], δ [0.05]
     {"prediction": 3.5, "target": 0.01, "delta": 2.75}),
    (lambda: explorers.explore(lv.mse, pred=0.7049, target=1.0), {"prediction": 0.7, "target": 1.0}),  # [0.01]
    (lambda: explorers.explore(lv.huber, pred=Decimal("1.3"), target=Fraction(1, 3), delta=np.array(2.0)),  # exact forms
     {"prediction": 1.3, "target": 0.33, "delta": 2.0}),
    (lambda: explorers.explore(lv.quantile, pred=0.0, tau=0.93), {"prediction": 0.0, "target": 1.0, "tau": 0.95}),
    (lambda: explorers.explore(lv.focal, pred=1.0, gamma=2.04, alpha=0.26),  # γ [0.1], α [0.05]
     {"prediction": 1.0, "target": 1.0, "gamma": 2.0, "alpha": 0.25}),
    (lambda: explorers.explore(lv.hinge, margin=1.01), {"prediction": 0.5, "target": 1.0, "margin": 1.0}),
    (lambda: explorers.explore(lv.bce, target=1), {"prediction": 0.7, "target": 1.0}),  # a label as an int
    (lambda: explorers.explore(lv.nll, target=2), {"prediction": -2.32}),  # the example's −2.317 [0.01]
    (lambda: explorers.explore(lv.cross_entropy, logits=[1.234, 2, -0.5], true_class=1, label_smoothing=0.123),
     {"logit 0": 1.225, "logit 1": 2.0, "logit 2": -0.5, "true class": 1, "label_smoothing": 0.12}),  # [0.025], [0.01]
    (lambda: explorers.explore_outliers(outlier=11.04), {"outlier": 11.0}),  # [0.1]
    (lambda: explorers.explore_descent(lr=0.0234, steps=3.4), {"learning rate": 0.025, "steps": 3}),  # [0.005], [1]
    (lambda: explorers.explore_landscape(lr=0.16, steps=30.4), {"learning rate": 0.15, "steps": 30}),  # 0.15 then 0.2
], ids=["huber", "mse", "exact forms", "quantile", "focal", "hinge", "bce", "nll", "cross_entropy", "outliers", "descent", "landscape"])
def test_a_constructor_value_starts_where_a_move_to_it_would_and_the_readout_agrees(make, snapped):
    explorer = make()
    assert explorer.values() == snapped  # the state the page is sent and draws
    assert_valid(explorer)
    assert explorer._drawn == snapped  # the snapshots' picture starts there too
    moved = make()  # a move to the same values gives the same explorer
    moved.set(**snapped)
    assert moved.readout() == explorer.readout()


# Every regression loss whose best prediction is the target, listed as definitions add them.
FITTING_LOSSES = ", ".join(f"lv.{name}" for name, loss in lv.LOSSES.items()
                           if loss.task == "regression" and loss.best_prediction is identity)


@pytest.mark.parametrize("make, error, message", [
    (lambda: explorers.explore(lv.huber, pred=3.5, target=0.0, delta=10.0), ValueError,
     r"^`delta` must be from 0.1 to 3.0; got 10.0$"),
    (lambda: explorers.explore(lv.mse, pred=9.0), ValueError, r"^`pred` must be from -2.0 to 4.0; got 9.0$"),
    (lambda: explorers.explore(lv.mse, target=float("nan")), ValueError, r"^`target` must be from -1.0 to 3.0; got nan$"),
    (lambda: explorers.explore(lv.mse, pred=10**400), ValueError, r"^`pred` must be from -2.0 to 4.0; got 100000"),
    (lambda: explorers.explore(lv.mse, pred="x" * 1000), TypeError, r"; got 'x{56}\.\.\.$"),  # cut short
    (lambda: explorers.explore(lv.mse, pred="0.5"), TypeError, r"^`pred` must be a number from -2.0 to 4.0; got '0.5'$"),
    (lambda: explorers.explore(lv.mse, pred=0.5 + 1j), TypeError, r"^`pred` must be a number from -2.0 to 4.0; got \(0.5\+1j\)$"),
    (lambda: explorers.explore(lv.mse, pred=Decimal("sNaN")), ValueError, r"^`pred` must be from -2.0 to 4.0; got Decimal\('sNaN'\)$"),
    (lambda: explorers.explore(lv.bce, target=0.5), ValueError, r"^`target` must be one of \[0.0, 1.0\]; got 0.5$"),
    (lambda: explorers.explore(lv.hinge, target=0.0), ValueError, r"^`target` must be one of \[-1.0, 1.0\]; got 0.0$"),
    (lambda: explorers.explore(lv.bce, target=True), ValueError, r"^`target` must be one of \[0.0, 1.0\]; got True$"),
    (lambda: explorers.explore(lv.nll, target=3), ValueError, r"^`target` must be one of \[0, 1, 2\]; got 3$"),
    (lambda: explorers.explore(lv.cross_entropy, true_class=3), ValueError, r"^`true_class` must be one of \[0, 1, 2\]; got 3$"),
    (lambda: explorers.explore(lv.cross_entropy, logits=[1.0, "a"]), TypeError, r"^`logits\[1\]` must be a number from -5.0"),
    (lambda: explorers.explore(lv.cross_entropy, logits=[1.0, 7.0]), ValueError, r"^`logits\[1\]` must be from -5.0 to 5.0; got 7.0$"),
    (lambda: explorers.explore(lv.cross_entropy, label_smoothing=0.9), ValueError, r"^`label_smoothing` must be from 0.0 to 0.5"),
    (lambda: explorers.explore_outliers(outlier=25.0), ValueError, r"^`outlier` must be from 0.0 to 20.0; got 25.0$"),
    (lambda: explorers.explore_landscape(steps=0), ValueError, r"^`steps` must be from 1 to 100; got 0$"),
    (lambda: explorers.explore_landscape(lr="fast"), TypeError, r"^`lr` must be a number from 0.001 to 0.3; got 'fast'$"),
], ids=["delta off range", "pred off range", "nan", "10**400", "long text", "text", "complex",
        "signalling NaN", "soft label", "hinge label", "bool label",
        "nll class", "true class", "logit text", "logit off range", "smoothing", "outlier", "steps", "lr text"])
def test_a_constructor_value_its_control_cannot_take_is_refused_by_name(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize("make, error, message", [
    (lambda: explorers.explore("mse"), TypeError,
     r"^`loss` must be a loss of lossviz, one of lv.LOSSES \(lv.mse, lv.mae, .*\); got 'mse' \(did you mean lv.mse\?\)$"),
    (lambda: explorers.explore(None), TypeError, r"^`loss` must be a loss of lossviz, .*; got None$"),
    (lambda: explorers.explore(lv.cross_entropy, logits=[]), ValueError,
     r"^`logits` must hold a score for each of at least two classes; got \[\]$"),
    (lambda: explorers.explore(lv.cross_entropy, logits=2.0), TypeError, r"^`logits` must be a list of class scores"),
    (lambda: explorers.explore(lv.cross_entropy, logits=np.zeros((2, 3))), TypeError, r"^`logits\[0\]` must be a number"),
    (lambda: explorers.explore(lv.bce, weight=2.0), TypeError,
     r"^lv.explore\(bce\) takes pred=, target=, gradient_panel= and the options it has sliders for \(none\); got `weight`$"),
    (lambda: explorers.explore(lv.mse, prediction=0.3), TypeError, r"takes pred=, target=, .*got `prediction`$"),
    (lambda: explorers.explore(lv.huber, delt=2.0), TypeError, r"sliders for \(delta\); got `delt`$"),
    (lambda: explorers.explore(lv.mse, gradient_panel="no"), TypeError, r"^`gradient_panel` must be True or False; got 'no'$"),
    (lambda: explorers.explore_descent(steps=-3), ValueError, r"^`steps` must be from 1 to 40; got -3$"),
    (lambda: explorers.explore_descent(lr=float("nan")), ValueError, r"^`lr` must be from 0.005 to 0.35; got nan$"),
    (lambda: explorers.explore_outliers(losses=[lv.bce]), ValueError,
     r"^`losses` must be regression losses, whose best constant for a set of numbers is defined on the numbers' own axis "
     rf"\({re.escape(FITTING_LOSSES)}\); "
     r"got lv.bce, a binary loss$"),
    (lambda: explorers.explore_outliers(losses=[lv.mse, lv.poisson_nll]), ValueError,
     r"must be regression losses, .*got lv.poisson_nll, whose best prediction is not the target$"),
    (lambda: explorers.explore_outliers(losses=lv.mse), TypeError, r"^`losses` must be a list of losses, e.g. \[lv.mse"),
    (lambda: explorers.explore_outliers(losses=[]), ValueError, r"^`losses` must name at least one loss"),
    (lambda: explorers.explore_outliers(losses=["mse"]), TypeError, r"^`losses` must hold losses of lossviz .*; got 'mse'$"),
    (lambda: explorers.explore_outliers(losses=[lv.mse, lv.mse]), ValueError, r"^`losses` names lv.mse twice"),
    (lambda: explorers.explore_outliers(options={"hubr": {"delta": 2.0}}), ValueError,
     r"^`options` names 'hubr', which is not among `losses` \['mse', 'mae', 'huber'\]$"),
    (lambda: explorers.explore_outliers(options={"huber": {"delt": 2.0}}), TypeError,
     r"^`options\['huber'\]` has 'delt', which is not an option of lv.huber \(its options: \['delta'\]\)$"),
    (lambda: explorers.explore_outliers(options={"huber": 2.0}), TypeError, r"^`options\['huber'\]` must be a dict"),
], ids=["loss by name", "no loss", "no logits", "one number", "2-d logits", "option without slider", "a data name misspelt", "misspelt option",
        "gradient_panel", "negative steps", "nan lr", "binary loss", "log-space loss", "one loss", "no losses", "names", "twice",
        "options name", "option name", "options value"])
def test_a_constructor_names_the_argument_that_is_wrong(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_every_loss_is_listed_when_the_loss_is_not_one():
    with pytest.raises(TypeError) as raised:
        explorers.explore(lv.mse.grad)
    assert all(f"lv.{name}" in str(raised.value) for name in lv.LOSSES)


def test_outlier_options_reach_the_fit_and_a_bad_value_is_the_loss_s_own_error():
    explorer = explorers.explore_outliers(options={"huber": {"delta": 2.0}})
    data = np.append(lessons.OUTLIER_DATA, 11.0)
    assert readout_numbers(explorer)[2] == round(analysis.best_constant(lv.huber, data, delta=2.0), 4)
    with pytest.raises(ValueError, match="delta"):
        explorers.explore_outliers(options={"huber": {"delta": -1.0}})


class Page:
    """The browser's side of one explorer's comm: it sends updates as the page's JavaScript does
    (ipywidgets' "update" message, which ipywidgets hands to `set_state`) and keeps the state that
    Python sends back, as the page's model does (its own echo aside)."""

    def __init__(self, explorer, monkeypatch):
        self.explorer, self.state = explorer, dict(explorer.state)
        monkeypatch.setattr(explorer.comm, "send", self._receive)

    def _receive(self, data=None, metadata=None, buffers=None):
        if data["method"] == "update" and "state" in data["state"]:
            self.state = dict(data["state"]["state"])

    def send(self, update):
        if isinstance(update.get("state"), dict):
            self.state = dict(update["state"])  # the page's model holds what it sent
        message = {"content": {"data": {"method": "update", "state": update, "buffer_paths": []}}, "buffers": []}
        self.explorer._handle_msg(message)  # ipywidgets logs the error of a refused update, raising nothing


HOSTILE = [{"prediction": 99.0}, {"prediction": "x"}, {"prediction": None}, {"prediction": True},
           {"prediction": float("nan")}, {"prediction": float("inf")}, {"prediction": [0.5]}, {"prediction": {}},
           {"nonsense": 1.0}, {"prediction": 0.5, "nonsense": 1.0}, {"prediction": 0.5, "target": 0.5}]


@pytest.mark.parametrize("update", [*({"state": state} for state in HOSTILE), {"state": 5}, {"state": [0.5]},
                                    {"spec": {}}, {"_esm": "alert(1)"}, {"state": {"prediction": 0.5}, "spec": {}}],
                         ids=[*(repr(state) for state in HOSTILE), "not a dict", "a list", "spec", "esm", "with spec"])
def test_an_update_from_the_page_that_python_refuses_keeps_the_state_and_the_page_shows_it(update, monkeypatch):
    explorer = explorers.explore(lv.bce)
    page = Page(explorer, monkeypatch)
    before, readout, spec = explorer.values(), explorer.readout(), explorer.spec
    page.send(update)
    assert explorer.values() == before and explorer.readout() == readout and explorer.spec is spec
    assert page.state == before  # sent back: the page shows the state Python keeps


def test_a_refused_update_is_an_error_naming_what_is_wrong_and_nothing_is_stored():
    explorer = explorers.explore(lv.mse)
    with pytest.raises(ValueError, match=r"`prediction` must be from -2.0 to 4.0; got 99.0"):
        explorer.set_state({"state": {"prediction": 99.0, "target": 2.0}})  # all or nothing: target kept too
    with pytest.raises(ValueError, match=r"the page may change an explorer's `state` only; got \['spec'\]"):
        explorer.set_state({"spec": {}})
    with pytest.raises(TypeError, match=r"an update from the page must map synced names to values; got \[1\]"):
        explorer.set_state([1])
    assert explorer.values() == {"prediction": 0.7, "target": 1.0}


@pytest.mark.parametrize("move", [lambda explorer: explorer.set(prediction=99.0),
                                  lambda explorer: setattr(explorer, "state", {"prediction": 99.0}),
                                  lambda explorer: setattr(explorer, "state", {"prediction": "x", "target": 2.0}),
                                  lambda explorer: setattr(explorer, "state", {"nonsense": 1.0})],
                         ids=["set", "state", "state, two values", "unknown control"])
@pytest.mark.parametrize("held", [False, True], ids=["alone", "held"])
def test_a_refused_move_from_python_keeps_the_state_even_while_traitlets_holds_changes(move, held):
    explorer = explorers.explore(lv.mse)
    explorer.set(prediction=1.5)
    with pytest.raises((ValueError, TypeError, traitlets.TraitError), match=r"`prediction` must|no control 'nonsense'"):
        if held:  # traitlets checks a held change at the end, and undoes it only on a TraitError
            with explorer.hold_trait_notifications():
                move(explorer)
        else:
            move(explorer)
    assert explorer.values() == {"prediction": 1.5, "target": 1.0}
    assert_valid(explorer)


def test_a_partial_update_changes_only_what_it_names(monkeypatch):
    explorer = explorers.explore(lv.focal)
    page = Page(explorer, monkeypatch)
    page.send({"state": {"gamma": 3}})  # JSON's 3 for 3.0
    assert explorer.values() == {"prediction": 0.85, "target": 1.0, "gamma": 3.0, "alpha": 0.25}
    assert page.state == explorer.values()  # the page gets the whole state back
    explorer.state = {"alpha": 0.5}  # from Python, the same
    explorer.controls["prediction"].value = -1.0
    assert explorer.values() == {"prediction": -1.0, "target": 1.0, "gamma": 3.0, "alpha": 0.5}
    assert page.state == explorer.values()
    assert_valid(explorer)


def test_a_value_between_positions_from_the_page_is_snapped_and_sent_back(monkeypatch):
    explorer = explorers.explore(lv.huber)
    page = Page(explorer, monkeypatch)
    page.send({"state": {"prediction": 1.2345, "target": 1.0, "delta": 1.0}})
    assert explorer.values()["prediction"] == 1.23 and page.state["prediction"] == 1.23  # steps of 0.01


def test_the_state_is_read_only_so_every_change_is_checked_and_reaches_the_page():
    explorer = explorers.explore(lv.mse)
    with pytest.raises(TypeError, match=r"`state` is read-only: move a control with explorer.set\(name=value\)"):
        explorer.state["prediction"] = 99.0
    with pytest.raises(TypeError, match="read-only"):
        explorer.state.update(nonsense=1)
    assert explorer.values() == {"prediction": 0.7, "target": 1.0}
    assert copy.deepcopy(explorer.state) == explorer.values()


def test_a_closed_explorer_says_it_is_closed():
    explorer = explorers.explore(lv.huber)
    slider = explorer.controls["delta"]
    explorer.close()
    assert repr(explorer) == "<LossExplorer: closed>"
    closed = r"^this LossExplorer is closed \(close\(\) let its picture go\): make a new one$"
    for use in (explorer.readout, explorer.values, explorer.snapshots, lambda: explorer.plot,
                lambda: explorer.set(delta=2.0), lambda: slider.value, lambda: setattr(slider, "value", 2.0)):
        with pytest.raises(ValueError, match=closed):
            use()


def random_update(rng, explorer):
    """An update as the page might send one, most of them hostile; and whether Python should take it."""
    controls = list(explorer.controls.values())
    control = controls[rng.integers(len(controls))]
    kind = rng.integers(9)
    if kind < 3:  # a move to a position or option, of one control or of all (as the page sends them)
        moved = controls if kind == 0 else [control]
        return {"state": {each.name: sweep(each, 1000)[rng.integers(len(sweep(each, 1000)))] for each in moved}}, True
    if kind == 3 and control.kind == "slider":  # anywhere in range: taken at the nearest position
        return {"state": {control.name: float(rng.uniform(control.min, control.max))}}, True
    if kind == 4 and control.kind == "slider":  # a position as JSON may write it: 2.0 as 2
        position = control.positions[rng.integers(len(control.positions))]
        return {"state": {control.name: int(position) if float(position).is_integer() else position}}, True
    hostile = [99.0, -99.0, "x", None, True, float("nan"), float("-inf"), [1.0], {"a": 1}, 10**400, 0.5]
    value = hostile[rng.integers(len(hostile))]
    if control.kind == "slider" and value == 0.5 and control.min <= 0.5 <= control.max:
        value = control.max + 1.0  # 0.5 is hostile to a choice only
    updates = [{"state": {control.name: value}}, {"state": {"nonsense": 0.0}}, {"state": "x"},
               {"state": {control.name: value, **({} if kind % 2 else {"nonsense": 1})}}, {"spec": {"controls": []}},
               {"state": {}, "_css": ""}]
    return updates[rng.integers(len(updates))], False


@pytest.mark.parametrize("make", ALL_EXPLORERS, ids=[*lv.LOSSES, "outliers", "landscape", "descent", "training"])
def test_random_and_hostile_updates_from_the_page_keep_state_and_readout_valid(make, monkeypatch):
    rng = np.random.default_rng(24)  # seeded: every run sends the same updates
    explorer = make()
    page = Page(explorer, monkeypatch)
    expected = explorer.values()
    for _ in range(40):
        update, taken = random_update(rng, explorer)
        page.send(update)
        if taken:
            expected.update({name: controls._checked(explorer.controls[name].spec, value)
                             for name, value in update["state"].items()})
        assert explorer.values() == expected, update
        assert page.state == expected, update
        assert_valid(explorer)
