"""WSGI entry point: what `flask run` and gunicorn load."""

from shop import create_app

app = create_app()
