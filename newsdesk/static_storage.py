"""The static files' storage in production: hashed names, compressed copies, and ES module
imports pointing at the hashed names too.

nginx and WhiteNoise serve static files as immutable for years. The body editor is ES
modules (editor.js imports figures.js and the vendored ProseMirror by relative path);
unrewritten, an import would name the unhashed file, and a browser would keep an old
figures.js or ProseMirror beside a new editor.js. Django rewrites the import statements to
the hashed names (``import … from "./prosemirror-model.4f1c….js"``), so a change to any
module reaches browsers at once and every module is loaded once.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
