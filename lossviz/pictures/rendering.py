"""Rendering: pictures that show themselves in a notebook, quick repaints, snapshot grids.

A `Plot` is a figure and the artists that move. ``plot.render()`` gives PNG
bytes: the first call draws everything once and keeps the still parts as the
figure's background; later calls repaint only the moving artists on it. The
background and the moving artists belong to the figure, not to one `Plot`, so
that several plots sharing a figure (a loss beside its gradient) always show
one picture, whichever of them renders it.
"""

import struct
import textwrap
import zlib
from typing import Optional

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from lossviz.pictures.style import DPI, size


class _FigureState:
    """What every `Plot` on one figure shares: its moving artists and its cached background."""

    def __init__(self):
        self.moving = {}  # an ordered set: artist -> None
        self.background = None


def smallest_text_px(figure):
    """The size of the smallest text on a figure, in CSS pixels at lossviz's DPI: what a reader
    at the back of a room must make out (the slides' tests hold it to a minimum)."""
    sizes = [text.get_fontsize() * DPI / 72 for text in figure.findobj(Text)
             if text.get_visible() and text.get_text().strip()]
    return min(sizes, default=None)


# A formula's commands as plain text, for words read aloud or shown where mathtext is not drawn.
_MATH_WORDS = {r"\hat y": "ŷ", r"\hat{y}": "ŷ", r"\partial": "∂", r"\sigma": "σ", r"\delta": "δ",
               r"\gamma": "γ", r"\alpha": "α", r"\tau": "τ", r"\log": "log", r"\cdot": "·", r"\,": " "}


def plain_text(text):
    """Matplotlib's mathtext (``prediction $\\hat y$``) as plain Unicode (``prediction ŷ``)."""
    for command, word in _MATH_WORDS.items():
        text = text.replace(command, word)
    for command in (r"\mathrm", r"\text"):
        text = text.replace(command, "")
    return " ".join(text.replace("$", "").replace("{", "").replace("}", "").split()).replace("∂ ", "∂")


def describe(figure):
    """What a figure shows, in words (its alt text): each panel's title, what it plots against
    what, its legend and the numbers written on it."""
    panels = []
    for ax in figure.axes:
        if not ax.get_visible() or not ax.axison:
            continue
        title, x, y = (plain_text(text) for text in (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()))
        words = [title[:1].upper() + title[1:]] if title else []
        if y or x:
            words.append(f"{y or 'value'} against {x}" if x else y)
        legend = ax.get_legend()
        if legend is not None:
            words.append("lines: " + ", ".join(plain_text(t.get_text()) for t in legend.get_texts()))
        written = [plain_text(text.get_text()) for text in ax.texts if text.get_visible() and text.get_text().strip()]
        if written:
            words.append("shows " + ", ".join(written))
        if words:
            panels.append("; ".join(words))
    titles = [plain_text(text.get_text()) for text in figure.texts if text.get_text().strip()]
    return ". ".join([*titles, *panels]) + "." if panels or titles else "A picture."


class Picture:
    """A raster that shows itself in a notebook and saves as PNG; `text_px`, the size of its
    smallest text (CSS pixels), is written into the PNG when known; `alt` says what it shows,
    in words (a notebook's text form of it, and the alt text of its image on a page)."""

    def __init__(self, rgba, text_px=None, alt="A picture."):
        self._rgba = rgba
        self.text_px = text_px
        self.alt = alt

    def rgba(self):
        """The picture as an (height, width, 4) uint8 raster."""
        return self._rgba

    def render(self, compress_level=1):
        """The picture as PNG bytes."""
        return _png(self.rgba(), compress_level, self.text_px)

    def save(self, path):
        """Write the picture as a PNG file, compressed hard (for the repository)."""
        with open(path, "wb") as file:
            file.write(self.render(compress_level=9))

    def _repr_png_(self) -> Optional[tuple[bytes, dict[str, str]]]:  # a Plot drawn into your axes shows none
        return self.render(), {"alt": self.alt}

    def __repr__(self):
        return self.alt


class Plot(Picture):
    """A figure with the artists that move; renders itself to PNG quickly.

    `moving` are the artists that change on a slider move; everything else is
    drawn once into a cached background. Call `refresh_background()` after
    changing a still part (a new target moves the whole curve).
    """

    def __init__(self, figure, moving, owned=True):
        self.figure = figure
        self.owned = owned
        # Kept on the figure itself (a weak mapping would be kept alive by the artists it holds),
        # so that it lives and dies with the figure.
        self._state = figure.__dict__.setdefault("_lossviz_render_state", _FigureState())
        self._state.moving.update(dict.fromkeys(moving))
        self.moving = list(moving)

    def refresh_background(self):
        self._state.background = None

    @property
    def text_px(self):
        return smallest_text_px(self.figure)

    @property
    def alt(self):
        return describe(self.figure)

    def rgba(self):
        """The picture as an (height, width, 4) uint8 raster; it is the canvas's own buffer,
        so copy it to keep it past the next render."""
        canvas = self.figure.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            canvas = FigureCanvasAgg(self.figure)
        state = self._state
        if state.background is None:
            for artist in state.moving:
                artist.set_animated(True)  # kept out of the background
            canvas.draw()
            state.background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(state.background)
        for artist in state.moving:
            if artist.get_visible():
                artist.axes.draw_artist(artist) if artist.axes else self.figure.draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())

    def _repr_png_(self):
        # Only figures lossviz made show themselves; a figure drawn into your own
        # axes is yours to show (matplotlib would show it a second time).
        return (self.render(), {"alt": self.alt}) if self.owned else None

    def __repr__(self):
        return self.alt if self.owned else f"<{type(self).__name__} drawn into your axes>"


TEXT_SIZE_KEY = b"lossviz:smallest-text-px"


def _png(rgba, compress_level, text_px=None):
    """Encode an RGBA raster as an RGB PNG, with the size of its smallest text (`text_px`, CSS
    pixels) as a text chunk under TEXT_SIZE_KEY if given.

    Written out here because it is twice as fast as Pillow's encoder (which
    tries every row filter) for the same size: every picture a notebook shows,
    and each explorer's still picture and snapshots, is encoded with it.
    """
    height, width, _ = rgba.shape
    rows = np.empty((height, 1 + 3 * width), np.uint8)
    rows[:, 0] = 0  # row filter "none"
    rows[:, 1:] = rgba[..., :3].reshape(height, -1)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    text = chunk(b"tEXt", TEXT_SIZE_KEY + b"\0" + f"{text_px:.2f}".encode()) if text_px else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + text
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), compress_level)) + chunk(b"IEND", b""))


def snapshot_grid(pictures, captions, columns=2, text_px=None):
    """Pictures (RGBA rasters of one size, their smallest text `text_px` if known) in a grid,
    each under its caption.

    The pictures are placed pixel for pixel, never resampled, so their text
    stays as sharp as in the live plot. Widgets are dead wherever there is no
    kernel (static slides, a notebook on GitHub), and this is what shows there.
    """
    if len(captions) != len(pictures):
        raise ValueError(f"`captions` has {len(captions)} entries but `pictures` has {len(pictures)}; "
                         "give one caption per picture")
    sizes = {np.shape(picture) for picture in pictures}
    if len(sizes) != 1 or len(next(iter(sizes))) != 3 or next(iter(sizes))[2] != 4:
        raise ValueError(f"`pictures` must be RGBA rasters of one size, (height, width, 4); got shapes {sorted(sizes)}")
    ((height, width, _),) = sizes
    font = size["font"] * 1.15  # a little larger than the plots' own text: it is read first
    font_pixels = font * DPI / 72
    characters_per_line = int(width / (0.62 * font_pixels))
    captions = ["\n".join(textwrap.fill(line, characters_per_line) for line in caption.split("\n"))
                for caption in captions]
    band = int(round(max(caption.count("\n") + 1 for caption in captions) * font_pixels * 1.4 + 14))
    rows = -(-len(pictures) // columns)
    # Only the captions are drawn by matplotlib; the pictures are pasted into its raster.
    figure = Figure(figsize=(columns * width / DPI, rows * (height + band) / DPI), dpi=DPI)
    canvas = FigureCanvasAgg(figure)
    for index, caption in enumerate(captions):
        row, column = divmod(index, columns)
        figure.text((column + 0.5) * width / figure.bbox.width, 1 - (row * (height + band) + 6) / figure.bbox.height,
                    caption, ha="center", va="top", fontsize=font, linespacing=1.4)
    canvas.draw()
    grid = SnapshotGrid(np.array(canvas.buffer_rgba()), captions, (height, width), band, columns,
                        min(font_pixels, text_px or font_pixels))
    for index, picture in enumerate(pictures):
        grid.tile(index)[...] = picture
    return grid


class SnapshotGrid(Picture):
    """Pictures in a grid under their captions (see `snapshot_grid`)."""

    def __init__(self, rgba, captions, tile_size, band, columns, text_px):
        settings = "; ".join(", ".join(" ".join(line.split()) for line in caption.split("\n")) for caption in captions)
        super().__init__(rgba, text_px, alt=f"The same picture at {len(captions)} settings: {settings}.")
        self.captions = list(captions)
        self.tile_size, self.band, self.columns = tile_size, band, columns

    def tile(self, index):
        """The raster of picture `index`, without its caption (a view into the grid)."""
        height, width = self.tile_size
        row, column = divmod(index, self.columns)
        top = row * (height + self.band) + self.band
        return self._rgba[top:top + height, column * width:(column + 1) * width]
