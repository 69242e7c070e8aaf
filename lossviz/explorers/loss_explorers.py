"""Explorers of one loss, built from its definition: a prediction over the loss curve and its
gradient (`LossExplorer`), or class scores over softmax bars (`ClassesExplorer`)."""



from typing import Union

import numpy as np

from lossviz.pictures import class_bars, plots
from lossviz._format import fixed
from lossviz.losses import LOSSES, Loss
from lossviz.palette import COLOURS
from lossviz.explorers.base import Explorer, _style, _table
from lossviz.explorers.controls import _checked, _choice_spec, _nearest, _said, _slider_spec, _start
from lossviz.explorers.specs import ClassesSpec, ControlSpec, CurveSpec, Geometry


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


def _option_names(loss) -> list[str]:
    return list(loss.sliders)


def _curve_geometry(loss) -> Geometry:
    """The sizes lossviz's matplotlib curve takes, for the browser's."""
    low, high = loss.pred_range
    return {"loss_room": plots.LOSS_ROOM, "tangent_half": plots.TANGENT_HALF * (high - low), "tangent_rise": plots.TANGENT_RISE,
            "arrow": plots.ARROW_LENGTH * (high - low), "arrow_height": plots.ARROW_HEIGHT, "gradient_margin": plots.GRADIENT_MARGIN}


def _class_choice(name, classes):
    return _choice_spec(name, [(f"class {index}", index) for index in range(classes)])


class LossExplorer(Explorer[Union[plots.LossAndGradient, plots.LossCurve]]):
    """Prediction and target sliders, and one slider per option, over the loss curve and (unless
    `gradient_panel` is False) its gradient beside it."""

    def __init__(self, loss, pred=None, target=None, *, gradient_panel=True, **options):
        self.loss = _checked_loss(loss)
        formula = loss.js
        if not isinstance(gradient_panel, bool):
            raise TypeError(f"`gradient_panel` must be True or False; got {_said(gradient_panel)}")
        example_pred, example_target = loss.example
        target = example_target if target is None else target
        scores = None
        if loss.task == "multiclass":  # the true class's score moves, the others stay at the example's
            scores = list(example_pred)
            target = _checked(_class_choice("target", len(scores)), target)
            example_pred = scores[target]
        controls: list[ControlSpec] = [_slider_spec("prediction", *loss.pred_range)]
        # A target over a range (regression, a distribution's) gets a slider, one of a few labels a choice.
        if loss.target_range is not None:
            controls.append(_slider_spec("target", *loss.target_range))
        elif loss.target_labels is not None:
            controls.append(_choice_spec("target", [(f"y = {label:g}", float(label)) for label in loss.target_labels]))
        # The targets the picture may show: those its control takes, or the one.
        target_control = controls[-1] if len(controls) > 1 else None
        targets = ([target] if target_control is None else target_control["positions"] if target_control["kind"] == "slider"
                   else [value for _, value in target_control["options"]])
        controls += _option_sliders(loss)
        state = _start(controls, {"prediction": example_pred if pred is None else pred, "target": target,
                                  **_slider_options(loss, options, ("pred", "target", "gradient_panel"))}, {"prediction": "pred"})
        target = state.get("target", target)
        start = (loss, target, state["prediction"])
        slider_options = {name: state[name] for name in loss.sliders}
        plot = (plots.loss_and_gradient(*start, scores=scores, **slider_options) if gradient_panel
                else plots.loss_curve(*start, scores=scores, **slider_options))
        perfect = [None if at is None else float(at) for at in map(loss.perfect_prediction, targets)]
        low, high = loss.pred_range
        spec: CurveSpec = {
            "controls": controls, "style": _style(plot.figure, False), "option_names": _option_names(loss),
            "labels": {"x": f"{loss.pred_words} {loss.pred_text}", "pred_text": loss.pred_text,
                       "pred_words": loss.pred_words, "gradient": f"gradient ∂L/∂{loss.pred_text}",
                       "title": f"{loss.title}: {loss.pred_text} moves, the loss follows", "target": f"true class {target}"},
            "colours": {"curve": loss.colour, "grey": COLOURS["grey"], "orange": COLOURS["orange"],
                        "vermillion": COLOURS["vermillion"], "black": COLOURS["black"]},
            "geometry": _curve_geometry(loss), "pred_range": list(loss.pred_range),
            "pred_decimals": controls[0]["decimals"], "points": plots.CURVE_POINTS,
            "target": target, "target_decimals": 0 if target_control is None else target_control["decimals"],
            # The dashed line at each target's best prediction, named where it is inside the prediction's range.
            "targets": _table(targets), "target_line_at": _table([np.nan if at is None else at for at in perfect]),
            "target_line_names": [plots.target_line_name(loss, each) if at is not None and low <= at <= high else ""
                                  for each, at in zip(targets, perfect)],
            "gradient_limits": loss.gradient_limits and list(loss.gradient_limits), "gradient_panel": gradient_panel,
        }
        super().__init__("curve", plot, spec, state, formula=formula)

    @property
    def curve(self) -> plots.LossCurve:
        """The loss curve of the picture (its gradient is drawn beside it, unless `gradient_panel` is False)."""
        plot = self._open()
        return plot.curve if isinstance(plot, plots.LossAndGradient) else plot

    def draw(self, values, moved=None):
        plot, curve = self._open(), self.curve
        if moved != "prediction":  # a new target or option redraws the whole curve
            options = {name: values[name] for name in self.loss.sliders}
            plot.set_target(values.get("target", curve.target), scores=curve.scores, **options)
        plot.set_pred(values["prediction"])

    def readout_pairs(self):
        curve = self.curve
        return ("L", fixed(curve.value)), (f"∂L/∂{self.loss.pred_text}", fixed(curve.slope))

    def snapshot_settings(self):
        """A target on a slider: far below, just below, on and above its best prediction (outside and
        inside Huber's δ). Yes/no labels: each label (the one set now first) with the prediction near
        either end of its range, confidently wrong and confidently right. The others: four points
        across the prediction's range."""
        slider = self.controls["prediction"]
        across = [slider.min + fraction * (slider.max - slider.min) for fraction in (0.1, 0.35, 0.65, 0.9)]
        best = self.loss.perfect_prediction(self.controls["target"].value) if "target" in self.controls else None
        if self.loss.target_labels is not None:
            now = self.controls["target"].value
            labels = [now, *(label for label in self.loss.target_labels if label != now)]
            settings = [{"prediction": pred, "target": label} for label in labels for pred in (across[0], across[-1])]
        elif best is not None:
            settings = [{"prediction": best + offset} for offset in (-2.5, -0.5, 0.0, 1.5)]
        else:
            settings = [{"prediction": pred} for pred in across]
        return [{**setting, "prediction": _nearest(slider.positions, min(max(setting["prediction"], slider.min), slider.max))}
                for setting in settings]


def _class_scores(logits):
    """`logits` as a list, one score per class (each is checked against its slider), or an error."""
    scores = logits.tolist() if hasattr(logits, "tolist") else logits  # a NumPy array, a tensor
    if not isinstance(scores, (list, tuple)):
        raise TypeError(f"`logits` must be a list of class scores, one number per class; got {_said(logits)}")
    if len(scores) < 2:
        raise ValueError(f"`logits` must hold a score for each of at least two classes; got {_said(logits)}")
    return list(scores)


class ClassesExplorer(Explorer[class_bars.ClassesPanel]):
    """One slider per class score, a true-class choice and the loss's option sliders, over
    softmax bars and the gradient per class."""

    def __init__(self, loss, logits=None, true_class=None, **options):
        self.loss = _checked_loss(loss)
        formula = loss.js
        example_logits, example_class = loss.example
        scores = _class_scores(example_logits if logits is None else logits)
        low, high = loss.pred_range
        controls: list[ControlSpec] = [_slider_spec(f"logit {index}", low, high, label=f"logit z{class_bars.subscript(index)}")
                                       for index in range(len(scores))]
        controls.append(_class_choice("true class", len(scores)))
        controls += _option_sliders(loss)
        given = {**{f"logit {index}": score for index, score in enumerate(scores)},
                 "true class": example_class if true_class is None else true_class,
                 **_slider_options(loss, options, ("logits", "true_class"))}
        state = _start(controls, given, {**{f"logit {index}": f"logits[{index}]" for index in range(len(scores))},
                                         "true class": "true_class"})
        plot = class_bars.cross_entropy_panel([state[f"logit {index}"] for index in range(len(scores))], state["true class"],
                                         loss=loss, **{name: state[name] for name in loss.sliders})
        classes = range(len(scores))
        spec: ClassesSpec = {
            "controls": controls, "style": _style(plot.figure, False), "classes": len(scores),
            "option_names": _option_names(loss), "option_defaults": {name: loss.options[name] for name in loss.sliders},
            "labels": {"probability": "probability p", "probability_title": "softmax of the logits", "gradient_title": "∂L/∂z per class",
                       "gradient_plain": "p − onehot(y)", "gradient_options": "p − smoothed target"},
            "colours": {"orange": COLOURS["orange"], "sky": COLOURS["sky"], "black": COLOURS["black"]},
            "class_names": [class_bars.class_name(index, None) for index in classes],
            "true_names": [class_bars.class_name(index, index) for index in classes],
            "surprises": [class_bars.surprise_text(index) for index in classes],
            # A bar's width beyond the end bars' centres.
            "xlim": [-class_bars.BAR_WIDTH, len(scores) - 1 + class_bars.BAR_WIDTH], "bar_width": class_bars.BAR_WIDTH,
            "probability_limits": list(class_bars.PROBABILITY_LIMITS), "gradient_limits": list(class_bars.CLASS_GRADIENT_LIMITS),
        }
        super().__init__("classes", plot, spec, state, formula=formula)

    def draw(self, values, moved=None):
        plot = self._open()
        logits = [values[f"logit {index}"] for index in range(len(plot.logits))]
        plot.update(logits, values["true class"], **{name: values[name] for name in self.loss.sliders})

    def readout_pairs(self):
        panel = self._open()
        return ("L", fixed(panel.value)), ("p", fixed(panel.probabilities)), ("∂L/∂z", fixed(panel.gradient))

    def snapshot_settings(self):
        """The true class's logit far below the others (confidently wrong), all logits equal
        (unsure), as set now, and far above (confidently right)."""
        true_logit = f"logit {self.controls['true class'].value}"
        equal = {name: 0.0 for name in self.controls if name.startswith("logit")}
        return [{true_logit: -2.0}, equal, {}, {true_logit: 4.0}]
