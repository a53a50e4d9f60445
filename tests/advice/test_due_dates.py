"""Due dates count working days: weekends and the listed bank holidays are skipped."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from protocol.advice.models import BankHoliday, Urgency
from protocol.advice.working_days import add_working_days, closed_days, due_date, is_working_day

LONDON = ZoneInfo("Europe/London")
NO_HOLIDAYS = frozenset()


def test_a_day_after_monday_is_tuesday():
    assert add_working_days(date(2026, 11, 23), 1, NO_HOLIDAYS) == date(2026, 11, 24)


def test_a_day_after_friday_skips_the_weekend():
    assert add_working_days(date(2026, 11, 27), 1, NO_HOLIDAYS) == date(2026, 11, 30)


def test_three_days_after_thursday_ends_on_tuesday():
    assert add_working_days(date(2026, 11, 26), 3, NO_HOLIDAYS) == date(2026, 12, 1)


def test_sent_at_the_weekend_the_first_working_day_is_monday():
    assert add_working_days(date(2026, 11, 28), 1, NO_HOLIDAYS) == date(2026, 11, 30)
    assert add_working_days(date(2026, 11, 29), 1, NO_HOLIDAYS) == date(2026, 11, 30)


def test_holidays_are_skipped_like_weekends():
    christmas = {date(2026, 12, 25), date(2026, 12, 28)}
    # Thursday 24 December: Friday is Christmas Day, Monday the Boxing Day substitute.
    assert add_working_days(date(2026, 12, 24), 1, christmas) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 24), 3, christmas) == date(2026, 12, 31)


def test_a_holiday_on_the_start_day_does_not_matter():
    # Sent on Christmas Day (a Friday): the next working day is Monday 28th.
    assert add_working_days(date(2026, 12, 25), 1, {date(2026, 12, 25)}) == date(2026, 12, 28)


def test_is_working_day():
    assert is_working_day(date(2026, 11, 24), NO_HOLIDAYS)
    assert not is_working_day(date(2026, 11, 28), NO_HOLIDAYS)
    assert not is_working_day(date(2026, 12, 25), {date(2026, 12, 25)})


def test_a_negative_target_is_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 24), -1, NO_HOLIDAYS)


@pytest.mark.django_db
def test_england_and_wales_bank_holidays_come_from_the_holidays_package():
    closed = closed_days(date(2026, 1, 1), date(2027, 12, 31))
    assert {
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day, substitute
        date(2027, 1, 1),
        date(2027, 3, 26),
        date(2027, 3, 29),
        date(2027, 12, 27),
        date(2027, 12, 28),
    } <= closed
    assert len([day for day in closed if day.weekday() < 5]) == 16


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "due"),
    [
        # Thursday 13 April 2028: Good Friday and Easter Monday do not count.
        (datetime(2028, 4, 13, 10, 0, tzinfo=LONDON), date(2028, 4, 18)),
        # Friday 24 December 2032: Christmas and Boxing Day fall on the weekend,
        # so Monday 27th and Tuesday 28th are the substitute days.
        (datetime(2032, 12, 24, 10, 0, tzinfo=LONDON), date(2032, 12, 29)),
        # Friday 26 May 2045: the spring bank holiday is Monday 29 May.
        (datetime(2045, 5, 26, 10, 0, tzinfo=LONDON), date(2045, 5, 30)),
    ],
)
def test_due_dates_from_2028_on_skip_that_years_bank_holidays(settings, sent, due):
    settings.ADVICE_TARGET_WORKING_DAYS = {"urgent": 1, "high": 2, "normal": 3}
    assert due_date(Urgency.URGENT, sent) == due


@pytest.mark.django_db
def test_a_local_closure_day_added_in_the_admin_does_not_count(settings):
    settings.ADVICE_TARGET_WORKING_DAYS = {"urgent": 1, "high": 2, "normal": 3}
    sent = datetime(2028, 12, 28, 10, 0, tzinfo=LONDON)  # Thursday
    assert due_date(Urgency.URGENT, sent) == date(2028, 12, 29)
    BankHoliday.objects.create(date=date(2028, 12, 29), name="Office closed")
    assert due_date(Urgency.URGENT, sent) == date(2029, 1, 2)  # Monday 1st is New Year


@pytest.mark.django_db
def test_the_bank_holidays_follow_the_part_of_the_uk_in_the_setting(settings):
    settings.ADVICE_TARGET_WORKING_DAYS = {"urgent": 1, "high": 2, "normal": 3}
    sent = datetime(2028, 8, 4, 10, 0, tzinfo=LONDON)  # Friday before Scotland's
    assert due_date(Urgency.URGENT, sent) == date(2028, 8, 7)
    settings.ADVICE_BANK_HOLIDAYS = "SCT"
    assert due_date(Urgency.URGENT, sent) == date(2028, 8, 8)


@pytest.mark.django_db
def test_due_date_uses_the_bank_holidays_in_the_database_and_the_urgency_target(settings):
    settings.ADVICE_TARGET_WORKING_DAYS = {"urgent": 1, "high": 2, "normal": 3}
    sent = datetime(2026, 12, 30, 16, 0, tzinfo=LONDON)  # Wednesday
    # Thursday 31st, (Friday 1 January is a holiday), Monday 4th, Tuesday 5th.
    assert due_date(Urgency.URGENT, sent) == date(2026, 12, 31)
    assert due_date(Urgency.HIGH, sent) == date(2027, 1, 4)
    assert due_date(Urgency.NORMAL, sent) == date(2027, 1, 5)

    # The Monitoring Officer adds a closure day in the admin: it counts as a holiday.
    BankHoliday.objects.create(date=date(2026, 12, 31), name="Office closed")
    assert due_date(Urgency.URGENT, sent) == date(2027, 1, 4)


@pytest.mark.django_db
def test_due_date_follows_the_local_date_not_utc(settings):
    settings.ADVICE_TARGET_WORKING_DAYS = {"urgent": 1, "high": 2, "normal": 3}
    # 23:30 on Sunday 28 June 2026 in UTC is already Monday in London (BST),
    # so the next working day is Tuesday, not Monday.
    late_sunday_utc = datetime(2026, 6, 28, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert due_date(Urgency.URGENT, late_sunday_utc) == date(2026, 6, 30)


@pytest.mark.django_db
def test_targets_come_from_the_setting(settings):
    settings.ADVICE_TARGET_WORKING_DAYS = {"urgent": 2, "high": 5, "normal": 10}
    sent = datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)  # Monday
    assert due_date(Urgency.URGENT, sent) == date(2026, 11, 25)
    assert due_date(Urgency.NORMAL, sent) == date(2026, 12, 7)
