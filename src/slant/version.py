"""The package version, in one place (the document form and the CLI both report it)."""

__version__ = "0.2.0"
