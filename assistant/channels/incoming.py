"""What every channel does to a person's text before the assistant reads it.

- A leading "/" (or several, with spaces) is dropped: Rasa reads "/intent{...}" as a
  command, so a visitor could otherwise pick the assistant's intents, and Rasa logs a
  malformed command's text.
- A message longer than `MAX_MESSAGE_CHARS` is not read at all: it becomes
  `TOO_LONG`, the command for the "that message is too long" reply (with the hotline;
  data/rules.yml). Nobody types that much into a chat box or a text, and reading a
  megabyte of text took about 10 s of CPU, during which everyone else waited (issue
  #14). Cutting it instead would answer a part the person did not choose.
"""
import re
from typing import Collection, Text

MAX_MESSAGE_CHARS = 2000
# The fallback intent with the entity `too_long`: its rule sends `utter_too_long`.
TOO_LONG = '/nlu_fallback{"too_long": "yes"}'
LEADING_COMMAND = re.compile(r"^[\s/]+")


def user_text(text: Text, commands: Collection[Text] = ()) -> Text:
    """The text to hand to Rasa: `text` cleaned, or `TOO_LONG`. `commands` are the
    channel's own commands (such as the widget's "/greet"), passed through as sent."""
    if text in commands:
        return text
    if len(text) > MAX_MESSAGE_CHARS:
        return TOO_LONG
    return LEADING_COMMAND.sub("", text).strip()
