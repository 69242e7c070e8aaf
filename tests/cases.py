"""Valid random inputs for every loss in the registry, derived from its metadata, and the exact arbiter.

A case is ``(args, options)``: positional arguments (prediction first, then
target) and keyword options, all NumPy, drawn from a seeded generator so that
every run checks the same inputs. The generators name no loss: they read its
contract. The options come first (each slider's, each yes/no option either way,
and for the options several losses share, such as `weight`, what that option
means); then the prediction from the loss's `pred_domain_for` those options,
the target from its `target_domain_for` them (a number), or its
`target_labels` and `soft_targets` (a label), or the classes of the scores.
`random_case` draws ordinary inputs, `extreme_case` inputs at the edges.

What does name each loss is its hand-picked edge cases (`MORE_EXTREME_CASES`)
and its exact value and gradient in 60-digit arithmetic (`EXACT_TERMS`, read
through `exact_terms`): the arbiter where lossviz and PyTorch disagree. A loss
added to the registry gets one there too (tests/test_numerics.py checks).
"""

import math
import warnings
from typing import NamedTuple

import mpmath
import numpy as np

REDUCTIONS = ("mean", "sum", "none")


def random_shape(rng, max_ndim=3):
    return tuple(int(size) for size in rng.integers(1, 5, size=rng.integers(0, max_ndim + 1)))


def _class_shape(rng):
    classes = int(rng.integers(2, 7))
    return (classes,) if rng.random() < 0.25 else (int(rng.integers(1, 7)), classes)


def predictions(rng, domain, shape, dtype, spread=3.0):
    """Values across a domain (low, high): inside a bounded one, normal around 0 in an unbounded one."""
    low, high = domain
    if math.isfinite(low) and math.isfinite(high):
        margin = 0.001 * (high - low)
        values = rng.uniform(low + margin, high - margin, shape)
    elif math.isfinite(high):
        values = high - np.abs(rng.normal(0, spread, shape))
    elif math.isfinite(low):
        values = low + np.abs(rng.normal(0, spread, shape))
    else:
        values = rng.normal(0, spread, shape)
    return np.asarray(values).astype(dtype)


def _labels(rng, loss, shape, dtype):
    low, high = loss.target_labels
    if loss.soft_targets and rng.random() < 0.5:
        return rng.uniform(low, high, shape).astype(dtype)
    return rng.choice([low, high], size=shape).astype(dtype)


def _class_index_target(rng, shape, ignore_index):
    target = rng.integers(0, shape[-1], size=shape[:-1])
    ignored = rng.random(target.shape) < 0.3
    target = np.where(ignored, ignore_index, target)
    # Keep the first sample (a mean over no samples is undefined).
    if target.flat[0] == ignore_index:
        target.flat[0] = (ignore_index + 1) % shape[-1]
    return target


def _slider_value(rng, slider):
    steps = round((slider.high - slider.low) / slider.step)
    return float(slider.low + slider.step * rng.integers(0, steps + 1))


def _flags(rng, loss):
    """Each yes/no option (PyTorch's `log_input`, `full`, `log_target`) either way."""
    return {name: bool(rng.random() < 0.5) for name, default in loss.options.items() if isinstance(default, bool)}


def random_case(loss, seed, dtype=np.float64):
    """A valid random (args, options) for `loss`, the same for the same seed."""
    rng = np.random.default_rng(seed)
    options = _flags(rng, loss)
    pred_domain = loss.pred_domain_for(**options)
    if loss.task == "multiclass":
        shape = _class_shape(rng)
        pred = predictions(rng, pred_domain, shape, dtype)
        probabilities = loss.soft_targets and rng.random() < 0.3
        if probabilities:
            target = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]).astype(dtype)
        else:
            if "ignore_index" in loss.options:
                options["ignore_index"] = int(rng.choice([-100, 1]))
            target = _class_index_target(rng, shape, options.get("ignore_index", -100))
        if "weight" in loss.options and rng.random() < 0.5:
            options["weight"] = rng.uniform(0.1, 2.0, shape[-1]).astype(dtype)
    else:
        shape = random_shape(rng)
        pred = predictions(rng, pred_domain, shape, dtype)
        domain = loss.target_domain_for(**options)
        target = _labels(rng, loss, shape, dtype) if domain is None else predictions(rng, domain[:2], shape, dtype)
        if "weight" in loss.options and rng.random() < 0.5:
            # One weight per element, or one per entry of the last axis (repeated).
            weight_shape = shape if rng.random() < 0.5 or not shape else shape[-1:]
            options["weight"] = rng.uniform(0.1, 2.0, weight_shape).astype(dtype)
        if "pos_weight" in loss.options and rng.random() < 0.5:
            options["pos_weight"] = rng.uniform(0.2, 4.0, shape[-1:]).astype(dtype)
    for option, slider in loss.sliders.items():
        if rng.random() < 0.7:
            options[option] = _slider_value(rng, slider)
    return [pred, target], options


def extreme_cases(loss):
    """Inputs at the edges of the loss's domain, where a naive formula gives NaN or inf:
    each end of a bounded domain, and scores of ±500 (e^500 overflows float32, and e^1000 float64);
    numeric targets 0 and 1, which every target domain holds."""
    low, high = loss.pred_domain
    edges = [value for value in (low, high) if math.isfinite(value)]
    if math.isfinite(low) and math.isfinite(high):
        edges += [low + 1e-300, high - 1e-16 * (high - low), 0.5 * (low + high)]
    if not math.isfinite(low):
        edges += [-500.0, -40.0]
    if not math.isfinite(high):
        edges += [500.0, 40.0]
    if loss.task == "multiclass":
        rows = np.array([[edge, 0.5 * edge, 0.0 if not math.isfinite(high) else high] for edge in edges])
        return [(rows, np.arange(len(edges)) % 3)]
    pred = np.repeat(edges, 2)
    if loss.task == "binary":
        target = np.tile(loss.target_labels, len(edges))
    else:
        target = np.tile([0.0, 1.0], len(edges))
    return [(pred, target)]


# Hand-picked inputs at the edges, beyond what `extreme_cases` derives: where an earlier
# formula gave NaN or inf, or lost its digits (issue 24), and PyTorch does not or the exact
# value shows lossviz right. Each is (pred, target) or (pred, target, options).
MORE_EXTREME_CASES = {
    "mse": [([1e100, -1e100, 0.0], [-1e100, 1e100, 0.0]), ([1e-300, 5e-324], [0.0, 0.0])],
    "mae": [([1e300, -1e300], [-1e300, 1e300]), ([0.0, 1.0], [0.0, 1.0])],
    "huber": [([1e150, -1e150, 0.2], [0.0, 0.0, 0.0])],
    "quantile": [
        ([1e300, -1e300, 0.0], [-1e300, 1e300, 0.0]),
        # 0.5 sign(e) + (0.5 - tau) cancelled for tau near 0 or 1; a subnormal error is not a tie.
        ([-1.0, 1.0, 0.0, 5e-324], [0.0, 0.0, 0.0, 0.0], {"tau": 1e-9}),
        ([-1.0, 1.0, 0.0, -5e-324], [0.0, 0.0, 0.0, 0.0], {"tau": 1 - 1e-9}),
    ],
    "log_cosh": [([1e-8, 0.00012971, 1e-300, 0.5, 1000.0], [0.0, 0.0, 0.0, 0.0, 0.0])],
    "bce": [
        ([0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0]),
        ([1e-300, 1 - 1e-16, 1e-12, 0.5], [1.0, 0.0, 0.0, 0.3]),
    ],
    "bce_with_logits": [
        ([1e4, -1e4, 1e4, -1e4], [1.0, 0.0, 0.0, 1.0]),
        ([50.0, -50.0, 700.0, -700.0], [0.5, 0.5, 1.0, 0.0]),
        # sigmoid(z) - 1 and (1 - y) z - log sigmoid(z) cancelled; -sigmoid(-z) and softplus do not.
        ([37.5, -40.0, -37.5, 40.0], [1.0, 0.0, 1.0, 1.0 - 2.0**-40]),
    ],
    "hinge": [([1e300, -1e300, 1.0, -1.0], [1.0, 1.0, 1.0, -1.0])],
    "focal": [
        ([30.0, -30.0, 30.0, -30.0, 0.0], [1.0, 0.0, 0.0, 1.0, 0.5]),
        # NaN from inf * 0 at huge logits; digits lost at saturated ones.
        ([-1e308, 1e308, 40.0, -40.0, 20.0], [1.0, 0.0, 1.0, 0.0, 1.0], {"gamma": 0.5}),
        ([-1e308, 1e308, 40.0, -40.0, 20.0], [1.0, 0.0, 1.0, 0.0, 1.0]),
    ],
    "cross_entropy": [
        ([[1e4, -1e4, 0.0], [1000.0, 1001.0, 999.0]], [1, 0]),
        ([[-1e4, -1e4, -1e4]], [2]),
        # One shift for the whole batch lost the lower row's digits; log(1 + tiny) lost both rows'.
        ([[20.0, 0.0], [-20.0, -40.0]], [0, 0]),
        ([[20.0, 0.0], [-20.0, -40.0]], [0, 0], {"label_smoothing": 0.1}),
    ],
    "nll": [([[-1e4, 0.0, -50.0], [0.0, -1e-300, -700.0]], [0, 2])],
}


# ------------------------------------------------------------------ extreme random inputs


def _magnitudes(rng, shape, dtype):
    """Sizes from every part of the dtype's range: log-uniform over all of it (1e-300 .. 1e300 in
    float64), around where a logit saturates (up to 60, and 800 past exp's range), and small."""
    info = np.finfo(dtype)
    whole = 10.0 ** rng.uniform(np.log10(info.tiny), np.log10(info.max) - 0.01, shape)
    saturating = rng.uniform(0, 60, shape) * np.where(rng.random(shape) < 0.2, 13.0, 1.0)
    small = 10.0 ** rng.uniform(-12, 0, shape)
    pick = rng.random(shape)
    return np.where(pick < 0.35, whole, np.where(pick < 0.75, saturating, small))


def extreme_predictions(rng, loss, shape, dtype, domain=None):
    """Predictions (or numeric targets) at the edges of a domain, the loss's predictions' by default,
    and of the dtype, with their exact ends."""
    low, high = domain or loss.pred_domain
    size = _magnitudes(rng, shape, dtype)
    if math.isfinite(low) and math.isfinite(high):
        # Right at an end, a hair inside it, or anywhere between.
        hair = 10.0 ** -rng.uniform(0, 300 if dtype == np.float64 else 38, shape)
        pick = rng.random(shape)
        values = np.where(pick < 0.2, low, np.where(pick < 0.4, high, np.where(
            pick < 0.6, low + hair * (high - low), np.where(pick < 0.8, high - hair * (high - low),
                                                            rng.uniform(low, high, shape)))))
    elif math.isfinite(high):
        values = np.where(rng.random(shape) < 0.15, high, high - size)
    elif math.isfinite(low):
        values = np.where(rng.random(shape) < 0.15, low, low + size)
    else:
        values = np.where(rng.random(shape) < 0.5, -size, size)
        if loss.task == "multiclass" and len(shape) == 2:
            # Rows far apart: a row far below another must keep its own digits.
            values = values + np.where(rng.random((shape[0], 1)) < 0.5, -1, 1) * _magnitudes(rng, (shape[0], 1), dtype)
    info = np.finfo(dtype)
    return np.clip(values, -info.max, info.max).astype(dtype)


def _extreme_labels(rng, loss, shape, dtype):
    low, high = loss.target_labels
    hard = rng.choice([low, high], size=shape)
    if not loss.soft_targets:
        return hard.astype(dtype)
    hair = 10.0 ** -rng.uniform(1, 300 if dtype == np.float64 else 38, shape)
    pick = rng.random(shape)
    soft = np.where(pick < 0.4, hard, np.where(pick < 0.6, low + hair * (high - low), np.where(
        pick < 0.8, high - hair * (high - low), rng.uniform(low, high, shape))))
    return soft.astype(dtype)


def _extreme_option_values(slider):
    """A slider's ends, then values past them that the option may accept (the loss decides)."""
    return [slider.low, slider.high, 0.0, 1e-9, 1 - 1e-9, 1.0, 10 * slider.high, 1e3, None]


def _accepted(loss, args, options):
    try:
        with np.errstate(over="ignore"):
            loss(*args, reduction="sum", **options)
    except (TypeError, ValueError):
        return False
    return True


def extreme_case(loss, seed, dtype=np.float64):
    """`random_case`'s structure (shapes, targets, weights, ignored samples) with values from the
    edges: predictions anywhere in the dtype's range or a hair from a bounded domain's end, regression
    targets a tiny error away, soft labels a hair from a label, near one-hot class probabilities,
    and each slider's option at or beyond its ends where the loss accepts it."""
    args, options = random_case(loss, seed, dtype)
    rng = np.random.default_rng([seed, 24])
    shape = np.shape(args[0])
    args[0] = extreme_predictions(rng, loss, shape, dtype, loss.pred_domain_for(**options))
    domain = loss.target_domain_for(**options)
    if domain is not None:
        targets = extreme_predictions(rng, loss, shape, dtype, domain[:2])
        best = loss.best_prediction
        if best is not None and np.array_equal(best(targets, **{**loss.options, **options}), targets):
            # Targets a tiny error from the prediction, or on it: where a loss of the error cancels.
            tiny = np.where(rng.random(shape) < 0.5, -1, 1) * 10.0 ** rng.uniform(-40, 0, shape)
            pick = rng.random(shape)
            targets = np.where(pick < 0.5, args[0] + tiny, np.where(pick < 0.6, args[0], targets))
        info = np.finfo(dtype)
        args[1] = np.clip(targets, max(domain.low, -info.max), min(domain.high, info.max)).astype(dtype)
    elif loss.task == "binary":
        args[1] = _extreme_labels(rng, loss, shape, dtype)
    elif np.shape(args[1]) == shape:  # class probabilities: near one-hot rows, many tiny entries
        args[1] = rng.dirichlet(np.full(shape[-1], 0.05), size=shape[:-1]).astype(dtype)
    if "weight" in options and rng.random() < 0.5:
        weight = options["weight"]
        options["weight"] = np.where(rng.random(weight.shape) < 0.3, 0, weight).astype(dtype)
    for option, slider in loss.sliders.items():
        if rng.random() < 0.8:
            choices = _extreme_option_values(slider)
            value = choices[int(rng.integers(len(choices)))]
            if _accepted(loss, args, {**options, option: value}):
                options[option] = value
    return args, options


# ------------------------------------------------------------------ the exact arbiter
#
# Each loss's value and gradient per element in 60-digit arithmetic (mpmath), from the float
# inputs taken exactly. Each is written in a form that does not cancel even at 60 digits
# (softplus as log1p(exp(x)), σ(−z) as 1/(1 + e^z), log cosh as log1p(2 sinh²(x/2)), log Σ exp
# as the top score plus log1p of the others): identities, so each is the loss as defined.
#
# Beside each value and gradient element the arbiter gives its "scale": the sum of the sizes of
# the terms its exact form adds with opposite signs (σ(z) − y for a soft label y, softmax − target
# near a soft target's optimum, a hinge's margin less the score, whose margin float32 rounds).
# Those terms each come from the inputs with a rounding error, so a float computation can only
# promise an absolute error of a few ulps of the scale there: a cancellation of the inputs' own,
# not a lost digit. Where nothing cancels (almost everywhere) the scale is the element's size, so
# the promise is the full relative tolerance.

MP = mpmath.MPContext()
MP.dps = 60
_BCE_EPSILON = MP.mpf(float(np.float32(1e-12)))  # PyTorch's floor of p(1 - p) in BCE's gradient
_BCE_LOG_FLOOR = MP.mpf(-100)


def _exact(value):
    return MP.mpf(float(value))


def _softplus(x):
    """log(1 + e^x), for any x."""
    return MP.log1p(MP.exp(x))


def _sigmoid(x):
    return 1 / (1 + MP.exp(-x))


def _sign(x):
    return (x > 0) - (x < 0)


def _mse(p, y):
    e = p - y
    return e * e, e * e, 2 * e, abs(2 * e)


def _mae(p, y):
    e = p - y
    return abs(e), abs(e), _sign(e), abs(_sign(e))


def _huber(p, y, delta=1.0):
    e = p - y
    inside = abs(e) <= delta
    value = e * e / 2 if inside else delta * (abs(e) - delta / 2)
    slope = e if inside else delta * _sign(e)
    return value, value, slope, abs(slope)


def _quantile(p, y, tau=0.5):
    e = p - y
    value = max((1 - tau) * e, -tau * e)
    slope = 1 - tau if e > 0 else -tau if e < 0 else MP.mpf(0)
    return value, value, slope, abs(slope)


def _log_cosh(p, y):
    e = p - y
    value = MP.log1p(2 * MP.sinh(e / 2) ** 2)
    return value, value, MP.tanh(e), abs(MP.tanh(e))


def _smooth_l1(p, y, beta=1.0):
    e = p - y
    if beta == 0:
        return abs(e), abs(e), _sign(e), abs(_sign(e))
    if abs(e) < beta:
        return e * e / (2 * beta), e * e / (2 * beta), e / beta, abs(e / beta)
    return abs(e) - beta / 2, abs(e) + beta / 2, _sign(e), 1


def _poisson_nll(z, y, log_input=True, full=False, eps=1e-8):
    if log_input:
        rate = MP.exp(z)
        value, value_scale, slope, slope_scale = rate - y * z, rate + abs(y * z), rate - y, rate + y
    else:
        log_rate = MP.log(z + eps)
        value, value_scale = z - y * log_rate, abs(z) + abs(y * log_rate)
        slope, slope_scale = 1 - y / (z + eps), 1 + y / (z + eps)
    if full and y > 1:  # Stirling's log y!, as PyTorch adds it for counts above 1
        stirling = y * MP.log(y) - y + MP.log(2 * MP.pi * y) / 2
        value, value_scale = value + stirling, value_scale + abs(y * MP.log(y)) + y + abs(MP.log(2 * MP.pi * y) / 2)
    return value, value_scale, slope, slope_scale


def _kl_div(x, t, log_target=False):
    if log_target:
        weight = MP.exp(t)
        return weight * (t - x), weight * (abs(t) + abs(x)), -weight, weight
    own = t * MP.log(t) if t > 0 else MP.mpf(0)
    return own - t * x, abs(own) + abs(t * x), -t, t


def _bce(p, y, weight=None):
    w = 1 if weight is None else weight
    log_p, log_not_p = max(MP.log(p), _BCE_LOG_FLOOR), max(MP.log1p(-p), _BCE_LOG_FLOOR)
    value = -w * (y * log_p + (1 - y) * log_not_p)
    slope = w * (p - y) / max(p * (1 - p), _BCE_EPSILON)
    return value, value, slope, abs(slope)


def _bce_with_logits(z, y, weight=None, pos_weight=None):
    w, positive = 1 if weight is None else weight, y if pos_weight is None else pos_weight * y
    value = w * ((1 - y) * _softplus(z) + positive * _softplus(-z))
    down, up = w * (1 - y) * _sigmoid(z), w * positive * _sigmoid(-z)
    return value, value, down - up, down + up


def _hinge(z, y, margin=1.0):
    # The margin less the score: two inputs' difference (in float32 the margin is rounded to it).
    shortfall = margin - y * z
    inside = shortfall > 0
    return max(shortfall, 0), (abs(margin) + abs(z) if inside else 0), (-y if inside else 0), (1 if inside else 0)


def _focal(z, y, gamma=2.0, alpha=0.25):
    p, not_p = _sigmoid(z), _sigmoid(-z)
    ce = (1 - y) * _softplus(z) + y * _softplus(-z)
    miss = y * not_p + (1 - y) * p
    a = 1 if alpha is None else alpha * y + (1 - alpha) * (1 - y)
    value = a * ce * miss**gamma
    down, up = a * (1 - y) * p * miss**gamma, a * y * not_p * miss**gamma
    steepening = a * gamma * ce * miss ** (gamma - 1) * p * not_p * (1 - 2 * y)
    return value, value, down - up + steepening, down + up + abs(steepening)


def _class_rows(logits):
    return logits.reshape(-1, logits.shape[-1])


def _cross_entropy(logits, target, weight=None, label_smoothing=0.0, ignore_index=-100):
    rows = _class_rows(logits)
    classes = rows.shape[1]
    w = [1] * classes if weight is None else [_exact(each) for each in weight]
    e = _exact(label_smoothing)
    probabilities = np.shape(target) == np.shape(logits)
    targets = _class_rows(target) if probabilities else np.reshape(target, -1)
    values, grads, scales, denominator = [], [], [], MP.mpf(0)
    for row, aim in zip(rows, targets):
        z = [_exact(each) for each in row]
        top = max(range(classes), key=lambda c: z[c])
        others = MP.fsum(MP.exp(z[c] - z[top]) for c in range(classes) if c != top)
        log_sum = MP.log1p(others)
        minus_log_p = [log_sum + (z[top] - z[c]) for c in range(classes)]  # -log softmax, each >= 0
        if probabilities:
            share = [w[c] * ((1 - e) * _exact(aim[c]) + e / classes) for c in range(classes)]
            denominator += 1
        elif aim == ignore_index:
            share = [MP.mpf(0)] * classes
        else:
            share = [w[c] * e / classes + (w[aim] * (1 - e) if c == aim else 0) for c in range(classes)]
            denominator += w[aim]
        total = MP.fsum(share)
        values.append(MP.fsum(s * each for s, each in zip(share, minus_log_p)))  # no cancellation: its own scale
        softmax = [MP.exp(-each) for each in minus_log_p]
        row_grads = [total * softmax[c] - share[c] for c in range(classes)]
        row_scales = [total * softmax[c] + share[c] for c in range(classes)]
        # At the top class softmax is 1 - others / (1 + others): the 1 taken out exactly.
        rest = MP.fsum(share[c] for c in range(classes) if c != top)
        sure = total * others / (1 + others)
        row_grads[top], row_scales[top] = rest - sure, rest + sure
        grads.append(row_grads)
        scales.append(row_scales)
    values = np.array(values, dtype=object).reshape(logits.shape[:-1])
    return (values, values, np.array(grads, dtype=object).reshape(logits.shape),
            np.array(scales, dtype=object).reshape(logits.shape), denominator)


def _nll(log_probs, target, weight=None, ignore_index=-100):
    rows = _class_rows(log_probs)
    classes = rows.shape[1]
    w = [1] * classes if weight is None else [_exact(each) for each in weight]
    values, grads, denominator = [], [], MP.mpf(0)
    for row, aim in zip(rows, np.reshape(target, -1)):
        row_grads = [MP.mpf(0)] * classes
        if aim == ignore_index:
            values.append(MP.mpf(0))
        else:
            values.append(-w[aim] * _exact(row[aim]))
            row_grads[aim] = -w[aim]
            denominator += w[aim]
        grads.append(row_grads)
    grads = np.array(grads, dtype=object).reshape(log_probs.shape)
    values = np.array(values, dtype=object).reshape(log_probs.shape[:-1])
    return values, values, grads, np.abs(grads), denominator


def _per_element(formula):
    """An element's exact (value, its scale, gradient, its scale) made into the loss's exact terms for arrays."""
    def terms(pred, target, **options):
        arrays = {key: np.broadcast_to(value, pred.shape) for key, value in options.items() if isinstance(value, np.ndarray)}
        numbers = {key: value if value is None or isinstance(value, bool) else _exact(value)
                   for key, value in options.items() if key not in arrays}
        values, value_scales, grads, grad_scales = (np.empty(pred.shape, dtype=object) for _ in range(4))
        for index in np.ndindex(pred.shape):
            elementwise = {key: _exact(value[index]) for key, value in arrays.items()}
            values[index], value_scales[index], grads[index], grad_scales[index] = formula(
                _exact(pred[index]), _exact(target[index]), **numbers, **elementwise)
        return values, value_scales, grads, grad_scales, MP.mpf(pred.size)
    return terms


EXACT_TERMS = {
    "mse": _per_element(_mse),
    "mae": _per_element(_mae),
    "huber": _per_element(_huber),
    "quantile": _per_element(_quantile),
    "log_cosh": _per_element(_log_cosh),
    "smooth_l1": _per_element(_smooth_l1),
    "poisson_nll": _per_element(_poisson_nll),
    "kl_div": _per_element(_kl_div),
    "bce": _per_element(_bce),
    "bce_with_logits": _per_element(_bce_with_logits),
    "hinge": _per_element(_hinge),
    "focal": _per_element(_focal),
    "cross_entropy": _cross_entropy,
    "nll": _nll,
}
"""Each loss's exact terms by name: (values, their scales, the gradient of their sum, its scales,
the mean's denominator); the scales as described above."""


class Exact(NamedTuple):
    """A loss's exact value and gradient for one reduction, each with its scale (see above)."""

    value: np.ndarray
    value_scale: np.ndarray
    grad: np.ndarray
    grad_scale: np.ndarray


def exact_terms(loss, args, options):
    """The exact per-element terms of `loss` at these (NumPy) arguments."""
    if loss.name not in EXACT_TERMS:
        raise LookupError(f"tests/cases.py's EXACT_TERMS has no entry for {loss.name!r}: give its value and gradient per "
                          f"element in 60-digit arithmetic (CONTRIBUTING.md, 'Add a loss', step 5)")
    return EXACT_TERMS[loss.name](*(np.asarray(arg) for arg in args), **options)


def exact_reduced(terms, reduction):
    """`Exact` for one reduction, from `exact_terms`; None for a mean over nothing."""
    values, value_scales, grads, grad_scales, denominator = terms
    if reduction == "none":
        return Exact(values, value_scales, grads, grad_scales)
    if reduction == "batchmean":  # the sum over the length of the first axis (1 for a single number)
        denominator = MP.mpf(values.shape[0] if values.ndim else 1)
    total, total_scale = (np.array(MP.fsum(each.ravel()), dtype=object) for each in (values, value_scales))
    if reduction == "sum":
        return Exact(total, total_scale, grads, grad_scales)
    if reduction == "batchmean":
        return Exact(total / denominator, total_scale / denominator, grads / denominator, grad_scales / denominator)
    if denominator == 0:
        return None
    return Exact(total / denominator, total_scale / denominator, grads / denominator, grad_scales / denominator)


ULPS = 16
"""How many ulps of a gradient's scale (see above) a float computation may be off by."""


def exact_misses(ours, exact, scale, dtype, tolerance):
    """Where `ours` is further from the exact value than `tolerance` relative, beyond `ULPS` ulps of
    the scale and a floor for results so small that the dtype keeps fewer digits (subnormal ones);
    and the exact value as the dtype holds it."""
    ours = np.asarray(ours, dtype=np.float64)
    # The exact value as the dtype holds it (beyond its range: inf, or 0).
    with np.errstate(over="ignore"):
        exact = np.array([float(dtype(float(each))) for each in np.ravel(exact)]).reshape(np.shape(exact))
    scale = np.array([float(each) for each in np.ravel(scale)]).reshape(np.shape(exact))
    allowed = tolerance * np.abs(exact) + ULPS * np.finfo(dtype).eps * scale + np.finfo(dtype).tiny / tolerance
    with np.errstate(invalid="ignore", over="ignore"):
        off = ~((ours == exact) | (np.abs(ours - exact) <= allowed))
    return off, exact


def torch_value_and_grad(loss, args, options, reduction):
    """Value and d(value)/d(first argument) from PyTorch (`Loss.torch`) and its autograd."""
    import torch  # lazily: most users of these cases need no PyTorch

    dtype = torch.from_numpy(np.asarray(args[0])).dtype
    pred = torch.tensor(np.asarray(args[0]), dtype=dtype, requires_grad=True)
    target = np.asarray(args[1])
    target = torch.from_numpy(target).long() if target.dtype.kind in "iu" and loss.task == "multiclass" \
        else torch.tensor(target, dtype=dtype)
    torch_options = {key: torch.tensor(value, dtype=dtype) if isinstance(value, np.ndarray) else value
                     for key, value in options.items()}
    with warnings.catch_warnings():
        # PyTorch warns that KL divergence's "mean" is not per sample; parity is checked for it all the same.
        warnings.filterwarnings("ignore", message="reduction: 'mean' divides the total loss")
        value = loss.torch(pred, target, reduction=reduction, **torch_options)
    value.sum().backward()
    return value.detach().numpy(), pred.grad.numpy()
