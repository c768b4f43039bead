"""Every chart of the Word reports, drawn with matplotlib and written as PNG.

The per-agency report has a radar of the aspect indices (:func:`radar_chart`) and a bar chart
of the domain indices (:func:`domain_chart`); the summary across agencies adds the ranking
(:func:`ranking_chart`) and the predikat distribution (:func:`rating_chart`).

Drawn with matplotlib's Agg canvas on a private Figure (no pyplot state, so charts drawn in
parallel workers do not interfere), in DejaVu Sans, sized for the text width of an A4 page.
The PNG carries no software name or timestamp, so the same data gives the same bytes.
Values are the displayed (rounded) indices; labels show them with a decimal comma.

Speed: a chart is drawn once and cropped to its ink (the white margin around what was drawn),
instead of matplotlib's ``bbox_inches="tight"``, which lays the figure out a second time. Only
when a text reaches past the canvas (a very long label) is the chart saved that slow way, which
grows the picture to fit. The fixed parts of the radar and the domain chart (axes, ticks,
labels, guides) are built and drawn once per thread and kept as pixels; every report's chart
puts these pixels back and draws only its data over them, in matplotlib's own order, which
gives the picture a whole draw gives (see :func:`_reused` and :func:`_draw_on_frame`). The PNG
is written by :func:`png_bytes`, unfiltered, which is as small for a chart and much faster.
"""

from __future__ import annotations

import math
import struct
import textwrap
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import matplotlib

matplotlib.use("Agg")  # never open a window, even if a GUI backend is installed

import numpy as np
from matplotlib import rc_context
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

Series = Sequence[tuple[str, Sequence[float]]]

SCALE_MAX = 5
WIDTH_IN = 6.3  # 16 cm: the text width of an A4 page with 2,5 cm margins
DPI = 150  # printed at 11-16 cm wide, this is 150-165 dots per inch on paper
PAD_IN = 0.08  # white margin kept around the drawing
PNG_LEVEL = 3  # zlib level: much faster to write than the default 6, files about as small
KEEP_FRAMES = 4  # chart frames kept for reuse, per thread
COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7f6000")
RANKING_LABEL_WIDTH = 42  # characters of an agency name on one line of the ranking chart
_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
}
_GUIDE_STYLE = {"color": "#a6a6a6", "linewidth": 0.6, "linestyle": ":", "zorder": 0}  # predikat bounds

# The radar's polar area, in inches, on a canvas wider than the page: the labels around it
# may reach past the text width, and the saved PNG is cropped to the drawing anyway.
RADAR_CANVAS = (8.5, 6.0)
RADAR_AXES = (3.53, 3.89)  # width, height of the axes box (the circle is as wide as it)
RADAR_BOTTOM = 1.16  # room below the axes box for the lower labels and the legend
_UNDER_DATA = 0.5  # zorder of the radar's fixed parts: below its filled area (1) and lines (2)


def _comma(value: float, places: int = 2) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(label, width=width, break_long_words=False)) or label


def _check(labels: Sequence[str], series: Series) -> None:
    if not series:
        raise ValueError("a chart needs at least one series")
    for name, values in series:
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(labels)} labels")


def _figure(width: float, height: float) -> Figure:
    """A private Figure on its own Agg canvas (tight_layout then measures text once, for the draw)."""
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Figure, path: Path | BinaryIO, frame: _Frame | None = None) -> Path | BinaryIO:
    """Draw ``fig`` once and write it as PNG, cropped to what was drawn plus PAD_IN.

    ``path`` is a file name, or a binary stream (io.BytesIO) to draw in memory. ``frame`` is
    the reused frame ``fig`` belongs to: only what lies on top of its pixels is drawn again
    (:func:`_draw_on_frame`), which gives the very pixels a whole draw gives.
    """
    path = path if hasattr(path, "write") else Path(path)
    canvas = fig.canvas
    if frame is None:
        canvas.draw()
        overflows = _text_overflows(fig)
    else:
        overflows = _draw_on_frame(frame)
    pixels = np.asarray(canvas.buffer_rgba())
    ink = pixels.view(np.uint32)[:, :, 0] != 0xFFFFFFFF  # not opaque white
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    height, width = ink.shape
    edge = not rows.size or rows[0] == 0 or columns[0] == 0 or rows[-1] == height - 1 or columns[-1] == width - 1
    if edge or overflows:
        # Part of the drawing lies past the canvas: let matplotlib grow the picture to fit.
        fig.savefig(path, format="png", metadata={"Software": None}, bbox_inches="tight", pad_inches=PAD_IN)
        return path
    data = png_bytes(_padded(pixels, rows[0], rows[-1], columns[0], columns[-1], round(PAD_IN * DPI)), DPI)
    if hasattr(path, "write"):
        path.write(data)
    else:
        path.write_bytes(data)
    return path


def _padded(pixels: np.ndarray, top: int, bottom: int, left: int, right: int, pad: int) -> np.ndarray:
    """The RGB pixels from row ``top`` to ``bottom`` and column ``left`` to ``right``, with ``pad``
    white pixels around: cut from the canvas where the margin lies on it (it is white there,
    being outside the drawing), added where it does not."""
    height, width = pixels.shape[:2]
    if top >= pad and left >= pad and bottom + pad < height and right + pad < width:
        return pixels[top - pad : bottom + pad + 1, left - pad : right + pad + 1, :3]
    drawing = pixels[top : bottom + 1, left : right + 1, :3]
    return np.pad(drawing, ((pad, pad), (pad, pad), (0, 0)), constant_values=255)


def png_bytes(rgb: np.ndarray, dpi: int) -> bytes:
    """``rgb`` (height x width x 3, uint8) as a PNG file with its resolution, and nothing else.

    Written here rather than by Pillow, which tries the five PNG row filters on every row and
    keeps the best: on a chart (flat colours, mostly white) unfiltered rows compress as small,
    and the picture is written in a third of the time. Lossless: the same pixels come back.
    """
    height, width, _ = rgb.shape
    raw = np.empty((height, width * 3 + 1), dtype=np.uint8)
    raw[:, 0] = 0  # filter type None on every row
    raw[:, 1:] = rgb.reshape(height, width * 3)
    per_metre = round(dpi / 0.0254)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),  # 8-bit RGB
            _png_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            _png_chunk(b"IDAT", zlib.compress(raw.data, PNG_LEVEL)),
            _png_chunk(b"IEND", b""),
        )
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _text_overflows(fig: Figure, texts: Iterable[Artist] | None = None) -> bool:
    """Whether a text reaches past the canvas, where the pixels cannot show it (a long label).

    ``texts`` are the artists to look in (every text of ``fig`` by default); measured by the
    draw just done, which makes it cheap.
    """
    renderer = fig.canvas.get_renderer()
    width, height = fig.canvas.get_width_height()
    artists = fig.findobj(Text) if texts is None else [t for a in texts for t in a.findobj(Text)]
    for text in artists:
        if text.get_visible() and text.get_text():
            box = text.get_window_extent(renderer)
            if box.x0 < 0 or box.y0 < 0 or box.x1 > width or box.y1 > height:
                return True
    return False


@dataclass(eq=False)
class _Frame:
    """The fixed parts of a chart (frame, ticks, labels, guides) on their Axes, reused from report
    to report, and the pixels of the fixed parts that lie below everything a chart adds."""

    ax: Axes
    fixed: frozenset[Artist] = frozenset()
    background: object = None  # the canvas pixels of the layer below (a BufferRegion), once drawn
    layer: tuple = ()  # what that layer was drawn for: the lowest zorder added and the axes limits
    overflows: bool = False  # a fixed text reaches past the canvas


def _draw_on_frame(frame: _Frame) -> bool:
    """Draw the chart on ``frame``'s Axes, reusing the pixels of its fixed parts; return whether a
    text reaches past the canvas.

    matplotlib draws an Axes' artists in the order of their zorder, and artists of one zorder
    in the order they were added. The fixed artists below the lowest one the chart added are
    drawn once per frame (a new frame, or other axes limits) and kept as pixels; for every
    chart these pixels are put back, and the rest (what the chart added, and the fixed parts
    that lie on top of it, such as the radar's grid over its filled area) is drawn over them
    in matplotlib's own order. Drawing is painting in that order, so the result is the very
    picture a whole draw makes, in a fraction of the time.
    """
    ax, canvas = frame.ax, frame.ax.figure.canvas
    children = ax.get_children()
    added = [artist for artist in children if artist not in frame.fixed]
    if not added:
        canvas.draw()
        return frame.overflows or _text_overflows(ax.figure)
    lowest = min(artist.get_zorder() for artist in added)
    layer = (lowest, ax.get_xlim(), ax.get_ylim())  # the limits as a draw would set them (autoscale)
    on_top = [a for a in children if a is not ax.patch and (a not in frame.fixed or a.get_zorder() >= lowest)]
    if frame.background is None or frame.layer != layer:
        for artist in on_top:
            artist.set_animated(True)  # left out of a draw
        try:
            canvas.draw()
        finally:
            for artist in on_top:
                artist.set_animated(False)
        frame.background, frame.layer = canvas.copy_from_bbox(ax.figure.bbox), layer
        frame.overflows = _text_overflows(ax.figure, [a for a in children if a in frame.fixed])
    else:
        canvas.restore_region(frame.background)
    renderer = canvas.get_renderer()
    for artist in sorted(on_top, key=lambda a: a.get_zorder()):  # stable: as Axes.draw orders them
        artist.draw(renderer)
    # A value's label sits a few points from its point, inside the canvas or across its edge,
    # which the pixels show (_save); only other texts (the legend) could lie wholly past it.
    return frame.overflows or _text_overflows(ax.figure, [a for a in added if not isinstance(a, Annotation)])


@contextmanager
def _reused(key: tuple, build: Callable[[], Axes]) -> Iterator[_Frame]:
    """The frame of a chart's fixed parts (frame, ticks, labels, guides) for ``key``, reused.

    Every report of a run draws the same frame, so it is built once per thread and kept (at
    most KEEP_FRAMES of them), with the pixels of its fixed parts (see :func:`_draw_on_frame`);
    what the caller adds inside the ``with`` (bars, values, legend) is removed on the way out,
    leaving the frame as built. Reuse also keeps the renderer and its text measurements warm.
    A frame whose chart failed is dropped, never reused.
    """
    frames = _FRAMES.by_key
    frame = frames.pop(key, None)
    if frame is None:
        ax = build()
        frame = _Frame(ax, frozenset(ax.get_children()))
    ax = frame.ax
    containers = len(ax.containers)
    yield frame  # an exception here leaves the frame out of the cache
    for container in ax.containers[containers:]:  # bar groups, which the legend would list again
        container.remove()
    for artist in set(ax.get_children()) - frame.fixed:
        artist.remove()
    ax.relim()  # forget the removed artists' data limits
    ax.set_prop_cycle(None)  # colours are explicit, but leave no trace of the chart at all
    frames[key] = frame
    while len(frames) > KEEP_FRAMES:
        frames.pop(next(iter(frames)))


class _Frames(threading.local):
    def __init__(self) -> None:
        self.by_key: dict[tuple, _Frame] = {}


_FRAMES = _Frames()


def _angles(count: int) -> list[float]:
    return [2 * math.pi * k / count for k in range(count)]


def _radar_frame(labels: Sequence[str]) -> Axes:
    count = len(labels)
    fig = _figure(*RADAR_CANVAS)
    (canvas_w, canvas_h), (axes_w, axes_h) = RADAR_CANVAS, RADAR_AXES
    box = ((canvas_w - axes_w) / 2 / canvas_w, RADAR_BOTTOM / canvas_h, axes_w / canvas_w, axes_h / canvas_h)
    ax = fig.add_axes(box, projection="polar")
    ax.set_theta_offset(math.pi / 2)  # first label on top, then clockwise, as on paper
    ax.set_theta_direction(-1)
    ax.set_ylim(0, SCALE_MAX)
    ax.set_yticks(range(1, SCALE_MAX + 1))
    ax.set_yticklabels([str(t) for t in range(1, SCALE_MAX + 1)], color="#595959", fontsize=8)
    ax.set_rlabel_position(180 / count)
    ax.set_xticks(_angles(count))
    ax.set_xticklabels([])
    for angle, label in zip(_angles(count), labels):
        # Clockwise from the top: labels on the right half align left, on the left half right.
        sine = math.sin(angle)
        ha = "center" if abs(sine) < 0.1 else ("left" if sine > 0 else "right")
        ax.text(angle, SCALE_MAX * 1.12, _wrap(label, 20), ha=ha, va="center", fontsize=10, zorder=_UNDER_DATA)
    ax.grid(color="#bfbfbf", linewidth=0.6)
    ax.spines["polar"].set_color("#bfbfbf")
    # The grid, the scale, the circle and the labels lie under the data (as the light grid of a
    # printed chart does), so every report draws its data over pixels drawn once (_draw_on_frame).
    ax.set_axisbelow(True)
    for spine in ax.spines.values():
        spine.set_zorder(_UNDER_DATA)
    return ax


def radar_chart(labels: Sequence[str], series: Series, path: Path) -> Path:
    """Draw a radar (spider) chart of the aspect indices on a 0..5 scale and write it as PNG.

    ``series`` is a list of (legend name, one value per label); the first is the agency,
    a second one (e.g. the average of all agencies) is drawn dashed. Raises ValueError when
    a series does not have one value per label.
    """
    _check(labels, series)
    angles = _angles(len(labels))
    with rc_context(_STYLE), _reused(("radar", *labels), lambda: _radar_frame(labels)) as frame:
        ax = frame.ax
        for i, (name, values) in enumerate(series):
            xs = [*angles, angles[0]]
            ys = [*values, values[0]]
            colour = COLOURS[i % len(COLOURS)]
            style = "-" if i == 0 else "--"
            ax.plot(xs, ys, style, color=colour, linewidth=1.8, marker="o", markersize=3.5, label=name)
            if i == 0:
                ax.fill(xs, ys, color=colour, alpha=0.15)
                for angle, value in zip(angles, values):
                    ax.annotate(
                        _comma(value),
                        (angle, value),
                        textcoords="offset points",
                        xytext=(0, 6),
                        ha="center",
                        fontsize=8.5,
                        color=colour,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
                    )
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=len(series), frameon=False, fontsize=10)
        return _save(ax.figure, path, frame)


def _domain_frame(labels: Sequence[str], groups: int, guides: Sequence[float]) -> Axes:
    count = len(labels)
    fig = _figure(WIDTH_IN, 3.9)
    ax = fig.add_subplot()
    ax.set_ylim(0, SCALE_MAX)
    ax.set_yticks(range(SCALE_MAX + 1))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _comma(v, 0)))
    ax.set_ylabel("Indeks", fontsize=10)
    ax.tick_params(axis="y", labelsize=9)
    for bound in guides:
        ax.axhline(bound, **_GUIDE_STYLE)
    ax.set_xticks(range(count))
    ax.set_xticklabels([_wrap(label, max(12, 64 // max(count, 1))) for label in labels], fontsize=10)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.27 if groups > 1 else 0.17)
    return ax


def domain_chart(labels: Sequence[str], series: Series, path: Path, guides: Sequence[float] = ()) -> Path:
    """Draw a bar chart of the domain indices on a 0..5 scale (grouped bars per series), as PNG.

    Dotted lines mark ``guides``, the lower bounds of the predikat bands. Raises ValueError
    when a series does not have one value per label.
    """
    _check(labels, series)
    count, groups = len(labels), len(series)
    width = 0.7 / groups
    key = ("domain", groups, tuple(guides), *labels)
    with rc_context(_STYLE), _reused(key, lambda: _domain_frame(labels, groups, guides)) as frame:
        ax = frame.ax
        for i, (name, values) in enumerate(series):
            offset = (i - (groups - 1) / 2) * width
            xs = [k + offset for k in range(count)]
            bars = ax.bar(xs, values, width=width * 0.92, color=COLOURS[i % len(COLOURS)], label=name, zorder=2)
            for bar, value in zip(bars, values):
                ax.annotate(
                    _comma(value),
                    (bar.get_x() + bar.get_width() / 2, value),
                    textcoords="offset points",
                    xytext=(0, 3),
                    ha="center",
                    fontsize=9.5,
                )
        if groups > 1:
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=groups, frameon=False, fontsize=10)
        return _save(ax.figure, path, frame)


def ranking_chart(
    labels: Sequence[str],
    values: Sequence[float],
    colours: Sequence[str],
    path: Path,
    guides: Sequence[float] = (),
    scale_max: float = SCALE_MAX,
) -> Path:
    """Horizontal bars of the displayed indices, in the given order from the top, as PNG.

    ``colours`` gives each bar's colour (its predikat); dotted lines mark ``guides`` (the
    lower bounds of the bands). Raises ValueError when the lengths differ or nothing is given.
    """
    if not labels or not (len(labels) == len(values) == len(colours)):
        raise ValueError("a ranking chart needs one value and one colour per label")
    wrapped = [_wrap(label, RANKING_LABEL_WIDTH) for label in labels]
    lines = sum(label.count("\n") + 1 for label in wrapped)
    height = min(max(1.2 + 0.2 * lines + 0.12 * len(labels), 2.2), 9.4)
    font = 8 if len(labels) <= 30 else 6.5
    with rc_context(_STYLE):
        fig = _figure(WIDTH_IN, height)
        ax = fig.add_subplot()
        positions = list(range(len(labels)))
        bars = ax.barh(positions, values, color=list(colours), height=0.7, zorder=2)
        ax.set_yticks(positions)
        ax.set_yticklabels(wrapped, fontsize=font)
        ax.invert_yaxis()  # the first (best) at the top
        ax.set_xlim(0, scale_max)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _comma(v, 0)))
        ax.set_xlabel("Indeks")
        for bound in guides:
            ax.axvline(bound, **_GUIDE_STYLE)
        for bar, value in zip(bars, values):
            ax.annotate(
                _comma(value),
                (value, bar.get_y() + bar.get_height() / 2),
                textcoords="offset points",
                xytext=(3, 0),
                va="center",
                fontsize=font,
            )
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        return _save(fig, path)


def rating_chart(labels: Sequence[str], counts: Sequence[int], colours: Sequence[str], path: Path) -> Path:
    """A small bar chart of how many agencies each predikat has, as PNG.

    Raises ValueError when the lengths differ or nothing is given.
    """
    if not labels or not (len(labels) == len(counts) == len(colours)):
        raise ValueError("a rating chart needs one count and one colour per label")
    with rc_context(_STYLE):
        fig = _figure(4.4, 2.5)
        ax = fig.add_subplot()
        bars = ax.bar(range(len(labels)), counts, color=list(colours), width=0.65, zorder=2)
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels([_wrap(label, 10) for label in labels], fontsize=8)
        ax.set_ylim(0, max(max(counts), 1) * 1.25)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("Jumlah instansi")
        for bar, count in zip(bars, counts):
            ax.annotate(
                str(count),
                (bar.get_x() + bar.get_width() / 2, count),
                textcoords="offset points",
                xytext=(0, 2),
                ha="center",
                fontsize=8,
            )
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        return _save(fig, path)
