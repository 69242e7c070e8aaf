"""Real data for the lessons, shipped inside the package (no download).

Fisher's irises: 150 flowers, 50 of each of three species (setosa, versicolor, virginica),
each measured in centimetres: sepal length and width, petal length and width. Edgar Anderson
measured them; R. A. Fisher published them in "The use of multiple measurements in taxonomic
problems", Annals of Eugenics 7 (1936), 179-188. The measurements are in the public domain; the
UCI Machine Learning Repository lists the data set under CC BY 4.0 (Fisher, R. A., 1936, Iris,
https://doi.org/10.24432/C56C76). `lossviz/data/iris.csv` is scikit-learn's copy
(`sklearn/datasets/data/iris.csv`, the same values as R's `iris`, which correct two points
UCI's file gets wrong), with a header and the species written out.

>>> import lossviz as lv
>>> flowers = lv.datasets.iris()
>>> flowers.features.shape, flowers.feature_names[2], flowers.class_names
((150, 4), 'petal length', ('setosa', 'versicolor', 'virginica'))
>>> two = lv.datasets.iris(classes=("versicolor", "virginica"), features=("petal length", "petal width"))
>>> two.features.shape, two.labels[:3], two.labels[-3:]
((100, 2), array([0, 0, 0]), array([1, 1, 1]))
"""

import csv
import importlib.resources
import io
from functools import cache
from typing import NamedTuple

import numpy as np

__all__ = ["Dataset", "iris", "IRIS_FEATURES", "IRIS_CLASSES"]

IRIS_FEATURES = ("sepal length", "sepal width", "petal length", "petal width")
"""The four measurements, in centimetres, in the columns' order."""
IRIS_CLASSES = ("setosa", "versicolor", "virginica")


class Dataset(NamedTuple):
    features: np.ndarray
    """float64, one row per example, one column per feature."""
    labels: np.ndarray
    """int64, one per example: its class's index in `class_names` (0, 1, ...)."""
    feature_names: tuple
    class_names: tuple


@cache
def _iris_table():
    text = importlib.resources.files("lossviz").joinpath("data", "iris.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    assert tuple(header) == (*IRIS_FEATURES, "species"), header
    values = np.array([[float(value) for value in row[:4]] for row in body])
    species = np.array([row[4] for row in body])
    return values, species


def _chosen(argument, given, allowed):
    """`given` (None for all) as a tuple of distinct names from `allowed`, or a ValueError saying what came."""
    if given is None:
        return allowed
    if isinstance(given, str):
        given = (given,)
    try:
        given = tuple(given)
    except TypeError:
        raise ValueError(f"iris(): {argument} must be a list of names from {allowed}; got {given!r}") from None
    unknown = [name for name in given if name not in allowed]
    if unknown or not given:
        raise ValueError(f"iris(): {argument} must be one or more names from {allowed}; got {given!r}")
    if len(set(given)) != len(given):
        raise ValueError(f"iris(): {argument} names one twice; got {given!r}")
    return given


def iris(classes=None, features=None):
    """Fisher's irises as a `Dataset`: the rows of the chosen `classes` (names from `IRIS_CLASSES`,
    all three by default), the columns of the chosen `features` (names from `IRIS_FEATURES`, all
    four by default), in the order given; labels number the classes in the order given."""
    classes = _chosen("classes", classes, IRIS_CLASSES)
    features = _chosen("features", features, IRIS_FEATURES)
    values, species = _iris_table()
    rows = np.isin(species, classes)
    columns = [IRIS_FEATURES.index(name) for name in features]
    labels = np.array([classes.index(name) for name in species[rows]], dtype=np.int64)
    return Dataset(values[rows][:, columns].copy(), labels, features, classes)
