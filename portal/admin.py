"""Accounts in the admin: erasing a member takes their own records with them.

Deleting an account removes what only that person's account means: their
"I have read version N" and their quiz attempts, which the admin otherwise
shows read-only (and so would refuse to delete). Their advice requests and
the e-mails sent to them are anonymised, not deleted (see
``protocol.advice.models.erase_member`` and
``protocol.models.notifications.erase_recipient``). Only someone who may
delete accounts can do it.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from protocol.models import Acknowledgement
from protocol.quiz.models import Answer, Attempt

# Records that belong to the account and go with it.
ERASED_WITH_ACCOUNT = [Acknowledgement, Attempt, Answer]

User = get_user_model()


class PortalUserAdmin(UserAdmin):
    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if self.has_delete_permission(request):
            perms_needed -= {str(model._meta.verbose_name) for model in ERASED_WITH_ACCOUNT}
        return deleted, counts, perms_needed, protected


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
