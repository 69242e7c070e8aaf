"""The explorers' controls as Python specifies them for the page: sliders over a grid of positions,
choices among options, and every value checked as a move of its control is (its nearest position,
or an error naming it)."""

import decimal
import numbers

import numpy as np

from lossviz._format import short, show
from lossviz.explorers.specs import ChoiceSpec, ControlSpec, SliderSpec


SLIDER_STEPS = 400


KEY_PRESSES = 10  # an arrow key crosses a slider in about this many presses (Shift + arrow: one step)


def _nice_step(span, steps=SLIDER_STEPS):
    """About span / steps, rounded to 1, 2, 2.5 or 5 times a power of ten, so that
    every slider position is a short decimal that the readout shows exactly."""
    rough = span / steps
    power = 10.0 ** np.floor(np.log10(rough))
    return min((factor * power for factor in (1, 2, 2.5, 5, 10)), key=lambda step: abs(step - rough))


def _decimals(number):
    """How many decimals write `number` exactly (up to 6)."""
    return len(f"{number:.6f}".rstrip("0").split(".")[1])


def _slider_spec(name, low, high, *, step=None, label=None) -> SliderSpec:
    """A slider from low to high over the multiples of `step` between (each position a short
    decimal, the same number in Python and in the browser: 0.9, not 0.8985)."""
    step = step or _nice_step(high - low)
    decimals = max(_decimals(step), _decimals(low), _decimals(high))
    first, last = int(np.ceil(low / step - 1e-9)), int(np.floor(high / step + 1e-9))
    inside = [round(float(index * step), decimals) if decimals else int(round(index * step))
              for index in range(first, last + 1)]
    spec = _positions_spec(name, sorted({low, *inside, high}), decimals, label=label)
    spec["step"], spec["coarse"] = float(step), max(1, int(round(_nice_step(high - low, KEY_PRESSES) / step)))
    return spec


def _positions_spec(name, positions, decimals, *, label=None) -> SliderSpec:
    """A slider over given positions (a learning rate's 0.001 ... 0.3)."""
    return {"name": name, "label": label or name, "kind": "slider", "positions": list(positions), "decimals": decimals,
            "coarse": max(1, len(positions) // KEY_PRESSES)}


def _choice_spec(name, options) -> ChoiceSpec:
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


class Control:
    """One control of an explorer, as Python sees it: a slider over its `positions` or a choice
    among `options`, (text, value) pairs. Setting `value` moves it in the browser too."""

    def __init__(self, explorer, spec: ControlSpec):
        self._explorer, self.spec = explorer, spec
        self.name, self.description, self.kind = spec["name"], spec["label"], spec["kind"]

    @property
    def positions(self) -> list[float]:
        spec = self.spec
        if spec["kind"] != "slider":
            raise AttributeError(f"control {self.name!r} is a choice: it has `options`, not `positions`")
        return spec["positions"]

    @property
    def options(self) -> list[tuple]:
        spec = self.spec
        if spec["kind"] != "choice":
            raise AttributeError(f"control {self.name!r} is a slider: it has `positions`, not `options`")
        return [tuple(option) for option in spec["options"]]

    @property
    def min(self):
        return self.positions[0]

    @property
    def max(self):
        return self.positions[-1]

    @property
    def step(self):
        positions = self.positions
        return self.spec.get("step", positions[1] - positions[0])

    @property
    def value(self):
        return self._explorer.values()[self.name]

    @value.setter
    def value(self, value):
        self._explorer.set(**{self.name: value})

    def __repr__(self):
        return f"<Control {self.name!r}: {short(self._explorer.state[self.name])}>"


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


def _checked(spec: ControlSpec, value, argument=None):
    """`value` as the control of `spec` takes it (a slider: its nearest position; a choice: the option
    equal to it), or an error naming the control (or the `argument` it came from) and what it takes."""
    name, number = argument or spec["name"], _real(value)
    if spec["kind"] == "choice":
        allowed = [option for _, option in spec["options"]]
        for option in allowed:  # a choice's options are numbers (labels, class indices) or names (losses)
            if number is not None and number == option:
                return option
        if isinstance(value, str) and value in allowed:
            return allowed[allowed.index(value)]
        raise ValueError(f"`{name}` must be one of {allowed}; got {_said(value)}")
    low, high = spec["positions"][0], spec["positions"][-1]
    if number is None:
        raise TypeError(f"`{name}` must be a number from {low} to {high}; got {_said(value)}")
    # Compared as the number it is (10**400 has no float); NaN fails the first test.
    if not number <= high + 1e-9 or number < low - 1e-9:
        raise ValueError(f"`{name}` must be from {low} to {high}; got {_said(value)}")
    return _nearest(spec["positions"], float(number))


NO_BREAK = "\u00a0"


def _pair(name, value):
    """'name = value' joined by no-break spaces, so that a long caption wraps between pairs
    (or inside a value that is a sentence), never between a name and its number."""
    return f"{name.replace(' ', NO_BREAK)}{NO_BREAK}={NO_BREAK}{value}"
