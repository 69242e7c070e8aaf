"""What every explorer is: an anywidget whose ES module is put together from `lossviz/js/` (no
bundler), the state its controls hold, the readout, the snapshots for frontends with no widget
manager, and the tables and still images Python computes for the browser."""

import base64
import functools
import pathlib
from typing import Any, Generic, NoReturn, Optional, TypeVar, TypedDict

import anywidget
import numpy as np
import traitlets

from lossviz.pictures import rendering
from lossviz._format import short
from lossviz.pictures.style import DPI, size
from lossviz.explorers.controls import Control, _checked, _pair, _said
from lossviz.explorers.specs import AxesSpec, Style


POINTS_PER_PX = 72 / DPI  # matplotlib sizes text and lines in points, a canvas in CSS pixels


JS = pathlib.Path(__file__).resolve().parent.parent / "js"


@functools.cache
def _source(name):
    return (JS / name).read_text(encoding="utf-8")


SHARED = ("format.js", "maths.js", "axes.js", "controls.js", "mount.js")
"""What every explorer's module starts with, one job a file: numbers and tables, the maths the losses'
formulas call, axes on a canvas, the controls, and mounting an explorer on the page."""


PARTS = {"training": ("training_model.js", "training_input.js", "training_plane.js")}
"""The files a kind's picture needs besides the shared ones and its own."""


def _module(kind, formula=None):
    """An explorer's ES module: the shared files, the loss's own formula (as ``LOSS``; the training
    explorer's, its losses' by registry name), and the picture of its kind. Put together here, so the
    browser needs no bundler."""
    shared = "\n".join(_source(name) for name in SHARED)
    parts = "".join(_source(name) + "\n" for name in PARTS.get(kind, ()))
    return shared + (f"\nconst LOSS = {formula};\n" if formula else "") + parts + _source(f"{kind}.js")


def _style(figure, still) -> Style:
    """The canvas's size and the look's sizes in CSS pixels, from the figure its snapshots are drawn
    on; `text`, the smallest text the picture shows: the browser's tick labels, or smaller text on
    a `still` drawn by matplotlib (a figure with no text has none smaller)."""
    width, height = (int(round(inches * DPI)) for inches in figure.get_size_inches())
    font = size["font"] / POINTS_PER_PX
    smallest = rendering.smallest_text_px(figure) if still else None
    text = 0.9 * font if smallest is None else min(0.9 * font, smallest)
    return {"width": width, "height": height, "font": font, "text": text,
            "line": size["line"] / POINTS_PER_PX, "marker": size["marker"] / POINTS_PER_PX / 2}


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise TypeError("an explorer's `state` is read-only: move a control with explorer.set(name=value) "
                    "or explorer.controls[name].value = value")


class _State(dict):
    """The controls' values as the explorer holds them: read-only, so that every change goes through
    the explorer, which checks it and tells the page (a dict changed in place would tell neither)."""

    def __setitem__(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()

    def __delitem__(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()

    def __ior__(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()

    def clear(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()

    def pop(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()

    def popitem(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()

    def setdefault(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()

    def update(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()

    def __reduce__(self):  # copy and pickle build it whole, not key by key
        return type(self), (dict(self),)


P = TypeVar("P", bound=rendering.Plot)


class Explorer(anywidget.AnyWidget, Generic[P]):
    """Controls, a readout and a picture, drawn in the browser by the ES module of its `kind`.

    `spec` holds everything the picture needs (controls, sizes, colours, labels, texts, and any table
    lossviz computed for it), typed per kind in `lossviz.explorers.specs`, and is sent once; `state` holds the controls' values, moved by the
    browser or by Python, and only ever holds values its controls take: a move that names only
    some controls changes only those. `plot`, a matplotlib picture of the same thing at `state`,
    draws the snapshots.
    """

    _esm = traitlets.Unicode().tag(sync=True)
    _css = traitlets.Unicode().tag(sync=True)
    spec = traitlets.Dict().tag(sync=True)
    state = traitlets.Dict().tag(sync=True)

    def __init__(self, kind: str, plot: P, spec: Any, state: dict[str, Any], *, formula: Optional[str] = None):
        # `spec`, the TypedDict of its kind (lossviz.explorers.specs); `state` as `_start` settled
        # it, and `plot` drawn at it.
        self._plot: Optional[P] = plot
        self._kept: dict[str, Any] = {}
        self.controls = {control["name"]: Control(self, control) for control in spec["controls"]}
        super().__init__(_esm=_module(kind, formula), _css=_source("explorer.css"), state=state, spec=spec)
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

    FROM_PAGE: tuple[str, ...] = ("state",)
    """What the page may change: the controls' `state` (and what an explorer adds, its points)."""

    def set_state(self, sync_data):
        """An update from the page: ipywidgets' one way in (a comm "update" message). The page moves
        controls and nothing else (but what `FROM_PAGE` adds). An update Python refuses (a value off
        its slider, an unknown control, any other key) changes nothing and is raised (the kernel's log
        shows it), and the page is sent what is kept, so that it shows that again."""
        try:
            if not isinstance(sync_data, dict):
                raise TypeError(f"an update from the page must map synced names to values; got {_said(sync_data)}")
            others = sorted(set(sync_data) - set(self.FROM_PAGE))
            if others:
                allowed = " and ".join(f"`{name}`" for name in self.FROM_PAGE)
                raise ValueError(f"the page may change an explorer's {allowed} only; got {others}")
            self._check_from_page(sync_data)  # refused before traitlets stores anything
        except (TypeError, ValueError):
            if self.comm is not None:
                self.send_state([name for name in self.FROM_PAGE if name in sync_data] or "state")
            raise
        super().set_state(sync_data)

    def _check_from_page(self, sync_data):
        if "state" in sync_data:
            self._moves(sync_data["state"])

    def values(self):
        """The controls' current values, by name."""
        self._check_open()
        return dict(self.state)

    def set(self, **values):
        """Move controls by name (``explorer.set(prediction=0.3)``); a slider takes its nearest position."""
        self._moves(values)  # a refusal as the error it is (assigning `state` raises traitlets' TraitError)
        self.state = {**self.state, **values}  # whole, should traitlets hold it with other changes

    @property
    def plot(self) -> P:
        """The matplotlib picture, brought to the controls' current values."""
        self._catch_up()
        return self._open()

    def _open(self) -> P:
        """The matplotlib picture as it is drawn, or an error if the explorer is closed."""
        if self._plot is None:
            raise ValueError(f"this {type(self).__name__} is closed (close() let its picture go): make a new one")
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
        self._open()

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

    def caption_values(self, values):
        """The control values a snapshot's caption names (all of them, unless an explorer says otherwise)."""
        return values

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
                pictures.append(self._open().rgba().copy())
                setting_text = ", ".join(_pair(name, short(value)) for name, value in self.caption_values(values).items())
                reading = "    ".join(_pair(name, value) for name, value in self.readout_pairs())
                captions.append(f"{setting_text}\n{reading}")
        finally:
            self._draw_from(drawn, current)
            self._drawn = current
        return rendering.snapshot_grid(pictures, captions, columns, rendering.smallest_text_px(self._open().figure))

    def _draw_from(self, drawn, values):
        """Draw `values` over `drawn`, telling `draw` the one control that changed if only one did
        (a prediction alone moves without redrawing the whole curve)."""
        changed = [name for name in values if values[name] != drawn[name]]
        if changed:
            self.draw(values, changed[0] if len(changed) == 1 else None)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:  # anywidget's answer for a widget with no view: nothing to show
            return None
        data, metadata = bundle
        # Frontends with a widget manager show the live widget; the others show this picture.
        snapshots = self.snapshots()
        data["image/png"] = base64.b64encode(snapshots.render(compress_level=6)).decode("ascii")
        return data, {**(metadata or {}), "image/png": {"alt": f"{self.plot.alt} {snapshots.alt}"}}

    def __repr__(self):
        if self._plot is None:
            return f"<{type(self).__name__}: closed>"
        settings = ", ".join(f"{name} {short(value)}" for name, value in self.state.items())
        return f"<{type(self).__name__}: {settings}>"


def _table(values):
    """Numbers for the browser as float64 bytes, sent as a binary buffer (JSON would write each
    float in 18 characters); the browser reads them as a Float64Array, C order."""
    return np.ascontiguousarray(values, dtype="<f8").tobytes()


class Still(TypedDict):
    still: str
    axes: list[AxesSpec]


def _still(plot) -> Still:
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
