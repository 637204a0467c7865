"""Settings of the test image's Django project: the database comes from DATABASE_URL."""
import os
from urllib.parse import unquote, urlparse

_db = urlparse(os.environ.get("DATABASE_URL", "postgres://localhost/shop"))

SECRET_KEY = os.environ.get("SECRET_KEY", "test-only-not-secret")
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["notes"]
ROOT_URLCONF = "shop.urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": _db.hostname,
        "PORT": _db.port or 5432,
        "NAME": _db.path.lstrip("/"),
        "USER": unquote(_db.username or ""),
        "PASSWORD": unquote(_db.password or ""),
    }
}
