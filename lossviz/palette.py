"""One colour-blind-safe palette (Okabe and Ito, 2008) for every picture and every loss.

Distinguishable with every common colour-vision deficiency. A loss names its
own colour from here in its definition; plots use the rest for points,
tangents and arrows.
"""

COLOURS = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
