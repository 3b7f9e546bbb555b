"""The body editor's widget: the article's body textarea, edited by ProseMirror in the browser."""

import json

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _


def editor_labels() -> str:
    """The editor's button and dialog texts in the current language, as JSON for
    ``data-editor-labels`` (editor.js reads them from the textarea or an ancestor)."""
    return json.dumps(
        {
            "toolbar": _("Formatting"),
            "paragraph": _("Paragraph"),
            "subheading": _("Subheading"),
            "small_subheading": _("Small subheading"),
            "quote": _("Quote"),
            "cite": _("Source of the quote"),
            "bullet_list": _("Bulleted list"),
            "ordered_list": _("Numbered list"),
            "bold": _("Bold"),
            "italic": _("Italic"),
            "link": _("Link"),
            "picture": _("Picture"),
            "undo": _("Undo"),
            "redo": _("Redo"),
            "link_address": _("Link address"),
            "link_apply": _("Add the link"),
            "link_remove": _("Remove the link"),
            "cancel": _("Cancel"),
            "link_invalid": _(
                "A web address (http:// or https://) or an e-mail address (mailto:)."
            ),
            "table": _("Insert a table"),
            "row_above": _("Add a row above"),
            "row_below": _("Add a row below"),
            "column_before": _("Add a column before"),
            "column_after": _("Add a column after"),
            "delete_row": _("Delete the row"),
            "delete_column": _("Delete the column"),
            "header_row": _("Header row"),
            "delete_table": _("Delete the table"),
            "caption_placeholder": _("Caption (optional)"),
        },
        ensure_ascii=False,
    )


class BodyEditor(forms.Textarea):
    """A body's textarea, which editor.js turns into the visual editor.

    The textarea stays the form field: without JavaScript it is edited as HTML, and with
    it the editor keeps its value the canonical body HTML.
    """

    mode = "body"

    class Media:
        css = {
            "all": [
                "newsroom/vendor/prosemirror/prosemirror.css",
                "newsroom/vendor/prosemirror/gapcursor.css",
                "newsroom/vendor/prosemirror/tables.css",
                "newsroom/editor/editor.css",
                "newsroom/editor/figures.css",
            ]
        }
        js = [forms.Script("newsroom/editor/editor.js", type="module")]

    def __init__(self, attrs=None):
        super().__init__({"rows": 20, "cols": 80, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-body-editor": self.mode,
                "data-images-url": reverse("admin:newsroom_editor_images"),
                "data-editor-labels": editor_labels(),
            }
        )
        return context
