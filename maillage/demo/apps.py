from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The fictional demo (``load_demo``, ``demo_code``) and the province-sized fictional
    dataset of the benchmarks (``generate_dataset``). On the top floor: it builds every
    app's rows, and nothing imports it."""

    name = "maillage.demo"
    verbose_name = _("Fictional data")
