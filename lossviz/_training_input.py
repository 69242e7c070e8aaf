"""What `lossviz.training` takes, checked: every refusal names the argument, what it must be and what came.

Each check gets the training loss's entry (a `TrainingLoss`) and its name, so that this module needs
nothing of `training` itself.
"""

import math
import numbers

import numpy as np

from lossviz import _arrays
from lossviz._format import show
from lossviz.training_data import MAX_SEED, PRESETS, Dataset

MODELS = ("linear", "network")
DEFAULT_HIDDEN = 4
MAX_HIDDEN = 8
MAX_STEPS = 100_000


def model_name(model):
    if isinstance(model, str) and model in MODELS:
        return model
    raise ValueError(f"`model` must be one of {', '.join(map(repr, MODELS))}; got {model!r}.")


def hidden_units(model, hidden):
    """The network's hidden units (None: `DEFAULT_HIDDEN`); None for the linear model, which refuses any."""
    if model == "network":
        return DEFAULT_HIDDEN if hidden is None else _arrays.whole_number_in(hidden, "hidden", 1, MAX_HIDDEN)
    if hidden is not None:
        raise ValueError(f"`hidden` sets the network's hidden units, and the linear model has none; got hidden={show(hidden)}. "
                         f"Leave it out, or pass model='network'.")
    return None


def seed(value):
    return _arrays.whole_number_in(value, "seed", 0, MAX_SEED)


def steps(value):
    return _arrays.whole_number_in(value, "steps", 1, MAX_STEPS)


def options(entry, loss, given):
    """The options as the registry loss takes them: each one number (or None where its default is None).
    Their ranges are the registry loss's to check: it names the option too."""
    defaults = entry.loss.options
    for name, value in given.items():
        if name not in entry.options:
            takes = f"takes {', '.join(entry.options)}" if entry.options else "takes no options"
            raise TypeError(f"`{name}` is not an option of the training loss {loss!r}, which {takes}.")
        if not (value is None and defaults[name] is None) and (isinstance(value, bool) or not isinstance(value, numbers.Real)):
            raise TypeError(f"`{name}` must be a number; got {type(value).__name__} {show(value)}.")
    return given


def data(data_or_X, labels):
    """(X, labels, (held-out X, held-out labels) or None), from a `Dataset` or from X and labels."""
    if isinstance(data_or_X, Dataset):
        if labels is not None:
            raise ValueError("`labels` come with the Dataset; pass labels=None (or pass X and labels instead).")
        heldout = None if data_or_X.heldout_X is None else (data_or_X.heldout_X, data_or_X.heldout_labels)
        return data_or_X.X, data_or_X.labels, heldout
    if isinstance(data_or_X, str):
        hint = f"Pass dataset({data_or_X!r})." if data_or_X in PRESETS else f"The presets are {', '.join(map(repr, PRESETS))}."
        raise TypeError(f"`data_or_X` must be a Dataset or points X of shape (N, 2); got the string {data_or_X!r}. {hint}")
    if labels is None:
        raise ValueError("`labels` are missing: with points X, pass their labels too (or pass a Dataset).")
    return data_or_X, labels, None


def points(X, name):
    """float64 points of shape (N, 2), N >= 2, all finite."""
    values = _arrays.as_floats(X, name, np.float64)
    if values.ndim != 2 or values.shape[1] != 2:
        hint = f" Did you mean `{name}.T`?" if values.ndim == 2 and values.shape[0] == 2 else ""
        raise ValueError(f"`{name}` must be points in the plane, of shape (N, 2); got shape {values.shape}.{hint}")
    if len(values) < 2:
        raise ValueError(f"`{name}` must hold at least 2 points; got {len(values)}.")
    return values


def scores(given, name, outputs, loss):
    """float64 scores, all finite, as the model gives them: (N,) for one score a point (`outputs` 1), (N, outputs)
    beyond; returned as (N, outputs). (An empty array is refused by `as_floats`.)"""
    values = _arrays.as_floats(given, name, np.float64)
    shape, words = ("(N,)", "one score per point") if outputs == 1 else (f"(N, {outputs})", f"{outputs} scores per point")
    if values.ndim == 0 or values.shape[1:] != (() if outputs == 1 else (outputs,)):
        hint = f" Did you mean `{name}.ravel()`?" if outputs == 1 and values.ndim == 2 and values.shape[1] == 1 else ""
        raise ValueError(f"`{name}` must be {words}, shape {shape}, for the training loss {loss!r}; "
                         f"got shape {values.shape}.{hint}")
    return values.reshape(len(values), outputs)


def labels(given, name, count, entry, loss):
    """The labels as int64, one per point, each a class the training loss knows (0 .. classes - 1)."""
    given = _arrays.as_array(given, name)
    values = _arrays.as_floats(given, name, np.float64)
    if values.shape != (count,):
        hint = f" Did you mean `{name}.ravel()`?" if values.shape == (count, 1) else ""
        raise ValueError(f"`{name}` must hold one label per point, shape ({count},); got shape {values.shape}.{hint}")
    outside = ~np.isin(values, np.arange(entry.classes))
    if outside.any():
        words = "0 or 1 (a yes/no loss)" if entry.classes == 2 else f"class indices 0 to {entry.classes - 1}"
        turned = "" if entry.targets in (None, (0.0, 1.0)) else f" (it turns them into {entry.targets[0]:g} and {entry.targets[1]:g} itself)"
        hint = " For three classes, train with loss='cross_entropy'." if entry.classes == 2 and values.max() == 2 else ""
        raise ValueError(f"`{name}` must be {words} for the training loss {loss!r}{turned}; got {show(given[outside][0])}.{hint}")
    return values.astype(np.int64)


def params(given, layout, model, loss):
    """A flat float64 vector of as many numbers as the model's `layout` holds, all finite."""
    values = _arrays.as_floats(given, "params", np.float64)
    size = sum(math.prod(shape) for _, shape in layout)
    if values.shape != (size,):
        order = ", ".join(f"{name} {shape}" for name, shape in layout)
        raise ValueError(f"`params` must be a flat vector of {size} numbers for model={model!r} with loss={loss!r} "
                         f"({order}, in that order); got shape {values.shape}.")
    return values
