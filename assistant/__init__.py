"""The assistant's own Python code: Rasa components, channels and helpers."""

# The National Human Trafficking Hotline (source 002). Code that must give it without
# a domain response (tests, the SMS channel's last-resort reply) takes it from here.
HOTLINE = "1-888-373-7888"
