"""/help: the crisis page as a tiny server-rendered HTML page that works without JavaScript.

Someone in crisis may be on a slow phone, offline, or without JavaScript: this page needs no SPA,
no API call and no render-blocking request. Its small stylesheet is inline and allowed by a hash
in the page's own Content-Security-Policy. /help/help.js (deferred, optional) re-renders the region
from /help/data.json only when the page came from a cache for another region or the browser's time
zone points elsewhere. These four URLs are the contract with the service worker: /help,
/help?region=XX, /help/help.js and /help/data.json.
"""

import base64
import hashlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, current_app, render_template, request

from api.services.crisis import crisis_help_for_visitor, offline_document

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STYLE_FILE = TEMPLATES / "help.css"
SCRIPT_FILE = TEMPLATES / "help.js"

blp = Blueprint("help_page", __name__)


@lru_cache(maxsize=1)
def _style() -> tuple[str, str]:
    """The inline stylesheet and the CSP source that allows exactly it (hashed once)."""
    css = STYLE_FILE.read_text(encoding="utf-8").strip()
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return css, f"'sha256-{digest}'"


@lru_cache(maxsize=1)
def _script() -> tuple[bytes, str]:
    body = SCRIPT_FILE.read_bytes()
    return body, hashlib.sha256(body).hexdigest()[:32]


# English names of the languages the curated lines list (the page's own language is English).
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fi": "Finnish",
    "fil": "Filipino",
    "fr": "French",
    "ga": "Irish",
    "hi": "Hindi",
    "hu": "Hungarian",
    "id": "Indonesian",
    "is": "Icelandic",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "lb": "Luxembourgish",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mt": "Maltese",
    "nl": "Dutch",
    "no": "Norwegian",
    "pa": "Punjabi",
    "pl": "Polish",
    "ps": "Pashto",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sd": "Sindhi",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sv": "Swedish",
    "th": "Thai",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "zh": "Chinese",
}


def dialable(number: str) -> str:
    """Digits (and a leading +) for a tel: or sms: link: "116 123" -> "116123"."""
    return "".join(character for character in number if character.isdigit() or character == "+")


def host(url: str) -> str:
    return urlsplit(url).netloc.removeprefix("www.") or url


def language_names(codes: tuple[str, ...]) -> str:
    return ", ".join(LANGUAGE_NAMES.get(code, code) for code in codes)


def _page_csp(style_source: str) -> str:
    return (
        f"default-src 'none'; script-src 'self'; style-src {style_source}; connect-src 'self'; "
        "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


@blp.get("/help")
def help_page():
    """The crisis page for ?region=XX, else for the region of the browser's language, else a picker."""
    visitor = crisis_help_for_visitor(request.args.get("region"), request.headers.get("Accept-Language"))
    css, style_source = _style()
    html = render_template(
        "help.html",
        visitor=visitor,
        help=visitor.help,
        css=css,
        dialable=dialable,
        host=host,
        language_names=language_names,
    )
    response = current_app.response_class(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = _page_csp(style_source)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Vary"] = "Accept-Language"
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    return response


@blp.get("/help/data.json")
def help_data():
    """Every country's crisis help and a time zone -> country map, for re-rendering offline."""
    body, etag = offline_document()
    return _revalidated(body, etag, "application/json")


@blp.get("/help/help.js")
def help_script():
    body, etag = _script()
    return _revalidated(body, etag, "text/javascript")


def _revalidated(body: bytes, etag: str, mimetype: str):
    """Cacheable, but checked with the server (ETag) on every use while online: data can change."""
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "no-cache"
    response.set_etag(etag)
    return response
