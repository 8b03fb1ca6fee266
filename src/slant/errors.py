"""slant's errors: one small hierarchy, so callers can tell bad input from a broken install.

Every message says what was wrong and what to do. The CLI prints it on one line and exits 2;
a batch records it against the input and goes on.
"""

from __future__ import annotations


class SlantError(Exception):
    """Something the user can fix; the message says what and how."""

    code = "E000"


class BadInputError(SlantError):
    """An input slant cannot read: empty, binary, undecodable, malformed beyond repair."""

    code = "E100"


class InputTooLargeError(BadInputError):
    """An input over a size limit (bytes read, or characters analysed)."""

    code = "E101"


class ModelError(SlantError):
    """A model folder or the bundled encoder is missing, corrupt or of another version."""

    code = "E200"


class ConfigError(SlantError):
    """A setting, option or pipeline configuration that cannot work."""

    code = "E300"
