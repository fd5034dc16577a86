"""The review queue on ``/kb``: analysts' thumbs-down, and a curator turning one
into a ticket eval case in two clicks ("virar caso" → "salvar").

The case is appended to ``evals/tickets/<space>.yaml`` (see
``copilot.curation.eval_cases``), labelled by the curator or marked
``needs_label``; the vote then leaves the queue (reviewed).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import Response

from copilot.curation import CaseLabels, append_ticket_case, case_from_feedback, template_phrase
from copilot.errors import InvalidInput
from web.deps import SettingsDep, get_runtime
from web.routes.kb import curator_principal, fragment, router
from web.routes.panel_sources import feedback_store

TARGET_NAMES = {"checklist": "checklist", "reply_template": "modelo de resposta", "next_step": "próximo passo",
                "article": "artigo", "finding": "apontamento do rascunho"}
QUEUE_SIZE = 50


def _record(request: Request, settings, space: str, feedback_id: int):
    record = feedback_store(request, settings).get(feedback_id)
    if record.space != space:  # an id from another space is as good as unknown
        from copilot.storage import FeedbackNotFound

        raise FeedbackNotFound(feedback_id)
    return record


def _item(record) -> dict:
    exported = case_from_feedback(record) if record.target != "finding" else None
    suggested = (exported or {}).get("feedback", [{}])[0].get("suggested") if exported else record.suggestion
    ticket = record.ticket or {}
    return {"record": record, "target": TARGET_NAMES.get(record.target, record.target),
            "subject": ticket.get("subject") or ticket.get("description") or f"ticket {record.ticket_id or '?'}",
            "suggested": _summary(suggested), "case": exported, "convertible": exported is not None}


def _summary(suggested) -> str:
    if isinstance(suggested, dict):
        for key in ("title", "text", "excerpt", "body"):
            if suggested.get(key):
                return str(suggested[key])[:300]
    return "" if suggested is None else str(suggested)[:300]


@router.get("/kb/fragments/spaces/{space}/queue")
def queue_fragment(request: Request, settings: SettingsDep, space: str) -> Response:
    def build() -> dict:
        curator_principal(request, settings, space)
        records = feedback_store(request, settings).list(space=space, vote="down", unreviewed_only=True)
        return {"space_id": space, "items": [_item(r) for r in records[:QUEUE_SIZE]], "more": len(records) > QUEUE_SIZE}

    return fragment(request, "kb.html", "queue", build)


@router.get("/kb/fragments/spaces/{space}/queue/{feedback_id}/case")
def case_form(request: Request, settings: SettingsDep, space: str, feedback_id: int) -> Response:
    def build() -> dict:
        curator_principal(request, settings, space)
        item = _item(_record(request, settings, space, feedback_id))
        if not item["convertible"]:
            raise InvalidInput("Avaliações de apontamentos do rascunho vão para a suíte de rascunhos, não de tickets.")
        macros = get_runtime(request).catalog.macros(space)
        expected = item["case"]["expected"]
        step = expected.get("next_step") or {}
        return {"space_id": space, "item": item, "checklists": [c.title for c in macros.checklists],
                "templates": [(t.id, t.title) for t in macros.templates],
                "chosen_checklist": expected.get("checklist") or "",
                "chosen_template": next((t.id for t in macros.templates if t.title == expected.get("template")), ""),
                "step_phrases": "\n".join(step.get("contains") or []), "step_section": step.get("section") or "",
                "articles": "\n".join(expected.get("articles") or [])}

    return fragment(request, "kb.html", "case_form", build)


@router.post("/kb/spaces/{space}/queue/{feedback_id}/case")
def save_case(request: Request, settings: SettingsDep, space: str, feedback_id: int,
              mode: Annotated[str, Form()] = "needs_label", checklist: Annotated[str, Form()] = "",
              template: Annotated[str, Form()] = "", step_phrases: Annotated[str, Form()] = "",
              step_section: Annotated[str, Form()] = "", articles: Annotated[str, Form()] = "",
              nothing_fits: Annotated[str, Form()] = "") -> Response:
    def build() -> dict:
        curator_principal(request, settings, space)
        record = _record(request, settings, space, feedback_id)
        labels = None
        if mode == "labelled":
            macros = get_runtime(request).catalog.macros(space)
            body = next((t.body for t in macros.templates if t.id == template), "")
            labels = CaseLabels(checklist=checklist.strip() or None, template=template_phrase(body) if body else None,
                                next_step=_lines(step_phrases), next_step_section=step_section.strip(),
                                articles=_lines(articles), nothing_fits=bool(nothing_fits))
        case = case_from_feedback(record, labels)
        case_id = append_ticket_case(settings.evals_dir, space, case, settings.data_dir / "locks")
        feedback_store(request, settings).mark_reviewed(feedback_id, turned_into_case=True)
        return {"space_id": space, "done": f"Caso {case_id} gravado em evals/tickets/{space}.yaml"
                + (" (rotulado)." if labels else " — marcado como “precisa de rótulo”.")}

    return fragment(request, "kb.html", "queue_done", build)


@router.post("/kb/spaces/{space}/queue/{feedback_id}/dismiss")
def dismiss(request: Request, settings: SettingsDep, space: str, feedback_id: int) -> Response:
    def build() -> dict:
        curator_principal(request, settings, space)
        _record(request, settings, space, feedback_id)
        feedback_store(request, settings).mark_reviewed(feedback_id)
        return {"space_id": space, "done": "Avaliação revisada e retirada da fila."}

    return fragment(request, "kb.html", "queue_done", build)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
