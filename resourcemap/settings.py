"""Settings for the child-services resource map, read from the environment.

Every variable is documented in .env.example. Defaults are the safe ones (DEBUG off);
`make run` turns DEBUG on for the local demo.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from resourcemap.env import env_bool, env_choice, env_int, env_list, env_str, read_env_file

BASE_DIR = Path(__file__).resolve().parent.parent

# A checkout set up by `make setup` has var/localdb.env: the local database's URL and a
# random key generated for this checkout. Production sets both in the environment instead.
_local_db = read_env_file(BASE_DIR / "var" / "localdb.env")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", _local_db.get("SECRET_KEY", ""))
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is required (see .env.example)")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- Database: DATABASE_URL, else the project-local cluster started by `make setup`.
DATABASE_URL = env_str("DATABASE_URL", _local_db.get("DATABASE_URL", ""))
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "No database: set DATABASE_URL=postgis://user:pass@host:port/name, "
        "or run `make setup` to start the project-local PostGIS cluster."
    )
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] != "django.contrib.gis.db.backends.postgis":
    raise ImproperlyConfigured("DATABASE_URL must use the postgis:// scheme (PostGIS is required)")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Staying up (docs/operations.md). A restarted database must not cost each worker a 500
# (health check before reuse); a runaway query or an abandoned transaction must not hold a
# worker or locks for ever; an unreachable server must fail fast, not hang the worker.
_DB_OPTIONS = {
    "connect_timeout": env_int("DB_CONNECT_TIMEOUT_SECONDS", 3, minimum=1),
    "options": (
        f"-c statement_timeout={env_int('DB_STATEMENT_TIMEOUT_MS', 30000, minimum=0)}"
        f" -c idle_in_transaction_session_timeout={env_int('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60000, minimum=0)}"
    ),
}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), **_DB_OPTIONS}
# REPLICA_DATABASE_URL: a streaming replica of the same database; the public read path reads
# from it while it is reachable and at most REPLICA_MAX_LAG_SECONDS behind (resourcemap/availability).
REPLICA_DATABASE_URL = env_str("REPLICA_DATABASE_URL", "")
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 10, minimum=0)
REPLICA_CHECK_SECONDS = env_int("REPLICA_CHECK_SECONDS", 1, minimum=0)
if REPLICA_DATABASE_URL:
    DATABASES["replica"] = dj_database_url.parse(REPLICA_DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    if DATABASES["replica"]["ENGINE"] != "django.contrib.gis.db.backends.postgis":
        raise ImproperlyConfigured("REPLICA_DATABASE_URL must use the postgis:// scheme")
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["OPTIONS"] = {**DATABASES["replica"].get("OPTIONS", {}), **_DB_OPTIONS}
    # Tests: the replica alias is the test database itself, not a second one to create.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["resourcemap.availability.router.ReplicaRouter"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "simple_history",
    "resourcemap.staff.third_party_apps.LoginProtectionConfig",  # django-axes, named through our catalogue
    "resourcemap.directory",
    "resourcemap.search",
    "resourcemap.public",
    "resourcemap.api",
    "resourcemap.referral",
    "resourcemap.hsds",
    "resourcemap.policies",
    "resourcemap.feedback",
    "resourcemap.staff",
    "loaders",
    "resourcemap.availability",
    "resourcemap.responsible",
    "resourcemap.needs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so its process_exception sees a view's "database unreachable" first.
    "resourcemap.availability.middleware.ReadPathMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "resourcemap.urls"
WSGI_APPLICATION = "resourcemap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "resourcemap" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "resourcemap.context_processors.city",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages: simplified Chinese first, traditional Chinese, English.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "resourcemap" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static files: the app serves every script, stylesheet and font (no CDN).
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "frontend"]
# Production serves hashed, pre-compressed files (collectstatic, run by `make setup`); the
# test suite and DEBUG serve files straight from frontend/ and the apps.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"

# --- The city this deployment serves.
CITY_NAME = env_str("CITY_NAME", "深圳")
# Child-protection hotline: Shenzhen's is 12345 then 6 (24 hours). Emergencies: 110.
HOTLINE_NUMBER = env_str("HOTLINE_NUMBER", "12345")
HOTLINE_EXTENSION = env_str("HOTLINE_EXTENSION", "6")
EMERGENCY_NUMBER = env_str("EMERGENCY_NUMBER", "110")
# City bounding box (minlon,minlat,maxlon,maxlat, WGS-84) used to reject points outside the city.
CITY_BBOX = tuple(float(v) for v in env_list("CITY_BBOX", ["113.68", "22.39", "114.66", "22.87"]))
if len(CITY_BBOX) != 4:
    raise ImproperlyConfigured("CITY_BBOX must be four numbers: minlon,minlat,maxlon,maxlat")
MAP_CENTER = tuple(float(v) for v in env_list("MAP_CENTER", ["22.6", "114.05"]))
STALE_AFTER_DAYS = env_int("STALE_AFTER_DAYS", 180, minimum=1)

# --- Map tiles: configurable so an intranet can point at its own tile server.
TILES_URL = env_str("TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
TILES_ATTRIBUTION = env_str("TILES_ATTRIBUTION", "© OpenStreetMap contributors")
TILES_MAX_ZOOM = env_int("TILES_MAX_ZOOM", 18, minimum=1, maximum=22)
TILES_CRS = env_choice("TILES_CRS", ("wgs84", "gcj02"), "wgs84")

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": MAP_CENTER,
    "DEFAULT_ZOOM": 11,
    "MIN_ZOOM": 8,
    "MAX_ZOOM": TILES_MAX_ZOOM,
    "TILES": [("tiles", TILES_URL, {"attribution": TILES_ATTRIBUTION, "maxZoom": TILES_MAX_ZOOM})],
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
}

# --- Geocoding (typed addresses): any geopy geocoder, e.g. a self-hosted Nominatim.
# Empty GEOCODER means no outbound geocoding: fall back to district/street/community names.
GEOCODER = env_str("GEOCODER", "")
GEOCODER_OPTIONS = {
    key: value
    for key, value in {
        "domain": env_str("GEOCODER_DOMAIN", ""),
        "scheme": env_str("GEOCODER_SCHEME", ""),
        "user_agent": env_str("GEOCODER_USER_AGENT", "resourcemap"),
        "api_key": env_str("GEOCODER_API_KEY", ""),
    }.items()
    if value
}
GEOCODER_MIN_DELAY_SECONDS = float(env_str("GEOCODER_MIN_DELAY_SECONDS", "1.0"))
# The CRS the geocoder answers in (Nominatim: wgs84; AMap: gcj02; Baidu: bd09); converted to WGS-84.
GEOCODER_CRS = env_choice("GEOCODER_CRS", ("wgs84", "gcj02", "bd09"), "wgs84")

# --- API
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    # No ?format= override: the API answers JSON (the schema also YAML, by Accept header);
    # an unknown ?format= value would otherwise be a bare 404.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Child-services resource map API",
    "DESCRIPTION": "Service points for children and families; coordinates WGS-84 unless crs is given.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Security. HTTPS-only settings switch on with SECURE_HTTPS=true.
SECURE_HTTPS = env_bool("SECURE_HTTPS", False)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS and env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_REFERRER_POLICY = "same-origin"
# A plain-HTTP health probe must see the real state, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "resourcemap.views.csrf_failure"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env_list("CSP_IMG_SRC", ["https://tile.openstreetmap.org"])],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}
# Logins (#16): failures count per username AND real client address together, never per
# address alone (behind a proxy every user shares its address) nor per username alone (anyone
# could lock a known administrator out). The lock is a progressive delay, see staff/lockout.py.
# Behind the documented proxy (BEHIND_PROXY) one proxy appends the client to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_PROXY", False) else 0, minimum=0, maximum=5)
LOGIN_FAILURES_BEFORE_DELAY = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FIRST_DELAY_SECONDS = env_int("AXES_FIRST_DELAY_SECONDS", 60, minimum=1)
LOGIN_MAX_DELAY_SECONDS = env_int("AXES_MAX_DELAY_SECONDS", 3600, minimum=1)
AXES_FAILURE_LIMIT = "resourcemap.staff.lockout.failure_limit"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "resourcemap.client_address.client_address"
# How long failures are remembered (the delay itself is LOGIN_*_DELAY_SECONDS).
AXES_COOLOFF_TIME = timedelta(hours=env_int("AXES_FAILURE_MEMORY_HOURS", 24, minimum=1))
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "resourcemap_cache",
    }
}

# --- Logging. Access logs never carry query strings, where children's locations and typed
# addresses travel; see resourcemap/logging.py.
LOG_LEVEL = env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"strip_query_strings": {"()": "resourcemap.logging.StripQueryStrings"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["strip_query_strings"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# GDAL on Debian 12 is newer than the versions Django 5.2 was tested with; it works, and
# gis.W001 only says so. Silence exactly that warning.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# --- Public pages (#13). The quick-exit button leaves for this neutral page, replacing the
# history entry; an https address, so a mistyped value fails at start-up, not for a child.
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.weather.com.cn/")
if not QUICK_EXIT_URL.startswith("https://"):
    raise ImproperlyConfigured("QUICK_EXIT_URL must be an https:// address")
# Traditional-Chinese pages convert data text (site names, addresses, law titles) with OpenCC:
# "s2hk" (Hong Kong standard), "s2twp" (Taiwan, with Taiwanese phrases) or "s2t" (plain).
OPENCC_TRADITIONAL = env_choice("OPENCC_TRADITIONAL", ("s2hk", "s2twp", "s2t"), "s2hk")
# The city's name on English pages (page titles); Chinese pages use CITY_NAME.
CITY_NAME_EN = env_str("CITY_NAME_EN", "Shenzhen")

# --- Import limits (#16): a small hostile file must not exhaust the server. See loaders/limits.py.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000, minimum=1)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 100, minimum=2)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 5_000, minimum=100)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 6_000_000, minimum=100)
IMPORT_MAX_UNPACKED_MB = env_int("IMPORT_MAX_UNPACKED_MB", 200, minimum=1)
# A full list that would close more than this share of its source's open sites needs an
# explicit --allow-mass-retire (command) or a second confirmation naming the number (admin).
IMPORT_MASS_RETIRE_PERCENT = env_int("IMPORT_MASS_RETIRE_PERCENT", 10, minimum=0, maximum=100)

# --- Staff sessions and second factor (#16).
# A session ends after this idle time; admin requests renew it (resourcemap/staff/sessions.py).
SESSION_COOKIE_AGE = env_int("STAFF_SESSION_IDLE_HOURS", 8, minimum=1, maximum=24 * 14) * 3600
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "resourcemap.staff.sessions.StaffSessionRenewal",
)
# Optional TOTP second factor for the admin (django-otp): see docs/deploy.md for enrolment.
STAFF_TOTP_REQUIRED = env_bool("STAFF_TOTP_REQUIRED", False)
INSTALLED_APPS += ["django_otp", "resourcemap.staff.third_party_apps.TOTPDevicesConfig",
                   "resourcemap.staff.third_party_apps.BackupCodesConfig"]  # django-otp's plugins, named
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1, "django_otp.middleware.OTPMiddleware"
)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "resourcemap")

# --- Background imports and retention (#16): the PostgreSQL task queue (procrastinate) runs
# long import steps and the retention job; `make run` starts its worker next to the server.
INSTALLED_APPS += ["resourcemap.staff.third_party_apps.BackgroundTasksConfig"]  # procrastinate, named
# Uploads at least this large are checked, and their plans applied, by the worker with a
# progress bar; smaller ones within the request.
IMPORT_BACKGROUND_FROM_BYTES = env_int("IMPORT_BACKGROUND_FROM_BYTES", 512 * 1024, minimum=0)
IMPORT_LOCK_MAX_MINUTES = env_int("IMPORT_LOCK_MAX_MINUTES", 30, minimum=0)
IMPORT_PENDING_MAX_AGE_HOURS = env_int("IMPORT_PENDING_MAX_AGE_HOURS", 2, minimum=1)
REPORTER_CONTACT_RETENTION_DAYS = env_int("REPORTER_CONTACT_RETENTION_DAYS", 90, minimum=1)
# procrastinate announces every task it registers at INFO, in every manage.py command: keep
# its setup quiet, its worker's job lines stay.
LOGGING["loggers"].update({
    name: {"handlers": ["console"], "level": "WARNING", "propagate": False}
    for name in ("procrastinate.blueprints", "procrastinate.periodic")
})

# --- Cached public answers (#14, resourcemap/caching.py): per data version and language, in
# each process's memory (no extra server; every process fills its own copy on first demand).
PUBLIC_MAX_AGE_SECONDS = env_int("PUBLIC_MAX_AGE_SECONDS", 10, minimum=0, maximum=3600)
CACHES["public"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "resourcemap-public",
    # Keys carry the data version, so an entry is never stale: it only ages out.
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": env_int("PUBLIC_CACHE_MAX_ENTRIES", 3000, minimum=10)},
}

# --- Connections that hold under load (#14): psycopg's pool in each process instead of one
# persistent connection per thread. Bounded: with gunicorn's W workers (docs/deploy.md: 3)
# at most W x DB_POOL_MAX_SIZE connections per database, far under PostgreSQL's
# max_connections (100 by default); a request finding every connection busy waits up to
# DB_POOL_TIMEOUT_SECONDS instead of opening one more ("too many clients"). Connections
# idle above DB_POOL_MIN_SIZE close after DB_POOL_MAX_IDLE_SECONDS; each is checked before
# it is handed out (a restarted database costs no request a 500). DB_POOL_MAX_SIZE=0: no
# pool, one connection per thread kept DB_CONN_MAX_AGE seconds (as before).
DB_POOL_MAX_SIZE = env_int("DB_POOL_MAX_SIZE", 4, minimum=0, maximum=50)
if DB_POOL_MAX_SIZE:
    # The check before handing a connection out is Django's own: CONN_HEALTH_CHECKS (on, above)
    # makes it pass psycopg_pool's ConnectionPool.check_connection.
    _POOL = {
        "min_size": env_int("DB_POOL_MIN_SIZE", 1, minimum=0, maximum=DB_POOL_MAX_SIZE),
        "max_size": DB_POOL_MAX_SIZE,
        # Also how long a request waits when the database is down (the pool keeps retrying in
        # the background instead of failing at once): short, so "editing is paused" comes fast.
        "timeout": env_int("DB_POOL_TIMEOUT_SECONDS", 3, minimum=1),
        "max_idle": env_int("DB_POOL_MAX_IDLE_SECONDS", 60, minimum=1),
        # While the server is down the pool retries with growing delays, and no other attempt
        # starts until that one gives up: give up after 2 s, so the first request after a
        # restart connects at once instead of waiting out a back-off (psycopg_pool's default 5 min).
        "reconnect_timeout": 2,
    }
    for _alias in DATABASES:
        DATABASES[_alias]["CONN_MAX_AGE"] = 0  # Django's pool requires it: the pool keeps connections
        DATABASES[_alias]["OPTIONS"] = {**DATABASES[_alias]["OPTIONS"], "pool": dict(_POOL)}

# --- The map's data by view (#14): version-addressed tiles of clustered sites
# (resourcemap/public/tiles.py). From this zoom on a tile lists its sites one by one.
MAP_TILE_SITES_ZOOM = env_int("MAP_TILE_SITES_ZOOM", 16, minimum=0, maximum=22)
# How long a computed tile stays in Django's cache (its URL names the data version, so a kept
# tile is never stale; this only bounds the space old versions take).
MAP_TILE_CACHE_SECONDS = env_int("MAP_TILE_CACHE_SECONDS", 24 * 3600, minimum=0)
# Computed tiles have a cache (and a table, `createcachetable`) of their own: there are
# thousands per version, and they must not push other cached answers out (nor be culled at
# the default 300 entries).
CACHES["map_tiles"] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "resourcemap_map_tiles",
    "OPTIONS": {"MAX_ENTRIES": env_int("MAP_TILE_CACHE_ENTRIES", 20_000, minimum=100)},
}
