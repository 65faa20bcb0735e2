"""Test-run environment, set before Django reads its settings.

Tests run with DEBUG off (as production does) and a throwaway key; static files come
straight from the source folders so no collectstatic is needed between edits.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

# WhiteNoise warns when STATIC_ROOT is missing; collectstatic (make setup) creates it, a bare
# pytest run in a fresh checkout may not have run it yet.
os.makedirs(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "var", "static"), exist_ok=True)
