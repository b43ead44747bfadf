"""`make profile`: where the time per message goes, in one process, no network.

Loads the trained model, sends the same seeded mix of conversations as `make bench`
one message after another, and prints the mean time per message for the NLU parse
alone and for a whole turn (parse, dialogue policies, tracker store, reply), with the
conversation store of endpoints.yml, as `make run` has it; then the time of a turn
by how long the conversation already is (turns 1 to 60); then the whole turn with
and without the usage recorder (endpoints.yml's event broker, writing to a scratch
database), in alternating passes, and what the recorder adds. Then it
profiles one more pass with pyinstrument and writes the call tree to
results/profile/profile.txt and profile.html.
"""
from assistant.runtime import native_threads

native_threads.limit()  # as `python -m assistant run` has it, before NumPy loads

import argparse  # noqa: E402
import asyncio  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from pyinstrument import Profiler  # noqa: E402

from tools import bench, evaluate  # noqa: E402
from tools.rasa_server import MODEL, ROOT  # noqa: E402

RESULTS = ROOT / "results" / "profile"


async def per_message_ms(agent, texts, plan, tag: str):
    start = time.perf_counter()
    for text in texts:
        await agent.parse_message(text)
    parse = (time.perf_counter() - start) / len(texts) * 1000
    start = time.perf_counter()
    for i, turns in enumerate(plan):
        for text in turns:
            await agent.handle_text(text, sender_id=f"profile-{tag}-{i}")
    turn = (time.perf_counter() - start) / len(texts) * 1000
    return parse, turn


async def recorder_cost(agent, texts, plan, passes: int = 4) -> None:
    from assistant.usage.recorder import UsageRecorder

    store = agent.tracker_store._tracker_store  # inside FailSafeTrackerStore
    recorder = UsageRecorder(url=f"sqlite:///{RESULTS / 'scratch-usage.db'}", flush_seconds=1)
    timings = {"without": [], "with": []}
    for n in range(passes * 2):
        name = ("without", "with")[n % 2]
        store.event_broker = recorder if name == "with" else None
        timings[name].append((await per_message_ms(agent, texts, plan, f"rec-{n}"))[1])
    store.event_broker = None
    await recorder.close()
    (RESULTS / "scratch-usage.db").unlink(missing_ok=True)
    best = {k: min(v) for k, v in timings.items()}
    print(f"whole turn without the usage recorder {best['without']:.3f} ms, with it "
          f"{best['with']:.3f} ms ({best['with'] - best['without']:+.3f} ms, "
          f"{best['with'] / best['without'] - 1:+.1%}; best of {passes} alternating passes)")


def use_project_store(agent) -> None:
    """The tracker store endpoints.yml names, wrapped as `rasa run` wraps it."""
    from rasa.core.tracker_store import FailSafeTrackerStore, TrackerStore
    from rasa.core.utils import AvailableEndpoints

    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    store = FailSafeTrackerStore(TrackerStore.create(endpoints.tracker_store, domain=agent.domain))
    agent.tracker_store = agent.processor.tracker_store = store


LONG_TURNS = (1, 6, 12, 30, 60)


async def long_conversation(agent, texts, runs: int = 3) -> None:
    """ms a turn by how long the conversation already is (a turn must not cost more
    the longer people talk: assistant/runtime/dialogue_states.py); best of `runs`."""
    best = {n: float("inf") for n in LONG_TURNS}
    for run in range(runs):
        for n in range(1, max(LONG_TURNS) + 1):
            start = time.perf_counter()
            await agent.handle_text(texts[n % len(texts)], sender_id=f"profile-long-{run}")
            if n in best:
                best[n] = min(best[n], (time.perf_counter() - start) * 1000)
    print("one long conversation, ms a turn at turn " + ", ".join(
        f"{n}: {ms:.1f}" for n, ms in best.items()) + f" (best of {runs})")


async def profile(model: Path, conversations: int, turns: int) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    agent = evaluate.load_agent(model)
    use_project_store(agent)
    plan = bench.conversations(conversations, turns)
    texts = [text for turns_ in plan for text in turns_]
    await per_message_ms(agent, texts[:turns], plan[:1], "warm-up")
    parse, turn = await per_message_ms(agent, texts, plan, "timed")
    print(f"{len(texts)} messages, one after another: NLU parse {parse:.1f} ms, "
          f"whole turn {turn:.1f} ms per message")
    await long_conversation(agent, texts)
    await recorder_cost(agent, texts, plan)
    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    await per_message_ms(agent, texts, plan, "profiled")
    profiler.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "profile.txt").write_text(profiler.output_text(unicode=False, color=False))
    (RESULTS / "profile.html").write_text(profiler.output_html())
    print(f"call tree: {(RESULTS / 'profile.txt').relative_to(ROOT)} and profile.html")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--turns", type=int, default=6)
    args = parser.parse_args()
    # As `rasa run` logs: debug messages are neither formatted nor printed.
    from rasa.utils.common import configure_logging_and_warnings

    configure_logging_and_warnings(logging.INFO)
    asyncio.run(profile(args.model, args.conversations, args.turns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
