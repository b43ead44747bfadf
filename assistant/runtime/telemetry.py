"""Rasa's telemetry and crash reports off, however the assistant is started.

Rasa reports usage events, and with them its crash reports (to Sentry), whenever its
telemetry is on: unless `RASA_TELEMETRY_ENABLED` says otherwise, it reads
`~/.config/rasa/global.yml`, which its first run writes with telemetry on. A crash
report carries the exception's message and stack, which can quote what was being
processed. The Makefile sets the variable for every make target, but an operator who
starts replicas as deploy/README.md says (`python -m assistant run`) would have sent
them. Nothing the assistant does leaves the server unasked, so the start point turns
it off; an operator who sets the variable to `true` has chosen otherwise, and that
choice stands.
"""
import os

VARIABLE = "RASA_TELEMETRY_ENABLED"


def off() -> None:
    """Telemetry and crash reports off, unless the variable is already set; before Rasa's
    command line starts (it decides when it starts)."""
    os.environ.setdefault(VARIABLE, "false")
