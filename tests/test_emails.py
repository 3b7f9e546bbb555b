"""The worker's one way of sending email (newsdesk/emails.py), against a real SMTP server
on loopback: what a refused recipient, a server that stops taking mail and a server that
is not there do to a round."""

from django.core import mail

from newsdesk.emails import send_each
from tests.conftest import Mailbox, RecipientRefusingMailbox, RefusingMailbox, closed_port


class Round:
    """Records what ``send_each`` asked for, in order."""

    def __init__(self, skip=()):
        self.skip = set(skip)
        self.claimed, self.sent, self.failed = [], [], []

    def claim(self, address):
        self.claimed.append(address)
        return None if address in self.skip else address

    def run(self, addresses):
        return send_each(
            addresses,
            claim=self.claim,
            message=lambda address, connection: mail.EmailMessage(
                "Subject", "Body", to=[address], connection=connection
            ),
            sent=self.sent.append,
            failed=lambda address, error: self.failed.append((address, type(error).__name__)),
        )


ADDRESSES = [f"reader{n}@example.test" for n in range(4)]


def test_every_claimed_message_goes_out_over_one_connection(serve_smtp, monkeypatch):
    mailbox = serve_smtp(Mailbox())
    connections = []
    get_connection = mail.get_connection

    def counted(*args, **kwargs):
        connections.append(get_connection(*args, **kwargs))
        return connections[-1]

    monkeypatch.setattr(mail, "get_connection", counted)
    this_round = Round(skip={ADDRESSES[1]})
    assert this_round.run(ADDRESSES) == (3, 0)
    assert len(connections) == 1
    assert this_round.sent == [ADDRESSES[0], ADDRESSES[2], ADDRESSES[3]]
    assert [message["To"] for message in mailbox.messages] == this_round.sent


def test_a_refused_recipient_fails_alone_and_the_round_goes_on(serve_smtp):
    mailbox = serve_smtp(RecipientRefusingMailbox())
    addresses = [ADDRESSES[0], RecipientRefusingMailbox.refused, ADDRESSES[1]]
    this_round = Round()
    assert this_round.run(addresses) == (2, 1)
    assert this_round.failed == [(RecipientRefusingMailbox.refused, "SMTPRecipientsRefused")]
    assert [message["To"] for message in mailbox.messages] == [ADDRESSES[0], ADDRESSES[1]]


def test_a_server_that_stops_taking_mail_ends_the_round_before_the_next_claim(serve_smtp):
    mailbox = serve_smtp(RefusingMailbox(accept=1))
    this_round = Round()
    assert this_round.run(ADDRESSES) == (1, 1)
    assert this_round.failed == [(ADDRESSES[1], "SMTPDataError")]
    # The rest are left unclaimed, for a later round: none of them lost a try.
    assert this_round.claimed == ADDRESSES[:2]
    assert len(mailbox.messages) == 1


def test_a_server_that_is_not_there_fails_the_first_and_claims_no_more(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    this_round = Round()
    assert this_round.run(ADDRESSES) == (0, 1)
    assert this_round.failed == [(ADDRESSES[0], "ConnectionRefusedError")]
    assert this_round.claimed == ADDRESSES[:1]
