"""Ask the Monitoring Officer; a member's own requests by reference (e.g. MO-2026-0042).

Anything that is not shaped like a reference is a 404 before the database is asked.
"""

from django.urls import path, register_converter

from protocol.advice import views


class ReferenceConverter:
    regex = r"MO-[0-9]{4}-[0-9]{4,9}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ReferenceConverter, "reference")

app_name = "advice"

urlpatterns = [
    path("ask/", views.ask, name="ask"),
    path("requests/", views.my_requests, name="my_requests"),
    path("requests/<reference:reference>/", views.detail, name="detail"),
    path("requests/<reference:reference>/sent/", views.sent, name="sent"),
    path("requests/<reference:reference>/follow-up/", views.follow_up, name="follow_up"),
    path("requests/<reference:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("requests/<reference:reference>/files/<int:pk>/", views.attachment, name="attachment"),
]
