"""What an issue carries and how its emails read: the edition's top stories and its Hot
Recommended, in the edition's language, as HTML and plain text.

The top stories are the front page's lead and second tier (reader/front.py) published in
the last day; Hot Recommended is the edition's list (trending/hot.py), less those. Both
are chosen once, when the issue is made; each message shows those still published.
Links and pictures are absolute, on PUBLIC_URL: a mail reader has no page to be
relative to.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from newsdesk.content.models import Article
from newsdesk.content.renditions import rendition_url
from newsdesk.newsletters.models import CONFIRM_DAYS, Issue, Subscriber
from newsdesk.reader.front import front_page
from newsdesk.reader.structured_data import absolute
from newsdesk.trending.hot import hot_articles

# How far back the top stories may have been published.
WINDOW = timedelta(days=1)
# The pictures: the 640 px rendition, shown at half that on a 2x screen, wider on none.
PICTURE = "w640"


def choose(language: str, now: datetime) -> tuple[list[int], list[int]]:
    """The ids of ``language``'s top stories of the day before ``now``, and of its Hot
    Recommended that are not among them."""
    edition = Article.objects.published().in_language(language)
    with translation.override(language):
        front = front_page(edition, language=language, light=True)
    since = now - WINDOW
    top = [a.pk for a in [front.lead, *front.second_tier] if a and a.published_at >= since]
    hot = [a.pk for a in hot_articles(language) if a.pk not in top]
    return top, hot


@dataclass
class Story:
    headline: str
    standfirst: str
    section: str
    url: str
    picture: str
    alt_text: str


def stories(ids: list[int]) -> list[Story]:
    """The articles of ``ids`` that readers may see now, in that order."""
    found = Article.objects.published().among(ids).for_listing().in_bulk()
    shown = []
    for pk in ids:
        article = found.get(pk)
        if article is None:
            continue  # unpublished since the issue was made
        image = article.lead_image
        shown.append(
            Story(
                headline=article.headline,
                standfirst=article.standfirst,
                section=str(article.section.display_name) if article.section else "",
                url=absolute(article.get_absolute_url()),
                picture=rendition_url(image, PICTURE) if image else "",
                alt_text=str(image.display_alt_text) if image else "",
            )
        )
    return shown


@dataclass
class Contents:
    """An issue as its messages show it: rendered for each subscriber with their link."""

    issue: Issue
    top: list[Story]
    hot: list[Story]

    @classmethod
    def of(cls, issue: Issue) -> "Contents":
        with translation.override(issue.language):
            return cls(issue, stories(issue.top_ids), stories(issue.hot_ids))

    @property
    def is_empty(self) -> bool:
        return not (self.top or self.hot)

    def message(self, subscriber: Subscriber, connection=None) -> mail.EmailMultiAlternatives:
        """The email to ``subscriber``: plain text and HTML, with RFC 8058's one-click
        unsubscribe headers and a visible unsubscribe link in both parts."""
        with translation.override(self.issue.language):
            unsubscribe = unsubscribe_url(subscriber)
            context = {
                "site_name": settings.SITE_NAME,
                "publisher_name": settings.PUBLISHER_NAME,
                "day": formats.date_format(self.issue.day, "DATE_FORMAT"),
                "top": self.top,
                "hot": self.hot,
                "home_url": absolute(reverse("reader:home")),
                "unsubscribe_url": unsubscribe,
                "language": self.issue.language,
            }
            lead = (self.top or self.hot)[0]
            subject = _("%(site)s daily: %(headline)s") % {
                "site": settings.SITE_NAME,
                "headline": " ".join(lead.headline.split()),
            }
            message = mail.EmailMultiAlternatives(
                subject=subject,
                body=render_to_string("newsletters/email/digest.txt", context),
                to=[subscriber.email],
                headers={
                    "List-Unsubscribe": f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
                connection=connection,
            )
            message.attach_alternative(
                render_to_string("newsletters/email/digest.html", context), "text/html"
            )
        return message


def unsubscribe_url(subscriber: Subscriber) -> str:
    with translation.override(subscriber.language):
        path = reverse("newsletters:unsubscribe", args=[subscriber.unsubscribe_token])
    return absolute(path)


def confirmation_url(subscriber: Subscriber) -> str:
    with translation.override(subscriber.language):
        path = reverse("newsletters:confirm", args=[subscriber.confirmation_token])
    return absolute(path)


def edition_zone(language: str) -> ZoneInfo:
    """The time zone of ``language``'s edition: NEWSLETTER_TIME_ZONES', else TIME_ZONE."""
    return ZoneInfo(settings.NEWSLETTER_TIME_ZONES.get(language, settings.TIME_ZONE))


def confirmation_message(subscriber: Subscriber, connection=None) -> mail.EmailMessage:
    """The double opt-in email: the signed link that confirms the address, and until when
    it works in the reader's edition's time."""
    with translation.override(subscriber.language):
        expires = timezone.localtime(
            timezone.now() + timedelta(days=CONFIRM_DAYS), edition_zone(subscriber.language)
        )
        context = {
            "site_name": settings.SITE_NAME,
            "link": confirmation_url(subscriber),
            "expires": formats.date_format(expires, "DATETIME_FORMAT"),
        }
        subject = _("Confirm your subscription to the %(site)s daily newsletter") % {
            "site": settings.SITE_NAME
        }
        body = render_to_string("newsletters/email/confirmation.txt", context)
    return mail.EmailMessage(
        subject,
        body,
        to=[subscriber.email],
        headers={"Auto-Submitted": "auto-generated"},
        connection=connection,
    )
