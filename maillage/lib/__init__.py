"""Django-free helpers: each module here is importable without settings."""
