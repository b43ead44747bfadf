"""Rasa's "is the domain empty?" check, answered once per domain instead of on every
message.

On every message Rasa's message processor checks the parsed intent against the
domain, and first asks whether the domain is empty (`Domain.is_empty`). Rasa answers
that by writing out the whole domain as a dictionary (every response, slot, form and
action) and comparing it with a newly built empty domain's. In `make bench`'s load
that was 4% of the server's CPU (py-spy: 4.2% of 4,867 samples), for an answer that
never changes while the server runs.

`use()` makes a domain that has any content remember so: its first call computes the
answer with Rasa's own method, and a domain found not empty answers False from then
on. Nothing in Rasa empties a domain in place (merging and the like return a new
one), and an empty domain is still asked every time, so the answers are Rasa's own.
tests/test_domain_check.py checks both kinds.

Installed by `use()`, which assistant/runtime/faster_rasa.py calls for every start
point; importing this module changes nothing. Rasa is pinned at 3.6.21.
"""
import logging

from rasa.shared.core.domain import Domain

logger = logging.getLogger(__name__)

_rasa_is_empty = Domain.is_empty
# The attribute a domain found not empty carries.
NOT_EMPTY = "_assistant_not_empty"


def is_empty(self: Domain) -> bool:
    """Rasa's `Domain.is_empty`, remembered once the domain is found not empty."""
    if self.__dict__.get(NOT_EMPTY):
        return False
    empty = _rasa_is_empty(self)
    if not empty:
        self.__dict__[NOT_EMPTY] = True
    return empty


def use() -> None:
    """Make domains remember that they are not empty (see the module's text)."""
    if Domain.is_empty is not is_empty:
        Domain.is_empty = is_empty
        logger.info("A domain with content is checked for emptiness once "
                    "(assistant/runtime/domain_check.py).")
