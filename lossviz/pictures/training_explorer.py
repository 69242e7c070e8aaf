"""The training explorer's picture, as matplotlib draws it: for each loss, the points in the plane over
the model's probability shading and decision boundary (each point's size its loss), and the loss curve
over the steps with the accuracy beside it. The browser draws the same layout (these axes' boxes) live;
this one draws the snapshots that pages with no widget manager show."""

from typing import NamedTuple, Optional, Sequence

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.ticker import MaxNLocator, PercentFormatter

from lossviz import training
from lossviz._format import fixed
from lossviz.palette import COLOURS
from lossviz.pictures import rendering
from lossviz.pictures.style import DPI, SIZES, label, new_figure, size, style_axes
from lossviz.training_data import BOX

CLASS_COLOURS = (COLOURS["blue"], COLOURS["vermillion"], COLOURS["green"])
CLASS_MARKERS = ("o", "s", "^")  # a shape per class as well as a colour
GRID = 81
"""Nodes per side of the grid the shading and the boundary are computed on: 80 × 80 cells."""
SHADE = 0.35
"""How strongly the shading shows the model's probability (0: white, 1: the class's colour)."""
MIN_CURVE_STEPS = 20
"""The loss curve's axis spans at least this many steps, so the first steps are not a squashed line."""


class Panel(NamedTuple):
    """One loss's run, at the step shown."""

    title: str
    history: training.History
    shown: int
    """The step whose weights are drawn: the step asked for, or the last before a divergence."""
    diverged: Optional[str]
    """None, or the divergence as the picture states it ("diverged at step 7: ...")."""
    point_losses: np.ndarray
    scores_at: np.ndarray
    """The model's scores on the grid, shape (GRID, GRID) or (GRID, GRID, 3)."""
    gradient: np.ndarray
    """dL/d(parameters) at the step shown."""


def grid_points():
    """The grid's nodes as points (GRID², 2), row by row from the bottom (y), x fastest."""
    axis = np.linspace(-BOX, BOX, GRID)
    x, y = np.meshgrid(axis, axis)
    return np.column_stack([x.ravel(), y.ravel()])


def probabilities(scores):
    """Each grid node's class probabilities (…, classes): σ(z) for one score, softmax for three."""
    if scores.ndim == 2:
        p = 1.0 / (1.0 + np.exp(-np.clip(scores, -500, 500)))
        return np.stack([1 - p, p], axis=-1)
    shifted = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def shading(scores):
    """An RGB image of the grid: white mixed with each class's colour by its probability."""
    mix = probabilities(scores) @ np.array([to_rgb(colour) for colour in CLASS_COLOURS[:probabilities(scores).shape[-1]]])
    return 1 - SHADE + SHADE * mix


class TrainingPicture(rendering.Plot):
    """The planes on top, one per loss, and their loss curves below (one loss: side by side)."""

    def __init__(self, panels: int):
        width, height, boxes = layout(panels, size["font"] * DPI / 72, size["font"] > SIZES["notebook"]["font"])
        figure, _ = new_figure(1, width=width / DPI, height=height / DPI)
        figure.clear()
        planes, curves = [], []
        self.boxes = boxes
        for index, (left, top, box_width, box_height) in enumerate(boxes):
            ax = figure.add_axes((left / width, 1 - (top + box_height) / height, box_width / width, box_height / height))
            style_axes(ax)
            (planes if index % 2 == 0 else curves).append(ax)
        self.planes, self.curves = planes, curves
        self.accuracy_axes = [curve.twinx() for curve in self.curves]
        super().__init__(figure, [])

    def draw(self, panels: Sequence[Panel], X, labels, heldout: bool):
        for plane, curve, accuracy, panel in zip(self.planes, self.curves, self.accuracy_axes, panels):
            self._plane(plane, panel, X, labels)
            self._curve(curve, accuracy, panel, heldout)
        self.refresh_background()

    def _plane(self, ax, panel, X, labels):
        ax.clear()
        style_axes(ax)
        # Each pixel of the shading centred on its grid node: the image reaches half a node's spacing past the box.
        over = BOX / (GRID - 1)
        ax.imshow(shading(panel.scores_at), origin="lower", extent=(-BOX - over, BOX + over, -BOX - over, BOX + over), interpolation="bilinear")
        axis = np.linspace(-BOX, BOX, GRID)
        for level in _boundaries(panel.scores_at):
            ax.contour(axis, axis, level, levels=[0.0], colors=COLOURS["black"], linewidths=size["line"] * 0.8)
        radii = point_radii(panel.point_losses)
        for label_value, (colour, marker) in enumerate(zip(CLASS_COLOURS, CLASS_MARKERS)):
            mine = labels == label_value
            if mine.any():
                ax.scatter(X[mine, 0], X[mine, 1], s=(radii[mine] * 2 * 0.72) ** 2, c=colour, marker=marker,
                           edgecolors="white", linewidths=0.6, label=f"class {label_value}")
        ax.set_xlim(-BOX, BOX)
        ax.set_ylim(-BOX, BOX)
        ax.set_xticks([-3, 0, 3])
        ax.set_yticks([-3, 0, 3])
        label(ax, "x₁", "x₂", panel.title)

    def _curve(self, ax, accuracy_ax, panel, heldout):
        ax.clear()
        accuracy_ax.clear()
        accuracy_ax.yaxis.tick_right()
        style_axes(ax)
        history, steps = panel.history, np.arange(panel.shown + 1)
        ax.plot(steps, history.losses[:panel.shown + 1], color=COLOURS["black"], linewidth=size["line"] * 0.8, label="training loss")
        ax.plot([panel.shown], [history.losses[panel.shown]], "o", color=COLOURS["black"], markersize=size["marker"] * 0.5)
        if heldout and history.heldout_losses is not None:
            dashed = ax.plot(steps, history.heldout_losses[:panel.shown + 1], color=COLOURS["black"], linewidth=size["line"] * 0.8,
                             linestyle=(0, (4, 2)))
            ax.legend(dashed, ["held-out"], loc="center right", bbox_to_anchor=(1.0, 0.6), frameon=False, handlelength=1.5,
                      fontsize=size["font"] * 0.9)
        accuracy_ax.step(steps, history.accuracy[:panel.shown + 1], where="post", color=COLOURS["orange"],
                         linewidth=size["line"] * 0.7, label="accuracy")
        ax.set_xlim(0, max(MIN_CURVE_STEPS, panel.shown))
        ax.set_ylim(0, curve_top(history.losses))
        accuracy_ax.set_ylim(0, 1.05)
        accuracy_ax.set_yticks([0, 0.5, 1])
        accuracy_ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        accuracy_ax.tick_params(labelsize=size["font"] * 0.9, colors=COLOURS["orange"])
        accuracy_ax.spines[["top", "left", "bottom"]].set_visible(False)
        ax.xaxis.set_major_locator(MaxNLocator(2 if ax.bbox.width < 8 * size["font"] / 0.72 else 4, integer=True))
        label(ax, "step", "loss", f"L = {fixed(history.losses[panel.shown])}" if panel.diverged is None else "diverged")


def layout(panels, font, in_a_row):
    """(width, height, boxes) in CSS pixels: the figure, and for each loss its plane then its loss curve as
    (left, top, width, height), with room around them in units of the `font` (px) for the ticks, the labels
    and the accuracy's ticks right of each curve. One loss: plane and curve side by side. Two: the planes on
    top and each loss curve under its plane, or (`in_a_row`, the classroom size, which a 16:9 slide has
    room for across, not down) plane, curve, plane, curve in one row."""
    left, top, bottom, gap, accuracy = 4 * font, 2 * font, 3 * font, 4.5 * font, 3 * font
    if panels == 1 or in_a_row:
        # (plane, curve width) in CSS pixels: two in a row only at the classroom size, low enough for a slide
        plane, curve = (200, 140) if panels == 2 else (300, 200) if font < 20 else (320, 240)
        boxes, x = [], left
        for _ in range(panels):
            boxes += [(x, top, plane, plane), (x + plane + gap, top, curve, plane)]
            x += plane + gap + curve + accuracy + gap
        return x - gap, top + plane + bottom, boxes
    plane, curve_height = 240, 140  # with the controls above, play and the curves on one 1280 × 800 screen
    second = left + plane + gap + accuracy
    lower = top + plane + bottom + top
    boxes = [(left, top, plane, plane), (left, lower, plane, curve_height),
             (second, top, plane, plane), (second, lower, plane, curve_height)]
    return second + plane + accuracy + font, lower + curve_height + bottom, boxes


def _boundaries(scores):
    """The levels whose 0 contour is the decision boundary: the score z, or for three classes each
    class's score above the highest of the others."""
    if scores.ndim == 2:
        return [scores]
    return [scores[..., k] - np.delete(scores, k, axis=-1).max(axis=-1) for k in range(scores.shape[-1])]


def point_radii(point_losses):
    """Each point's radius (CSS pixels), growing with its loss: a point the model gets right by far is
    small, one it gets wrong large (capped, so one huge loss does not cover the plane)."""
    return size["marker"] / 2 * (0.55 + 0.75 * np.sqrt(np.minimum(point_losses, 4.0)))


def curve_top(losses):
    """The loss axis's top: above the run's highest loss, and at least 0.1."""
    return max(0.1, 1.1 * float(np.max(losses)))
