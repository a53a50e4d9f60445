"""The portal's session store: Django's database sessions, decoded once per text."""

import pytest

from portal.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_session_decoded_before_is_a_fresh_copy_each_time():
    store = SessionStore()
    store["draft"] = {"step": 1}
    store.create()
    first = SessionStore(store.session_key)
    first["draft"]["step"] = 2  # changed in place, not saved
    assert SessionStore(store.session_key)["draft"] == {"step": 1}


def test_a_changed_session_reads_its_new_data():
    store = SessionStore()
    store["step"] = 1
    store.create()
    assert SessionStore(store.session_key)["step"] == 1
    store["step"] = 2
    store.save()
    assert SessionStore(store.session_key)["step"] == 2


def test_a_session_whose_text_was_tampered_with_is_empty():
    from django.contrib.sessions.models import Session

    store = SessionStore()
    store["_auth_user_id"] = "1"
    store.create()
    row = Session.objects.get(session_key=store.session_key)
    row.session_data = row.session_data[:-3] + "abc"
    row.save()
    assert "_auth_user_id" not in SessionStore(store.session_key).load()
