"""Slider explorers: move a prediction, watch the loss and its gradient follow.

Built on core ipywidgets alone (no ipympl), so they work in JupyterLab,
Notebook 7, VS Code and Colab alike. Each explorer draws its figure once; a
slider move updates the moving artists, repaints them on the cached
background and sends one small PNG to an `Image` widget. The readout shows
the very numbers the plot was drawn from, so the two never disagree.

Nothing is captured in an `Output` widget: a notebook stores the explorer's
widget view and, beside it, a grid of snapshots at chosen settings (its
static companion), neither of which nbval compares. Where no kernel runs the
widget (static slides, a notebook on GitHub, an untrusted notebook) the
snapshots show instead of a dead widget.
"""

import base64
import html

import ipywidgets as widgets
import numpy as np

from lossviz import lessons, plots, rendering
from lossviz._format import fixed, short
from lossviz.style import DPI

SLIDER_STEPS = 400
_SLIDER_LAYOUT = {"width": "420px"}
_SLIDER_STYLE = {"description_width": "90px"}


def _nice_step(span):
    """About span / SLIDER_STEPS, rounded to 1, 2, 2.5 or 5 times a power of ten, so that
    every slider position is a short decimal that the readout shows exactly."""
    rough = span / SLIDER_STEPS
    power = 10.0 ** np.floor(np.log10(rough))
    return min((factor * power for factor in (1, 2, 2.5, 5, 10)), key=lambda step: abs(step - rough))


def _decimals(number):
    """How many decimals write `number` exactly (up to 6)."""
    return len(f"{number:.6f}".rstrip("0").split(".")[1])


def _slider(description, low, high, value, *, step=None):
    step = step or _nice_step(high - low)
    decimals = max(_decimals(step), _decimals(low), _decimals(value))
    return widgets.FloatSlider(
        value=value, min=low, max=high, step=step, description=description,
        readout_format=f".{decimals}f", continuous_update=True, layout=_SLIDER_LAYOUT, style=_SLIDER_STYLE,
    )


class Explorer(widgets.VBox):
    """Controls, a readout and a picture; `controls` maps a name to its widget."""

    def __init__(self, plot, controls):
        self.plot = plot
        self.controls = controls
        width, height = (int(round(size * DPI)) for size in plot.figure.get_size_inches())
        # A fixed size, so the page does not jump while the picture is replaced; in a narrower
        # page (a projector, a side panel) it shrinks to fit, keeping its proportions.
        self.image = widgets.Image(format="png", layout={"width": f"{width}px", "height": f"{height}px",
                                                         "max_width": "100%", "object_fit": "contain"})
        self.readout = widgets.HTML(layout={"min_height": "1.6em"})
        for control in controls.values():
            control.observe(self._on_change, names="value")
        super().__init__([*controls.values(), self.readout, self.image])
        self.refresh()

    def close(self):
        """Close the explorer and every widget in it, and let its figure go: a closed explorer
        keeps nothing alive (each open widget stays registered with the kernel until closed)."""
        for control in self.controls.values():
            control.unobserve(self._on_change, names="value")
        _close_with_parts(self)
        self.controls, self.plot = {}, None

    def values(self):
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change):
        moved = next(name for name, control in self.controls.items() if control is change["owner"])
        self.draw(self.values(), moved)
        self.refresh()

    def draw(self, values, moved=None):
        """Bring the plot to these control values; `moved` names the one control that
        changed, when only one did (each explorer says how, and what it can skip)."""
        raise NotImplementedError

    def refresh(self):
        """Repaint the picture and rewrite the readout from the plot's current numbers."""
        self.image.value = self.plot.render()
        self.readout.value = _readout(*self.readout_pairs())

    def readout_pairs(self):
        """(name, value) pairs of the numbers to read off the plot as it is drawn."""
        raise NotImplementedError

    def snapshot_settings(self):
        """The settings the static companion shows: dicts of control values (each explorer chooses)."""
        raise NotImplementedError

    def snapshots(self, columns=2):
        """The static companion: the picture at each of `snapshot_settings()`, in a grid,
        each under its settings and its readout. The live widget is left as it is."""
        current = self.values()
        pictures, captions = [], []
        try:
            drawn = current
            for settings in self.snapshot_settings():
                values = {**current, **settings}
                self._draw_from(drawn, values)
                drawn = values
                pictures.append(self.plot.rgba().copy())
                setting_text = ", ".join(_pair(name, short(value)) for name, value in values.items())
                reading = "    ".join(_pair(name, value) for name, value in self.readout_pairs())
                captions.append(f"{setting_text}\n{reading}")
        finally:
            self._draw_from(drawn, current)
        return rendering.snapshot_grid(pictures, captions, columns)

    def _draw_from(self, drawn, values):
        """Draw `values` over `drawn`, telling `draw` the one control that changed if only one did
        (a prediction alone moves without redrawing the whole curve)."""
        changed = [name for name in values if values[name] != drawn[name]]
        if changed:
            self.draw(values, changed[0] if len(changed) == 1 else None)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        # Frontends with a widget manager show the live widget; the others show this picture.
        bundle["image/png"] = base64.b64encode(self.snapshots().render(compress_level=6)).decode("ascii")
        return bundle

    def __repr__(self):
        settings = ", ".join(f"{name} {short(control.value)}" for name, control in self.controls.items())
        return f"<{type(self).__name__}: {settings}>"


def _close_with_parts(widget):
    """Close a widget, its children, and the layout and style widgets each carries (which
    `Widget.close` leaves open)."""
    for child in getattr(widget, "children", ()):
        _close_with_parts(child)
    for part in (getattr(widget, "layout", None), getattr(widget, "style", None)):
        if isinstance(part, widgets.Widget):
            part.close()
    widgets.Widget.close(widget)


NO_BREAK = "\u00a0"


def _pair(name, value):
    """'name = value' joined by no-break spaces, so that a long caption wraps between pairs
    (or inside a value that is a sentence), never between a name and its number."""
    return f"{name.replace(' ', NO_BREAK)}{NO_BREAK}={NO_BREAK}{value}"


def _readout(*pairs):
    """'name = value' pairs in the lesson's notation, values to 4 decimals."""
    cells = [f"<span style='margin-right:2em'>{html.escape(name)} = <b>{html.escape(value)}</b></span>"
             for name, value in pairs]
    return f"<div style='font-size:1.1em; font-family:monospace'>{''.join(cells)}</div>"


def _option_sliders(loss, options):
    """One slider per option the loss's definition offers one for, at the given or default value."""
    return {name: _slider(f"{name.replace('_', ' ')} {slider.symbol}", slider.low, slider.high,
                          float(options.get(name, loss.options[name])), step=slider.step)
            for name, slider in loss.sliders.items()}


class LossExplorer(Explorer):
    """Prediction and target sliders, and one slider per option, over the loss curve and (unless
    `gradient_panel` is False) its gradient beside it."""

    def __init__(self, loss, pred=None, target=None, *, gradient_panel=True, **options):
        self.loss = loss
        if gradient_panel:
            plot = plots.loss_and_gradient(loss, target, pred, **options)
            self.curve = curve = plot.curve
        else:
            plot = self.curve = curve = plots.loss_curve(loss, target, pred, **options)
        controls = {"prediction": _slider("prediction", *loss.pred_range, curve.pred)}
        if loss.task == "regression":
            controls["target"] = _slider("target", *loss.target_range, float(curve.target))
        elif loss.task == "binary":
            controls["target"] = widgets.ToggleButtons(
                options=[(f"y = {label:g}", float(label)) for label in loss.target_labels],
                value=float(curve.target), description="target", style=_SLIDER_STYLE,
            )
        controls.update(_option_sliders(loss, curve.options))
        super().__init__(plot, controls)

    def draw(self, values, moved=None):
        if moved != "prediction":  # a new target or option redraws the whole curve
            options = {name: values[name] for name in self.loss.sliders}
            self.plot.set_target(values.get("target", self.curve.target), scores=self.curve.scores, **options)
        self.plot.set_pred(values["prediction"])

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
        on_slider = [min(max(round(pred / slider.step) * slider.step, slider.min), slider.max) for pred in preds]
        return [{"prediction": round(pred, 6)} for pred in on_slider]


class ClassesExplorer(Explorer):
    """One slider per class score, a true-class choice and the loss's option sliders, over
    softmax bars and the gradient per class."""

    def __init__(self, loss, logits=None, true_class=None, **options):
        example_logits, example_class = loss.example
        logits = [float(each) for each in (example_logits if logits is None else logits)]
        true_class = example_class if true_class is None else true_class
        self.loss = loss
        plot = plots.cross_entropy_panel(logits, true_class, loss=loss, **options)
        low, high = loss.pred_range
        controls = {f"logit {index}": _slider(f"logit z{plots.subscript(index)}", low, high, value)
                    for index, value in enumerate(logits)}
        controls["true class"] = widgets.ToggleButtons(
            options=[(f"class {index}", index) for index in range(len(logits))], value=int(true_class),
            description="true class", style=_SLIDER_STYLE,
        )
        controls.update(_option_sliders(loss, options))
        super().__init__(plot, controls)

    def draw(self, values, moved=None):
        logits = [values[f"logit {index}"] for index in range(len(self.plot.logits))]
        self.plot.update(logits, values["true class"], **{name: values[name] for name in self.loss.sliders})

    def readout_pairs(self):
        panel = self.plot
        return ("L", fixed(panel.loss)), ("p", fixed(panel.probabilities)), ("∂L/∂z", fixed(panel.gradient))

    def snapshot_settings(self):
        """The true class's logit far below the others (confidently wrong), all logits equal
        (unsure), as set now, and far above (confidently right)."""
        true_logit = f"logit {self.controls['true class'].value}"
        equal = {name: 0.0 for name in self.controls if name.startswith("logit")}
        return [{true_logit: -2.0}, equal, {}, {true_logit: 4.0}]


class OutlierExplorer(Explorer):
    """Move one outlier; see which loss's best constant follows it."""

    def __init__(self, outlier=11.0, losses=lessons.ROBUST_LOSSES, options=None):
        plot = lessons.outliers(outlier, losses=losses, options=options)
        controls = {"outlier": _slider("outlier", *lessons.OUTLIER_RANGE, float(outlier), step=0.1)}
        super().__init__(plot, controls)

    def draw(self, values, moved=None):
        self.plot.set_outlier(values["outlier"])

    def readout_pairs(self):
        plot = self.plot
        return tuple((lessons.fit_label(loss, plot.options[loss.name], short=True), fixed(plot.constants[loss.name]))
                     for loss in plot.losses)

    def snapshot_settings(self):
        """From no outlier at all (inside the data) to far away: only the mean follows."""
        return [{"outlier": value} for value in (3.5, 8.0, 14.0, 20.0)]


class _DescentExplorer(Explorer):
    """Learning-rate and steps sliders over a plot of gradient descent (`set_descent`, `descent`)."""

    def __init__(self, plot, learning_rate_slider, steps, max_steps):
        controls = {
            "learning rate": learning_rate_slider,
            "steps": widgets.IntSlider(value=steps, min=1, max=max_steps, description="steps",
                                       layout=_SLIDER_LAYOUT, style=_SLIDER_STYLE),
        }
        super().__init__(plot, controls)

    def draw(self, values, moved=None):
        self.plot.set_descent(values["learning rate"], values["steps"])

    def readout_pairs(self):
        descent = self.plot.descent
        if descent.diverged:
            message = f"diverged after {len(descent.w) - 1} steps: the learning rate is too large"
            return ("L", fixed(descent.losses[-1])), ("status", message)
        return (*self.final_parameters(descent), ("L", fixed(descent.losses[-1])))

    def snapshot_settings(self):
        """Too small (crawls), about right (arrives), large (zigzags) and too large (diverges)."""
        return [{"learning rate": value} for value in self.LEARNING_RATES]


class LandscapeExplorer(_DescentExplorer):
    """Learning rate and number of steps of gradient descent on a line's (w, b)."""

    LEARNING_RATES = (0.01, 0.05, 0.15, 0.3)

    def __init__(self, lr=0.15, steps=30):
        learning_rate = widgets.FloatLogSlider(
            value=lr, base=10, min=-3, max=np.log10(0.3), step=0.01, description="learning rate",
            readout_format=".3f", layout=_SLIDER_LAYOUT, style=_SLIDER_STYLE,
        )
        super().__init__(lessons.landscape(lr, steps), learning_rate, steps, max_steps=100)

    @staticmethod
    def final_parameters(descent):
        return ("w", fixed(descent.w[-1])), ("b", fixed(descent.b[-1]))


class DescentExplorer(_DescentExplorer):
    """Learning rate and steps of gradient descent on one weight, on its loss curve."""

    LEARNING_RATES = (0.02, 0.1, 0.2, 0.3)

    def __init__(self, lr=0.1, steps=10):
        learning_rate = _slider("learning rate", 0.005, 0.35, lr, step=0.005)
        super().__init__(lessons.weight_descent(lr, steps), learning_rate, steps, max_steps=40)

    @staticmethod
    def final_parameters(descent):
        return (("w", fixed(descent.w[-1])),)


def explore(loss, **settings):
    """A slider explorer for `loss` (any entry of ``lv.LOSSES``), built from its definition.

    A loss whose picture is the class scores (cross-entropy) gets a slider per
    logit, a true-class choice and the softmax bars; every other loss gets a
    prediction slider and a target control (a slider for regression, the two
    labels for a yes/no loss) over its loss curve and gradient (the curve
    alone with ``gradient_panel=False``). Each option the loss's definition
    offers a slider for (δ, γ, α, τ, m, ε) gets one.
    """
    if loss.view == "classes":
        return ClassesExplorer(loss, **settings)
    return LossExplorer(loss, **settings)


def explore_outliers(outlier=11.0, losses=lessons.ROBUST_LOSSES, options=None):
    """Move an outlier and watch each loss's best constant: only MSE's mean chases it.
    `options` maps a loss's name to its options (``{"huber": {"delta": 2.0}}``)."""
    return OutlierExplorer(outlier, losses, options)


def explore_descent(lr=0.1, steps=10):
    """Set the learning rate and steps of gradient descent on one weight: crawl, arrive, or diverge."""
    return DescentExplorer(lr, steps)


def explore_landscape(lr=0.15, steps=30):
    """Set the learning rate and steps of gradient descent, and watch its path on the loss landscape."""
    return LandscapeExplorer(lr, steps)
