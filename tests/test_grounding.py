"""Every fact the assistant states is in the source documents.

Every number, percentage and phone number in a response must be in the evidence of
a fact that response cites; every fact's evidence must be in its source file, when
../shared/sources/ is present.
"""
import re

import pytest

from conftest import SOURCES

NUMBER = re.compile(r"\d[\d,.-]*\d|\d")


def normalise(text):
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2014", "-")
    return " ".join(text.split()).lower()


def numbers_in(text):
    return set(NUMBER.findall(text))


def test_every_number_in_a_response_is_backed_by_a_cited_fact(domain, facts):
    for name, variants in domain["responses"].items():
        for variant in variants:
            cited = variant["metadata"]["facts"]
            backing = " ".join(e for f in cited for e in facts[f]["evidence"])
            backed = numbers_in(backing)
            for number in numbers_in(variant["text"]):
                assert number in backed, f"{name}: {number} is in no cited fact"


def test_the_only_phone_number_is_the_hotline(domain):
    for name, variants in domain["responses"].items():
        for variant in variants:
            for phone in re.findall(r"\d[\d-]{6,}\d", variant["text"]):
                assert phone == "1-888-373-7888", name


def test_facts_are_complete(facts):
    for fact in facts.values():
        assert fact["claim"] and fact["source"] and fact["evidence"], fact["id"]


def test_figures_in_claims_are_in_the_evidence(facts):
    for fact in facts.values():
        backed = numbers_in(" ".join(fact["evidence"]))
        assert numbers_in(fact["claim"]) <= backed, fact["id"]


@pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/sources/ is not beside this checkout")
def test_every_fact_is_in_its_source(facts):
    for fact in facts.values():
        path = SOURCES / fact["source"]
        assert path.is_file(), f"{fact['id']}: no source {fact['source']}"
        source = normalise(path.read_text(encoding="utf-8"))
        for evidence in fact["evidence"]:
            assert normalise(evidence) in source, f"{fact['id']}: {evidence!r} not in {fact['source']}"
