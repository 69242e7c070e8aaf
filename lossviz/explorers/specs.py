"""What Python sends the browser for each kind of explorer: one TypedDict per kind, so that pyright
checks every key where a spec is built, and tests/test_explorer_specs.py checks that each
``lossviz/js/<kind>.js`` reads only keys its kind sends. Python computes every number and text the
picture shows; the JavaScript draws them (and a loss's curve, from the loss's own formula)."""

from typing import Literal, TypedDict, Union


class _SliderRequired(TypedDict):
    name: str
    label: str
    kind: Literal["slider"]
    positions: list[float]
    decimals: int
    coarse: int


class SliderSpec(_SliderRequired, total=False):
    """A slider over `positions`; `step`, when its positions are a grid's."""
    step: float


class ChoiceSpec(TypedDict):
    """A choice among `options`, [text, value] pairs, shown as buttons."""
    name: str
    label: str
    kind: Literal["choice"]
    options: list[list]
    decimals: int


ControlSpec = Union[SliderSpec, ChoiceSpec]


class Style(TypedDict):
    """The canvas's size and the look's sizes, CSS pixels."""
    width: int
    height: int
    font: float
    text: float
    line: float
    marker: float


class Box(TypedDict):
    left: float
    top: float
    width: float
    height: float


class AxesSpec(TypedDict):
    """Where one axes of a still picture sits on it (CSS pixels), and its limits."""
    box: Box
    xlim: list[float]
    ylim: list[float]


class _Spec(TypedDict):
    """What every explorer sends: its controls and its look."""
    controls: list[ControlSpec]
    style: Style


class _StillSpec(_Spec):
    """A picture whose still parts matplotlib drew (`still`, PNG in base64), with its axes."""
    still: str
    axes: list[AxesSpec]


class CurveLabels(TypedDict):
    x: str
    pred_text: str
    pred_words: str
    gradient: str
    title: str
    target: str


class CurveColours(TypedDict):
    curve: str
    grey: str
    orange: str
    vermillion: str
    black: str


class Geometry(TypedDict):
    """The sizes lossviz's matplotlib curve takes (lossviz.pictures.plots), in the units the browser needs."""
    loss_room: float        # the loss axis runs from the floor (0, or the lowest value below 0) to the top, and this much of that span beyond each
    tangent_half: float     # the tangent's longest half, along the prediction
    tangent_rise: float     # its steepest half rises this much of the loss axis
    arrow: float            # the downhill arrow's length, along the prediction
    arrow_height: float     # where it runs, this fraction of the way from the floor down to the loss axis's bottom
    gradient_margin: float  # room around the gradient's range, as a fraction of it


class CurveSpec(_Spec):
    """A loss's curve over the prediction (`curve.js`)."""
    option_names: list[str]
    labels: CurveLabels
    colours: CurveColours
    geometry: Geometry
    pred_range: list[float]
    pred_decimals: int
    points: int
    target: float
    target_decimals: int
    # For each target the controls take (`targets`, float64): where its dashed line is (NaN: none) and
    # its name ("": none); binary tables and one list, which stay short in a stored notebook.
    targets: bytes
    target_line_at: bytes
    target_line_names: list[str]
    gradient_limits: list[float] | None
    gradient_panel: bool


class ClassesLabels(TypedDict):
    probability: str
    probability_title: str
    gradient_title: str
    gradient_plain: str    # the gradient's axis label when every option is at its default
    gradient_options: str  # and when one is not (label smoothing: the target is no longer one-hot)


class ClassesColours(TypedDict):
    orange: str
    sky: str
    black: str


class ClassesSpec(_Spec):
    """Class scores over softmax bars (`classes.js`)."""
    classes: int
    option_names: list[str]
    option_defaults: dict[str, float]
    labels: ClassesLabels
    colours: ClassesColours
    class_names: list[str]       # under each class's bars
    true_names: list[str]        # under the true class's
    surprises: list[str]         # "−log p₀ = ": the loss of each true class, with options at their defaults
    xlim: list[float]
    probability_limits: list[float]
    gradient_limits: list[float]
    bar_width: float


class OutlierColours(TypedDict):
    vermillion: str


class Fit(TypedDict):
    colour: str
    dash: str
    marker: str
    marks: list[float]
    label: str


class OutliersSpec(_StillSpec):
    """One outlier and each loss's best constant (`outliers.js`)."""
    positions: list[float]  # the outlier's slider positions: the columns of `constants`
    decimals: int
    outlier_at: int
    colours: OutlierColours
    fits: list[Fit]
    constants: bytes


class DescentColours(TypedDict):
    vermillion: str
    black: str


class DescentSpec(_StillSpec):
    """Gradient descent at each learning rate (`descent.js`), of one weight or of a line's w and b."""
    colours: DescentColours
    path_axes: int
    fit_axes: int | None
    parameters: list[str]
    status_parameters: list[str]  # the parameters the status names beside the loss
    status_top: bool              # the status at the top of its axes (else at the bottom)
    rates: list[float]            # the learning rates, in the order of `runs`
    rate_texts: list[str]         # each as the status writes it: "lr = 0.1"
    series: int                   # numbers per step of a run: the path's coordinates, then the loss
    max_steps: int
    runs: bytes
    lengths: list[int]
    diverged: list[str | None]          # a diverged run's status ("lr = 0.3: diverged after 7 steps"), else None
    diverged_readings: list[str | None]  # and its readout's


class TrainingLossSpec(TypedDict):
    label: str
    registry: str                 # the registry loss whose formula (LOSS[registry]) trains
    targets: list[float] | None   # what it receives for labels 0 and 1; None: the class itself
    sigmoid: bool                 # whether it receives σ(z), not z
    options: list[str]


class TrainingColours(TypedDict):
    classes: list[str]
    black: str
    orange: str


class TrainingSpec(_Spec):
    boxes: list[list[float]]      # each loss's plane, then its loss curve: [left, top, width, height], CSS pixels
    box: float                    # the plane spans [-box, box] on both axes
    grid: int                     # nodes per side of the shading's and the boundary's grid
    shade: float
    min_curve_steps: int
    panels: list[str]             # the control that chooses each panel's loss
    losses: dict[str, TrainingLossSpec]
    outputs: int                  # scores per point: 1, or 3 for cross-entropy
    hidden: int                   # the network's hidden units; 0: the linear model
    initial: list[float]          # the seeded start, lv.training.initial_params
    heldout: list[list[float]] | None
    growth_limit: float
    max_points: int
    made: dict                    # explore_training's arguments, but the points: what a test remakes it from
    colours: TrainingColours


SPECS = {"curve": CurveSpec, "classes": ClassesSpec, "outliers": OutliersSpec, "descent": DescentSpec, "training": TrainingSpec}
"""Each kind of explorer, by the name of its JavaScript file, and the spec it is sent."""
