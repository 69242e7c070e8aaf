"""What a loss promises: the facts each definition declares, so nothing has to guess them from its task.

A loss's contract says what its target may be (`Domain`), which prediction is best for a target,
whether each term is non-negative, whether the lowest loss is zero, and which reductions it takes.
`define_loss` checks the contract against the loss's own numbers when the loss is made; the generic
tests draw their inputs and choose their properties from it, `lv.analysis.best_constant` brackets its
search with it, and an explorer draws its target line where it says.
"""

import math
from typing import Callable, NamedTuple, Union

import numpy as np

from lossviz._arrays import REDUCTIONS  # what every loss takes
from lossviz._format import show

# A loss may add "batchmean": the sum divided by the length of the first axis (the batch).
KNOWN_REDUCTIONS = (*REDUCTIONS, "batchmean")


class Domain(NamedTuple):
    """The values a target may take: from `low` to `high`, both included, as `words` say."""

    low: float
    high: float
    words: str

    def holds(self, values):
        """Whether every value lies in the domain."""
        values = np.asarray(values)
        return bool(((values >= self.low) & (values <= self.high)).all())


ANY_NUMBER = Domain(-math.inf, math.inf, "any number")
COUNTS = Domain(0.0, math.inf, "counts, 0 or more")
PROBABILITIES = Domain(0.0, 1.0, "probabilities in [0, 1]")
LOG_PROBABILITIES = Domain(-math.inf, 0.0, "log-probabilities, 0 or less")

TargetDomain = Union[Domain, Callable[..., Domain]]
"""A `Domain`, or a function of the loss's options giving one (KL divergence's `log_target`)."""
BestPrediction = Callable[..., np.ndarray]
"""``best(target, **options)``: the prediction that minimises each element's loss for that target."""


def check_domain(array, name, domain, hint=""):
    """Refuse values outside `domain`, naming the argument, the domain and the first value outside it."""
    if not domain.holds(array):
        outside = array[(array < domain.low) | (array > domain.high)]
        raise ValueError(f"`{name}` must be {domain.words}; got {show(outside[0])} (min {show(array.min())}, "
                         f"max {show(array.max())}).{hint}")


def identity(target, **_options):
    """The best prediction of a loss that is lowest when the prediction equals the target."""
    return np.asarray(target, dtype=np.float64)


def refusal(name):
    """``refuse(field, needs, given)``: raise the error that names the definition, its field, what the field
    needs and what came (a function by its name, not its address)."""
    def refuse(field, needs, given):
        shown = getattr(given, "__name__", "a function") if callable(given) else repr(given)
        raise ValueError(f"define_loss({name}): `{field}` must be {needs}; got {shown}")

    return refuse


def check_contract(loss):
    """Refuse a contract that is incomplete or that the loss's own numbers contradict, naming the field."""
    refuse = refusal(loss.name)

    if not isinstance(loss.nonnegative, bool):
        refuse("nonnegative", "True or False: whether every element's loss is >= 0", loss.nonnegative)
    if not isinstance(loss.zero_minimum, bool):
        refuse("zero_minimum", "True or False: whether the lowest loss is 0 (reached or approached)", loss.zero_minimum)
    if loss.best_prediction is not None and not callable(loss.best_prediction):
        refuse("best_prediction", "a function best(target, **options) giving the prediction that minimises each "
                                  "element's loss, or None where none does (a score only approaches certainty)",
               loss.best_prediction)
    reductions = loss.reductions
    if not (isinstance(reductions, tuple) and set(REDUCTIONS) <= set(reductions) <= set(KNOWN_REDUCTIONS)):
        refuse("reductions", f"a tuple holding {REDUCTIONS}, and 'batchmean' where the loss has it", reductions)
    if loss.task in ("binary", "multiclass") and loss.target_domain is not None:
        refuse("target_domain", "None for a yes/no or a class loss: its targets are given by `target_labels` and "
                                "`soft_targets` (yes/no) or are classes", loss.target_domain)
    if loss.view == "curve" and loss.task not in ("binary", "multiclass"):
        domain = loss.target_domain_for()
        if not isinstance(domain, Domain):
            refuse("target_domain", "a Domain (lv.extend.ANY_NUMBER, COUNTS, PROBABILITIES ...), or a function of the "
                                    "options giving one: what a target may be", domain)
        low, high = loss.target_range
        if not domain.holds([low, high]):
            refuse("target_range", f"inside `target_domain` ({domain.words}): the target slider's ends", loss.target_range)
    _check_against_the_example(loss, refuse)


def _check_against_the_example(loss, refuse):
    """The contract's claims, tried at the loss's own example: a wrong claim fails here, not in a lesson."""
    pred, target = loss.example
    if loss.task == "multiclass":
        return
    low, high = loss.pred_range
    preds = np.linspace(low, high, 41)
    values = loss(preds, np.full(41, float(target)), reduction="none")
    lowest = int(values.argmin())
    where = f"{values[lowest]:.4g} at {loss.pred_text} = {preds[lowest]:.4g}"
    if loss.nonnegative and values[lowest] < 0:
        refuse("nonnegative", f"False: the loss is {where} at the example's target", True)
    if not loss.nonnegative and values[lowest] >= 0:
        refuse("nonnegative", f"True, or the example's target must show a negative term: the lowest on the "
                              f"prediction's range is {where}", False)
    best = loss.perfect_prediction(target)
    if best is None:
        # No best point: a loss whose lowest is 0 approaches it on the range (a score growing certain).
        if loss.nonnegative and not loss.zero_minimum and values[lowest] <= 1e-3 * values.max():
            refuse("zero_minimum", f"True: the loss falls to {where}, toward 0", False)
        return
    domain_low, domain_high = loss.pred_domain
    if not domain_low <= best <= domain_high:
        refuse("best_prediction", f"a prediction the loss accepts, in {loss.pred_domain}: for the example's target "
                                  f"{target:g} it gives {best:.4g}", loss.best_prediction)
    at_best, slope = (float(each) for each in loss.value_and_grad(np.float64(best), np.float64(target), reduction="none"))
    if domain_low < best < domain_high and abs(slope) > 1e-9 * (1 + abs(at_best)):
        refuse("best_prediction", f"where the slope is 0, the bottom of the loss: at {loss.pred_text} = {best:.4g} (its "
                                  f"best for the example's target {target:g}) the slope is {slope:.4g}; use None if no "
                                  f"prediction is best on its own", loss.best_prediction)
    if (values < at_best - 1e-12 * (1 + abs(at_best))).any():
        refuse("best_prediction", f"the lowest point: the loss at {best:.4g} is {at_best:.4g}, but {where}; use None if "
                                  f"no prediction is best on its own", loss.best_prediction)
    if loss.zero_minimum != (at_best == 0):
        refuse("zero_minimum", f"{bool(at_best == 0)}: the loss at the best prediction {best:.4g} is {at_best:.4g}",
               loss.zero_minimum)
