"""The training explorer: a model learning to split points in the plane, live, under one loss or two side by
side, with play, pause, one step and reset, and points to drag, add and remove.

The picture is a function of the state: the model after `step` steps of gradient descent from the seeded
start (`lossviz.training.initial_params`), on the points as they are, with the loss, its options and the
learning rate the controls hold. The browser trains with the loss's own per-element formula (``Loss.js``)
and keeps each run's steps, so a move of the step slider, or play, only takes the steps not yet taken; a
moved point, loss, option or learning rate trains again from the start to the same step. Python trains the
same way with `lossviz.training.train`: ``explorer.weights()`` are the page's weights, to the last bits
that float64 arithmetic done in another order may differ by.
"""

from typing import Any, Optional

import numpy as np
import traitlets

from lossviz import training
from lossviz import _training_input as checked
from lossviz._format import fixed
from lossviz._loss import Slider
from lossviz.explorers.base import Explorer, _style
from lossviz.explorers.controls import _choice_spec, _positions_spec, _said, _slider_spec, _start
from lossviz.explorers.specs import ControlSpec, TrainingLossSpec, TrainingSpec
from lossviz.palette import COLOURS
from lossviz.pictures import training_explorer as picture
from lossviz.training_data import BOX, PRESETS

LABELS = {"bce_with_logits": "BCE", "hinge": "hinge", "focal": "focal", "mse_on_sigmoid": "MSE on σ(z)",
          "cross_entropy": "cross-entropy"}
"""Each training loss as the explorer names it."""
POS_WEIGHT = Slider("w₊", 0.1, 10.0, 0.1)
"""pos_weight's slider: the registry's BCE has none (its default, None, is no weight: 1)."""
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)
"""Up to rates at which training diverges (BCE on "xor" from 300), to show what that looks like."""
MAX_STEPS = 1000
SPEEDS = (1, 2, 5, 10, 20)
"""Steps per frame while playing."""
MAX_POINTS = 400
PANEL_NAMES = {1: ("loss",), 2: ("left loss", "right loss")}


def _sliders(name):
    """The option sliders of a training loss: its registry loss's, and pos_weight's."""
    entry = training.TRAINING_LOSSES[name]
    return {option: POS_WEIGHT if option == "pos_weight" else entry.loss.sliders[option] for option in entry.options}


def _default(name, option):
    value = training.TRAINING_LOSSES[name].loss.options[option]
    return 1.0 if value is None else value


def _losses(losses, classes):
    """`losses` as a list of one or two training losses' names that fit `classes`, or a named error."""
    names = [losses] if isinstance(losses, str) else losses
    fitting = [name for name, entry in training.TRAINING_LOSSES.items() if entry.classes == classes]
    if not isinstance(names, (list, tuple)) or not 1 <= len(names) <= 2 or not all(isinstance(name, str) for name in names):
        raise TypeError(f"`losses` must name one training loss or two side by side, e.g. ('mse_on_sigmoid', 'bce_with_logits'); "
                        f"got {_said(losses)}")
    for name in names:
        if name not in fitting:
            kind = "two classes" if classes == 2 else f"{classes} classes"
            raise ValueError(f"`losses` must be training losses for {kind} ({', '.join(map(repr, fitting))}); got {name!r}")
    return list(names), fitting


def _points(X, labels, classes, name="points"):
    """Points as the explorer keeps them: [x, y, label] lists, each inside the box, 2 to MAX_POINTS."""
    X = np.asarray(X, dtype=float)
    if len(X) > MAX_POINTS:
        raise ValueError(f"`{name}` may hold at most {MAX_POINTS} points, so that training stays live; got {len(X)}")
    outside = np.abs(X) > BOX
    if outside.any():
        raise ValueError(f"`{name}` must lie in the explorer's square, every coordinate from {-BOX:g} to {BOX:g}; "
                         f"got {X[outside.any(axis=1)][0].tolist()}")
    return [[float(x), float(y), int(label)] for (x, y), label in zip(X, labels)]


class TrainingExplorer(Explorer[picture.TrainingPicture]):
    """A model trained live in the browser under one loss, or two side by side."""

    points = traitlets.List().tag(sync=True)

    def __init__(self, data="blobs", losses="bce_with_logits", *, X=None, labels=None, model=None, hidden=None, lr=0.1,
                 step=0, speed=2, seed=0, **options):
        data = self._data(data, X, labels)
        names, fitting = _losses(losses, data.classes)
        entry = training.TRAINING_LOSSES[names[0]]
        self._seed = checked.seed(seed)
        preset_model = PRESETS[self._data_name].model if self._data_name in PRESETS else "linear"
        self._model = checked.model_name(preset_model if model is None else model)
        self._hidden = checked.hidden_units(self._model, hidden)
        self._heldout = (None if data.heldout_X is None else
                         _points(data.heldout_X, data.heldout_labels, data.classes, "heldout"))
        self._classes = data.classes
        for name in names:  # the labels, checked as the loss takes them
            training.value_and_grad(training.initial_params(self._model, loss=name, hidden=self._hidden), data.X, data.labels,
                                    loss=name, model=self._model, hidden=self._hidden)
        sliders = {option: slider for name in fitting for option, slider in _sliders(name).items()}
        for option in options:
            if option not in sliders:
                raise TypeError(f"explore_training takes the options of its losses ({', '.join(sliders)}); got `{option}`")
        controls: list[ControlSpec] = [_choice_spec(panel, [(LABELS[name], name) for name in fitting])
                                       for panel in PANEL_NAMES[len(names)]]
        # The options last: the page shows only those of the losses shown, and a loss swapped in moves no other control.
        controls += [_positions_spec("learning rate", LEARNING_RATES, 3), _positions_spec("speed", SPEEDS, 0),
                     _slider_spec("step", 0, MAX_STEPS, step=1)]
        controls += [_slider_spec(option, slider.low, slider.high, step=slider.step,
                                  label=f"{option.replace('_', ' ')} {slider.symbol}") for option, slider in sliders.items()]
        defaults = {option: _default(name, option) for name in fitting for option in _sliders(name)}
        given = {**dict(zip(PANEL_NAMES[len(names)], names)), **defaults, **options, "learning rate": lr, "speed": speed, "step": step}
        state = _start(controls, given, {"learning rate": "lr"})
        plot = picture.TrainingPicture(len(names))
        initial = training.initial_params(self._model, loss=names[0], hidden=self._hidden, seed=self._seed)
        spec: TrainingSpec = {
            "controls": controls, "style": _style(plot.figure, False), "boxes": [list(box) for box in plot.boxes],
            "box": BOX, "grid": picture.GRID, "shade": picture.SHADE, "min_curve_steps": picture.MIN_CURVE_STEPS,
            "panels": list(PANEL_NAMES[len(names)]),
            "losses": {name: _loss_spec(name) for name in fitting},
            "outputs": 1 if entry.classes == 2 else entry.classes, "hidden": self._hidden or 0,
            "initial": [float(value) for value in initial], "heldout": self._heldout,
            "growth_limit": training.GROWTH_LIMIT, "max_points": MAX_POINTS,
            "made": {"data": self._data_name if self._data_name in PRESETS else None, "losses": names, "model": self._model,
                     "hidden": self._hidden, "seed": self._seed},
            "colours": {"classes": list(picture.CLASS_COLOURS), "black": COLOURS["black"], "orange": COLOURS["orange"]},
        }
        self._cache: dict[Any, training.History] = {}
        self._option_names = set(sliders)
        self._shown_panels: Optional[list[picture.Panel]] = None
        self._kept_points = _points(data.X, data.labels, data.classes, "X")
        super().__init__("training", plot, spec, state, formula=_formulas(fitting))
        self.points = self._kept_points

    def _data(self, data, X, labels):
        """The data set to start from: a preset's name, a `Dataset`, or X and labels (then `data` is not given)."""
        self._data_name: Optional[str] = None
        if X is not None or labels is not None:
            self._data_name = "X"
            X = checked.points(X, "X")
            values = np.asarray(labels)
            classes = 3 if values.size and np.all(np.isin(values, (0, 1, 2))) and (values == 2).any() else 2
            return training.Dataset(X, np.asarray(labels), None, None, classes, "your points")
        if isinstance(data, training.Dataset):
            return data
        if not isinstance(data, str) or data not in PRESETS:
            raise ValueError(f"`data` must be a preset ({', '.join(map(repr, PRESETS))}) or a lv.training.Dataset, "
                             f"or pass X= and labels=; got {_said(data)}")
        self._data_name = data
        return training.dataset(data, seed=0)

    # The points: Python's copy of the page's, which the page sends on each drag, addition or removal.

    FROM_PAGE = ("state", "points")

    @traitlets.validate("points")
    def _checked_points(self, proposal):
        try:
            return self._page_points(proposal["value"])
        except (TypeError, ValueError) as error:
            raise traitlets.TraitError(str(error)) from error

    def _page_points(self, value):
        """Points as the page sends them, [x, y, label] lists, checked: each inside the box, a class for a label."""
        if not isinstance(value, list) or not all(isinstance(point, (list, tuple)) and len(point) == 3 for point in value):
            raise TypeError(f"`points` must be a list of [x, y, label]; got {_said(value)}")
        X = checked.points([point[:2] for point in value], "points")
        labels = np.array([point[2] for point in value])
        if not np.isin(labels, np.arange(self._classes)).all() or not all(float(point[2]).is_integer() for point in value):
            raise ValueError(f"each point's label must be a class, 0 to {self._classes - 1}; got {_said(value)}")
        return _points(X, labels.astype(int), self._classes)

    def _check_from_page(self, sync_data):
        """The page's points are checked as its moves are, before traitlets stores anything; set, they are
        Python's within ipywidgets' lock, so the page hears them back as its own (an echo), not as news."""
        super()._check_from_page(sync_data)
        if "points" in sync_data:
            self._page_points(sync_data["points"])

    @traitlets.observe("points")
    def _points_moved(self, change):
        self._kept_points = change["new"]
        self._drawn = {name: None for name in self.state}  # the picture is out of date

    def data(self) -> training.Dataset:
        """The points as they are now (the page's drags included), with the preset's held-out set."""
        X = np.array([point[:2] for point in self._kept_points], dtype=float)
        labels = np.array([point[2] for point in self._kept_points], dtype=np.int64)
        heldout_X = None if self._heldout is None else np.array([point[:2] for point in self._heldout])
        heldout_labels = None if self._heldout is None else np.array([point[2] for point in self._heldout], dtype=np.int64)
        return training.Dataset(X, labels, heldout_X, heldout_labels, self._classes, "the explorer's points")

    def history(self, panel=0, values=None) -> training.History:
        """lossviz's run of the loss of `panel` (0, or 1 for the right-hand loss) to the current step
        (or to the step of `values`, control values as `values()` gives them)."""
        values = self.values() if values is None else values
        names = self.spec["panels"]
        if panel not in range(len(names)):
            raise ValueError(f"`panel` must be {' or '.join(map(str, range(len(names))))}; got {_said(panel)}")
        name = values[names[panel]]
        options = _options_of(name, values)
        key = (name, tuple(sorted(options.items())), values["learning rate"], max(values["step"], 1),
               tuple(map(tuple, self._kept_points)))
        if key not in self._cache:
            self._cache.clear()
            self._cache[key] = training.train(self.data(), loss=name, model=self._model, hidden=self._hidden,
                                              lr=values["learning rate"], steps=max(values["step"], 1), seed=self._seed, **options)
        return self._cache[key]

    def weights(self, panel=0) -> np.ndarray:
        """The model's parameters at the step shown (the last before a divergence), in `lv.training`'s flat order."""
        history = self.history(panel)
        return history.params[min(self.values()["step"], len(history.params) - 1)].copy()

    def step(self, n=1):
        """Take `n` more steps (as the page's "step" button takes one)."""
        n = checked.steps(n)
        self.set(step=min(self.values()["step"] + n, MAX_STEPS))

    def reset(self):
        """Back to the start: step 0, the model's seeded weights."""
        self.set(step=0)

    # What the base Explorer asks of every kind.

    def _panels(self, values):
        data, panels = self.data(), []
        for index, control in enumerate(self.spec["panels"]):
            name = values[control]
            history = self.history(index, values)
            shown = min(values["step"], len(history.params) - 1)
            diverged = None
            if history.diverged is not None and values["step"] >= len(history.params):
                diverged = history.diverged.split(" (")[0]
            scores_at = _scores(history.params[shown], picture.grid_points(), name, self._model, self._hidden)
            grid_shape = (picture.GRID, picture.GRID) + (() if scores_at.ndim == 1 else (scores_at.shape[1],))
            options = _options_of(name, values)
            point_losses = training.point_losses(_scores(history.params[shown], data.X, name, self._model, self._hidden),
                                                 data.labels, loss=name, **options)
            _, gradient = training.value_and_grad(history.params[shown], data.X, data.labels, loss=name, model=self._model,
                                                  hidden=self._hidden, **options)
            panels.append(picture.Panel(LABELS[name], history, shown, diverged, point_losses, scores_at.reshape(grid_shape), gradient))
        return panels

    def draw(self, values, moved=None):
        data = self.data()
        self._shown_panels = self._panels(values)  # what the readout reads too: computed once a drawing
        self._open().draw(self._shown_panels, data.X, data.labels, data.heldout_X is not None)

    def readout_pairs(self):
        pairs = []
        two = len(self.spec["panels"]) == 2
        for panel in self._shown_panels if self._shown_panels is not None else self._panels(self.values()):
            prefix = f"{panel.title} " if two else ""
            if panel.diverged is not None:
                pairs.append((f"{prefix}status".strip(), panel.diverged))
                continue
            history = panel.history
            pairs += [(f"{prefix}L", fixed(history.losses[panel.shown])),
                      (f"{prefix}accuracy", f"{fixed(100 * history.accuracy[panel.shown], 0)}%")]
            if history.heldout_losses is not None:
                pairs.append((f"{prefix}held-out L", fixed(history.heldout_losses[panel.shown])))
            if not two:  # the weights and their gradient, where a line has room for them
                weights = history.params[panel.shown]
                if len(weights) == 3:  # the linear model with one score: w₁, w₂, b
                    pairs += [("w₁, w₂, b", _written(weights)), ("∂L/∂(w₁, w₂, b)", _written(panel.gradient))]
                else:
                    pairs.append(("gradient size", fixed(np.linalg.norm(panel.gradient))))
        return tuple(pairs)

    def caption_values(self, values):
        """The losses, the options they use, the learning rate and the step (not the options of losses not
        shown, nor the speed, which a still picture does not have)."""
        used = {option for control in self.spec["panels"] for option in training.TRAINING_LOSSES[values[control]].options}
        return {name: value for name, value in values.items() if name in used or name not in self._option_names | {"speed"}}

    def snapshot_settings(self):
        """The start, early steps and late: the boundary finding its place, and the loss falling."""
        return [{"step": step} for step in (0, 10, 50, 200)]


def _options_of(name, values):
    """The options of the training loss `name`, at the control values `values`."""
    return {option: values[option] for option in training.TRAINING_LOSSES[name].options}


def _written(numbers):
    return ", ".join(fixed(number) for number in numbers)


def _loss_spec(name) -> TrainingLossSpec:
    entry = training.TRAINING_LOSSES[name]
    return {"label": LABELS[name], "registry": entry.registry_name, "targets": None if entry.targets is None else list(entry.targets),
            "sigmoid": entry.through_sigmoid, "options": list(entry.options)}


def _formulas(names):
    """The training losses' registry formulas, by registry name, for the page (``LOSSES[name]``)."""
    registry = {training.TRAINING_LOSSES[name].registry_name: training.TRAINING_LOSSES[name].loss.js for name in names}
    return "{" + ", ".join(f"{name!r}: {js}" for name, js in registry.items()) + "}"


def _scores(params, X, name, model, hidden):
    return training.scores(params, X, loss=name, model=model, hidden=hidden)

