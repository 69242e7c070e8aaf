"""The training explorer's data sets: small, seeded point clouds in the plane, each made to show one thing.

`dataset(name, seed)` draws one preset from ``np.random.default_rng(seed)``: the same name and seed give
the same points on every machine, so Python and the browser train on the same data. Every coordinate lies
in [-3, 3] (a point drawn outside is drawn again), so the explorer's axes never move. Labels are integers
0, 1 (and 2 for three classes); the presets that have a held-out set draw it after the training set, from
the same distribution, so the training points do not depend on it.

>>> from lossviz.training_data import PRESETS, dataset
>>> data = dataset("imbalanced", seed=0)
>>> data.X.shape, int((data.labels == 1).sum()), data.heldout_X.shape
((200, 2), 20, (100, 2))
>>> PRESETS["xor"].model
'network'
"""

import math
from typing import NamedTuple, Optional

import numpy as np

from lossviz import _arrays

BOX = 3.0
"""Every coordinate lies in [-BOX, BOX]."""
MAX_SEED = 2**32 - 1


class Preset(NamedTuple):
    """What a preset promises: the tests check each against `dataset`'s points."""

    description: str
    classes: int
    size: int
    """N, the number of training points."""
    heldout_size: int
    """The number of held-out points; 0 for a preset without a held-out set."""
    model: str
    """The model the preset is made for: "linear", or "network" where no line can split the classes."""


class Dataset(NamedTuple):
    """A data set to train on: points, labels and, where there is one, a held-out set."""

    X: np.ndarray
    """float64, shape (N, 2): one point of the plane per row."""
    labels: np.ndarray
    """int64, shape (N,): each point's class, 0 .. classes - 1."""
    heldout_X: Optional[np.ndarray]
    """float64, shape (M, 2), or None: points the model never trains on."""
    heldout_labels: Optional[np.ndarray]
    """int64, shape (M,), or None."""
    classes: int
    description: str


PRESETS = {
    "blobs": Preset("two separable blobs: a line splits them with room to spare", 2, 100, 0, "linear"),
    "overlapping": Preset("two overlapping blobs: no line gets every point right", 2, 120, 100, "linear"),
    "mislabeled": Preset("two separable blobs, one point of the right-hand blob labelled 0: an outlier in the labels",
                         2, 80, 0, "linear"),
    "imbalanced": Preset("nine points of class 0 for each point of class 1 (180 against 20)", 2, 200, 100, "linear"),
    "three_classes": Preset("three blobs, one per class, for cross-entropy's softmax", 3, 120, 60, "linear"),
    "circles": Preset("a disc of class 1 inside a ring of class 0: no line splits them", 2, 120, 60, "network"),
    "xor": Preset("opposite quadrants share a class (XOR): no line splits them", 2, 120, 60, "network"),
}
"""Every preset by name, in the order an explorer lists them."""

# The two blobs' centres, and the unit vector from the first to the second: the midline across it splits them.
_BLOB_CENTRES = np.array([[-1.2, -0.8], [1.2, 0.8]])
_BLOB_AXIS = (_BLOB_CENTRES[1] - _BLOB_CENTRES[0]) / np.linalg.norm(_BLOB_CENTRES[1] - _BLOB_CENTRES[0])
_BLOB_GAP = 0.5
"""A separable blob's points lie at least this far from the midline, on their own side."""


def dataset(name, seed=0):
    """The preset `name` (a key of `PRESETS`) drawn with `seed`, as a `Dataset`."""
    if not isinstance(name, str) or name not in PRESETS:
        raise ValueError(f"`name` must be one of the presets {', '.join(map(repr, PRESETS))}; got {name!r}.")
    preset = PRESETS[name]
    rng = np.random.default_rng(_arrays.whole_number_in(seed, "seed", 0, MAX_SEED))
    X, labels = _DRAW[name](rng, preset.size)
    heldout_X = heldout_labels = None
    if preset.heldout_size:
        heldout_X, heldout_labels = _DRAW[name](rng, preset.heldout_size)
    return Dataset(X, labels, heldout_X, heldout_labels, preset.classes, preset.description)


def _inside(draw, rng, n, keep=None):
    """n points from ``draw(rng, count)``, each drawn again while it falls outside the box (or `keep` refuses it)."""
    points = np.empty((0, 2))
    while len(points) < n:
        drawn = draw(rng, n - len(points))
        kept = (np.abs(drawn) <= BOX).all(axis=1)
        if keep is not None:
            kept &= keep(drawn)
        points = np.concatenate([points, drawn[kept]])
    return points


def _normal(centre, spread):
    return lambda rng, count: rng.normal(centre, spread, (count, 2))


def _classes(*clouds):
    """Points and labels from one cloud per class, class 0 first."""
    labels = np.concatenate([np.full(len(cloud), label, dtype=np.int64) for label, cloud in enumerate(clouds)])
    return np.concatenate(clouds), labels


def _separable_blobs(rng, n):
    """n / 2 points per blob, each on its own side of the midline and at least `_BLOB_GAP` from it."""
    sides = (-1.0, 1.0)
    return _classes(*(_inside(_normal(centre, 0.6), rng, n // 2, lambda points, side=side: side * (points @ _BLOB_AXIS) >= _BLOB_GAP)
                      for centre, side in zip(_BLOB_CENTRES, sides)))


def _mislabeled(rng, n):
    X, labels = _separable_blobs(rng, n)
    # The point of the right-hand blob farthest from the midline: the label a line cannot bend to.
    right = np.flatnonzero(labels == 1)
    labels[right[np.argmax(X[right] @ _BLOB_AXIS)]] = 0
    return X, labels


def _overlapping(rng, n):
    return _classes(*(_inside(_normal(centre, 1.0), rng, n // 2) for centre in ([-0.6, -0.4], [0.6, 0.4])))


def _imbalanced(rng, n):
    rare = n // 10
    return _classes(_inside(_normal([-0.5, -0.3], 0.9), rng, n - rare), _inside(_normal([1.2, 0.9], 0.6), rng, rare))


def _three_classes(rng, n):
    angles = np.radians([90.0, 210.0, 330.0])
    centres = 1.6 * np.column_stack([np.cos(angles), np.sin(angles)])
    return _classes(*(_inside(_normal(centre, 0.55), rng, n // 3) for centre in centres))


def _ring(low, high):
    """Points spread evenly over the ring (a disc when low = 0) between radii low and high."""
    def draw(rng, count):
        # sqrt of a uniform area share: even per area, not crowded at the centre
        radius = np.sqrt(rng.uniform(low**2, high**2, count))
        angle = rng.uniform(0.0, 2 * math.pi, count)
        return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return draw


def _circles(rng, n):
    ring, disc = _inside(_ring(1.7, 2.7), rng, n // 2), _inside(_ring(0.0, 1.0), rng, n // 2)
    return _classes(ring, disc)


def _xor(rng, n):
    """n / 4 points per quadrant, at least 0.25 from both axes; class 1 where x and y share a sign."""
    def quadrant(signs):
        return lambda rng, count: np.asarray(signs) * rng.uniform(0.25, 2.5, (count, 2))

    clouds = [_inside(quadrant(signs), rng, n // 4) for signs in ((1, -1), (-1, 1), (1, 1), (-1, -1))]
    return _classes(np.concatenate(clouds[:2]), np.concatenate(clouds[2:]))


_DRAW = {"blobs": _separable_blobs, "overlapping": _overlapping, "mislabeled": _mislabeled, "imbalanced": _imbalanced,
         "three_classes": _three_classes, "circles": _circles, "xor": _xor}
