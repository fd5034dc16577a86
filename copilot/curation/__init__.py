"""Curation: a space's knowledge as curators change it — documents, YAML knowledge,
eval cases from analysts' feedback — safely (validated first, atomic writes,
a per-space lock) and visibly (re-indexed at once, progress reported).

    curator = Curator.from_components(components, on_change=lambda s: after_change(runtime, s))
    curator.add_document("enotas", "POP cancelamento.docx", data, progress=report)
    curator.delete_document("enotas", "enotas-pop-cancelamento")
    save_knowledge_file(catalog, "enotas", "macros.yaml", text, lock_dir)
"""

from copilot.curation._files import atomic_write, atomic_write_text, space_lock
from copilot.curation.documents import Curator, DocumentEntry, DocumentNotFound
from copilot.curation.eval_cases import CaseLabels, append_ticket_case, case_from_feedback, template_phrase
from copilot.curation.jobs import Job, JobBoard, JobNotFound
from copilot.curation.knowledge import (KNOWLEDGE_FILES, LABELS, read_knowledge_file, save_knowledge_file,
                                        validate_knowledge)
from copilot.curation.refresh import after_change, forget_space, refresh_retriever
from copilot.curation.uploads import MAX_UPLOAD_BYTES, check_upload

__all__ = [
    "CaseLabels", "Curator", "DocumentEntry", "DocumentNotFound", "Job", "JobBoard", "JobNotFound",
    "KNOWLEDGE_FILES", "LABELS", "MAX_UPLOAD_BYTES", "after_change", "append_ticket_case", "atomic_write",
    "atomic_write_text", "case_from_feedback", "check_upload", "forget_space", "read_knowledge_file",
    "refresh_retriever", "save_knowledge_file", "space_lock", "template_phrase", "validate_knowledge",
]
