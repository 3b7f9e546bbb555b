"""The newsroom in the Django admin: articles with their workflow, revisions and translations.

The admin's own screens do most of the work; the extra views here are the revision
history, the side-by-side translation desk and the translation request form. Every view
asks roles.py whether the user may do what they ask.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ShowFacets, helpers
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Min
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsdesk.content import body
from newsdesk.content.models import Article, Byline, Image, Person, TranslatorCredit
from newsdesk.languages import edition_choices, edition_codes, language_label
from newsdesk.newsroom import (
    accounts,
    autosave,
    draft_updates,
    finding,
    images,
    notifications,
    presence,
    preview,
    revisions,
    roles,
    translations,
    workflow,
)
from newsdesk.newsroom.changelist import (
    BoundedCountPaginator,
    CalendarChangeList,
    FoundPaginator,
)
from newsdesk.newsroom.forms import (
    ArticleForm,
    TranslationRequestForm,
    VersionedForm,
    translators,
)
from newsdesk.newsroom.models import AuditEntry, ReviewNote, TranslationTask
from newsdesk.newsroom.site import RecordAdmin
from newsdesk.newsroom.widgets import BodyEditor, editor_labels
from newsdesk.push import admin as push_admin

Action = AuditEntry.Action

# Accounts: staff status from the roles, a full name and a Person (accounts.py).
accounts.register(admin.site)


def pick_only(formfield, *, may_add=False):
    """``formfield`` without the links that change or delete the related object itself.

    Writing a story picks a section or a picture; changing or deleting the section itself
    from the article (the red ✖ beside it) is a trap, so those links are not offered.
    """
    widget = getattr(formfield, "widget", None)
    if isinstance(widget, RelatedFieldWidgetWrapper):
        widget.can_change_related = widget.can_delete_related = False
        widget.can_add_related = widget.can_add_related and may_add
    return formfield


class ArticleInline(admin.TabularInline):
    """An inline of an article's credits: editable exactly when the article is."""

    extra = 0
    autocomplete_fields = ["person"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A new author or translator may be added here; existing people are not changed.
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return pick_only(formfield, may_add=True)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)

    @staticmethod
    def _may_edit(request, article):
        return article is None or roles.can_edit(request.user, article)


class BylineForm(forms.ModelForm):
    def has_changed(self):
        # The author a new article starts with (its writer, ArticleAdmin.get_formset_kwargs)
        # is saved as shown, though untouched; emptied, the row is left out.
        if self.instance.pk is None and self.initial.get("person"):
            return bool(self["person"].data)
        return super().has_changed()


class BylineInline(ArticleInline):
    model = Byline
    form = BylineForm
    extra = 1
    verbose_name = gettext_lazy("author")
    verbose_name_plural = gettext_lazy("authors, in byline order")


class TranslatorCreditInline(ArticleInline):
    model = TranslatorCredit
    verbose_name = gettext_lazy("translator")
    verbose_name_plural = gettext_lazy("translators, in credit order")


class OutdatedFilter(admin.SimpleListFilter):
    title = gettext_lazy("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            ("outdated", _("Outdated: the original changed")),
            ("translations", _("All translations")),
            ("mine", _("Assigned to me")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "outdated":
            return queryset.filter(translation_task__outdated=True)
        if self.value() == "translations":
            return queryset.filter(translation_of__isnull=False)
        if self.value() == "mine":
            return queryset.filter(translation_task__translator=request.user)
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    """The editions, and the languages articles were imported in that are none ("de")."""

    title = gettext_lazy("language")
    parameter_name = "language__exact"

    def lookups(self, request, model_admin):
        editions = edition_codes()
        visible = model_admin.get_queryset(request)
        if roles.is_editor(request.user):
            languages = _distinct_languages(visible)
        else:  # her own work: a few rows, found through their own indexes
            languages = visible.order_by("language").values_list("language", flat=True).distinct()
        others = [code for code in languages if code not in editions]
        return [*edition_choices(), *((code, language_label(code)) for code in others)]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


def _distinct_languages(articles) -> list[str]:
    """The languages of ``articles``, one indexed seek each (the index of the unique
    language and slug): a DISTINCT would read every row of the archive."""
    found, after = [], None
    while True:
        rest = articles if after is None else articles.filter(language__gt=after)
        after = rest.aggregate(next=Min("language"))["next"]
        if after is None:
            return found
        found.append(after)


class ArticleChangeList(CalendarChangeList):
    def get_results(self, request):
        # A page of the list shows no body: reading 100 of them is most of its cost.
        self.queryset = self.queryset.defer("body", "body_html")
        super().get_results(request)


# What the newsroom's lists over the whole archive share (changelist.py).
ARCHIVE_LIST = {
    "change_list_template": "newsroom/lists/change_list.html",
    "paginator": BoundedCountPaginator,
    # Each load counted once, up to a limit: never the whole table beside it.
    "show_full_result_count": False,
    # Counts per filter option would count the archive once per option.
    "show_facets": ShowFacets.NEVER,
}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    locals().update(ARCHIVE_LIST)
    form = ArticleForm
    change_form_template = "newsroom/article_change_form.html"
    list_display = [
        "headline",
        "language_name",
        "section",
        "status",
        "translation_state",
        "published_at",
    ]
    list_filter = ["status", OutdatedFilter, "section", LanguageFilter, "column"]
    # The columns an index sorts (content's 0014 and 0019); the others have a
    # filter, and sorting a million rows by one of a few values reads them all.
    sortable_by = ["headline", "published_at"]
    # Rendering its rows is most of what a page of the list costs: 50, not Django's 100.
    list_per_page = 50
    # Work not yet published (no date) first, on every database: SQLite sorts NULL last in
    # a descending order, PostgreSQL first. Newest first after that.
    ordering = [F("published_at").desc(nulls_first=True), "-pk"]
    # Searched through the newsroom's own index (finding.py), drafts included.
    search_fields = ["headline", "slug"]
    search_help_text = gettext_lazy(
        "Finds every article, drafts included, whose headline or slug contains each word "
        "(a word of one or two characters: among the newest 20,000). To search the text "
        "of published articles, use the site's search."
    )
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["lead_image", "translation_of", "tags"]
    date_hierarchy = "published_at"
    inlines = [BylineInline, TranslatorCreditInline]
    list_select_related = ["section", "translation_task", "draft_update"]
    view_on_site = True
    actions = ["publish_selected", "unpublish_selected"]

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    class Media:
        css = {"all": ["newsroom/newsroom.css"]}
        js = ["newsroom/desk.js", "newsroom/presence.js"]

    def get_search_results(self, request, queryset, search_term):
        return finding.matching(queryset, search_term), False

    def get_paginator(self, request, queryset, per_page, *args, **kwargs):
        if request.GET.get(SEARCH_VAR, "").strip():
            # A search lists RESULTS_LIMIT + 1 rows at most: read once (changelist.py).
            paginator = FoundPaginator(
                queryset, per_page, *args, date_field=self.date_hierarchy, **kwargs
            )
            paginator.limit = finding.RESULTS_LIMIT
            return paginator
        return super().get_paginator(request, queryset, per_page, *args, **kwargs)

    # Who sees and does what ------------------------------------------------------------

    def get_queryset(self, request):
        # Asked once a request: the list, its filters and its count each ask for it.
        if not hasattr(request, "_newsroom_articles"):
            request._newsroom_articles = roles.visible_articles(
                request.user, super().get_queryset(request)
            )
        return request._newsroom_articles.all()

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or roles.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or roles.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return roles.is_editor(request.user) and super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return roles.is_editor(request.user)

    def get_fieldsets(self, request, obj=None):
        publication = ["status", "published_at"]
        if roles.is_editor(request.user):
            publication += ["revised_at", "breaking"]
        # Read only (a translator looking at the original): the body as readers see it,
        # and no review note box to leave empty.
        read_only = obj is not None and not self.has_change_permission(request, obj)
        return [
            (
                None,
                {
                    "fields": [
                        "column",
                        "headline",
                        "slug",
                        "standfirst",
                        "body_as_read" if read_only else "body",
                    ]
                },
            ),
            (_("Placement"), {"fields": ["section", "tags", "lead_image", "source_line"]}),
            (_("Language"), {"fields": ["language", "translation_of"]}),
            (_("Publication"), {"fields": publication}),
            *([] if read_only else [(_("Review"), {"fields": self._review_fields(request, obj)})]),
        ]

    def _review_fields(self, request, obj):
        # An editor may send an unfinished translation on, with a note (translations.py);
        # a published one has no step left that asks.
        translation = obj is not None and obj.translation_of_id
        if translation and obj.status != Article.Status.PUBLISHED and roles.is_editor(request.user):
            return ["review_note", "publish_anyway", "base_version", "body_images"]
        return ["review_note", "base_version", "body_images"]

    def get_readonly_fields(self, request, obj=None):
        if roles.is_editor(request.user):
            return ["status"]
        return ["status", "published_at", "translation_of"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, BylineInline) and obj.pk is None:
            # A new article is by whoever writes it, when she has a Person: she may change it.
            person = Person.objects.filter(user=request.user).first()
            if person is not None:
                kwargs["initial"] = [{"person": person.pk}]
        return kwargs

    def get_view_on_site_url(self, obj=None):
        """Published: the public page; otherwise its preview (the public page is a 404)."""
        if obj is None or obj.pk is None:
            return None
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse("admin:newsroom_preview", args=[obj.pk])

    # Saving: revision, note, workflow step ---------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            # Status changes only through workflow steps: keep the one stored now (the
            # scheduler may have published the article since this request read it).
            obj.status = Article.objects.filter(pk=obj.pk).values_list("status", flat=True).get()
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        user = request.user
        if not change:
            if not article.bylines.exists() and not roles.is_editor(user):
                self._credit_writer(request, article)
            workflow.log(article, Action.CREATED, user)
        revisions.record(article, user)
        autosave.discard(user, article if change else None)
        if form.merged is not None:
            revisions.log_merge(article, user, form.merged)
            self.message_user(request, form.merged.merged_message)
        note = form.cleaned_data.get("review_note", "")
        action = request.POST.get("_step")
        if action:
            override = form.cleaned_data.get("publish_anyway", False)
            workflow.take_step(article, action, user, note=note, override=override)
            step = workflow.STEPS[action]
            self.message_user(request, _("%(step)s: done.") % {"step": step.label})
        elif note.strip():
            ReviewNote.objects.create(article=article, author=user, text=note.strip())
        push_admin.queue_and_tell(self, request, article)

    # After a workflow step the work has moved on: back to the home, where what waits is.
    def response_post_save_add(self, request, obj):
        if request.POST.get("_step"):
            return redirect("admin:index")
        return super().response_post_save_add(request, obj)

    def response_post_save_change(self, request, obj):
        if request.POST.get("_step"):
            return redirect("admin:index")
        return super().response_post_save_change(request, obj)

    def _credit_writer(self, request, article):
        try:
            person = translations.person_for(request.user)
        except ValidationError as error:
            # Saved all the same: refusing would lose the work; nobody is credited wrongly.
            self.message_user(request, " ".join(error.messages), messages.WARNING)
        else:
            Byline.objects.create(article=article, person=person)

    def delete_model(self, request, obj):
        workflow.log(obj, Action.DELETED, request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            workflow.log(article, Action.DELETED, request.user)
        super().delete_queryset(request, queryset)

    # The change form's extra panels ----------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        article = self.get_object(request, object_id) if object_id else None
        if article is not None and article.translation_of_id and not roles.is_editor(request.user):
            if roles.can_edit(request.user, article) or roles.can_update(request.user, article):
                return redirect("admin:newsroom_translate", article.pk)
        prospective = article or Article(created_by=request.user)
        context = {
            "steps": workflow.allowed_steps(request.user, prospective),
            "can_assign": roles.can_assign(request.user),
            "can_edit": article is not None and roles.can_edit(request.user, article),
            # One story at a time: the workflow step is the button that matters.
            "show_save_and_add_another": False,
        }
        if article is not None:
            context.update(
                notes=article.review_notes.select_related("author"),
                history=article.audit_entries.all()[:8],
                task=getattr(article, "translation_task", None),
                outdated_changes=translations.changes_since_translated(article),
                translations=article.translations.all(),
                presence=presence.for_page(request, article),
                **push_admin.panel(request, article),
            )
        if article is not None and article.translation_of_id:
            context["completeness"] = translations.completeness(article)
            context.update(draft_updates.panel(article, request.user))
        return super().changeform_view(
            request, object_id, form_url, {**context, **(extra_context or {})}
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        # A refused save shows what its user typed: offer no older copy over it.
        shown = None if form.is_bound else {field.name: field.value() for field in form}
        if add or self.has_change_permission(request, obj):
            context.update(autosave.desk_context(request.user, obj, shown))
        return super().render_change_form(request, context, add, change, form_url, obj)

    # The form's looks ------------------------------------------------------------------

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return pick_only(super().formfield_for_dbfield(db_field, request, **kwargs))

    @admin.display(description=gettext_lazy("Body"))
    def body_as_read(self, article):
        """The body as readers see it, for those who may read but not edit the article."""
        html = body.sanitize(article.body)
        # Safe: body.sanitize() keeps only the body subset; render() adds our own figure markup.
        return mark_safe(
            body.render(html, Image.objects.in_bulk(body.image_ids(html)), article.language)
        )

    @admin.display(description=gettext_lazy("language"), ordering="language")
    def language_name(self, article):
        return language_label(article.language)

    @admin.display(description=gettext_lazy("Translation"))
    def translation_state(self, article):
        if getattr(article, "draft_update", None) is not None:
            return format_html('<span class="badge badge-review">{}</span>', _("Update waiting"))
        task = getattr(article, "translation_task", None)
        if task is not None and task.outdated:
            return format_html('<span class="badge badge-outdated">{}</span>', _("Outdated"))
        if article.translation_of_id:
            return _("Translation")
        return ""

    # Actions on many articles ----------------------------------------------------------

    def action_checkbox(self, article):
        """Django's checkbox, written out: rendering a form widget through the template
        engine for each of a page's hundred rows was a third of the list's time."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            article.pk,
            format_html(_("Select this object for an action - {}"), str(article)),
        )

    def _take_steps(self, request, queryset, action):
        done, refused = 0, []
        for article in queryset:
            try:
                workflow.take_step(article, action, request.user)
                push_admin.queue_and_tell(self, request, article)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                refused.append(f"“{article}”: {' '.join(getattr(error, 'messages', [str(error)]))}")
        if done:
            self.message_user(request, _("%(n)d article(s): done.") % {"n": done})
        for reason in refused:
            self.message_user(request, reason, messages.WARNING)

    @admin.action(
        permissions=["publish"], description=gettext_lazy("Publish the selected articles now")
    )
    def publish_selected(self, request, queryset):
        self._take_steps(request, queryset, Action.PUBLISHED)

    @admin.action(
        permissions=["publish"], description=gettext_lazy("Unpublish the selected articles")
    )
    def unpublish_selected(self, request, queryset):
        self._take_steps(request, queryset, Action.UNPUBLISHED)

    # Extra views -----------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/revisions/", view(self.revisions_view), name="newsroom_revisions"),
            path(
                "<int:pk>/revisions/<int:number>/restore/",
                view(self.restore_view),
                name="newsroom_restore",
            ),
            path("<int:pk>/translate/", view(self.translate_view), name="newsroom_translate"),
            path("editor-images/", view(images.editor_images_view), name="newsroom_editor_images"),
            path("<int:pk>/preview/", view(preview.staff_preview), name="newsroom_preview"),
            path(
                "<int:pk>/preview-links/", view(preview.create_link), name="newsroom_preview_link"
            ),
            path(
                "<int:pk>/preview-links/<int:link_pk>/revoke/",
                view(preview.revoke_link),
                name="newsroom_preview_revoke",
            ),
            path("autosave/", view(autosave.autosave_view), name="newsroom_autosave_new"),
            path("<int:pk>/autosave/", view(autosave.autosave_view), name="newsroom_autosave"),
            path("<int:pk>/presence/", view(presence.heartbeat_view), name="newsroom_presence"),
            path(
                "<int:pk>/draft-update/<str:action>/",
                view(draft_updates.draft_update_view),
                name="newsroom_draft_update",
            ),
            path(
                "<int:pk>/request-translation/",
                view(self.request_translation_view),
                name="newsroom_request_translation",
            ),
            path(
                "<int:pk>/translation-current/",
                view(self.translation_current_view),
                name="newsroom_translation_current",
            ),
            *super().get_urls(),
        ]

    def _article(self, request, pk, *, edit=False) -> Article:
        article = get_object_or_404(Article, pk=pk)
        if not roles.can_view(request.user, article):
            raise PermissionDenied
        if edit and not roles.can_edit(request.user, article):
            raise PermissionDenied
        return article

    def _context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "article": article,
            "title": title,
            "media": self.media,
        }

    def revisions_view(self, request, pk):
        article = self._article(request, pk)
        # The list without the snapshots (each holds a whole body); only the two compared
        # are read.
        listed = article.revisions.select_related("created_by").defer("snapshot")
        history = list(listed[:REVISIONS_LISTED])
        total = article.revisions.count() if len(history) == REVISIONS_LISTED else len(history)
        # Any two may be compared, listed or not (?from=3&to=250).
        asked = {_int(request.GET.get("to")), _int(request.GET.get("from"))} - {None}
        numbers = {r.number: r for r in history}
        numbers.update((r.number, r) for r in listed.filter(number__in=asked - set(numbers)))
        newer = numbers.get(_int(request.GET.get("to"))) or (history[0] if history else None)
        older = numbers.get(_int(request.GET.get("from"))) or (
            history[1] if len(history) > 1 else None
        )
        changes = []
        if older and newer:
            snapshots = dict(
                article.revisions.filter(number__in=[older.number, newer.number]).values_list(
                    "number", "snapshot"
                )
            )
            changes = revisions.diff(snapshots[older.number], snapshots[newer.number])
        context = self._context(request, article, _("Revisions of “%(a)s”") % {"a": article})
        context.update(
            revisions=history,
            revisions_total=total,
            older=older,
            newer=newer,
            changes=changes,
            can_edit=roles.can_edit(request.user, article),
        )
        return TemplateResponse(request, "newsroom/revisions.html", context)

    def restore_view(self, request, pk, number):
        if request.method != "POST":
            return redirect("admin:newsroom_revisions", pk)
        with transaction.atomic():
            article = self._article(request, pk, edit=True)
            revision = get_object_or_404(article.revisions, number=number)
            conflict = revisions.find_conflict(article, _int(request.POST.get("base_version")))
            if conflict is not None:
                self.message_user(request, conflict.message, messages.ERROR)
                return redirect("admin:newsroom_revisions", pk)
            revisions.restore(article, revision, request.user)
        self.message_user(request, _("Revision %(n)d restored as a new revision.") % {"n": number})
        return redirect("admin:content_article_change", pk)

    def request_translation_view(self, request, pk):
        original = self._article(request, pk)
        if not roles.can_assign(request.user):
            raise PermissionDenied
        form = TranslationRequestForm(request.POST or None, original=original)
        if request.method == "POST" and form.is_valid():
            try:
                translation = translations.request_translation(
                    original,
                    form.cleaned_data["language"],
                    form.cleaned_data["translator"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("Translation requested: a draft is waiting for %(who)s.")
                    % {"who": _display_name(form.cleaned_data["translator"])},
                )
                return redirect("admin:content_article_change", translation.pk)
        context = self._context(request, original, _("Request a translation"))
        context["form"] = form
        return TemplateResponse(request, "newsroom/request_translation.html", context)

    def translation_current_view(self, request, pk):
        if request.method != "POST":
            return redirect("admin:newsroom_translate", pk)
        translation = self._article(request, pk)
        if translation.translation_of_id is None:
            raise Http404("Only a translation follows an original.")
        translations.mark_current(translation, request.user)
        self.message_user(request, _("Marked as up to date with the original."))
        return redirect("admin:newsroom_translate", pk)

    def translate_view(self, request, pk):
        translation = self._article(request, pk)
        original = translation.translation_of
        if original is None:
            return redirect("admin:content_article_change", pk)
        task = getattr(translation, "translation_task", None)
        # A published translation reopened: the desk works on its draft update.
        update = (
            draft_updates.of(translation) if roles.can_update(request.user, translation) else None
        )
        text = update.snapshot if update else draft_updates.text_of(translation)
        rows = translations.rows_for(translation, text["body"], text.get("source_version"))
        editable = update is not None or roles.can_edit(request.user, translation)
        form = VersionedForm(request.POST or None, initial={"base_version": translation.version})
        texts = [request.POST.get(f"row-{i}", "") for i in range(len(rows))]
        posted = request.POST if request.method == "POST" else None
        pictures = translations.image_rows(translation, request.user, posted)
        if update is not None:
            for picture in pictures:
                picture.editable = False  # readers see its captions now: not part of the update
        if request.method == "POST":
            if not editable:
                raise PermissionDenied
            if update is not None:
                response = self._save_draft_update(request, update, rows, texts, form)
            else:
                response = self._save_translation(request, translation, rows, texts, form, pictures)
            if response is not None:
                return response
            if form.conflict is not None and form.conflict.merge is not None:
                # Refused: the rows show the merge, mine where both changed a block.
                rows = translations.align(original.body, form.data["body"])
                texts = [row.translation for row in rows]
        else:
            texts = [row.translation for row in rows]
        context = self._context(request, translation, _("Translate side by side"))
        # What the form sent, or after a refused save the merge of it (forms.VersionedForm).
        headline = form.data.get("headline", text["headline"])
        standfirst = form.data.get("standfirst", text["standfirst"])
        context["completeness"] = translations.completeness_of(
            original, translation.language, headline, standfirst, rows, texts
        )
        context.update(
            form=form,
            rows=list(zip(rows, texts, strict=True)),
            headline=headline,
            standfirst=standfirst,
            original_article=original,
            pictures=pictures,
            task=task,
            editable=editable,
            outdated_changes=translations.changes_since_translated(translation),
            steps=workflow.allowed_steps(request.user, translation),
            notes=translation.review_notes.select_related("author"),
            presence=presence.for_page(request, translation),
        )
        if editable:
            shown = None
            if not posted:
                shown = {"headline": text["headline"], "standfirst": text["standfirst"]}
                shown.update((f"row-{i}", row_text) for i, row_text in enumerate(texts))
            context.update(autosave.desk_context(request.user, translation, shown))
        context.update(draft_updates.panel(translation, request.user))
        if update is not None:
            context["steps"] = [] if update.submitted_at else [workflow.STEPS[Action.SUBMITTED]]
        # Each row's textarea is edited by the body editor in its "inline" mode.
        context.update(editor_media=BodyEditor().media, editor_labels=editor_labels())
        return TemplateResponse(request, "newsroom/translate.html", context)

    def _save_draft_update(self, request, update, rows, texts, form):
        headline = request.POST.get("headline", "").strip()
        if not form.is_valid():
            return None
        if not headline:
            form.add_error(None, _("The translated headline cannot be empty."))
            return None
        with transaction.atomic():
            draft_updates.save(
                update,
                request.user,
                headline=headline,
                standfirst=request.POST.get("standfirst", "").strip(),
                body=translations.body_from_rows(rows, texts),
            )
            if request.POST.get("_step") == Action.SUBMITTED:
                try:
                    draft_updates.submit(
                        update,
                        request.user,
                        note=request.POST.get("review_note", ""),
                        override=bool(request.POST.get("publish_anyway")),
                    )
                except (ValidationError, PermissionDenied) as error:
                    transaction.set_rollback(True)
                    form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
                    return None
                self.message_user(request, _("Draft update saved and submitted for review."))
                return redirect("admin:index")
        self.message_user(
            request, _("Draft update saved: readers still see the published version.")
        )
        return redirect("admin:newsroom_translate", update.article_id)

    def _save_translation(self, request, translation, rows, texts, form, pictures):
        headline = request.POST.get("headline", "").strip()
        with transaction.atomic():
            if not form.is_valid():
                return None
            mine = {
                "headline": headline,
                "standfirst": request.POST.get("standfirst", "").strip(),
                "body": body.sanitize(translations.body_from_rows(rows, texts)),
            }
            try:
                mine = form.check_version(translation, mine)
            except ValidationError as error:
                form.add_error(None, error)
                return None
            if not headline:
                form.add_error(None, _("The translated headline cannot be empty."))
                return None
            try:
                translations.save_image_texts(translation, pictures, request.user)
            except ValidationError as error:
                transaction.set_rollback(True)
                form.add_error(None, error)
                return None
            translation.headline = mine["headline"]
            translation.standfirst = mine["standfirst"]
            translation.body = mine["body"]
            translation.save()
            revisions.record(translation, request.user)
            autosave.discard(request.user, translation)
            if form.merged is not None:
                revisions.log_merge(translation, request.user, form.merged)
                self.message_user(request, form.merged.merged_message)
            if request.POST.get("up_to_date") and not translations.is_current(translation):
                translations.mark_current(translation, request.user)
            action = request.POST.get("_step")
            if action:
                try:
                    workflow.take_step(
                        translation,
                        action,
                        request.user,
                        note=request.POST.get("review_note", ""),
                        override=bool(request.POST.get("publish_anyway")),
                    )
                except (ValidationError, PermissionDenied) as error:
                    transaction.set_rollback(True)
                    form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
                    return None
        if action:
            self.message_user(request, _("Saved and submitted for review."))
            return redirect("admin:index")
        self.message_user(request, _("Translation saved."))
        return redirect("admin:newsroom_translate", translation.pk)


# Revisions listed on an article's page, the newest: an article saved thousands of times
# would otherwise render thousands of rows.
REVISIONS_LISTED = 100


def _display_name(user) -> str:
    if user is None:
        return _("a translator")
    return user.get_full_name() or user.get_username()


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@admin.register(TranslationTask)
class TranslationTaskAdmin(admin.ModelAdmin):
    list_display = ["translation", "language", "translator", "outdated", "requested_at", "desk"]
    list_filter = ["outdated", "translation__language"]
    list_select_related = ["translation", "translator"]
    fields = ["translation", "translator", "outdated", "source_version"]
    readonly_fields = ["translation", "outdated", "source_version"]

    @admin.display(description=gettext_lazy("Language"))
    def language(self, task):
        return task.translation.get_language_display()

    @admin.display(description="")
    def desk(self, task):
        url = reverse("admin:newsroom_translate", args=[task.translation_id])
        return format_html('<a href="{}">{}</a>', url, _("Translate side by side"))

    def get_queryset(self, request):
        tasks = super().get_queryset(request)
        return tasks if roles.is_editor(request.user) else tasks.filter(translator=request.user)

    def has_change_permission(self, request, obj=None):
        return roles.can_assign(request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False  # requested from the original article's page

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "translator":
            kwargs["queryset"] = translators()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.translator is not None:
            try:
                person = translations.person_for(obj.translator)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                TranslatorCredit.objects.get_or_create(article=obj.translation, person=person)
        if "translator" in form.changed_data:
            notifications.translation_assigned(obj, request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(RecordAdmin):
    locals().update(ARCHIVE_LIST)
    list_display = [
        "at",
        "actor_name",
        "action",
        "article_link",
        "from_status",
        "to_status",
        "detail",
    ]
    list_filter = ["action", "at"]
    search_fields = ["headline", "actor_name", "detail"]
    date_hierarchy = "at"

    def get_changelist(self, request, **kwargs):
        return CalendarChangeList

    @admin.display(description=gettext_lazy("Article"))
    def article_link(self, entry):
        if entry.article_id is None:
            return entry.headline
        url = reverse("admin:content_article_change", args=[entry.article_id])
        return format_html('<a href="{}">{}</a>', url, entry.headline)
