"""The profile published at /api/hsds/profile/ (its canonical URI) and its patch files."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from resourcemap.hsds import profile


def profile_index(request: HttpRequest) -> JsonResponse:
    return JsonResponse(profile.index(request.build_absolute_uri("/api/hsds/profile/")),
                        json_dumps_params={"ensure_ascii": False, "indent": 2})


def profile_file(request: HttpRequest, name: str) -> JsonResponse:
    if name not in profile.PATCHES:
        return JsonResponse({"errors": {"name": ["This profile does not modify that file."]}}, status=404)
    return JsonResponse(profile.PATCHES[name], json_dumps_params={"ensure_ascii": False, "indent": 2})
