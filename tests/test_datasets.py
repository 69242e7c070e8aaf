"""The real data shipped inside lossviz: Fisher's irises, read from the package, never downloaded."""

import numpy as np
import pytest

import lossviz as lv


def test_the_irises_are_150_flowers_50_of_each_species_as_published():
    flowers = lv.datasets.iris()
    assert flowers.features.shape == (150, 4) and flowers.features.dtype == np.float64
    assert np.bincount(flowers.labels).tolist() == [50, 50, 50]
    assert flowers.features[0].tolist() == [5.1, 3.5, 1.4, 0.2] and flowers.class_names[flowers.labels[0]] == "setosa"
    assert flowers.features[-1].tolist() == [5.9, 3.0, 5.1, 1.8] and flowers.class_names[flowers.labels[-1]] == "virginica"
    # Fisher's table: the mean petal length of each species, in cm.
    means = [flowers.features[flowers.labels == label, 2].mean() for label in range(3)]
    assert np.allclose(means, [1.462, 4.26, 5.552])


def test_classes_and_features_are_chosen_by_name_in_the_order_given():
    two = lv.datasets.iris(classes=("virginica", "versicolor"), features=("petal width", "petal length"))
    assert two.features.shape == (100, 2) and two.class_names == ("virginica", "versicolor")
    whole = lv.datasets.iris()
    virginica = whole.features[whole.labels == 2][:, [3, 2]]
    assert np.array_equal(two.features[two.labels == 0], virginica)


@pytest.mark.parametrize(("arguments", "fragment"), [
    ({"classes": ("setosa", "rose")}, "classes must be one or more names from"),
    ({"features": ()}, "features must be one or more names from"),
    ({"features": ("petal width", "petal width")}, "names one twice"),
    ({"classes": 3}, "classes must be a list of names"),
])
def test_a_bad_choice_is_refused_naming_the_argument(arguments, fragment):
    with pytest.raises(ValueError, match=fragment):
        lv.datasets.iris(**arguments)
