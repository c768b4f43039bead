"""Validation problems as values: a stable code, a severity, where it lives, and what to do.

Every problem a workbook can have is listed once in :data:`CATALOGUE`, with the message
shown to the agency (in Bahasa Indonesia) and the remedy. ``docs/masalah.md`` is generated
from this catalogue (``python tools/build_docs.py``), so the user documentation and the
messages never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Kind:
    severity: str
    title: str  # one line for the documentation
    message: str  # str.format template; the remedy is part of the message


CATALOGUE: dict[str, Kind] = {
    # --- the file -----------------------------------------------------------------------
    "empty-file": Kind(
        ERROR,
        "Berkas kosong",
        "Berkas berukuran 0 bait. Salin ulang berkas dari komputer pengisi atau simpan ulang dari Excel, lalu kirim kembali.",
    ),
    "unreadable-file": Kind(
        ERROR,
        "Berkas tidak dapat dibuka",
        "Berkas tidak dapat dibuka ({reason}). Periksa hak akses berkas atau tutup aplikasi yang sedang memakainya, lalu jalankan ulang.",
    ),
    "file-too-large": Kind(
        ERROR,
        "Berkas terlalu besar",
        "Ukuran berkas {size} melebihi batas {limit}. Hapus gambar atau lembar tambahan yang tidak diperlukan; bukti pendukung cukup ditulis sebagai tautan.",
    ),
    "not-a-workbook": Kind(
        ERROR,
        "Bukan buku kerja Excel",
        'Berkas ini bukan buku kerja Excel (.xlsx), meskipun namanya berakhiran {suffix}. Isi formulir pada templat standar lalu simpan sebagai "Excel Workbook (*.xlsx)".',
    ),
    "format-xls": Kind(
        ERROR,
        "Format Excel lama (.xls)",
        'Berkas berformat Excel 97-2003 (.xls). Buka di Excel lalu pilih File > Save As > "Excel Workbook (*.xlsx)" (di LibreOffice: Simpan Sebagai > "Excel 2007-365 (.xlsx)"), lalu kirim berkas .xlsx tersebut.',
    ),
    "format-ods": Kind(
        ERROR,
        "Format OpenDocument (.ods)",
        'Berkas berformat OpenDocument (.ods). Buka di LibreOffice Calc lalu pilih File > Simpan Sebagai > "Excel 2007-365 (.xlsx)" dan pilih "Gunakan Format Excel".',
    ),
    "format-csv": Kind(
        ERROR,
        "Berkas CSV",
        "Berkas CSV tidak memuat lembar Identitas dan Penilaian. Isi templat standar (.xlsx) yang dibuat dengan 'spbe template' dan kirim berkas .xlsx tersebut.",
    ),
    "encrypted-workbook": Kind(
        ERROR,
        "Berkas dilindungi kata sandi",
        "Berkas dienkripsi dengan kata sandi sehingga tidak dapat dibaca. Buka di Excel, hapus kata sandi di File > Info > Protect Workbook > Encrypt with Password (kosongkan isian), simpan, lalu kirim ulang.",
    ),
    "corrupt-workbook": Kind(
        ERROR,
        "Berkas rusak",
        "Berkas rusak atau terpotong ({reason}). Buka berkas di Excel; bila dapat dibuka, simpan ulang sebagai .xlsx. Bila tidak, minta salinan baru dari pengisi.",
    ),
    "workbook-too-large": Kind(
        ERROR,
        "Isi buku kerja terlalu besar",
        "Isi buku kerja terlalu besar untuk diproses ({reason}). Hapus baris, lembar, atau gambar berlebih, atau salin isian ke templat standar yang baru.",
    ),
    "workbook-too-complex": Kind(
        ERROR,
        "Struktur buku kerja terlalu rumit",
        "Struktur buku kerja terlalu rumit untuk diproses ({reason}). Berkas seperti ini tidak terbentuk dari pengisian templat biasa; salin isian ke templat standar yang baru (salin-tempel nilai saja), simpan, lalu kirim kembali.",
    ),
    "cell-too-long": Kind(
        ERROR,
        "Isi sel terlalu panjang",
        "Sel {cell} pada lembar {sheet} berisi lebih dari {limit} karakter, batas satu sel di Excel. Persingkat isinya; uraian yang panjang cukup ditulis dalam dokumen bukti dukung dan dirujuk dengan tautan.",
    ),
    "wrong-extension": Kind(
        WARNING,
        "Akhiran nama berkas keliru",
        "Berkas ini sebenarnya buku kerja Excel (.xlsx), tetapi namanya berakhiran {suffix}. Isinya tetap dibaca; ganti akhiran namanya menjadi .xlsx agar tidak membingungkan.",
    ),
    # --- the structure ------------------------------------------------------------------
    "missing-sheet": Kind(
        ERROR,
        "Lembar wajib tidak ada",
        "Lembar '{sheet}' tidak ditemukan (lembar yang ada: {found}). Jangan mengganti nama atau menghapus lembar templat; salin isian ke templat standar bila perlu.",
    ),
    "missing-column": Kind(
        ERROR,
        "Kolom wajib tidak ada",
        "Kolom berjudul '{column}' tidak ditemukan pada {rows} baris pertama lembar {sheet}. Kembalikan judul kolom persis seperti pada templat.",
    ),
    "unknown-template-version": Kind(
        ERROR,
        "Versi templat tidak dikenal",
        "Templat versi {found} lebih baru daripada yang dikenal program ini (versi {supported}). Perbarui spbe-reports, atau isi templat yang dibuat oleh versi program Anda.",
    ),
    "unknown-framework": Kind(
        ERROR,
        "Kerangka penilaian tidak dikenal",
        "Buku kerja menyebut kerangka penilaian '{found}' yang tidak dikenal. Kerangka yang tersedia: {available}. Gunakan templat standar yang dibuat dengan 'spbe template'.",
    ),
    "framework-mismatch": Kind(
        ERROR,
        "Kerangka penilaian berbeda",
        "Buku kerja ini untuk kerangka '{found}', sedangkan proses ini menilai dengan '{expected}'. Proses buku kerja ini secara terpisah dengan --kerangka {found}, atau isi ulang pada templat {expected}.",
    ),
    # --- the identity -------------------------------------------------------------------
    "missing-agency-name": Kind(
        ERROR,
        "Nama instansi kosong",
        "Nama Instansi belum diisi. Isi nama lengkap instansi/perangkat daerah pada sel di sebelah kanan label 'Nama Instansi'.",
    ),
    "missing-year": Kind(
        ERROR,
        "Tahun penilaian kosong",
        "Tahun Penilaian belum diisi. Isi tahun penilaian dengan empat angka, misalnya 2026.",
    ),
    "invalid-year": Kind(
        ERROR,
        "Tahun penilaian tidak sah",
        "Tahun Penilaian berisi '{value}'. Isi tahun dengan empat angka antara {low} dan {high}, misalnya 2026.",
    ),
    "missing-agency-type": Kind(
        ERROR, "Jenis instansi kosong", "Jenis Instansi belum diisi. Pilih salah satu dari daftar: {choices}."
    ),
    "unknown-agency-type": Kind(
        ERROR,
        "Jenis instansi tidak dikenal",
        "Jenis Instansi berisi '{value}'. Pilih salah satu dari daftar: {choices}.",
    ),
    "missing-parent-government": Kind(
        WARNING,
        "Pemerintah daerah induk kosong",
        "Jenis Instansi adalah Perangkat Daerah, tetapi Pemerintah Daerah Induk belum diisi. Rata-rata dan "
        "peringkat membandingkan perangkat daerah dalam satu pemerintah daerah; tanpa keterangan ini, instansi "
        "hanya dibandingkan dengan perangkat daerah lain yang juga belum mengisinya. Isi sel di sebelah kanan "
        "label 'Pemerintah Daerah Induk' dengan nama pemerintah daerahnya, misalnya 'Pemerintah Kabupaten Sukamaju'. "
        "Pada templat lama yang belum memiliki baris itu, tambahkan baris berlabel 'Pemerintah Daerah Induk' "
        "di kolom A lembar Identitas dan isi kolom B-nya.",
    ),
    "invalid-nip": Kind(
        WARNING,
        "NIP kepala instansi tidak sah",
        "NIP Kepala Instansi berisi '{value}': {reason}. NIP pegawai negeri sipil terdiri atas 18 angka, "
        "misalnya 19780512 200501 1 003. NIP tidak memengaruhi indeks, tetapi dicantumkan pada laporan.",
    ),
    # --- the levels ---------------------------------------------------------------------
    "missing-indicator": Kind(
        ERROR,
        "Baris indikator tidak ada",
        "Baris indikator {indicator} tidak ditemukan pada lembar Penilaian. Kembalikan baris yang terhapus atau salin isian ke templat standar yang baru.",
    ),
    "duplicate-indicator": Kind(
        ERROR,
        "Nomor indikator ganda",
        "Indikator {indicator} muncul lebih dari sekali (juga pada baris {other}). Hapus baris yang berlebih sehingga setiap indikator hanya satu baris.",
    ),
    "unknown-indicator": Kind(
        WARNING,
        "Nomor indikator tidak dikenal",
        "Baris ini bernomor '{value}', yang bukan nomor indikator kerangka {framework}; baris ini diabaikan. Hapus baris tersebut atau perbaiki nomornya.",
    ),
    "missing-level": Kind(
        ERROR,
        "Tingkat mandiri belum diisi",
        "Tingkat Mandiri indikator {indicator} belum diisi. Pilih tingkat {low} sampai {high} dari daftar pilihan pada sel tersebut.",
    ),
    "level-not-integer": Kind(
        ERROR,
        "Tingkat bukan bilangan bulat",
        "Kolom {column} indikator {indicator} berisi '{value}'. Tingkat harus bilangan bulat {low} sampai {high} tanpa desimal; pilih dari daftar pilihan pada sel tersebut.",
    ),
    "level-out-of-range": Kind(
        ERROR,
        "Tingkat di luar rentang",
        "Kolom {column} indikator {indicator} berisi {value}, di luar rentang {low} sampai {high}. Pilih tingkat yang sah dari daftar pilihan.",
    ),
    "level-label-mismatch": Kind(
        WARNING,
        "Angka dan nama tingkat tidak sesuai",
        "Sel {cell} (kolom {column}, indikator {indicator}) berisi '{value}': angka {level} tidak sesuai dengan nama '{text}'{named}. Angka di depan yang dipakai, jadi sel dibaca sebagai '{label}'. Bila bukan itu maksudnya, pilih tingkat dari daftar pilihan pada sel tersebut agar angka dan namanya sesuai.",
    ),
    "formula-not-computed": Kind(
        ERROR,
        "Rumus belum dihitung",
        "Sel berisi rumus '{formula}' yang hasilnya belum tersimpan. Buka berkas di Excel atau LibreOffice, simpan ulang (agar hasil rumus tersimpan), atau ganti rumus dengan angka.",
    ),
    "stage-gap": Kind(
        WARNING,
        "Tahap asesor terlewat",
        "Indikator {indicator} memiliki nilai {later} tetapi {earlier} kosong. Nilai akhir diambil dari tahap terakhir yang terisi; periksa apakah {earlier} memang terlewat.",
    ),
    "invalid-target": Kind(
        WARNING,
        "Target tidak sah",
        "Target indikator {indicator} berisi '{value}', bukan tingkat {low} sampai {high}; target diabaikan dan dipakai target umum.",
    ),
    # --- the content --------------------------------------------------------------------
    "missing-explanation": Kind(
        WARNING,
        "Penjelasan kosong",
        "Indikator {indicator} diklaim tingkat {level} tetapi Penjelasan kosong. Uraikan kondisi yang memenuhi kriteria tingkat tersebut.",
    ),
    "missing-evidence": Kind(
        WARNING,
        "Bukti pendukung kosong",
        "Indikator {indicator} diklaim tingkat {level} tetapi Bukti Pendukung kosong. Sebutkan dokumen atau tautan bukti dukung; asesor dapat menurunkan nilai tanpa bukti.",
    ),
    "missing-sectoral-service": Kind(
        WARNING,
        "Nama layanan sektoral kosong",
        "Nama Layanan Publik Sektoral {service} (indikator {indicator}) belum diisi pada lembar Identitas. Tuliskan nama layanan yang dinilai, misalnya 'Perizinan Berusaha'.",
    ),
    # --- the batch ----------------------------------------------------------------------
    "duplicate-agency": Kind(
        ERROR,
        "Instansi yang sama dikirim lebih dari sekali",
        "Instansi '{agency}' tahun {year} juga dikirim dalam berkas {other}. Semua berkas instansi ini ditolak agar tidak ada yang tertimpa; hapus atau pindahkan berkas yang tidak berlaku, lalu jalankan ulang.",
    ),
    "incomplete-draft": Kind(
        WARNING,
        "Dinilai sebagai draf",
        "Buku kerja belum lengkap dan diproses sebagai draf (--draf): hanya aspek dan domain yang lengkap yang dihitung, dan Indeks SPBE belum dapat ditetapkan.",
    ),
    "unreadable-folder": Kind(
        ERROR,
        "Folder tidak dapat dibaca",
        "Folder ini tidak dapat dibuka ({reason}), sehingga buku kerja di dalamnya tidak terbaca. Berikan izin baca pada folder itu (atau pindahkan buku kerjanya ke folder masukan), lalu jalankan ulang.",
    ),
    "processing-failed": Kind(
        ERROR,
        "Berkas gagal diproses",
        "Berkas tidak dapat diproses karena galat yang tidak terduga ({reason}). Buka dan simpan ulang berkas di Excel atau LibreOffice lalu jalankan ulang; bila tetap gagal, kirim berkas ini kepada pengelola spbe-reports.",
    ),
    "report-failed": Kind(
        ERROR,
        "Laporan gagal dibuat",
        "Buku kerja terbaca, tetapi laporannya tidak dapat dibuat ({reason}). Instansi lain tetap diproses. Jalankan ulang; bila tetap gagal, kirim buku kerja ini kepada pengelola spbe-reports.",
    ),
}


@dataclass(frozen=True)
class Problem:
    """One problem found in one workbook."""

    code: str
    severity: str
    message: str
    file: str = ""
    sheet: str | None = None
    cell: str | None = None
    indicator: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def location(self) -> str:
        """Where the problem is, in the user's words ('lembar Penilaian, sel E12')."""
        parts = []
        if self.sheet:
            parts.append(f"lembar {self.sheet}")
        if self.cell:
            parts.append(f"sel {self.cell}")
        if self.indicator is not None and not self.cell:
            parts.append(f"indikator {self.indicator}")
        return ", ".join(parts) or "seluruh berkas"

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": self.message, "sheet": self.sheet, "cell": self.cell}
        if self.indicator is not None:
            data["indicator"] = self.indicator
        return data


def problem(
    code: str,
    file: str = "",
    *,
    sheet: str | None = None,
    cell: str | None = None,
    indicator: int | None = None,
    **params,
) -> Problem:
    """Make a Problem of a catalogued ``code``; ``params`` fill its message template."""
    kind = CATALOGUE[code]
    message = kind.message.format(sheet=sheet, cell=cell, indicator=indicator, **params)
    return Problem(code, kind.severity, message, file, sheet, cell, indicator)
