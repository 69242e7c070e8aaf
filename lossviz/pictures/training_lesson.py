"""Lesson 07's figures and per-point numbers: what each loss does to training (notebook 07).

`point_slopes` gives each point's dL/dz under a yes/no training loss: `lossviz.training.point_slopes`, with one
label allowed for every point. `shouting` draws |dL/dz| against the score z for a point of class 1, one line per loss;
`boundaries` draws the points and the line each trained linear model splits them with; `training_curves`
the training (and held-out) loss over the steps beside the accuracy.
"""

import numpy as np

from lossviz._format import short
from lossviz.pictures.plots import CURVE_POINTS, options_text
from lossviz.pictures.rendering import Plot
from lossviz.pictures.style import COLOURS, figure_for, label, legend, size
from lossviz import training
from lossviz.training import TRAINING_LOSSES
from lossviz.training_data import BOX

SHOUTING_LOSSES = ("mse_on_sigmoid", "bce_with_logits", "hinge", "focal")
"""The yes/no training losses the lesson compares, in the order it draws them."""
LOSS_WORDS = {"mse_on_sigmoid": "squared error on σ(z)", "bce_with_logits": "BCE", "hinge": "hinge", "focal": "focal"}
"""How the lesson names each yes/no training loss."""
_LINE_STYLES = ("-", "--", "-.", ":")


def _yes_no_entry(loss):
    if loss not in TRAINING_LOSSES or TRAINING_LOSSES[loss].classes != 2:
        names = ", ".join(repr(name) for name, entry in TRAINING_LOSSES.items() if entry.classes == 2)
        raise ValueError(f"`loss` must be one of the yes/no training losses {names}; got {loss!r}.")
    return TRAINING_LOSSES[loss]


def point_slopes(loss, scores, labels, **options):
    """Each point's dL/dz under the yes/no training loss `loss`: how hard, and which way, its own loss pushes its
    score z (`lossviz.training.point_slopes`). `labels` may be one label for every point: ``point_slopes("hinge", z, 1)``."""
    _yes_no_entry(loss)
    if np.ndim(labels) == 0:
        labels = np.full(np.shape(scores), labels)
    return training.point_slopes(scores, labels, loss=loss, **options)


def loudest_score(loss, label=1, *, low=-6.0, high=6.0, **options):
    """The score z in [low, high] where the push |dL/dz| of one point is largest, by golden-section search
    (for a push that rises, then falls: one peak, as squared error on σ(z) has)."""
    def push(z):
        return abs(float(point_slopes(loss, [z], label, **options)[0]))

    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    a, b = float(low), float(high)
    while b - a > 1e-12:
        left, right = b - ratio * (b - a), a + ratio * (b - a)
        if push(left) < push(right):
            a = left
        else:
            b = right
    return (a + b) / 2.0


# ------------------------------------------------------------ one mislabeled point

def mislabeled_point(data):
    """The index of the mislabeled point of the preset "mislabeled": the class-0 point farthest right."""
    return int(np.argmax(np.where(data.labels == 0, data.X[:, 0], -np.inf)))


def crossing(params):
    """Where the boundary w1·x1 + w2·x2 + b = 0 of a linear model crosses the axis x2 = 0: x1 = -b / w1."""
    w1, _, b = np.asarray(params, dtype=float)
    return float(-b / w1)


def mislabel_shift(loss, *, lr=0.5, steps=300, **options):
    """How far one mislabeled point moves the boundary a loss trains to, on the preset "mislabeled": the
    crossing (`crossing`) trained with the wrong label, minus the one trained with it fixed, same start."""
    data = training.dataset("mislabeled")
    fixed_labels = data.labels.copy()
    fixed_labels[mislabeled_point(data)] = 1
    with_it = training.train(data.X, data.labels, loss=loss, lr=lr, steps=steps, **options)
    without = training.train(data.X, fixed_labels, loss=loss, lr=lr, steps=steps, **options)
    return crossing(with_it.params[-1]) - crossing(without.params[-1])


def loss_label(loss, options=None):
    """"focal (γ = 2, α = 0.25)": the lesson's name of a training loss, with its options."""
    entry = _yes_no_entry(loss)
    said = options_text(entry.loss, options or {}) if entry.loss.sliders and entry.options else ""
    return f"{LOSS_WORDS[loss]} ({said})" if said else LOSS_WORDS[loss]


class ShoutingPlot(Plot):
    scores: np.ndarray  # the scores z drawn
    slopes: dict  # each loss's |dL/dz| at each score, as drawn


def shouting(losses=SHOUTING_LOSSES, *, low=-6.0, high=6.0, options=None, ax=None):
    """|dL/dz| against the score z for one point of class 1, one line per training loss: how hard each
    loss pushes a point's score, from confidently wrong (z far below 0) to confidently right."""
    options = {loss: dict((options or {}).get(loss, {})) for loss in losses}
    figure, (ax,), owned = figure_for(ax)
    scores = np.linspace(low, high, CURVE_POINTS)
    plot = ShoutingPlot(figure, [], owned)
    plot.scores, plot.slopes = scores, {}
    ax.axvspan(low, 0.0, color=COLOURS["grey"], alpha=0.08, linewidth=0)
    for index, loss in enumerate(losses):
        plot.slopes[loss] = np.abs(point_slopes(loss, scores, 1.0, **options[loss]))
        ax.plot(scores, plot.slopes[loss], _LINE_STYLES[index % 4], color=TRAINING_LOSSES[loss].loss.colour,
                linewidth=size["line"], label=loss_label(loss, options[loss]))
    top = 1.2 * max(float(slopes.max()) for slopes in plot.slopes.values())  # room above the lines for the words
    for where, words in ((low / 2, "wrong side: z < 0"), (high / 2, "right side: z > 0")):
        ax.text(where, top * 0.985, words, ha="center", va="top", fontsize=size["font"] * 0.85, color=COLOURS["grey"])
    ax.set_xlim(low, high)
    ax.set_ylim(0.0, top)
    label(ax, "score (logit) $z$ of a point of class 1", r"push $|\partial L / \partial z|$", "How loudly each loss shouts")
    # The upper right is empty: every loss is quiet there, once the point is confidently right (hinge's drop at
    # its margin, z = 1, stays left of the legend's short handles).
    legend(ax, loc="upper right", bbox_to_anchor=(1.0, 0.86), handlelength=1.3)
    return plot


class BoundaryPlot(Plot):
    lines: dict  # each run's boundary, as drawn: (x1 values, x2 values)


def boundaries(X, labels, runs, *, highlight=None, highlight_text="mislabeled", title="Where each loss draws the line",
               ax=None):
    """The points of the plane by class, and the line w1·x1 + w2·x2 + b = 0 where each linear model's score
    is 0 (its decision boundary). `runs` maps a yes/no training loss's name to the parameters [w1, w2, b] it
    trained (labelled and coloured as that loss); `highlight` is the index of a point to ring."""
    X, labels = np.asarray(X, dtype=float), np.asarray(labels)
    figure, (ax,), owned = figure_for(ax)
    for cls, marker, fill in ((0, "o", "white"), (1, "s", COLOURS["black"])):
        points = X[labels == cls]
        ax.plot(points[:, 0], points[:, 1], marker, markerfacecolor=fill, markeredgecolor=COLOURS["black"],
                markersize=size["marker"] * 0.6, linestyle="none", label=f"class {cls}")
    if highlight is not None:
        ax.plot(*X[highlight], "o", markerfacecolor="none", markeredgecolor=COLOURS["vermillion"],
                markeredgewidth=2.5, markersize=size["marker"] * 1.6, linestyle="none", label=highlight_text)
    plot = BoundaryPlot(figure, [], owned)
    plot.lines = {}
    x1 = np.linspace(-BOX, BOX, CURVE_POINTS)
    for index, (loss, params) in enumerate(runs.items()):
        w1, w2, b = np.asarray(params, dtype=float)
        x2 = -(w1 * x1 + b) / w2  # where the score w1·x1 + w2·x2 + b is 0
        plot.lines[loss] = (x1, x2)
        ax.plot(x1, x2, _LINE_STYLES[index % 4], color=TRAINING_LOSSES[loss].loss.colour, linewidth=size["line"],
                label=loss_label(loss))
    ax.set_xlim(-BOX, BOX)
    ax.set_ylim(-BOX, BOX)
    ax.set_aspect("equal")
    label(ax, "$x_1$", "$x_2$", title)
    # Beside the square of the plane, not over its points.
    legend(ax, loc="center left", bbox_to_anchor=(1.02, 0.5))
    figure.subplots_adjust(left=0.0, right=0.64)
    return plot


class TrainingCurves(Plot):
    steps: np.ndarray


def training_curves(history, *, title="Training", ax=None):
    """A run of `lossviz.training.train`: its training loss (and held-out loss, if it has one) over the steps,
    and beside it the share of training points classed right, which moves in stairs."""
    figure, (left, right), owned = figure_for(ax, 2, width=size["width"] * 1.45)
    steps = np.arange(len(history.losses))
    left.plot(steps, history.losses, "-", color=COLOURS["blue"], linewidth=size["line"], label="training loss")
    if history.heldout_losses is not None:
        left.plot(steps, history.heldout_losses, "--", color=COLOURS["vermillion"], linewidth=size["line"],
                  label="held-out loss")
    left.set_ylim(bottom=0)
    left.set_xlim(0, steps[-1])
    label(left, "step", "loss $L$", f"{title}: the loss")
    legend(left, loc="center right")  # the curves fall from the top left and flatten: the middle right is clear
    right.plot(steps, history.accuracy, "-", drawstyle="steps-post", color=COLOURS["green"], linewidth=size["line"])
    right.set_ylim(0, 1.05)
    right.set_xlim(0, steps[-1])
    label(right, "step", "accuracy", f"training accuracy: {short(float(history.accuracy[-1]))} at the end")
    plot = TrainingCurves(figure, [], owned)
    plot.steps = steps
    return plot
