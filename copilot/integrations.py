"""Helpdesk integrations packaged from ``integrations/``.

``zendesk_package`` turns ``integrations/zendesk/`` into the zip Zendesk
accepts as a private app (Admin Center → Apps → Upload private app, or
``zcli apps:create``). The bridge script is copied in from
``web/static/bridge.js`` at packaging time, so the app and the copilot never
carry two versions of it. The zip is checked before it is written (the
manifest, the location's page and every script that page loads) and written
atomically, with fixed dates, so the same sources give the same bytes.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

from copilot.errors import InvalidInput
from copilot.settings import PROJECT_ROOT

INTEGRATIONS_DIR = PROJECT_ROOT / "integrations"
BRIDGE = PROJECT_ROOT / "web" / "static" / "bridge.js"
REQUIRED = ("manifest.json", "translations/en.json", "assets/logo.png", "assets/logo-small.png")
PACKAGED = ("manifest.json", "translations", "assets")  # tools/ and docs stay out of the app
ZIP_DATE = (2026, 1, 1, 0, 0, 0)
_SOURCES = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)\"""", re.IGNORECASE)


def _invalid(where: Path, problem: str) -> InvalidInput:
    return InvalidInput(f"{where}: {problem}", en=f"{where}: {problem}")


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _invalid(path, f"JSON inválido ({exc})") from None
    if not isinstance(data, dict):
        raise _invalid(path, "o arquivo deve conter um objeto JSON")
    return data


def check_zendesk_app(source: Path) -> dict:
    """The manifest, after checking what Zendesk would refuse; raises InvalidInput naming the file."""
    for name in REQUIRED:
        if not (source / name).is_file():
            raise _invalid(source / name, "arquivo obrigatório ausente")
    manifest = _read_json(source / "manifest.json")
    if manifest.get("frameworkVersion") != "2.0":
        raise _invalid(source / "manifest.json", "frameworkVersion deve ser \"2.0\"")
    sidebar = manifest.get("location", {}).get("support", {}).get("ticket_sidebar")
    page = sidebar.get("url") if isinstance(sidebar, dict) else sidebar
    if not isinstance(page, str) or not page.startswith("assets/"):
        raise _invalid(source / "manifest.json", "location.support.ticket_sidebar deve apontar para uma página em assets/")
    if not (source / page).is_file():
        raise _invalid(source / page, "página do ticket_sidebar ausente")
    for path in sorted((source / "translations").glob("*.json")):
        _read_json(path)
    html = (source / page).read_text(encoding="utf-8")
    for ref in _SOURCES.findall(html):
        if "://" in ref or ref.startswith("//"):
            raise _invalid(source / page, f"recurso externo {ref!r}: o app não carrega nada de CDN")
        if not (source / "assets" / ref).is_file() and ref != "bridge.js":
            raise _invalid(source / page, f"arquivo referenciado ausente: assets/{ref}")
    return manifest


def _members(source: Path, bridge: Path) -> list[tuple[str, Path]]:
    members: dict[str, Path] = {}
    for top in PACKAGED:
        root = source / top
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            members[path.relative_to(source).as_posix()] = path
    members["assets/bridge.js"] = bridge
    return sorted(members.items())


def zendesk_package(output: Path, source: Path | None = None, bridge: Path = BRIDGE) -> Path:
    """Write the Zendesk app zip to ``output`` and return its path."""
    source = Path(source or INTEGRATIONS_DIR / "zendesk")
    check_zendesk_app(source)
    if not bridge.is_file():
        raise _invalid(bridge, "script da ponte ausente")
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, path in _members(source, bridge):
                entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, path.read_bytes())
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return output
