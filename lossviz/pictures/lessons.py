"""The lessons' own figures and their data: an outlier, a line's loss landscape, gradient descent.

Each picture draws what `lossviz.analysis` computes for one lesson (notebooks
04 and 05), in the lossviz style, and returns a `Plot` whose moving parts an
explorer updates. The losses compared under an outlier are passed in; their
labels come from their definitions.
"""

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from lossviz import analysis
from lossviz._format import fixed, short
from lossviz.losses import cross_entropy, huber, mae, mse
from lossviz.pictures.plots import CURVE_POINTS, options_text
from lossviz.pictures.rendering import Plot
from lossviz.pictures.style import COLOURS, figure_for, label, legend, size

OUTLIER_DATA = np.array([2.1, 2.6, 3.0, 3.2, 3.5, 3.9, 4.3])
"""A small data set for the outlier lesson; the outlier is added to it."""
OUTLIER_RANGE = (0.0, 20.0)
"""Where the outlier may be moved."""
ROBUST_LOSSES = (mse, mae, huber)
"""The losses the outlier lesson compares: the mean, the median, and between them."""
FIT_MARKERS = ("s", "^", "v", "o")
"""The marker on each loss's fit line in the outlier picture, in the order the losses are given."""


class OutlierPlot(Plot):
    """Data with one movable outlier, and the constant each loss fits to it."""

    def __init__(self, data, outlier, losses, options, ax):
        figure, (ax,), owned = figure_for(ax)
        self.data, self.losses, self.options, self.ax = np.asarray(data, dtype=float), list(losses), options, ax
        positions = np.arange(1, len(self.data) + 2)
        ax.plot(positions[:-1], self.data, "o", color=COLOURS["black"], markersize=size["marker"], label="data")
        self.outlier_marker = ax.plot([positions[-1]], [outlier], "D", color=COLOURS["vermillion"],
                                      markersize=size["marker"] * 1.1, label="outlier")[0]
        self.fits = {}
        for index, loss in enumerate(self.losses):
            # Fits can lie a pixel apart (the median 3.35, Huber's 3.42): each line carries markers of its own
            # shape, between the samples and at places of its own, so that two lines on top of each other show.
            marks = np.arange(1.5 + index, positions[-1], len(self.losses))
            xs = [0.5, *marks, positions[-1] + 0.5]
            self.fits[loss.name] = ax.plot(xs, np.zeros(len(xs)), ["-", "--", "-.", ":"][index % 4],
                                           marker=FIT_MARKERS[index % len(FIT_MARKERS)], markevery=slice(1, -1),
                                           markersize=size["marker"] * 0.9, color=loss.colour, linewidth=size["line"],
                                           label=fit_label(loss, self.options[loss.name]))[0]
        ax.set_xlim(0.5, positions[-1] + 0.5)
        ax.set_ylim(0, OUTLIER_RANGE[1] + 1)
        ax.set_xticks(positions)
        label(ax, "sample", "value $y$", "The best constant under each loss")
        legend(ax, loc="upper left", ncols=2)
        super().__init__(figure, [self.outlier_marker, *self.fits.values()], owned)
        self.set_outlier(outlier)

    def set_outlier(self, outlier):
        self.outlier = float(outlier)
        self.outlier_marker.set_ydata([self.outlier])
        values = np.append(self.data, self.outlier)
        self.constants = {}
        for loss in self.losses:
            self.constants[loss.name] = analysis.best_constant(loss, values, **self.options[loss.name])
            line = self.fits[loss.name]
            line.set_ydata(np.full(len(line.get_xdata()), self.constants[loss.name]))

    def __repr__(self):
        return f"<OutlierPlot: outlier at {self.outlier:g}>"


def fit_label(loss, options, *, short=False):
    """"MSE fit (the mean)", "Huber fit (δ = 1)": what a loss's best constant is, from its definition."""
    said = loss.best_constant or (options_text(loss, options) if loss.sliders else "")
    if short and loss.best_constant:
        said = said.removeprefix("the ")
    return f"{loss.short_name} fit ({said})" if said else f"{loss.short_name} fit"


def outliers(outlier=11.0, *, data=None, losses=ROBUST_LOSSES, options=None, ax=None):
    """A small 1-D data set plus one outlier, and the constant that minimises each of
    `losses` (regression losses) over it: for MSE the mean, which follows the outlier;
    for MAE the median, which does not. `options` maps a loss's name to its keyword
    options (``{"huber": {"delta": 2.0}}``)."""
    options = {loss.name: dict((options or {}).get(loss.name, {})) for loss in losses}
    return OutlierPlot(OUTLIER_DATA if data is None else data, outlier, losses, options, ax)


def sigmoid_curve(marks=(-2.0, 0.0, 2.0), *, ax=None):
    """σ(z) = 1 / (1 + e^−z) for scores z from −6 to 6, with σ written at each of `marks`:
    any score becomes a probability, 0.5 at z = 0, near 0 and 1 far out."""
    figure, (ax,), owned = figure_for(ax)
    scores = np.linspace(-6.0, 6.0, CURVE_POINTS)
    ax.plot(scores, analysis.sigmoid(scores), color=COLOURS["blue"], linewidth=size["line"])
    for level in (0.0, 1.0):
        ax.axhline(level, color=COLOURS["grey"], linewidth=0.8)
    for mark, value in zip(marks, analysis.sigmoid(np.asarray(marks, dtype=float))):
        ax.plot([mark], [value], "o", color=COLOURS["vermillion"], markersize=size["marker"], zorder=5)
        ax.annotate(f"σ({mark:g}) = {value:.4f}".replace("-", "−"), (mark, value), xytext=(10, -4),
                    textcoords="offset points", ha="left", va="top", fontsize=size["font"] * 0.95)
    ax.set_xlim(scores[0], scores[-1])
    ax.set_ylim(-0.05, 1.05)
    label(ax, "score (logit) $z$", r"probability $\sigma(z)$", "The sigmoid: any score becomes a probability")
    return Plot(figure, [], owned)


def surprise_curve(marks=(0.01, 0.1, 0.5), *, ax=None):
    """The surprise −log p over the probability p a model gave the true class, written at each of
    `marks`: 0 for a sure, right answer, without bound as p nears 0. This is cross-entropy whatever
    the number of classes (notebook 03), and binary cross-entropy's curve for a label 1."""
    figure, (ax,), owned = figure_for(ax)
    probabilities = np.linspace(0.005, 1.0, CURVE_POINTS)
    ax.plot(probabilities, -np.log(probabilities), color=cross_entropy.colour, linewidth=size["line"])
    for mark in marks:
        surprise = -np.log(mark)
        ax.plot([mark], [surprise], "o", color=COLOURS["vermillion"], markersize=size["marker"], zorder=5)
        ax.annotate(f"−log {mark:g} = {fixed(surprise)}", (mark, surprise), xytext=(8, 6), textcoords="offset points",
                    ha="left", va="bottom", fontsize=size["font"] * 0.95)
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, -np.log(probabilities[0]))
    label(ax, "probability of the true class $p_y$", r"loss $L = -\log p_y$", "Cross-entropy: the surprise at the true class")
    return Plot(figure, [], owned)


# ------------------------------------------------------------ learning


def lr_text(lr):
    return f"lr = {lr:g}"


def diverged_status(lr, descent):
    """A diverged descent's status on its picture: its learning rate and the steps it took."""
    return f"{lr_text(lr)}: diverged after {len(descent.w) - 1} steps"


def diverged_reading(descent):
    return f"diverged after {len(descent.w) - 1} steps: the learning rate is too large"


LINE_DATA = (np.array([0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]), np.array([1.1, 1.8, 2.9, 3.6, 5.2, 5.8, 7.1]))
"""A small data set on which a line ŷ = w·x + b is fitted by gradient descent."""


class Landscape(Plot):
    """Contours of MSE over (w, b) with a colour scale and a gradient-descent path across them; in a
    figure of its own, beside them the data and the line the descent has reached."""

    def __init__(self, x, y, lr, steps, start, ax):
        # In a figure of its own, a second panel for the data; in the caller's axes, the landscape alone.
        figure, (ax, *data_ax), owned = figure_for(ax, 2, width=size["width"] * 1.45, height=size["height"] * 1.1,
                                                   width_ratios=[1.25, 1])
        self.data_ax = data_ax[0] if data_ax else None
        with_data = self.data_ax is not None
        self.x, self.y, self.start, self.ax = np.asarray(x, float), np.asarray(y, float), start, ax
        w_values, b_values = np.linspace(-1.0, 5.0, 121), np.linspace(-3.0, 4.0, 121)
        surface = analysis.line_landscape(self.x, self.y, w_values, b_values)
        levels = np.geomspace(surface.min() * 1.05 + 1e-3, surface.max(), 14)
        filled = ax.contourf(w_values, b_values, surface, levels=levels, cmap="Blues_r", alpha=0.85)
        ax.contour(w_values, b_values, surface, levels=levels, colors="white", linewidths=0.6)
        if with_data:
            figure.subplots_adjust(wspace=0.4)
            scale = figure.colorbar(filled, ax=ax, fraction=0.05, pad=0.02, format="%.3g")
            # The levels are spaced by ratio (geomspace), so the bar's ticks grow by a factor each: said on it.
            scale.ax.set_title("MSE (log scale)", fontsize=size["font"] * 0.9)
            scale.ax.tick_params(labelsize=size["font"] * 0.85)
        best = np.unravel_index(surface.argmin(), surface.shape)
        ax.plot(w_values[best[1]], b_values[best[0]], "*", color=COLOURS["yellow"], markersize=size["marker"] * 2,
                markeredgecolor=COLOURS["black"], label="lowest loss")
        ax.plot(*start, "s", color=COLOURS["black"], markersize=size["marker"], label="start")
        self.path = ax.plot([], [], "-o", color=COLOURS["vermillion"], linewidth=size["line"] * 0.8,
                            markersize=size["marker"] * 0.5, label="gradient descent")[0]
        self.status = ax.text(0.02, 0.03, "", transform=ax.transAxes, fontsize=size["font"] * 0.9,
                              bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85})
        ax.set_xlim(w_values[0], w_values[-1])
        ax.set_ylim(b_values[0], b_values[-1])
        ax.grid(False)
        label(ax, "weight $w$", "bias $b$", "MSE of $\\hat y = w x + b$")
        legend(ax, loc="upper right", frameon=True, framealpha=0.85, edgecolor="none")  # over dark contours
        moving = [self.path, self.status]
        if self.data_ax is not None:
            self.fit = self._draw_data(self.data_ax, start)
            moving.append(self.fit)
        super().__init__(figure, moving, owned)
        self.set_descent(lr, steps)

    def _draw_data(self, ax, start):
        """The points fitted, the line at the start (dashed) and the line descent reaches (moving)."""
        xs = np.array([self.x.min() - 0.25, self.x.max() + 0.25])
        ax.plot(self.x, self.y, "o", color=COLOURS["black"], markersize=size["marker"] * 0.8, label="data")
        ax.plot(xs, start[0] * xs + start[1], "--", color=COLOURS["black"], linewidth=size["line"] * 0.5,
                label="start")
        fit = ax.plot(xs, xs, color=COLOURS["vermillion"], linewidth=size["line"], label="after descent")[0]
        ax.set_xlim(xs[0], xs[-1])
        ax.set_ylim(min(self.y.min(), start[0] * xs[0] + start[1]) - 1, self.y.max() + 1.5)
        label(ax, "input $x$", "target $y$", "the data and the line")
        legend(ax, loc="upper left")
        return fit

    def set_descent(self, lr, steps):
        self.lr, self.steps = float(lr), int(steps)
        self.descent = analysis.descend(self.x, self.y, lr=self.lr, steps=self.steps, start=self.start)
        self.path.set_data(*self._visible_path())
        if self.descent.diverged:
            message = diverged_status(self.lr, self.descent)
        else:
            message = f"{lr_text(self.lr)}, {self.steps} steps: loss {fixed(self.descent.losses[-1])}"
        self.status.set_text(message)
        if self.data_ax is not None:
            xs = self.fit.get_xdata()
            self.fit.set_ydata(self.descent.w[-1] * xs + self.descent.b[-1])

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
    x, y = data
    return Landscape(x, y, lr, steps, start, ax)


WEIGHT_PROBLEM = {"x": 2.0, "y": 1.0, "w0": 0.15}
"""One input x = 2 with target y = 1, and a first weight w = 0.15 (so ŷ = 0.3, loss 0.49)."""


class WeightDescent(Plot):
    """The loss as a function of one weight, and the steps gradient descent takes on it."""

    def __init__(self, lr, steps, problem, ax):
        figure, (ax,), owned = figure_for(ax)
        self.problem, self.ax = dict(problem), ax
        x, y = self.problem["x"], self.problem["y"]
        weights = np.linspace(-0.5, 1.5, CURVE_POINTS)
        losses, _ = analysis.loss_along(mse, weights * x, y)
        ax.plot(weights, losses, color=mse.colour, linewidth=size["line"], label="loss $L(w)$")
        best = y / x
        ax.axvline(best, color=COLOURS["grey"], linestyle="--", linewidth=size["line"] * 0.6,
                   label=f"best w = {best:g}")
        self.path = ax.plot([], [], "-o", color=COLOURS["vermillion"], linewidth=size["line"] * 0.6,
                            markersize=size["marker"] * 0.7, label="gradient-descent steps")[0]
        self.status = ax.text(0.02, 0.95, "", transform=ax.transAxes, va="top", fontsize=size["font"] * 0.9,
                              bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85})
        ax.set_xlim(weights[0], weights[-1])
        ax.set_ylim(-0.1 * losses.max(), 1.05 * losses.max())
        label(ax, "weight $w$", "loss $L$", f"Gradient descent on $\\hat y = w \\cdot {x:g}$, target {y:g}")
        # Bottom right, which the parabola mostly leaves empty; boxed, since a diverging path crosses it.
        legend(ax, loc="lower right", frameon=True, framealpha=0.9, edgecolor="none")
        super().__init__(figure, [self.path, self.status], owned)
        self.set_descent(lr, steps)

    def set_descent(self, lr, steps):
        self.lr, self.steps = float(lr), int(steps)
        self.descent = analysis.descend_weight(self.problem["x"], self.problem["y"], w0=self.problem["w0"],
                                               lr=self.lr, steps=self.steps)
        self.path.set_data(self.descent.w, self.descent.losses)
        if self.descent.diverged:
            self.status.set_text(diverged_status(self.lr, self.descent))
        else:
            self.status.set_text(f"{lr_text(self.lr)}, {self.steps} steps: w = {fixed(self.descent.w[-1])}, "
                                 f"loss {fixed(self.descent.losses[-1])}")

    def __repr__(self):
        return f"<WeightDescent: lr {self.lr:g}, {self.steps} steps>"


def weight_descent(lr=0.1, steps=10, *, problem=None, ax=None):
    """The loss (w·x - y)² of a one-weight model as w varies, and the path of `steps`
    gradient-descent steps of size `lr` from the first weight: too small crawls,
    good arrives, too large zigzags outward and diverges."""
    return WeightDescent(lr, steps, problem or WEIGHT_PROBLEM, ax)


class TrainingCurve(Plot):
    line: Line2D  # the loss at each step, as drawn


def training_curve(losses, *, ax=None, title="Training: the loss falls"):
    """The loss at each step of a training run."""
    figure, (ax,), owned = figure_for(ax)
    steps = np.arange(len(losses))
    line = ax.plot(steps, losses, "-", color=COLOURS["blue"], linewidth=size["line"])[0]
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))  # whole steps: no tick at 2.5
    ax.set_ylim(bottom=0)
    label(ax, "step", "loss $L$", title)
    plot = TrainingCurve(figure, [], owned)
    plot.line = line
    return plot


# ------------------------------------------------------------ where the square comes from


class LikelihoodPlot(Plot):
    candidates: np.ndarray  # the predictions c drawn
    curves: dict[str, np.ndarray]  # "MSE" and "NLL" at each candidate
    lowest: dict[str, float]  # where each is lowest


def likelihood_and_mse(data, sigma=0.5, *, axes=None):
    """One prediction c for every point of `data`: its MSE (left), and the negative log-likelihood of the data
    under Gaussian noise of spread `sigma` (right), as c moves. The second is n/2 · log(2πσ²) plus n/(2σ²) times
    the first, so both are lowest at the same c (notebook 01); each panel marks its own lowest point."""
    data = np.asarray(data, dtype=float)
    figure, panels, owned = figure_for(axes, 2, width=size["width"] * 1.45)
    middle = float(data.mean())
    # Centred on the mean, an odd number of points: the grid holds the point where both are lowest.
    reach = 1.5 * float(np.abs(data - middle).max())
    candidates = middle + np.linspace(-reach, reach, CURVE_POINTS)
    curves = {
        "MSE": [mse(np.full(data.shape, c), data) for c in candidates],
        "NLL": [analysis.gaussian_nll(np.full(data.shape, c), data, sigma) for c in candidates],
    }
    titles = {"MSE": "MSE of the prediction $c$", "NLL": f"Gaussian NLL, σ = {short(float(sigma))}"}
    colours = {"MSE": mse.colour, "NLL": COLOURS["purple"]}
    plot = LikelihoodPlot(figure, [], owned)
    plot.candidates, plot.curves, plot.lowest = candidates, {}, {}
    for ax, (name, values) in zip(panels, curves.items()):
        values = np.array(values)
        lowest = int(values.argmin())
        plot.curves[name], plot.lowest[name] = values, float(candidates[lowest])
        ax.plot(candidates, values, color=colours[name], linewidth=size["line"])
        ax.axvline(candidates[lowest], color=COLOURS["grey"], linestyle="--", linewidth=size["line"] * 0.6)
        ax.plot([candidates[lowest]], [values[lowest]], "o", color=COLOURS["vermillion"], markersize=size["marker"],
                zorder=5)
        ax.annotate(f"lowest at c = {short(float(candidates[lowest]))}", (candidates[lowest], values[lowest]),
                    xytext=(0, 4 * size["font"]), textcoords="offset points", ha="center",
                    fontsize=size["font"] * 0.95, bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
        ax.set_xlim(candidates[0], candidates[-1])
        label(ax, "prediction $c$, the same for every point", name, titles[name])
    return plot
