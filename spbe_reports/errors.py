"""The one base class for broken setup (not bad input data, which is a Problem value)."""


class SpbeError(Exception):
    """A setup error the command line turns into a one-line message and a non-zero exit."""
