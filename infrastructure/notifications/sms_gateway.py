"""SMS through the operator's gateway over HTTP (短信网关): one POST per message.

The body is the configured template with ``{mobile}``, ``{text}`` and ``{key}`` filled in (each as a JSON
string's content, so a template is a JSON document with these three placeholders). ``{key}`` is the
delivery's key: the gateway's message id, by which it recognises a message sent again after a crash
and does not text it twice. A 2xx answer is taken; a 4xx (but 408 and 429) is a refusal for good; any
other answer, a timeout or a refused connection is tried again later.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from application.notifications.ports import Message, SendFailed
from domain.organisation.directory import Contact

DEFAULT_TEMPLATE = '{"mobile": "{mobile}", "content": "{text}", "msg_id": "{key}"}'
RETRYABLE_REFUSALS = (408, 429)


class SmsGateway:
    name = "sms"

    def __init__(self, url: str, template: str = DEFAULT_TEMPLATE, timeout: float = 10.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"an SMS gateway is reached over HTTP(S), not {url!r}")
        self.url, self.template, self.timeout = url, template, timeout

    def address(self, contact: Contact) -> str | None:
        return contact.mobile or None

    def body(self, mobile: str, text: str, key: str) -> bytes:
        filled = self.template
        for name, value in (("mobile", mobile), ("text", text), ("key", key)):
            filled = filled.replace("{" + name + "}", json.dumps(value, ensure_ascii=False)[1:-1])
        return filled.encode()

    def send(self, address: str, message: Message, key: str) -> None:
        request = urllib.request.Request(  # noqa: S310 - the configured gateway, http(s) only (checked above)
            self.url,
            data=self.body(address, message.text, key),
            headers={"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": key},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as error:
            retryable = error.code >= 500 or error.code in RETRYABLE_REFUSALS
            raise SendFailed(f"gateway answered {error.code}", retryable=retryable) from error
        except (urllib.error.URLError, OSError) as error:
            raise SendFailed(f"gateway unreachable: {error}") from error
