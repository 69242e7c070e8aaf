"""Slider explorers: move a prediction, watch the loss and its gradient follow.

Each explorer is an anywidget: Python sets it up from the loss's definition
(its controls, its picture's labels and colours, and the loss's own formula in
JavaScript, `Loss.js`), and a short ES module per kind of picture
(``lossviz/js/*.js``, no build step) draws it on a canvas in the browser. A
slider move costs one frame and no kernel round trip, so an explorer stays live
in a static HTML page or a reveal.js deck opened from disk. Python keeps the
state: ``explorer.values()`` reads the controls, ``explorer.controls[name].value
= x`` moves one (in the browser too), and ``explorer.readout()`` gives lossviz's
own numbers for the current setting, which a browser test compares with the
page's. The state only ever holds values its controls take: a value given to a
constructor or a move starts at its slider's nearest position (or is refused with
an error naming it), and an update from the page that Python refuses changes
nothing and is sent back, so the page shows the state Python keeps.

The static companion is drawn by matplotlib from lossviz's numbers: a grid of
snapshots at chosen settings (``explorer.snapshots()``), which frontends with
no widget manager (GitHub, an untrusted notebook, print) show instead.
"""

import base64
import decimal
import functools
import numbers
import pathlib
from typing import Any, Optional, Sequence

import anywidget
import numpy as np
import traitlets

from lossviz import analysis, lessons, plots, rendering
from lossviz._format import fixed, short, show
from lossviz.losses import LOSSES, Loss
from lossviz.palette import COLOURS
from lossviz.style import DPI, size

SLIDER_STEPS = 400
KEY_PRESSES = 10  # an arrow key crosses a slider in about this many presses (Shift + arrow: one step)
POINTS_PER_PX = 72 / DPI  # matplotlib sizes text and lines in points, a canvas in CSS pixels
JS = pathlib.Path(__file__).with_name("js")


def _nice_step(span, steps=SLIDER_STEPS):
    """About span / steps, rounded to 1, 2, 2.5 or 5 times a power of ten, so that
    every slider position is a short decimal that the readout shows exactly."""
    rough = span / steps
    power = 10.0 ** np.floor(np.log10(rough))
    return min((factor * power for factor in (1, 2, 2.5, 5, 10)), key=lambda step: abs(step - rough))


def _decimals(number):
    """How many decimals write `number` exactly (up to 6)."""
    return len(f"{number:.6f}".rstrip("0").split(".")[1])


def _slider_spec(name, low, high, *, step=None, label=None):
    """A slider from low to high over the multiples of `step` between (each position a short
    decimal, the same number in Python and in the browser: 0.9, not 0.8985)."""
    step = step or _nice_step(high - low)
    decimals = max(_decimals(step), _decimals(low), _decimals(high))
    first, last = int(np.ceil(low / step - 1e-9)), int(np.floor(high / step + 1e-9))
    inside = [round(float(index * step), decimals) if decimals else int(round(index * step))
              for index in range(first, last + 1)]
    spec = _positions_spec(name, sorted({low, *inside, high}), decimals, label=label)
    return {**spec, "step": float(step), "coarse": max(1, int(round(_nice_step(high - low, KEY_PRESSES) / step)))}


def _positions_spec(name, positions, decimals, *, label=None):
    """A slider over given positions (a learning rate's 0.001 ... 0.3)."""
    return {"name": name, "label": label or name, "kind": "slider", "positions": list(positions), "decimals": decimals,
            "coarse": max(1, len(positions) // KEY_PRESSES)}


def _choice_spec(name, options):
    """A choice among (text, value) pairs, shown as buttons."""
    return {"name": name, "label": name, "kind": "choice", "options": [list(option) for option in options],
            "decimals": 0}


def _start(controls, values, arguments=None):
    """The controls' first values, each taken as a move of its control is (a slider's nearest
    position, one of a choice's options) or refused with an error naming the argument it came
    from (`arguments` maps a control's name to that argument's, where they differ): the state,
    Python's readout and the page then agree from the first frame."""
    arguments = arguments or {}
    return {spec["name"]: _checked(spec, values[spec["name"]], arguments.get(spec["name"])) for spec in controls}


def _nearest(positions, value):
    return min(positions, key=lambda position: abs(position - value))


@functools.cache
def _source(name):
    return (JS / name).read_text(encoding="utf-8")


def _module(kind, formula=None):
    """An explorer's ES module: the shared helpers, the loss's own formula (as ``LOSS``), and
    the picture of its kind. Put together here, so the browser needs no bundler."""
    return _source("common.js") + (f"\nconst LOSS = {formula};\n" if formula else "") + _source(f"{kind}.js")


def _style(figure, still):
    """The canvas's size and the look's sizes in CSS pixels, from the figure its snapshots are drawn
    on; `text`, the smallest text the picture shows: the browser's tick labels, or smaller text on
    a `still` drawn by matplotlib."""
    width, height = (int(round(inches * DPI)) for inches in figure.get_size_inches())
    font = size["font"] / POINTS_PER_PX
    text = min(0.9 * font, rendering.smallest_text_px(figure)) if still else 0.9 * font
    return {"width": width, "height": height, "font": font, "text": text,
            "line": size["line"] / POINTS_PER_PX, "marker": size["marker"] / POINTS_PER_PX / 2}


class Control:
    """One control of an explorer, as Python sees it: a slider over its `positions` or a choice
    among `options`, (text, value) pairs. Setting `value` moves it in the browser too."""

    def __init__(self, explorer, spec):
        self._explorer, self.spec = explorer, spec
        self.name, self.description, self.kind = spec["name"], spec["label"], spec["kind"]

    @property
    def positions(self):
        return self.spec["positions"]

    @property
    def options(self):
        return [tuple(option) for option in self.spec["options"]]

    @property
    def min(self):
        return self.positions[0]

    @property
    def max(self):
        return self.positions[-1]

    @property
    def step(self):
        return self.spec.get("step", self.positions[1] - self.positions[0])

    @property
    def value(self):
        return self._explorer.values()[self.name]

    @value.setter
    def value(self, value):
        self._explorer.set(**{self.name: value})

    def __repr__(self):
        return f"<Control {self.name!r}: {short(self._explorer.state[self.name])}>"


class _State(dict):
    """The controls' values as the explorer holds them: read-only, so that every change goes through
    the explorer, which checks it and tells the page (a dict changed in place would tell neither)."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("an explorer's `state` is read-only: move a control with explorer.set(name=value) "
                        "or explorer.controls[name].value = value")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self):  # copy and pickle build it whole, not key by key
        return type(self), (dict(self),)


class Explorer(anywidget.AnyWidget):
    """Controls, a readout and a picture, drawn in the browser by the ES module of its `kind`.

    `spec` holds everything the picture needs (controls, sizes, colours, labels, and any table
    lossviz computed for it) and is sent once; `state` holds the controls' values, moved by the
    browser or by Python, and only ever holds values its controls take: a move that names only
    some controls changes only those. `plot`, a matplotlib picture of the same thing at `state`,
    draws the snapshots.
    """

    _esm = traitlets.Unicode().tag(sync=True)
    _css = traitlets.Unicode().tag(sync=True)
    spec = traitlets.Dict().tag(sync=True)
    state = traitlets.Dict().tag(sync=True)

    def __init__(self, kind, plot, controls, state, picture, *, formula=None):
        # `state` as `_start` settled it, and `plot` drawn at it.
        self._plot, self._kept = plot, {}
        self.controls = {control["name"]: Control(self, control) for control in controls}
        super().__init__(_esm=_module(kind, formula), _css=_source("explorer.css"), state=state,
                         spec={"controls": controls, "style": _style(plot.figure, "still" in picture), **picture})
        self._drawn = dict(self.state)

    @traitlets.validate("state")
    def _each_value_as_its_control_takes_it(self, proposal):
        try:
            moves = self._moves(proposal["value"])
        except (TypeError, ValueError) as error:
            # A TraitError, as traitlets raises for any value a trait refuses: on one, traitlets undoes
            # the changes it holds (in hold_trait_notifications) instead of keeping them unchecked.
            raise traitlets.TraitError(str(error)) from error
        # Merged into the last state kept, not into `self.state`: while traitlets holds a change
        # (an update from the page) `self.state` is already the proposal, unchecked.
        return _State({**self._kept, **moves})

    @traitlets.observe("state")
    def _keep(self, change):
        self._kept = change["new"]

    def _moves(self, values):
        """`values` as the controls take them: each slider's value at its nearest position (the
        browser's JSON sends 2.0 as 2), or an error naming what is wrong."""
        self._check_open()
        if not isinstance(values, dict):
            raise TypeError(f"`state` must map control names to values; got {_said(values)}")
        for name in values:
            if name not in self.controls:
                raise ValueError(f"{type(self).__name__} has no control {_said(name)}; its controls are {list(self.controls)}")
        return {name: _checked(self.controls[name].spec, value) for name, value in values.items()}

    def set_state(self, sync_data):
        """An update from the page: ipywidgets' one way in (a comm "update" message). The page moves
        controls and nothing else. An update Python refuses (a value off its slider, an unknown
        control, any key but `state`) changes nothing and is raised (the kernel's log shows it),
        and the page is sent the state kept, so that it shows that again."""
        try:
            if not isinstance(sync_data, dict):
                raise TypeError(f"an update from the page must map synced names to values; got {_said(sync_data)}")
            others = sorted(set(sync_data) - {"state"})
            if others:
                raise ValueError(f"the page may change an explorer's `state` only; got {others}")
            if "state" in sync_data:
                self._moves(sync_data["state"])  # refused before traitlets stores anything
        except (TypeError, ValueError):
            if self.comm is not None:
                self.send_state("state")
            raise
        super().set_state(sync_data)

    def values(self):
        """The controls' current values, by name."""
        self._check_open()
        return dict(self.state)

    def set(self, **values):
        """Move controls by name (``explorer.set(prediction=0.3)``); a slider takes its nearest position."""
        self._moves(values)  # a refusal as the error it is (assigning `state` raises traitlets' TraitError)
        self.state = {**self.state, **values}  # whole, should traitlets hold it with other changes

    @property
    def plot(self):
        """The matplotlib picture, brought to the controls' current values."""
        self._catch_up()
        return self._plot

    def readout(self):
        """lossviz's numbers for the current values, as the browser's readout writes them."""
        self._catch_up()
        return "    ".join(f"{name} = {value}" for name, value in self.readout_pairs())

    def _catch_up(self):
        """Draw the matplotlib picture at the current values (moves only mark it out of date)."""
        values = self.values()
        self._draw_from(self._drawn, values)
        self._drawn = values

    def _check_open(self):
        if self._plot is None:
            raise ValueError(f"this {type(self).__name__} is closed (close() let its picture go): make a new one")

    def close(self):
        """Close the explorer and let its figure go: a closed explorer keeps nothing alive (each open
        widget, its layout too, stays registered with the kernel until closed), and says it is
        closed when read or moved."""
        self.layout.close()
        super().close()
        self._plot = None

    def draw(self, values, moved=None):
        """Bring the matplotlib picture to these control values; `moved` names the one control
        that changed, when only one did (each explorer says how, and what it can skip)."""
        raise NotImplementedError

    def readout_pairs(self):
        """(name, value) pairs of the numbers to read off the matplotlib picture as it is drawn."""
        raise NotImplementedError

    def snapshot_settings(self):
        """The settings the static companion shows: dicts of control values (each explorer chooses)."""
        raise NotImplementedError

    def snapshots(self, columns=2):
        """The static companion: the picture at each of `snapshot_settings()`, in a grid,
        each under its settings and its readout. The live widget is left as it is."""
        current = self.values()
        drawn = self._drawn
        pictures, captions = [], []
        try:
            for settings in self.snapshot_settings():
                values = {**current, **settings}
                self._draw_from(drawn, values)
                drawn = values
                pictures.append(self._plot.rgba().copy())
                setting_text = ", ".join(_pair(name, short(value)) for name, value in values.items())
                reading = "    ".join(_pair(name, value) for name, value in self.readout_pairs())
                captions.append(f"{setting_text}\n{reading}")
        finally:
            self._draw_from(drawn, current)
            self._drawn = current
        return rendering.snapshot_grid(pictures, captions, columns, rendering.smallest_text_px(self._plot.figure))

    def _draw_from(self, drawn, values):
        """Draw `values` over `drawn`, telling `draw` the one control that changed if only one did
        (a prediction alone moves without redrawing the whole curve)."""
        changed = [name for name in values if values[name] != drawn[name]]
        if changed:
            self.draw(values, changed[0] if len(changed) == 1 else None)

    def _repr_mimebundle_(self, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        # Frontends with a widget manager show the live widget; the others show this picture.
        snapshots = self.snapshots()
        data["image/png"] = base64.b64encode(snapshots.render(compress_level=6)).decode("ascii")
        return data, {**(metadata or {}), "image/png": {"alt": f"{self.plot.alt} {snapshots.alt}"}}

    def __repr__(self):
        if self._plot is None:
            return f"<{type(self).__name__}: closed>"
        settings = ", ".join(f"{name} {short(value)}" for name, value in self.state.items())
        return f"<{type(self).__name__}: {settings}>"


def _said(value):
    """`value` as an error message repeats it, cut short if long (a page may send any text)."""
    text = show(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _real(value):
    """`value` as a real number (a 0-d array's, a Decimal's as a float), or None if it is none."""
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value.item()
    if isinstance(value, decimal.Decimal):
        # compared with the slider's floats as the float it is shown as (a signalling NaN has none)
        value = float("nan") if value.is_nan() else float(value)
    return value if isinstance(value, numbers.Real) and not isinstance(value, bool) else None


def _checked(spec, value, argument=None):
    """`value` as the control of `spec` takes it (a slider: its nearest position; a choice: the option
    equal to it), or an error naming the control (or the `argument` it came from) and what it takes."""
    name, number = argument or spec["name"], _real(value)
    if spec["kind"] == "choice":
        allowed = [option for _, option in spec["options"]]
        for option in allowed:  # a choice's options are numbers: labels, class indices
            if number is not None and number == option:
                return option
        raise ValueError(f"`{name}` must be one of {allowed}; got {_said(value)}")
    low, high = spec["positions"][0], spec["positions"][-1]
    if number is None:
        raise TypeError(f"`{name}` must be a number from {low} to {high}; got {_said(value)}")
    if not low - 1e-9 <= number <= high + 1e-9:  # NaN fails this too
        raise ValueError(f"`{name}` must be from {low} to {high}; got {_said(value)}")
    return _nearest(spec["positions"], float(number))


NO_BREAK = "\u00a0"


def _pair(name, value):
    """'name = value' joined by no-break spaces, so that a long caption wraps between pairs
    (or inside a value that is a sentence), never between a name and its number."""
    return f"{name.replace(' ', NO_BREAK)}{NO_BREAK}={NO_BREAK}{value}"


def _option_sliders(loss):
    """One slider per option the loss's definition offers one for."""
    return [_slider_spec(name, slider.low, slider.high, step=slider.step, label=f"{name.replace('_', ' ')} {slider.symbol}")
            for name, slider in loss.sliders.items()]


def _slider_options(loss, options, data):
    """Each slider option's first value: the given one, or the loss's default. An option without a
    slider is refused: the page draws the loss with its sliders' options only. `data` names the
    explorer's other keywords (`pred`, `target`), which the message lists too."""
    for name in options:
        if name not in loss.sliders:
            raise TypeError(f"lv.explore({loss.name}) takes {', '.join(f'{word}=' for word in data)} and the options "
                            f"it has sliders for ({', '.join(loss.sliders) or 'none'}); got `{name}`")
    return {name: options.get(name, loss.options[name]) for name in loss.sliders}


def _checked_loss(loss):
    """`loss` if it is a loss of lossviz, or an error that lists them."""
    if not isinstance(loss, Loss):
        hint = f" (did you mean lv.{loss}?)" if isinstance(loss, str) and loss in LOSSES else ""
        raise TypeError(f"`loss` must be a loss of lossviz, one of lv.LOSSES "
                        f"({', '.join(f'lv.{name}' for name in LOSSES)}); got {_said(loss)}{hint}")
    return loss


def _formula(loss):
    if loss.js is None:
        raise ValueError(f"lv.explore({loss.name}) draws in the browser from the loss's formula in JavaScript, and "
                         f"its definition has none: give define_loss a `js=` (lv.mse.js shows the form)")
    return loss.js


def _loss_picture(loss):
    """What a picture of `loss` needs from its definition: labels and colours."""
    return {
        "option_names": list(loss.sliders),
        "option_defaults": {name: loss.options[name] for name in loss.sliders},
        "labels": {"x": f"{loss.pred_words} {loss.pred_text}", "pred_text": loss.pred_text,
                   "pred_words": loss.pred_words, "gradient": f"gradient ∂L/∂{loss.pred_text}",
                   "title": f"{loss.title}: {loss.pred_text} moves, the loss follows"},
        "colours": {**COLOURS, "curve": loss.colour},
    }


def _class_choice(name, classes):
    return _choice_spec(name, [(f"class {index}", index) for index in range(classes)])


class LossExplorer(Explorer):
    """Prediction and target sliders, and one slider per option, over the loss curve and (unless
    `gradient_panel` is False) its gradient beside it."""

    def __init__(self, loss, pred=None, target=None, *, gradient_panel=True, **options):
        self.loss = _checked_loss(loss)
        formula = _formula(loss)
        if not isinstance(gradient_panel, bool):
            raise TypeError(f"`gradient_panel` must be True or False; got {_said(gradient_panel)}")
        example_pred, example_target = loss.example
        target = example_target if target is None else target
        scores = None
        if loss.task == "multiclass":  # the true class's score moves, the others stay at the example's
            scores = list(example_pred)
            target = _checked(_class_choice("target", len(scores)), target)
            example_pred = scores[target]
        controls = [_slider_spec("prediction", *loss.pred_range)]
        if loss.task == "regression":
            controls.append(_slider_spec("target", *loss.target_range))
        elif loss.task == "binary":
            controls.append(_choice_spec("target", [(f"y = {label:g}", float(label)) for label in loss.target_labels]))
        controls += _option_sliders(loss)
        state = _start(controls, {"prediction": example_pred if pred is None else pred, "target": target,
                                  **_slider_options(loss, options, ("pred", "target", "gradient_panel"))}, {"prediction": "pred"})
        target = state.get("target", target)
        start = (loss, target, state["prediction"])
        slider_options = {name: state[name] for name in loss.sliders}
        plot = (plots.loss_and_gradient(*start, scores=scores, **slider_options) if gradient_panel
                else plots.loss_curve(*start, scores=scores, **slider_options))
        picture = {
            **_loss_picture(loss), "pred_range": list(loss.pred_range), "points": plots.CURVE_POINTS,
            "target": target, "target_line": loss.perfect_prediction(target) is not None,
            "gradient_limits": loss.gradient_limits and list(loss.gradient_limits), "gradient_panel": gradient_panel,
        }
        picture["labels"]["target"] = f"true class {target}"
        self._gradient_panel = gradient_panel
        super().__init__("curve", plot, controls, state, picture, formula=formula)

    @property
    def curve(self):
        """The loss curve of the picture (its gradient is drawn beside it)."""
        return self._plot.curve if self._gradient_panel else self._plot

    def draw(self, values, moved=None):
        if moved != "prediction":  # a new target or option redraws the whole curve
            options = {name: values[name] for name in self.loss.sliders}
            self._plot.set_target(values.get("target", self.curve.target), scores=self.curve.scores, **options)
        self._plot.set_pred(values["prediction"])

    def readout_pairs(self):
        curve = self.curve
        return ("L", fixed(curve.value)), (f"∂L/∂{self.loss.pred_text}", fixed(curve.slope))

    def snapshot_settings(self):
        """Regression: far below, just below, on and above the target (outside and inside
        Huber's δ). The others: four points across the prediction's range."""
        slider = self.controls["prediction"]
        if self.loss.task == "regression":
            target = self.controls["target"].value
            preds = [target + offset for offset in (-2.5, -0.5, 0.0, 1.5)]
        else:
            preds = [slider.min + fraction * (slider.max - slider.min) for fraction in (0.1, 0.35, 0.65, 0.9)]
        return [{"prediction": _nearest(slider.positions, min(max(pred, slider.min), slider.max))} for pred in preds]


def _class_scores(logits):
    """`logits` as a list, one score per class (each is checked against its slider), or an error."""
    scores = logits.tolist() if hasattr(logits, "tolist") else logits  # a NumPy array, a tensor
    if not isinstance(scores, (list, tuple)):
        raise TypeError(f"`logits` must be a list of class scores, one number per class; got {_said(logits)}")
    if len(scores) < 2:
        raise ValueError(f"`logits` must hold a score for each of at least two classes; got {_said(logits)}")
    return list(scores)


class ClassesExplorer(Explorer):
    """One slider per class score, a true-class choice and the loss's option sliders, over
    softmax bars and the gradient per class."""

    def __init__(self, loss, logits=None, true_class=None, **options):
        self.loss = _checked_loss(loss)
        formula = _formula(loss)
        example_logits, example_class = loss.example
        scores = _class_scores(example_logits if logits is None else logits)
        low, high = loss.pred_range
        controls = [_slider_spec(f"logit {index}", low, high, label=f"logit z{plots.subscript(index)}")
                    for index in range(len(scores))]
        controls.append(_class_choice("true class", len(scores)))
        controls += _option_sliders(loss)
        given = {**{f"logit {index}": score for index, score in enumerate(scores)},
                 "true class": example_class if true_class is None else true_class,
                 **_slider_options(loss, options, ("logits", "true_class"))}
        state = _start(controls, given, {**{f"logit {index}": f"logits[{index}]" for index in range(len(scores))},
                                         "true class": "true_class"})
        plot = plots.cross_entropy_panel([state[f"logit {index}"] for index in range(len(scores))], state["true class"],
                                         loss=loss, **{name: state[name] for name in loss.sliders})
        picture = {**_loss_picture(loss), "classes": len(scores)}
        super().__init__("classes", plot, controls, state, picture, formula=formula)

    def draw(self, values, moved=None):
        logits = [values[f"logit {index}"] for index in range(len(self._plot.logits))]
        self._plot.update(logits, values["true class"], **{name: values[name] for name in self.loss.sliders})

    def readout_pairs(self):
        panel = self._plot
        return ("L", fixed(panel.loss)), ("p", fixed(panel.probabilities)), ("∂L/∂z", fixed(panel.gradient))

    def snapshot_settings(self):
        """The true class's logit far below the others (confidently wrong), all logits equal
        (unsure), as set now, and far above (confidently right)."""
        true_logit = f"logit {self.controls['true class'].value}"
        equal = {name: 0.0 for name in self.controls if name.startswith("logit")}
        return [{true_logit: -2.0}, equal, {}, {true_logit: 4.0}]


def _table(values):
    """Numbers for the browser as float64 bytes, sent as a binary buffer (JSON would write each
    float in 18 characters); the browser reads them as a Float64Array, C order."""
    return np.ascontiguousarray(values, dtype="<f8").tobytes()


def _still(plot):
    """The picture's still parts as PNG (base64) at twice its CSS size, sharp on high-DPI screens,
    and where each of its axes sits on it (CSS pixels) with its limits: the browser draws the
    moving parts over it."""
    figure = plot.figure
    width, height = figure.get_size_inches() * DPI
    figure.set_dpi(2 * DPI)
    try:
        for artist in plot.moving:
            artist.set_animated(True)
        figure.canvas.draw()
        picture = rendering.Picture(np.asarray(figure.canvas.buffer_rgba()).copy())
    finally:
        figure.set_dpi(DPI)
        plot.refresh_background()
    axes = []
    for ax in figure.axes:
        box = ax.get_position()
        axes.append({"box": {"left": box.x0 * width, "top": (1 - box.y1) * height,
                             "width": box.width * width, "height": box.height * height},
                     "xlim": list(ax.get_xlim()), "ylim": list(ax.get_ylim())})
    return {"still": base64.b64encode(picture.render(compress_level=9)).decode("ascii"), "axes": axes}


def _regression_losses(losses):
    """`losses` as a list, if each is a regression loss (the outlier lesson fits a constant to a set
    of numbers, which a regression loss defines), or an error saying what came."""
    if isinstance(losses, (Loss, str)) or not isinstance(losses, (list, tuple)):
        raise TypeError(f"`losses` must be a list of losses, e.g. [lv.mse, lv.mae]; got {_said(losses)}")
    if not losses:
        raise ValueError("`losses` must name at least one loss, e.g. [lv.mse, lv.mae]; got none")
    regression = ", ".join(f"lv.{name}" for name, loss in LOSSES.items() if loss.task == "regression")
    for loss in losses:
        if not isinstance(loss, Loss):
            raise TypeError(f"`losses` must hold losses of lossviz ({regression}); got {_said(loss)}")
        if loss.task != "regression":
            raise ValueError(f"`losses` must be regression losses, whose best constant for a set of numbers is defined "
                             f"({regression}); got lv.{loss.name}, a {loss.task} loss")
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


class OutlierExplorer(Explorer):
    """Move one outlier; see which loss's best constant follows it."""

    def __init__(self, outlier=11.0, losses=lessons.ROBUST_LOSSES, options=None):
        losses = _regression_losses(losses)
        options = _fit_options(losses, options)
        control = _slider_spec("outlier", *lessons.OUTLIER_RANGE, step=0.1)
        state = _start([control], {"outlier": outlier})
        plot = lessons.outliers(state["outlier"], losses=losses, options=options)
        data_sets = [np.append(plot.data, position) for position in control["positions"]]
        picture = {
            **_still(plot), "outlier_at": len(plot.data) + 1, "colours": COLOURS,
            "fits": [{"colour": loss.colour, "dash": line.get_linestyle(),
                      "label": lessons.fit_label(loss, plot.options[loss.name], short=True)}
                     for loss, line in zip(plot.losses, plot.fits.values())],
            # lossviz's best constant under each loss at every position of the slider, computed once.
            "constants": _table([analysis.best_constants(loss, data_sets, **plot.options[loss.name])
                                 for loss in plot.losses]),
        }
        super().__init__("outliers", plot, [control], state, picture)

    def draw(self, values, moved=None):
        self._plot.set_outlier(values["outlier"])

    def readout_pairs(self):
        plot = self._plot
        return tuple((lessons.fit_label(loss, plot.options[loss.name], short=True), fixed(plot.constants[loss.name]))
                     for loss in plot.losses)

    def snapshot_settings(self):
        """From no outlier at all (inside the data) to far away: only the mean follows."""
        return [{"outlier": value} for value in (3.5, 8.0, 14.0, 20.0)]


class _DescentExplorer(Explorer):
    """Learning-rate and steps sliders over a plot of gradient descent (`set_descent`, `descent`).
    Every run is computed by lossviz once, at each learning rate for the most steps: a run of fewer
    steps is the start of it, so the browser only cuts it short. Each kind says its `RATES` (the
    learning rate slider's positions) and `MAX_STEPS`."""

    @classmethod
    def _controls(cls, lr, steps):
        """The two sliders and their first values, `lr` and `steps` taken as a move of them is."""
        controls = [_positions_spec("learning rate", cls.RATES, decimals=max(map(_decimals, cls.RATES))),
                    _slider_spec("steps", 1, cls.MAX_STEPS, step=1)]
        return controls, _start(controls, {"learning rate": lr, "steps": steps}, {"learning rate": "lr"})

    def __init__(self, plot, controls, state, run, path_axes, fit_axes=None):
        max_steps = self.MAX_STEPS
        runs = [run(rate, max_steps) for rate in self.RATES]
        picture = {
            **_still(plot), "colours": COLOURS, "path_axes": path_axes, "fit_axes": fit_axes,
            "parameters": [name for name, _ in self.final_parameters(runs[0])],
            # Per learning rate: the path's coordinates and the loss at each step, NaN after a diverged
            # run stopped; its `length` says where it stopped.
            "runs": _table([[np.pad(np.asarray(values, float), (0, max_steps + 1 - len(run.losses)), constant_values=np.nan)
                             for values in (*self.path(run), run.losses)] for run in runs]),
            "lengths": [len(run.losses) for run in runs], "diverged": [bool(run.diverged) for run in runs],
        }
        super().__init__("descent", plot, controls, state, picture)

    def draw(self, values, moved=None):
        self._plot.set_descent(values["learning rate"], values["steps"])

    def readout_pairs(self):
        descent = self._plot.descent
        if descent.diverged:
            message = f"diverged after {len(descent.w) - 1} steps: the learning rate is too large"
            return ("L", fixed(descent.losses[-1])), ("status", message)
        return (*self.final_parameters(descent), ("L", fixed(descent.losses[-1])))

    def snapshot_settings(self):
        """Too small (crawls), about right (arrives), large (zigzags) and too large (diverges)."""
        return [{"learning rate": value} for value in self.LEARNING_RATES]


def _rates(low, high):
    """Learning rates from `low` to `high` at 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times each power of
    ten: a log scale whose every position is a rate a person would type."""
    rates = [round(factor * 10.0**power, 6) for power in range(-4, 2) for factor in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)]
    return [rate for rate in rates if low <= rate <= high]


class LandscapeExplorer(_DescentExplorer):
    """Learning rate and number of steps of gradient descent on a line's (w, b)."""

    RATES, MAX_STEPS = _rates(0.001, 0.3), 100
    LEARNING_RATES = (0.01, 0.05, 0.15, 0.3)

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


class DescentExplorer(_DescentExplorer):
    """Learning rate and steps of gradient descent on one weight, on its loss curve."""

    RATES, MAX_STEPS = [round(0.005 * index, 3) for index in range(1, 71)], 40
    LEARNING_RATES = (0.02, 0.1, 0.2, 0.3)

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


def explore(loss: Loss, **settings: Any) -> Explorer:
    """A slider explorer for `loss` (any entry of ``lv.LOSSES``), built from its definition.

    A loss whose picture is the class scores (cross-entropy) gets a slider per
    logit, a true-class choice and the softmax bars; every other loss gets a
    prediction slider and a target control (a slider for regression, the two
    labels for a yes/no loss) over its loss curve and gradient (the curve
    alone with ``gradient_panel=False``). Each option the loss's definition
    offers a slider for (δ, γ, α, τ, m, ε) gets one. Every value given starts
    its control where a move to it would put it (a slider's nearest position);
    one its control cannot take is refused with an error naming it.
    """
    if _checked_loss(loss).view == "classes":
        return ClassesExplorer(loss, **settings)
    return LossExplorer(loss, **settings)


def explore_outliers(outlier: float = 11.0, losses: Sequence[Loss] = lessons.ROBUST_LOSSES,
                     options: Optional[dict[str, dict[str, Any]]] = None) -> Explorer:
    """Move an outlier and watch each loss's best constant: only MSE's mean chases it.
    `options` maps a loss's name to its options (``{"huber": {"delta": 2.0}}``)."""
    return OutlierExplorer(outlier, losses, options)


def explore_descent(lr: float = 0.1, steps: int = 10) -> Explorer:
    """Set the learning rate and steps of gradient descent on one weight: crawl, arrive, or diverge."""
    return DescentExplorer(lr, steps)


def explore_landscape(lr: float = 0.15, steps: int = 30) -> Explorer:
    """Set the learning rate and steps of gradient descent, and watch its path on the loss landscape."""
    return LandscapeExplorer(lr, steps)
