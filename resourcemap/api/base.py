"""The base view of the public APIs: anonymous, read-only, no authentication to attempt.

Names (categories, districts) come in the request's language: `?lang=` (zh-hans, zh-hant,
en) when given, else the Accept-Language header. (LocaleMiddleware cannot do it here: with
an unprefixed default language it gives every unprefixed path, /api/ included, zh-hans.)
An unknown `lang` is a 400 naming it, not a silent fallback.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from resourcemap.api.params import BadParameters

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

LANG_PARAMETER = OpenApiParameter(
    "lang", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=LANGUAGE_CODES,
    description="Language of names (categories, districts, streets, messages). Without it the "
    "Accept-Language header decides, else zh-hans. Any other value is a 400.",
)


class LanguageSchema(AutoSchema):
    """Documents `lang` on every operation, since initial() below accepts it on every one."""

    def get_override_parameters(self) -> list:
        return [*super().get_override_parameters(), LANG_PARAMETER]


def requested_language(request: HttpRequest) -> str | None:
    """`?lang=`, else Accept-Language; None for an unknown `lang` (the cache key uses it too)."""
    lang = request.GET.get("lang")
    if lang is not None and lang.lower() not in LANGUAGE_CODES:
        return None
    return lang.lower() if lang else translation.get_language_from_request(request, check_path=False)


class PublicAPIView(APIView):
    # No authentication classes: the data is public, and a stray Authorization header must
    # not turn into a login attempt (or a 403) on an open endpoint.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    schema = LanguageSchema()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        language = requested_language(request)
        if language is None:
            raise BadParameters({"lang": [gettext("Use one of: %(codes)s.") % {"codes": ", ".join(LANGUAGE_CODES)}]})
        translation.activate(language)
        request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)
