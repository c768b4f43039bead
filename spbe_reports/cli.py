"""The ``spbe`` command line: parse options, call the library, print, pick the exit code.

Exit status (contract): 0 every workbook processed; 1 some workbook rejected (the others are
still processed); 2 usage or setup error; 130 interrupted.
"""

from __future__ import annotations

import json
import sys
import traceback
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

import click

from spbe_reports import __version__, clitext, defaults, interrupt
from spbe_reports.errors import SpbeError, describe_os_error

if TYPE_CHECKING:  # the modules that do the work load when a command runs: `spbe --help` answers at once
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from spbe_reports.batch import BatchResult, Options

clitext.install()
safe = clitext.printable

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
COMMAND = {"context_settings": CONTEXT_SETTINGS, "options_metavar": "[OPSI]"}


class SetupError(click.ClickException):
    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        click.echo(safe(self.message), err=True)


YEAR = click.IntRange(2018, date.today().year + 1)  # the years the workbook reader accepts
YEAR.name = "tahun"
JOBS = click.IntRange(1, 32)
JOBS.name = "jumlah proses"


def console() -> Console:
    from rich.console import Console

    return Console(stderr=False, highlight=False, soft_wrap=True)


def framework_option(f):
    return click.option(
        "--kerangka",
        "framework",
        default=defaults.DEFAULT_FRAMEWORK,
        show_default=True,
        metavar="ID",
        help="Kerangka penilaian (" + ", ".join(defaults.available_frameworks()) + ").",
    )(f)


@click.group(**COMMAND, subcommand_metavar="PERINTAH [ARGUMEN]...")
@click.version_option(__version__, "--versi", prog_name="spbe-reports", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Tampilkan traceback lengkap bila terjadi galat (untuk pengembang).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Buku kerja standar, Indeks SPBE, dan laporan resmi evaluasi SPBE.

    Alur kerja: buat buku kerja dengan 'spbe template', bagikan ke instansi/perangkat daerah,
    kumpulkan berkas yang sudah diisi dalam satu folder, lalu jalankan 'spbe generate'. Kop, logo,
    dan penanda tangan laporan diisi sekali dalam berkas dari 'spbe pengaturan'.
    """
    ctx.obj = {"debug": debug}


def _setup_errors(ctx: click.Context, exc: Exception):
    if ctx.obj and ctx.obj.get("debug"):
        traceback.print_exc()
    if isinstance(exc, OSError):
        raise SetupError(f"Galat: berkas atau folder tidak dapat dipakai: {describe_os_error(exc)}.") from exc
    raise SetupError(f"Galat: {exc}") from exc


def target_folder_option(help_text: str):
    """``-o FOLDER`` of the commands that write files for users to hand out (default: here)."""
    return click.option(
        "-o",
        "--output",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        metavar="FOLDER",
        show_default=True,
        help=help_text,
    )


@cli.command(**COMMAND)
@target_folder_option("Folder tujuan buku kerja.")
@click.option(
    "--instansi",
    "names",
    multiple=True,
    metavar="NAMA",
    help="Nama instansi/perangkat daerah; boleh diulang. Satu buku kerja per instansi.",
)
@click.option(
    "--daftar",
    "agency_list",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BERKAS",
    help="Daftar instansi (CSV atau XLSX dengan kolom 'Nama Instansi', opsional 'Jenis Instansi' dan 'Kode Instansi').",
)
@click.option("--tahun", "year", type=YEAR, metavar="TTTT", help="Tahun penilaian yang diisikan.")
@click.option("--timpa", "overwrite", is_flag=True, help="Tulis ulang buku kerja yang sudah ada di folder tujuan.")
@framework_option
@click.pass_context
def template(ctx, out_dir, names, agency_list, year, overwrite, framework):
    """Tulis buku kerja standar penilaian (satu per instansi, atau satu yang kosong).

    Buku kerja yang sudah ada di folder tujuan tidak ditimpa (mungkin sudah diisi), kecuali
    dengan --timpa.
    """
    from spbe_reports import framework as frameworks
    from spbe_reports.agencies import Agency, read_agency_list
    from spbe_reports.workbook.writer import workbook_filename, write_workbook

    out = console()
    if any(not name.strip() for name in names):
        out.print("Nama instansi yang kosong pada --instansi dilewati.")
    try:
        fw = frameworks.load(framework)
        agencies = [Agency(name.strip()) for name in names if name.strip()]
        if agency_list:
            agencies += read_agency_list(agency_list)
        written: list[Path] = []
        kept: list[Path] = []
        for agency in agencies or [None]:
            path = out_dir / workbook_filename(agency, year)
            n = 1
            while path in written:  # two agencies of one name must not share a file
                n += 1
                path = path.with_name(f"{Path(workbook_filename(agency, year)).stem} ({n}).xlsx")
            if path.exists() and not overwrite:
                kept.append(path)
                continue
            write_workbook(fw, path, agency, year)
            written.append(path)
    except (SpbeError, OSError) as exc:
        _setup_errors(ctx, exc)
    for path in written:
        out.print(safe(f"ditulis: {path}"), markup=False)
    for path in kept:
        out.print(safe(f"dilewati, sudah ada (gunakan --timpa untuk menulis ulang): {path}"), markup=False)
    out.print(f"{len(written)} buku kerja {fw.name} siap dibagikan.")


@cli.command(**COMMAND)
@target_folder_option("Folder tujuan berkas pengaturan.")
@click.option(
    "--timpa", "overwrite", is_flag=True, help="Tulis ulang berkas pengaturan yang sudah ada (isinya hilang)."
)
@click.pass_context
def pengaturan(ctx, out_dir, overwrite):
    """Tulis berkas pengaturan laporan (pengaturan.xlsx): kop, logo, dan penanda tangan.

    Diisi sekali di Excel atau LibreOffice. Berkas yang sudah ada di folder tujuan tidak ditimpa
    (mungkin sudah diisi), kecuali dengan --timpa.
    """
    from spbe_reports.settings import SETTINGS_NAME, find_settings, write_settings_template

    out = console()
    existing = find_settings(out_dir) if out_dir.is_dir() else None
    if existing is not None and not overwrite:
        out.print(safe(f"dilewati, sudah ada (gunakan --timpa untuk menulis ulang): {existing}"), markup=False)
        out.print("Isi berkas yang sudah ada itu, lalu periksa dengan 'spbe validate'.", markup=False)
        return
    try:
        path = write_settings_template(existing or out_dir / SETTINGS_NAME)
    except (SpbeError, OSError) as exc:
        _setup_errors(ctx, exc)
    out.print(safe(f"ditulis: {path}"), markup=False)
    out.print(
        "Langkah berikutnya:\n"
        "  1. Buka berkas itu di Excel atau LibreOffice, isi lembar Pengaturan (kop, logo, tempat) dan lembar "
        "Penanda Tangan, lalu simpan.\n"
        "  2. Letakkan logo (PNG atau JPEG) di folder yang sama dan tulis nama berkasnya pada baris Berkas Logo.\n"
        f"  3. Simpan {SETTINGS_NAME} di folder buku kerja (misalnya input), atau sebutkan lokasinya dengan "
        "'spbe generate --pengaturan BERKAS'.\n"
        "  4. Periksa dengan 'spbe validate'. Isian yang kosong menjadi garis kosong untuk ditandatangani.",
        markup=False,
    )


def _settings_option(f):
    return click.option(
        "--pengaturan",
        "settings",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="BERKAS",
        help="Berkas pengaturan laporan (kop, logo, penanda tangan); bawaan: pengaturan.xlsx di folder masukan.",
    )(f)


def _settings_line(result: BatchResult) -> str:
    if result.settings_file is None:
        return "Pengaturan laporan: tidak ada (kop polos, tanda tangan dikosongkan); buat dengan 'spbe pengaturan'."
    return safe(f"Pengaturan laporan: {result.settings_file}")


def _progress_callback(progress: Progress):
    task = progress.add_task("", total=None)

    def update(label: str, done: int, total: int) -> None:
        progress.update(task, description=label, completed=done, total=total)

    return update


def _run(ctx, input_dir: Path, output_dir: Path, options: Options, quiet: bool) -> BatchResult:
    from spbe_reports import batch

    try:
        if quiet:
            return batch.run(input_dir, output_dir, options)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            return batch.run(input_dir, output_dir, options, _progress_callback(progress))
    except (SpbeError, OSError) as exc:
        _setup_errors(ctx, exc)


def _parse_target(ctx, param, value):
    from spbe_reports import recommend

    try:
        return recommend.parse_target(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _parse_decimal(ctx, param, value):
    if value is None:
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise click.BadParameter(f"'{value}' bukan bilangan; tulis misalnya 3,50.") from None
    if not Decimal(1) <= number <= Decimal(5):
        raise click.BadParameter("indeks target harus antara 1 dan 5.")
    return number


def _summary_title(result: BatchResult) -> str:
    """'Ringkasan: 5 diproses, 0 ditolak, 7 peringatan pada 3 buku kerja'."""
    title = f"Ringkasan: {len(result.ok)} diproses, {len(result.rejected)} ditolak"
    warned = [w for w in result.workbooks if w.warnings]
    if not warned:
        return title + ", tanpa peringatan"
    return title + f", {sum(len(w.warnings) for w in warned)} peringatan pada {len(warned)} buku kerja"


def _summary_table(result: BatchResult) -> Table:
    from rich.markup import escape
    from rich.table import Table

    from spbe_reports.formatting import format_index

    table = Table(title=_summary_title(result), title_justify="left")
    for header in ("Berkas", "Instansi", "Indeks", "Predikat / alasan"):
        table.add_column(header, overflow="fold")
    for w in result.workbooks:
        if w.ok:
            final = w.evaluation.final
            index = format_index(final.index) if final.complete else "-"
            rating = final.rating if final.complete else "draf (belum lengkap)"
            table.add_row(escape(safe(w.source)), escape(safe(w.agency or "")), index, rating)
        else:
            first = w.errors[0]
            more = f" (+{len(w.errors) - 1} galat lain)" if len(w.errors) > 1 else ""
            reason = escape(safe(f"[{first.code}] {first.location}: {first.message}{more}"))
            table.add_row(escape(safe(w.source)), escape(safe(w.agency or "")), "-", f"[red]DITOLAK[/red] {reason}")
    return table


@cli.command(**COMMAND)
@click.argument(
    "input_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="input",
    required=False,
    metavar="[FOLDER_MASUKAN]",
)
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="output",
    metavar="FOLDER",
    show_default=True,
    help="Folder keluaran laporan dan hasil.",
)
@click.option("--pdf", is_flag=True, help="Buat juga PDF setiap laporan melalui LibreOffice.")
@click.option("--draf", "draft", is_flag=True, help="Proses buku kerja yang belum lengkap sebagai draf, bukan ditolak.")
@click.option(
    "--target",
    "default_target",
    default="next",
    show_default=True,
    callback=_parse_target,
    metavar="TINGKAT|next",
    help="Target tingkat untuk rekomendasi bila kolom Target kosong: angka 1-5, atau 'next' (naik satu tingkat).",
)
@click.option(
    "--target-indeks",
    "target_index",
    callback=_parse_decimal,
    metavar="INDEKS",
    help="Indeks SPBE yang ingin dicapai (misalnya 3,50); laporan menunjukkan langkah tersingkatnya.",
)
@click.option(
    "--pembanding",
    "previous",
    type=click.Path(exists=True, path_type=Path),
    metavar="LOKASI",
    help="hasil.json tahun lalu (atau foldernya, atau folder buku kerja tahun lalu) untuk perbandingan.",
)
@click.option(
    "--daftar",
    "agency_list",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BERKAS",
    help="Daftar instansi yang wajib mengumpulkan, untuk mencari yang belum mengumpulkan.",
)
@click.option(
    "--templat",
    "template_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    metavar="FOLDER",
    default=defaults.TEMPLATE_DIR,
    show_default="templat bawaan",
    help="Folder templat laporan (laporan.docx, ringkasan.docx).",
)
@click.option(
    "-j",
    "--proses",
    "jobs",
    type=JOBS,
    default=defaults.DEFAULT_JOBS,
    show_default=True,
    metavar="N",
    help=f"Jumlah proses penyusun laporan (dipakai bila ada {defaults.PARALLEL_FROM} laporan atau lebih).",
)
@_settings_option
@click.option(
    "--paksa",
    "force",
    is_flag=True,
    help="Buat ulang semua keluaran, juga yang tidak berubah sejak proses sebelumnya ke folder keluaran yang sama.",
)
@click.option("-q", "--senyap", "quiet", is_flag=True, help="Tanpa bilah kemajuan.")
@framework_option
@click.pass_context
def generate(
    ctx,
    input_dir,
    output_dir,
    pdf,
    draft,
    default_target,
    target_index,
    previous,
    agency_list,
    template_dir,
    jobs,
    settings,
    force,
    quiet,
    framework,
):
    """Baca semua buku kerja di FOLDER_MASUKAN (bawaan: input) dan tulis laporannya ke folder keluaran."""
    from spbe_reports import batch
    from spbe_reports import framework as frameworks

    if isinstance(default_target, int):
        levels = frameworks.load(framework).levels
        if default_target not in levels:
            raise click.BadParameter(
                f"tingkat {default_target} tidak ada; pilih {levels[0]} sampai {levels[-1]}, atau 'next'.",
                param_hint="'--target'",
            )
    options = batch.Options(
        framework=framework,
        draft=draft,
        default_target=default_target,
        target_index=target_index,
        previous=previous,
        agencies=agency_list,
        pdf=pdf,
        template_dir=template_dir,
        jobs=jobs,
        settings=settings,
        force=force,
    )
    result = _run(ctx, input_dir, output_dir, options, quiet)
    out = console()
    out.print(_settings_line(result), markup=False)
    if result.recovered:
        out.print("Penempatan keluaran proses sebelumnya yang terputus telah diselesaikan lebih dahulu.", markup=False)
    out.print(_summary_table(result))
    for note in result.notes:
        out.print(safe(note), markup=False)
    if result.expected is not None and result.missing:
        names = ", ".join(a.name for a in result.missing)
        out.print(safe(f"Belum mengumpulkan ({len(result.missing)}): {names}"), markup=False)
    if result.new_agencies:
        names = ", ".join(w.agency for w in result.new_agencies)
        out.print(safe(f"Tanpa data tahun lalu (instansi baru): {names}"), markup=False)
    if result.removed:
        out.print(
            safe(
                f"Dihapus {len(result.removed)} keluaran proses sebelumnya yang tidak dibuat lagi (buku kerjanya "
                "tidak ada atau kini ditolak, atau PDF tanpa --pdf): " + ", ".join(result.removed)
            ),
            markup=False,
        )
    if result.kept:
        out.print(
            f"{result.kept} laporan tidak berubah sejak proses sebelumnya dan dipakai ulang; {result.rendered} dibuat "
            "(--paksa membuat ulang semuanya).",
            markup=False,
        )
    folders = ", dan satu folder laporan per instansi" if result.ok else ""
    outputs = ", ".join([*result.outputs.values(), "status.json"])
    out.print(safe(f"Keluaran di '{output_dir}': {outputs}{folders}."), markup=False)
    ctx.exit(result.exit_code)


@cli.command(**COMMAND)
@click.argument(
    "input_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="input",
    required=False,
    metavar="[FOLDER_MASUKAN]",
)
@click.option("--json", "as_json", is_flag=True, help="Cetak hasil pemeriksaan sebagai JSON (untuk program lain).")
@click.option("--draf", "draft", is_flag=True, help="Terima buku kerja yang belum lengkap (sebagai draf).")
@_settings_option
@framework_option
@click.pass_context
def validate(ctx, input_dir, as_json, draft, settings, framework):
    """Periksa semua buku kerja di FOLDER_MASUKAN, dan berkas pengaturan laporan, tanpa membuat laporan."""
    from rich.markup import escape
    from rich.table import Table

    from spbe_reports import batch

    options = batch.Options(framework=framework, draft=draft, render=False, settings=settings)
    result = _run(ctx, input_dir, Path("."), options, quiet=as_json)
    exit_code = EXIT_USAGE if result.settings_problems else result.exit_code
    if as_json:
        payload = {
            "framework": result.framework.id,
            "settings": {
                "source": str(result.settings_file) if result.settings_file else None,
                "errors": result.settings_problems,
            },
            "workbooks": [
                {
                    "source": w.source,
                    "status": w.status,
                    "agency": w.agency,
                    "errors": [p.as_dict() for p in w.errors],
                    "warnings": [p.as_dict() for p in w.warnings],
                }
                for w in result.workbooks
            ],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        ctx.exit(exit_code)
    out = console()
    problems = [(w, p) for w in result.workbooks for p in w.problems]
    if problems:
        table = Table(title="Masalah yang ditemukan", title_justify="left", expand=True)
        for header, ratio in (("Berkas", 2), ("Letak", 2), ("Kode", 2), ("Pesan", 6)):
            table.add_column(header, overflow="fold", ratio=ratio)
        for w, p in problems:
            kind = "[red]GALAT[/red]" if p.is_error else "[yellow]Peringatan[/yellow]"
            table.add_row(escape(safe(w.source)), escape(safe(p.location)), p.code, f"{kind}: {escape(safe(p.message))}")
        out.print(table)
    out.print(
        f"{len(result.workbooks)} berkas diperiksa: {len(result.ok)} dapat diproses, {len(result.rejected)} ditolak, "
        f"{sum(len(w.warnings) for w in result.workbooks)} peringatan."
    )
    if result.settings_problems:
        out.print(
            safe(
                f"Pengaturan laporan: {result.settings_file} belum dapat dipakai ('spbe generate' akan berhenti); "
                "perbaiki hal berikut:"
            ),
            markup=False,
        )
        for line in result.settings_problems:
            out.print(safe(f"- {line}"), markup=False)
    else:
        out.print(_settings_line(result), markup=False)
    ctx.exit(exit_code)


INTERRUPTED_MESSAGE = (
    "Dihentikan. Tidak ada berkas setengah jadi: folder keluaran berisi hasil lengkap dari proses terakhir "
    "yang selesai (lihat status.json). Jalankan ulang untuk memperbaruinya."
)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``spbe`` console script and of generate.py.

    Ctrl-C and SIGTERM exit 130 whatever exception they surfaced as (spbe_reports.interrupt).
    """
    interrupt.install()
    try:
        interrupt.check()  # a Ctrl-C that came while the modules loaded
        code = cli.main(args=argv, prog_name="spbe", standalone_mode=False)
    except click.exceptions.Exit as exc:  # ctx.exit() inside a command
        code = exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        code = EXIT_INTERRUPTED
    except click.ClickException as exc:
        if not interrupt.requested():
            exc.show()
        code = EXIT_INTERRUPTED if interrupt.requested() else exc.exit_code
    except Exception:
        if not interrupt.requested():
            raise
        code = EXIT_INTERRUPTED
    if interrupt.requested():
        click.echo(INTERRUPTED_MESSAGE, err=True)
        code = EXIT_INTERRUPTED
    sys.exit(code or 0)


if __name__ == "__main__":
    main()
