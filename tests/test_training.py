"""lv.training: the gradient through the model against PyTorch's autograd and against finite differences,
the descent and its divergence rule, the presets' promises, and a named error for every bad input.

The PyTorch side builds the model from the flat vector by the layout the module's docstring documents
(W then b; W1, b1, W2, b2; each row by row) and writes each loss in PyTorch's own terms, so it checks the
documented order and the chain rule, not lossviz against itself.
"""

import math
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import lossviz as lv
from lossviz import training

BINARY = ["bce_with_logits", "hinge", "focal", "mse_on_sigmoid"]
# Each training loss with its defaults and with other options.
CASES = [("bce_with_logits", {}), ("bce_with_logits", {"pos_weight": 3.0}), ("hinge", {}), ("hinge", {"margin": 0.5}),
         ("focal", {}), ("focal", {"gamma": 0.5, "alpha": 0.7}), ("mse_on_sigmoid", {}),
         ("cross_entropy", {}), ("cross_entropy", {"label_smoothing": 0.1})]
CASE_IDS = [f"{name}-{'-'.join(f'{k}={v}' for k, v in options.items()) or 'defaults'}" for name, options in CASES]
MODELS = [("linear", None), ("network", 1), ("network", 3), ("network", 8)]
MODEL_IDS = ["linear", "network1", "network3", "network8"]
# The options' defaults as PyTorch (and torchvision's sigmoid_focal_loss) have them.
TORCH_DEFAULTS = {"bce_with_logits": {"pos_weight": None}, "hinge": {"margin": 1.0}, "focal": {"gamma": 2.0, "alpha": 0.25},
                  "mse_on_sigmoid": {}, "cross_entropy": {"label_smoothing": 0.0}}
RELATIVE = 1e-10


def outputs_for(loss):
    return 3 if loss == "cross_entropy" else 1


def documented_shapes(model, hidden, outputs):
    if model == "linear":
        return [(2, outputs), (outputs,)]
    return [(2, hidden), (hidden,), (hidden, outputs), (outputs,)]


def torch_value_and_grad(params, X, labels, loss, model, hidden, options):
    """The loss and its gradient by PyTorch's autograd, the model built from the documented layout."""
    theta = torch.tensor(params, dtype=torch.float64, requires_grad=True)
    pieces, start = [], 0
    for shape in documented_shapes(model, hidden, outputs_for(loss)):
        size = math.prod(shape)
        pieces.append(theta[start:start + size].reshape(shape))
        start += size
    assert start == len(params)
    x = torch.tensor(X, dtype=torch.float64)
    if model == "linear":
        out = x @ pieces[0] + pieces[1]
    else:
        out = torch.tanh(x @ pieces[0] + pieces[1]) @ pieces[2] + pieces[3]
    value = torch_point_losses(out, labels, loss, options).mean()
    value.backward()
    assert theta.grad is not None
    return value.item(), theta.grad.numpy()


def torch_point_losses(out, labels, loss, options):
    """Each point's loss by PyTorch, from the model's outputs (N, K) and the labels 0, 1 (and 2)."""
    options = {**TORCH_DEFAULTS[loss], **options}
    y = torch.tensor(labels)
    if loss == "cross_entropy":
        return F.cross_entropy(out, y, label_smoothing=options["label_smoothing"], reduction="none")
    z, t = out[:, 0], y.double()
    if loss == "bce_with_logits":
        weight = None if options["pos_weight"] is None else torch.tensor(options["pos_weight"], dtype=torch.float64)
        return F.binary_cross_entropy_with_logits(z, t, pos_weight=weight, reduction="none")
    if loss == "hinge":
        return torch.clamp(options["margin"] - (2 * t - 1) * z, min=0)
    if loss == "focal":  # torchvision.ops.sigmoid_focal_loss, written out
        p = torch.sigmoid(z)
        p_t = p * t + (1 - p) * (1 - t)
        alpha_t = options["alpha"] * t + (1 - options["alpha"]) * (1 - t)
        return alpha_t * F.binary_cross_entropy_with_logits(z, t, reduction="none") * (1 - p_t) ** options["gamma"]
    return F.mse_loss(torch.sigmoid(z), t, reduction="none")


def numpy_scores(params, X, model, hidden, outputs):
    """The model's scores, computed here from the documented layout."""
    sizes = [math.prod(shape) for shape in documented_shapes(model, hidden, outputs)]
    pieces = [piece.reshape(shape) for piece, shape in
              zip(np.split(params, np.cumsum(sizes)[:-1]), documented_shapes(model, hidden, outputs))]
    if model == "linear":
        return X @ pieces[0] + pieces[1]
    return np.tanh(X @ pieces[0] + pieces[1]) @ pieces[2] + pieces[3]


def random_problem(loss, model, hidden, seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 60))
    X = rng.uniform(-3, 3, (n, 2))
    labels = rng.integers(0, 3 if loss == "cross_entropy" else 2, n)
    size = sum(math.prod(shape) for shape in documented_shapes(model, hidden, outputs_for(loss)))
    return rng.normal(0, 1.5, size), X, labels


def hidden_option(model, hidden):
    return {} if model == "linear" else {"hidden": hidden}


def assert_gradient_matches(ours, theirs, what):
    value, gradient = ours
    expected_value, expected_gradient = theirs
    assert type(value) is float and gradient.dtype == np.float64
    assert value == pytest.approx(expected_value, rel=RELATIVE), what
    scale = np.abs(expected_gradient).max()
    np.testing.assert_allclose(gradient, expected_gradient, rtol=RELATIVE, atol=RELATIVE * scale, err_msg=what)


# ---------------------------------------------------------------- the gradient


@pytest.mark.parametrize(("model", "hidden"), MODELS, ids=MODEL_IDS)
@pytest.mark.parametrize(("loss", "options"), CASES, ids=CASE_IDS)
def test_the_gradient_equals_pytorchs_autograd_on_random_data(loss, options, model, hidden):
    for seed in range(8):
        params, X, labels = random_problem(loss, model, hidden, seed)
        ours = training.value_and_grad(params, X, labels, loss=loss, model=model, **hidden_option(model, hidden), **options)
        theirs = torch_value_and_grad(params, X, labels, loss, model, hidden, options)
        assert_gradient_matches(ours, theirs, f"{loss} {model} seed {seed}")


@pytest.mark.parametrize(("model", "hidden"), MODELS, ids=MODEL_IDS)
@pytest.mark.parametrize(("loss", "options"), CASES, ids=CASE_IDS)
def test_the_gradient_equals_pytorchs_autograd_on_the_presets_along_training(loss, options, model, hidden):
    presets = ["three_classes"] if loss == "cross_entropy" else [name for name, preset in training.PRESETS.items() if preset.classes == 2]
    for name in presets:
        data = training.dataset(name, seed=1)
        run = training.train(data, loss=loss, model=model, lr=0.3, steps=20, **hidden_option(model, hidden), **options)
        for params in run.params[[0, -1]]:  # at the start and after training
            ours = training.value_and_grad(params, data.X, data.labels, loss=loss, model=model, **hidden_option(model, hidden), **options)
            theirs = torch_value_and_grad(params, data.X, data.labels, loss, model, hidden, options)
            assert_gradient_matches(ours, theirs, f"{loss} {model} on {name}")


@pytest.mark.parametrize(("model", "hidden"), MODELS[:2], ids=MODEL_IDS[:2])
@pytest.mark.parametrize(("loss", "options"), CASES, ids=CASE_IDS)
def test_the_gradient_equals_central_finite_differences(loss, options, model, hidden):
    params, X, labels = random_problem(loss, model, hidden, seed=5)
    kwargs = {"loss": loss, "model": model, **hidden_option(model, hidden), **options}
    _, gradient = training.value_and_grad(params, X, labels, **kwargs)
    step = 1e-6
    differences = []
    for index in range(len(params)):
        nudge = np.zeros_like(params)
        nudge[index] = step
        above, _ = training.value_and_grad(params + nudge, X, labels, **kwargs)
        below, _ = training.value_and_grad(params - nudge, X, labels, **kwargs)
        differences.append((above - below) / (2 * step))
    np.testing.assert_allclose(gradient, differences, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(("model", "hidden"), MODELS, ids=MODEL_IDS)
@pytest.mark.parametrize("loss", training.TRAINING_LOSSES)
def test_scores_and_layout_follow_the_documented_order(loss, model, hidden):
    params, X, _ = random_problem(loss, model, hidden, seed=2)
    layout = training.parameter_layout(model, loss=loss, **hidden_option(model, hidden))
    assert [shape for _, shape in layout] == documented_shapes(model, hidden, outputs_for(loss))
    expected = numpy_scores(params, X, model, hidden, outputs_for(loss))
    got = training.scores(params, X, loss=loss, model=model, **hidden_option(model, hidden))
    np.testing.assert_array_equal(got, expected if outputs_for(loss) > 1 else expected[:, 0])


def test_the_network_has_four_hidden_units_unless_told():
    assert [shape for _, shape in training.parameter_layout("network", loss="hinge")] == documented_shapes("network", 4, 1)


# ---------------------------------------------------------------- training


def preset_for(loss):
    return "three_classes" if loss == "cross_entropy" else "blobs"


@pytest.mark.parametrize(("model", "hidden"), MODELS[:2], ids=MODEL_IDS[:2])
@pytest.mark.parametrize("loss", training.TRAINING_LOSSES)
def test_the_start_is_the_documented_draw_and_each_step_is_one_step_of_descent(loss, model, hidden):
    data = training.dataset(preset_for(loss))
    kwargs = {"loss": loss, "model": model, **hidden_option(model, hidden)}
    run = training.train(data, lr=0.4, steps=12, seed=7, **kwargs)
    size = sum(math.prod(shape) for shape in documented_shapes(model, hidden, outputs_for(loss)))
    np.testing.assert_array_equal(run.params[0], 0.5 * np.random.default_rng(7).standard_normal(size))
    np.testing.assert_array_equal(run.params[0], training.initial_params(seed=7, **kwargs))
    for step, params in enumerate(run.params):
        value, gradient = training.value_and_grad(params, data.X, data.labels, **kwargs)
        assert run.losses[step] == value
        if step + 1 < len(run.params):
            np.testing.assert_array_equal(run.params[step + 1], params - 0.4 * gradient)
        scores = numpy_scores(params, data.X, model, hidden, outputs_for(loss))
        chosen = scores.argmax(axis=1) if scores.shape[1] > 1 else (scores[:, 0] > 0)
        assert run.accuracy[step] == np.mean(chosen == data.labels)
        heldout_value, _ = training.value_and_grad(params, data.heldout_X, data.heldout_labels, **kwargs) \
            if data.heldout_X is not None else (None, None)
        assert (run.heldout_losses is None) == (heldout_value is None)
        if run.heldout_losses is not None:
            assert run.heldout_losses[step] == heldout_value


@pytest.mark.parametrize("loss", training.TRAINING_LOSSES)
def test_training_is_deterministic_and_the_seed_sets_the_start(loss):
    data = training.dataset(preset_for(loss))
    first = training.train(data, loss=loss, model="network", lr=0.3, steps=30, seed=3)
    again = training.train(data, loss=loss, model="network", lr=0.3, steps=30, seed=3)
    other = training.train(data, loss=loss, model="network", lr=0.3, steps=30, seed=4)
    for mine, same in zip(first, again):
        if isinstance(mine, np.ndarray):
            np.testing.assert_array_equal(mine, same)
        else:
            assert mine == same
    assert not np.array_equal(first.params[0], other.params[0])


@pytest.mark.parametrize(("model", "hidden"), MODELS[:2], ids=MODEL_IDS[:2])
@pytest.mark.parametrize("loss", training.TRAINING_LOSSES)
def test_the_loss_falls_on_the_separable_preset(loss, model, hidden):
    data = training.dataset(preset_for(loss))
    run = training.train(data, loss=loss, model=model, lr=0.5, steps=200, **hidden_option(model, hidden))
    assert run.diverged is None and run.params.shape[0] == 201
    assert run.losses[-1] < 0.5 * run.losses[0]
    assert run.accuracy[-1] >= run.accuracy[0]
    if data.classes == 2:  # separable by construction: some line gets every point right, and descent finds one
        assert run.accuracy[-1] == 1.0


@pytest.mark.parametrize(("model", "hidden"), MODELS[:2], ids=MODEL_IDS[:2])
@pytest.mark.parametrize("margin", [1.0, 0.5])
def test_hinge_stops_moving_once_every_point_is_past_the_margin(margin, model, hidden):
    data = training.dataset("blobs")
    run = training.train(data, loss="hinge", model=model, lr=0.2, steps=300, margin=margin, **hidden_option(model, hidden))
    signs = 2 * data.labels - 1
    past = [bool((signs * numpy_scores(params, data.X, model, hidden, 1)[:, 0] >= margin).all()) for params in run.params]
    assert any(past), "training never got every point past the margin"
    first = past.index(True)
    assert all(past[first:])
    np.testing.assert_array_equal(run.params[first:], np.broadcast_to(run.params[first], run.params[first:].shape))
    assert (run.losses[first:] == 0).all() and (run.losses[:first] > 0).all()
    _, gradient = training.value_and_grad(run.params[first], data.X, data.labels, loss="hinge", model=model, margin=margin,
                                          **hidden_option(model, hidden))
    np.testing.assert_array_equal(gradient, np.zeros_like(gradient))


DIVERGED = re.compile(r"diverged at step (\d+): the loss passed 100 × its start or stopped being finite \((.+)\); "
                      r"the history ends at step (\d+)")


def assert_stopped_by_the_rule(run, kwargs, X, labels, lr, steps):
    """The history is finite and within the rule; the step after it breaks the rule (checked here)."""
    assert run.diverged is not None
    found = DIVERGED.fullmatch(run.diverged)
    assert found, run.diverged
    step, last = int(found[1]), int(found[3])
    assert last == step - 1 and len(run.params) == len(run.losses) == len(run.accuracy) == step <= steps
    for array in (run.params, run.losses, run.accuracy):
        assert np.isfinite(array).all()
    if run.heldout_losses is not None:
        assert len(run.heldout_losses) == step and np.isfinite(run.heldout_losses).all()
    assert (run.losses <= 100 * run.losses[0]).all()
    _, gradient = training.value_and_grad(run.params[-1], X, labels, **kwargs)
    with np.errstate(over="ignore", invalid="ignore"):
        following = run.params[-1] - lr * gradient
        scores = training.scores(following, X, loss=kwargs["loss"], model=kwargs["model"]) if np.isfinite(following).all() else None
        broken = scores is None or not np.isfinite(scores).all() or \
            not training.value_and_grad(following, X, labels, **kwargs)[0] <= 100 * run.losses[0]
    assert broken, "the step after the history keeps the rule: training stopped too soon"
    return found[2]


@pytest.mark.parametrize("model", ["linear", "network"])
@pytest.mark.parametrize("loss", ["bce_with_logits", "hinge", "focal", "cross_entropy"])
def test_a_learning_rate_far_too_large_stops_training_with_the_rule_and_no_nan(loss, model):
    data = training.dataset("three_classes" if loss == "cross_entropy" else "overlapping")
    kwargs = {"loss": loss, "model": model}
    run = training.train(data, lr=1e5, steps=200, **kwargs)
    why = assert_stopped_by_the_rule(run, kwargs, data.X, data.labels, 1e5, 200)
    assert why.startswith("it reached")


def test_weights_that_overflow_stop_training_with_the_rule():
    rng = np.random.default_rng(0)
    X, labels = rng.uniform(-1e3, 1e3, (40, 2)), rng.integers(0, 2, 40)
    run = training.train(X, labels, loss="bce_with_logits", lr=1e307, steps=50)
    why = assert_stopped_by_the_rule(run, {"loss": "bce_with_logits", "model": "linear"}, X, labels, 1e307, 50)
    assert "overflowed" in why


def test_a_saturated_sigmoid_is_not_divergence():
    # mse(σ(z), y) is at most 1: a huge step saturates σ, whose slope then vanishes, and training stalls there.
    data = training.dataset("overlapping")
    run = training.train(data, loss="mse_on_sigmoid", lr=1e6, steps=50)
    assert run.diverged is None and np.isfinite(run.params).all() and (run.losses <= 1).all()


# ---------------------------------------------------------------- each point's loss


def random_scores(loss, seed, spread=3.0):
    """Scores as the model gives them ((N,), or (N, 3) for cross-entropy) and labels, some far from 0."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    scores = rng.normal(0, spread, (n, 3) if loss == "cross_entropy" else n)
    return scores, rng.integers(0, 3 if loss == "cross_entropy" else 2, n)


@pytest.mark.parametrize(("loss", "options"), CASES, ids=CASE_IDS)
def test_each_points_loss_is_the_registry_loss_of_that_point_alone(loss, options):
    # Written out here, apart from lossviz.training: hinge takes -1 and +1, squared error takes σ(z), the rest the labels.
    entry = training.TRAINING_LOSSES[loss]
    for seed in range(6):
        scores, labels = random_scores(loss, seed, spread=[0.5, 3.0, 30.0][seed % 3])
        received = 1 / (1 + np.exp(-scores)) if loss == "mse_on_sigmoid" else scores
        targets = 2 * labels - 1 if loss == "hinge" else labels
        expected = [entry.loss(received[i:i + 1], targets[i:i + 1], **options) for i in range(len(labels))]
        slopes = [entry.loss.grad(received[i:i + 1], targets[i:i + 1], **options) for i in range(len(labels))]
        if loss == "mse_on_sigmoid":
            slopes = [slope * received[i] / (1 + np.exp(scores[i])) for i, slope in enumerate(slopes)]  # σ'(z) = σ(z) σ(-z)
        ours = training.point_losses(scores, labels, loss=loss, **options)
        assert ours.dtype == np.float64 and ours.shape == labels.shape
        np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(training.point_slopes(scores, labels, loss=loss, **options), np.reshape(slopes, scores.shape),
                                   rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize(("loss", "options"), CASES, ids=CASE_IDS)
def test_each_points_loss_and_its_slope_equal_pytorchs(loss, options):
    for seed in range(8):
        scores, labels = random_scores(loss, seed, spread=4.0)
        out = torch.tensor(scores.reshape(len(labels), -1), dtype=torch.float64, requires_grad=True)
        theirs = torch_point_losses(out, labels, loss, options)
        (slopes,) = torch.autograd.grad(theirs.sum(), out)  # each point's loss depends on its own scores alone
        np.testing.assert_allclose(training.point_losses(scores, labels, loss=loss, **options), theirs.detach().numpy(),
                                   rtol=RELATIVE, atol=1e-300)
        np.testing.assert_allclose(training.point_slopes(scores, labels, loss=loss, **options),
                                   slopes.numpy().reshape(scores.shape), rtol=RELATIVE, atol=RELATIVE * float(slopes.abs().max()))


@pytest.mark.parametrize(("loss", "options"), CASES, ids=CASE_IDS)
def test_the_mean_of_the_points_losses_is_the_training_loss(loss, options):
    params, X, labels = random_problem(loss, "linear", None, seed=3)
    value, gradient = training.value_and_grad(params, X, labels, loss=loss, model="linear", **options)
    scores = training.scores(params, X, loss=loss, model="linear")
    assert np.mean(training.point_losses(scores, labels, loss=loss, **options)) == pytest.approx(value, rel=1e-12)
    slopes = training.point_slopes(scores, labels, loss=loss, **options).reshape(len(labels), -1)
    np.testing.assert_allclose(slopes.sum(axis=0) / len(labels), gradient[-slopes.shape[1]:], rtol=1e-12, atol=1e-15)  # dL/db


@pytest.mark.parametrize(("arguments", "error", "message"), [
    ({"scores": [[0.0], [1.0]]}, ValueError,
     "`scores` must be one score per point, shape (N,), for the training loss 'hinge'; got shape (2, 1). Did you mean `scores.ravel()`?"),
    ({"scores": 0.5, "labels": 1}, ValueError, "`scores` must be one score per point, shape (N,), for the training loss 'hinge'; got shape ()."),
    ({"scores": [0.0, 1.0], "loss": "cross_entropy"}, ValueError,
     "`scores` must be 3 scores per point, shape (N, 3), for the training loss 'cross_entropy'; got shape (2,)."),
    ({"scores": np.zeros((2, 4)), "loss": "cross_entropy"}, ValueError, "shape (N, 3), for the training loss 'cross_entropy'; got shape (2, 4)."),
    ({"scores": [0.0, math.nan]}, ValueError, "`scores` must be finite; it holds 1 NaN/inf value(s), the first nan at index (1,)."),
    ({"scores": ["a", "b"]}, TypeError, "`scores` must hold real numbers"),
    ({"scores": [], "labels": []}, ValueError, "`scores` is empty"),
    ({"labels": [1]}, ValueError, "`labels` must hold one label per point, shape (2,); got shape (1,)."),
    ({"labels": [-1, 1]}, ValueError,
     "`labels` must be 0 or 1 (a yes/no loss) for the training loss 'hinge' (it turns them into -1 and 1 itself); got -1."),
    ({"labels": [0, 3], "scores": np.zeros((2, 3)), "loss": "cross_entropy"}, ValueError,
     "`labels` must be class indices 0 to 2 for the training loss 'cross_entropy'; got 3."),
    ({"loss": "mse"}, ValueError, "`loss` must be one of the training losses 'bce_with_logits', 'hinge', 'focal', 'mse_on_sigmoid', "
                                  "'cross_entropy'; got 'mse'."),
    ({"loss": lv.focal}, ValueError, "Pass its name, loss='focal'."),
    ({"gamma": 2.0}, TypeError, "`gamma` is not an option of the training loss 'hinge', which takes margin."),
    ({"margin": -1.0}, ValueError, "`margin` must be >= 0.0; got -1.0."),
])
@pytest.mark.parametrize("function", [training.point_losses, training.point_slopes])
def test_bad_input_to_point_losses_gets_a_named_error(function, arguments, error, message):
    arguments = {"scores": [0.0, 1.0], "labels": [0, 1], "loss": "hinge", **arguments}
    with pytest.raises(error, match=re.escape(message)):
        function(arguments.pop("scores"), arguments.pop("labels"), **arguments)


# ---------------------------------------------------------------- the table of training losses


@pytest.mark.parametrize("name", training.TRAINING_LOSSES)
def test_each_training_loss_names_a_registry_loss_and_its_options(name):
    entry = training.TRAINING_LOSSES[name]
    assert entry.loss is lv.LOSSES[entry.registry_name]
    assert set(entry.options) <= set(entry.loss.options)
    if entry.loss.task == "binary":
        assert entry.classes == 2 and entry.targets == entry.loss.target_labels
    if entry.loss.task == "multiclass":
        assert entry.classes == 3 and entry.targets is None
    for option in entry.options:  # what the explorer will offer a slider for
        assert option in entry.loss.sliders or entry.loss.options[option] is None, option


def test_lossviz_exposes_training_and_the_gradient_in_analysis():
    assert "training" in dir(lv) and lv.training is training
    assert lv.analysis.value_and_grad is training.value_and_grad


# ---------------------------------------------------------------- the presets


def perceptron_separates(X, labels, epochs=2000):
    """Whether the perceptron finds a line with every point strictly on its side (it does for separable data)."""
    points = np.column_stack([X, np.ones(len(X))])
    signs = 2 * labels - 1
    weights = np.zeros(3)
    for _ in range(epochs):
        wrong = signs * (points @ weights) <= 0
        if not wrong.any():
            return True
        first = np.flatnonzero(wrong)[0]
        weights += signs[first] * points[first]
    return False


@pytest.mark.parametrize("name", training.PRESETS)
def test_each_preset_is_reproducible_and_has_its_stated_sizes_and_classes(name):
    preset = training.PRESETS[name]
    data = training.dataset(name, seed=5)
    again, other = training.dataset(name, seed=5), training.dataset(name, seed=6)
    for mine, same in zip(data, again):
        np.testing.assert_array_equal(mine, same)
    assert not np.array_equal(data.X, other.X)
    assert data.classes == preset.classes and data.description == preset.description
    sets = [(data.X, data.labels, preset.size)]
    if data.heldout_X is not None and data.heldout_labels is not None:
        sets.append((data.heldout_X, data.heldout_labels, preset.heldout_size))
    assert len(sets) == 1 + (preset.heldout_size > 0) and (data.heldout_X is None) == (data.heldout_labels is None)
    for X, labels, size in sets:
        assert X.shape == (size, 2) and X.dtype == np.float64 and labels.shape == (size,) and labels.dtype == np.int64
        assert np.abs(X).max() <= 3.0
        assert set(labels.tolist()) == set(range(preset.classes))
    assert preset.model in training.MODELS and 40 <= preset.size <= 200


def test_the_presets_are_what_they_say():
    blobs = training.dataset("blobs", seed=2)
    assert perceptron_separates(blobs.X, blobs.labels)
    overlapping = training.dataset("overlapping", seed=2)
    assert not perceptron_separates(overlapping.X, overlapping.labels)
    imbalanced = training.dataset("imbalanced", seed=2)
    assert imbalanced.heldout_labels is not None
    assert np.bincount(imbalanced.labels).tolist() == [180, 20] and np.bincount(imbalanced.heldout_labels).tolist() == [90, 10]
    three = training.dataset("three_classes", seed=2)
    assert np.bincount(three.labels).tolist() == [40, 40, 40]
    for name in ("circles", "xor"):
        data = training.dataset(name, seed=2)
        assert not perceptron_separates(data.X, data.labels), name
    circles = training.dataset("circles", seed=2)
    radii = np.hypot(*circles.X.T)
    assert radii[circles.labels == 1].max() < radii[circles.labels == 0].min()
    xor = training.dataset("xor", seed=2)
    np.testing.assert_array_equal(xor.labels, (xor.X[:, 0] * xor.X[:, 1] > 0).astype(int))


def test_the_mislabeled_preset_is_separable_but_for_one_point():
    data = training.dataset("mislabeled", seed=2)
    assert not perceptron_separates(data.X, data.labels)
    # The outlier: the class-0 point farthest along the direction from class 0's mean to class 1's.
    direction = data.X[data.labels == 1].mean(axis=0) - data.X[data.labels == 0].mean(axis=0)
    zeros = np.flatnonzero(data.labels == 0)
    outlier = zeros[np.argmax(data.X[zeros] @ direction)]
    keep = np.arange(len(data.X)) != outlier
    assert perceptron_separates(data.X[keep], data.labels[keep])


# ---------------------------------------------------------------- bad input


X_GOOD = training.dataset("blobs").X
LABELS_GOOD = training.dataset("blobs").labels


def call_train(**changes):
    arguments = {"data_or_X": X_GOOD, "labels": LABELS_GOOD, "loss": "bce_with_logits", "lr": 0.1, "steps": 5, **changes}
    return training.train(arguments.pop("data_or_X"), arguments.pop("labels"), **arguments)


@pytest.mark.parametrize(("changes", "error", "message"), [
    ({"data_or_X": X_GOOD[:, 0]}, ValueError, r"`X` must be points in the plane, of shape (N, 2); got shape (100,)."),
    ({"data_or_X": X_GOOD.T}, ValueError, r"got shape (2, 100). Did you mean `X.T`?"),
    ({"data_or_X": np.where(np.arange(200).reshape(100, 2) == 7, np.nan, X_GOOD)}, ValueError, "`X` must be finite"),
    ({"data_or_X": X_GOOD[:1], "labels": LABELS_GOOD[:1]}, ValueError, "`X` must hold at least 2 points; got 1."),
    ({"data_or_X": [["a", "b"], ["c", "d"]]}, TypeError, "`X` must hold real numbers"),
    ({"data_or_X": "blobs"}, TypeError, "got the string 'blobs'. Pass dataset('blobs')."),
    ({"labels": None}, ValueError, "`labels` are missing"),
    ({"labels": LABELS_GOOD[:, None]}, ValueError, r"shape (100,); got shape (100, 1). Did you mean `labels.ravel()`?"),
    ({"labels": LABELS_GOOD[:99]}, ValueError, "`labels` must hold one label per point, shape (100,); got shape (99,)."),
    ({"labels": np.where(LABELS_GOOD == 1, 2, 0)}, ValueError,
     "`labels` must be 0 or 1 (a yes/no loss) for the training loss 'bce_with_logits'; got 2. For three classes, train with loss='cross_entropy'."),
    ({"labels": 2 * LABELS_GOOD - 1, "loss": "hinge"}, ValueError,
     "`labels` must be 0 or 1 (a yes/no loss) for the training loss 'hinge' (it turns them into -1 and 1 itself); got -1."),
    ({"labels": LABELS_GOOD * 0.5}, ValueError, "got 0.5."),
    ({"labels": LABELS_GOOD * 3, "loss": "cross_entropy"}, ValueError,
     "`labels` must be class indices 0 to 2 for the training loss 'cross_entropy'; got 3."),
    ({"loss": "bce"}, ValueError, "`loss` must be one of the training losses 'bce_with_logits', 'hinge', 'focal', 'mse_on_sigmoid', "
                                  "'cross_entropy'; got 'bce'."),
    ({"loss": lv.hinge}, ValueError, "Pass its name, loss='hinge'."),
    ({"model": "tree"}, ValueError, "`model` must be one of 'linear', 'network'; got 'tree'."),
    ({"model": "network", "hidden": 0}, ValueError, "`hidden` must be a whole number from 1 to 8; got 0."),
    ({"model": "network", "hidden": 9}, ValueError, "`hidden` must be a whole number from 1 to 8; got 9."),
    ({"model": "network", "hidden": 2.0}, TypeError, "`hidden` must be a whole number from 1 to 8; got float 2.0."),
    ({"hidden": 4}, ValueError, "`hidden` sets the network's hidden units, and the linear model has none; got hidden=4."),
    ({"lr": 0}, ValueError, "`lr` must be a positive finite number; got 0."),
    ({"lr": -0.1}, ValueError, "`lr` must be a positive finite number; got -0.1."),
    ({"lr": math.inf}, ValueError, "`lr` must be a positive finite number; got inf."),
    ({"lr": math.nan}, ValueError, "`lr` must be a positive finite number; got nan."),
    ({"lr": "0.1"}, TypeError, "`lr` must be a positive number; got str '0.1'."),
    ({"steps": 0}, ValueError, "`steps` must be a whole number from 1 to 100000; got 0."),
    ({"steps": 100_001}, ValueError, "`steps` must be a whole number from 1 to 100000; got 100001."),
    ({"steps": 10.0}, TypeError, "`steps` must be a whole number from 1 to 100000; got float 10.0."),
    ({"steps": True}, TypeError, "`steps` must be a whole number from 1 to 100000; got bool True."),
    ({"seed": -1}, ValueError, "`seed` must be a whole number from 0 to 4294967295; got -1."),
    ({"seed": 1.5}, TypeError, "`seed` must be a whole number from 0 to 4294967295; got float 1.5."),
    ({"loss": "hinge", "gamma": 2.0}, TypeError, "`gamma` is not an option of the training loss 'hinge', which takes margin."),
    ({"loss": "mse_on_sigmoid", "margin": 1.0}, TypeError,
     "`margin` is not an option of the training loss 'mse_on_sigmoid', which takes no options."),
    ({"loss": "hinge", "margin": -1.0}, ValueError, "`margin` must be >= 0.0; got -1.0."),
    ({"loss": "focal", "alpha": 1.5}, ValueError, "`alpha` must be in [0.0, 1.0]; got 1.5."),
    ({"pos_weight": [1.0, 2.0]}, TypeError, "`pos_weight` must be a number; got list [1.0, 2.0]."),
    ({"pos_weight": -2.0}, ValueError, "`pos_weight` must be non-negative; got -2.0."),
])
def test_bad_input_to_train_gets_a_named_error(changes, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call_train(**changes)


def test_points_too_far_out_for_the_start_are_refused():
    # A seed whose documented start gives w1 + w2 beyond 1.2: the score of (1.5e308, 1.5e308) overflows.
    seed = next(seed for seed in range(1000) if abs(0.5 * np.random.default_rng(seed).standard_normal(3)[:2].sum()) > 1.2)
    X = np.array([[1.5e308, 1.5e308], [-1.5e308, -1.5e308]])
    with pytest.raises(ValueError, match=re.escape("`X` is too large for the model to start from: the scores overflowed;")):
        training.train(X, [0, 1], loss="hinge", lr=0.1, steps=5, seed=seed)


def test_labels_given_beside_a_dataset_are_refused():
    with pytest.raises(ValueError, match=re.escape("`labels` come with the Dataset; pass labels=None")):
        training.train(training.dataset("blobs"), LABELS_GOOD, loss="hinge", lr=0.1, steps=5)


def test_a_parameter_vector_of_the_wrong_length_names_the_layout():
    message = ("`params` must be a flat vector of 9 numbers for model='linear' with loss='cross_entropy' "
               "(W (2, 3), b (3,), in that order); got shape (3,).")
    with pytest.raises(ValueError, match=re.escape(message)):
        training.value_and_grad(np.zeros(3), X_GOOD, LABELS_GOOD, loss="cross_entropy", model="linear")
    with pytest.raises(ValueError, match=re.escape("`params` must be finite")):
        training.value_and_grad([0.0, math.nan, 0.0], X_GOOD, LABELS_GOOD, loss="hinge", model="linear")


@pytest.mark.parametrize(("name", "seed", "error", "message"), [
    ("moons", 0, ValueError, "`name` must be one of the presets 'blobs', 'overlapping', 'mislabeled', 'imbalanced', "
                             "'three_classes', 'circles', 'xor'; got 'moons'."),
    ("blobs", "0", TypeError, "`seed` must be a whole number from 0 to 4294967295; got str '0'."),
    ("blobs", -3, ValueError, "`seed` must be a whole number from 0 to 4294967295; got -3."),
])
def test_bad_input_to_dataset_gets_a_named_error(name, seed, error, message):
    with pytest.raises(error, match=re.escape(message)):
        training.dataset(name, seed)
