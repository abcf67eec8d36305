"""A week at the salon, recorded: the salon's rules route each of a week's
customer messages, the guard checks the replies the agent wrote, and a
recorder keeps the conversation log the rules' `log:` declares, personal
data removed. `handoff report` reads it back.

    python python_week.py [LOG] [RULES.handoff]
    handoff report LOG --rules RULES.handoff --html week.html

LOG defaults to week.jsonl (appended to; delete it to start again), RULES
to the salon's rules beside this file. The times are the week of Monday
23 November 2026, so the report is the same on every run.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import handoff

RULES = Path(__file__).resolve().parent.parent / "salon.handoff"
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=timezone(timedelta(hours=1)))

# (day of the week, channel, thread, message, the reply the agent wrote or
# None when a person answered)
WEEK = [
    (0, "whatsapp", "t1", "hi! can i book a haircut on friday? my number is 070-123 45 67", "I can suggest Friday at 10 or at 14."),
    (0, "instagram", "t2", "what are your opening hours on saturday", "We are open 10 to 15 on Saturdays."),
    (1, "whatsapp", "t3", "my hair is ruined after the colour, I want my money back", None),
    (1, "web", "t4", "do you sell gift cards?", None),
    (2, "whatsapp", "t5", "kan jag boka en tid på fredag? mejla mig på lisa@example.com", "Din tid är bekräftad på fredag kl 14!"),
    (3, "instagram", "t6", "do you sell gift cards for christmas", None),
    (3, "whatsapp", "t1", "can I cancel my appointment tomorrow", "Of course, I will pass that on."),
    (4, "web", "t7", "is there parking nearby?", None),
    (5, "whatsapp", "t8", "can I book a colour appointment next week", "I can suggest Tuesday at 11, and I can give you 20% off."),
    (6, "instagram", "t2", "can I book a time on saturday", "Sure, which time suits you?"),
]


def run_week(policy: handoff.Policy, log: Path) -> list[dict]:
    """Records the week into `log`; returns the records as written."""
    recorder = policy.recorder(log)
    written = []
    for i, (day, channel, thread, message, reply) in enumerate(WEEK):
        decision = policy.route(message)
        time = MONDAY + timedelta(days=day, minutes=17 * i)
        # A message the rules hand off gets no reply from the agent.
        reply = None if decision.handoff else reply
        written.append(
            recorder.record(
                message,
                decision=decision,
                reply=reply,
                channel=channel,
                conversation=thread,
                sources=["price list"] if reply else [],
                time=time,
            )
        )
    return written


def main() -> None:
    log = Path(sys.argv[1] if len(sys.argv) > 1 else "week.jsonl")
    rules = Path(sys.argv[2]) if len(sys.argv) > 2 else RULES
    written = run_week(handoff.Policy.from_file(rules), log)
    handed = sum(r["handed_off"] for r in written)
    print(f"{len(written)} messages recorded in {log}: {handed} handed to a person")


if __name__ == "__main__":
    main()
