"""Custom actions for the Rasa action server (rasa-sdk).

There are none yet, on purpose: every reply, and above all every urgent, fallback and
"talk to a person" reply with the hotline, is a plain response in domain.yml, so the
assistant keeps working when the action server is down. Add an action here only for
behaviour a response cannot give, and never on a safety path.
"""
