"""The quiz's settings: a bad length or pass mark stops the portal from starting."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.factories import load_settings


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("QUIZ_PASS_MARK", "0", "QUIZ_PASS_MARK must be a percentage"),
        ("QUIZ_PASS_MARK", "101", "QUIZ_PASS_MARK must be a percentage"),
        ("QUIZ_PASS_MARK", "eighty", "QUIZ_PASS_MARK must be a whole number"),
        ("QUIZ_QUESTION_COUNT", "0", "QUIZ_QUESTION_COUNT must be between"),
    ],
)
def test_a_bad_quiz_setting_fails_loudly(name, value, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        load_settings(DEBUG="true", **{name: value})


def test_good_quiz_settings_start():
    settings = load_settings(DEBUG="true", QUIZ_PASS_MARK="70", QUIZ_QUESTION_COUNT="12")
    assert (settings["QUIZ_PASS_MARK"], settings["QUIZ_QUESTION_COUNT"]) == (70, 12)
