from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dampingan.accounts import views as account_views
from dampingan.accounts.forms import LoginForm
from dampingan.api.api import api
from dampingan.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("masuk/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/kata-sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("akun/kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("lupa-sandi/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("lupa-sandi/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "lupa-sandi/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("lupa-sandi/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("wilayah/", include("dampingan.regions.urls")),
    path("data-terpadu/", include("dampingan.registry.urls")),
    path("ukuran-kemiskinan/", include("dampingan.registry.measures_urls")),
    path("", include("dampingan.mentoring.urls")),
    path("", include("dampingan.profiles.urls")),
    path("", include("dampingan.baseline.urls")),
    path("", include("dampingan.visits.urls")),
    path("", include("dampingan.interventions.urls")),
    path("peta/", include("dampingan.geo.urls")),
    path("", include("dampingan.coordination.urls")),
    path("", include("dampingan.indicators.urls")),
    path("", include("dampingan.dashboard.urls")),
    path("", include("dampingan.reports.urls")),
    path("", include("dampingan.accounts.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
