"""The local SMTP server that email tests send to receives what Django sends."""

from django.core.mail import send_mail


def test_django_sends_through_the_local_smtp_server(smtp_server):
    send_mail("Hello", "A line.", "desk@example.org", ["ana@example.org"])
    [message] = smtp_server.to("ana@example.org")
    assert message["Subject"] == "Hello"
    assert message.get_content().strip() == "A line."
