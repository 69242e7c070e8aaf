"""Valid random inputs for every loss in the registry, shared by parity and property tests.

A case is ``(args, options)``: positional arguments (prediction first, then
target) and keyword options, all NumPy, drawn from a seeded generator so that
every run checks the same inputs.
"""

import numpy as np

REDUCTIONS = ("mean", "sum", "none")


def random_shape(rng, max_ndim=3):
    return tuple(int(size) for size in rng.integers(1, 5, size=rng.integers(0, max_ndim + 1)))


def _sometimes(rng, value):
    return value if rng.random() < 0.5 else None


def _log_softmax(scores):
    shifted = scores - scores.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _class_shape(rng):
    classes = int(rng.integers(2, 7))
    return (classes,) if rng.random() < 0.25 else (int(rng.integers(1, 7)), classes)


def _class_index_target(rng, shape, ignore_index):
    target = rng.integers(0, shape[-1], size=shape[:-1])
    ignored = rng.random(target.shape) < 0.3
    target = np.where(ignored, ignore_index, target)
    # Keep the first sample (a mean over no samples is undefined).
    if target.flat[0] == ignore_index:
        target.flat[0] = (ignore_index + 1) % shape[-1]
    return target


def _regression(rng, dtype):
    shape = random_shape(rng)
    return [rng.normal(0, 3, shape).astype(dtype), rng.normal(0, 3, shape).astype(dtype)], {}


def _huber(rng, dtype):
    args, _ = _regression(rng, dtype)
    return args, {"delta": float(rng.choice([0.3, 1.0, 2.5]))}


def _binary_target(rng, shape, dtype):
    if rng.random() < 0.5:
        return rng.integers(0, 2, shape)
    return rng.random(shape).astype(dtype)


def _element_weight(rng, shape, dtype):
    # Either one weight per element, or one per entry of the last axis (repeated).
    weight_shape = shape if rng.random() < 0.5 or not shape else shape[-1:]
    return _sometimes(rng, rng.uniform(0.1, 2.0, weight_shape).astype(dtype))


def _bce(rng, dtype):
    shape = random_shape(rng)
    pred = rng.uniform(0.001, 0.999, shape).astype(dtype)
    return [pred, _binary_target(rng, shape, dtype)], {"weight": _element_weight(rng, shape, dtype)}


def _bce_with_logits(rng, dtype):
    shape = random_shape(rng)
    options = {
        "weight": _element_weight(rng, shape, dtype),
        "pos_weight": _sometimes(rng, rng.uniform(0.2, 4.0, shape[-1:]).astype(dtype)),
    }
    return [rng.normal(0, 4, shape).astype(dtype), _binary_target(rng, shape, dtype)], options


def _cross_entropy(rng, dtype):
    shape = _class_shape(rng)
    logits = rng.normal(0, 3, shape).astype(dtype)
    options = {
        "weight": _sometimes(rng, rng.uniform(0.1, 2.0, shape[-1]).astype(dtype)),
        "label_smoothing": float(rng.choice([0.0, 0.1, 0.35])),
    }
    if rng.random() < 0.3:
        target = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]).astype(dtype)
    else:
        options["ignore_index"] = int(rng.choice([-100, 1]))
        target = _class_index_target(rng, shape, options["ignore_index"])
    return [logits, target], options


def _nll(rng, dtype):
    shape = _class_shape(rng)
    log_probs = _log_softmax(rng.normal(0, 3, shape)).astype(dtype)
    options = {
        "weight": _sometimes(rng, rng.uniform(0.1, 2.0, shape[-1]).astype(dtype)),
        "ignore_index": int(rng.choice([-100, 0])),
    }
    return [log_probs, _class_index_target(rng, shape, options["ignore_index"])], options


GENERATORS = {
    "mse": _regression,
    "mae": _regression,
    "huber": _huber,
    "bce": _bce,
    "bce_with_logits": _bce_with_logits,
    "cross_entropy": _cross_entropy,
    "nll": _nll,
}


def random_case(name, seed, dtype=np.float64):
    """A valid random (args, options) for the loss called `name`."""
    rng = np.random.default_rng(seed)
    args, options = GENERATORS[name](rng, dtype)
    return args, {key: value for key, value in options.items() if value is not None}


# Inputs at the edges, where a naive formula gives NaN or inf and PyTorch does not.
EXTREME_CASES = {
    "mse": [([1e100, -1e100, 0.0], [-1e100, 1e100, 0.0]), ([1e-300, 5e-324], [0.0, 0.0])],
    "mae": [([1e300, -1e300], [-1e300, 1e300]), ([0.0, 1.0], [0.0, 1.0])],
    "huber": [([1e150, -1e150, 0.2], [0.0, 0.0, 0.0])],
    "bce": [
        ([0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0]),
        ([1e-300, 1 - 1e-16, 1e-12, 0.5], [1.0, 0.0, 0.0, 0.3]),
    ],
    "bce_with_logits": [
        ([1e4, -1e4, 1e4, -1e4], [1.0, 0.0, 0.0, 1.0]),
        ([50.0, -50.0, 700.0, -700.0], [0.5, 0.5, 1.0, 0.0]),
    ],
    "cross_entropy": [
        ([[1e4, -1e4, 0.0], [1000.0, 1001.0, 999.0]], [1, 0]),
        ([[-1e4, -1e4, -1e4]], [2]),
    ],
    "nll": [([[-1e4, 0.0, -50.0], [0.0, -1e-300, -700.0]], [0, 2])],
}
