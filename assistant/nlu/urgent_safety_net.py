"""Layer 2 of the safety net: a Rasa NLU component that makes a turn urgent.

It runs last in the pipeline (config.yml), but for the survivor marker
(assistant/nlu/survivor.py), which only changes the wording of an urgent turn it
finds to be a survivor telling the past. A turn is urgent when the message matches
the urgent lexicon (knowledge/urgent.yml; `urgent_match` in the parse data records
which pattern) or the classifier called it `urgent_help`, also when it was too unsure
to call anything (FallbackClassifier's `nlu_fallback`) but `urgent_help` was its
likeliest intent: a calm disclosure ("the truth was that we were quietly suffering")
had got "Sorry, I didn't understand that" (session 32). An urgent turn gets the
hotline in its first reply, whatever came before. Issue #13: the urgent reply alone
would leave a person who asked a question without what they asked ("how do I know if
the woman doing my nails is being forced to work?"), so the reply depends on the
message:

- A question with an answer gets the urgent reply first (the hotline, and that the
  assistant cannot send help itself), then the answer. The intent is `faq` with the
  entity `safety_net` (data/rules.yml), or, for a question about the chat itself
  (`privacy_question`) or about how the hotline works (`hotline_question`),
  `ask_privacy` or `ask_hotline` with the same entity; so does what a worried friend
  says of the person they fear for (`someone_stays`: "she won't leave him", which the
  classifier often calls urgent), `someone_stays` with the same entity. A question has
  an answer when the topic chooser decided to answer it, or when it asks something (it
  ends with "?" or opens like a question) and one FAQ topic clearly fits it (at least
  `question_topic_threshold` of the classifier's topic probability), or it opens
  like a question knowledge/urgent.yml names a topic for ("how do I know if...":
  the warning signs), or its lexicon category names one (a worried question about
  someone else: the warning signs), unless it was decided out of scope ("can I get in
  trouble for being trafficked?" is not asking for the signs); one that names a subject
  the sources don't cover (knowledge/uncovered.yml) gets no clear topic either ("can I
  sue my trafficker?" is not asking who traffickers are). A disclosure phrased as
  a question so still gets the urgent reply first. A person asking how to get out
  themselves, asking for help or afraid of being found out (it opens like one of the
  lexicon's `pleas`: "how do I get out?", "can they help me?", "what if they find
  out?") gets the urgent reply alone: a topic's answer was no help to them. So does
  a message in a category whose urgent reply is the whole answer
  (`urgent_reply_answers`: "send help to ...", session 42).
- A question about no one's situation (it opens like a question and names no
  person: "what are your hours?") that only the classifier called urgent, with no
  answer, gets the fallback reply (the intent `nlu_fallback`), which also carries
  the hotline: the lexicon's own rule for general questions, applied to layer 1.
  A question naming no one with an answer and at most one word that is not a stop
  word (a bare follow-up: "where does that happen?", session 41; also one without a
  question word, "and in the US?", session 42) gets the answer alone. So does one
  that a topic marker's list of ways of asking matched (`marked_topic`, session 44:
  "does this happen to men"); a message naming someone that such a list matched gets
  that answer after the urgent reply ("im a guy. does this happen to men").
- Saying one works on a school task about trafficking (`school_work`, found by the
  patterns of knowledge/school_work.yml: "i need help writing a paper on human
  trafficking") keeps its own reply when the lexicon matched only in categories listed
  in `school_work_categories` (asking for help; session 42).
- A problem at work with no sign of force (`workplace_problem`, found by the
  patterns of knowledge/workplace.yml: "my employer isn't paying me overtime") gets
  its own reply, which says the sources don't cover pay or workplace rights, what
  would make it labour trafficking, and the hotline; when the lexicon matched, only
  if it matched in a category listed in `workplace_categories` (withheld wages).
- Anything else (a disclosure, a plea, a message the classifier is unsure of) gets
  the urgent reply: the intent becomes `urgent_help` with confidence 1.0.

A match in a category of the lexicon that names a language (a plea in Spanish,
Portuguese, French or Italian) sets the entity `other_language` to it, in place of
the stop-word guess of assistant/nlu/other_language.py ("ayuda por favor" reads as
Portuguese there, "socorro" as nothing): the urgent reply is then in that language
(domain.yml; assistant/runtime/reply_conditions.py).

A message with words the classifier's speller corrected (`spelling_corrected_text`,
assistant/nlu/readings.py) is matched as corrected too, when it does not match as
typed: "they took my pasport" matched nothing (session 52). Only the match is read so;
the rest (questions, pleas, openings) reads the message as typed.

It never lowers a turn the lexicon matched, except a problem at work in a
`workplace_categories` category, and every turn it touches still has the hotline in
its first reply.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import RESPONSE_SELECTOR_PROPERTY_NAME, RESPONSE_SELECTOR_RANKING_KEY
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.hotline_questions import HOTLINE_QUESTION, NUMBER_REQUEST, OTHER_COUNTRY_QUESTION
from assistant.nlu.lexicon_component import LexiconComponent
from assistant.nlu.other_language import OTHER_LANGUAGE_ENTITY, THANKS, WHOLE_MESSAGE
from assistant.nlu.parse_data import (
    add_entity, drop_entities, likeliest_under_fallback, set_answer, set_intent,
    set_only_intent,
)
from assistant.nlu.privacy_questions import PRIVACY_QUESTION
from assistant.nlu.readings import SPELLING_CORRECTED_TEXT
from assistant.nlu.school_work import SCHOOL_WORK
from assistant.nlu.someone_stays import SOMEONE_STAYS
from assistant.nlu.topic_chooser import SUGGESTIONS, TOPIC_CHOICE
from assistant.nlu.topic_marker import MARKED_TOPIC
from assistant.nlu.uncovered_subjects import UNCOVERED_SUBJECT
from assistant.nlu.urgent_lexicon import DEFAULT_LEXICON, UrgentLexicon
from assistant.nlu.workplace_problems import WORKPLACE_PROBLEM

# The topic chooser's decisions that mean the message gets its topic's answer.
ANSWERED = {"answer", "button"}

URGENT_MATCH = "urgent_match"
# In the parse data of a message made urgent because the unsure classifier leaned
# urgent: that lean, urgent_help's probability (for the staff shell's line).
URGENT_LEANED = "urgent_leaned"
# The entity that marks a question answered after the urgent reply (data/rules.yml).
SAFETY_NET_ENTITY = "safety_net"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class UrgentSafetyNet(LexiconComponent):
    """Makes a turn urgent when the lexicon matches, and decides how every urgent turn
    is answered: the urgent reply, the urgent reply then the answer, or (a general
    question only the classifier called urgent) the fallback."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "lexicon": str(DEFAULT_LEXICON),
            # The same saved pipeline SpacyNLP loads (see assistant/nlu/spacy_model.py).
            "spacy_model": "build/spacy-en",
            "intent": "urgent_help",
            # A message the topic chooser decided to answer keeps its answer.
            "answer_intent": "faq",
            # A question about the chat itself (assistant/nlu/privacy_questions.py)
            # gets this intent's reply after the urgent one.
            "privacy_intent": "ask_privacy",
            # So does a question about how the hotline works
            # (assistant/nlu/hotline_questions.py).
            "hotline_intent": "ask_hotline",
            # And asking for a number in another country.
            "other_country_intent": "ask_other_country",
            # And what a worried friend says of the person who stays ("she won't leave
            # him", assistant/nlu/someone_stays.py).
            "someone_stays_intent": "someone_stays",
            # A problem at work with no sign of force (assistant/nlu/workplace_problems.py)
            # gets this intent's reply, which carries the hotline...
            "workplace_intent": "workplace_problem",
            # ...also when the lexicon matched, but only in these categories: "they
            # don't pay me" is how a pay dispute and a victim both put it.
            "workplace_categories": ["debt_and_wages"],
            # Saying one works on a school task about trafficking
            # (assistant/nlu/school_work.py) keeps its reply when the lexicon matched
            # only in these categories: "i need help writing a paper on trafficking"
            # asks help with the paper.
            "school_work_categories": ["asking_for_help"],
            # A question decided out of scope (by the classifier or knowledge/uncovered.yml)
            # gets no topic from its lexicon category: "can I get in trouble for being
            # trafficked?" had got the warning signs after the urgent reply.
            "out_of_scope_intent": "out_of_scope",
            # An urgent question gets the answer of a topic with at least this share
            # of the classifier's topic probability, P(topic | faq).
            "question_topic_threshold": 0.8,
        }

    def __init__(self, config: Dict[Text, Any], lexicon: UrgentLexicon) -> None:
        self._intent = config["intent"]
        self._answer_intent = config["answer_intent"]
        self._privacy_intent = config["privacy_intent"]
        self._hotline_intent = config["hotline_intent"]
        self._other_country_intent = config["other_country_intent"]
        self._someone_stays_intent = config["someone_stays_intent"]
        self._workplace_intent = config["workplace_intent"]
        self._out_of_scope_intent = config["out_of_scope_intent"]
        self._workplace_categories = set(config["workplace_categories"])
        self._school_work_categories = set(config["school_work_categories"])
        self._question_topic_threshold = config["question_topic_threshold"]
        self._lexicon = lexicon

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if message.get(THANKS):
                # Thanks for the help, the whole message, in another language ("gracias
                # por la ayuda", assistant/nlu/other_language.py): its "ayuda" is no
                # plea (session 48).
                continue
            text = message.get(TEXT) or ""
            match = self._lexicon.find(text)
            corrected = message.get(SPELLING_CORRECTED_TEXT)
            if match is None and corrected:
                # "they took my pasport": read as the classifier read it (session 52).
                match = self._lexicon.find(corrected)
            classified_as = (message.get(INTENT) or {}).get("name")
            # A thanks, greeting or request for a language as a whole message
            # ("Portuguese please") is never a plea, whatever the classifier leaned to.
            lean = (self._leaned_urgent(message)
                    if classified_as == DEFAULT_NLU_FALLBACK_INTENT_NAME
                    and not message.get(WHOLE_MESSAGE) else None)
            leaned_urgent = lean is not None
            if match is None and classified_as != self._intent and not leaned_urgent:
                continue
            if leaned_urgent:
                message.set(URGENT_LEANED, lean, add_to_output=True)
            if message.get(WORKPLACE_PROBLEM) and (
                    match is None or match.category in self._workplace_categories):
                # A problem at work, no sign of force: its own reply, with the hotline.
                set_only_intent(message, self._workplace_intent)
                continue
            if message.get(SCHOOL_WORK) and match is not None and (
                    self._lexicon.categories(text) <= self._school_work_categories):
                # Help with a school task about trafficking: its reply stands.
                continue
            # A question about the chat or the hotline, or what a worried friend says of
            # the person who stays: that reply after the urgent one.
            service = (self._privacy_intent if message.get(PRIVACY_QUESTION)
                       else self._other_country_intent if message.get(OTHER_COUNTRY_QUESTION)
                       else self._hotline_intent if message.get(HOTLINE_QUESTION)
                       else self._someone_stays_intent if message.get(SOMEONE_STAYS) else None)
            # Asking how to get out oneself ("how do I get out?"), or asking the assistant
            # to send help ("send help to ..."): the urgent reply alone. So too asking for
            # the number (knowledge/hotline.yml, `number_requests`), which the urgent reply
            # gives first (session 55: "where do i call for help" got it, then how to help
            # others, the classifier's topic).
            plea = self._lexicon.is_plea(text) or bool(message.get(NUMBER_REQUEST)) or (
                match is not None and match.category in self._lexicon.urgent_reply_answers)
            answered = bool(service) or (classified_as == self._answer_intent and not plea
                                         and (message.get(TOPIC_CHOICE) or {}).get("decision")
                                         in ANSWERED)
            # A topic marker's list, which holds only ways of asking, matched it.
            marked = message.get(MARKED_TOPIC)
            topic = None
            if not answered and not plea and (marked or self._lexicon.is_question(text)):
                # A subject the sources don't cover gets no topic the classifier was sure
                # of either (session 48: "can i sue my trafficker" got the urgent reply,
                # then who traffickers are), nor its category's (session 53: "what are my
                # rights if i was trafficked" got the warning signs after it).
                uncovered = bool(message.get(UNCOVERED_SUBJECT))
                topic = (marked
                         or (not uncovered and self._clear_topic(message))
                         or self._lexicon.topic_for_opening(text)
                         or (match and not uncovered
                             and classified_as != self._out_of_scope_intent
                             and self._lexicon.topic_for_questions.get(match.category)))
            if (match is None and topic and self._lexicon.is_impersonal_question(text)
                    and (marked or self._lexicon.is_bare_follow_up(text))):
                # Only the classifier called it urgent, and it is a follow-up naming
                # nothing but what the answer before was about ("where does that
                # happen?", session 41: it had got "Please call it now" first; "and in
                # the US?", session 42, which asks without a question word), or a
                # question naming no one that a topic marker knows ("does this happen
                # to men", session 44: it had got the fallback): its answer.
                set_answer(message, self._answer_intent, topic)
                drop_entities(message, SUGGESTIONS)
                continue
            if (match is None and not topic and not plea
                    and (self._lexicon.is_general_question(text)
                         or self._lexicon.is_fragment_follow_up(text))):
                # Only the classifier called it urgent, and it is a question about no
                # one's situation ("what are your hours?", or a few words after "and",
                # "and fishing boats?", session 49): the fallback reply, which
                # carries the hotline too, or for a question about the chat itself or
                # the hotline its answer, which does as well. Not a plea ("how to
                # escape", session 46: it got "Sorry, I didn't understand that"). One
                # naming a subject the sources don't cover gets "my sources don't cover
                # that", which also carries the hotline (session 56: "does it happen at
                # truck stops" got "Sorry, I didn't understand that").
                if service:
                    set_intent(message, service, 1.0)
                elif message.get(UNCOVERED_SUBJECT):
                    set_intent(message, self._out_of_scope_intent, 1.0)
                else:
                    set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME,
                               (message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY, 0.0))
                continue
            reply = "urgent, then the answer" if answered or topic else "urgent"
            if match is not None:
                message.set(
                    URGENT_MATCH,
                    {"category": match.category, "pattern": match.pattern,
                     "classifier_said": classified_as, "reply": reply},
                    add_to_output=True,
                )
                language = self._lexicon.language_of_category.get(match.category)
                if language:
                    drop_entities(message, {OTHER_LANGUAGE_ENTITY})
                    add_entity(message, OTHER_LANGUAGE_ENTITY, language, type(self).__name__)
            if service:
                set_intent(message, service, 1.0)
            if topic:
                set_answer(message, self._answer_intent, topic)
                drop_entities(message, SUGGESTIONS)
            if answered or topic:
                add_entity(message, SAFETY_NET_ENTITY,
                           match.category if match else self._intent, type(self).__name__)
            elif match is not None or leaned_urgent:
                set_intent(message, self._intent, 1.0)
        return messages

    def _leaned_urgent(self, message: Message) -> Optional[float]:
        """`urgent_help`'s probability if it led the classifier's ranking under the
        fallback, else None."""
        lean = likeliest_under_fallback(message)
        if lean and lean.get("name") == self._intent:
            return float(lean.get(PREDICTED_CONFIDENCE_KEY, 0.0))
        return None

    def _clear_topic(self, message: Message) -> Optional[Text]:
        """The FAQ topic that clearly fits the message, or None."""
        selector = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(
            self._answer_intent) or {}
        ranking = selector.get(RESPONSE_SELECTOR_RANKING_KEY) or []
        if ranking and ranking[0].get(PREDICTED_CONFIDENCE_KEY, 0) >= self._question_topic_threshold:
            return ranking[0][INTENT_RESPONSE_KEY].split("/", 1)[1]
        return None
