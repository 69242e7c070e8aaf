"""The `Loss` object, the `define_loss` decorator and the registry `LOSSES`.

A loss is defined once, as a function returning its `Terms`: the loss of each
element (what ``reduction="none"`` gives), the gradient of their sum with
respect to the first argument, and what ``reduction="mean"`` divides by.
`define_loss` turns that function into a `Loss` (call it for the value,
``.grad`` for the gradient) carrying every fact that plots, explorers and tests
need about it, and adds it to `LOSSES`. Nothing outside a loss's definition
knows anything about that loss: adding a loss is writing one definition.
"""

import inspect
import math
import re
from typing import Any, Callable, Literal, NamedTuple, Union, overload

import numpy as np
import numpy.typing as npt

from lossviz import _arrays, _contract
from lossviz.palette import next_colour

TASKS = ("regression", "binary", "multiclass", "distribution")

Data = Union[npt.ArrayLike, Any]
"""What a loss takes as data: a number, a (nested) list, a NumPy array or a torch tensor."""
Reduction = Literal["mean", "sum", "none", "batchmean"]

LOSSES = {}
"""Every loss, by name, in the order defined: the one list that plots, explorers and tests iterate over."""


class Terms(NamedTuple):
    """What a loss definition returns; `Loss` applies the reduction."""

    values: np.ndarray
    """The loss of each element (of each sample, for the multiclass losses)."""
    grad: Callable[[float], np.ndarray]
    """``grad(scale)``: scale times the gradient of ``values.sum()`` with respect to
    the first argument (the scale is 1 / denominator for "mean": folding it in
    saves a pass over large arrays). Pure: it may be called any number of times."""
    denominator: float
    """What ``reduction="mean"`` divides the sum by."""


class Slider(NamedTuple):
    """How an explorer offers one keyword option of a loss: its symbol and range."""

    symbol: str
    """How the lessons write it (δ, γ, τ ...)."""
    low: float
    high: float
    step: float


class Loss:
    """A loss function with its gradient and every fact that describes it.

    ``loss(pred, target, reduction="mean", **options)`` gives the value: a
    Python float for "mean" and "sum", a NumPy array for "none".
    ``loss.grad(...)`` takes the same arguments and gives dL/d(first argument)
    as an array shaped like it, in its dtype when it is float32 (as PyTorch's
    autograd does); for "none" it is each element's own derivative (the
    gradient of the sum).

    Metadata (all set in the definition; see `define_loss`): `name`, `title`,
    `short_name`, `task`, `formula`, `grad_formula`, `pytorch`, `colour`,
    `pred_symbol`, `pred_text`, `pred_words`, `pred_range`, `pred_domain`,
    `target_range`, `target_labels`, `soft_targets`, `gradient_limits`, `sliders`, `example`,
    `best_constant`, `view`, `js`; `options` is read from the signature.

    The contract (see `lossviz._contract`), also declared in the definition and checked when the
    loss is made: `target_domain`, `best_prediction`, `nonnegative`, `zero_minimum`, `reductions`.
    """

    def __init__(self, terms, *, name, title, short_name, task, formula, grad_formula, pytorch,
                 pred_symbol, pred_text, pred_words, pred_range, example, best_prediction, nonnegative, zero_minimum,
                 target_domain=None, reductions=_contract.REDUCTIONS, colour=None, target_range=None, target_labels=None,
                 soft_targets=False, pred_domain=(-math.inf, math.inf), gradient_limits=None, sliders=None, reference=None,
                 best_constant=None, view="curve", js):
        self._terms = terms
        self._pred_domain: Union[tuple[float, float], Callable[..., tuple[float, float]]] = pred_domain
        _check_definition(name, task=task, pytorch=pytorch, reference=reference, pred_range=pred_range,
                          pred_domain=self.pred_domain_for(), target_range=target_range, target_labels=target_labels,
                          sliders=sliders or {}, example=example, js=js)
        self.__name__ = self.__qualname__ = name
        self.__doc__ = terms.__doc__
        self.__module__ = terms.__module__
        self.name, self.title, self.short_name, self.task = name, title, short_name, task
        self.formula, self.grad_formula = formula, grad_formula
        self.pytorch = pytorch
        """The PyTorch equivalent as a learner would write it (a ``torch.nn`` class, or code)."""
        self._reference = reference
        self.colour = colour or next_colour([loss.colour for loss in LOSSES.values() if loss.task == task])
        """Its colour in every picture: named in the definition, or the palette's next one that no loss of
        its task has (losses of one task share pictures)."""
        self.pred_symbol = pred_symbol
        """The prediction's symbol in LaTeX (``\\hat y``, ``p``, ``z``)."""
        self.pred_text = pred_text
        """The same symbol in plain Unicode (ŷ), for text that is not mathtext."""
        self.pred_words = pred_words
        """What the prediction is, in words ("prediction", "predicted probability" ...)."""
        self.pred_range = pred_range
        """The range a prediction slider and a curve cover."""
        self.target_range = target_range
        """The range of a target slider (regression); None for the other tasks."""
        self.target_labels = target_labels
        """The two labels of a yes/no task, e.g. (0.0, 1.0) or (-1.0, 1.0); None for the other tasks."""
        self.soft_targets = soft_targets
        """Whether targets between the labels are accepted: soft labels (binary), or class
        probabilities shaped like the scores (multiclass)."""
        self.gradient_limits = gradient_limits
        """Where a gradient plot cuts off a slope that blows up (BCE's 1/p), or None."""
        self.sliders = dict(sliders or {})
        """Each keyword option an explorer offers a slider for, as a `Slider`."""
        self.example = example
        """(prediction, target) that the pictures start from."""
        self.best_constant = best_constant
        """What the constant that minimises the loss over a data set is called ("the mean"), if it has a name."""
        self.view = view
        """The explorer's picture: "curve" (loss and gradient over the prediction) or "classes"
        (softmax bars of every class's score)."""
        self.js = js
        """The per-element loss and gradient in JavaScript, for the explorer that draws in the browser:
        an object literal ``{value: (p, y, options) => ..., grad: (p, y, options) => ...}`` (for the
        "classes" view ``(z, k, options)``, z the scores and k the true class). A browser test checks it
        against this definition's own numbers at many slider positions."""
        self.target_domain = target_domain
        """What a target may be (a `Domain`, or a function of the options giving one); None for labels and classes."""
        self.best_prediction = best_prediction
        """``best(target, **options)``: the prediction that minimises each element's loss, or None where none does."""
        self.nonnegative = nonnegative
        """Whether every element's loss is >= 0 (a KL divergence's terms are not; their sum over a distribution is)."""
        self.zero_minimum = zero_minimum
        """Whether the lowest loss is 0, reached at the best prediction or approached (Poisson's is not 0)."""
        self.reductions = tuple(reductions)
        """The reductions it takes: "mean", "sum", "none", and "batchmean" where PyTorch has it."""
        signature = inspect.signature(terms)
        self._positional = [parameter.name for parameter in signature.parameters.values()
                            if parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
        reduction = inspect.Parameter("reduction", inspect.Parameter.KEYWORD_ONLY, default="mean")
        self.__signature__ = signature.replace(parameters=[*signature.parameters.values(), reduction])
        unknown = set(self.sliders) - set(self.options)
        if unknown:
            raise ValueError(f"{name}: `sliders` names {sorted(unknown)}, which are not keyword options of the loss")
        _contract.check_contract(self)

    @property
    def options(self):
        """The keyword options this loss takes beyond `reduction`, with their defaults."""
        return _defaults(self._terms)

    @property
    def axis_label(self):
        """The prediction axis's label in the lesson's notation: "prediction $\\hat y$"."""
        return f"{self.pred_words} ${self.pred_symbol}$"

    @property
    def pred_domain(self):
        """Every prediction the loss accepts with its default options (a probability lies in [0, 1])."""
        return self.pred_domain_for()

    def pred_domain_for(self, **options):
        """Every prediction the loss accepts with these options, (low, high): a definition gives the
        pair, or a function of the options giving it (Poisson's rate is a log only with `log_input`)."""
        domain = self._pred_domain
        low, high = domain(**{**self.options, **options}) if callable(domain) else domain
        return float(low), float(high)

    def target_domain_for(self, **options):
        """What a target may be with these options (a `Domain`), or None for labels and classes."""
        domain = self.target_domain
        return domain(**{**self.options, **options}) if callable(domain) else domain

    def perfect_prediction(self, target, **options):
        """The best prediction for `target` (the contract's `best_prediction`) as a float: the target
        itself for most regression losses, log y for Poisson's log rate, the label for a probability;
        None where a score only approaches it (logits, Poisson's log rate of a zero count), no element
        has a best of its own (KL divergence) or the target is a class."""
        if self.best_prediction is None:
            return None
        with np.errstate(divide="ignore"):
            best = float(self.best_prediction(np.float64(target), **{**self.options, **options}))
        return best if math.isfinite(best) else None

    # What editors see (pyright, Pylance): the two data arguments, then keyword-only options;
    # "mean" and "sum" give a float, "none" an array.
    @overload
    def __call__(self, pred: Data, target: Data, /, *, reduction: Literal["mean", "sum"] = ..., **options: Any) -> float: ...
    @overload
    def __call__(self, pred: Data, target: Data, /, *, reduction: Literal["none"], **options: Any) -> np.ndarray: ...

    def __call__(self, *args, reduction="mean", **options):
        terms = self._evaluate(args, reduction, options)
        return self._value(terms, reduction, args)

    def grad(self, *args: Data, reduction: Reduction = "mean", **options: Any) -> np.ndarray:
        """dL/d(first argument), shaped like it; same arguments as the loss."""
        return self._gradient(self._evaluate(args, reduction, options), reduction, args)

    @overload
    def value_and_grad(self, pred: Data, target: Data, /, *, reduction: Literal["mean", "sum"] = ...,
                       **options: Any) -> tuple[float, np.ndarray]: ...
    @overload
    def value_and_grad(self, pred: Data, target: Data, /, *, reduction: Literal["none"],
                       **options: Any) -> tuple[np.ndarray, np.ndarray]: ...

    def value_and_grad(self, *args, reduction="mean", **options):
        """``(loss(...), loss.grad(...))`` from one validation and one pass: what a slider needs."""
        terms = self._evaluate(args, reduction, options)
        return self._value(terms, reduction, args), self._gradient(terms, reduction, args)

    def torch(self, pred: Data, target: Data, *, reduction: Reduction = "mean", **options: Any) -> Any:
        """The same loss computed by PyTorch, a tensor out: the reference that parity tests and
        notebooks compare with. Takes what the loss takes (numbers, lists, NumPy arrays or
        tensors; a tensor is used as it is, so autograd can follow it). Imports torch on first use."""
        torch = import_torch(f"{self.name}.torch()")
        pred, target, options = _as_tensors(torch, pred, target, options)
        if self._reference is not None:
            return self._reference(pred, target, reduction=reduction, **{**self.options, **options})
        module = getattr(torch.nn, self.pytorch.removeprefix("torch.nn."))
        return module(reduction=reduction, **options)(pred, target)

    def _evaluate(self, args, reduction, options):
        _arrays.check_reduction(reduction, self.reductions)
        self._check_positional(args)
        terms = self._terms(*args, **options)
        if reduction == "mean" and terms.denominator == 0:
            # PyTorch returns NaN here; a learner is better served by the reason.
            raise ValueError(
                f"{self.name}: the mean is undefined because every target is ignored "
                f"(equals `ignore_index`) or has weight 0; use reduction='sum' or fix the targets."
            )
        return terms

    def _check_positional(self, args):
        """Only the data are positional; an option by position gets a message that says so."""
        positional = self._positional
        if len(args) > len(positional):
            options = ", ".join(f"{name}=..." for name in [*self.options, "reduction"])
            raise TypeError(
                f"{self.name}() takes {len(positional)} positional arguments ({', '.join(positional)}) but "
                f"{len(args)} were given; its options are keyword-only: write "
                f"{self.name}({', '.join(positional)}, {options})."
            )

    @staticmethod
    def _denominator(terms, reduction, args):
        """What "mean" divides by (the definition's), or for "batchmean" the length of the first axis."""
        if reduction != "batchmean":
            return terms.denominator
        return np.shape(terms.values)[0] if np.ndim(terms.values) else 1

    @classmethod
    def _value(cls, terms, reduction, args):
        values = terms.values
        # NumPy 1 promotes 0-d float32 arithmetic with Python floats to float64 (NumPy 2 does not;
        # arrays of one or more dimensions keep float32 under both): the elements of a float32
        # computation are float32 under both. Only a 0-d result pays for reading the arguments again.
        if reduction == "none" and values.ndim == 0 and values.dtype != np.float32 \
                and _arrays.computes_in_float32(*args[:2]):
            values = values.astype(np.float32)
        return _arrays.reduce(values, reduction, cls._denominator(terms, reduction, args))

    @classmethod
    def _gradient(cls, terms, reduction, args):
        scale = 1.0 / float(cls._denominator(terms, reduction, args)) if reduction in ("mean", "batchmean") else 1.0
        gradient = np.asarray(terms.grad(scale))  # 0-d arithmetic gives NumPy scalars
        # A float32 prediction gets a float32 gradient even beside a float64 target, as in PyTorch.
        if _arrays.is_float32(args[0]) and gradient.dtype != np.float32:
            gradient = gradient.astype(np.float32)
        return gradient

    def __repr__(self):
        return f"<loss {self.name}: {self.title} ({self.pytorch})>"


def _defaults(terms):
    """The keyword-only options of a loss's definition, with their defaults."""
    return {parameter.name: parameter.default for parameter in inspect.signature(terms).parameters.values()
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY}


def import_torch(needed_by):
    """torch, imported on first use (lossviz runs without it), or an error that says how to get it."""
    try:
        import torch
    except ImportError:
        raise ImportError(
            f"{needed_by} computes the loss with PyTorch, which is not installed. "
            f"Install lossviz with its PyTorch extra: pip install 'lossviz[torch]'."
        ) from None
    return torch


def _as_tensors(torch, pred, target, options):
    """`pred`, `target` and array-valued options as tensors, in the dtypes lossviz computes in.

    A float32 prediction keeps float32, anything else is float64; an integer target that is not
    shaped like the prediction holds class indices (int64, as PyTorch wants them)."""
    def tensor(value, dtype):
        return value if isinstance(value, torch.Tensor) else torch.as_tensor(np.asarray(value), dtype=dtype)

    pred_dtype = pred.dtype if isinstance(pred, torch.Tensor) else (
        torch.float32 if _arrays.is_float32(np.asarray(pred)) else torch.float64)
    if not isinstance(target, torch.Tensor):
        target = np.asarray(target)
        indices = target.dtype.kind in "iu" and target.shape != np.shape(pred)
        target = torch.as_tensor(target, dtype=torch.int64 if indices else pred_dtype)
    pred = tensor(pred, pred_dtype)
    options = {key: tensor(value, pred_dtype) if isinstance(value, (list, tuple, np.ndarray)) else value
               for key, value in options.items()}
    return pred, target, options


def _interval(value):
    """Whether `value` is (low, high): two finite numbers, low below high."""
    return (isinstance(value, (tuple, list)) and len(value) == 2
            and all(isinstance(end, (int, float)) and math.isfinite(end) for end in value) and value[0] < value[1])


def _check_definition(name, *, task, pytorch, reference, pred_range, pred_domain, target_range, target_labels,
                      sliders, example, js):
    """Refuse a definition that would fail later (an explorer with no target slider, a PyTorch
    reference that cannot resolve), naming the field and what it needs."""
    refuse = _contract.refusal(name)

    if task not in TASKS:
        refuse("task", f"one of {TASKS}", task)
    if not _interval(pred_range):
        refuse("pred_range", "(low, high), two finite numbers with low < high (the prediction slider's ends)", pred_range)
    if not pred_domain[0] <= pred_range[0] < pred_range[1] <= pred_domain[1]:
        refuse("pred_range", f"inside `pred_domain` {pred_domain}, the predictions the loss accepts", pred_range)
    if task in ("regression", "distribution") and not _interval(target_range):
        refuse("target_range", "(low, high) for a loss whose target is a number (the target slider's ends)", target_range)
    if task == "binary" and not (isinstance(target_labels, (tuple, list)) and len(target_labels) == 2):
        refuse("target_labels", "the two labels of a yes/no loss, such as (0.0, 1.0)", target_labels)
    if reference is None and not re.fullmatch(r"torch\.nn\.[A-Z]\w*Loss", str(pytorch)):
        refuse("pytorch", "a torch.nn loss class such as 'torch.nn.L1Loss' (or give `reference=`, a function that "
                          "computes the loss in torch, as the built-in losses with no torch.nn class do)", pytorch)
    for option, slider in sliders.items():
        if not isinstance(slider, Slider) or not slider.low < slider.high or not slider.step > 0:
            refuse(f"sliders['{option}']", "a Slider(symbol, low, high, step) with low < high and step > 0", slider)
    if not (isinstance(example, (tuple, list)) and len(example) == 2):
        refuse("example", "(prediction, target), where the pictures start", example)
    if not (isinstance(js, str) and "value" in js and "grad" in js):
        refuse("js", "the per-element loss and gradient in JavaScript, '{value: (p, y, options) => ..., "
                     "grad: (p, y, options) => ...}' (lv.mse.js shows the form): the explorer draws from it", js)


def define_loss(**metadata: Any) -> Callable[[Callable[..., Terms]], Loss]:
    """Decorator: turn a function returning `Terms` into a `Loss` and add it to `LOSSES`.

    The keyword arguments are the loss's metadata (see `Loss`); a name already
    in `LOSSES` is refused.
    """
    def register(terms):
        made = Loss(terms, **metadata)
        if made.name in LOSSES:
            raise ValueError(f"a loss named {made.name!r} is already defined ({LOSSES[made.name]!r})")
        LOSSES[made.name] = made
        return made

    return register


def scaled(array, scale):
    """`array` times `scale`, skipping the pass over the array when the scale is 1."""
    return array if isinstance(scale, float) and scale == 1.0 else array * scale


def matching_floats(pred, pred_name, target, target_name):
    """Two float arrays of one dtype and exactly one shape."""
    pred_array = _arrays.as_array(pred, pred_name)
    target_array = _arrays.as_array(target, target_name)
    dtype = _arrays.float_dtype(pred_array, target_array)
    pred_array = _arrays.as_floats(pred_array, pred_name, dtype)
    target_array = _arrays.as_floats(target_array, target_name, dtype)
    _arrays.check_same_shape(pred_array, pred_name, target_array, target_name)
    return pred_array, target_array


def log_sigmoid(z):
    """log σ(z) = min(z, 0) − log(1 + e^−|z|): the overflow-free form (e^−|z| never exceeds 1)."""
    return np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))


def torch_reduce(values, reduction):
    """A reduction applied to a tensor, for the PyTorch references of losses with no ``torch.nn`` class."""
    return {"mean": values.mean, "sum": values.sum, "none": lambda: values}[reduction]()
