"""The one base class for mistakes a user can make (bad name, bad unit, impossible value, bad file).

The CLI turns any :class:`UserError` into one line on stderr and exit status 2; anything else is
a bug in ironlaw and may show a traceback.
"""


class UserError(Exception):
    """Input from a person or a file that ironlaw cannot use; the message says what was expected."""
