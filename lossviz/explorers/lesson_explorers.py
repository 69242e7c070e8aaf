"""The lessons' own explorers: an outlier against each loss's best constant, and gradient descent on
one weight or on the loss landscape of a line."""


from typing import Any, Callable, ClassVar, Optional, TypeVar

import numpy as np

from lossviz import analysis
from lossviz.pictures import lessons
from lossviz._contract import identity
from lossviz._format import fixed
from lossviz.losses import LOSSES, Loss
from lossviz.palette import COLOURS
from lossviz.explorers.base import Explorer, _style, _still, _table
from lossviz.explorers.controls import _decimals, _positions_spec, _said, _slider_spec, _start
from lossviz.explorers.specs import ControlSpec, DescentSpec, OutliersSpec


def _fits_the_data(loss):
    """Whether a loss fits a constant to a set of numbers on their own axis: a regression loss whose best
    prediction is the target (the contract's `identity`), as MSE and MAE, not Poisson with its log y."""
    return loss.task == "regression" and loss.best_prediction is identity


def _regression_losses(losses):
    """`losses` as a list, if each is a regression loss whose best prediction is the target (the outlier
    lesson fits a constant to a set of numbers and draws it beside them), or an error saying what came."""
    if isinstance(losses, (Loss, str)) or not isinstance(losses, (list, tuple)):
        raise TypeError(f"`losses` must be a list of losses, e.g. [lv.mse, lv.mae]; got {_said(losses)}")
    if not losses:
        raise ValueError("`losses` must name at least one loss, e.g. [lv.mse, lv.mae]; got none")
    regression = ", ".join(f"lv.{name}" for name, loss in LOSSES.items() if _fits_the_data(loss))
    for loss in losses:
        if not isinstance(loss, Loss):
            raise TypeError(f"`losses` must hold losses of lossviz ({regression}); got {_said(loss)}")
        if not _fits_the_data(loss):
            kind = f"a {loss.task} loss" if loss.task != "regression" else "whose best prediction is not the target"
            raise ValueError(f"`losses` must be regression losses, whose best constant for a set of numbers is defined "
                             f"on the numbers' own axis ({regression}); got lv.{loss.name}, {kind}")
    names = [loss.name for loss in losses]
    for name in names:
        if names.count(name) > 1:
            raise ValueError(f"`losses` names lv.{name} twice; each loss is one fit")
    return list(losses)


def _fit_options(losses, options):
    """`options` if it maps names of `losses` to dicts of their options, or an error naming what is wrong."""
    if options is None:
        return None
    if not isinstance(options, dict):
        raise TypeError(f"`options` must map a loss's name to its options, e.g. {{'huber': {{'delta': 2.0}}}}; "
                        f"got {_said(options)}")
    by_name = {loss.name: loss for loss in losses}
    for name, given in options.items():
        if name not in by_name:
            raise ValueError(f"`options` names {_said(name)}, which is not among `losses` {list(by_name)}")
        if not isinstance(given, dict):
            raise TypeError(f"`options[{name!r}]` must be a dict of {name}'s options; got {_said(given)}")
        for option in given:
            if option not in by_name[name].options:
                raise TypeError(f"`options[{name!r}]` has {_said(option)}, which is not an option of lv.{name} "
                                f"(its options: {list(by_name[name].options)})")
    return options


class OutlierExplorer(Explorer[lessons.OutlierPlot]):
    """Move one outlier; see which loss's best constant follows it."""

    def __init__(self, outlier=11.0, losses=lessons.ROBUST_LOSSES, options=None):
        losses = _regression_losses(losses)
        options = _fit_options(losses, options)
        control = _slider_spec("outlier", *lessons.OUTLIER_RANGE, step=0.1)
        state = _start([control], {"outlier": outlier})
        plot = lessons.outliers(state["outlier"], losses=losses, options=options)
        data_sets = [np.append(plot.data, position) for position in control["positions"]]
        spec: OutliersSpec = {
            "controls": [control], "style": _style(plot.figure, True), **_still(plot),
            "positions": control["positions"], "decimals": control["decimals"],
            "outlier_at": len(plot.data) + 1, "colours": {"vermillion": COLOURS["vermillion"]},
            "fits": [{"colour": loss.colour, "dash": line.get_linestyle(), "marker": line.get_marker(),
                      "marks": [float(x) for x in line.get_xdata()[line.get_markevery()]],
                      "label": lessons.fit_label(loss, plot.options[loss.name], short=True)}
                     for loss, line in zip(plot.losses, plot.fits.values())],
            # lossviz's best constant under each loss at every position of the slider, computed once.
            "constants": _table([analysis.best_constants(loss, data_sets, **plot.options[loss.name])
                                 for loss in plot.losses]),
        }
        super().__init__("outliers", plot, spec, state)

    def draw(self, values, moved=None):
        self._open().set_outlier(values["outlier"])

    def readout_pairs(self):
        plot = self._open()
        return tuple((lessons.fit_label(loss, plot.options[loss.name], short=True), fixed(plot.constants[loss.name]))
                     for loss in plot.losses)

    def snapshot_settings(self):
        """From no outlier at all (inside the data) to far away: only the mean follows."""
        return [{"outlier": value} for value in (3.5, 8.0, 14.0, 20.0)]


D = TypeVar("D", lessons.Landscape, lessons.WeightDescent)


class _DescentExplorer(Explorer[D]):
    """Learning-rate and steps sliders over a plot of gradient descent (`set_descent`, `descent`).
    Every run is computed by lossviz once, at each learning rate for the most steps: a run of fewer
    steps is the start of it, so the browser only cuts it short. Each kind says its `RATES` (the
    learning rate slider's positions), `MAX_STEPS`, the `LEARNING_RATES` of its snapshots, and the
    parameters its status names (`STATUS_PARAMETERS`)."""

    RATES: ClassVar[list[float]]
    MAX_STEPS: ClassVar[int]
    LEARNING_RATES: ClassVar[tuple[float, ...]]
    STATUS_PARAMETERS: ClassVar[tuple[str, ...]]

    @classmethod
    def _controls(cls, lr, steps) -> tuple[list[ControlSpec], dict[str, Any]]:
        """The two sliders and their first values, `lr` and `steps` taken as a move of them is."""
        controls: list[ControlSpec] = [_positions_spec("learning rate", cls.RATES, decimals=max(map(_decimals, cls.RATES))),
                                       _slider_spec("steps", 1, cls.MAX_STEPS, step=1)]
        return controls, _start(controls, {"learning rate": lr, "steps": steps}, {"learning rate": "lr"})

    def __init__(self, plot: D, controls: list[ControlSpec], state: dict[str, Any], run: Callable[[float, int], Any],
                 path_axes: int, fit_axes: Optional[int] = None):
        max_steps = self.MAX_STEPS
        runs = [run(rate, max_steps) for rate in self.RATES]
        series = len(self.path(runs[0])) + 1
        spec: DescentSpec = {
            "controls": controls, "style": _style(plot.figure, True), **_still(plot),
            "colours": {"vermillion": COLOURS["vermillion"], "black": COLOURS["black"]},
            "path_axes": path_axes, "fit_axes": fit_axes, "status_top": fit_axes is None,
            "parameters": [name for name, _ in self.final_parameters(runs[0])], "status_parameters": list(self.STATUS_PARAMETERS),
            "rates": list(self.RATES), "rate_texts": [lessons.lr_text(rate) for rate in self.RATES],
            "series": series, "max_steps": max_steps,
            # Per learning rate: the path's coordinates and the loss at each step, NaN after a diverged
            # run stopped; its `length` says where it stopped.
            "runs": _table([[np.pad(np.asarray(values, float), (0, max_steps + 1 - len(run.losses)), constant_values=np.nan)
                             for values in (*self.path(run), run.losses)] for run in runs]),
            "lengths": [len(run.losses) for run in runs],
            "diverged": [lessons.diverged_status(rate, run) if run.diverged else None for rate, run in zip(self.RATES, runs)],
            "diverged_readings": [lessons.diverged_reading(run) if run.diverged else None for run in runs],
        }
        super().__init__("descent", plot, spec, state)

    @staticmethod
    def path(descent) -> tuple[Any, ...]:
        """The coordinates of the path a descent takes over the picture."""
        raise NotImplementedError

    @staticmethod
    def final_parameters(descent) -> tuple[tuple[str, str], ...]:
        """(name, value) of each parameter where the descent ended."""
        raise NotImplementedError

    def draw(self, values, moved=None):
        self._open().set_descent(values["learning rate"], values["steps"])

    def readout_pairs(self):
        descent = self._open().descent
        if descent.diverged:
            return ("L", fixed(descent.losses[-1])), ("status", lessons.diverged_reading(descent))
        return (*self.final_parameters(descent), ("L", fixed(descent.losses[-1])))

    def snapshot_settings(self):
        """Too small (crawls), about right (arrives), large (zigzags) and too large (diverges)."""
        return [{"learning rate": value} for value in self.LEARNING_RATES]


def _rates(low, high):
    """Learning rates from `low` to `high` at 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times each power of
    ten: a log scale whose every position is a rate a person would type."""
    rates = [round(factor * 10.0**power, 6) for power in range(-4, 2) for factor in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)]
    return [rate for rate in rates if low <= rate <= high]


class LandscapeExplorer(_DescentExplorer[lessons.Landscape]):
    """Learning rate and number of steps of gradient descent on a line's (w, b)."""

    RATES, MAX_STEPS = _rates(0.001, 0.3), 100
    LEARNING_RATES = (0.01, 0.05, 0.15, 0.3)
    STATUS_PARAMETERS = ()  # the line beside it shows w and b

    def __init__(self, lr=0.15, steps=30):
        controls, state = self._controls(lr, steps)
        plot = lessons.landscape(state["learning rate"], state["steps"])
        axes = plot.figure.axes
        super().__init__(plot, controls, state,
                         lambda rate, steps: analysis.descend(plot.x, plot.y, lr=rate, steps=steps, start=plot.start),
                         path_axes=axes.index(plot.ax), fit_axes=axes.index(plot.data_ax))

    @staticmethod
    def path(descent):
        return descent.w, descent.b

    @staticmethod
    def final_parameters(descent):
        return ("w", fixed(descent.w[-1])), ("b", fixed(descent.b[-1]))


class DescentExplorer(_DescentExplorer[lessons.WeightDescent]):
    """Learning rate and steps of gradient descent on one weight, on its loss curve."""

    RATES, MAX_STEPS = [round(0.005 * index, 3) for index in range(1, 71)], 40
    LEARNING_RATES = (0.02, 0.1, 0.2, 0.3)
    STATUS_PARAMETERS = ("w",)

    def __init__(self, lr=0.1, steps=10):
        controls, state = self._controls(lr, steps)
        plot = lessons.weight_descent(state["learning rate"], state["steps"])
        problem = plot.problem
        super().__init__(plot, controls, state,
                         lambda rate, steps: analysis.descend_weight(problem["x"], problem["y"], w0=problem["w0"],
                                                                     lr=rate, steps=steps),
                         path_axes=0)

    @staticmethod
    def path(descent):
        return descent.w, descent.losses

    @staticmethod
    def final_parameters(descent):
        return (("w", fixed(descent.w[-1])),)
