"""The one base class for mistakes a user can make (bad name, bad unit, impossible value, bad file).

The CLI turns any :class:`UserError` into one line on stderr and exit status 2; anything else is
a bug in ironlaw and may show a traceback.

Domain code names *parameters*, never command-line flags: :class:`ParameterError` carries the
parameter's name (``batch``, ``tp``, ``arrival_rate``) and the CLI maps it to the flag the user
typed (``cli.main.flag_for``); a Python caller sees the parameter it passed.
"""

import math


def quoted(value, most: int = 80) -> str:
    """``repr(value)`` for a message, or for a long one its start and its length, so that a
    message stays one readable line whatever was typed (a 5,000-character flag value); an
    integer of more than 30 digits by its digit count (Python will not even print one of more
    than 4,300)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** 30:
        digits = (len(str(abs(value))) if value.bit_length() < 14_000  # str() stops at 4,300
                  else math.floor(math.log10(abs(value))) + 1)
        return f"a {digits:,}-digit number"
    text = repr(value)
    if len(text) <= most:
        return text
    length = len(value) if isinstance(value, (str, bytes)) else len(text)
    return f"{text[:most - 24]}… ({length:,} characters)"


class UserError(Exception):
    """Input from a person or a file that ironlaw cannot use; the message says what was expected."""


class ParameterError(UserError, ValueError):
    """A value given for ``parameter`` that is not what it must be.

    ``str(error)`` reads ``"<parameter>: <message>"``; ``with_label`` re-labels it for the
    place the value came from (a CLI flag, a file and YAML field).
    """

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        self.message = message
        super().__init__(f"{parameter}: {message}")

    def with_label(self, label: str) -> UserError:
        return UserError(f"{label}: {self.message}")
