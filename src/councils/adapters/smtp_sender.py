"""Sending notices by e-mail over SMTP (the standard library's `smtplib`).

`councils serve --smtp URL` names the server: `smtp://[user:password@]host[:port][?from=ADDRESS
&starttls=1]`, or `smtps://...` for SMTP over TLS (port 465). One connection per message
keeps a failure to one message; the notice worker retries what failed, with back-off.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from councils.application.ports import Message


class SmtpError(ValueError):
    """An SMTP URL that cannot be used; the message says what is wrong."""


class SmtpSender:
    """A `Sender` over SMTP."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise SmtpError(f"--smtp {url!r}: expected smtp://[user:password@]host[:port]"
                            "[?from=ADDRESS&starttls=1] or smtps://...")
        query = parse_qs(parts.query)
        self.tls = parts.scheme == "smtps"
        self.host = parts.hostname
        try:
            self.port = parts.port or (465 if self.tls else 25)
        except ValueError:
            raise SmtpError(f"--smtp {url!r}: the port is not a number") from None
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.starttls = query.get("starttls", ["0"])[0] in ("1", "true", "yes")
        self.sender = query.get("from", [f"councils@{self.host}"])[0]
        self.timeout = timeout

    def __call__(self, message: Message) -> None:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email.set_content(message.body)
        smtp = smtplib.SMTP_SSL if self.tls else smtplib.SMTP
        with smtp(self.host, self.port, timeout=self.timeout) as server:
            if self.starttls:
                server.starttls()
            if self.user is not None:
                server.login(self.user, self.password or "")
            server.send_message(email)
