"""The bundled sample's report settings: ``input/pengaturan.xlsx`` and its logo ``input/logo.png``.

A fictional issuing body (a province's internal evaluation team) with two assessors and a
coordinator, filled into the real settings template the way a coordinator fills it in Excel,
so that the sample reports show a kop with a logo and signature blocks with names and NIP::

    python tools/sample_settings.py [OUTPUT_DIR]

``tools/make_samples.py`` calls :func:`write_sample_settings` too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import load_workbook
from PIL import Image, ImageDraw, ImageFont

from spbe_reports import settings as st

ROOT = Path(__file__).resolve().parents[1]
LOGO_NAME = "logo.png"
VALUES = {
    st.LABEL_ISSUER: "Pemerintah Provinsi Nusantara Raya",
    st.LABEL_UNIT: "Tim Evaluator Internal SPBE",
    st.LABEL_ADDRESS: "Jalan Merdeka Nomor 1, Kota Baruna 40111",
    st.LABEL_CONTACT: "Telepon (022) 4210001 · Surel spbe@nusantararaya.go.id · Laman spbe.nusantararaya.go.id",
    st.LABEL_LOGO: LOGO_NAME,
    st.LABEL_PLACE: "Baruna",
}
SIGNATORIES = [  # Peran, Jabatan, Nama, NIP, Pangkat/Golongan (all fictional)
    (
        "Asesor",
        "Ketua Tim Evaluator Internal SPBE",
        "Dr. Ir. Hendra Wijayakusuma, M.T.",
        "19720815 199803 1 004",
        "Pembina Tingkat I, IV/b",
    ),
    (
        "Asesor",
        "Anggota Tim Evaluator Internal SPBE",
        "Ratna Kusumawardani, S.Kom., M.Si.",
        "19850312 201001 2 015",
        "Penata Tingkat I, III/d",
    ),
    (
        "Koordinator",
        "Sekretaris Daerah selaku Koordinator SPBE",
        "Drs. Bambang Sutrisno, M.Si.",
        "19680421 199003 1 007",
        "Pembina Utama Madya, IV/d",
    ),
]


def draw_logo(path: Path) -> Path:
    """A simple emblem (shield, star, rice and cotton dots, the province's initials) as a PNG."""
    size = 360
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    shield = [(40, 30), (320, 30), (320, 190), (180, 335), (40, 190)]
    draw.polygon(shield, fill=(18, 74, 128), outline=(212, 160, 23))
    draw.line(shield + [shield[0]], fill=(212, 160, 23), width=10)
    cx, cy, r = 180, 110, 46
    star = []
    for k in range(10):
        import math

        angle = -math.pi / 2 + k * math.pi / 5
        radius = r if k % 2 == 0 else r * 0.42
        star.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(star, fill=(212, 160, 23))
    for k in range(7):
        draw.ellipse((88 + k * 28, 182, 104 + k * 28, 198), fill=(212, 160, 23) if k % 2 else (255, 255, 255))
    font = ImageFont.load_default(size=48) if hasattr(ImageFont, "load_default") else None
    draw.text((180, 240), "NR", fill=(255, 255, 255), font=font, anchor="mm")
    image.save(path, optimize=True)
    return path


def write_sample_settings(folder: Path) -> Path:
    """Write ``folder/pengaturan.xlsx`` filled for the samples, and its logo; return the settings path."""
    folder.mkdir(parents=True, exist_ok=True)
    draw_logo(folder / LOGO_NAME)
    path = st.write_settings_template(folder / st.SETTINGS_NAME)
    workbook = load_workbook(path)
    sheet = workbook[st.SHEET_SETTINGS]
    for row in sheet.iter_rows(min_col=1, max_col=1):
        label = str(row[0].value or "").strip()
        if label in VALUES:
            sheet.cell(row=row[0].row, column=2, value=VALUES[label])
    signatories = workbook[st.SHEET_SIGNATORIES]
    header = next(
        r for r in range(1, st.HEADER_SEARCH_ROWS + 1) if signatories.cell(row=r, column=1).value == st.COL_ROLE
    )
    for offset, values in enumerate(SIGNATORIES, start=1):
        for column, value in enumerate(values, start=1):
            signatories.cell(row=header + offset, column=column, value=value)
    workbook.save(path)
    st.read_settings(path)  # the sample must itself be valid
    return path


if __name__ == "__main__":
    out = write_sample_settings(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "input")
    print(f"Pengaturan contoh ditulis ke {out}")
