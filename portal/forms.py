"""Forms for the site-wide pages: asking for a password reset."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

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


class LoginForm(AuthenticationForm):
    """Django's login form sets the user name's length only on the box, so a longer
    name reached the login-failure log (django-axes), whose column PostgreSQL keeps
    to 255 characters: refuse it here with a message instead."""

    def clean_username(self):
        username = self.cleaned_data["username"]
        limit = self.fields["username"].max_length
        if limit and len(username) > limit:
            raise forms.ValidationError(f"A user name has at most {limit} characters.")
        return username
