"""Copy ProseMirror from an `npm ci` of this folder into the newsroom's static files.

Run by `make editor`: ``python vendor.py NODE_MODULES STATIC_DIR``. Each package's ES
module (the "import" entry of its package.json) is copied with a header naming its
version and licence, its bare imports (``from 'prosemirror-model'``) made relative
(``from './prosemirror-model.js'``), so the browser loads them without an import map;
its LICENSE and its style sheets are copied beside it. A source map comment is taken out:
the map is not copied, and collectstatic's manifest fails on a reference to a missing file.
"""

import json
import re
import shutil
import sys
from pathlib import Path

SOURCE_MAP = re.compile(r"^//# sourceMappingURL=\S*\n?", re.MULTILINE)
BARE_IMPORT = re.compile(r"""(\bfrom\s+|\bimport\s+)(['"])([a-z0-9@][a-z0-9._/-]*)\2""")


def relative_imports(source: str) -> str:
    return BARE_IMPORT.sub(lambda m: f"{m[1]}{m[2]}./{m[3]}.js{m[2]}", source)


def without_source_map(source: str) -> str:
    return SOURCE_MAP.sub("", source)


def entry(package: dict) -> str:
    exports = package.get("exports", {})
    exports = exports.get(".", exports) if isinstance(exports, dict) else exports
    if isinstance(exports, dict):
        return exports.get("import") or exports["default"]
    return exports or package.get("module") or package["main"]


def vendor(modules: Path, target: Path, lock: dict) -> None:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for path in sorted(lock["packages"]):
        if not path.startswith("node_modules/"):
            continue
        name = path.removeprefix("node_modules/")
        folder = modules / name
        package = json.loads((folder / "package.json").read_text())
        assert package["version"] == lock["packages"][path]["version"], name
        header = (
            f"/* {name} {package['version']} ({package['license']}), vendored by `make editor` */\n"
        )
        source = (folder / entry(package)).read_text()
        (target / f"{name}.js").write_text(header + relative_imports(without_source_map(source)))
        shutil.copyfile(folder / "LICENSE", target / f"{name}.LICENSE")
        for css in sorted((folder / "style").glob("*.css")):
            shutil.copyfile(css, target / css.name)


if __name__ == "__main__":
    here = Path(__file__).parent
    vendor(
        Path(sys.argv[1]), Path(sys.argv[2]), json.loads((here / "package-lock.json").read_text())
    )
