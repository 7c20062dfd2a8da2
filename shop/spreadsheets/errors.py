"""The two ways a spreadsheet is refused: the whole file, or one cell."""

from __future__ import annotations

from shop.errors import ValidationError


class SpreadsheetError(ValidationError):
    """The file as a whole cannot be read (its field is the upload's ``file``)."""

    def __init__(self, message: str):
        super().__init__("file", message)


class CellError(ValueError):
    """One cell does not hold what its column needs; the message is for people."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
