"""The assistant's own Python code: Rasa components, channels and helpers."""

# The National Human Trafficking Hotline (source 002). Code that must give it without
# a domain response (tests, the SMS channel's last-resort reply) takes it from here.
HOTLINE = "1-888-373-7888"

# What every channel sends when the assistant itself fails on a message (a store that
# is down, a bug): the hotline, without depending on the domain or the model.
LAST_RESORT = f"Sorry, something went wrong. If you need help, call {HOTLINE}."
