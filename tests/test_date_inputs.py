"""Date boxes are the browser's date pickers, which only understand ISO values."""

import datetime
import importlib
import pkgutil

import pytest
from django import forms

import portal
import protocol
from portal.widgets import DateInput, DateTimeInput
from protocol.forms import PublishForm
from protocol.search.forms import SearchReportForm


def _portal_form_classes():
    for package in (portal, protocol):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations" in module.name or ".tests" in module.name:
                continue
            importlib.import_module(module.name)
    seen, stack = set(), [forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    # In a fixed order: each pytest-xdist worker collects the same list.
    return sorted(
        (cls for cls in seen if cls.__module__.startswith(("portal.", "protocol."))),
        key=lambda cls: (cls.__module__, cls.__qualname__),
    )


def test_publish_form_review_by_box_shows_its_date():
    form = PublishForm(initial={"review_by": datetime.date(2027, 6, 30)})
    html = str(form["review_by"])
    assert 'type="date"' in html
    assert 'value="2027-06-30"' in html


def test_a_date_typed_back_from_the_picker_is_accepted_and_redisplayed():
    form = SearchReportForm({"start": "2026-04-01", "end": "2026-03-01"})
    assert not form.is_valid()  # end before start: the form comes back
    assert 'value="2026-04-01"' in str(form["start"])


def test_date_time_box_renders_local_iso_value():
    widget = DateTimeInput()
    html = widget.render("at", datetime.datetime(2027, 6, 30, 9, 5))
    assert 'type="datetime-local"' in html
    assert 'value="2027-06-30T09:05"' in html


@pytest.mark.parametrize("form_class", _portal_form_classes(), ids=lambda cls: cls.__qualname__)
def test_every_date_box_in_the_portal_renders_iso(form_class):
    for name, field in form_class.base_fields.items():
        widget = field.widget
        if isinstance(widget, forms.DateTimeInput):
            assert isinstance(widget, DateTimeInput), f"{form_class.__name__}.{name}"
        elif isinstance(widget, forms.DateInput):
            assert isinstance(widget, DateInput), f"{form_class.__name__}.{name}"
