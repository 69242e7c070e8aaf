"""The 50-minute lecture's pacing: every slide of lecture/lecture.ipynb, in order, with its minutes.

One line per slide: its heading as written, and the minutes it takes with its
question to the room. `build_slides.py` gives each slide its time (reveal.js's
`data-timing`, which the speaker view paces against) and lists the plan on
slides/index.html; a test checks that the headings are the deck's slides, in
order, and that the minutes add up to 50. Which lesson teaches each slide at
length is the lesson's "lecture" in notebooks/lessons.json, by these headings.
"""

PACE = [
    ("Loss functions: how a model learns from its mistakes", 1),
    ("A prediction, a target, a score", 2),
    ("Ask the room: which prediction is better?", 2),
    ("Many predictions: the mean squared error", 1.5),
    ("In PyTorch: nn.MSELoss", 1.5),
    ("Ask the room: why square the error?", 2),
    ("The slope says which way to move", 2.5),
    ("Explore: the score and its slope", 2.5),
    ("Yes/no questions: predict a probability", 1),
    ("Binary cross-entropy (BCE)", 2.5),
    ("Ask the room: what does a confident mistake cost?", 2),
    ("Explore: the two curves", 2),
    ("In PyTorch: nn.BCELoss", 1),
    ("Many classes: scores called logits", 1),
    ("Softmax: from logits to probabilities", 2),
    ("Cross-entropy: the surprise at the true class", 2),
    ("Ask the room: four classes, no idea", 1.5),
    ("Explore: move the logits", 2),
    ("Learning means lowering the loss", 1.5),
    ("Gradient descent", 2),
    ("Ask the room: what if the step is too large?", 1.5),
    ("Explore: the learning rate, and the steps", 2),
    ("A real model: eight points, two classes", 1),
    ("Training: the loss falls", 1.5),
    ("Which loss for which task?", 1.5),
    ("Ask the room: one outlier", 1.5),
    ("Explore: move the outlier", 2),
    ("Explore: which loss still cares about the wrong label?", 2),
    ("Recap", 1),
    ("What to read next", 0.5),
]
