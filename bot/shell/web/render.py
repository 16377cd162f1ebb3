"""The pages' Jinja2 environment: templates under ``templates/``, every text
from ``locales/<lang>/web.yaml`` (``t("web.…")`` in a template), autoescaped."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from locales import t

HERE = Path(__file__).parent
PREFIX = "/admin"  # where the pages are mounted in the webhook app


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["translate"] = t
    return env


def page(request: Request, name: str, lang: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A rendered template; ``t`` in it speaks ``lang``."""
    def tr(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    html = environment().get_template(name).render(t=tr, lang=lang, root=PREFIX, here=here,
                                                    **context)
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
               "Referrer-Policy": "no-referrer",
               "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"}
    return HTMLResponse(html, status_code=status_code, headers=headers)


def attachment(name: str) -> str:
    """A ``Content-Disposition`` for a download: the name in ASCII and, for
    Vietnamese names, in UTF-8 (RFC 6266)."""
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


async def form_of(request: Request) -> dict[str, str]:
    """A posted form's fields (the pages post only URL-encoded forms; the
    body is already limited to 1 MB by the webhook app's ``BodyLimit``)."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return {}
    fields = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[0] for k, v in fields.items()}
