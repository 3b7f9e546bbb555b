"""Who may do what: the four newsroom roles and the rules for one article.

A role is a Django group (created by a migration) holding model permissions; the rules
below add what permissions cannot say, such as "a writer edits only their own drafts".
Every admin view and every workflow step asks these functions, so the server enforces
them whatever the browser sends.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from newsdesk.content.models import Article, Image

WRITER = "Writer"
TRANSLATOR = "Translator"
EDITOR = "Editor"
ADMIN = "Admin"

_LOOK_UP = [
    "content.view_section",
    "content.view_column",
    "content.view_person",
    "content.view_tag",
    "content.view_image",
    "content.view_article",
    "content.view_byline",
    "content.view_translatorcredit",
    "newsroom.view_revision",
    "newsroom.view_reviewnote",
    "newsroom.add_reviewnote",
]

_EVERYTHING_ON = [
    f"{app}.{action}_{model}"
    for app, model in [
        ("content", "article"),
        ("content", "byline"),
        ("content", "translatorcredit"),
        ("content", "section"),
        ("content", "column"),
        ("content", "person"),
        ("content", "tag"),
        ("content", "image"),
    ]
    for action in ["add", "change", "delete", "view"]
]

# Permissions of each role's group; ADMIN gets every permission there is.
ROLE_PERMISSIONS = {
    WRITER: [
        *_LOOK_UP,
        "content.add_article",
        "content.change_article",
        "content.add_byline",
        "content.change_byline",
        "content.delete_byline",
        "content.add_tag",
        "content.add_image",
        "content.change_image",
    ],
    TRANSLATOR: [*_LOOK_UP, "content.change_article", "newsroom.view_translationtask"],
    EDITOR: [
        *_LOOK_UP,
        *_EVERYTHING_ON,
        "content.publish_article",
        "content.assign_article",
        "newsroom.view_translationtask",
        "newsroom.change_translationtask",
        "newsroom.view_auditentry",
        "imports.view_importrecord",
        "trending.view_dailyreads",
    ],
}


def is_editor(user) -> bool:
    """Editors (and admins) edit anything, publish, schedule, unpublish and assign."""
    return user.is_active and user.has_perm("content.publish_article")


def is_admin(user) -> bool:
    """Admins manage accounts: whoever may add one (superusers, and the Admin role, which
    holds every permission). Asked of the permissions, which the request has loaded already."""
    return user.is_active and user.has_perm("auth.add_user")


def has_role(user) -> bool:
    """Does ``user`` belong to the newsroom: a superuser, or in one of the four roles?"""
    if user.is_superuser:
        return True
    return user.pk is not None and user.groups.filter(name__in=[*ROLE_PERMISSIONS, ADMIN]).exists()


def can_assign(user) -> bool:
    return user.is_active and user.has_perm("content.assign_article")


def is_owner(user, article) -> bool:
    return article.created_by_id is not None and article.created_by_id == user.pk


def is_assigned_translator(user, article) -> bool:
    task = getattr(article, "translation_task", None) if article.pk else None
    return task is not None and task.translator_id == user.pk


def can_view(user, article) -> bool:
    if not (user.is_active and user.has_perm("content.view_article")):
        return False
    return is_editor(user) or is_owner(user, article) or is_assigned_translator(user, article)


def can_edit(user, article) -> bool:
    """Editors edit anything; a writer their own drafts; a translator drafts assigned to them."""
    if not user.is_active:
        return False
    if is_editor(user):
        return True
    if article.status != article.Status.DRAFT or not user.has_perm("content.change_article"):
        return False
    return is_owner(user, article) or is_assigned_translator(user, article)


def can_update(user, article) -> bool:
    """A published translation is read-only to its translator, who may reopen it as a
    draft update (draft_updates.py) and work on that; editors may too."""
    if not (user.is_active and article.translation_of_id and article.has_public_status):
        return False
    if is_editor(user):
        return True
    return user.has_perm("content.change_article") and is_assigned_translator(user, article)


def can_create(user) -> bool:
    return user.is_active and user.has_perm("content.add_article")


def visible_articles(user, queryset):
    """The articles ``user`` may open in the newsroom."""
    if is_editor(user):
        return queryset
    if not user.has_perm("content.view_article"):
        return queryset.none()
    return queryset.filter(pk__in=own_article_ids(user))


def own_article_ids(user) -> list[int]:
    """The ids of the articles ``user`` wrote or was assigned to translate.

    Asked as two lookups, one index each, and given to the list as ids: an archive's
    imported articles have no creator, so the planner's statistics take "created by her"
    for most of the table, and an OR of it with her assignments read every article."""
    from newsdesk.newsroom.models import TranslationTask

    # Unordered: ordered by date, SQLite would walk the date index instead.
    ids = set(Article.objects.filter(created_by=user).order_by().values_list("pk", flat=True))
    tasks = TranslationTask.objects.filter(translator=user).order_by()
    ids.update(tasks.values_list("translation_id", flat=True))
    return sorted(ids)


def own_articles(user):
    """The same ids as ``own_article_ids()``, as one subquery: a UNION of the two lookups,
    each through its own index. A list filtered by it starts from her few articles, where
    an OR of the two conditions made the planner read every article of a status."""
    from newsdesk.newsroom.models import TranslationTask

    created = Article.objects.filter(created_by=user).order_by().values("pk")
    assigned = TranslationTask.objects.filter(translator=user).order_by().values("translation")
    return created.union(assigned)


# Images follow the articles that show them.


def changeable_images(user, queryset):
    """The images ``user`` may change or delete: editors any; a writer those used only by
    her own drafts, and the unused ones she uploaded. An image a published article shows
    (or once showed, or an editor's draft shows) is an editor's to change."""
    if not user.is_active:
        return queryset.none()
    if is_editor(user):
        return queryset
    if not user.has_perm("content.change_image"):
        return queryset.none()
    others = Article.objects.exclude(created_by=user, status=Article.Status.DRAFT)
    used = Image.objects.used_by(Article.objects.all()).values("pk")
    return queryset.exclude(pk__in=Image.objects.used_by(others).values("pk")).filter(
        Q(pk__in=used) | Q(created_by=user)
    )


def can_change_image(user, image) -> bool:
    if image.pk is None:
        return user.is_active and user.has_perm("content.add_image")
    return changeable_images(user, Image.objects.filter(pk=image.pk)).exists()


def visible_images(user, queryset):
    """The images ``user`` may look up in the newsroom: those she may change, and those
    readers see or will see (a writer may lead her draft with a published picture)."""
    if is_editor(user):
        return queryset
    if not user.has_perm("content.view_image"):
        return queryset.none()
    public = Image.objects.used_by(Article.objects.with_public_status()).values("pk")
    return queryset.filter(
        Q(pk__in=changeable_images(user, Image.objects.all()).values("pk")) | Q(pk__in=public)
    )


def role_names(user: User | AnonymousUser) -> list[str]:
    if user.is_superuser:
        return [ADMIN]
    return sorted(user.groups.values_list("name", flat=True)) if user.is_authenticated else []


def ensure_roles(apps, *, reset: bool = False, grant: bool = False) -> None:
    """Create the missing role groups with their permissions (``apps``: an app registry).

    ``grant`` adds each role's permissions to existing groups, taking none away: a
    migration does that when a feature adds permissions. ``reset`` gives existing groups
    exactly ROLE_PERMISSIONS again. Without either (after every ``migrate``), groups an
    operator has adjusted are left as they are. Permissions of apps not migrated yet are
    skipped; their own migration grants them.
    """
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    every = list(Permission.objects.select_related("content_type"))
    known_apps = {config.label for config in apps.get_app_configs()}
    for role, names in [*ROLE_PERMISSIONS.items(), (ADMIN, None)]:
        group, created = Group.objects.get_or_create(name=role)
        if not (created or reset or grant):
            continue
        if names is None:
            permissions = every
        else:
            wanted = {name for name in names if name.split(".")[0] in known_apps}
            permissions = [p for p in every if f"{p.content_type.app_label}.{p.codename}" in wanted]
            found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
            if wanted - found:
                raise LookupError(f"role {role} names unknown permissions: {wanted - found}")
        if grant and not reset:
            group.permissions.add(*permissions)
        else:
            group.permissions.set(permissions)
