from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    """The frame around every page: the home of each role, the organization switcher, the
    navigation, the tenant middleware and the form guard. It sits near the top: it may read
    every app below it, and none of them imports it."""

    name = "maillage.shell"
    verbose_name = _("Shell")
