"""The base view of the public APIs: anonymous, read-only, no authentication to attempt."""

from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


class PublicAPIView(APIView):
    # No authentication classes: the data is public, and a stray Authorization header must
    # not turn into a login attempt (or a 403) on an open endpoint.
    authentication_classes: list = []
    permission_classes = [AllowAny]
