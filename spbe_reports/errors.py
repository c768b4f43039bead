"""The one base class for broken setup (not bad input data, which is a Problem value)."""

import errno


class SpbeError(Exception):
    """A setup error the command line turns into a one-line message and a non-zero exit."""


_ERRNO_WORDS = {
    errno.ENOENT: "tidak ditemukan",
    errno.ENOTDIR: "salah satu bagian lokasinya berkas, bukan folder",
    errno.EISDIR: "lokasinya folder, bukan berkas",
    errno.EACCES: "tidak ada izin",
    errno.EPERM: "tidak diizinkan",
    errno.EROFS: "lokasinya hanya dapat dibaca",
    errno.ENOSPC: "ruang disk penuh",
    errno.EEXIST: "sudah ada",
    errno.ENAMETOOLONG: "nama terlalu panjang",
}


def describe_os_error(exc: OSError) -> str:
    """An operating-system error in the user's words, with the path it concerns."""
    words = _ERRNO_WORDS.get(exc.errno, f"galat sistem berkas nomor {exc.errno}")
    return words + (f" ('{exc.filename}')" if exc.filename else "")
