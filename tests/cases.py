"""Valid random inputs for every loss in the registry, derived from its metadata.

A case is ``(args, options)``: positional arguments (prediction first, then
target) and keyword options, all NumPy, drawn from a seeded generator so that
every run checks the same inputs. Nothing here names a loss: the prediction
comes from the loss's `pred_domain`, the target from its `task`,
`target_labels` and `soft_targets`, each option from its slider (or, for the
options several losses share, such as `weight`, from what that option means).
"""

import math

import numpy as np

REDUCTIONS = ("mean", "sum", "none")


def random_shape(rng, max_ndim=3):
    return tuple(int(size) for size in rng.integers(1, 5, size=rng.integers(0, max_ndim + 1)))


def _class_shape(rng):
    classes = int(rng.integers(2, 7))
    return (classes,) if rng.random() < 0.25 else (int(rng.integers(1, 7)), classes)


def predictions(rng, loss, shape, dtype, spread=3.0):
    """Values across the loss's domain: inside a bounded one, normal around 0 in an unbounded one."""
    low, high = loss.pred_domain
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


def random_case(loss, seed, dtype=np.float64):
    """A valid random (args, options) for `loss`, the same for the same seed."""
    rng = np.random.default_rng(seed)
    options = {}
    if loss.task == "multiclass":
        shape = _class_shape(rng)
        pred = predictions(rng, loss, shape, dtype)
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
        pred = predictions(rng, loss, shape, dtype)
        target = _labels(rng, loss, shape, dtype) if loss.task == "binary" else rng.normal(0, 3, shape).astype(dtype)
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
    each end of a bounded domain, and scores of ±500 (e^500 overflows float32, and e^1000 float64)."""
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
# formula gave NaN or inf and PyTorch does not.
MORE_EXTREME_CASES = {
    "mse": [([1e100, -1e100, 0.0], [-1e100, 1e100, 0.0]), ([1e-300, 5e-324], [0.0, 0.0])],
    "mae": [([1e300, -1e300], [-1e300, 1e300]), ([0.0, 1.0], [0.0, 1.0])],
    "huber": [([1e150, -1e150, 0.2], [0.0, 0.0, 0.0])],
    "quantile": [([1e300, -1e300, 0.0], [-1e300, 1e300, 0.0])],
    "bce": [
        ([0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0]),
        ([1e-300, 1 - 1e-16, 1e-12, 0.5], [1.0, 0.0, 0.0, 0.3]),
    ],
    "bce_with_logits": [
        ([1e4, -1e4, 1e4, -1e4], [1.0, 0.0, 0.0, 1.0]),
        ([50.0, -50.0, 700.0, -700.0], [0.5, 0.5, 1.0, 0.0]),
    ],
    "hinge": [([1e300, -1e300, 1.0, -1.0], [1.0, 1.0, 1.0, -1.0])],
    "focal": [([30.0, -30.0, 30.0, -30.0, 0.0], [1.0, 0.0, 0.0, 1.0, 0.5])],
    "cross_entropy": [
        ([[1e4, -1e4, 0.0], [1000.0, 1001.0, 999.0]], [1, 0]),
        ([[-1e4, -1e4, -1e4]], [2]),
    ],
    "nll": [([[-1e4, 0.0, -50.0], [0.0, -1e-300, -700.0]], [0, 2])],
}
