"""Pictures of losses: curves, gradients, softmax bars, outliers, landscapes.

Every function builds its figure without pyplot (so no figure is ever left
open in pyplot's registry), or draws into an ``ax=`` you give it, and returns
a `Plot` holding the artists that change. ``plot.render()`` gives PNG bytes:
the first call draws everything once and keeps the still parts as a
background; later calls repaint only the moving artists on it. In a notebook
a `Plot` shows itself as its picture.

One style for all, colour-blind safe (Okabe and Ito's palette), the axes
labelled in the lessons' notation; `classroom()` switches to a size readable
on a projector.
"""

import contextlib
import os
import struct
import textwrap
import zlib

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from lossviz import analysis
from lossviz.losses import cross_entropy, mse

# Okabe & Ito (2008), distinguishable with every common colour-vision deficiency.
COLOURS = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
LOSS_COLOURS = {
    "mse": COLOURS["blue"],
    "mae": COLOURS["vermillion"],
    "huber": COLOURS["green"],
    "bce": COLOURS["blue"],
    "bce_with_logits": COLOURS["purple"],
    "cross_entropy": COLOURS["blue"],
    "nll": COLOURS["purple"],
}

SIZES = {
    "notebook": {"width": 7.0, "height": 3.6, "font": 11, "line": 2.2, "marker": 8},
    "classroom": {"width": 10.0, "height": 5.2, "font": 17, "line": 3.4, "marker": 13},
}
DPI = 100


def _size_from_environment():
    """The size named by LOSSVIZ_PLOT_SIZE, so that a presenting server (`make present`) can start
    every kernel at the classroom size without a change to the notebooks; "notebook" if unset."""
    name = os.environ.get("LOSSVIZ_PLOT_SIZE", "notebook")
    if name not in SIZES:
        raise ValueError(f"LOSSVIZ_PLOT_SIZE must be one of {', '.join(map(repr, SIZES))}; got {name!r}")
    return dict(SIZES[name])


_size = _size_from_environment()


@contextlib.contextmanager
def sized(name):
    """Make plots at one size ("notebook" or "classroom") inside a `with` block."""
    before = dict(_size)
    _size.update(SIZES[name])
    try:
        yield
    finally:
        _size.update(before)


def classroom(on=True):
    """Bigger fonts, lines and figures for projection (``classroom(False)`` switches back).

    Applies to plots made after the call; nothing in matplotlib's global
    settings changes.
    """
    _size.update(SIZES["classroom" if on else "notebook"])


def plain_symbol(loss):
    """The prediction's symbol in plain Unicode (ŷ), for text that is not mathtext."""
    return {r"\hat y": "ŷ", r"\log p": "log p"}.get(loss.pred_symbol, loss.pred_symbol)


def subscript(number):
    """A whole number as Unicode subscript digits (p₀), for text that is not mathtext."""
    return str(number).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def pred_label(loss):
    """The x-axis label for a loss's prediction, in the lesson's notation."""
    names = {"regression": "prediction", "binary": "predicted probability", "multiclass": "true class's score"}
    if loss.name == "bce_with_logits":
        return f"logit ${loss.pred_symbol}$"
    return f"{names[loss.task]} ${loss.pred_symbol}$"


# ------------------------------------------------------------ figures and rendering


class Picture:
    """A raster that shows itself in a notebook and saves as PNG."""

    def __init__(self, rgba):
        self._rgba = rgba

    def rgba(self):
        """The picture as an (height, width, 4) uint8 raster."""
        return self._rgba

    def render(self, compress_level=1):
        """The picture as PNG bytes."""
        return _png(self.rgba(), compress_level)

    def save(self, path):
        """Write the picture as a PNG file, compressed hard (for the repository)."""
        with open(path, "wb") as file:
            file.write(self.render(compress_level=9))

    def _repr_png_(self):
        return self.render()

    def __repr__(self):
        height, width, _ = self.rgba().shape
        return f"<{type(self).__name__}: {width}×{height} px>"


class Plot(Picture):
    """A figure with the artists that move; renders itself to PNG quickly.

    `moving` are the artists that change on a slider move; everything else is
    drawn once into a cached background. Call `refresh_background()` after
    changing a still part (a new target moves the whole curve).
    """

    def __init__(self, figure, moving, owned=True):
        self.figure = figure
        self.moving = list(moving)
        self.owned = owned
        self._background = None

    def refresh_background(self):
        self._background = None

    def rgba(self):
        """The picture as an (height, width, 4) uint8 raster; it is the canvas's own buffer,
        so copy it to keep it past the next render."""
        canvas = self.figure.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            canvas = FigureCanvasAgg(self.figure)
        if self._background is None:
            for artist in self.moving:
                artist.set_animated(True)  # kept out of the background
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in self.moving:
            if artist.get_visible():
                artist.axes.draw_artist(artist) if artist.axes else self.figure.draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())

    def _repr_png_(self):
        # Only figures lossviz made show themselves; a figure drawn into your own
        # axes is yours to show (matplotlib would show it a second time).
        return self.render() if self.owned else None

    def __repr__(self):
        return f"<{type(self).__name__}>"


def _png(rgba, compress_level):
    """Encode an RGBA raster as an RGB PNG.

    Written out here because it is twice as fast as Pillow's encoder (which
    tries every row filter) for the same size: a slider move has ~20 ms.
    """
    height, width, _ = rgba.shape
    rows = np.empty((height, 1 + 3 * width), np.uint8)
    rows[:, 0] = 0  # row filter "none"
    rows[:, 1:] = rgba[..., :3].reshape(height, -1)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), compress_level)) + chunk(b"IEND", b""))


def new_figure(columns=1, *, width=None, height=None, width_ratios=None):
    """A figure of the current size with `columns` axes side by side, outside pyplot."""
    figure = Figure(figsize=(width or _size["width"], height or _size["height"]), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots(1, columns, gridspec_kw={"width_ratios": width_ratios} if width_ratios else None)
    figure.subplots_adjust(left=0.1 if columns == 1 else 0.08, right=0.97, bottom=0.17, top=0.88, wspace=0.3)
    axes = list(np.atleast_1d(axes))
    for ax in axes:
        style_axes(ax)
    return figure, axes


def _figure_for(ax, columns=1, **sizes):
    """(figure, axes, owned): a new figure, or the one `ax` belongs to."""
    if ax is None:
        figure, axes = new_figure(columns, **sizes)
        return figure, axes, True
    axes = list(np.atleast_1d(ax))
    for each in axes:
        style_axes(each)
    return axes[0].figure, axes, False


def style_axes(ax):
    """The lossviz look on one axes: light grid, no top/right frame, readable ticks."""
    ax.grid(True, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=_size["font"] * 0.9)


def _label(ax, xlabel, ylabel, title=None):
    ax.set_xlabel(xlabel, fontsize=_size["font"])
    ax.set_ylabel(ylabel, fontsize=_size["font"])
    if title:
        ax.set_title(title, fontsize=_size["font"] * 1.05)


def _legend(ax, **kwargs):
    ax.legend(fontsize=_size["font"] * 0.85, **{"frameon": False, **kwargs})


# ------------------------------------------------------------ loss and gradient curves

CURVE_POINTS = 401


class LossCurve(Plot):
    """L(ŷ; y) over the prediction's range, the target, the current point, its tangent and downhill arrow."""

    def __init__(self, loss, *, target, pred, scores, options, ax):
        figure, (ax,), owned = _figure_for(ax)
        self.loss, self.ax, self.options = loss, ax, dict(options)
        self.preds = np.linspace(*loss.pred_range, CURVE_POINTS)
        (self.curve,) = ax.plot([], [], color=LOSS_COLOURS[loss.name], linewidth=_size["line"], label=loss.title)
        self.target_line = ax.axvline(0, color=COLOURS["grey"], linestyle="--", linewidth=_size["line"] * 0.6)
        self.tangent = ax.plot([], [], color=COLOURS["orange"], linewidth=_size["line"] * 0.8)[0]
        self.marker = ax.plot([], [], "o", color=COLOURS["vermillion"], markersize=_size["marker"], zorder=5)[0]
        self.arrow = FancyArrowPatch((0, 0), (1, 0), arrowstyle="-|>", mutation_scale=_size["marker"] * 2.2,
                                     color=COLOURS["vermillion"], linewidth=_size["line"] * 0.8, zorder=6)
        ax.add_patch(self.arrow)
        self.value_text = ax.annotate("", (0, 0), xytext=(0, _size["marker"] + 6), textcoords="offset points",
                                      ha="center", fontsize=_size["font"] * 0.95, zorder=7,
                                      bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1.5})
        symbol = loss.pred_symbol
        _label(ax, pred_label(loss), "loss $L$", f"{loss.title}: ${symbol}$ moves, the loss follows")
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
        if self.loss.task == "multiclass":
            self.target_line.set_visible(False)
        else:
            self.target_line.set_xdata([target, target])
        top = float(self.values.max())
        self.ax.set_ylim(-0.12 * top, 1.12 * top)  # room under the curve for the arrow
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
        self.value_text.set_text(f"L = {self.value:.4f}")
        self._draw_tangent_and_arrow()

    def _draw_tangent_and_arrow(self):
        low, high = self.loss.pred_range
        bottom, top = self.ax.get_ylim()
        # Keep the tangent short enough to stay on screen where the curve is steep.
        half = min(0.12 * (high - low), 0.3 * (top - bottom) / max(abs(self.slope), 1e-12))
        xs = np.array([self.pred - half, self.pred + half])
        self.tangent.set_data(xs, self.value + self.slope * (xs - self.pred))
        # The arrow runs along the prediction axis, pointing downhill: -sign(dL/dŷ).
        direction = -np.sign(self.slope)
        self.arrow.set_visible(direction != 0)
        height = 0.6 * bottom  # in the strip under the curve's minimum
        length = 0.1 * (high - low)
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

    The target is marked by a dashed line; the current prediction by a dot
    labelled with its loss, the tangent (slope = the gradient) and an arrow
    along the prediction axis pointing downhill, the way the prediction should
    move. Defaults come from the loss's metadata (``loss.example``). For the
    multiclass losses the moving value is the true class's score, the others
    fixed at `scores`.
    """
    target, pred, scores = _defaults(loss, target, pred, scores)
    return LossCurve(loss, target=target, pred=pred, scores=scores, options=options, ax=ax)


class GradientCurve(Plot):
    """dL/dŷ over the prediction's range, with the current point."""

    def __init__(self, loss, *, target, pred, scores, options, ax):
        figure, (ax,), owned = _figure_for(ax)
        self.loss, self.ax, self.options = loss, ax, dict(options)
        self.preds = np.linspace(*loss.pred_range, CURVE_POINTS)
        (self.curve,) = ax.plot([], [], color=LOSS_COLOURS[loss.name], linewidth=_size["line"])
        ax.axhline(0, color=COLOURS["black"], linewidth=0.8)
        self.marker = ax.plot([], [], "o", color=COLOURS["vermillion"], markersize=_size["marker"], zorder=5)[0]
        _label(ax, pred_label(loss), rf"gradient $\partial L / \partial {loss.pred_symbol}$",
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
        if self.loss.name == "bce":
            low, high = max(low, -12.0), min(high, 12.0)  # 1/p blows up: show the shape, not the pole
        margin = 0.1 * (high - low)
        self.ax.set_ylim(low - margin, high + margin)
        self.refresh_background()

    def set_pred(self, pred):
        _, slopes = analysis.loss_along(self.loss, np.array([float(pred)]), self.target,
                                        scores=self.scores, **self.options)
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
        figure, axes = new_figure(2, width=_size["width"] * 1.45)
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
        self.refresh_background()

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
    figure, (ax,), owned = _figure_for(ax)
    low, high = xlim or loss.pred_range
    xs = np.linspace(low, high, CURVE_POINTS)
    values, _ = analysis.loss_along(loss, xs, target)
    ax.plot(xs, values, color=LOSS_COLOURS[loss.name], linewidth=_size["line"], label=loss.title)
    ax.axvline(target, color=COLOURS["grey"], linestyle="--", linewidth=_size["line"] * 0.6,
               label=f"target y = {target:g}")
    point_values, _ = analysis.loss_along(loss, np.asarray(preds, dtype=float), target)
    colours = [COLOURS["vermillion"], COLOURS["green"], COLOURS["purple"], COLOURS["orange"]]
    for index, (pred, value) in enumerate(zip(preds, point_values)):
        colour = colours[index % len(colours)]
        ax.plot([pred], [value], "o", color=colour, markersize=_size["marker"] * 1.2, zorder=5)
        ax.annotate(f"{plain_symbol(loss)} = {pred:g}\nL = {value:.4f}", (pred, value),
                    xytext=(0, 2.2 * _size["font"]), textcoords="offset points", ha="center",
                    fontsize=_size["font"], color=colour, arrowprops={"arrowstyle": "-", "color": colour})
    ax.set_xlim(low, high)
    ax.set_ylim(-0.05 * values.max(), 1.25 * values.max())
    _label(ax, pred_label(loss), "loss $L$", title)
    _legend(ax, loc="upper right")
    return Plot(figure, [], owned)


# ------------------------------------------------------------ several losses at once


def _curve_label(loss, target, options):
    label = {"mse": "MSE", "mae": "MAE", "huber": "Huber", "bce": "BCE"}.get(loss.name, loss.title)
    if "delta" in loss.options:
        label += f" (δ = {options.get('delta', loss.options['delta']):g})"
    if loss.task == "binary":
        label += f", y = {target:g}"
    return label


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
    figure, (ax,), owned = _figure_for(ax)
    styles = ["-", "--", "-.", ":"]
    low = min(loss.pred_range[0] for loss in losses)
    high = max(loss.pred_range[1] for loss in losses)
    lines = []
    for index, (loss, each_target, each_options) in enumerate(zip(losses, targets, options)):
        preds = np.linspace(*loss.pred_range, CURVE_POINTS)
        values, _ = analysis.loss_along(loss, preds, each_target, **each_options)
        same_loss_before = [other.name for other in losses[:index]].count(loss.name)
        colour = LOSS_COLOURS[loss.name] if not same_loss_before else COLOURS["orange"]
        lines += ax.plot(preds, values, styles[index % len(styles)], color=colour, linewidth=_size["line"],
                         label=_curve_label(loss, each_target, each_options))
    if len(set(targets)) == 1 and losses[0].task == "regression":
        ax.axvline(targets[0], color=COLOURS["grey"], linestyle="--", linewidth=_size["line"] * 0.6,
                   label=f"target y = {targets[0]:g}")
    ax.set_xlim(low, high)
    ax.set_ylim(bottom=-0.05 * ax.get_ylim()[1])
    _label(ax, pred_label(losses[0]), "loss $L$", title)
    _legend(ax, loc="upper center")
    plot = Plot(figure, [], owned)
    plot.lines = lines
    return plot


# ------------------------------------------------------------ cross-entropy


class CrossEntropyPanel(Plot):
    """Logits → softmax probabilities as bars (true class highlighted), and the gradient per class."""

    def __init__(self, logits, true_class, axes):
        figure, axes, owned = _figure_for(axes, 2)
        self.prob_ax, self.grad_ax = axes
        classes = np.arange(len(logits))
        self.prob_bars = list(self.prob_ax.bar(classes, np.zeros(len(classes)), color=COLOURS["sky"], width=0.6))
        self.grad_bars = list(self.grad_ax.bar(classes, np.zeros(len(classes)), color=COLOURS["sky"], width=0.6))
        self.grad_ax.axhline(0, color=COLOURS["black"], linewidth=0.8)
        self.loss_text = self.prob_ax.text(0.98, 0.95, "", transform=self.prob_ax.transAxes, ha="right", va="top",
                                           fontsize=_size["font"])
        for ax in axes:
            ax.set_xticks(classes, [f"class {c}" for c in classes])
        self.prob_ax.set_ylim(0, 1.05)
        self.grad_ax.set_ylim(-1.05, 1.05)
        _label(self.prob_ax, "", "probability $p = \\mathrm{softmax}(z)$", "softmax of the logits")
        _label(self.grad_ax, "", "gradient $p - \\mathrm{onehot}(y)$", r"$\partial L / \partial z$ per class")
        super().__init__(figure, [*self.prob_bars, *self.grad_bars, self.loss_text], owned)
        self.update(logits, true_class)

    def update(self, logits, true_class):
        """New logits or a new true class: only the bars and the loss text change."""
        self.logits, self.true_class = np.asarray(logits, dtype=float), int(true_class)
        self.probabilities = analysis.softmax(self.logits)
        self.loss, self.gradient = cross_entropy.value_and_grad(self.logits, self.true_class)
        for index, (prob_bar, grad_bar) in enumerate(zip(self.prob_bars, self.grad_bars)):
            colour = COLOURS["orange"] if index == self.true_class else COLOURS["sky"]
            prob_bar.set_height(self.probabilities[index])
            grad_bar.set_height(self.gradient[index])
            for bar in (prob_bar, grad_bar):
                bar.set_facecolor(colour)
                bar.set_edgecolor(COLOURS["black"] if index == self.true_class else colour)
        self.loss_text.set_text(f"L = −log p{subscript(self.true_class)} = {self.loss:.4f}")  # plain text: fast

    def __repr__(self):
        return f"<CrossEntropyPanel: logits {self.logits.tolist()}, class {self.true_class}, loss {self.loss:.4f}>"


def cross_entropy_panel(logits=(2.0, 1.0, 0.1), true_class=0, *, axes=None):
    """Bars of softmax(logits) with the true class highlighted, and beside them the
    gradient softmax − one-hot per class; the loss −log p(true class) is written on."""
    return CrossEntropyPanel(logits, true_class, axes)


# ------------------------------------------------------------ outliers


OUTLIER_DATA = np.array([2.1, 2.6, 3.0, 3.2, 3.5, 3.9, 4.3])
"""A small data set for the outlier lesson; the outlier is added to it."""
OUTLIER_RANGE = (0.0, 20.0)
"""Where the outlier may be moved."""


class OutlierPlot(Plot):
    """Data with one movable outlier, and the constant each loss fits to it."""

    def __init__(self, data, outlier, delta, ax):
        figure, (ax,), owned = _figure_for(ax)
        self.data, self.delta, self.ax = np.asarray(data, dtype=float), delta, ax
        positions = np.arange(1, len(self.data) + 2)
        ax.plot(positions[:-1], self.data, "o", color=COLOURS["black"], markersize=_size["marker"], label="data")
        self.outlier_marker = ax.plot([positions[-1]], [outlier], "D", color=COLOURS["vermillion"],
                                      markersize=_size["marker"] * 1.1, label="outlier")[0]
        self.fits = {}
        for loss, style in zip(analysis.ROBUST_LOSSES, ["-", "--", "-."]):
            label = {"mse": "MSE fit (the mean)", "mae": "MAE fit (the median)"}.get(loss.name, f"Huber fit (δ = {delta:g})")
            self.fits[loss.name] = ax.plot([0.5, positions[-1] + 0.5], [0, 0], style, color=LOSS_COLOURS[loss.name],
                                           linewidth=_size["line"], label=label)[0]
        ax.set_xlim(0.5, positions[-1] + 0.5)
        ax.set_ylim(0, OUTLIER_RANGE[1] + 1)
        ax.set_xticks(positions)
        _label(ax, "sample", "value $y$", "The best constant under each loss")
        _legend(ax, loc="upper left", ncols=2)
        super().__init__(figure, [self.outlier_marker, *self.fits.values()], owned)
        self.set_outlier(outlier)

    def set_outlier(self, outlier):
        self.outlier = float(outlier)
        self.outlier_marker.set_ydata([self.outlier])
        values = np.append(self.data, self.outlier)
        self.constants = {}
        for loss in analysis.ROBUST_LOSSES:
            options = {"delta": self.delta} if loss.name == "huber" else {}
            self.constants[loss.name] = analysis.best_constant(loss, values, **options)
            self.fits[loss.name].set_ydata([self.constants[loss.name]] * 2)

    def __repr__(self):
        return f"<OutlierPlot: outlier at {self.outlier:g}>"


def outliers(outlier=11.0, *, data=OUTLIER_DATA, delta=1.0, ax=None):
    """A small 1-D data set plus one outlier, and the constant that minimises
    MSE (the mean), MAE (the median) and Huber: the mean follows the outlier."""
    return OutlierPlot(data, outlier, delta, ax)


# ------------------------------------------------------------ learning


LINE_DATA = (np.array([0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]), np.array([1.1, 1.8, 2.9, 3.6, 5.2, 5.8, 7.1]))
"""A small data set on which a line ŷ = w·x + b is fitted by gradient descent."""


class Landscape(Plot):
    """Contours of MSE over (w, b) and a gradient-descent path across them."""

    def __init__(self, x, y, lr, steps, start, ax):
        figure, (ax,), owned = _figure_for(ax, width=_size["width"] * 0.85, height=_size["height"] * 1.15)
        self.x, self.y, self.start, self.ax = np.asarray(x, float), np.asarray(y, float), start, ax
        w_values, b_values = np.linspace(-1.0, 5.0, 121), np.linspace(-3.0, 4.0, 121)
        surface = analysis.line_landscape(self.x, self.y, w_values, b_values)
        levels = np.geomspace(surface.min() * 1.05 + 1e-3, surface.max(), 14)
        ax.contourf(w_values, b_values, surface, levels=levels, cmap="Blues_r", alpha=0.85)
        ax.contour(w_values, b_values, surface, levels=levels, colors="white", linewidths=0.6)
        best = np.unravel_index(surface.argmin(), surface.shape)
        ax.plot(w_values[best[1]], b_values[best[0]], "*", color=COLOURS["yellow"], markersize=_size["marker"] * 2,
                markeredgecolor=COLOURS["black"], label="lowest loss")
        ax.plot(*start, "s", color=COLOURS["black"], markersize=_size["marker"], label="start")
        self.path = ax.plot([], [], "-o", color=COLOURS["vermillion"], linewidth=_size["line"] * 0.8,
                            markersize=_size["marker"] * 0.5, label="gradient descent")[0]
        self.status = ax.text(0.02, 0.03, "", transform=ax.transAxes, fontsize=_size["font"] * 0.9,
                              bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85})
        ax.set_xlim(w_values[0], w_values[-1])
        ax.set_ylim(b_values[0], b_values[-1])
        ax.grid(False)
        _label(ax, "weight $w$", "bias $b$", "MSE of $\\hat y = w x + b$")
        _legend(ax, loc="upper right")
        super().__init__(figure, [self.path, self.status], owned)
        self.set_descent(lr, steps)

    def set_descent(self, lr, steps):
        self.lr, self.steps = float(lr), int(steps)
        self.descent = analysis.descend(self.x, self.y, lr=self.lr, steps=self.steps, start=self.start)
        self.path.set_data(*self._visible_path())
        if self.descent.diverged:
            message = f"lr = {self.lr:g}: diverged after {len(self.descent.w) - 1} steps"
        else:
            message = f"lr = {self.lr:g}, {self.steps} steps: loss {self.descent.losses[-1]:.4f}"
        self.status.set_text(message)

    def _visible_path(self):
        """The path up to its first step out of view: beyond, a diverging path only scribbles."""
        (left, right), (bottom, top) = self.ax.get_xlim(), self.ax.get_ylim()
        w, b = self.descent.w, self.descent.b
        outside = np.flatnonzero((w < left) | (w > right) | (b < bottom) | (b > top))
        end = outside[0] + 1 if outside.size else len(w)
        return w[:end], b[:end]

    def __repr__(self):
        return f"<Landscape: lr {self.lr:g}, {self.steps} steps>"


def landscape(lr=0.15, steps=30, *, data=LINE_DATA, start=(4.0, -2.0), ax=None):
    """Contours of the MSE of a line ŷ = w·x + b over (w, b), and the path of
    `steps` gradient-descent steps of size `lr` from `start`: too small crawls,
    good arrives, too large overshoots and diverges."""
    return Landscape(*data, lr, steps, start, ax)


WEIGHT_PROBLEM = {"x": 2.0, "y": 1.0, "w0": 0.15}
"""One input x = 2 with target y = 1, and a first weight w = 0.15 (so ŷ = 0.3, loss 0.49)."""


class WeightDescent(Plot):
    """The loss as a function of one weight, and the steps gradient descent takes on it."""

    def __init__(self, lr, steps, problem, ax):
        figure, (ax,), owned = _figure_for(ax)
        self.problem, self.ax = dict(problem), ax
        x, y = self.problem["x"], self.problem["y"]
        weights = np.linspace(-0.5, 1.5, CURVE_POINTS)
        losses, _ = analysis.loss_along(mse, weights * x, y)
        ax.plot(weights, losses, color=LOSS_COLOURS["mse"], linewidth=_size["line"], label="loss $L(w)$")
        best = y / x
        ax.axvline(best, color=COLOURS["grey"], linestyle="--", linewidth=_size["line"] * 0.6,
                   label=f"best w = {best:g}")
        self.path = ax.plot([], [], "-o", color=COLOURS["vermillion"], linewidth=_size["line"] * 0.6,
                            markersize=_size["marker"] * 0.7, label="gradient-descent steps")[0]
        self.status = ax.text(0.02, 0.95, "", transform=ax.transAxes, va="top", fontsize=_size["font"] * 0.9,
                              bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85})
        ax.set_xlim(weights[0], weights[-1])
        ax.set_ylim(-0.1 * losses.max(), 1.05 * losses.max())
        _label(ax, "weight $w$", "loss $L$", f"Gradient descent on $\\hat y = w \\cdot {x:g}$, target {y:g}")
        # Bottom right, which the parabola mostly leaves empty; boxed, since a diverging path crosses it.
        _legend(ax, loc="lower right", frameon=True, framealpha=0.9, edgecolor="none")
        super().__init__(figure, [self.path, self.status], owned)
        self.set_descent(lr, steps)

    def set_descent(self, lr, steps):
        self.lr, self.steps = float(lr), int(steps)
        self.descent = analysis.descend_weight(self.problem["x"], self.problem["y"], w0=self.problem["w0"],
                                               lr=self.lr, steps=self.steps)
        self.path.set_data(self.descent.w, self.descent.losses)
        if self.descent.diverged:
            self.status.set_text(f"lr = {self.lr:g}: diverged after {len(self.descent.w) - 1} steps")
        else:
            self.status.set_text(f"lr = {self.lr:g}, {self.steps} steps: w = {self.descent.w[-1]:.4f}, "
                                 f"loss {self.descent.losses[-1]:.4f}")

    def __repr__(self):
        return f"<WeightDescent: lr {self.lr:g}, {self.steps} steps>"


def weight_descent(lr=0.1, steps=10, *, problem=None, ax=None):
    """The loss (w·x - y)² of a one-weight model as w varies, and the path of `steps`
    gradient-descent steps of size `lr` from the first weight: too small crawls,
    good arrives, too large zigzags outward and diverges."""
    return WeightDescent(lr, steps, problem or WEIGHT_PROBLEM, ax)


def training_curve(losses, *, ax=None, title="Training: the loss falls"):
    """The loss at each step of a training run."""
    figure, (ax,), owned = _figure_for(ax)
    steps = np.arange(len(losses))
    line = ax.plot(steps, losses, "-", color=COLOURS["blue"], linewidth=_size["line"])[0]
    ax.set_ylim(bottom=0)
    _label(ax, "step", "loss $L$", title)
    plot = Plot(figure, [], owned)
    plot.line = line
    return plot


# ------------------------------------------------------------ static companions


def snapshot_grid(pictures, captions, columns=2):
    """Pictures (RGBA rasters of one size) in a grid, each under its caption.

    The pictures are placed pixel for pixel, never resampled, so their text
    stays as sharp as in the live plot. Widgets are dead wherever there is no
    kernel (static slides, a notebook on GitHub), and this is what shows there.
    """
    if len(captions) != len(pictures):
        raise ValueError(f"`captions` has {len(captions)} entries but `pictures` has {len(pictures)}; "
                         "give one caption per picture")
    sizes = {np.shape(picture) for picture in pictures}
    if len(sizes) != 1 or len(next(iter(sizes))) != 3 or next(iter(sizes))[2] != 4:
        raise ValueError(f"`pictures` must be RGBA rasters of one size, (height, width, 4); got shapes {sorted(sizes)}")
    ((height, width, _),) = sizes
    font = _size["font"] * 1.15  # a little larger than the plots' own text: it is read first
    font_pixels = font * DPI / 72
    characters_per_line = int(width / (0.62 * font_pixels))
    captions = ["\n".join(textwrap.fill(line, characters_per_line) for line in caption.split("\n"))
                for caption in captions]
    band = int(round(max(caption.count("\n") + 1 for caption in captions) * font_pixels * 1.4 + 14))
    rows = -(-len(pictures) // columns)
    # Only the captions are drawn by matplotlib; the pictures are pasted into its raster.
    figure = Figure(figsize=(columns * width / DPI, rows * (height + band) / DPI), dpi=DPI)
    canvas = FigureCanvasAgg(figure)
    for index, caption in enumerate(captions):
        row, column = divmod(index, columns)
        figure.text((column + 0.5) * width / figure.bbox.width, 1 - (row * (height + band) + 6) / figure.bbox.height,
                    caption, ha="center", va="top", fontsize=font, linespacing=1.4)
    canvas.draw()
    grid = SnapshotGrid(np.array(canvas.buffer_rgba()), captions, (height, width), band, columns)
    for index, picture in enumerate(pictures):
        grid.tile(index)[...] = picture
    return grid


class SnapshotGrid(Picture):
    """Pictures in a grid under their captions (see `snapshot_grid`)."""

    def __init__(self, rgba, captions, tile_size, band, columns):
        super().__init__(rgba)
        self.captions = list(captions)
        self.tile_size, self.band, self.columns = tile_size, band, columns

    def tile(self, index):
        """The raster of picture `index`, without its caption (a view into the grid)."""
        height, width = self.tile_size
        row, column = divmod(index, self.columns)
        top = row * (height + self.band) + self.band
        return self._rgba[top:top + height, column * width:(column + 1) * width]
