"""One colour-blind-safe palette (Okabe and Ito, 2008) for every picture and every loss.

Distinguishable with every common colour-vision deficiency. A loss names its
own colour from here in its definition; plots use the rest for points,
tangents and arrows. Orange, sky, purple and grey are darker than Okabe and
Ito's (the same hues) so that every line and mark stands out from the white
background by at least 3:1 (WCAG 1.4.11, graphics); yellow, too light for
that, is only a fill with a black outline.
"""

COLOURS = {
    "black": "#000000",
    "orange": "#C28600",
    "sky": "#4A9AC7",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#BF6F9B",
    "grey": "#767676",
}
