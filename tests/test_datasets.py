"""lv.datasets: the real data shipped with lossviz, its values as published and its errors for bad arguments."""

import numpy as np
import pytest

import lossviz as lv


def test_the_irises_are_fishers_150_flowers_50_of_each_species():
    flowers = lv.datasets.iris()
    assert flowers.features.shape == (150, 4) and flowers.features.dtype == np.float64
    assert flowers.labels.dtype == np.int64
    assert np.bincount(flowers.labels).tolist() == [50, 50, 50]
    assert flowers.feature_names == ("sepal length", "sepal width", "petal length", "petal width")
    assert flowers.class_names == ("setosa", "versicolor", "virginica")
    # Known rows: the first flower of each species in Fisher's table.
    assert flowers.features[0].tolist() == [5.1, 3.5, 1.4, 0.2] and flowers.labels[0] == 0
    assert flowers.features[50].tolist() == [7.0, 3.2, 4.7, 1.4] and flowers.labels[50] == 1
    assert flowers.features[100].tolist() == [6.3, 3.3, 6.0, 2.5] and flowers.labels[100] == 2
    # The means of the four measurements (cm).
    assert np.round(flowers.features.mean(axis=0), 2).tolist() == [5.84, 3.06, 3.76, 1.2]


def test_a_choice_of_classes_and_features_keeps_their_order():
    two = lv.datasets.iris(classes=["virginica", "versicolor"], features=("petal width", "petal length"))
    assert two.features.shape == (100, 2) and two.class_names == ("virginica", "versicolor")
    assert two.feature_names == ("petal width", "petal length")
    assert two.features[0].tolist() == [1.4, 4.7] and two.labels[0] == 1  # the first versicolor, now class 1
    assert np.bincount(two.labels).tolist() == [50, 50]
    one = lv.datasets.iris(classes="setosa", features="sepal width")
    assert one.features.shape == (50, 1) and set(one.labels) == {0}


def test_the_data_is_a_copy_so_changing_it_changes_no_later_call():
    lv.datasets.iris().features[0, 0] = 99.0
    assert lv.datasets.iris().features[0, 0] == 5.1


@pytest.mark.parametrize(("arguments", "message"), [
    ({"classes": ["rose"]}, "classes must be one or more names from ('setosa', 'versicolor', 'virginica'); got ('rose',)"),
    ({"classes": []}, "classes must be one or more names"),
    ({"classes": ["setosa", "setosa"]}, "names one twice"),
    ({"features": ["petal length (cm)"]}, "features must be one or more names from ('sepal length', 'sepal width', "
                                          "'petal length', 'petal width'); got ('petal length (cm)',)"),
    ({"features": 2}, "features must be a list of names from"),
])
def test_a_bad_argument_says_what_is_allowed_and_what_came(arguments, message):
    with pytest.raises(ValueError, match="iris\\(\\): ") as error:
        lv.datasets.iris(**arguments)
    assert message in str(error.value)
