"""E-mail: messages with a plain-text and an accessible HTML part, and SMTP delivery from the SMTP_* settings."""

from __future__ import annotations

import html
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from data.core import settings


@dataclass(frozen=True)
class Config:
    host: str | None
    port: int
    user: str | None
    password: str | None
    starttls: bool
    sender: str

    @classmethod
    def from_settings(cls) -> Config:
        port = settings.get("SMTP_PORT")
        try:
            number = int(port)
        except (TypeError, ValueError):
            raise ValueError(f"SMTP_PORT must be a port number, not {port!r}") from None
        return cls(settings.get("SMTP_HOST"), number, settings.get("SMTP_USER"), settings.get("SMTP_PASSWORD"),
                   settings.get("SMTP_STARTTLS") not in ("0", "false", "no"), settings.get("MAIL_FROM"))

    @property
    def configured(self) -> bool:
        return bool(self.host)


class Mailer:
    """Sends one message at a time over SMTP; raises smtplib.SMTPException or OSError when it cannot."""

    def __init__(self, config: Config):
        self.config = config

    def send(self, message: EmailMessage) -> None:
        c = self.config
        with smtplib.SMTP(c.host, c.port, timeout=20) as smtp:
            if c.starttls:
                smtp.starttls()
            if c.user:
                smtp.login(c.user, c.password or "")
            smtp.send_message(message)


def message(sender: str, to: str, subject: str, text: str, html_body: str, *, key: str,
            unsubscribe: str | None = None) -> EmailMessage:
    """A multipart/alternative message; its Message-ID is derived from the notification key, so a message that
    is somehow handed over twice can be recognised as the same one."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(idstring=key.replace(":", ".").replace(" ", "_")[:60], domain="performance.local")
    msg["Auto-Submitted"] = "auto-generated"
    if unsubscribe:
        msg["List-Unsubscribe"] = f"<{unsubscribe}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(text)
    msg.add_alternative(html_body, subtype="html")
    return msg


def e(text) -> str:
    return html.escape(str(text), quote=True)


def page(title: str, blocks: list[str], footer: str = "") -> str:
    """An HTML e-mail body: a real heading, the blocks as given (already escaped), and a footer paragraph."""
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{e(title)}</title></head><body style=\"font-family:Arial,sans-serif;font-size:16px;"
            "line-height:1.5;color:#0b0c0c\">"
            f"<h1 style=\"font-size:22px\">{e(title)}</h1>" + "".join(blocks)
            + (f"<hr><p style=\"font-size:14px\">{footer}</p>" if footer else "") + "</body></html>")


def table(caption: str, headings: list[str], rows: list[list[str]]) -> str:
    """An accessible table: a caption, header cells with scope, escaped cells."""
    head = "".join(f"<th scope=\"col\" style=\"text-align:left;padding:4px 8px\">{e(h)}</th>" for h in headings)
    body = "".join("<tr>" + "".join(f"<td style=\"padding:4px 8px;border-top:1px solid #b1b4b6\">{e(c)}</td>"
                                    for c in row) + "</tr>" for row in rows)
    return (f"<table style=\"border-collapse:collapse\"><caption style=\"text-align:left;font-weight:bold\">"
            f"{e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def text_table(headings: list[str], rows: list[list[str]]) -> str:
    """The same table for the plain-text part: one line per row, cells labelled."""
    return "\n".join("- " + "; ".join(f"{h}: {c}" for h, c in zip(headings, row)) for row in rows)
