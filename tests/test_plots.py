"""The pictures show the computed numbers: drawn data equals what the losses give."""

import gc
import io
import os
import subprocess
import sys

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image
from wcag import contrast

import lossviz as lv
from lossviz import analysis
from lossviz.pictures import lessons, plots, rendering, style

REGRESSION_AND_BINARY = [loss for loss in lv.LOSSES.values() if loss.task != "multiclass"]


def decoded(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def direct_values_and_slopes(loss, preds, target, scores=None):
    """The loss and slope at each prediction, straight from the loss, point by point."""
    values, slopes = [], []
    for pred in preds:
        if loss.task == "multiclass":
            row = np.array(scores, dtype=float)
            row[target] = pred
            values.append(loss(row, target))
            slopes.append(loss.grad(row, target)[target])
        else:
            values.append(loss(pred, target))
            slopes.append(float(loss.grad(pred, target)))
    return np.array(values), np.array(slopes)


@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_loss_curve_draws_the_loss_and_marks_the_prediction(loss):
    plot = plots.loss_curve(loss)
    xs, ys = plot.curve.get_data()
    sample = slice(None, None, 40)
    expected, _ = direct_values_and_slopes(loss, xs[sample], plot.target, plot.scores)
    np.testing.assert_allclose(ys[sample], expected, rtol=1e-12)
    assert (xs[0], xs[-1]) == loss.pred_range
    (marker_x,), (marker_y,) = plot.marker.get_data()
    value, slope = direct_values_and_slopes(loss, [plot.pred], plot.target, plot.scores)
    assert marker_x == plot.pred and marker_y == pytest.approx(value[0], rel=1e-12)
    assert plot.value_text.get_text() == f"L = {value[0]:.4f}"
    tangent_x, tangent_y = plot.tangent.get_data()
    assert (tangent_y[1] - tangent_y[0]) / (tangent_x[1] - tangent_x[0]) == pytest.approx(slope[0], rel=1e-9)


@pytest.mark.parametrize("loss", REGRESSION_AND_BINARY, ids=lambda loss: loss.name)
@pytest.mark.parametrize("where", [0.1, 0.35, 0.8])
def test_arrow_points_downhill(loss, where):
    low, high = loss.pred_range
    plot = plots.loss_curve(loss, pred=low + where * (high - low))
    (start_x, _), (end_x, _) = plot.arrow._posA_posB
    # Downhill; no arrow where the loss is flat (hinge beyond its margin).
    assert plot.arrow.get_visible() == (plot.slope != 0)
    if plot.slope != 0:
        assert np.sign(end_x - start_x) == -np.sign(plot.slope)


def targets_offered(loss):
    """The targets a loss's explorer offers: nine across its slider's range, or each of its labels."""
    return list(np.linspace(*loss.target_range, 9)) if loss.target_range is not None else list(loss.target_labels)


@pytest.mark.parametrize("loss", REGRESSION_AND_BINARY, ids=lambda loss: loss.name)
def test_the_whole_curve_and_the_arrow_under_it_are_inside_the_plot_at_every_target(loss):
    """Poisson's loss for a count of 8 falls to -8.6 and KL's for 0.5 below 0: the axis follows it down."""
    low, high = loss.pred_range
    for target in targets_offered(loss):
        plot = plots.loss_curve(loss, target=target, pred=low + 0.1 * (high - low))
        bottom, top = plot.ax.get_ylim()
        _, values = plot.curve.get_data()
        assert bottom < values.min() and values.max() < top, f"target {target}"
        (_, start_y), (_, end_y) = plot.arrow._posA_posB
        assert start_y == end_y and bottom < start_y < min(values.min(), 0), f"target {target}"


def test_arrow_hides_at_the_minimum():
    plot = plots.loss_curve(lv.mse, target=1.0, pred=1.0)
    assert plot.slope == 0 and not plot.arrow.get_visible()


@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_gradient_curve_draws_the_gradient(loss):
    plot = plots.gradient_curve(loss)
    xs, ys = plot.curve.get_data()
    _, expected = direct_values_and_slopes(loss, xs[::50], plot.target, plot.scores)
    np.testing.assert_allclose(ys[::50], expected, rtol=1e-12)
    assert plot.marker.get_data()[1][0] == pytest.approx(plot.slope)


def test_mae_gradient_is_a_step_and_huber_is_clipped():
    mae_slopes = plots.gradient_curve(lv.mae, target=1.0).curve.get_ydata()
    assert set(np.unique(mae_slopes)) <= {-1.0, 0.0, 1.0}
    huber_slopes = plots.gradient_curve(lv.huber, target=1.0, delta=0.5).curve.get_ydata()
    assert huber_slopes.min() == -0.5 and huber_slopes.max() == 0.5


def test_moving_the_prediction_moves_only_the_moving_artists():
    plot = plots.loss_and_gradient(lv.mse, target=1.0, pred=0.7)
    curve_before = plot.curve.curve.get_ydata().copy()
    plot.set_pred(2.0)
    np.testing.assert_array_equal(plot.curve.curve.get_ydata(), curve_before)
    assert plot.curve.marker.get_data()[1][0] == pytest.approx(1.0)
    assert plot.gradient.marker.get_data()[1][0] == pytest.approx(2.0)


def test_moving_the_target_redraws_the_curve():
    plot = plots.loss_curve(lv.mse, target=1.0, pred=0.7)
    plot.set_target(2.0)
    xs, ys = plot.curve.get_data()
    np.testing.assert_allclose(ys, (xs - 2.0) ** 2)
    assert plot.target_line.get_xdata()[0] == 2.0
    assert plot.value == pytest.approx(1.69)


def test_the_target_line_says_what_it_is_beside_its_top_on_its_wider_side():
    plot = plots.loss_curve(lv.mse, target=1.0, pred=0.7)  # the range is -2 to 4: as wide on both sides
    text = plot.target_text
    assert (text.get_visible(), text.get_text(), text.xy) == (True, "target y = 1", (1.0, 1))
    assert text.get_horizontalalignment() == "left"  # its text starts at the line: on the right
    plot.set_target(2.5)  # moved with the target, to the wider side, now the left
    assert (text.get_text(), text.xy, text.get_horizontalalignment()) == ("target y = 2.5", (2.5, 1), "right")
    plot.set_target(-0.5)
    assert (text.get_text(), text.get_horizontalalignment()) == ("target y = −0.5", "left")
    # BCE's perfect prediction for y = 1 is p = 1, past the slider's 0.999: no line shown there, so no name.
    assert not plots.loss_curve(lv.bce, target=1.0).target_text.get_visible()
    assert not plots.loss_curve(lv.bce_with_logits, target=1.0).target_text.get_visible()  # no perfect logit


@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_repainting_on_the_cached_background_matches_a_fresh_drawing(loss):
    low, high = loss.pred_range
    moved = plots.loss_and_gradient(loss)
    moved.render()
    for pred in np.linspace(low, high, 7)[1:-1]:
        moved.set_pred(pred)
        moved.render()
    fresh = plots.loss_and_gradient(loss, pred=moved.curve.pred)
    np.testing.assert_array_equal(decoded(moved.render()), decoded(fresh.render()))


@pytest.mark.parametrize("change", ["curve", "gradient"])
def test_a_combined_picture_is_one_picture_whichever_panel_changed(change):
    # Both panels share one figure: changing one panel refreshes the background they share,
    # so the whole picture repainted from the cache equals the picture drawn from scratch.
    plot = plots.loss_and_gradient(lv.mse)
    plot.rgba()
    getattr(plot, change).set_target(2.0)
    repainted = plot.rgba().copy()
    np.testing.assert_array_equal(getattr(plot, change).rgba(), repainted)
    for artist in plot.moving:
        artist.set_animated(False)
    plot.figure.canvas.draw()
    np.testing.assert_array_equal(np.asarray(plot.figure.canvas.buffer_rgba()), repainted)


def test_render_gives_a_png_of_the_figure_size():
    plot = plots.loss_curve(lv.mse)
    picture = Image.open(io.BytesIO(plot.render()))
    width, height = plot.figure.get_size_inches() * style.DPI
    assert picture.format == "PNG" and picture.size == (round(width), round(height))
    assert plot._repr_png_() == (plot.render(), {"alt": plot.alt})


@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_a_picture_says_what_it_shows_in_words(loss):
    # The alt text of its image on a page, and what a screen reader reads: in the lesson's notation,
    # as plain text (no mathtext markup left over).
    plot = plots.loss_and_gradient(loss)
    alt = plot.alt
    assert loss.title.split()[0] in alt and "against" in alt
    assert loss.pred_text in alt
    assert not set("$\\{}") & set(alt), alt


def test_the_explorers_snapshots_say_what_they_show():
    explorer = lv.explore(lv.mse, pred=0.5, target=1.0)
    data, metadata = explorer._repr_mimebundle_()
    alt = metadata["image/png"]["alt"]
    assert alt.startswith(explorer.plot.alt) and "4 settings" in alt
    for caption in explorer.snapshots().captions:
        assert " ".join(caption.split("\n")[0].split()) in alt
    explorer.close()


def test_drawing_into_your_own_axes():
    figure, ax = plt.subplots()
    try:
        plot = plots.loss_curve(lv.mae, ax=ax)
        assert plot.ax is ax and plot.curve in ax.lines
        assert plot._repr_png_() is None  # your figure, shown by your backend
    finally:
        plt.close(figure)


def test_overlay_draws_each_loss():
    plot = plots.overlay([lv.mse, lv.mae, lv.huber], 1.0)
    for line, loss in zip(plot.lines, [lv.mse, lv.mae, lv.huber]):
        xs, ys = line.get_data()
        np.testing.assert_allclose(ys, loss(xs, np.full(xs.shape, 1.0), reduction="none"))
    labels = [text.get_text() for text in plot.figure.axes[0].get_legend().get_texts()]
    assert labels == ["MSE", "MAE", "Huber (δ = 1)", "target y = 1"]


def test_bce_overlay_for_both_labels():
    plot = plots.overlay([lv.bce, lv.bce], [1, 0])
    (xs, for_one), (_, for_zero) = (line.get_data() for line in plot.lines)
    np.testing.assert_allclose(for_one, -np.log(xs))
    np.testing.assert_allclose(for_zero, -np.log1p(-xs))


def test_cross_entropy_bars_are_the_softmax_and_its_gradient():
    logits = np.array([2.0, 1.0, 0.1])
    plot = plots.cross_entropy_panel(logits, 0)
    softmax = np.exp(logits) / np.exp(logits).sum()
    np.testing.assert_allclose([bar.get_height() for bar in plot.prob_bars], softmax)
    np.testing.assert_allclose([bar.get_height() for bar in plot.grad_bars], softmax - [1, 0, 0])
    assert plot.loss_text.get_text() == "L = −log p₀ = 0.4170"
    plot.update([0.0, 3.0, 0.0], 2)
    colours = [bar.get_facecolor() for bar in plot.prob_bars]
    assert colours[2] != colours[0] == colours[1]  # the true class stands out
    assert plot.loss is lv.cross_entropy and plot.value == pytest.approx(lv.cross_entropy([0.0, 3.0, 0.0], 2))


def test_the_bars_name_the_true_class_and_a_repaint_shows_it():
    plot = plots.cross_entropy_panel([2.0, 1.0, 0.1], 0)
    plot.rgba()  # the background is cached with class 0 named
    plot.update([2.0, 1.0, 0.1], 2, label_smoothing=0.3)
    for ax in (plot.prob_ax, plot.grad_ax):
        assert [tick.get_text() for tick in ax.get_xticklabels()] == ["class 0", "class 1", "class 2 (true)"]
    assert plot.grad_ax.get_ylabel() == "$p$ − smoothed target"
    fresh = plots.cross_entropy_panel([2.0, 1.0, 0.1], 2, label_smoothing=0.3)
    np.testing.assert_array_equal(plot.rgba(), fresh.rgba())  # the still texts redrawn, not the old ones


def test_the_surprise_curve_is_minus_log_p_and_writes_its_marks():
    plot = lessons.surprise_curve(marks=(0.1, 0.5))
    ax = plot.figure.axes[0]
    curve = ax.lines[0]
    xs, ys = curve.get_data()
    np.testing.assert_allclose(ys, -np.log(xs))
    # The same curve as cross-entropy's for the true class's probability, with any number of classes.
    for p in xs[:-1:50]:  # p = 1 leaves the other classes log 0
        for classes in (2, 3, 10):
            others = np.full(classes - 1, (1 - p) / (classes - 1))
            assert lv.cross_entropy(np.log(np.append(p, others)), 0) == pytest.approx(-np.log(p))
    assert [text.get_text() for text in ax.texts] == ["−log 0.1 = 2.3026", "−log 0.5 = 0.6931"]
    assert ax.get_title() == "Cross-entropy: the surprise at the true class"


def test_outlier_fits_are_mean_median_and_huber():
    plot = lessons.outliers(15.0)
    data = np.append(lessons.OUTLIER_DATA, 15.0)
    assert plot.fits["mse"].get_ydata()[0] == pytest.approx(data.mean(), abs=1e-9)
    assert plot.fits["mae"].get_ydata()[0] == pytest.approx(np.median(data), abs=1e-9)
    huber = plot.fits["huber"].get_ydata()[0]
    assert lv.huber.grad(np.full(data.shape, huber), data, reduction="sum").sum() == pytest.approx(0, abs=1e-9)
    assert np.median(data) - 1 < huber < data.mean()


def test_landscape_path_is_gradient_descent():
    x, y = lessons.LINE_DATA
    plot = lessons.landscape(0.15, 30)
    w, b = plot.path.get_data()
    # The first step by hand: dL/dw = 2/n sum((w x + b - y) x), dL/db = 2/n sum(w x + b - y).
    residual = 4.0 * x - 2.0 - y
    assert w[1] == pytest.approx(4.0 - 0.15 * 2 * np.mean(residual * x))
    assert b[1] == pytest.approx(-2.0 - 0.15 * 2 * np.mean(residual))
    assert len(w) == 31
    np.testing.assert_allclose(plot.descent.losses, [analysis.line_loss_and_grad(wi, bi, x, y)[0] for wi, bi in zip(w, b)])


def test_learning_rates_too_small_good_and_too_large():
    x, y = lessons.LINE_DATA
    slope, intercept = np.polyfit(x, y, 1)
    best = lv.mse(slope * x + intercept, y)
    too_small, good, too_large = (analysis.descend(x, y, lr=lr, steps=30, start=(4.0, -2.0)) for lr in (0.01, 0.15, 0.27))
    assert good.losses[-1] < best + 0.05 and not good.diverged
    assert too_small.losses[-1] > 10 * good.losses[-1] and not too_small.diverged
    assert too_large.diverged and too_large.losses[-1] > 100 * too_large.losses[0]
    assert "diverged" in lessons.landscape(0.27, 30).status.get_text()


def test_best_constant_is_mean_and_median():
    data = np.array([1.0, 2.0, 2.5, 9.0, 30.0])
    assert analysis.best_constant(lv.mse, data) == pytest.approx(data.mean(), abs=1e-9)
    assert analysis.best_constant(lv.mae, data) == pytest.approx(2.5, abs=1e-9)
    # An even count: MAE is flat between the middle two; the middle of them is the median.
    assert analysis.best_constant(lv.mae, [1.0, 2.0, 4.0, 10.0]) == pytest.approx(3.0, abs=1e-9)


def test_best_constant_brackets_its_search_by_the_contract():
    # Poisson's best log rate lies outside the data's own range: log of the mean count, log 3 for [2, 3, 4].
    assert abs(analysis.best_constant(lv.poisson_nll, [2, 3, 4]) - np.log(3)) < 1e-9
    # A count of 0 has no finite best log rate of its own; with others the search steps out to find it.
    assert abs(analysis.best_constant(lv.poisson_nll, [0, 3]) - np.log(1.5)) < 1e-9
    assert abs(analysis.best_constant(lv.poisson_nll, [2, 3, 4], log_input=False) - (3 - 1e-8)) < 1e-9
    with pytest.raises(ValueError, match=r"lv.poisson_nll has no best constant for these data: .* goes to -infinity"):
        analysis.best_constant(lv.poisson_nll, [0, 0])
    with pytest.raises(ValueError, match=r"lv.kl_div has no best constant: no prediction is best for a target on its own"):
        analysis.best_constant(lv.kl_div, [0.2, 0.5])


def test_training_curve_draws_the_losses():
    plot = lessons.training_curve([0.9, 0.5, 0.3, 0.2])
    np.testing.assert_array_equal(plot.line.get_ydata(), [0.9, 0.5, 0.3, 0.2])


def test_training_curve_ticks_whole_steps():
    for count in (4, 20, 100):
        ax = lessons.training_curve(np.geomspace(1.0, 0.1, count)).figure.axes[0]
        low, high = ax.get_xlim()
        shown = [tick for tick in ax.get_xticks() if low <= tick <= high]
        assert len(shown) >= 3 and all(tick == round(tick) for tick in shown), shown  # no step 2.5


def test_the_landscapes_colour_scale_says_it_is_logarithmic():
    plot = lessons.landscape()
    scale = plot.figure.axes[-1]  # the colour bar, beside the landscape
    assert scale.get_title() == "MSE (log scale)"
    levels = plot.ax.collections[0].levels  # the filled contours' levels: a constant ratio apart, as the title says
    np.testing.assert_allclose(levels[1:] / levels[:-1], levels[1] / levels[0])


def test_fits_a_pixel_apart_still_show_as_two_lines():
    # With the outlier at 11, the median (3.35) and Huber's fit (3.42) are a pixel apart on the 0-21 axis:
    # each line has its own marker, at x positions no other line uses.
    plot = lessons.outliers(11.0)
    lines = list(plot.fits.values())
    assert len({line.get_marker() for line in lines}) == len(lines)
    marked = [set(line.get_xdata()[line.get_markevery()]) for line in lines]
    assert all(marks for marks in marked)
    assert all(not first & second for index, first in enumerate(marked) for second in marked[index + 1:])
    samples = set(range(1, len(lessons.OUTLIER_DATA) + 2))
    assert not set().union(*marked) & samples  # between the samples, not on their points


@pytest.mark.parametrize("target", [1.0, 0.0, 3.0])
def test_the_overlays_legend_sits_beside_the_target_line_not_across_it(target):
    plot = plots.overlay([lv.mse, lv.mae, lv.huber], target)
    ax = plot.figure.axes[0]
    renderer = plot.figure.canvas.get_renderer()
    box = ax.get_legend().get_window_extent(renderer)
    at = ax.transData.transform((target, 0))[0]
    assert not box.x0 <= at <= box.x1, (box.x0, at, box.x1)


def test_the_gaussian_nll_is_a_constant_plus_a_multiple_of_the_mse():
    # Notebook 01: -Σ log of the bell curve's height at each target = n/2 · log(2πσ²) + n/(2σ²) · MSE.
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    pred, target = rng.normal(size=7), rng.normal(size=7)
    for sigma in (0.1, 0.5, 2.0):
        heights = np.exp(-((target - pred) ** 2) / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2)
        nll = analysis.gaussian_nll(pred, target, sigma)
        assert nll == pytest.approx(-np.log(heights).sum())
        assert nll == pytest.approx(7 / 2 * np.log(2 * np.pi * sigma**2) + 7 / (2 * sigma**2) * lv.mse(pred, target))
        pytorch = torch.nn.GaussianNLLLoss(full=True, reduction="sum")(
            torch.tensor(pred), torch.tensor(target), torch.full((7,), sigma**2, dtype=torch.float64))
        assert nll == pytest.approx(pytorch.item())
    # A miss of 100σ: the bell's height underflows to 0, its log does not.
    assert analysis.gaussian_nll([100.0], [0.0], 1.0) == pytest.approx(0.5 * np.log(2 * np.pi) + 100.0**2 / 2)
    with pytest.raises(ValueError, match="`sigma` must be a positive finite number; got 0"):
        analysis.gaussian_nll([1.0], [1.0], 0.0)
    with pytest.raises(ValueError, match="shapes must match exactly"):
        analysis.gaussian_nll([1.0, 2.0], [1.0], 0.5)


def test_the_likelihood_picture_draws_both_curves_and_each_ones_lowest_point():
    data = [2.1, 1.7, 2.6, 1.9, 2.2]
    plot = lessons.likelihood_and_mse(data, 0.5)
    for ax, name in zip(plot.figure.axes, ("MSE", "NLL")):
        xs, ys = ax.lines[0].get_data()
        np.testing.assert_array_equal(xs, plot.candidates)
        np.testing.assert_array_equal(ys, plot.curves[name])
        assert ax.lines[-1].get_data() == ([plot.lowest[name]], [plot.curves[name].min()])
        assert [text.get_text() for text in ax.texts] == ["lowest at c = 2.1"]
    for c, value, nll in list(zip(plot.candidates, plot.curves["MSE"], plot.curves["NLL"]))[::50]:
        assert value == pytest.approx(lv.mse(np.full(5, c), data))
        assert nll == pytest.approx(analysis.gaussian_nll(np.full(5, c), data, 0.5))
    # Each panel's lowest point, found on its own curve, is the same prediction: the mean.
    assert plot.lowest["MSE"] == plot.lowest["NLL"] == pytest.approx(np.mean(data))


def test_classroom_size_is_bigger_and_switches_back():
    normal = plots.loss_curve(lv.mse)
    style.classroom()
    try:
        big = plots.loss_curve(lv.mse)
    finally:
        style.classroom(False)
    again = plots.loss_curve(lv.mse)
    assert big.figure.get_size_inches()[0] > normal.figure.get_size_inches()[0]
    assert big.ax.xaxis.label.get_fontsize() > normal.ax.xaxis.label.get_fontsize()
    assert big.curve.get_linewidth() > normal.curve.get_linewidth()
    assert again.ax.xaxis.label.get_fontsize() == normal.ax.xaxis.label.get_fontsize()


def in_a_fresh_python(code, **environment):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, **environment})


def test_a_presenting_server_can_start_kernels_at_the_classroom_size():
    width = "import lossviz as lv; print(lv.plots.loss_curve(lv.mse).figure.get_size_inches()[0])"
    assert float(in_a_fresh_python(width, LOSSVIZ_PLOT_SIZE="classroom").stdout) == style.SIZES["classroom"]["width"]
    assert float(in_a_fresh_python(width, LOSSVIZ_PLOT_SIZE="notebook").stdout) == style.SIZES["notebook"]["width"]
    wrong = in_a_fresh_python(width, LOSSVIZ_PLOT_SIZE="huge")
    assert "LOSSVIZ_PLOT_SIZE must be one of 'notebook', 'classroom'; got 'huge'" in wrong.stderr


def test_plots_leave_no_figure_open():
    gc.collect()
    open_before = plt.get_fignums()
    figures_before = sum(type(obj) is Figure for obj in gc.get_objects())
    for loss in lv.LOSSES.values():
        plots.loss_and_gradient(loss).render()
    plots.cross_entropy_panel().render()
    lessons.outliers().render()
    lessons.landscape().render()
    gc.collect()
    assert plt.get_fignums() == open_before
    assert sum(type(obj) is Figure for obj in gc.get_objects()) == figures_before


def test_weight_descent_follows_the_chain_rule():
    plot = lessons.weight_descent(0.1, 3)
    w, losses = plot.path.get_data()
    x, y, w0 = lessons.WEIGHT_PROBLEM["x"], lessons.WEIGHT_PROBLEM["y"], lessons.WEIGHT_PROBLEM["w0"]
    expected = [w0]
    for _ in range(3):
        expected.append(expected[-1] - 0.1 * 2 * (expected[-1] * x - y) * x)  # dL/dw = 2(ŷ - y)·x
    np.testing.assert_allclose(w, expected)
    np.testing.assert_allclose(losses, (np.array(expected) * x - y) ** 2)
    assert losses[0] == pytest.approx(0.49)  # the lesson's starting point: ŷ = 0.3 for y = 1


def test_weight_descent_too_small_good_and_too_large():
    too_small, good, too_large = (analysis.descend_weight(2.0, 1.0, w0=0.15, lr=lr, steps=10) for lr in (0.01, 0.1, 0.3))
    assert good.losses[-1] < 1e-12 and too_small.losses[-1] > 0.05
    assert too_large.diverged and not good.diverged and not too_small.diverged
    assert "diverged" in lessons.weight_descent(0.3, 10).status.get_text()


def _properties(loss_at, perfect, low, high):
    return analysis.loss_properties(loss_at, perfect, low, high)


def test_the_five_properties_of_the_lessons_losses():
    ones = np.ones_like
    table = {
        "MSE": _properties(lambda p: lv.mse(p, ones(p), reduction="none"), 1.0, -2.0, 4.0),
        "MAE": _properties(lambda p: lv.mae(p, ones(p), reduction="none"), 1.0, -2.0, 4.0),
        "Huber": _properties(lambda p: lv.huber(p, ones(p), reduction="none"), 1.0, -2.0, 4.0),
        "BCE": _properties(lambda p: lv.bce(p, ones(p), reduction="none"), 1.0, 0.01, 1.0),
        "0-1": _properties(lambda p: analysis.zero_one_loss(p, ones(p)), 1.0, 0.01, 1.0),
    }
    for name in ("MSE", "Huber", "BCE"):
        assert all(table[name].values()), name
    assert table["MAE"] == {**table["MSE"], "smooth": False}  # the kink at a perfect prediction
    assert table["0-1"] == {"non-negative": True, "zero at perfection": True, "useful gradient": False,
                            "monotonic": False, "smooth": False}


def test_properties_catch_a_loss_that_goes_negative_or_misses_zero():
    shifted = analysis.loss_properties(lambda p: (p - 1.0) ** 2 - 0.5, 1.0, -2.0, 4.0)
    assert not shifted["non-negative"] and not shifted["zero at perfection"] and shifted["smooth"]


def test_zero_one_loss_counts_wrong_sides():
    np.testing.assert_array_equal(analysis.zero_one_loss([0.2, 0.7, 0.5, 0.49], [1, 1, 0, 0]), [1, 0, 1, 0])


def test_a_number_that_rounds_to_zero_is_written_without_a_sign():
    from lossviz._format import fixed

    assert fixed(-0.00001) == "0.0000" and fixed(-0.0) == "0.0000"
    assert fixed(-0.25) == "−0.2500" and fixed([0.5, -0.00004]) == "[0.5000, 0.0000]"


def test_an_overlay_draws_every_loss_across_the_shared_axis():
    plot = plots.overlay([lv.bce_with_logits, lv.hinge], 1.0)
    for line in plot.lines:
        assert (line.get_xdata()[0], line.get_xdata()[-1]) == (-6.0, 6.0)


def smallest_text_written_in(png):
    """The smallest text size a lossviz PNG says it holds, in CSS pixels (None if it says nothing)."""
    text = Image.open(io.BytesIO(png)).text.get(rendering.TEXT_SIZE_KEY.decode())
    return None if text is None else float(text)


def test_a_picture_says_how_small_its_text_is():
    figure = style.new_figure()[0]
    figure.axes[0].set_title("a title", fontsize=36)
    figure.axes[0].text(0.5, 0.5, "a small note", fontsize=9)  # 9 pt at 100 dpi: 12.5 px
    assert smallest_text_written_in(rendering.Plot(figure, []).render()) == 12.5
    figure.axes[0].texts[0].set_visible(False)  # hidden text is not read
    assert smallest_text_written_in(rendering.Plot(figure, []).render()) == style.size["font"] * 0.9 * 100 / 72


# Every picture the lessons draw, as a deck shows it: at the classroom size.
CLASSROOM_PICTURES = {
    **{f"loss and gradient, {loss.name}": lambda loss=loss: plots.loss_and_gradient(loss) for loss in lv.LOSSES.values()},
    "overlay": lambda: plots.overlay([lv.mse, lv.mae, lv.huber], 1.0, title="MSE, MAE and Huber"),
    "golf": lambda: plots.compare_predictions(lv.mse, [0.5, 1.5, 3.0], 1.0),
    "class bars": lambda: plots.cross_entropy_panel(),
    "sigmoid": lambda: lessons.sigmoid_curve(),
    "surprise": lambda: lessons.surprise_curve(),
    "outliers": lambda: lessons.outliers(),
    "landscape": lambda: lessons.landscape(),
    "weight descent": lambda: lessons.weight_descent(),
    "training curve": lambda: lessons.training_curve(np.geomspace(1.0, 0.01, 50)),
    "likelihood": lambda: lessons.likelihood_and_mse([2.1, 1.7, 2.6, 1.9, 2.2], 0.5),
    "explorer snapshots": lambda: lv.explore(lv.cross_entropy).snapshots(),
}


@pytest.mark.parametrize("make", CLASSROOM_PICTURES.values(), ids=CLASSROOM_PICTURES)
def test_at_the_classroom_size_no_text_in_a_picture_is_under_18_px(make):
    """The back row of a lecture room reads 18 px on a 1280×720 projector; a deck shows these
    pictures at their own size (its browser test checks that)."""
    with style.sized("classroom"):
        picture = make()
    assert smallest_text_written_in(picture.render()) >= 18


def contrast_with_white(colour):
    """WCAG contrast ratio of a colour against the white background (1 to 21)."""
    return contrast(matplotlib.colors.to_rgb(colour), (1.0, 1.0, 1.0))


@pytest.mark.parametrize("make", [make for name, make in CLASSROOM_PICTURES.items() if name != "explorer snapshots"],
                         ids=[name for name in CLASSROOM_PICTURES if name != "explorer snapshots"])
def test_every_line_and_mark_stands_out_from_the_background(make):
    # WCAG 1.4.11: graphics at least 3:1 against their background, or outlined at 3:1 (a yellow star).
    figure = make().figure
    faint = []
    for ax in figure.axes:
        for line in ax.lines:
            if not line.get_visible() or (line.get_linestyle() == "None" and line.get_marker() in ("None", "", None)):
                continue
            if contrast_with_white(line.get_color()) < 3 and contrast_with_white(line.get_markeredgecolor()) < 3:
                faint.append((line.get_label(), line.get_color(), round(contrast_with_white(line.get_color()), 2)))
        for patch in ax.patches:  # bars
            face, edge = patch.get_facecolor(), patch.get_edgecolor()
            if patch.get_visible() and face[3] > 0 and contrast_with_white(face) < 3 and \
                    (edge[3] == 0 or contrast_with_white(edge) < 3):
                faint.append((type(patch).__name__, matplotlib.colors.to_hex(face), round(contrast_with_white(face), 2)))
    assert not faint, faint
