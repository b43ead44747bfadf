"""assistant/nlu/topic_chooser.py on hand-made classifier outputs (no trained model)."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.topic_chooser import TOPIC_CHOICE, TopicChooser, normalise, read_topics
from conftest import load_yaml

TOPICS = read_topics()


@pytest.fixture(scope="module")
def chooser():
    return TopicChooser(TopicChooser.get_default_config(), TOPICS)


def classified(text, intent="faq", confidence=1.0, topics=()):
    """A message as the classifier leaves it: `topics` are (topic, P(topic | faq))."""
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}],
                add_to_output=True)
    ranking = [{"intent_response_key": f"faq/{t}", "confidence": p} for t, p in topics]
    top = ranking[0]["intent_response_key"] if ranking else None
    message.set("response_selector", {"all_retrieval_intents": ["faq"], "faq": {
        "response": {"intent_response_key": top, "confidence": topics[0][1] if topics else 0,
                     "utter_action": f"utter_{top}" if top else None, "responses": []},
        "ranking": ranking}}, add_to_output=True)
    return message


def test_every_faq_topic_has_a_question_and_no_other_topic_does():
    trained = {b["intent"].split("/", 1)[1] for b in load_yaml("data/nlu.yml")["nlu"]
               if b["intent"].startswith("faq/")}
    assert set(TOPICS) == trained
    assert len({normalise(q) for q in TOPICS.values()}) == len(TOPICS)


def test_no_topic_question_looks_urgent(lexicon):
    # A tapped button must get its answer, not the urgent reply first.
    assert [q for q in TOPICS.values() if lexicon.find(q)] == []


def test_a_likely_topic_is_answered(chooser):
    [m] = chooser.process([classified("why do they stay", confidence=0.9, topics=[("leaving_hard", 0.8),
                                                                 ("effects", 0.1)])])
    assert m.get("intent")["name"] == "faq"
    assert m.get(TOPIC_CHOICE)["decision"] == "answer"
    assert not m.get("entities")


def test_two_close_topics_are_both_offered(chooser):
    [m] = chooser.process([classified("hmm", confidence=0.8, topics=[("root_causes", 0.45),
                                                    ("why_it_spreads", 0.4)])])
    assert m.get("intent")["name"] == "nlu_fallback"
    assert m.get("intent_ranking")[0]["name"] == "nlu_fallback"
    assert m.get(TOPIC_CHOICE)["decision"] == "suggest"
    offered = {e["entity"]: e["value"] for e in m.get("entities")}
    assert offered == {"suggestion_1": TOPICS["root_causes"],
                       "suggestion_2": TOPICS["why_it_spreads"]}


def test_no_likely_topic_means_the_sources_do_not_cover_it(chooser):
    [m] = chooser.process([classified("who buys them", confidence=0.6, topics=[("who_victims", 0.3),
                                                              ("minors", 0.15)])])
    # 0.18 + 0.09 of the message's probability: no topic fits.
    assert m.get("intent")["name"] == "out_of_scope"
    assert m.get(TOPIC_CHOICE)["decision"] == "no topic fits"


@pytest.mark.parametrize("text", ["Why is it so hard to leave?", "why is it so hard to leave",
                                  "  WHY IS IT SO HARD TO LEAVE ?! "])
def test_a_tapped_button_gets_its_topic_whatever_the_classifier_said(chooser, text):
    [m] = chooser.process([classified(text, "out_of_scope", 0.7)])
    assert m.get("intent") == {"name": "faq", "confidence": 1.0}
    response = m.get("response_selector")["faq"]["response"]
    assert response["intent_response_key"] == "faq/leaving_hard"
    assert response["utter_action"] == "utter_faq/leaving_hard"
    assert m.get(TOPIC_CHOICE)["decision"] == "button"


def test_other_intents_are_left_alone(chooser):
    for intent in ["greet", "urgent_help", "nlu_fallback", "out_of_scope"]:
        [m] = chooser.process([classified("hello there", intent, 0.9)])
        assert m.get("intent") == {"name": intent, "confidence": 0.9}
        assert m.get(TOPIC_CHOICE) is None


def test_the_offer_buttons_carry_the_offered_questions(domain):
    [variant] = domain["responses"]["utter_did_you_mean"]
    assert [b["payload"] for b in variant["buttons"]] == ["{suggestion_1}", "{suggestion_2}"]
    assert [b["title"] for b in variant["buttons"]] == ["{suggestion_1}", "{suggestion_2}"]


def fallback_for_a_near_tie(text, first, second, topics):
    """As FallbackClassifier leaves a near tie: `nlu_fallback` on top, at its threshold,
    then the two intents (name, confidence)."""
    message = classified(text, first[0], first[1], topics)
    message.set("intent", {"name": "nlu_fallback", "confidence": 0.4}, add_to_output=True)
    message.set("intent_ranking", [{"name": "nlu_fallback", "confidence": 0.4}]
                + [{"name": n, "confidence": p} for n, p in (first, second)],
                add_to_output=True)
    return message


def test_a_near_tie_between_faq_and_out_of_scope_gets_two_topics_to_choose_from(chooser):
    m = fallback_for_a_near_tie("what about children", ("out_of_scope", 0.49), ("faq", 0.48),
                                [("minors", 0.93), ("who_fights", 0.03)])
    [m] = chooser.process([m])
    assert m.get(TOPIC_CHOICE)["decision"] == "suggest"
    assert m.get(TOPIC_CHOICE)["topics"][0] == ["minors", pytest.approx(0.48 * 0.93, abs=1e-4)]
    assert m.get("intent")["name"] == "nlu_fallback"
    assert {e["value"] for e in m.get("entities")} == {TOPICS["minors"], TOPICS["who_fights"]}


def test_a_near_tie_with_no_likely_topic_is_out_of_scope(chooser):
    m = fallback_for_a_near_tie("what is money laundering", ("faq", 0.5), ("out_of_scope", 0.45),
                                [("profits", 0.3), ("where", 0.25)])
    [m] = chooser.process([m])
    assert m.get(TOPIC_CHOICE)["decision"] == "no topic fits"
    assert m.get("intent")["name"] == "out_of_scope"


def test_other_fallbacks_stay_fallbacks(chooser):
    # A near tie between two other intents, and one too unsure to be understood.
    cases = [fallback_for_a_near_tie("hmm ok", ("faq", 0.45), ("greet", 0.44),
                                     [("what_is", 0.9)]),
             fallback_for_a_near_tie("asdf", ("faq", 0.3), ("out_of_scope", 0.28),
                                     [("what_is", 0.9)])]
    for m in chooser.process(cases):
        assert m.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}
        assert m.get(TOPIC_CHOICE) is None
