"""Due dates in working days: weekends, bank holidays and local closure days do
not count.

A request sent on any day is due by the end of the Nth working day after that
day: sent on a Friday with a one-day target, it is due on Monday (or Tuesday
when that Monday is a bank holiday). The targets per urgency are the setting
``ADVICE_TARGET_WORKING_DAYS``. Bank holidays come from the ``holidays``
package (the part of the United Kingdom in ``ADVICE_BANK_HOLIDAYS``, England
and Wales by default), which knows every year's dates and substitute days;
local closure days (the office's own, such as a day between Christmas and the
New Year) are ``BankHoliday`` rows the Monitoring Officer adds in the admin.
"""

from datetime import timedelta

import holidays as public_holidays
from django.conf import settings
from django.utils import timezone

from protocol.advice.models import BankHoliday

SATURDAY = 5


def bank_holidays(first, last):
    """The bank holidays from ``first`` to ``last`` (both included), with their names."""
    calendar = public_holidays.UK(
        subdiv=settings.ADVICE_BANK_HOLIDAYS, years=range(first.year, last.year + 1)
    )
    return {day: name for day, name in calendar.items() if first <= day <= last}


def closed_days(first, last):
    """Every day from ``first`` to ``last`` (both included) that is not worked besides
    weekends: bank holidays and the local closure days in the admin."""
    local = BankHoliday.objects.filter(date__gte=first, date__lte=last)
    return set(bank_holidays(first, last)) | set(local.values_list("date", flat=True))


def is_working_day(day, holidays):
    return day.weekday() < SATURDAY and day not in holidays


def add_working_days(start, days, holidays):
    """The date ``days`` working days after ``start`` (``start`` itself never counts)."""
    if days < 0:
        raise ValueError("A target cannot be a negative number of working days.")
    day = start
    for _ in range(days):
        day += timedelta(days=1)
        while not is_working_day(day, holidays):
            day += timedelta(days=1)
    return day


def target_days(urgency):
    return settings.ADVICE_TARGET_WORKING_DAYS[urgency]


def due_date(urgency, submitted_at=None):
    """The date by which a request of this urgency, sent at ``submitted_at``, is answered."""
    start = timezone.localdate(submitted_at or timezone.now())
    days = target_days(urgency)
    # Every day in the window could be a weekend or holiday only in theory;
    # a week per working day plus a month is far more than the calendar needs.
    window_end = start + timedelta(days=7 * days + 31)
    return add_working_days(start, days, closed_days(start + timedelta(days=1), window_end))
