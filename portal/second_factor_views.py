"""Two-step login pages: give a code after the password, set up an authenticator
app, see the recovery codes once, make new ones, and (members) turn it off."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from portal import second_factor, throttling


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        help_text="The 6-digit code your authenticator app shows now, or one of your "
        "recovery codes.",
        error_messages={"required": "Enter the code."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class SetupCodeForm(CodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = "The 6-digit code the app shows after adding the portal."
        self.fields["code"].widget.attrs["inputmode"] = "numeric"


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: redirect() would take a bare word for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    if request.user.has_perm("advice.work_on_advice_requests"):
        return reverse("staff:queue")
    return reverse("home")


@sensitive_post_parameters("code")
@login_required
def verify(request):
    """The second step of logging in: a code from the app or a recovery code."""
    if second_factor.pending_step(request.user) != "verify":
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if throttling.throttled(request, "second_factor"):
            form.add_error(
                "code", f"Too many codes tried. {throttling.too_many_requests_text(request)}"
            )
            status = 429
        elif (device := second_factor.verify(request, form.cleaned_data["code"])) is None:
            form.add_error(
                "code",
                "That code did not work. Codes from the app change every 30 seconds: "
                "enter the one it shows now."
                + (
                    " After a wrong code the next is checked only after a few seconds."
                    if second_factor.app_is_pausing(request.user)
                    else ""
                ),
            )
        else:
            if device.name == second_factor.RECOVERY_DEVICE_NAME:
                left = second_factor.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    f"You used a recovery code: {left} left. If you have lost your phone, "
                    "set up the app again from Two-step login.",
                )
            return redirect(_next_url(request))
    return render(
        request,
        "registration/second_factor_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=status,
    )


@sensitive_post_parameters("code")
@login_required
def setup(request):
    """Set up an authenticator app: scan the QR code (or type the secret), confirm
    with a code, then see the recovery codes once."""
    if second_factor.is_on(request.user):
        return redirect("second_factor:manage")
    device = second_factor.pending_app(request.user)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm_app(request, device, form.cleaned_data["code"])
        if codes is not None:
            return _show_recovery_codes(request, codes, first_time=True)
        form.add_error(
            "code",
            "That code did not work. Check the app added the portal, then enter the "
            "code it shows now.",
        )
    return render(
        request,
        "registration/second_factor_setup.html",
        {
            "form": form,
            "qr_code": second_factor.qr_code_svg(device),
            "secret": second_factor.secret_text(device),
            "required": second_factor.required_for(request.user),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


def _show_recovery_codes(request, codes, *, first_time=False):
    return render(
        request,
        "registration/second_factor_recovery_codes.html",
        {"codes": codes, "first_time": first_time, "next": _next_url(request)},
    )


@login_required
def manage(request):
    return render(
        request,
        "registration/second_factor_manage.html",
        {
            "on": second_factor.is_on(request.user),
            "required": second_factor.required_for(request.user),
            "codes_left": second_factor.recovery_codes_left(request.user),
        },
    )


@require_POST
@login_required
def recovery_codes(request):
    """New recovery codes (the old ones stop working), shown once."""
    if not second_factor.is_on(request.user):
        return redirect("second_factor:manage")
    return _show_recovery_codes(request, second_factor.new_recovery_codes(request.user))


@require_POST
@login_required
def turn_off(request):
    if second_factor.required_for(request.user):
        messages.error(request, "Two-step login is required for your role: it stays on.")
    else:
        second_factor.turn_off(request.user)
        messages.success(request, "Two-step login is off: you log in with your password alone.")
    return redirect("second_factor:manage")
