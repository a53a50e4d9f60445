"""Deployment checks for asking the Monitoring Officer (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def monitoring_officer_phone_is_set(app_configs, **kwargs):
    if settings.MONITORING_OFFICER_PHONE != settings.MONITORING_OFFICER_PHONE_PLACEHOLDER:
        return []
    return [
        Warning(
            "MONITORING_OFFICER_PHONE is the placeholder number; members who need the "
            "Monitoring Officer urgently would be shown a number nobody answers.",
            hint="Set MONITORING_OFFICER_PHONE and MONITORING_OFFICER_HOURS (docs/operators.md).",
            id="advice.W001",
        )
    ]
