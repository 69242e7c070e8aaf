"""The public API that notebooks, plots and explorers rely on."""

import inspect
import pathlib
import re
import subprocess
import sys

import numpy as np
import pytest
import torch

import lossviz as lv
from cases import REDUCTIONS, random_case
from lossviz._loss import TASKS
from lossviz.extend import Terms, matching_floats


DESIGN_LOSSES = ["mse", "mae", "huber", "bce", "bce_with_logits", "cross_entropy", "nll"]
"""The losses the team's design document (DESIGN.md, kept beside the repository) names as public API;
the registry may hold more."""


def test_registry_holds_every_loss_of_the_design_and_each_is_lv_name():
    assert set(DESIGN_LOSSES) <= set(lv.LOSSES)
    for name, loss in lv.LOSSES.items():
        assert getattr(lv, name) is loss
        assert loss.name == name
        assert name in dir(lv)


def test_registry_lists_losses_grouped_by_task():
    tasks = [loss.task for loss in lv.LOSSES.values()]
    assert tasks == sorted(tasks, key=TASKS.index)


def squared_error(pred, target):
    """A real loss for the definitions below: only their metadata and contract differ from MSE's."""
    pred, target = matching_floats(pred, "pred", target, "target")
    return Terms((pred - target) ** 2, grad=lambda scale: 2 * (pred - target) * scale, denominator=pred.size)


def test_a_name_already_defined_is_refused():
    with pytest.raises(ValueError, match="a loss named 'mse' is already defined"):
        lv.define_loss(**{**metadata_of(lv.mse), "name": "mse"})(squared_error)


def metadata_of(loss):
    return {
        "name": loss.name, "title": loss.title, "short_name": loss.short_name, "task": loss.task,
        "formula": loss.formula, "grad_formula": loss.grad_formula, "pytorch": loss.pytorch,
        "colour": loss.colour, "pred_symbol": loss.pred_symbol, "pred_text": loss.pred_text,
        "pred_words": loss.pred_words, "pred_range": loss.pred_range, "example": loss.example,
        "target_range": loss.target_range, "target_labels": loss.target_labels, "js": loss.js,
        "target_domain": loss.target_domain, "best_prediction": loss.best_prediction, "nonnegative": loss.nonnegative,
        "zero_minimum": loss.zero_minimum, "reductions": loss.reductions,
    }


# A contract the loss's own numbers contradict is refused when the loss is made, not found in a lesson.
@pytest.mark.parametrize(("change", "field", "needs"), [
    ({"zero_minimum": False}, "zero_minimum", "True: the loss at the best prediction 1 is 0"),
    ({"best_prediction": lambda target, **options: target + 1}, "best_prediction",
     "where the slope is 0, the bottom of the loss: at ŷ = 2 (its best for the example's target 1) the slope is 2"),
    ({"best_prediction": lambda target, **options: target + 1, "pred_domain": (-2.0, 1.5), "pred_range": (-2.0, 1.5)},
     "best_prediction", "a prediction the loss accepts, in (-2.0, 1.5): for the example's target 1 it gives 2"),
    ({"nonnegative": "yes"}, "nonnegative", "True or False"),
    ({"best_prediction": 1.0}, "best_prediction", "a function best(target, **options)"),
    ({"reductions": ("mean", "sum")}, "reductions", "a tuple holding ('mean', 'sum', 'none')"),
    ({"reductions": ("mean", "sum", "none", "median")}, "reductions", "'batchmean' where the loss has it"),
    ({"target_domain": None}, "target_domain", "a Domain"),
    ({"target_domain": lv.extend.COUNTS}, "target_range", "inside `target_domain` (counts, 0 or more)"),
])
def test_a_contract_the_loss_contradicts_is_refused_naming_the_field(change, field, needs):
    with pytest.raises(ValueError, match=re.escape(f"define_loss(toy): `{field}` must be")) as refused:
        lv.define_loss(**{**metadata_of(lv.mse), "name": "toy", **change})(squared_error)
    assert needs in str(refused.value) and "toy" not in lv.LOSSES


def test_a_loss_whose_terms_go_negative_cannot_claim_they_do_not():
    def below_zero(pred, target):
        pred, target = matching_floats(pred, "pred", target, "target")
        return Terms(pred - target, grad=lambda scale: np.full(pred.shape, scale), denominator=pred.size)

    with pytest.raises(ValueError, match=re.escape("define_loss(toy): `nonnegative` must be False: the loss is -3 at ŷ = -2 ")):
        lv.define_loss(**{**metadata_of(lv.mse), "name": "toy", "best_prediction": None})(below_zero)


def test_a_loss_that_claims_negative_terms_must_show_one_and_one_that_approaches_zero_must_say_so():
    with pytest.raises(ValueError, match=re.escape("`nonnegative` must be True, or the example's target must show a negative term")):
        lv.define_loss(**{**metadata_of(lv.mse), "name": "toy", "nonnegative": False})(squared_error)
    # A score's loss that falls toward 0 as the score grows certain, claimed not to reach 0.
    with pytest.raises(ValueError, match=re.escape("define_loss(toy): `zero_minimum` must be True: the loss falls to")):
        lv.define_loss(**{**metadata_of(lv.bce_with_logits), "name": "toy", "zero_minimum": False})(lv.bce_with_logits._terms)


def test_a_best_prediction_at_the_domains_end_must_be_its_lowest_point():
    # BCE's best probability for y = 1 is 1, the end of [0, 1], where the slope need not be 0; 1 - y is its worst.
    with pytest.raises(ValueError, match=re.escape("`best_prediction` must be the lowest point: the loss at 0 is 100, but")):
        lv.define_loss(**{**metadata_of(lv.bce), "name": "toy", "pred_domain": lv.bce.pred_domain,
                          "best_prediction": lambda target, **options: 1 - target})(lv.bce._terms)


def test_a_yes_no_loss_gives_labels_not_a_target_domain():
    with pytest.raises(ValueError, match=re.escape("`target_domain` must be None for a yes/no or a class loss")):
        lv.define_loss(**{**metadata_of(lv.bce_with_logits), "name": "toy", "target_domain": lv.extend.PROBABILITIES})(
            lv.bce_with_logits._terms)


@pytest.mark.parametrize(("change", "field", "needs"), [
    ({"target_range": None}, "target_range", "for a loss whose target is a number"),
    ({"task": "binary", "target_labels": None}, "target_labels", "two labels"),
    ({"task": "ranking"}, "task", "one of"),
    ({"pred_range": (4.0, -2.0)}, "pred_range", "low < high"),
    ({"pred_range": (-2.0, float("inf"))}, "pred_range", "two finite numbers"),
    ({"pred_range": (-0.5, 0.5), "pred_domain": (0.0, 1.0)}, "pred_range", "inside `pred_domain`"),
    ({"pytorch": "torch.nn.functional.l1_loss"}, "pytorch", "a torch.nn loss class"),
    ({"pytorch": "k * (pred - target) ** 2"}, "pytorch", "give `reference=`"),
    ({"sliders": {"k": (0.0, 1.0)}}, "sliders['k']", "a Slider(symbol, low, high, step)"),
    ({"sliders": {"k": lv.Slider("k", 2.0, 1.0, 0.1)}}, "sliders['k']", "low < high"),
    ({"example": 0.5}, "example", "(prediction, target)"),
    ({"js": None}, "js", "the explorer draws from it"),
])
def test_an_incomplete_or_inconsistent_definition_is_refused_naming_the_field(change, field, needs):
    def toy(pred, target, *, k=1.0):
        return None

    with pytest.raises(ValueError, match=re.escape(f"define_loss(toy): `{field}` must be")) as refused:
        lv.define_loss(**{**metadata_of(lv.mse), "name": "toy", **change})(toy)
    assert needs in str(refused.value) and "toy" not in lv.LOSSES


@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_metadata_is_complete(loss):
    assert loss.title and loss.short_name and loss.formula and loss.grad_formula and loss.pred_symbol
    assert loss.pred_text and loss.pred_words and loss.axis_label.endswith(f"${loss.pred_symbol}$")
    assert loss.task in TASKS
    assert re.fullmatch("#[0-9A-F]{6}", loss.colour)
    low, high = loss.pred_range
    assert loss.pred_domain[0] <= low < high <= loss.pred_domain[1]
    if loss.task == "binary":
        assert loss.target_labels is not None and len(loss.target_labels) == 2
    if loss.target_range is not None:
        assert loss.target_range[0] < loss.target_range[1]
    pred, target = loss.example
    assert np.isfinite(loss(pred, target))


@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_each_slider_covers_its_options_default_and_the_loss_accepts_its_whole_range(loss):
    pred, target = loss.example
    for option, slider in loss.sliders.items():
        default = loss.options[option]
        assert slider.low <= default <= slider.high, f"{loss.name}.{option}: default {default} outside the slider"
        steps = (slider.high - slider.low) / slider.step
        assert abs(steps - round(steps)) < 1e-9 and 10 <= round(steps) <= 400
        for value in np.linspace(slider.low, slider.high, 7):
            assert np.isfinite(loss(pred, target, **{option: float(value)}))


@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_the_pytorch_reference_runs_on_the_example(loss):
    pred, target = loss.example
    pred = torch.tensor(pred, dtype=torch.float64)
    target = torch.tensor(target) if loss.task == "multiclass" else torch.tensor(target, dtype=torch.float64)
    assert float(loss.torch(pred, target)) == pytest.approx(loss(*loss.example), rel=1e-12)


def test_bce_slider_range_stays_strictly_inside_zero_one():
    low, high = lv.bce.pred_range
    assert 0 < low < high < 1


@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_docstring_and_signature_show_in_help(loss):
    signature = inspect.signature(loss)
    assert signature.parameters["reduction"].default == "mean"
    assert signature.parameters["reduction"].kind is inspect.Parameter.KEYWORD_ONLY
    assert "PyTorch equivalent" in loss.__doc__ and "Examples" in loss.__doc__
    assert loss.pytorch.split("(")[0] in loss.__doc__


def test_options_are_read_from_the_signature():
    assert lv.focal.options == {"gamma": 2.0, "alpha": 0.25}
    assert lv.mse.options == {}
    assert lv.huber.options == {"delta": 1.0}
    assert lv.cross_entropy.options == {"weight": None, "label_smoothing": 0.0, "ignore_index": -100}


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", lv.LOSSES)
def test_return_types_and_gradient_shape(name, reduction):
    loss = lv.LOSSES[name]
    args, options = random_case(loss, seed=3)
    value = loss(*args, reduction=reduction, **options)
    if reduction == "none":
        assert isinstance(value, np.ndarray)
    else:
        assert type(value) is float  # not np.float64, which prints as np.float64(...)
    assert loss.grad(*args, reduction=reduction, **options).shape == np.shape(args[0])


def test_reduced_value_prints_as_a_plain_number():
    assert repr(lv.mse([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])) == "0.375"


def test_none_gradient_is_each_elements_own_derivative():
    pred, target = [3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]
    np.testing.assert_array_equal(lv.mse.grad(pred, target, reduction="none"), [1.0, -1.0, 0.0, -2.0])
    np.testing.assert_array_equal(lv.mse.grad(pred, target, reduction="sum"), [1.0, -1.0, 0.0, -2.0])


@pytest.mark.parametrize(
    ("pred", "target", "value_dtype", "grad_dtype"),
    [
        ([1.0, 2.0], [1.0, 3.0], np.float64, np.float64),
        (np.array([1.0, 2.0], np.float32), np.array([1.0, 3.0], np.float32), np.float32, np.float32),
        (np.array([1.0, 2.0], np.float32), [1, 3], np.float32, np.float32),  # integer targets keep float32
        # Mixed: computed in the wider dtype; the gradient in the prediction's, as PyTorch's autograd.
        (np.array([1.0, 2.0], np.float32), np.array([1.0, 3.0]), np.float64, np.float32),
        ([1, 2], [1, 3], np.float64, np.float64),
        (np.array([1.0, 2.0], np.float16), [1.0, 3.0], np.float64, np.float64),
    ],
)
def test_float64_unless_the_input_is_float32(pred, target, value_dtype, grad_dtype):
    assert lv.mse(pred, target, reduction="none").dtype == value_dtype
    assert lv.mse.grad(pred, target).dtype == grad_dtype


def test_a_float32_prediction_gets_pytorchs_gradient_dtype_beside_a_float64_target():
    pred = torch.tensor([1.0, 2.0], dtype=torch.float32, requires_grad=True)
    torch.nn.functional.mse_loss(pred, torch.tensor([1.0, 3.0], dtype=torch.float64)).backward()
    ours = lv.mse.grad(np.array([1.0, 2.0], np.float32), np.array([1.0, 3.0]))
    assert str(ours.dtype) == str(pred.grad.dtype).removeprefix("torch.")
    np.testing.assert_array_equal(ours, pred.grad.numpy())


def test_scalars_and_zero_d_arrays():
    assert lv.mse(0.7, 1.0) == pytest.approx(0.09)
    grad = lv.mse.grad(0.7, 1.0)
    assert isinstance(grad, np.ndarray) and grad.shape == ()


def test_inputs_are_not_modified():
    pred, target = np.array([0.2, 0.9]), np.array([0.0, 1.0])
    lv.bce.grad(pred, target, weight=np.array([1.0, 2.0]))
    np.testing.assert_array_equal(pred, [0.2, 0.9])
    np.testing.assert_array_equal(target, [0.0, 1.0])


def test_repr_names_the_loss_and_its_pytorch_class():
    assert repr(lv.mse) == "<loss mse: Mean squared error (torch.nn.MSELoss)>"


def _run_python(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_importing_lossviz_does_not_import_torch():
    result = _run_python("import sys, lossviz; print('torch' in sys.modules)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_lossviz_works_with_torch_absent():
    code = (
        "import sys\n"
        "sys.modules['torch'] = None  # makes `import torch` raise ImportError\n"
        "import lossviz as lv\n"
        "print(lv.mse([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]))\n"
    )
    result = _run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0.375"


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", lv.LOSSES)
def test_value_and_grad_equals_the_two_calls(name, reduction):
    loss = lv.LOSSES[name]
    args, options = random_case(loss, seed=11)
    value, grad = loss.value_and_grad(*args, reduction=reduction, **options)
    np.testing.assert_array_equal(value, loss(*args, reduction=reduction, **options))
    np.testing.assert_array_equal(grad, loss.grad(*args, reduction=reduction, **options))


def test_pictures_and_sliders_load_on_first_use():
    code = (
        "import sys, lossviz as lv\n"
        "print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)\n"
        "explorer = lv.explore(lv.mse)\n"
        "print(type(explorer).__name__, lv.classroom is lv.style.classroom)\n"
    )
    result = _run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "LossExplorer", "True"]


def test_a_perfect_prediction_scores_plain_zero_not_minus_zero():
    values = lv.bce([1.0, 0.0], [1.0, 0.0], reduction="none")
    assert str(values) == "[0. 0.]"
    # The exact loss, log(1 + 2e^-1000), is below the smallest float: 0.0, never -0.0.
    assert repr(lv.cross_entropy([[1000.0, 0.0, 0.0]], [0])) == "0.0"


@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_a_gradient_can_be_asked_for_twice_and_leaves_the_value_alone(loss):
    # No call-once contract: a Terms' gradient never overwrites what the forward pass computed.
    args, options = random_case(loss, seed=13)
    terms = loss._terms(*args, **options)
    values = np.array(terms.values, copy=True)
    first = np.array(terms.grad(1.0), copy=True)
    np.testing.assert_array_equal(terms.grad(1.0), first)
    np.testing.assert_array_equal(terms.values, values)


def test_the_readmes_code_uses_only_public_modules_and_the_extension_api_is_lvs_own():
    readme = (pathlib.Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```python\n(.*?)```", readme, re.S))
    assert "define_loss" in code and not re.findall(r"lossviz\._\w+", code), re.findall(r"lossviz\._\w+", code)
    from lossviz import extend

    assert extend.define_loss is lv.define_loss and extend.Terms is lv.Terms and extend.Slider is lv.Slider
    with pytest.raises(ValueError, match="shapes must match exactly"):
        extend.matching_floats([1.0, 2.0], "pred", [1.0], "target")


def test_the_readmes_new_loss_is_accepted_and_works_as_written():
    readme = (pathlib.Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    (definition,) = [block for block in re.findall(r"```python\n(.*?)```", readme, re.S) if "define_loss" in block]
    try:
        exec("import lossviz as lv\n" + definition.replace("lv.explore(lv.scaled)", "explorer = lv.explore(lv.scaled)"), {})
        assert lv.scaled(0.5, 1.0) == 0.5 and lv.scaled.perfect_prediction(1.0) == 1.0
        assert lv.scaled.colour not in [loss.colour for loss in lv.LOSSES.values() if loss.task == "regression" and loss is not lv.scaled]
    finally:
        lv.LOSSES.pop("scaled", None)
