"""One colour-blind-safe palette (Okabe and Ito, 2008) for every picture and every loss.

Distinguishable with every common colour-vision deficiency. A loss names its
own colour from here in its definition, or takes the next of `LOSS_COLOURS`
that no loss of its task has; plots use the rest for points, tangents and
arrows. Indigo, wine and olive extend Okabe and Ito's with three of Paul Tol's
"muted" scheme (also designed for colour-blind readers), so a task can have
eight losses on one picture. Orange, sky, purple and grey are darker than Okabe and
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
    "indigo": "#332288",
    "wine": "#882255",
    "olive": "#999933",
}

LOSS_COLOURS = [COLOURS[name] for name in ("blue", "vermillion", "green", "purple", "sky", "indigo", "wine", "olive")]
"""The colours a loss may take, in the order they are handed out. Not orange (every tangent), black
(data), grey (guides) or yellow (too light for a line)."""


def next_colour(taken):
    """The first of `LOSS_COLOURS` not in `taken` (the colours of the losses a new one is drawn beside)."""
    for colour in LOSS_COLOURS:
        if colour not in taken:
            return colour
    raise ValueError(f"every one of the {len(LOSS_COLOURS)} loss colours is taken by a loss of this task; "
                     f"name one in the definition (colour=lv.palette.COLOURS[...]) to share it")
