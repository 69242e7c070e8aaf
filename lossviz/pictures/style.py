"""The lossviz look: sizes (notebook or classroom), new figures, axes, labels.

One style for every picture, colour-blind safe (`lossviz.palette`), the axes
labelled in the lessons' notation; `classroom()` switches to a size readable
on a projector. Nothing here touches matplotlib's global settings.
"""

import contextlib
import os

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lossviz.palette import COLOURS  # noqa: F401  (the pictures' colours, named here with the rest of the look)

SIZES = {
    "notebook": {"width": 7.0, "height": 3.6, "font": 11, "line": 2.2, "marker": 8},
    "classroom": {"width": 8.3, "height": 4.4, "font": 17, "line": 3.4, "marker": 13},
}
DPI = 100


def _size_from_environment():
    """The size named by LOSSVIZ_PLOT_SIZE, so that a presenting server (`make present`) can start
    every kernel at the classroom size without a change to the notebooks; "notebook" if unset."""
    name = os.environ.get("LOSSVIZ_PLOT_SIZE", "notebook")
    if name not in SIZES:
        raise ValueError(f"LOSSVIZ_PLOT_SIZE must be one of {', '.join(map(repr, SIZES))}; got {name!r}")
    return dict(SIZES[name])


size = _size_from_environment()
"""The current size: figure width and height (inches), font, line and marker sizes."""


@contextlib.contextmanager
def sized(name):
    """Make plots at one size ("notebook" or "classroom") inside a `with` block."""
    before = dict(size)
    size.update(SIZES[name])
    try:
        yield
    finally:
        size.update(before)


def classroom(on: bool = True) -> None:
    """Bigger fonts, lines and figures for projection (``classroom(False)`` switches back).

    Applies to plots made after the call; nothing in matplotlib's global
    settings changes.
    """
    size.update(SIZES["classroom" if on else "notebook"])


def new_figure(columns=1, *, width=None, height=None, width_ratios=None, rows=1):
    """A figure of the current size with `rows` × `columns` axes, outside pyplot."""
    figure = Figure(figsize=(width or size["width"], height or size["height"]), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, columns, gridspec_kw={"width_ratios": width_ratios} if width_ratios else None)
    figure.subplots_adjust(left=0.1 if columns == 1 else 0.08, right=0.97, bottom=0.17, top=0.88, wspace=0.3)
    axes = list(np.ravel(axes))
    for ax in axes:
        style_axes(ax)
    return figure, axes


def figure_for(ax, columns=1, **sizes):
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
    ax.tick_params(labelsize=size["font"] * 0.9)


def label(ax, xlabel, ylabel, title=None):
    ax.set_xlabel(xlabel, fontsize=size["font"])
    ax.set_ylabel(ylabel, fontsize=size["font"])
    if title:
        ax.set_title(title, fontsize=size["font"] * 1.05)


def legend(ax, **kwargs):
    ax.legend(fontsize=size["font"] * 0.85, **{"frameon": False, **kwargs})
