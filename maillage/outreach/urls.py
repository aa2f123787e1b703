from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("demarchage/", views.activity_list, name="list"),
    path("demarchage/rapide/", views.quick_log, name="quick_log"),
    path("demarchage/nouvelle/", views.activity_create, name="new"),
    path("demarchage/<uuid:uuid>/", views.activity_detail, name="detail"),
    path("demarchage/<uuid:uuid>/modifier/", views.activity_edit, name="edit"),
    path("demarchage/strategies/", views.strategies, name="strategies"),
    path(
        "demarchage/strategies/<uuid:uuid>/usage/",
        views.strategy_toggle,
        name="strategy_toggle",
    ),
]
