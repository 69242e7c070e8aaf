"""Slider explorers: move a prediction, watch the loss and its gradient follow.

Built on core ipywidgets alone (no ipympl), so they work in JupyterLab,
Notebook 7, VS Code and Colab alike. Each explorer draws its figure once; a
slider move updates the moving artists, repaints them on the cached
background and sends one small PNG to an `Image` widget. The readout shows
the very numbers the plot was drawn from, so the two never disagree.

Nothing is captured in an `Output` widget: a notebook stores only the
explorer's own widget view, which nbval does not compare.
"""

import html

import ipywidgets as widgets
import numpy as np

from lossviz import plots
from lossviz.losses import cross_entropy

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
        width, height = (int(round(size * plots.DPI)) for size in plot.figure.get_size_inches())
        # A fixed size, so the page does not jump while the picture is replaced.
        self.image = widgets.Image(format="png", layout={"width": f"{width}px", "height": f"{height}px"})
        self.readout = widgets.HTML(layout={"min_height": "1.6em"})
        for control in controls.values():
            control.observe(self._on_change, names="value")
        super().__init__([*controls.values(), self.readout, self.image])
        self.refresh()

    def _on_change(self, change):
        self.update(change["owner"])
        self.refresh()

    def update(self, control):
        """Apply the control that moved to the plot (each explorer says how)."""
        raise NotImplementedError

    def refresh(self):
        """Repaint the picture and rewrite the readout from the plot's current numbers."""
        self.image.value = self.plot.render()
        self.readout.value = self.readout_html()

    def readout_html(self):
        raise NotImplementedError

    def __repr__(self):
        settings = ", ".join(f"{name} {_number(control.value)}" for name, control in self.controls.items())
        return f"<{type(self).__name__}: {settings}>"


def _number(value):
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _readout(*pairs):
    """'name = value' pairs in the lesson's notation, values to 4 decimals."""
    cells = [f"<span style='margin-right:2em'>{name} = <b>{value}</b></span>" for name, value in pairs]
    return f"<div style='font-size:1.1em; font-family:monospace'>{''.join(cells)}</div>"


def _fixed(value):
    return f"{value:.4f}".replace("-", "−")


class LossExplorer(Explorer):
    """Prediction and target sliders (and δ for Huber) over the loss curve and its gradient."""

    def __init__(self, loss, pred=None, target=None, **options):
        self.loss = loss
        plot = plots.loss_and_gradient(loss, target, pred, **options)
        curve = plot.curve
        controls = {"prediction": _slider("prediction", *loss.pred_range, curve.pred)}
        if loss.task == "regression":
            controls["target"] = _slider("target", *loss.target_range, float(curve.target))
        elif loss.task == "binary":
            controls["target"] = widgets.ToggleButtons(
                options=[("y = 0", 0.0), ("y = 1", 1.0)], value=float(curve.target), description="target",
                style=_SLIDER_STYLE,
            )
        if "delta" in loss.options:
            delta = float(curve.options.get("delta", loss.options["delta"]))
            controls["delta"] = _slider("delta δ", 0.1, 3.0, delta, step=0.05)
        super().__init__(plot, controls)

    def update(self, control):
        if control is self.controls["prediction"]:
            self.plot.set_pred(control.value)
            return
        target = self.controls["target"].value if "target" in self.controls else self.plot.curve.target
        options = {"delta": self.controls["delta"].value} if "delta" in self.controls else {}
        self.plot.set_target(target, scores=self.plot.curve.scores, **options)

    def readout_html(self):
        curve, symbol = self.plot.curve, plots.plain_symbol(self.loss)
        return _readout(("L", _fixed(curve.value)), (f"∂L/∂{symbol}", _fixed(curve.slope)))


class CrossEntropyExplorer(Explorer):
    """One slider per logit and a true-class choice, over softmax bars and the gradient per class."""

    def __init__(self, logits=(2.0, 1.0, 0.1), true_class=0):
        logits = [float(each) for each in logits]
        plot = plots.cross_entropy_panel(logits, true_class)
        low, high = cross_entropy.pred_range
        controls = {f"logit {index}": _slider(f"logit z{plots.subscript(index)}", low, high, value)
                    for index, value in enumerate(logits)}
        controls["true class"] = widgets.ToggleButtons(
            options=[(f"class {index}", index) for index in range(len(logits))], value=int(true_class),
            description="true class", style=_SLIDER_STYLE,
        )
        super().__init__(plot, controls)

    def update(self, control):
        logits = [self.controls[f"logit {index}"].value for index in range(len(self.plot.logits))]
        self.plot.update(logits, self.controls["true class"].value)

    def readout_html(self):
        panel = self.plot
        probabilities = ", ".join(f"{value:.4f}" for value in panel.probabilities)
        gradient = ", ".join(_fixed(value) for value in panel.gradient)
        return _readout(("L", _fixed(panel.loss)), ("p", f"[{probabilities}]"), ("∂L/∂z", f"[{gradient}]"))


class OutlierExplorer(Explorer):
    """Move one outlier; see which loss's best constant follows it."""

    def __init__(self, outlier=11.0, delta=1.0):
        plot = plots.outliers(outlier, delta=delta)
        controls = {"outlier": _slider("outlier", *plots.OUTLIER_RANGE, float(outlier), step=0.1)}
        super().__init__(plot, controls)

    def update(self, control):
        self.plot.set_outlier(control.value)

    def readout_html(self):
        fits = self.plot.constants
        return _readout(("MSE fit (mean)", _fixed(fits["mse"])), ("MAE fit (median)", _fixed(fits["mae"])),
                        ("Huber fit", _fixed(fits["huber"])))


class _DescentExplorer(Explorer):
    """Learning-rate and steps sliders over a plot of gradient descent (`set_descent`, `descent`)."""

    def __init__(self, plot, learning_rate_slider, steps, max_steps):
        controls = {
            "learning rate": learning_rate_slider,
            "steps": widgets.IntSlider(value=steps, min=1, max=max_steps, description="steps",
                                       layout=_SLIDER_LAYOUT, style=_SLIDER_STYLE),
        }
        super().__init__(plot, controls)

    def update(self, control):
        self.plot.set_descent(self.controls["learning rate"].value, self.controls["steps"].value)

    def readout_html(self):
        descent = self.plot.descent
        if descent.diverged:
            message = f"diverged after {len(descent.w) - 1} steps: the learning rate is too large"
            return _readout(("L", _fixed(descent.losses[-1])), ("status", html.escape(message)))
        return _readout(*self.final_parameters(descent), ("L", _fixed(descent.losses[-1])))


class LandscapeExplorer(_DescentExplorer):
    """Learning rate and number of steps of gradient descent on a line's (w, b)."""

    def __init__(self, lr=0.15, steps=30):
        learning_rate = widgets.FloatLogSlider(
            value=lr, base=10, min=-3, max=np.log10(0.3), step=0.01, description="learning rate",
            readout_format=".3f", layout=_SLIDER_LAYOUT, style=_SLIDER_STYLE,
        )
        super().__init__(plots.landscape(lr, steps), learning_rate, steps, max_steps=100)

    @staticmethod
    def final_parameters(descent):
        return ("w", _fixed(descent.w[-1])), ("b", _fixed(descent.b[-1]))


class DescentExplorer(_DescentExplorer):
    """Learning rate and steps of gradient descent on one weight, on its loss curve."""

    def __init__(self, lr=0.1, steps=10):
        learning_rate = _slider("learning rate", 0.005, 0.35, lr, step=0.005)
        super().__init__(plots.weight_descent(lr, steps), learning_rate, steps, max_steps=40)

    @staticmethod
    def final_parameters(descent):
        return (("w", _fixed(descent.w[-1])),)


def explore(loss, **settings):
    """A slider explorer for `loss` (any entry of ``lv.LOSSES``).

    Cross-entropy gets a slider per logit, a true-class choice and the softmax
    bars; every other loss gets prediction and target sliders (a 0/1 choice
    for the binary losses, δ for Huber) over its loss curve and gradient.
    """
    if loss is cross_entropy:
        return CrossEntropyExplorer(**settings)
    return LossExplorer(loss, **settings)


def explore_outliers(outlier=11.0, delta=1.0):
    """Move an outlier and watch the MSE, MAE and Huber fits: only MSE's mean chases it."""
    return OutlierExplorer(outlier, delta)


def explore_descent(lr=0.1, steps=10):
    """Set the learning rate and steps of gradient descent on one weight: crawl, arrive, or diverge."""
    return DescentExplorer(lr, steps)


def explore_landscape(lr=0.15, steps=30):
    """Set the learning rate and steps of gradient descent, and watch its path on the loss landscape."""
    return LandscapeExplorer(lr, steps)
