"""The ``spbe`` command (``python -m spbe_reports``): hold Ctrl-C while the modules load, then run.

Loading the command line takes a good part of a second; a Ctrl-C in that time would otherwise
print a traceback from an import. Here it only sets the flag of :mod:`spbe_reports.interrupt`,
and :func:`spbe_reports.cli.main` exits 130 as soon as it starts.
"""

from spbe_reports import interrupt


def main(argv: list[str] | None = None) -> None:
    interrupt.install(hold=True)
    from spbe_reports import cli

    cli.main(argv)


if __name__ == "__main__":
    main()
