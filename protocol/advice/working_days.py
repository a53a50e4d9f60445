"""Due dates in working days: weekends and the listed bank holidays do not count.

A request sent on any day is due by the end of the Nth working day after that
day: sent on a Friday with a one-day target, it is due on Monday (or Tuesday
when that Monday is a bank holiday). The targets per urgency are the setting
``ADVICE_TARGET_WORKING_DAYS``; the bank holidays are ``BankHoliday`` rows the
Monitoring Officer maintains in the admin.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from protocol.advice.models import BankHoliday

SATURDAY = 5


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
    holidays = set(
        BankHoliday.objects.filter(date__gt=start, date__lte=window_end).values_list(
            "date", flat=True
        )
    )
    return add_working_days(start, days, holidays)
