import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dampingan.settings")
# Read by settings.py: a web process bounds its database statements (DAMPINGAN_WEB_STATEMENT_TIMEOUT).
os.environ.setdefault("DAMPINGAN_PROCESS", "web")
application = get_wsgi_application()
