"""`make report`: what people asked and what they got, from the usage counts.

    python -m tools.report [--days 30] [--min-count 5] [--url URL] [--out results/report]

Prints three tables for the last `--days` days (turns by outcome and channel; the top
unanswered categories; urgent turns by the layer that caught them) and writes a chart,
`usage.png`, to `--out`. It first deletes rows older than the retention period
(`--retention-days`, default 90, as the recorder does).

Any count under `--min-count` (default 5) shows as "<5", in the tables and the chart,
so a rare outcome on one channel in a short time cannot point at one person; a total
that includes such a count shows only what can be shown, with "+" (docs/usage-report.md).
The database is the recorder's: `url` of `event_broker` in endpoints.yml, or
USAGE_DB_URL.
"""
import argparse
import datetime as dt
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Sequence, Text, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.usage import outcome as o  # noqa: E402
from assistant.usage.store import DEFAULT_URL, UsageStore  # noqa: E402

ORDER = [o.ANSWERED, o.CHOICE_TAKEN, o.URGENT_ANSWERED, o.URGENT, o.PERSON, o.WHAT_TO_DO,
         o.DECLINED_CALL, o.COULD_NOT_CALL, o.DID_YOU_MEAN, o.OUT_OF_SCOPE, o.NOT_UNDERSTOOD,
         o.OTHER_LANGUAGE, o.TOO_LONG, o.SMALL_TALK]
CHANNEL_ORDER = ["web", "sms", "rest", "other"]
# The chart's groups, and their colours (colour-blind safe, Okabe-Ito).
GROUPS = {
    "answered": ([o.ANSWERED, o.CHOICE_TAKEN], "#0072B2"),
    "urgent (hotline first)": ([o.URGENT, o.URGENT_ANSWERED, o.PERSON, o.WHAT_TO_DO,
                                o.DECLINED_CALL, o.COULD_NOT_CALL], "#D55E00"),
    "not answered": ([o.OUT_OF_SCOPE, o.NOT_UNDERSTOOD, o.DID_YOU_MEAN, o.OTHER_LANGUAGE,
                      o.TOO_LONG], "#E69F00"),
    "small talk": ([o.SMALL_TALK], "#999999"),
}


def configured_url() -> Text:
    if os.environ.get("USAGE_DB_URL"):
        return os.environ["USAGE_DB_URL"]
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text()) or {}
    return (endpoints.get("event_broker") or {}).get("url") or DEFAULT_URL


def shown(count: int, k: int) -> Text:
    return f"<{k}" if 0 < count < k else str(count)


def shown_total(counts: Sequence[int], k: int) -> Text:
    visible = sum(c for c in counts if c >= k)
    hidden = any(0 < c < k for c in counts)
    if not hidden:
        return str(visible)
    return f"{visible}+" if visible else f"<{k * sum(1 for c in counts if 0 < c < k)}"


def table(header: List[Text], rows: List[List[Text]]) -> Text:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)  # noqa: E731
                               for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def summarise(rows, k: int) -> Tuple[Text, Dict]:
    by_outcome: Dict[Text, Dict[Text, int]] = defaultdict(lambda: defaultdict(int))
    unanswered: Dict[Tuple[Text, Text], int] = defaultdict(int)
    layers: Dict[Text, int] = defaultdict(int)
    daily: Dict[dt.date, Dict[Text, int]] = defaultdict(lambda: defaultdict(int))
    for hour, channel, outcome, detail, layer, turns in rows:
        by_outcome[outcome][channel] += turns
        if outcome in o.UNANSWERED:
            unanswered[(outcome, detail or "-")] += turns
        if outcome in o.URGENT_OUTCOMES:
            layers[layer or "?"] += turns
        daily[hour.date()][outcome] += turns
    channels = [c for c in CHANNEL_ORDER if any(c in v for v in by_outcome.values())]
    outcomes = [x for x in ORDER if x in by_outcome] + sorted(set(by_outcome) - set(ORDER))
    first = table(["outcome"] + channels + ["total"], [
        [x] + [shown(by_outcome[x][c], k) for c in channels]
        + [shown_total([by_outcome[x][c] for c in channels], k)] for x in outcomes]
    ) if outcomes else "(no turns recorded in this period)"
    top = sorted(unanswered.items(), key=lambda item: -item[1])[:10]
    second = table(["unanswered", "category", "turns"],
                   [[x, d, shown(n, k)] for (x, d), n in top]) if top else "(none)"
    third = table(["layer", "urgent turns"],
                  [[layer, shown(n, k)] for layer, n in sorted(layers.items())]) if layers else "(none)"
    text = (f"Turns by outcome and channel\n{first}\n\n"
            f"Top unanswered categories\n{second}\n\n"
            f"Urgent turns by the layer that caught them\n{third}")
    return text, {"daily": daily, "top": top}


def chart(data: Dict, k: int, days: int, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    end = dt.datetime.utcnow().date()
    dates = [end - dt.timedelta(days=i) for i in range(days - 1, -1, -1)]
    fig, (bars, top) = plt.subplots(2, 1, figsize=(10, 8.5),
                                    gridspec_kw={"height_ratios": [3, 2]})
    bottom = [0] * len(dates)
    for label, (members, colour) in GROUPS.items():
        values = []
        for day in dates:
            count = sum(data["daily"].get(day, {}).get(m, 0) for m in members)
            values.append(count if count >= k else 0)  # small counts are not drawn
        bars.bar(dates, values, bottom=bottom, color=colour, label=label, width=0.8)
        bottom = [b + v for b, v in zip(bottom, values)]
    bars.set_title(f"Turns per day, last {days} days (UTC; counts under {k} not drawn)",
                   loc="left")
    bars.set_ylabel("turns")
    bars.set_ylim(0, max(max(bottom) * 1.3, 1))  # room for the legend above the bars
    bars.legend(loc="upper left", frameon=False, ncol=4)
    bars.spines[["top", "right"]].set_visible(False)
    bars.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    bars.tick_params(axis="x", labelrotation=45)
    bars.set_xlim(mdates.date2num(dates[0]) - 0.6, mdates.date2num(dates[-1]) + 0.6)
    shown_top = [(x if d == "-" else f"{x}: {d}", n)
                 for (x, d), n in data["top"] if n >= k][::-1]
    if shown_top:
        top.barh([label for label, _ in shown_top], [n for _, n in shown_top],
                 color=GROUPS["not answered"][1])
    else:
        top.text(0.5, 0.5, f"no unanswered category with {k} or more turns",
                 ha="center", va="center", transform=top.transAxes)
    top.set_title("What went unanswered: the nearest topic, or what happened", loc="left")
    top.set_xlabel("turns")
    top.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--retention-days", type=float, default=90)
    parser.add_argument("--url", default=None, help="default: endpoints.yml's event_broker url")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "report")
    args = parser.parse_args(argv)
    store = UsageStore(args.url or configured_url())
    store.delete_older_than(args.retention_days)
    since = dt.datetime.combine(dt.datetime.utcnow().date() - dt.timedelta(days=args.days - 1),
                                dt.time())
    rows = store.rows(since)
    text, data = summarise(rows, args.min_count)
    total = sum(r[-1] for r in rows)
    print(f"Usage, last {args.days} days ({since:%Y-%m-%d} to today, UTC): {total} turns. "
          f"Counts under {args.min_count} show as <{args.min_count}.\n\n{text}\n")
    png = args.out / "usage.png"
    chart(data, args.min_count, args.days, png)
    print(f"Chart: {png}")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
