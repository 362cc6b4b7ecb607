"""Each area of the app has its own URL module, so that interventions, beneficiaries and targeting can
grow without stepping on each other."""

from django.urls import include, path

app_name = "interventions"
urlpatterns = [
    path("", include("dampingan.interventions.urls_interventions")),
    path("", include("dampingan.interventions.urls_beneficiaries")),
    path("", include("dampingan.interventions.urls_targeting")),
]
