"""The partner guide's webhook verification sample works against Peerway's own signatures."""

import re
import time
from pathlib import Path

from api.services.webhooks import sign

GUIDE = Path(__file__).resolve().parent.parent / "openapi" / "PARTNERS.md"


def _sample_verifier():
    """Run the guide's Python code block and return its verify function."""
    [code] = re.findall(r"```python\n(.*?)```", GUIDE.read_text(), flags=re.DOTALL)
    namespace: dict = {}
    exec(compile(code, str(GUIDE), "exec"), namespace)  # the guide's own code, nothing else
    return namespace["verify_peerway_signature"]


def test_the_guides_sample_accepts_a_peerway_signature_and_refuses_tampering_and_replays():
    verify = _sample_verifier()
    secret, body = "whsec_example", b'{"event":"checkin.risk","data":{"member_id":"x"}}'
    now = int(time.time())
    header = sign(secret, body, timestamp=now)
    assert verify(secret, header, body, now=now)
    assert not verify(secret, header, body.replace(b"risk", b"rusk"), now=now)
    assert not verify("another-secret", header, body, now=now)
    assert not verify(secret, header, body, now=now + 301)  # outside the replay window
    assert not verify(secret, "t=abc,v1=00", body, now=now)
    assert not verify(secret, "", body, now=now)


def test_the_guide_names_every_scope_and_event():
    from api.models.clinics import CLINIC_SCOPES, WEBHOOK_EVENTS

    text = GUIDE.read_text()
    assert all(f"`{scope}`" in text for scope in CLINIC_SCOPES)
    assert all(f"`{event}`" in text for event in WEBHOOK_EVENTS)
