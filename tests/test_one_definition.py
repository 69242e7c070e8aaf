"""A new loss is one definition: defined here, in the test, it appears everywhere at once.

The toy loss below is a scaled squared error against the square root of a
count, with one option, `k`: a contract unlike MSE's (targets >= 0, and the
best prediction for y is √y, not y). Nothing else in the repository knows of
it (its exact 60-digit reference, which the numerics tests ask of every loss,
is registered by the plugin too), yet it shows in `LOSSES` and as
``lv.toy_scaled``, gets an explorer with a slider for `k`, draws in an overlay
and in the gallery's atlas, and runs through the generic API, property and
PyTorch-parity tests (in a separate pytest run that loads the definition as a
plugin).
"""

import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import torch

import lossviz as lv
from lossviz import explorers
from lossviz.pictures import plots

TOY_DEFINITION = textwrap.dedent('''
    import numpy as np

    import lossviz as lv
    from lossviz.extend import COUNTS, Terms, check_domain, matching_floats, torch_reduce

    @lv.define_loss(
        name="toy_scaled",
        title="Scaled squared error",
        short_name="Toy",
        task="regression",
        target_domain=COUNTS,
        best_prediction=lambda target, **options: np.sqrt(target),
        nonnegative=True,
        zero_minimum=True,
        formula=r"L = \\frac{1}{n}\\sum_i k\\,(\\hat y_i - \\sqrt{y_i})^2",
        grad_formula=r"\\frac{\\partial L}{\\partial \\hat y_i} = \\frac{2k}{n}(\\hat y_i - \\sqrt{y_i})",
        pytorch="k * (pred - target.sqrt()) ** 2",
        reference=lambda pred, target, *, reduction, k: torch_reduce(k * (pred - target.sqrt()) ** 2, reduction),
        colour="#CC79A7",
        pred_symbol=r"\\hat y", pred_text="ŷ", pred_words="prediction",
        pred_range=(-2.0, 4.0), target_range=(0.0, 9.0), example=(0.5, 1.0),
        sliders={"k": lv.Slider("k", 0.5, 3.0, 0.25)},
        js="{value: (p, y, { k }) => k * (p - Math.sqrt(y)) ** 2, grad: (p, y, { k }) => 2 * k * (p - Math.sqrt(y))}",
    )
    def toy_scaled(pred, target, *, k=2.0):
        """Scaled squared error: k times the squared error from the square root of a count.

        PyTorch equivalent: ``k * (pred - target.sqrt()) ** 2``.

        Examples
        --------
        >>> round(lv.toy_scaled(0.5, 1.0), 4)
        0.5
        """
        pred, target = matching_floats(pred, "pred", target, "target")
        check_domain(target, "target", COUNTS)
        error = pred - np.sqrt(target)
        return Terms(k * error**2, grad=lambda scale: error * (2 * k * scale), denominator=error.size)


    def pytest_sessionstart(session):
        import cases  # the tests' own module: there only when pytest runs

        def exact(p, y, k=2.0):
            error = p - cases.MP.sqrt(y)
            return k * error**2, k * error**2, 2 * k * error, abs(2 * k * error)

        cases.EXACT_TERMS["toy_scaled"] = cases._per_element(exact)
''')


@pytest.fixture
def toy():
    namespace = {}
    exec(TOY_DEFINITION, namespace)  # the one definition, as a learner would write it in a cell
    try:
        yield namespace["toy_scaled"]
    finally:
        del lv.LOSSES["toy_scaled"]


def test_the_definition_is_in_the_registry_and_the_package(toy):
    assert lv.LOSSES["toy_scaled"] is toy is lv.toy_scaled
    assert toy(0.5, 1.0) == 0.5 and toy(0.5, 1.0, k=3.0) == 0.75
    assert toy.options == {"k": 2.0}


def test_its_explorer_has_a_slider_for_its_option(toy):
    explorer = explorers.explore(toy)
    assert list(explorer.controls) == ["prediction", "target", "k"]
    k = explorer.controls["k"]
    assert (k.min, k.max, k.step, k.value) == (0.5, 3.0, 0.25, 2.0)
    k.value = 3.0
    assert "0.7500" in explorer.readout()  # L = 3 * (0.5 - 1)**2
    assert explorer.state["k"] == 3.0 and toy.js in explorer._esm  # the browser draws it from its own formula
    xs, ys = explorer.plot.curve.curve.get_data()
    np.testing.assert_allclose(ys, toy(xs, np.ones_like(xs), k=3.0, reduction="none"))
    explorer.close()


def test_it_draws_in_an_overlay_and_in_the_gallery(toy):
    overlay = plots.overlay([lv.mse, toy], 1.0, options=[{}, {"k": 0.5}])
    labels = [line.get_label() for line in overlay.lines]
    assert labels == ["MSE", "Toy (k = 0.5)"]
    np.testing.assert_allclose(overlay.lines[1].get_ydata(), lv.mse(overlay.lines[1].get_xdata(),
                               np.ones(plots.CURVE_POINTS), reduction="none") * 0.5)
    atlas = lv.gallery.FIGURES["every_loss"]()
    titles = [ax.get_title() for ax in atlas.figure.axes if ax.get_visible()]
    assert titles == [loss.title for loss in lv.LOSSES.values()] and "Scaled squared error" in titles


def test_its_pytorch_reference_agrees(toy):
    pred = torch.tensor([0.5, 2.0], dtype=torch.float64, requires_grad=True)
    value = toy.torch(pred, torch.tensor([1.0, 1.0], dtype=torch.float64), k=1.5)
    value.backward()
    assert float(value.detach()) == pytest.approx(toy([0.5, 2.0], [1.0, 1.0], k=1.5), rel=1e-12)
    np.testing.assert_allclose(pred.grad.numpy(), toy.grad([0.5, 2.0], [1.0, 1.0], k=1.5), rtol=1e-12)


# The generic tests every registered loss gets, each of which must run for the toy loss too.
GENERIC_TESTS = {
    "tests/test_api.py": ["test_metadata_is_complete", "test_each_slider_covers_its_options_default",
                          "test_the_pytorch_reference_runs_on_the_example", "test_docstring_and_signature_show_in_help",
                          "test_return_types_and_gradient_shape", "test_value_and_grad_equals_the_two_calls",
                          "test_a_gradient_can_be_asked_for_twice"],
    "tests/test_properties.py": ["test_non_negative", "test_the_best_prediction_is_each_elements_minimum",
                                 "test_gradient_equals_central_finite_differences",
                                 "test_the_loss_grows_as_the_prediction_moves_away_from_its_best",
                                 "test_sum_is_mean_times_the_number_of_elements", "test_order_of_samples_does_not_matter"],
    "tests/test_numerics.py": ["test_the_exact_reference_agrees_with_pytorch_at_ordinary_inputs",
                               "test_every_loss_is_exact_at_random_and_extreme_inputs"],
    "tests/test_bad_input.py": ["test_a_target_outside_the_contracts_domain_is_refused_naming_it",
                                "test_a_reduction_the_loss_does_not_take_is_refused"],
    "tests/test_parity.py": ["test_random_inputs_match_pytorch", "test_extreme_inputs_match_pytorch_and_stay_finite",
                             "test_torch_tensors_are_accepted_without_tracking_gradients"],
    "tests/test_plots.py": ["test_loss_curve_draws_the_loss_and_marks_the_prediction", "test_gradient_curve_draws_the_gradient",
                            "test_arrow_points_downhill"],
    "tests/test_widgets.py": ["test_moving_the_prediction_updates_readout_and_plot"],
}


def test_the_generic_tests_pick_it_up(tmp_path):
    (tmp_path / "toy_loss_plugin.py").write_text(TOY_DEFINITION)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "toy_loss_plugin", "-p", "no:cacheprovider", "-q", "-rA",
         "--no-header", "-o", "addopts=", "-k", "toy_scaled", *GENERIC_TESTS],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(tmp_path)}, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    passed = set(re.findall(r"^PASSED \S+::(\w+)\[", result.stdout, flags=re.MULTILINE))
    for names in GENERIC_TESTS.values():
        for name in names:
            assert any(test.startswith(name) for test in passed), f"{name} did not run for the toy loss"

