"""/nhapkehoach … /xong (/importplan … /done): an admin sends the plan
document as a file (.docx, .pdf, .txt, .md: Telegram, Zalo OA, console — in
the flow or with /nhapkehoach as its caption; the router hands the bytes on
instead of keeping them as evidence) or pastes its text in as many messages
as it takes (the Zalo Bot Platform sends no files), gets the preview (:func:`bot.services.plan_import.preview_text`)
and activates the draft — stored as a new plan version binding the admin's
own subtrees — or discards it. Nothing is stored before "1"; the scope is
checked again at that step."""

from __future__ import annotations

from bot.core.channels import capabilities
from bot.core.errors import NotAPlan
from bot.core.messages import Option, Outgoing
from bot.services import plan_import
from handlers.commands import Command
from handlers.context import Ctx
from handlers.flows.admin_scope import admin_roots, revoked
from handlers.flows.names import Flow
from handlers.router import MAX_INPUT
from handlers.views import render

MAX_TEXT = 120_000  # a long plan is some 30 000 characters


async def cmd_import(ctx: Ctx, args: str) -> list[Outgoing]:
    roots = await admin_roots(ctx)
    ctx.enter(Flow.PLAN_IMPORT, {"text": args.strip() if ctx.incoming.attachment is None else "", "roots": roots})
    if ctx.incoming.attachment is not None:  # the document sent with /nhapkehoach as its caption
        return await _from_file(ctx, roots)
    return [ctx.say("ingest.chat.start")]


async def flow_collect(ctx: Ctx) -> list[Outgoing]:
    """Each message is the next piece of the document's text, or the
    document itself sent as a file."""
    if ctx.incoming.attachment is not None:
        return await _from_file(ctx, list(ctx.state.get("roots", [])))
    piece = (ctx.incoming.text or "").strip()
    if not piece:
        return [ctx.say("ingest.chat.only_text")]
    if len(ctx.incoming.text or "") >= MAX_INPUT:  # the router cut it: its end is lost, so it is not taken
        return [ctx.say("ingest.chat.piece_too_long", max=MAX_INPUT)]
    so_far = str(ctx.state.get("text", ""))
    text = f"{so_far}\n{piece}" if so_far else piece
    if len(text) > MAX_TEXT:
        return [ctx.say("ingest.chat.too_long", max=MAX_TEXT)]
    ctx.enter(Flow.PLAN_IMPORT, {**ctx.state, "text": text})
    return [ctx.say("ingest.chat.received", chars=len(text))]


async def _from_file(ctx: Ctx, roots: list[int]) -> list[Outgoing]:
    """The plan document sent as a file (Telegram, Zalo OA, console), read
    as ``dvbot plan import`` reads it. A refused file leaves the flow as it
    was: the admin may send another or paste the text."""
    if gone := await revoked(ctx, roots):
        return gone
    attachment = ctx.incoming.attachment
    assert attachment is not None
    again = ctx.say("ingest.chat.file_again")
    if attachment.kind == "photo" or (attachment.mime or "").startswith("image/"):
        return [ctx.say("ingest.chat.image"), again]
    if attachment.data is None:  # the channel could not download it
        return [ctx.say("ingest.chat.file_unread"), again]
    try:
        text = plan_import.read_document(attachment.name or "", attachment.data)
        if len(text) > MAX_TEXT:
            return [ctx.say("ingest.chat.file_too_long", max=MAX_TEXT), again]
        return _preview(ctx, text, roots)
    except NotAPlan as exc:
        return [ctx.say(f"ingest.not_a_plan.{exc.params['reason']}", **exc.params), again]


async def cmd_done(ctx: Ctx, args: str) -> list[Outgoing]:
    """The text is complete: the preview, and activate or discard."""
    await admin_roots(ctx)
    if ctx.flow != Flow.PLAN_IMPORT:
        return [ctx.say("ingest.chat.nothing")]
    roots, text = list(ctx.state.get("roots", [])), str(ctx.state.get("text", ""))
    if gone := await revoked(ctx, roots):
        return gone
    try:
        return _preview(ctx, text, roots)
    except NotAPlan as exc:
        ctx.enter(None)
        return [ctx.say(f"ingest.not_a_plan.{exc.params['reason']}", **exc.params)]


def _preview(ctx: Ctx, text: str, roots: list[int]) -> list[Outgoing]:
    """The draft of ``text`` (:class:`NotAPlan` if none), its preview and the
    choice to activate or discard; the draft YAML as a file where the channel
    delivers it ("download the draft"), else where to get it."""
    imported = plan_import.import_text(text)
    ctx.enter(Flow.PLAN_IMPORT_CONFIRM, {"text": text, "roots": roots})
    options = (Option(f"1. {ctx.t('ingest.chat.opt_activate')}", "1"), Option(f"2. {ctx.t('ingest.chat.opt_discard')}", "2"))
    body = plan_import.preview_text(imported, ctx.lang, limit=6) + "\n\n" + ctx.t("ingest.chat.confirm")
    name, content = f"{imported.draft['code']}.yaml", plan_import.draft_yaml(imported).encode("utf-8")
    if capabilities(ctx.incoming.channel).delivers(name, len(content)):
        return [Outgoing(text=body + "\n" + render.numbered(options), options=options, document=(name, content))]
    return [ctx.say("ingest.chat.no_draft_file"),
            Outgoing(text=body + "\n" + render.numbered(options), options=options)]


async def flow_confirm(ctx: Ctx) -> list[Outgoing]:
    answer = (ctx.incoming.choice or ctx.incoming.text or "").strip()
    roots, text = list(ctx.state.get("roots", [])), str(ctx.state.get("text", ""))
    if answer not in ("1", "2"):
        return [ctx.say("ingest.chat.confirm_again")]
    ctx.enter(None)
    if answer == "2":
        return [ctx.say("ingest.chat.discarded")]
    if gone := await revoked(ctx, roots):
        return gone
    stored, created = await plan_import.activate(ctx.conn, text, roots, actor=ctx.actor, now=ctx.now)
    key = "ingest.chat.activated" if created else "ingest.chat.unchanged"
    return [ctx.say(key, code=stored.code, version=stored.version, rounds=len(stored.plan.rounds))]


COMMANDS = [
    # in an admin's /help and menus (its text says to end with /xong); /xong means something only inside it
    Command(("import_plan", "nhapkehoach"), cmd_import, "admin", "ingest.chat.cmd_import", reads_files=True),
    Command(("done", "xong"), cmd_done, "admin", "ingest.chat.cmd_done", menu=False),
]

FLOWS = {Flow.PLAN_IMPORT: flow_collect, Flow.PLAN_IMPORT_CONFIRM: flow_confirm}
