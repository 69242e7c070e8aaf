"""The lessons' prose says what the code computes: no number in the text can drift from the output.

Two checks. Every number written with 3 or more decimals in a notebook's
markdown must be printed by that notebook's code (the prose restates a result).
And every claim in words ("thirty-six times", "about ten times", the learning
rates where descent zigzags or diverges) is listed below with the computation
that backs it, and the sentence must still say it.
"""

import json
import math
import pathlib
import re

import numpy as np
import pytest

import lossviz as lv

NOTEBOOKS = {path.name[:2]: path for path in sorted((pathlib.Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))}
DECIMALS = re.compile(r"(?<![\d.])\d+\.\d{3,}")


def cells(prefix, kind):
    notebook = json.loads(NOTEBOOKS[prefix].read_text(encoding="utf-8"))
    return [cell for cell in notebook["cells"] if cell["cell_type"] == kind]


def prose(prefix):
    """The notebook's markdown, with line breaks and runs of spaces as single spaces."""
    return " ".join(" ".join("".join(cell["source"]) for cell in cells(prefix, "markdown")).split())


def printed_numbers(prefix):
    numbers = []
    for cell in cells(prefix, "code"):
        for output in cell["outputs"]:
            text = "".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", ""))
            numbers += [abs(float(match.replace("−", "-"))) for match in re.findall(r"[-−]?\d+\.\d+", text)]
    return np.array(numbers)


def loss_ratio(loss, wrong, right, target):
    return loss(wrong, target) / loss(right, target)


def first_steps(lr):
    path = lv.analysis.descend_weight(2.0, 1.0, w0=0.15, lr=lr, steps=6)
    return path.w - 0.5


# Where the derived numbers come from: the distance to w = 0.5 is multiplied by 1 - 8 lr per step.
def shrinks_from_one_side(lr):
    distances = first_steps(lr)
    return bool(np.all(np.sign(distances) == np.sign(distances[0])) and np.all(np.diff(np.abs(distances)) < 0))


def zigzags_in(lr):
    distances = first_steps(lr)
    return bool(np.all(np.sign(distances[1:]) != np.sign(distances[:-1])) and np.all(np.diff(np.abs(distances)) < 0))


def zigzags_out(lr):
    distances = first_steps(lr)
    return bool(np.all(np.diff(np.abs(distances)) > 0))


def smoothing_is_a_softened_target(epsilon):
    """PyTorch's label smoothing = cross-entropy against 1 - ε of the one-hot plus ε shared by the classes (06, §7)."""
    import torch

    logits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]], dtype=torch.float64)
    softened = (1 - epsilon) * torch.eye(3, dtype=torch.float64)[[0, 1]] + epsilon / 3
    smoothed = torch.nn.CrossEntropyLoss(label_smoothing=epsilon)(logits, torch.tensor([0, 1]))
    return bool(torch.isclose(smoothed, torch.nn.CrossEntropyLoss()(logits, softened)))


OUTLIER_DATA = np.sort(np.append(lv.lessons.OUTLIER_DATA, 11.0))
GAUSSIAN_DATA = np.array([2.1, 1.7, 2.6, 1.9, 2.2])  # 01's five measurements

# (notebook, a sentence of its prose, the computation that must back it)
CLAIMS = [
    ("00", "scores **0.0900**, thirty-six times worse", lambda: round(loss_ratio(lv.mse, 0.7, 0.95, 1.0), 9) == 36),
    ("00", "0.3 off costs 36 times what 0.05 off costs", lambda: round(loss_ratio(lv.mse, 0.7, 0.95, 1.0), 9) == 36),
    ("00", "Model A's errors are all small (at most 0.5); model B misses by a whole unit twice",
     lambda: np.abs(np.array([2.8, 5.3, 2.0, 7.4]) - [3.0, 5.0, 2.5, 7.0]).max() == 0.5
     and (np.abs(np.array([3.5, 4.0, 3.1, 6.0]) - [3.0, 5.0, 2.5, 7.0]) >= 1).sum() == 2),
    ("00", "Both miss by 0.4 on average",
     lambda: np.isclose(np.abs([0.4, 0.4, 0.4, 0.4]).mean(), 0.4) and np.isclose(np.abs([0.0, 0.0, 0.0, 1.6]).mean(), 0.4)),
    ("01", "twice the error costs four times as much, ten times the error a hundred times",
     lambda: math.isclose(loss_ratio(lv.mse, 2.0, 1.0, 0.0), 4) and math.isclose(loss_ratio(lv.mse, 10.0, 1.0, 0.0), 100)),
    ("01", "Squaring fixes that. It does four things for us:",
     lambda: re.findall(r"(\d)\. \*\*", prose("01").split("It does four things for us:")[1].split("Small errors")[0])
     == ["1", "2", "3", "4"]),
    ("01", "about two errors in three are smaller than $\\sigma$",
     lambda: round(3 * math.erf(1 / math.sqrt(2))) == 2),  # P(|noise| < σ) = 0.6827 for Gaussian noise
    ("01", "Both are lowest at $c = 2.1$, the mean of the measurements",
     lambda: lv.lessons.likelihood_and_mse(GAUSSIAN_DATA, 0.5).lowest == {"MSE": 2.1, "NLL": 2.1}
     and math.isclose(GAUSSIAN_DATA.mean(), 2.1)),
    ("01", "Every NLL is the MSE times $5 / (2 \\cdot 0.5^2) = 10$, plus the same constant",
     lambda: np.ptp([lv.analysis.gaussian_nll(np.full(5, c), GAUSSIAN_DATA, 0.5) - 10 * lv.mse(np.full(5, c), GAUSSIAN_DATA)
                     for c in np.linspace(0.0, 4.0, 9)]) < 1e-12 and 5 / (2 * 0.5**2) == 10),
    ("02", "costs 6.9078, about ten times the 0.6931 of an honest 0.5",
     lambda: round(loss_ratio(lv.bce, 0.999, 0.5, 0.0)) == 10),
    ("02", "every further 9 after the point adds another 2.3026",
     lambda: np.allclose(np.diff([lv.bce(p, 0.0) for p in (0.9, 0.99, 0.999)]), 2.3026, atol=5e-4)),
    ("03", "($-0.341 + 0.2424 + 0.0986 = 0$)", lambda: abs(lv.cross_entropy.grad([2.0, 1.0, 0.1], 0).sum()) < 1e-12),
    ("04", "it predicts $\\hat y = 0.3$ for a target $y = 1.0$; its squared error is 0.49",
     lambda: math.isclose(lv.mse(0.15 * 2.0, 1.0), 0.49)),
    ("04", "nudged up to $w = 0.3$, the prediction becomes 0.6; nudged down to $w = 0.05$, 0.1.",
     lambda: math.isclose(0.3 * 2.0, 0.6) and math.isclose(0.05 * 2.0, 0.1)),
    ("04", "Up lowers the loss (0.49 → 0.16), down raises it (0.49 → 0.81)",
     lambda: [round(lv.mse(pred, 1.0), 2) for pred in (0.3, 0.6, 0.1)] == [0.49, 0.16, 0.81]),
    # The rates where each case begins (0.125, 0.25) are exercise 3's to find, so the prose gives only factors.
    ("04", "a factor between 0 and 1 ($\\eta = 0.01$ gives 0.92, $\\eta = 0.1$ gives 0.2): the steps shrink toward 0.5 from one side",
     lambda: [round(1 - 8 * lr, 9) for lr in (0.01, 0.1)] == [0.92, 0.2] and shrinks_from_one_side(0.01)
     and shrinks_from_one_side(0.1) and shrinks_from_one_side(0.12) and not shrinks_from_one_side(0.13)),
    ("04", "a factor between $-1$ and 0: each step lands on the other side of 0.5, nearer than before: the steps zigzag and still shrink",
     lambda: zigzags_in(0.13) and zigzags_in(0.2) and zigzags_in(0.245) and not zigzags_in(0.255)),
    ("04", "a factor below $-1$ ($\\eta = 0.3$ gives $-1.4$): each step lands further out than the last",
     lambda: round(1 - 8 * 0.3, 9) == -1.4 and zigzags_out(0.26) and zigzags_out(0.3) and not zigzags_out(0.24)),
    ("04", "grows by the factor squared, 1.96, at each step, and passes 100 times its start after 7 steps",
     lambda: (path := lv.analysis.descend_weight(2.0, 1.0, w0=0.15, lr=0.3, steps=10)).diverged and len(path.w) - 1 == 7
     and np.allclose(path.losses[1:] / path.losses[:-1], 1.96) and path.losses[-2] < 100 * path.losses[0] < path.losses[-1]),
    ("04", "The descent explorer's learning-rate slider moves in steps of 0.005 (0.005, 0.010, 0.015, …)",
     lambda: (rates := lv.explorers.lesson_explorers.DescentExplorer.RATES)[:3] == [0.005, 0.01, 0.015]
     and np.allclose(np.diff(rates), 0.005)),
    ("04", "$w = 0.5$ (where $\\hat y = 0.5 \\cdot 2 = 1$ hits the target) is multiplied by $1 - 8\\eta$ at every step",
     lambda: all(np.allclose(first_steps(lr)[1:] / first_steps(lr)[:-1], 1 - 8 * lr) for lr in (0.01, 0.1, 0.2, 0.3))),
    ("05", "every $c$ from the 4th to the 5th sorted value (3.2 to 3.5) has four points below and four above",
     lambda: OUTLIER_DATA.size == 8 and tuple(OUTLIER_DATA[3:5]) == (3.2, 3.5)),
    ("05", "`best_constant` reports the middle one, 3.35, the usual median",
     lambda: round(lv.analysis.best_constant(lv.mae, OUTLIER_DATA), 4) == 3.35 == round(float(np.median(OUTLIER_DATA)), 4)),
    ("05", "a prediction 2 below the target costs $0.9 \\cdot 2 = 1.8$, one 2 above only $0.1 \\cdot 2 = 0.2$",
     lambda: np.allclose(lv.quantile([-1.0, 3.0], [1.0, 1.0], tau=0.9, reduction="none"), [1.8, 0.2])),
    ("05", "computes the loss at about two thousand predictions spread evenly over a range, the perfect one among them",
     lambda: (grids := []) == [] and lv.analysis.loss_properties(lambda p: grids.append(p) or (p - 1.0) ** 2,
                                                                 perfect=1.0, low=-2.0, high=4.0) is not None
     and 1900 < grids[0].size < 2100 and 1.0 in grids[0] and np.allclose(np.diff(grids[0]), 6.0 / (grids[0].size - 1))),
    ("05", "weighs the terms of positive examples ($y = 1$) by $\\alpha$ and of negative ones by $1 - \\alpha$",
     lambda: all(np.allclose(lv.focal(np.linspace(-3, 3, 7), np.full(7, label), gamma=0.0, alpha=0.3, reduction="none"),
                             weight * lv.bce_with_logits(np.linspace(-3, 3, 7), np.full(7, label), reduction="none"))
                 for label, weight in ((1.0, 0.3), (0.0, 0.7)))),
    ("05", "The quantile loss has MAE's kink at the target (at $\\tau = 0.5$ it is exactly half the MAE)",
     lambda: np.allclose(lv.quantile(np.linspace(-2, 4, 13), np.ones(13), tau=0.5, reduction="none"),
                         0.5 * lv.mae(np.linspace(-2, 4, 13), np.ones(13), reduction="none"))),
    ("05", "At $\\gamma = 0$ and $\\alpha = 0.5$ focal loss is half of BCE",
     lambda: np.allclose(lv.focal(np.linspace(-6, 6, 13), np.ones(13), gamma=0.0, alpha=0.5, reduction="none"),
                         0.5 * lv.bce_with_logits(np.linspace(-6, 6, 13), np.ones(13), reduction="none"))),
    ("06", "$e^{1000}$, about $10^{434}$, is too big for float32 and float64: it becomes infinity",
     lambda: math.floor(1000 / math.log(10)) == 434 and f"{np.finfo(np.float64).max:.1e}" == "1.8e+308"
     and 1000 > math.log(np.finfo(np.float64).max)),
    ("06", "PyTorch's `label_smoothing=0.1` keeps 0.9 of the one-hot and shares 0.1 equally among the three classes",
     lambda: smoothing_is_a_softened_target(0.1)),
    ("06", "Broadcasting made a $3 \\times 3$ grid of errors, every prediction against every target, and averaged all nine squares",
     lambda: round(float(((np.array([[2.5], [3.1], [4.8]]) - [2.0, 3.0, 5.0]) ** 2).mean()), 4) == 2.5222),
    ("07", "At $z = -6$ squared error on $\\sigma(z)$ pushes with 0.0049 and BCE with 0.9975, about 200 times harder",
     lambda: round(push_at("bce_with_logits", -6.0) / push_at("mse_on_sigmoid", -6.0), -2) == 200),
    ("07", "**Focal** is quieter than BCE everywhere (its weight for class 1, $\\alpha = 0.25$, turns it down: section 3)",
     lambda: lv.focal.options["alpha"] == 0.25 and all(push_at("focal", z) < push_at("bce_with_logits", z)
                                                       for z in np.linspace(-6.0, 6.0, 121))),
    ("07", "the point is right by the **margin** $m$ (1 here)", lambda: lv.hinge.options["margin"] == 1.0),
    ("07", "the points it gets right push faintly: it moves its line toward the point",  # the crossing moves right, toward the point's x1
     lambda: training_lesson().mislabel_shift("bce_with_logits") > 0.1
     and (noisy := lv.training.dataset("mislabeled")).X[training_lesson().mislabeled_point(noisy), 0] > 1.0),
    ("07", "its line is where it would be with the label fixed",
     lambda: abs(training_lesson().mislabel_shift("mse_on_sigmoid")) < 0.01),
    ("07", "`pos_weight` finds more of the rare class, at the price of more false alarms, and the accuracy falls",
     lambda: (lambda one, nine: nine[1] > one[1] and nine[2] > one[2] and nine[0] < one[0])(heldout_counts(1.0), heldout_counts(9.0))),
    ("07", "nine points of class 0 for each point of class 1", lambda: list(np.bincount(lv.training.dataset("imbalanced").labels)) == [180, 20]),
    ("07", "A model that always says \"class 0\" is right nine times in ten",
     lambda: np.mean(lv.training.dataset("imbalanced").labels == 0) == 0.9),
    ("07", "`lv.training` starts from small random weights ($0.5$ times a seeded normal draw)",
     lambda: np.allclose(lv.training.initial_params("linear", loss="hinge"), 0.5 * np.random.default_rng(0).standard_normal(3))),
    ("07", "with the same weights 100 times smaller every score is almost 0, and the loss is $\\ln C$",
     lambda: all(abs(lv.training.value_and_grad(0.01 * lv.training.initial_params("linear", loss=name), data.X, data.labels, loss=name,
                                                model="linear")[0] - math.log(data.classes)) < 0.005
                 for data, name in ((lv.training.dataset("blobs"), "bce_with_logits"),
                                    (lv.training.dataset("three_classes"), "cross_entropy")))),
    ("07", "(The held-out loss is even a little lower here, by the luck of which 100 points were drawn.)",
     lambda: (run := lv.training.train(lv.training.dataset("overlapping"), loss="bce_with_logits", lr=0.1, steps=200)).heldout_losses[-1]
     < run.losses[-1] and lv.training.PRESETS["overlapping"].heldout_size == 100),
    ("07", "while the held-out loss turns early and climbs", lambda: overfits()),
]


def training_lesson():
    from lossviz.pictures import training_lesson as module

    return module


def push_at(loss, z):
    """|dL/dz| of one point of class 1 at the score z (07, section 1)."""
    return abs(float(training_lesson().point_slopes(loss, [z], 1)[0]))


def heldout_counts(pos_weight):
    """07, section 5: (held-out accuracy, class-1 points found, false alarms) after BCE with `pos_weight`."""
    rare = lv.training.dataset("imbalanced")
    run = lv.training.train(rare, loss="bce_with_logits", lr=0.5, steps=300, pos_weight=pos_weight)
    says_1 = lv.training.scores(run.params[-1], rare.heldout_X, loss="bce_with_logits", model="linear") > 0
    is_1 = rare.heldout_labels == 1
    return float(np.mean(says_1 == is_1)), int(says_1[is_1].sum()), int(says_1[~is_1].sum())


def overfits():
    """07, section 7: the network on 20 points; its held-out loss is lowest early, then climbs far above it."""
    both = lv.training.dataset("overlapping")
    few = np.r_[0:10, 60:70]
    assert list(both.labels[few]) == [0] * 10 + [1] * 10  # "the first 10 points of each class"
    small = lv.training.Dataset(both.X[few], both.labels[few], both.heldout_X, both.heldout_labels, 2, "20 points")
    run = lv.training.train(small, loss="bce_with_logits", model="network", hidden=8, lr=0.5, steps=1000)
    lowest = int(np.argmin(run.heldout_losses))
    return lowest < 100 and run.heldout_losses[-1] > 2 * run.heldout_losses[lowest] and run.accuracy[-1] == 1.0


@pytest.mark.parametrize("prefix", NOTEBOOKS)
def test_every_number_the_prose_restates_is_printed_by_the_code(prefix):
    printed = printed_numbers(prefix)
    text = prose(prefix)
    claimed = " ".join(sentence for notebook, sentence, _ in CLAIMS if notebook == prefix)
    for number in DECIMALS.findall(text):
        if number in claimed:
            continue  # a derived number, backed by its computation in CLAIMS
        assert np.any(np.abs(printed - float(number)) < 5e-5), f"{prefix}: the prose says {number}, no cell prints it"


@pytest.mark.parametrize(("prefix", "sentence", "backed"), CLAIMS, ids=[f"{row[0]}-{i}" for i, row in enumerate(CLAIMS)])
def test_every_claim_in_words_is_still_said_and_still_true(prefix, sentence, backed):
    assert sentence in prose(prefix), f"{prefix} no longer says: {sentence}"
    assert backed(), f"{prefix}: the computation no longer backs: {sentence}"
