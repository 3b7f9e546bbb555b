"""The vendored ProseMirror is exactly what package-lock.json pins, licences included."""

import json
import re
from pathlib import Path

import newsdesk

NEWSROOM = Path(newsdesk.__file__).parent / "newsroom"
LOCK = json.loads((NEWSROOM / "vendor" / "package-lock.json").read_text())
VENDORED = NEWSROOM / "static" / "newsroom" / "vendor" / "prosemirror"
PINNED = {
    path.removeprefix("node_modules/"): package
    for path, package in LOCK["packages"].items()
    if path.startswith("node_modules/")
}
IMPORT = re.compile(r"""\b(?:from|import)\s+['"]([^'"]+)['"]""")


def test_every_locked_package_is_pinned_exactly_with_its_hash():
    wanted = json.loads((NEWSROOM / "vendor" / "package.json").read_text())["dependencies"]
    assert set(PINNED) == set(wanted)
    for name, package in PINNED.items():
        assert package["version"] == wanted[name]
        assert package["integrity"].startswith("sha512-")
        assert package["license"] == "MIT"


def test_each_vendored_module_is_the_locked_version_with_its_licence():
    for name, package in PINNED.items():
        source = (VENDORED / f"{name}.js").read_text()
        assert source.startswith(f"/* {name} {package['version']} (MIT), vendored by `make editor`")
        assert "Permission is hereby granted" in (VENDORED / f"{name}.LICENSE").read_text()
    assert (VENDORED / "prosemirror.css").is_file()
    # The selected cells' highlight of prosemirror-tables (widgets.BodyEditor links it).
    assert ".selectedCell" in (VENDORED / "tables.css").read_text()
    assert {p.stem for p in VENDORED.glob("*.js")} == set(PINNED)


def test_no_vendored_module_has_a_bare_import_left():
    """Imports are relative paths the browser resolves itself: no import map needed."""
    for path in VENDORED.glob("*.js"):
        for target in IMPORT.findall(path.read_text()):
            assert target.startswith("./") and target.endswith(".js"), (path.name, target)
            assert (VENDORED / target).is_file(), (path.name, target)


def test_collected_modules_import_each_other_by_their_hashed_names(settings, tmp_path):
    """Static files are served as immutable: an import of an unhashed name would keep an
    old module in browsers beside a new editor.js."""
    from django.core.management import call_command

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "newsdesk.static_storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    editor = (tmp_path / "static" / manifest["newsroom/editor/editor.js"]).read_text()
    imported = IMPORT.findall(editor)
    assert (
        "../vendor/prosemirror/"
        + Path(manifest["newsroom/vendor/prosemirror/prosemirror-model.js"]).name
        in imported
    )
    assert "./" + Path(manifest["newsroom/editor/figures.js"]).name in imported
    for path in [
        "newsroom/editor/editor.js",
        *(f"newsroom/vendor/prosemirror/{n}.js" for n in PINNED),
    ]:
        hashed = (tmp_path / "static" / manifest[path]).read_text()
        for target in IMPORT.findall(hashed):
            assert re.search(r"\.[0-9a-f]{12}\.js$", target), (path, target)
