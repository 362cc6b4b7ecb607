"""Minutes are Markdown shown as HTML: script, event handlers and javascript: links never reach the page or the
PDF; headings, lists, emphasis, tables and ordinary links do."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.urls import reverse

from dampingan.coordination import meetings
from dampingan.coordination.minutes import render_minutes

from .meeting_helpers import catur_pilar

HOSTILE = """\
## Kesimpulan
<script>alert("xss")</script>
Teks **tebal** dan *miring* <img src=x onerror="alert(1)"> <b onmouseover="alert(2)">b</b>

[klik saya](javascript:alert(3)) [juga](JaVaScRiPt:alert(4)) <a href="javascript:alert(5)">a</a>
<iframe src="https://evil.example/"></iframe> <style>body{display:none}</style>
[situs resmi](https://pekalongankota.go.id/)

| Kelurahan | OPD |
|:--|--:|
| Jenggot | DLH |

- satu
- dua

1. pertama
2. kedua
"""


class Elements(HTMLParser):
    """The tags and attributes a browser would build from the HTML (escaped text is not a tag)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def dangerous(html: str) -> list[str]:
    found = Elements(html)
    bad = sorted(found.tags & {"script", "iframe", "style", "img", "object", "embed"})
    bad += [name for name, _value in found.attributes if name.startswith("on")]
    bad += [value for name, value in found.attributes if name == "href" and not value.startswith(("http", "mailto"))]
    return bad


def test_script_handlers_and_javascript_links_are_removed_or_shown_as_text():
    html = str(render_minutes(HOSTILE))

    assert dangerous(html) == []
    assert dangerous(HOSTILE) != []  # the check itself sees the dangers in the raw text
    # Typed HTML is kept as visible, escaped text, so nothing of it runs; the links keep their words.
    assert "&lt;script&gt;" in html
    assert '<a rel="noopener noreferrer">klik saya</a>' in html


def test_headings_emphasis_tables_lists_and_safe_links_are_kept():
    html = str(render_minutes(HOSTILE))

    assert "<h2>Kesimpulan</h2>" in html
    assert "<strong>tebal</strong>" in html and "<em>miring</em>" in html
    assert '<th align="left">Kelurahan</th>' in html and '<td align="right">DLH</td>' in html
    assert "<ul>\n<li>satu</li>" in html and "<ol>\n<li>pertama</li>" in html
    assert '<a href="https://pekalongankota.go.id/" rel="noopener noreferrer">situs resmi</a>' in html


def test_the_template_filter_renders_the_same_and_empty_minutes_render_nothing():
    template = Template("{% load meeting_minutes %}[{{ text|minutes_html }}]")

    assert template.render(Context({"text": "**a**"})) == "[<p><strong>a</strong></p>]"
    assert template.render(Context({"text": None})) == "[]"


@pytest.mark.django_db
def test_script_in_the_minutes_is_not_executable_on_the_meeting_page(persona, client_as):
    camat = persona("camat_selatan")
    meeting = catur_pilar(camat)
    meetings.write_minutes(camat, meeting, HOSTILE)

    html = client_as("mentor_dlh").get(reverse("coordination:meeting_detail", args=[meeting.pk])).content.decode()
    minutes = html.split('id="minutes">', 1)[1].split("</div>", 1)[0]

    assert dangerous(minutes) == []
    assert "<table>" in minutes and "&lt;script&gt;" in minutes


@pytest.mark.django_db
def test_the_preview_shows_sanitised_html_without_saving(persona, client_as):
    meeting = catur_pilar(persona("camat_selatan"))

    response = client_as("camat_selatan").post(
        reverse("coordination:meeting_minutes", args=[meeting.pk]), {"minutes": HOSTILE, "preview": "1"}
    )

    assert response.status_code == 200
    assert "<h2>Kesimpulan</h2>" in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes == ""
