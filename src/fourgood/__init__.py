"""fourgood: the Four-good self-assessment of party cells and grassroots committees, in Excel."""

__version__ = "0.1.0"
