"""Charts for the Word report: a radar of the aspect indices and a bar chart of the domain indices.

Drawn with matplotlib's Agg canvas on a private Figure (no pyplot state, so charts drawn in
parallel workers do not interfere), in DejaVu Sans, sized for the text width of an A4 page.
The PNG carries no software name or timestamp, so the same data gives the same bytes.
Values are the displayed (rounded) indices; labels show them with a decimal comma.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # never open a window, even if a GUI backend is installed

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

Series = Sequence[tuple[str, Sequence[float]]]

SCALE_MAX = 5
WIDTH_IN = 6.3  # 16 cm: the text width of an A4 page with 2,5 cm margins
DPI = 200
COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7f6000")
BAND_LINES = (1.8, 2.6, 3.5, 4.2)  # lower bounds of Cukup..Memuaskan under 59/2020, as guides only
_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
}
_METADATA = {"Software": None}


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


def _save(fig: Figure, path: Path) -> Path:
    path = Path(path)
    FigureCanvasAgg(fig)
    fig.savefig(path, format="png", dpi=DPI, metadata=_METADATA, bbox_inches="tight", pad_inches=0.08)
    return path


def radar_chart(labels: Sequence[str], series: Series, path: Path) -> Path:
    """Draw a radar (spider) chart of the aspect indices on a 0..5 scale and write it as PNG.

    ``series`` is a list of (legend name, one value per label); the first is the agency,
    a second one (e.g. the average of all agencies) is drawn dashed. Raises ValueError when
    a series does not have one value per label.
    """
    _check(labels, series)
    count = len(labels)
    angles = [2 * math.pi * k / count for k in range(count)]
    with rc_context(_STYLE):
        fig = Figure(figsize=(WIDTH_IN, 5.4))
        ax = fig.add_subplot(projection="polar")
        ax.set_theta_offset(math.pi / 2)  # first label on top, then clockwise, as on paper
        ax.set_theta_direction(-1)
        ax.set_ylim(0, SCALE_MAX)
        ax.set_yticks(range(1, SCALE_MAX + 1))
        ax.set_yticklabels([str(t) for t in range(1, SCALE_MAX + 1)], color="#595959", fontsize=8)
        ax.set_rlabel_position(180 / count)
        ax.set_xticks(angles)
        ax.set_xticklabels([])
        for angle, label in zip(angles, labels):
            # Clockwise from the top: labels on the right half align left, on the left half right.
            sine = math.sin(angle)
            ha = "center" if abs(sine) < 0.1 else ("left" if sine > 0 else "right")
            ax.text(angle, SCALE_MAX * 1.12, _wrap(label, 20), ha=ha, va="center", fontsize=10)
        ax.grid(color="#bfbfbf", linewidth=0.6)
        ax.spines["polar"].set_color("#bfbfbf")
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
        fig.subplots_adjust(left=0.22, right=0.78, top=0.88, bottom=0.16)
        return _save(fig, path)


def domain_chart(labels: Sequence[str], series: Series, path: Path) -> Path:
    """Draw a bar chart of the domain indices on a 0..5 scale (grouped bars per series), as PNG.

    Dotted lines mark the lower bounds of the predikat bands. Raises ValueError when a series
    does not have one value per label.
    """
    _check(labels, series)
    count, groups = len(labels), len(series)
    width = 0.7 / groups
    with rc_context(_STYLE):
        fig = Figure(figsize=(WIDTH_IN, 3.9))
        ax = fig.add_subplot()
        ax.set_ylim(0, SCALE_MAX)
        ax.set_yticks(range(SCALE_MAX + 1))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _comma(v, 0)))
        ax.set_ylabel("Indeks", fontsize=10)
        ax.tick_params(axis="y", labelsize=9)
        for bound in BAND_LINES:
            ax.axhline(bound, color="#a6a6a6", linewidth=0.6, linestyle=":", zorder=0)
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
        ax.set_xticks(range(count))
        ax.set_xticklabels([_wrap(label, max(12, 64 // max(count, 1))) for label in labels], fontsize=10)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if groups > 1:
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=groups, frameon=False, fontsize=10)
        fig.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.27 if groups > 1 else 0.17)
        return _save(fig, path)
