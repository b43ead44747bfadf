"""The staff shell (`make shell`): talk to the assistant in a terminal, see why it
answered, and keep a conversation as a test.

    python -m assistant.staff.shell [--model models/assistant.tar.gz] [--no-explain]

Under each reply, a line says what the assistant understood (assistant/staff/explain.py).
Buttons are shown as numbered choices, as in SMS: type the number, or just type the
next question. Commands:

    /save [name]   keep the conversation so far as a test story (tests/saved_conversations.yml)
    /restart       start a new conversation
    /explain       turn the line under each reply off or on
    /quit          leave (so does Ctrl-D)

It loads the model in this process, with conversations in memory and no usage
recorder: staff testing is not counted in the usage report. What Rasa logs goes
through the same redaction as the server's (assistant/runtime/log_privacy.py).
"""
import argparse
import asyncio
import logging
import os
import re
import secrets
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "assistant.tar.gz"
SAVED = ROOT / "tests" / "saved_conversations.yml"
PROMPT = "You: "
HELP = ("Type a question. Commands: /save [name] keeps this conversation as a test, "
        "/restart starts a new one, /explain turns the explanation line off or on, "
        "/quit leaves.")


class StaffShell:
    def __init__(self, agent: Any, sources: Dict[Text, Text], explain: bool = True,
                 saved: Path = SAVED, color: bool = False) -> None:
        self.agent = agent
        self.sources = sources
        self.explain = explain
        self.saved = saved
        self.color = color
        self.buttons: List[Dict[Text, Any]] = []
        self.offered = False
        self.new_conversation()

    def new_conversation(self) -> None:
        self.sender = "staff-" + secrets.token_hex(8)
        self.buttons, self.offered = [], False

    def say(self, line: Text = "") -> None:
        print(line, flush=True)

    def dim(self, line: Text) -> Text:
        return f"\033[2m{line}\033[0m" if self.color else line

    async def handle(self, line: Text) -> bool:
        """One line typed by staff. False when it is time to leave."""
        line = line.strip()
        if line.startswith("/"):
            return await self.command(line)
        if not line:
            return True
        if re.fullmatch(r"\d{1,2}", line) and 1 <= int(line) <= len(self.buttons):
            line = self.buttons[int(line) - 1]["payload"]
        await self.turn(line)
        return True

    async def command(self, line: Text) -> bool:
        name, _, argument = line[1:].partition(" ")
        if name in ("quit", "exit", "stop"):
            return False
        if name == "restart":
            self.new_conversation()
            self.say("(a new conversation)")
        elif name == "explain":
            self.explain = not self.explain
            self.say(f"(explanations {'on' if self.explain else 'off'})")
        elif name == "save":
            await self.save(argument.strip())
        else:
            self.say(HELP)
        return True

    async def turn(self, text: Text) -> None:
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
        from rasa.shared.core.events import BotUttered, UserUttered

        from assistant.channels.incoming import user_text
        from assistant.staff.explain import staff_line
        from assistant.usage.outcome import DID_YOU_MEAN, classify

        output = CollectingOutputChannel()
        await self.agent.handle_message(
            UserMessage(user_text(text), output, self.sender, input_channel="shell"))
        self.buttons = []
        for message in output.messages:
            for paragraph in (message.get("text") or "").split("\n"):
                self.say(textwrap.fill(paragraph, 88, initial_indent="Bot: ",
                                       subsequent_indent="     "))
            for number, button in enumerate(message.get("buttons") or [], start=1):
                self.say(f"     {number}. {button['title']}")
                self.buttons.append(button)
        tracker = await self.agent.tracker_store.retrieve(self.sender)
        events = list(tracker.events) if tracker else []
        last_user = max((i for i, e in enumerate(events) if isinstance(e, UserUttered)),
                        default=None)
        if last_user is None:
            return
        parse_data = events[last_user].parse_data
        if self.explain:
            metadata = [e.metadata or {} for e in events[last_user:] if isinstance(e, BotUttered)]
            self.say(self.dim("  ↳ " + staff_line(parse_data, metadata, self.sources,
                                                    self.offered)))
        self.offered = classify(parse_data).outcome == DID_YOU_MEAN

    async def save(self, name: Text) -> None:
        from assistant.staff import story_export

        tracker = await self.agent.tracker_store.retrieve(self.sender)
        if tracker is None or not any(e.type_name == "user" for e in tracker.events):
            self.say("(nothing to save yet)")
            return
        name = name or f"saved from the staff shell, conversation {self.sender[6:]}"
        story_export.append(self.saved, name, tracker.events)
        shown = self.saved.relative_to(ROOT) if self.saved.is_relative_to(ROOT) else self.saved
        self.say(f"(saved as story \"{name}\" in {shown}: correct it, then move it into "
                 "tests/test_stories.yml)")


async def main_async(args: argparse.Namespace) -> int:
    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints

    from assistant.channels.web_channel import source_names
    from assistant.runtime import hotline_reminder

    print(f"Loading {args.model} ...", flush=True)
    # Replies as `make run` sends them (endpoints.yml's `nlg`); conversations in memory
    # and no usage counts, as before.
    agent = await load_agent(model_path=str(args.model),
                             endpoints=AvailableEndpoints(nlg=hotline_reminder.from_endpoints()))
    shell = StaffShell(agent, source_names(ROOT / "knowledge" / "facts.yml"),
                       explain=not args.no_explain, saved=args.saved,
                       color=sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    shell.say("Staff shell. " + HELP)
    while True:
        try:
            line = await asyncio.get_running_loop().run_in_executor(None, input, PROMPT)
        except (EOFError, KeyboardInterrupt):
            shell.say()
            return 0
        if not sys.stdin.isatty():
            shell.say(line)  # echo piped input, so a transcript reads like a session
        if not await shell.handle(line):
            return 0


def main(argv: Optional[List[Text]] = None) -> int:
    # Libraries' deprecation notices (pkg_resources, pyparsing), a screenful as Rasa
    # loads, are for their developers, not for staff reading a conversation: hidden in
    # this shell only, before the imports that raise them. Sanic turns them back on
    # when it loads (sanic/app.py), so it loads first.
    import sanic  # noqa: F401

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    from assistant.runtime import compound_questions, faster_rasa, follow_ups, log_privacy

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--no-explain", action="store_true",
                        help="don't show the line under each reply")
    parser.add_argument("--saved", type=Path, default=SAVED,
                        help="where /save appends test stories")
    args = parser.parse_args(argv)
    # The same set-up as `python -m assistant` (assistant/__main__.py), named here.
    log_privacy.install()
    faster_rasa.use()
    follow_ups.use()
    compound_questions.use()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s - %(message)s")
    for noisy in ("rasa", "tensorflow", "absl", "py.warnings"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    # Rasa's structlog events go through the standard logging above (as `rasa run`
    # has them), not straight to the terminal, where they would show what was typed.
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
