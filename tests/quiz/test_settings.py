"""The quiz's settings: a bad length or pass mark stops the portal from starting."""

import pytest

from tests.factories import run_manage


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
    result = run_manage("check", DEBUG="true", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_good_quiz_settings_start():
    result = run_manage("check", DEBUG="true", QUIZ_PASS_MARK="70", QUIZ_QUESTION_COUNT="12")
    assert result.returncode == 0, result.stderr
