from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from . import views

app_name = "baseline"


def _record_pages(word: str, kind: views.RecordKind) -> list[URLPattern]:
    """The five pages of problems (``masalah``) or potentials (``potensi``), named ``<kind>_<page>``."""
    pages: dict[str, tuple[str, Callable[..., HttpResponse]]] = {
        "list": ("", views.record_list),
        "detail": ("<int:pk>/", views.record_detail),
        "edit": ("<int:pk>/ubah/", views.record_edit),
        "update": ("<int:pk>/pemantauan/", views.record_update),
        "comment": ("<int:pk>/komentar/", views.record_comment),
    }
    return [
        path(f"kelurahan/<str:code>/{word}/{suffix}", view, {"kind": kind}, name=f"{kind.name}_{page}")
        for page, (suffix, view) in pages.items()
    ]


urlpatterns = [
    *_record_pages("masalah", views.PROBLEMS),
    *_record_pages("potensi", views.POTENTIALS),
    path("kelurahan/<str:code>/masalah-potensi.xlsx", views.export_kelurahan, name="export_kelurahan"),
    path("pemetaan/", views.mapping, name="mapping"),
    path("pemetaan/masalah-potensi.xlsx", views.export_all, name="export_all"),
]
