"""Input no page can use gets a clear answer, never a server error: a null
character anywhere, an impossible date or an over-long search on any admin list."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.urls import reverse

from portal.middleware import ADMIN_SEARCH_MAX_CHARACTERS, ADMIN_SEARCH_MAX_WORDS

pytestmark = pytest.mark.django_db


def _changelists(attribute):
    return [
        pytest.param(model_admin, id=f"{model._meta.app_label}.{model._meta.model_name}")
        for model, model_admin in admin.site._registry.items()
        if getattr(model_admin, attribute)
    ]


def _url(model_admin):
    opts = model_admin.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


@pytest.fixture
def superuser_client(client, officer):
    officer.is_superuser = True
    officer.save()
    client.force_login(officer)
    return client


@pytest.mark.parametrize("model_admin", _changelists("date_hierarchy"))
@pytest.mark.parametrize(
    "drill_down",
    [
        {"year": "99999999"},
        {"year": "9999"},
        {"year": "9999", "month": "12"},
        {"year": "9999", "month": "12", "day": "31"},
        {"year": "0"},
        {"year": "2026", "month": "13"},
        {"year": "2026", "month": "2", "day": "30"},
        {"year": "1e9"},
    ],
)
def test_an_impossible_date_in_any_admin_drill_down_returns_to_the_list(
    superuser_client, model_admin, drill_down
):
    field = model_admin.date_hierarchy
    params = {f"{field}__{part}": value for part, value in drill_down.items()}
    response = superuser_client.get(_url(model_admin), params)
    assert response.status_code == 302
    assert response["Location"] == _url(model_admin)
    page = superuser_client.get(response["Location"])
    assert page.status_code == 200
    assert "There are no records on that date" in page.content.decode()


@pytest.mark.parametrize("model_admin", _changelists("date_hierarchy"))
def test_a_real_date_in_an_admin_drill_down_still_filters(superuser_client, model_admin):
    field = model_admin.date_hierarchy
    response = superuser_client.get(
        _url(model_admin), {f"{field}__year": "2026", f"{field}__month": "12"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("model_admin", _changelists("search_fields"))
def test_a_100000_character_search_on_any_admin_list_is_shortened(superuser_client, model_admin):
    response = superuser_client.get(_url(model_admin), {"q": "word " * 20_000, "o": "1"})
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["o"] == ["1"]  # the rest of the list's state is kept
    assert len(query["q"][0].split()) == ADMIN_SEARCH_MAX_WORDS
    page = superuser_client.get(response["Location"])
    assert page.status_code == 200
    assert "this one was shortened" in page.content.decode()


def test_one_long_word_is_cut_to_the_admin_search_length(superuser_client):
    url = reverse("admin:auth_user_changelist")
    response = superuser_client.get(url, {"q": "x" * 100_000})
    assert response.status_code == 302
    assert len(parse_qs(urlsplit(response["Location"]).query)["q"][0]) == (
        ADMIN_SEARCH_MAX_CHARACTERS
    )


def test_an_ordinary_admin_search_is_left_alone(superuser_client):
    url = reverse("admin:auth_user_changelist")
    assert superuser_client.get(url, {"q": "officer"}).status_code == 200


@pytest.mark.parametrize("model_admin", _changelists("list_filter") + _changelists("search_fields"))
def test_a_null_character_in_any_admin_filter_or_search_is_dropped(superuser_client, model_admin):
    for params in [{"q": "a\x00b"}, {"status__exact": "\x00"}, {"\x00": "1"}]:
        response = superuser_client.get(_url(model_admin), params)
        assert response.status_code in (200, 302), params


@pytest.mark.parametrize("path", ["/", "/search/", "/api/search", "/protocol/", "/accounts/login/"])
def test_a_null_character_in_any_address_is_dropped(client, path):
    with_null = client.get(path, {"q": "curlew\x00"})
    without = client.get(path, {"q": "curlew"})
    assert with_null.status_code == without.status_code
    assert with_null.status_code < 500
    assert "\x00" not in with_null.content.decode()


def test_a_null_character_in_a_form_is_dropped_and_the_rest_kept(member_client):
    from protocol.advice.models import Topic

    topic = Topic.objects.active().first()
    response = member_client.post(
        reverse("advice:ask"),
        {"question": "May I post\x00 this photo?", "topic": str(topic.pk), "action": "check"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "May I post this photo?" in html
    assert "\x00" not in html


@pytest.mark.parametrize("address", [None, "", "unknown"])
def test_a_login_from_a_client_with_no_address_is_counted_without_one(rf, member, address):
    from portal import lockout

    request = rf.post("/accounts/login/", {"username": member.username})
    request.META.pop("REMOTE_ADDR", None)
    if address is not None:
        request.META["REMOTE_ADDR"] = address
    assert lockout.cool_off(request).total_seconds() > 0


def test_a_user_name_longer_than_any_account_is_refused_with_a_message(client, db):
    response = client.post(reverse("login"), {"username": "x" * 300, "password": "secret"})
    assert response.status_code == 200
    assert "A user name has at most 150 characters." in response.content.decode()


def test_a_page_of_text_as_the_user_name_at_the_admin_login_is_a_failed_login(client, db):
    from axes.models import AccessAttempt

    response = client.post("/admin/login/", {"username": "y" * 300, "password": "secret"})
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "y" * 255
