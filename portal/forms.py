"""Forms for the site-wide pages: asking for a password reset."""

from django.contrib.auth.forms import PasswordResetForm

from protocol import emails


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending through the portal's durable e-mail queue.

    ``save()`` only queues the address: the background worker looks up the
    accounts and stores their e-mails as notifications, retried while the mail
    server is down. The request does the same work whether or not an account
    has the address, so neither the answer nor its timing says which.
    """

    def save(self, *args, **kwargs):
        emails.request_password_reset(self.cleaned_data["email"])
