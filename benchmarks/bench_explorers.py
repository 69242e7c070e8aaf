"""Kernel-side time of a slider move: from the new value to the new picture and readout.

For each explorer, 200 moves of its main slider are timed (compute + update
the artists + repaint + PNG), median and 90th percentile, next to the naive
way measured in the same run: `interactive_output` calling a function that
re-makes the figure with pyplot and renders it to PNG, as the inline backend
does on every move. Prints a table; asserts nothing.
"""

import contextlib
import io
import statistics
import time

import ipywidgets
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (the backend is chosen first)
import numpy as np  # noqa: E402

import lossviz as lv  # noqa: E402
from lossviz import analysis, plots, style, widgets  # noqa: E402

MOVES = 200


def timed_moves(slider, values):
    times = []
    for value in values:
        start = time.perf_counter()
        slider.value = value
        times.append(time.perf_counter() - start)
    return times


def slider_values(slider):
    # Back and forth across the range, never repeating a value (a repeat fires no event).
    low, high = slider.min, slider.max
    forth = np.linspace(low + 0.01 * (high - low), high - 0.01 * (high - low), MOVES // 2)
    return [*forth, *(forth[::-1] + 0.001 * (high - low) * 0.5)]


def naive_loss_figure(loss, pred, target):
    """What a first attempt does on each move: a new pyplot figure, everything drawn again."""
    figure, (left, right) = plt.subplots(1, 2, figsize=(style.SIZES["notebook"]["width"] * 1.45, 3.6), dpi=style.DPI)
    preds = np.linspace(*loss.pred_range, plots.CURVE_POINTS)
    values, slopes = analysis.loss_along(loss, preds, target)
    (value,), (slope,) = analysis.loss_along(loss, np.array([pred]), target)
    left.plot(preds, values)
    left.axvline(target, linestyle="--")
    left.plot([pred], [value], "o")
    left.plot([pred - 0.5, pred + 0.5], [value - 0.5 * slope, value + 0.5 * slope])
    left.annotate("", (pred - np.sign(slope) * 0.5, 0), (pred, 0), arrowprops={"arrowstyle": "-|>"})
    left.set_title(f"L = {value:.4f}")
    right.plot(preds, slopes)
    right.plot([pred], [slope], "o")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")  # the inline backend's work on every move
    plt.close(figure)


def naive_times(loss):
    slider = ipywidgets.FloatSlider(min=loss.pred_range[0], max=loss.pred_range[1], value=loss.example[0])
    target = loss.example[1]
    # Outside a kernel the Output widget writes terminal escapes when it clears; keep them off the table.
    with contextlib.redirect_stdout(io.StringIO()):
        ipywidgets.interactive_output(lambda pred: naive_loss_figure(loss, pred, target), {"pred": slider})
        return timed_moves(slider, slider_values(slider)[: MOVES // 4])  # slow: fewer moves suffice


def summary(times):
    milliseconds = np.array(times) * 1e3
    return statistics.median(milliseconds), float(np.percentile(milliseconds, 90))


def main():
    print(f"kernel-side time per slider move, {MOVES} moves, milliseconds")
    print(f"{'explorer':<24} {'median':>7} {'p90':>7} {'naive median':>13} {'speed-up':>9}")
    for loss in (loss for loss in lv.LOSSES.values() if loss.view == "curve"):
        explorer = widgets.explore(loss)
        median, p90 = summary(timed_moves(explorer.controls["prediction"], slider_values(explorer.controls["prediction"])))
        if loss.task == "multiclass":  # the naive figure moves a prediction, not one class's score
            print(f"{f'explore({loss.name})':<24} {median:>7.1f} {p90:>7.1f}")
        else:
            naive, _ = summary(naive_times(loss))
            print(f"{f'explore({loss.name})':<24} {median:>7.1f} {p90:>7.1f} {naive:>13.1f} {naive / median:>8.1f}x")
        for option in loss.sliders:  # an option redraws the whole curve
            median, p90 = summary(timed_moves(explorer.controls[option], slider_values(explorer.controls[option])))
            print(f"{f'  its {option} slider':<24} {median:>7.1f} {p90:>7.1f}")
    others = [
        ("explore(cross_entropy)", widgets.explore(lv.cross_entropy), "logit 1"),
        ("explore_outliers()", widgets.explore_outliers(), "outlier"),
        ("explore_landscape()", widgets.explore_landscape(), "steps"),
    ]
    for label, explorer, control in others:
        slider = explorer.controls[control]
        values = slider_values(slider) if not isinstance(slider, ipywidgets.IntSlider) else \
            [int(v) for v in np.r_[np.arange(slider.min, slider.max + 1), np.arange(slider.max - 1, slider.min, -1)]][:MOVES]
        median, p90 = summary(timed_moves(slider, values))
        print(f"{label:<24} {median:>7.1f} {p90:>7.1f} {'':>13} {'':>9}")


if __name__ == "__main__":
    main()
