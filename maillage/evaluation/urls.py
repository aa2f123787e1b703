from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("evaluation/", views.index, name="index"),
    path("evaluation/questions/<int:number>/", views.question, name="question"),
    path("evaluation/ensemble/", views.across_index, name="across_index"),
    path(
        "evaluation/ensemble/questions/<int:number>/",
        views.across_question,
        name="across_question",
    ),
    path("evaluation/clientele-visee/", views.target_list, name="targets"),
    path("evaluation/clientele-visee/nouvelle/", views.target_new, name="target_new"),
    path("evaluation/clientele-visee/<uuid:uuid>/", views.target_detail, name="target_detail"),
    path(
        "evaluation/clientele-visee/<uuid:uuid>/modifier/",
        views.target_edit,
        name="target_edit",
    ),
]
