"""Minutes are written in Markdown and shown as HTML that cannot run anything.

Two fences, because either alone has holes: Python-Markdown is told to treat raw HTML as text (so
``<script>`` typed into the minutes shows as those characters), and its output then goes through nh3
(the Rust ammonia sanitiser) with an allow-list of tags, attributes and URL schemes, which removes
what Markdown itself can produce and should not (a ``javascript:`` link, an image from anywhere).
"""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    *(f"h{n}" for n in range(1, 7)),
    "p",
    "br",
    "hr",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "del",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"


def _converter() -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=["tables", "sane_lists"],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    # Raw HTML blocks and inline tags become escaped text instead of passing through.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def sanitise_html(html: str) -> str:
    """``html`` reduced to the allow-list; links get ``rel="noopener noreferrer"``."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_minutes(text: str) -> SafeString:
    """The Markdown ``text`` as sanitised HTML, safe to put into a page or a PDF template."""
    if not text or not text.strip():
        return mark_safe("")
    html = _converter().convert(text)
    return mark_safe(sanitise_html(html))  # noqa: S308 - sanitised by nh3 to the allow-list above
