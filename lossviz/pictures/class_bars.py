"""Pictures of a class's scores: softmax probabilities as bars, the true class highlighted, and the
gradient per class beside them (`lv.plots.cross_entropy_panel`, the cross-entropy explorer's picture)."""

import numpy as np

from lossviz import analysis
from lossviz._format import fixed
from lossviz.losses import cross_entropy
from lossviz.pictures.rendering import Plot
from lossviz.pictures.style import COLOURS, figure_for, label, size

BAR_WIDTH, PROBABILITY_LIMITS, CLASS_GRADIENT_LIMITS = 0.6, (0, 1.05), (-1.05, 1.05)  # the explorer's bars take them too


def subscript(number):  # a whole number as Unicode subscript digits (p₀), for text that is not mathtext
    return str(number).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def class_name(index, true_class):  # under its bars: the true class is named, not only coloured
    return f"class {index} (true)" if index == true_class else f"class {index}"


def surprise_text(true_class):
    return f"−log p{subscript(true_class)} = "


class ClassesPanel(Plot):
    """Scores → softmax probabilities as bars (true class highlighted), and the gradient per class."""

    def __init__(self, loss, logits, true_class, options, axes):
        figure, axes, owned = figure_for(axes, 2, width=size["width"] * 1.45)  # two panels, as loss_and_gradient
        self.loss = loss
        self.prob_ax, self.grad_ax = axes
        classes = np.arange(len(logits))
        self.prob_bars = list(self.prob_ax.bar(classes, np.zeros(len(classes)), color=COLOURS["sky"], width=BAR_WIDTH))
        self.grad_bars = list(self.grad_ax.bar(classes, np.zeros(len(classes)), color=COLOURS["sky"], width=BAR_WIDTH))
        self.grad_ax.axhline(0, color=COLOURS["black"], linewidth=0.8)
        self.loss_text = self.prob_ax.text(0.98, 0.95, "", transform=self.prob_ax.transAxes, ha="right", va="top",
                                           fontsize=size["font"])
        self.prob_ax.set_ylim(*PROBABILITY_LIMITS)
        self.grad_ax.set_ylim(*CLASS_GRADIENT_LIMITS)
        label(self.prob_ax, "", "probability $p$", "softmax of the logits")
        label(self.grad_ax, "", "$p - \\mathrm{onehot}(y)$", r"$\partial L / \partial z$ per class")
        super().__init__(figure, [*self.prob_bars, *self.grad_bars, self.loss_text], owned)
        self._still_texts = None  # the tick labels and the gradient's axis label drawn in the background
        self.update(logits, true_class, **options)

    def update(self, logits, true_class, **options):
        """New logits, a new true class or new options: only the bars and the loss text change."""
        self.logits, self.true_class, self.options = np.asarray(logits, dtype=float), int(true_class), options
        self.probabilities = analysis.softmax(self.logits)
        self.value, self.gradient = self.loss.value_and_grad(self.logits, self.true_class, **options)
        for index, (prob_bar, grad_bar) in enumerate(zip(self.prob_bars, self.grad_bars)):
            colour = COLOURS["orange"] if index == self.true_class else COLOURS["sky"]
            prob_bar.set_height(self.probabilities[index])
            grad_bar.set_height(self.gradient[index])
            for bar in (prob_bar, grad_bar):
                bar.set_facecolor(colour)
                bar.set_edgecolor(COLOURS["black"] if index == self.true_class else colour)
        # Plain text: fast. Without options that change it, the loss is the surprise −log p of the true class.
        plain = all(options.get(name, default) == default for name, default in self.loss.options.items())
        surprise = surprise_text(self.true_class) if plain else ""
        self.loss_text.set_text(f"L = {surprise}{fixed(self.value)}")
        # With label smoothing the target is no longer one-hot: the label names what the bars are. Still parts: redrawn on a change.
        names = [class_name(index, self.true_class) for index in range(len(self.logits))]
        ylabel = "$p - \\mathrm{onehot}(y)$" if plain else "$p$ − smoothed target"
        if (names, ylabel) != self._still_texts:
            self._still_texts = (names, ylabel)
            for ax in (self.prob_ax, self.grad_ax):
                ax.set_xticks(range(len(names)), names)
            self.grad_ax.set_ylabel(ylabel)
            self.refresh_background()

    def __repr__(self):
        return f"<ClassesPanel: logits {self.logits.tolist()}, class {self.true_class}, loss {self.value:.4f}>"


def cross_entropy_panel(logits=(2.0, 1.0, 0.1), true_class=0, *, axes=None, loss=cross_entropy, **options):
    """Bars of softmax(logits) with the true class highlighted, and beside them the
    gradient softmax − one-hot per class; the loss −log p(true class) is written on."""
    return ClassesPanel(loss, logits, true_class, options, axes)
