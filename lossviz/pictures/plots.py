"""Pictures of losses: a loss's curve, its gradient, several losses at once, softmax bars (from class_bars).

Every function builds its figure without pyplot (so no figure is ever left
open in pyplot's registry), or draws into an ``ax=`` you give it, and returns
a `Plot` (`lossviz.rendering`) holding the artists that change; in a notebook
a `Plot` shows itself as its picture. Everything a picture says about a loss
(its colour, its axis label, its options, where its target sits) is read from
the loss's own definition, so a new loss is drawn like the others.
"""

import numpy as np
from matplotlib.patches import FancyArrowPatch

from lossviz import analysis
from lossviz._format import fixed, short
from lossviz.losses import LOSSES
from lossviz.pictures.class_bars import ClassesPanel, cross_entropy_panel  # noqa: F401 (lv.plots.cross_entropy_panel)
from lossviz.pictures.rendering import Plot
from lossviz.pictures.style import COLOURS, figure_for, label, legend, new_figure, size

CURVE_POINTS = 401

# A loss curve's sizes, which the explorers send the browser too (lossviz.explorers.specs.Geometry). The loss axis runs
# from its floor (0, or the curve's lowest value where that is below 0) to its top, with 0.12 of that span below (room for
# the arrow) and above; room around the gradient's range, a tenth of it.
LOSS_ROOM, GRADIENT_MARGIN = 0.12, 0.1
# The tangent's longest half, a fraction of the prediction's range; its steepest rises this fraction of the loss axis.
TANGENT_HALF, TANGENT_RISE = 0.12, 0.3
# The downhill arrow's length, a fraction of the prediction's range, and its height, this fraction of the way from the
# floor down to the loss axis's bottom.
ARROW_LENGTH, ARROW_HEIGHT = 0.1, 0.6


def target_line_name(loss, target):  # the target itself, or the best prediction for it where that differs
    return f"{'target' if loss.perfect_prediction(target) == target else 'best ' + loss.pred_text + ' for'} y = {short(float(target))}"


def options_text(loss, options):
    """The loss's slider options as the lessons write them: "δ = 1.5, γ = 2"."""
    return ", ".join(f"{slider.symbol} = {short(float(options.get(name, loss.options[name])))}"
                     for name, slider in loss.sliders.items())


def loss_axis_span(values):
    """(floor, top) a loss axis spans: from 0, or the lowest value where a loss goes below 0 (Poisson's e^z - y z
    for a count of 8), to the highest, kept apart so that a curve flat at 0 (hinge beyond its margin) still gets room."""
    floor = min(float(values.min()), 0.0)
    return floor, max(float(values.max()), floor + 1e-9)


class LossCurve(Plot):
    """L(ŷ; y) over the prediction's range, the target, the current point, its tangent and downhill arrow."""

    def __init__(self, loss, *, target, pred, scores, options, ax):
        figure, (ax,), owned = figure_for(ax)
        self.loss, self.ax, self.options = loss, ax, dict(options)
        self.preds = np.linspace(loss.pred_range[0], loss.pred_range[1], CURVE_POINTS)
        (self.curve,) = ax.plot([], [], color=loss.colour, linewidth=size["line"], label=loss.title)
        self.target_line = ax.axvline(0, color=COLOURS["grey"], linestyle="--", linewidth=size["line"] * 0.6)
        # The dashed line's name, at its top: a loss is lowest near its target, so its curve leaves room there.
        self.target_text = ax.annotate("", (0, 1), xycoords=("data", "axes fraction"), xytext=(0, -3),
                                       textcoords="offset points", va="top", fontsize=size["font"] * 0.9,
                                       bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1.5})
        self.tangent = ax.plot([], [], color=COLOURS["orange"], linewidth=size["line"] * 0.8)[0]
        self.marker = ax.plot([], [], "o", color=COLOURS["vermillion"], markersize=size["marker"], zorder=5)[0]
        self.arrow = FancyArrowPatch((0, 0), (1, 0), arrowstyle="-|>", mutation_scale=size["marker"] * 2.2,
                                     color=COLOURS["vermillion"], linewidth=size["line"] * 0.8, zorder=6)
        ax.add_patch(self.arrow)
        self.value_text = ax.annotate("", (0, 0), xytext=(0, size["marker"] + 6), textcoords="offset points",
                                      ha="center", fontsize=size["font"] * 0.95, zorder=7,
                                      bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1.5})
        label(ax, loss.axis_label, "loss $L$", f"{loss.title}: ${loss.pred_symbol}$ moves, the loss follows")
        ax.set_xlim(*loss.pred_range)
        super().__init__(figure, [self.tangent, self.marker, self.arrow, self.value_text], owned)
        self.pred = pred
        self.set_target(target, scores=scores)

    def set_target(self, target, *, scores=None, **options):
        """Move the target (or the other class scores, or an option): redraws the curve."""
        self.target, self.scores = target, scores
        self.options.update(options)
        self.values, self.slopes = analysis.loss_along(self.loss, self.preds, target, scores=scores, **self.options)
        self.curve.set_data(self.preds, self.values)
        perfect = self.loss.perfect_prediction(target)
        self.target_line.set_visible(perfect is not None)
        low, high = self.loss.pred_range
        self.target_text.set_visible(perfect is not None and low <= perfect <= high)
        if perfect is not None:
            self.target_line.set_xdata([perfect, perfect])
            # Beside the line, on its wider side (the right one when both are as wide), as the browser draws it.
            right = perfect - low <= high - perfect
            self.target_text.xy = (perfect, 1)
            self.target_text.set_position((4 if right else -4, -3))
            self.target_text.set_horizontalalignment("left" if right else "right")
            self.target_text.set_text(target_line_name(self.loss, target))
        self.floor, top = loss_axis_span(self.values)
        room = LOSS_ROOM * (top - self.floor)
        self.ax.set_ylim(self.floor - room, top + room)
        self.refresh_background()
        self.set_pred(self.pred)

    def set_pred(self, pred):
        """Move the current prediction: only the moving artists change."""
        self.pred = float(pred)
        values, slopes = analysis.loss_along(self.loss, np.array([self.pred]), self.target,
                                             scores=self.scores, **self.options)
        self.value, self.slope = float(values[0]), float(slopes[0])
        self.marker.set_data([self.pred], [self.value])
        self.value_text.xy = (self.pred, self.value)
        # Plain text, not mathtext: parsing "$L$" again on every move costs ~9 ms.
        self.value_text.set_text(f"L = {fixed(self.value)}")
        self._draw_tangent_and_arrow()

    def _draw_tangent_and_arrow(self):
        low, high = self.loss.pred_range
        bottom, top = self.ax.get_ylim()
        # Keep the tangent short enough to stay on screen where the curve is steep.
        half = min(TANGENT_HALF * (high - low), TANGENT_RISE * (top - bottom) / max(abs(self.slope), 1e-12))
        xs = np.array([self.pred - half, self.pred + half])
        self.tangent.set_data(xs, self.value + self.slope * (xs - self.pred))
        # The arrow runs along the prediction axis, pointing downhill: -sign(dL/dŷ).
        direction = -np.sign(self.slope)
        self.arrow.set_visible(direction != 0)
        height = self.floor + ARROW_HEIGHT * (bottom - self.floor)  # in the strip under the curve's minimum
        length = ARROW_LENGTH * (high - low)
        self.arrow.set_positions((self.pred, height), (self.pred + direction * length, height))

    def __repr__(self):
        return f"<LossCurve {self.loss.name}: target {self.target}, prediction {self.pred:.4g}>"


def _defaults(loss, target, pred, scores):
    """(target, pred, scores), each from the loss's example where not given."""
    example_pred, example_target = loss.example
    target = example_target if target is None else target
    if loss.task != "multiclass":
        return target, (example_pred if pred is None else pred), None
    scores = list(example_pred if scores is None else scores)
    return target, (scores[target] if pred is None else pred), scores


def loss_curve(loss, target=None, pred=None, *, scores=None, ax=None, **options):
    """Draw ``L(ŷ; y)`` for ŷ across the loss's slider range, with the current point.

    The target is marked by a dashed line where it is a point on the
    prediction's axis; the current prediction by a dot labelled with its loss,
    the tangent (slope = the gradient) and an arrow along the prediction axis
    pointing downhill, the way the prediction should move. Defaults come from
    the loss's metadata (``loss.example``). For the multiclass losses the
    moving value is the true class's score, the others fixed at `scores`.
    """
    target, pred, scores = _defaults(loss, target, pred, scores)
    return LossCurve(loss, target=target, pred=pred, scores=scores, options=options, ax=ax)


class GradientCurve(Plot):
    """dL/dŷ over the prediction's range, with the current point."""

    def __init__(self, loss, *, target, pred, scores, options, ax):
        figure, (ax,), owned = figure_for(ax)
        self.loss, self.ax, self.options = loss, ax, dict(options)
        self.preds = np.linspace(loss.pred_range[0], loss.pred_range[1], CURVE_POINTS)
        (self.curve,) = ax.plot([], [], color=loss.colour, linewidth=size["line"])
        ax.axhline(0, color=COLOURS["black"], linewidth=0.8)
        self.marker = ax.plot([], [], "o", color=COLOURS["vermillion"], markersize=size["marker"], zorder=5)[0]
        label(ax, loss.axis_label, rf"gradient $\partial L / \partial {loss.pred_symbol}$",
              "its gradient: the slope of the loss")
        ax.set_xlim(*loss.pred_range)
        super().__init__(figure, [self.marker], owned)
        self.pred = pred
        self.set_target(target, scores=scores)

    def set_target(self, target, *, scores=None, **options):
        self.options.update(options)
        _, slopes = analysis.loss_along(self.loss, self.preds, target, scores=scores, **self.options)
        self.show_slopes(slopes, target, scores)
        self.set_pred(self.pred)

    def show_slopes(self, slopes, target, scores=None):
        """Draw the slopes over `preds` for this target, however they were computed."""
        self.target, self.scores, self.slopes = target, scores, slopes
        self.curve.set_data(self.preds, slopes)
        low, high = min(float(slopes.min()), 0.0), max(float(slopes.max()), 0.0)
        if self.loss.gradient_limits is not None:
            low, high = max(low, self.loss.gradient_limits[0]), min(high, self.loss.gradient_limits[1])
        margin = GRADIENT_MARGIN * (high - low) or GRADIENT_MARGIN  # a slope of 0 everywhere still gets an axis
        self.ax.set_ylim(low - margin, high + margin)
        self.refresh_background()

    def set_pred(self, pred):
        _, slopes = analysis.loss_along(self.loss, np.array([float(pred)]), self.target, scores=self.scores, **self.options)
        self.show_point(pred, float(slopes[0]))

    def show_point(self, pred, slope):
        """Mark the current prediction and its slope."""
        self.pred, self.slope = float(pred), slope
        self.marker.set_data([self.pred], [self.slope])

    def __repr__(self):
        return f"<GradientCurve {self.loss.name}: target {self.target}, prediction {self.pred:.4g}>"


def gradient_curve(loss, target=None, pred=None, *, scores=None, ax=None, **options):
    """Draw ``dL/dŷ`` across the prediction's range: MSE's line, MAE's step,
    Huber's clipped line, BCE's blow-up near the wrong end. Defaults as `loss_curve`."""
    target, pred, scores = _defaults(loss, target, pred, scores)
    return GradientCurve(loss, target=target, pred=pred, scores=scores, options=options, ax=ax)


class LossAndGradient(Plot):
    """The loss curve and its gradient side by side, moving together."""

    def __init__(self, loss, target=None, pred=None, *, scores=None, **options):
        figure, axes = new_figure(2, width=size["width"] * 1.45)
        target, pred, scores = _defaults(loss, target, pred, scores)
        self.loss = loss
        self.curve = LossCurve(loss, target=target, pred=pred, scores=scores, options=options, ax=axes[0])
        self.gradient = GradientCurve(loss, target=target, pred=pred, scores=scores, options=options, ax=axes[1])
        super().__init__(figure, self.curve.moving + self.gradient.moving)

    # The loss panel computes the loss and the slope together; the gradient panel shows
    # those same slopes rather than computing them a second time on every move.
    def set_target(self, target, *, scores=None, **options):
        self.curve.set_target(target, scores=scores, **options)
        self.gradient.options.update(options)
        self.gradient.show_slopes(self.curve.slopes, target, scores)
        self.gradient.show_point(self.curve.pred, self.curve.slope)

    def set_pred(self, pred):
        self.curve.set_pred(pred)
        self.gradient.show_point(self.curve.pred, self.curve.slope)

    def __repr__(self):
        return f"<LossAndGradient {self.loss.name}: target {self.curve.target}, prediction {self.curve.pred:.4g}>"


def loss_and_gradient(loss, target=None, pred=None, *, scores=None, **options):
    """`loss_curve` and `gradient_curve` in one figure, side by side."""
    return LossAndGradient(loss, target, pred, scores=scores, **options)


def compare_predictions(loss, preds, target, *, xlim=None, ax=None, title="Like golf: lower is better"):
    """One loss curve with several predictions marked, each labelled with its loss."""
    figure, (ax,), owned = figure_for(ax)
    low, high = xlim or loss.pred_range
    xs = np.linspace(low, high, CURVE_POINTS)
    values, _ = analysis.loss_along(loss, xs, target)
    ax.plot(xs, values, color=loss.colour, linewidth=size["line"], label=loss.title)
    ax.axvline(target, color=COLOURS["grey"], linestyle="--", linewidth=size["line"] * 0.6, label=f"target y = {target:g}")
    point_values, _ = analysis.loss_along(loss, np.asarray(preds, dtype=float), target)
    colours = [COLOURS["vermillion"], COLOURS["green"], COLOURS["purple"], COLOURS["orange"]]
    for index, (pred, value) in enumerate(zip(preds, point_values)):
        colour = colours[index % len(colours)]
        ax.plot([pred], [value], "o", color=colour, markersize=size["marker"] * 1.2, zorder=5)
        ax.annotate(f"{loss.pred_text} = {pred:g}\nL = {value:.4f}", (pred, value),
                    xytext=(0, 2.2 * size["font"]), textcoords="offset points", ha="center",
                    fontsize=size["font"], color=colour, arrowprops={"arrowstyle": "-", "color": colour})
    ax.set_xlim(low, high)
    ax.set_ylim(-0.05 * values.max(), 1.25 * values.max())
    label(ax, loss.axis_label, "loss $L$", title)
    legend(ax, loc="upper right")
    return Plot(figure, [], owned)


# ------------------------------------------------------------ several losses at once


def curve_label(loss, target, options):
    """A curve's legend entry: the loss's short name, its options, and the label it is drawn for."""
    text = loss.short_name
    if loss.sliders:
        text += f" ({options_text(loss, options)})"
    if loss.task == "binary":
        text += f", y = {target:g}"
    return text


class Overlay(Plot):
    lines: list  # a line per loss, as `overlay` drew them


def overlay(losses, target=None, *, ax=None, options=None, title=None):
    """Several losses on one axes, each against its target.

    ``overlay([lv.mse, lv.mae, lv.huber], 1.0)`` compares regression losses
    for one target; ``overlay([lv.bce, lv.bce], [1, 0])`` draws BCE for
    y = 1 and y = 0. `options` gives each loss's keyword options (a list of dicts).
    """
    losses = list(losses)
    targets = list(np.broadcast_to(np.asarray(losses[0].example[1] if target is None else target, dtype=float),
                                   (len(losses),)))
    options = options or [{} for _ in losses]
    figure, (ax,), owned = figure_for(ax)
    styles = ["-", "--", "-.", ":"]
    low = min(loss.pred_range[0] for loss in losses)
    high = max(loss.pred_range[1] for loss in losses)
    lines = []
    for index, (loss, each_target, each_options) in enumerate(zip(losses, targets, options)):
        # Across the shared axis, as far as the loss's domain allows (a probability stops at 0 and 1).
        preds = np.linspace(max(low, loss.pred_domain[0]), min(high, loss.pred_domain[1]), CURVE_POINTS)
        values, _ = analysis.loss_along(loss, preds, each_target, **each_options)
        colour_before = [other.colour for other in losses[:index]].count(loss.colour)
        colour = loss.colour if not colour_before else COLOURS["orange"]
        lines += ax.plot(preds, values, styles[index % len(styles)], color=colour, linewidth=size["line"],
                         label=curve_label(loss, each_target, each_options))
    perfect = {loss.perfect_prediction(each) for loss, each in zip(losses, targets)}
    where = {"loc": "upper center"}
    if len(perfect) == 1 and None not in perfect and losses[0].task == "regression":
        (at,) = perfect
        ax.axvline(at, color=COLOURS["grey"], linestyle="--", linewidth=size["line"] * 0.6, label=f"target y = {at:g}")
        # The legend sits beside the target line, on its wider side, where the curves leave room: not across it.
        across = (at - low) / (high - low)
        where = {"loc": "upper left", "bbox_to_anchor": (across + 0.01, 1)} if across <= 0.5 else \
            {"loc": "upper right", "bbox_to_anchor": (across - 0.01, 1)}
    ax.set_xlim(low, high)
    ax.set_ylim(bottom=-0.05 * ax.get_ylim()[1])
    label(ax, losses[0].axis_label, "loss $L$", title)
    legend(ax, **where)
    plot = Overlay(figure, [], owned)
    plot.lines = lines
    return plot


def atlas(losses=None, *, columns=4):
    """Every loss of `losses` (all of `LOSSES` by default) in its own small panel, at its example:
    the registry at a glance."""
    losses = list(LOSSES.values() if losses is None else losses)
    rows = -(-len(losses) // columns)
    figure, axes = new_figure(columns, rows=rows, width=size["width"] * 2, height=size["height"] * 0.85 * rows)
    figure.subplots_adjust(left=0.05, right=0.98, bottom=0.08, top=0.93, wspace=0.35, hspace=0.75)
    for ax, loss in zip(axes, losses):
        loss_curve(loss, ax=ax)
        ax.set_title(loss.title, fontsize=size["font"])
        ax.set_xlabel(loss.axis_label, fontsize=size["font"] * 0.9)
        ax.set_ylabel("")
    for ax in axes[len(losses):]:
        ax.set_visible(False)
    return Plot(figure, [])
