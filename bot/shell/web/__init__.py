"""The admin's web page: a Starlette app mounted at ``/admin`` in the same
app as the webhooks (:func:`bot.shell.webhook.create_app`), or served alone
by ``dvbot web``. Pages are rendered on the server (Jinja2 templates in
``templates/``, texts in ``locales/*/web.yaml``, no script, no CDN).

Every route but the sign-in link needs a live session, and every one asks
the admin's scope again (``gate.signed_in``)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from bot.services.runtime import Runtime
from bot.shell.web import actions, auth, downloads, figures, lang, pages, remind, schedule, unit
from bot.shell.web.gate import Deliver, Hidden, SignedOut, Web, web_of
from bot.shell.web.render import PREFIX, page

__all__ = ["PREFIX", "Web", "mount", "web_app"]


def _lang(request: Request) -> str:
    return web_of(request).rt.settings.locale


async def _signed_out(request: Request, _exc: Exception) -> Response:
    return page(request, "signed_out.html", _lang(request), status_code=401, expired=True)


async def _hidden(request: Request, _exc: Exception) -> Response:
    return page(request, "not_found.html", _lang(request), status_code=404)


async def _bad_token(request: Request, _exc: Exception) -> Response:
    return page(request, "forbidden.html", _lang(request), status_code=403)


ROUTES = [
    Route("/", pages.overview, methods=["GET"]),
    Route("/login/{token}", auth.login_form, methods=["GET"]),
    Route("/login/{token}", auth.login, methods=["POST"]),
    Route("/logout", auth.logout, methods=["POST"]),
    Route("/lang", lang.switch, methods=["POST"]),
    Route("/chart/{plan}/{round}.png", pages.chart, methods=["GET"]),
    Route("/units", pages.units, methods=["GET"]),
    Route("/unit/{code}", unit.unit_page, methods=["GET"]),
    Route("/evidence/{ref}", unit.evidence_file, methods=["GET"]),
    Route("/download/excel", downloads.excel, methods=["GET"]),
    Route("/download/word", downloads.word, methods=["GET"]),
    Route("/act/{action}/{code}/{plan}/{round}", actions.confirm, methods=["GET"]),
    Route("/act/{action}/{code}/{plan}/{round}", actions.act, methods=["POST"]),
    Route("/remind/{plan}/{round}", remind.confirm, methods=["GET"]),
    Route("/remind/{plan}/{round}", remind.send, methods=["POST"]),
    Route("/reminders", schedule.reminder_plan, methods=["GET"]),
    Route("/figures/{plan}/{round}", figures.figures, methods=["GET"]),
    Route("/figures-chart/{plan}/{round}.svg", figures.chart, methods=["GET"]),
]


def web_app(rt: Runtime, deliver: Deliver) -> Starlette:
    app = Starlette(routes=ROUTES, exception_handlers={
        SignedOut: _signed_out, Hidden: _hidden, actions.BadToken: _bad_token})
    app.state.web = Web(rt, deliver)
    return app


def mount(rt: Runtime, deliver: Deliver) -> Mount:
    """The pages as a route of the webhook app."""
    return Mount(PREFIX, app=web_app(rt, deliver))
