"""CSV files the portal writes, made safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is run as a formula by Excel, LibreOffice and Google Sheets
("CSV injection"): a member's name or a quiz scenario could then fetch a
web address or run a command on the Monitoring Officer's computer. Every
CSV the portal writes goes through ``csv_writer``, which passes each cell
through ``spreadsheet_cell``; nothing else in the portal calls ``csv.writer``
(a test looks).
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """A CSV cell a spreadsheet will show as text, never run as a formula.

    Numbers stay numbers (a negative number is a number, not a formula); text
    starting with a formula character gets a leading apostrophe, the OWASP
    advice for CSV injection; None is an empty cell.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _SafeWriter:
    """``csv.writer`` whose rows pass through ``spreadsheet_cell``."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([spreadsheet_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(out, **kwargs):
    """A CSV writer on ``out`` (a file, a StringIO or an HttpResponse) that
    neutralises formula cells; the one way the portal writes CSV."""
    return _SafeWriter(out, **kwargs)
