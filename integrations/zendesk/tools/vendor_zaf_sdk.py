"""Vendor the Zendesk Apps Framework SDK from its npm package into ``assets/zaf_sdk.js``.

The npm package ``zendesk_app_framework_sdk`` ships CommonJS sources
(``lib/*.js``), not the browser bundle Zendesk serves from its CDN. This
script wraps them in a minimal ``require`` (what the package's own gluejs
build does) and exposes ``window.ZAFClient``, so the app loads nothing from
a CDN. Run it again to update:

    cd /tmp && npm pack zendesk_app_framework_sdk@2.0.11 && tar xzf zendesk_app_framework_sdk-2.0.11.tgz
    python integrations/zendesk/tools/vendor_zaf_sdk.py /tmp/package
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"

LOADER = """/*! zendesk_app_framework_sdk {version} (Apache-2.0, see zaf_sdk.LICENSE), bundled from the npm package */
(function (window) {{
  var sources = {{
{modules}
  }};
  var cache = {{}};
  function resolve(from, request) {{
    var parts = from.split('/').slice(0, -1);
    request.split('/').forEach(function (p) {{ if (p === '..') parts.pop(); else if (p !== '.') parts.push(p); }});
    return parts.join('/');
  }}
  function load(name) {{
    if (cache[name]) return cache[name].exports;
    var module = cache[name] = {{ exports: {{}} }};
    sources[name].call(window, function (request) {{ return load(resolve(name, request)); }}, module, module.exports);
    return module.exports;
  }}
  window.ZAFClient = load('index');
}})(window);
"""


def bundle(package: Path) -> str:
    lib = package / "lib"
    modules = []
    for path in sorted(lib.rglob("*.js")):
        name = path.relative_to(lib).with_suffix("").as_posix()
        body = path.read_text(encoding="utf-8")
        modules.append(f"    {json.dumps(name)}: function (require, module, exports) {{\n{body}\n    }}")
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    return LOADER.format(version=version, modules=",\n".join(modules))


def main(package: str) -> None:
    root = Path(package)
    (ASSETS / "zaf_sdk.js").write_text(bundle(root), encoding="utf-8")
    shutil.copyfile(root / "LICENSE", ASSETS / "zaf_sdk.LICENSE")
    print(f"escrito {ASSETS / 'zaf_sdk.js'}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/package")
