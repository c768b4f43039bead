"""spbe-reports: SPBE evaluation workbooks in, official reports out."""

__version__ = "0.1.0"
