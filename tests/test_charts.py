"""The charts: deterministic PNGs, cropped to the drawing, identical whether a frame is new or reused."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from spbe_reports import charts, framework

FW = framework.load()
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ASPECTS = [f"{a.number}. {a.name}" for a in FW.aspects]
DOMAINS = [d.name for d in FW.domains]
GUIDES = [1.8, 2.6, 3.5, 4.2]


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def _on_a_new_thread(draw) -> bytes:
    """What ``draw`` writes when run on a thread of its own, so with frames built afresh."""
    result = []
    thread = threading.Thread(target=lambda: result.append(draw().read_bytes()))
    thread.start()
    thread.join()
    return result[0]


def test_charts_are_deterministic(tmp_path):
    labels = [d.name for d in FW.domains]
    series = [("Nilai Akhir", [3.0, 2.5, 1.0, 4.25]), ("Rata-rata", [3.0] * 4)]
    first = charts.domain_chart(labels, series, tmp_path / "a.png").read_bytes()
    second = charts.domain_chart(labels, series, tmp_path / "b.png").read_bytes()
    assert first == second and first.startswith(PNG_MAGIC)
    assert b"Software" not in first and b"matplotlib" not in first
    with pytest.raises(ValueError):
        charts.domain_chart(["A", "B"], [("x", [1.0])], tmp_path / "c.png")


@pytest.mark.parametrize("kind", ["radar", "domain"])
def test_a_reused_frame_draws_exactly_what_a_new_one_draws(tmp_path, kind):
    def draw(series, name: str) -> Path:
        if kind == "radar":
            return charts.radar_chart(ASPECTS, series, tmp_path / name)
        return charts.domain_chart(DOMAINS, [(n, v[:4]) for n, v in series], tmp_path / name, GUIDES)

    agency = [("Nilai Akhir", [3.0, 2.5, 1.0, 4.25, 3.0, 2.0, 5.0, 1.5]), ("Rata-rata", [2.0] * 8)]
    other = [("Penilaian Mandiri", [4.0] * 8), ("Rata-rata 2025", [1.0] * 8)]
    fresh = _on_a_new_thread(lambda: draw(agency, "baru.png"))
    draw(other, "lain.png")  # warms this thread's frame with other values and legend names
    reused = draw(agency, "ulang.png").read_bytes()
    assert reused == fresh


COLOURS = ["#2E7D32", "#70AD47", "#C0504D"]
DRAWINGS = {
    "radar": lambda path: charts.radar_chart(ASPECTS, [("Nilai Akhir", [3.0] * 8), ("Rata-rata", [4.0] * 8)], path),
    "domain": lambda path: charts.domain_chart(DOMAINS, [("Nilai Akhir", [3.0, 2.5, 1.0, 5.0])], path, GUIDES),
    "ranking": lambda path: charts.ranking_chart(["1. A", "2. B", "3. C"], [5.0, 3.0, 1.2], COLOURS, path, GUIDES),
    "rating": lambda path: charts.rating_chart(["Kurang", "Baik", "Memuaskan"], [0, 2, 11], COLOURS, path),
}


@pytest.mark.parametrize("kind", DRAWINGS)
def test_png_is_cropped_to_the_drawing_with_a_white_margin(tmp_path, kind):
    data = DRAWINGS[kind](tmp_path / f"{kind}.png").read_bytes()
    pixels = _pixels(data)
    height, width, _ = pixels.shape
    ink = (pixels != 255).any(axis=2)
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    pad = round(charts.PAD_IN * charts.DPI)
    # Exactly PAD_IN of white on every side: drawn once and cropped, not saved the slow way.
    assert (rows[0], columns[0], height - 1 - rows[-1], width - 1 - columns[-1]) == (pad, pad, pad, pad)
    assert Image.open(io.BytesIO(data)).info["dpi"] == pytest.approx((charts.DPI, charts.DPI), abs=0.1)


def test_a_drawing_past_the_canvas_is_grown_not_cut(tmp_path):
    labels = [*ASPECTS[:2], "Sangatpanjang" * 12, *ASPECTS[3:]]  # one unbreakable word, on the right
    pixels = _pixels(charts.radar_chart(labels, [("Nilai Akhir", [3.0] * 8)], tmp_path / "lebar.png").read_bytes())
    assert pixels.shape[1] > charts.RADAR_CANVAS[0] * charts.DPI  # wider than the canvas: nothing cut off
    assert (pixels[:, -1] == 255).all()  # and still a white margin on the right


def test_domain_guides_are_drawn(tmp_path):
    series = [("Nilai Akhir", [3.0, 2.5, 1.0, 4.25])]
    plain = charts.domain_chart(DOMAINS, series, tmp_path / "a.png").read_bytes()
    guided = charts.domain_chart(DOMAINS, series, tmp_path / "b.png", GUIDES).read_bytes()
    assert plain != guided


def test_summary_charts_refuse_mismatched_lengths(tmp_path):
    with pytest.raises(ValueError):
        charts.ranking_chart(["1. A"], [4.5, 3.0], COLOURS[:1], tmp_path / "x.png")
    with pytest.raises(ValueError):
        charts.rating_chart([], [], [], tmp_path / "y.png")
