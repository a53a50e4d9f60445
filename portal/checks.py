"""Deployment checks for the portal's own settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def accessibility_statement_names_the_authority(app_configs, **kwargs):
    placeholders = [
        name
        for name, value, placeholder in [
            ("AUTHORITY_NAME", settings.AUTHORITY_NAME, settings.AUTHORITY_NAME_PLACEHOLDER),
            (
                "ACCESSIBILITY_CONTACT_EMAIL",
                settings.ACCESSIBILITY_CONTACT_EMAIL,
                settings.ACCESSIBILITY_EMAIL_PLACEHOLDER,
            ),
        ]
        if value == placeholder
    ]
    if not placeholders:
        return []
    return [
        Warning(
            f"{' and '.join(placeholders)}: still the development placeholder; the "
            "accessibility statement would name no real Authority or address to write to.",
            hint="Set AUTHORITY_NAME and the ACCESSIBILITY_* settings (docs/operators.md).",
            id="portal.W001",
        )
    ]
