"""Conversation events sealed before they leave the process: AES-256-GCM under a key
from the environment, so what people wrote is never stored in plain text in Redis.

Why (session 40): the scaled profile keeps each conversation in Redis for up to an hour
(assistant/runtime/redis_tracker_store.py) as JSON events, and a user event holds the
message as written: someone in danger may type their phone number, address or name.
Redis keeps them only in memory, but anything that can read it (a `MONITOR`, a memory
dump, a platform's snapshot of a Redis that persists, a misconfigured replica) could
read them. Sealed, a stored event is a random 12-byte nonce and the ciphertext; the
conversation's Redis key is bound in as associated data, so an event moved to another
conversation does not open.

The key is 32 bytes, written as 64 hex digits in CONVERSATION_KEY, the same for every
replica (deploy/README.md: from the platform's secrets). `make scale` and the tools that
start replicas make a random one for their run when the environment has none
(`ensure_key`). A store started without one refuses to start, with a message that
says what to set. An event that does not open (the key changed) is not read: that
conversation starts again, as after its expiry.
"""
from __future__ import annotations

import os
import secrets
from typing import Dict, Optional

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_ENV = "CONVERSATION_KEY"
NONCE_BYTES = 12


class SealError(ValueError):
    """A stored event that does not open with this key."""


class EventSeal:
    """Seals and opens stored events with one key."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError(f"{KEY_ENV} must be 32 bytes (64 hex digits)")
        self._aead = AESGCM(key)

    @classmethod
    def from_env(cls, environ: Optional[Dict[str, str]] = None) -> "EventSeal":
        value = (environ if environ is not None else os.environ).get(KEY_ENV, "").strip()
        try:
            key = bytes.fromhex(value)
        except ValueError:
            key = b""
        if len(key) != 32:
            raise RuntimeError(
                f"{KEY_ENV} must be set to 64 hex digits (32 random bytes), the same for "
                f"every replica: conversations are stored sealed with it. For example: "
                f"export {KEY_ENV}=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \\n')")
        return cls(key)

    def seal(self, conversation: str, data: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, data, conversation.encode())

    def open(self, conversation: str, sealed: bytes) -> bytes:
        try:
            return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:],
                                      conversation.encode())
        except (InvalidTag, ValueError) as error:
            raise SealError("a stored event does not open with this key") from error


def ensure_key(environ: Dict[str, str]) -> Dict[str, str]:
    """`environ` with a random CONVERSATION_KEY added if it has none: for the tools that
    start several replicas for one run (they must share it)."""
    if environ.get(KEY_ENV):
        return environ
    return {**environ, KEY_ENV: secrets.token_hex(32)}
