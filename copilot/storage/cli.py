"""``copilot token …``, ``copilot panel-link`` and ``copilot feedback export``.

The lead registers them in ``copilot/cli.py``::

    from copilot.storage.cli import feedback_app, panel_link, token_app
    app.add_typer(token_app, name="token")
    app.add_typer(feedback_app, name="feedback")
    app.command("panel-link")(panel_link)

Whoever can run these commands can read the data dir, so they need no token.
Bad input leaves with a pt-BR message and exit code 2.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Optional

import typer
import yaml
from rich.console import Console
from rich.table import Table

from copilot.console import err, guarded
from copilot.errors import InvalidInput
from copilot.settings import Settings
from copilot.storage import ALL_SPACES, FeedbackStore, TokenStore, open_database, sign_panel_token

token_app = typer.Typer(help="Tokens de API por espaço e papel (analyst, curator, admin).", no_args_is_help=True)
feedback_app = typer.Typer(help="Avaliações (👍/👎) dos analistas.", no_args_is_help=True)
out = Console(highlight=False, soft_wrap=True)
ROLE_NAMES = {"analyst": "analista", "curator": "curador", "admin": "administrador"}
_TTL = re.compile(r"^\s*(\d+)\s*([smh]?)\s*$")


def _known_spaces(settings: Settings, spaces: list[str] | None) -> list[str]:
    from copilot.kb.catalog import Catalog

    if not spaces:
        raise InvalidInput("Informe ao menos um espaço com --space (ou --space '*' para todos).")
    catalog = Catalog(settings.kb_dir)
    for space in spaces:
        if space != ALL_SPACES:
            catalog.space(space)  # UnknownSpace names the space in pt-BR
    return spaces


def parse_ttl(text: str) -> int:
    """``900``, ``90s``, ``15m``, ``2h`` → seconds."""
    match = _TTL.match(text)
    if not match or int(match.group(1)) == 0:
        raise InvalidInput(f"Validade inválida '{text}'; use por exemplo 90s, 15m ou 2h.")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def _spaces_text(spaces) -> str:
    return "todos" if ALL_SPACES in spaces else ", ".join(sorted(spaces))


@token_app.command("create")
@guarded
def create_token(space: Annotated[Optional[list[str]], typer.Option("--space", "-s", help="Espaço (repetível); '*' para todos.")] = None,
                 role: Annotated[Optional[str], typer.Option("--role", "-r", help="analyst, curator ou admin.")] = None,
                 name: Annotated[Optional[str], typer.Option("--name", "-n", help="Para quem é o token.")] = None) -> None:
    """Cria um token e o mostra uma única vez (só o hash fica guardado)."""
    settings = Settings()
    if not role:
        raise InvalidInput("Informe o papel com --role: analyst, curator ou admin.")
    record, plaintext = TokenStore(open_database(settings)).create(name or "", role, _known_spaces(settings, space))
    err.print(f"Token {record.id} criado ({ROLE_NAMES[record.role]}; espaços: {_spaces_text(record.spaces)}). "
              "Guarde-o agora: ele não será mostrado de novo.")
    print(plaintext)


@token_app.command("list")
@guarded
def list_tokens() -> None:
    """Lista os tokens (nunca o valor, que não é guardado)."""
    records = TokenStore(open_database(Settings())).list()
    if not records:
        out.print("Nenhum token criado.")
        return
    table = Table("id", "nome", "papel", "espaços", "criado em", "último uso", "situação")
    for r in records:
        table.add_row(str(r.id), r.name, ROLE_NAMES[r.role], _spaces_text(r.spaces), f"{r.created_at:%Y-%m-%d %H:%M}",
                      f"{r.last_used_at:%Y-%m-%d %H:%M}" if r.last_used_at else "—",
                      f"revogado {r.revoked_at:%Y-%m-%d %H:%M}" if r.revoked_at else "ativo")
    out.print(table)


@token_app.command("revoke")
@guarded
def revoke_token(token_id: Annotated[str, typer.Argument(metavar="ID", help="O id mostrado por 'copilot token list'.")]) -> None:
    """Revoga um token: toda requisição com ele passa a receber 401, em todos os processos."""
    if not token_id.strip().isdigit():
        raise InvalidInput(f"Id de token inválido '{token_id}'; use o número mostrado por 'copilot token list'.")
    record = TokenStore(open_database(Settings())).revoke(int(token_id))
    out.print(f"Token {record.id} ({record.name}) revogado.")


@guarded
def panel_link(space: Annotated[Optional[list[str]], typer.Option("--space", "-s", help="Espaço (repetível).")] = None,
               ttl: Annotated[str, typer.Option(help="Validade: 90s, 15m, 2h (máx. 12h).")] = "15m",
               base_url: Annotated[Optional[str], typer.Option(help="Endereço do servidor (padrão: COPILOT_HOST:COPILOT_PORT).")] = None) -> None:
    """Imprime um link do painel com um token de analista de curta duração.

    O token vai no fragmento (#token=…), que o navegador não envia ao servidor:
    nenhum log o registra."""
    settings = Settings()
    seconds = parse_ttl(ttl)
    token = sign_panel_token(settings, _known_spaces(settings, space), ttl_seconds=seconds)
    base = (base_url or f"http://{settings.host}:{settings.port}").rstrip("/")
    if not re.match(r"^https?://[^\s#?]+$", base):
        raise InvalidInput(f"Endereço inválido '{base}'; use por exemplo https://copiloto.exemplo.com.br.")
    err.print(f"Link válido por {seconds // 60} min {seconds % 60} s para: {_spaces_text(space)}.")
    print(f"{base}/panel#token={token}")


@feedback_app.command("export")
@guarded
def export_feedback(space: Annotated[Optional[str], typer.Option("--space", "-s", help="Só este espaço.")] = None,
                    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Arquivo YAML de saída.")] = None) -> None:
    """Exporta as avaliações como casos no formato de evals/tickets (👎 marcados needs_label)."""
    settings = Settings()
    if space is not None:
        _known_spaces(settings, [space])
    cases = FeedbackStore(open_database(settings)).export_cases(space=space)
    document = {"space": space, "cases": cases} if space else {"cases": cases}
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=110)
    if output is None:
        print(text, end="")
        return
    output.write_text(text, encoding="utf-8")
    unlabelled = sum(c["needs_label"] for c in cases)
    err.print(f"{len(cases)} {'caso gravado' if len(cases) == 1 else 'casos gravados'} em {output} "
              f"({unlabelled} {'precisa' if unlabelled == 1 else 'precisam'} de rótulo).")
