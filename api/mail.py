"""E-mail: through SMTP when SMTP_HOST is set; otherwise written to the instance outbox folder.

The embedded default never logs a message or an address (they are personal data): it writes
each message as an .eml file under instance/outbox/ for a developer to open.
"""

import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path

from flask import current_app


def send_email(to: str, subject: str, body: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if config.get("SMTP_HOST"):
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USER"):
                smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
            smtp.send_message(message)
        return
    outbox = Path(config["INSTANCE_PATH"]) / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    (outbox / f"{uuid.uuid4()}.eml").write_bytes(bytes(message))
