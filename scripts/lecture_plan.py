"""A 50-minute lecture through the decks: which sections to show, in order, and for how long.

One line per section shown: the notebook, its heading as written, the minutes
it takes with its questions to the room. Everything else in a deck is left for
the students to read and run. `build_slides.py` turns this into the route on
slides/index.html; a test checks that every heading exists and the minutes add
up to 50.
"""

ROUTE = [
    ("00_golf_score_intuition", "A prediction, a target, and a score", 4),
    ("00_golf_score_intuition", "Explore: move the prediction", 3),
    ("01_mean_squared_error", "The definition", 3),
    ("01_mean_squared_error", "The gradient: which way, and how hard, to move each prediction", 4),
    ("01_mean_squared_error", "Explore: the parabola and its slope", 2),
    ("02_binary_cross_entropy", "From likelihood to BCE", 5),
    ("02_binary_cross_entropy", "Confidently wrong costs a lot", 3),
    ("03_cross_entropy", "Softmax: from scores to probabilities", 3),
    ("03_cross_entropy", "Cross-entropy: the surprise at the true class", 3),
    ("03_cross_entropy", "The gradient: softmax minus one-hot", 3),
    ("04_loss_guides_learning", "Gradient descent and the learning rate", 4),
    ("04_loss_guides_learning", "Two parameters: the loss landscape", 3),
    ("05_choosing_a_loss", "The five properties of a good loss", 3),
    ("05_choosing_a_loss", "MSE, MAE and Huber under an outlier", 4),
    ("06_pitfalls_and_stability", "1 · Probabilities given to CrossEntropyLoss", 3),
]
