"""assistant/runtime/domain_check.py: a domain with content is checked for emptiness
once, and every answer is Rasa's own."""
from rasa.shared.core.domain import Domain

from assistant.runtime import domain_check
from conftest import ROOT
from rasa_changes import assert_only_the_start_point_installs


def test_a_domain_with_content_is_not_empty_and_is_not_written_out_again(monkeypatch):
    domain = Domain.load(str(ROOT / "domain.yml"))
    # Loading asks too (Domain.merge), when an earlier test has installed it.
    domain.__dict__.pop(domain_check.NOT_EMPTY, None)
    assert domain_check._rasa_is_empty(domain) is False
    writes = []
    real_as_dict = Domain.as_dict
    monkeypatch.setattr(Domain, "as_dict", lambda self: writes.append(self) or real_as_dict(self))
    assert [domain_check.is_empty(domain) for _ in range(5)] == [False] * 5
    assert writes.count(domain) == 1  # the first call only


def test_an_empty_domain_is_empty_every_time():
    for domain in [Domain.empty(), Domain.from_dict({})]:
        assert domain_check._rasa_is_empty(domain) is True
        assert [domain_check.is_empty(domain) for _ in range(3)] == [True] * 3
        assert domain_check.NOT_EMPTY not in domain.__dict__


def test_a_copy_and_a_merge_are_asked_afresh():
    domain = Domain.load(str(ROOT / "domain.yml"))
    domain_check.is_empty(domain)
    assert domain.__dict__[domain_check.NOT_EMPTY]
    for other in [Domain.empty().merge(domain), domain.merge(Domain.empty())]:
        assert domain_check.is_empty(other) is False


def test_the_start_point_installs_it_and_importing_it_does_not():
    assert_only_the_start_point_installs(
        "assistant.runtime.domain_check",
        "from rasa.shared.core.domain import Domain; print(Domain.is_empty.__module__)",
        "rasa.shared.core.domain")
