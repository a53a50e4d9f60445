"""Who has read a version (every member's name and e-mail address) is the
Monitoring Officer's to see and export, not the communications team's."""

import pytest
from django.urls import reverse

from portal import roles
from protocol import acknowledgements

pytestmark = pytest.mark.django_db


def _url(version):
    return reverse("admin:protocol_version_acknowledgements", args=[version.pk])


def test_only_the_monitoring_officer_role_holds_the_permission():
    assert acknowledgements.VIEW_PERMISSION == "protocol.view_acknowledgements"
    holders = [
        role
        for role, permissions in roles.ROLE_PERMISSIONS.items()
        if "protocol.view_acknowledgements" in permissions
    ]
    assert holders == [roles.MONITORING_OFFICER]


def test_the_communications_team_cannot_open_or_download_who_has_read(
    comms_client, comms, member, sample_version
):
    acknowledgements.acknowledge(member, sample_version)
    assert comms.has_perm("protocol.view_version")  # they still read versions in the admin
    assert comms_client.get(_url(sample_version)).status_code == 403
    response = comms_client.get(_url(sample_version), {"format": "csv"})
    assert response.status_code == 403
    assert member.email not in response.content.decode()
    change = reverse("admin:protocol_version_change", args=[sample_version.pk])
    assert "Who has read it" not in comms_client.get(change).content.decode()


def test_the_monitoring_officer_opens_and_downloads_who_has_read(
    officer_client, member, sample_version
):
    acknowledgements.acknowledge(member, sample_version)
    change = reverse("admin:protocol_version_change", args=[sample_version.pk])
    assert "Who has read it" in officer_client.get(change).content.decode()
    assert officer_client.get(_url(sample_version)).status_code == 200
    response = officer_client.get(_url(sample_version), {"format": "csv"})
    assert response.status_code == 200
    assert member.email in response.content.decode()
