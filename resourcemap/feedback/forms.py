"""The public problem-report form, with two bot guards that need no external captcha:
a honeypot field people never see, and a signed start time (a form sent back within a few
seconds of being served was not filled in by a person)."""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from resourcemap.feedback.models import ProblemReport

MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 60 * 60
_SALT = "feedback.form-started"


def form_started_token() -> str:
    return signing.dumps(time.time(), salt=_SALT)


class ProblemReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is wrong?"), choices=ProblemReport.Kind.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("Tell us more"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    contact = forms.CharField(
        label=_("Your phone or e-mail (optional)"), required=False, max_length=200,
        help_text=_("Only if you are happy for us to contact you about this report."),
    )
    # Honeypot: hidden from people by CSS (feedback.css), filled in by form-filling bots.
    homepage = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)

    def clean_homepage(self) -> str:
        if self.cleaned_data["homepage"]:
            raise forms.ValidationError(_("This report could not be accepted."), code="honeypot")
        return ""

    def clean_started(self) -> float:
        try:
            started = float(signing.loads(self.cleaned_data["started"], salt=_SALT, max_age=MAX_FORM_AGE_SECONDS))
        except signing.BadSignature as exc:  # includes SignatureExpired
            raise forms.ValidationError(
                _("This form has expired. Please reload the page and try again."), code="expired"
            ) from exc
        if time.time() - started < MIN_FILL_SECONDS:
            # Say why and what to do: a fast person is not a bot, and keeps what they typed.
            raise forms.ValidationError(
                _("This report was sent less than %(seconds)s seconds after the page opened, as automatic "
                  "senders do. What you typed is kept below: check it and send it again."),
                code="too_fast", params={"seconds": MIN_FILL_SECONDS},
            )
        return started

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("kind") == ProblemReport.Kind.OTHER and not cleaned.get("details", "").strip():
            self.add_error("details", _("Please describe what is wrong."))
        return cleaned
