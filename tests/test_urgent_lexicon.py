"""The urgent lexicon (layer 2 of the safety net), without a trained model."""
import re

import pytest
import yaml

from assistant.nlu.urgent_lexicon import DEFAULT_LEXICON
from conftest import load_yaml

CONFIG = load_yaml("knowledge/urgent.yml")
ENTRIES = [
    (category["name"], entry)
    for category in CONFIG["categories"]
    for entry in category["patterns"]
]


def test_every_category_says_what_it_means():
    for category in CONFIG["categories"]:
        assert category.get("meaning"), category["name"]
        assert category.get("patterns"), category["name"]


def test_every_pattern_has_an_example():
    for name, entry in ENTRIES:
        assert entry.get("example"), f"{name}: {entry['pattern']} has no example"


@pytest.mark.parametrize(
    "entry", [e for _, e in ENTRIES], ids=[f"{n}:{e['pattern']}" for n, e in ENTRIES]
)
def test_each_entry_matches_its_example(lexicon, entry):
    pattern = next(p for p in lexicon.patterns if p.text == entry["pattern"])
    assert lexicon.matches(entry["example"], pattern)
    # ...and the example is urgent as a whole message, not cancelled by an exception.
    assert lexicon.find(entry["example"]) is not None


@pytest.mark.parametrize(
    "entry", CONFIG["not_urgent"], ids=[e["pattern"] for e in CONFIG["not_urgent"]]
)
def test_each_exception_matches_its_example(lexicon, entry):
    pattern = next(p for p in lexicon.exceptions if p.text == entry["pattern"])
    assert lexicon.matches(entry["example"], pattern)


@pytest.mark.parametrize(
    "text",
    [
        "they forced me to work",
        "they are forcing me to work",
        "they force me to work",
        "he took my passport",
        "he has taken my passport",
        "he takes our passports",
        "he is taking my passport",
        "they won't let me leave",
        "they wont let me leave",
        "they will not let me leave",
        "i can't leave",
        "I cannot leave",
        "i cant leave",
        "I’m scared",  # curly apostrophe
        "im scared",
        "I AM SCARED",
        "they threatened me",
        "they are threatening me",
        "my friend was trafficked",
        "my friend is being trafficked",
        "pls help",
        "plz help",
        "ayúdame",
        "ayudame",
        # Session 44: without the apostrophe, as texted.
        "hes coming back",
        "shes coming back soon",
        # Session 53: the SOS emoji, alone and twice.
        "\U0001f198",
        "\U0001f198\U0001f198",
    ],
)
def test_inflections_spellings_and_case(lexicon, text):
    assert lexicon.find(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "what is forced labour?",
        "what is forced labor",
        "define forced labour",
        "what is human trafficking",
        "how can I help?",
        "how can i help victims",
        "can you help me understand smuggling",
        "help me learn about trafficking",
        "why is it hard to escape trafficking",
        "is escaping dangerous for victims",
        "why do traffickers take passports",
        "what does it mean to be trafficked",
        "explain sex trafficking to me",
        "can you define trafficking of persons for me",
        "what are the effects of trafficking",
        "i'm stuck in traffic",  # road traffic, not trafficking
        "sorry, we're stuck in a traffic jam",
        "hi",
        "thanks",
        "",
        "   ",
    ],
)
def test_questions_and_chat_do_not_match(lexicon, text):
    assert lexicon.find(text) is None


# Session 48: session 47's exception for thanks in Portuguese ("obrigado por * ajuda")
# hid the first from the lexicon. Thanks alone is left alone by the safety net instead
# (test_model.py).
@pytest.mark.parametrize("text, category", [
    ("obrigado, por favor preciso de ajuda", "in_portuguese"),
    ("gracias, necesito ayuda", "in_spanish"),
    ("grazie, ho bisogno di aiuto", "in_italian"),
])
def test_a_plea_after_thanks_in_another_language_matches(lexicon, text, category):
    assert lexicon.find(text).category == category


# Session 48: "i * victim" took these for a disclosure ("can i pray for victims" got
# "Please call it now"); "a" or "the" victim still counts.
@pytest.mark.parametrize("text", ["can i pray for victims", "i work with victims",
                                  "i read about victims", "i am writing about victims"])
def test_doing_something_for_victims_does_not_match(lexicon, text):
    assert lexicon.find(text) is None


@pytest.mark.parametrize("text", ["i think im a victim", "i was one of the victims",
                                  "im victim", "i feel like a victim"])
def test_saying_one_is_a_victim_still_matches(lexicon, text):
    assert lexicon.find(text).category == "maybe_a_victim"


@pytest.mark.parametrize("text", [
    "how many people are trafficked in the US?",
    "is human trafficking a big problem in the US",
    "are children trafficked in the us?",
])
def test_the_us_is_a_country_not_a_personal_word(lexicon, text):
    # Lower-cased, "the US" read as "us": a question about the country became personal
    # and got "Please call it now" before its answer.
    assert lexicon.find(text) is None


@pytest.mark.parametrize("text", [
    "are children trafficked to work in the mines",
    "are people trafficked to work in mines?",
])
def test_mines_are_places_not_a_personal_word(lexicon, text):
    # By lemma, "mines" is "mine": a question about the mines became personal (session
    # 60) and got "Please call it now" alone.
    assert lexicon.find(text) is None


@pytest.mark.parametrize("text", ["is a friend of mine being trafficked?",
                                  "my sister is being trafficked", "is mine being trafficked"])
def test_personal_words_as_typed_still_count(lexicon, text):
    assert lexicon.find(text) is not None


@pytest.mark.parametrize("text", [
    "how do i protect my daughter from getting trafficked",
    "how can we prevent our children from being trafficked",
    "how can i avoid getting trafficked when i move abroad",
    "what can i do so i dont get trafficked",
])
def test_asking_how_to_keep_someone_from_being_trafficked_is_no_disclosure(lexicon, text):
    # Session 60: "Please call it now" alone, read as "be * traffic" or "get traffic".
    assert lexicon.find(text) is None


@pytest.mark.parametrize("text", [
    "nobody can protect me from being trafficked",
    "my mom cant protect me from being trafficked",
    "i want to avoid being trafficked again",
    "i need to protect myself from being trafficked by my uncle",
    "how do i protect my daughter from being trafficked, she is being trafficked now",
])
def test_saying_one_cannot_be_kept_from_it_stays_urgent(lexicon, text):
    assert lexicon.find(text) is not None


@pytest.mark.parametrize("text", ["they are trafficking us", "help us", "please help us"])
def test_us_as_a_person_stays_urgent(lexicon, text):
    assert lexicon.find(text) is not None


def test_road_traffic_exceptions_leave_trafficking_urgent(lexicon):
    assert lexicon.find("i think my sister is stuck in trafficking") is not None
    assert lexicon.find("my friend is being trafficked, stuck in traffic now") is not None


@pytest.mark.parametrize("text", [
    "how common is trafficking in my city",
    "what are the trafficking laws in my state",
    "what are the signs of trafficking in my community",
    "what are the forms of trafficking in my country",
    "what are the effects of human trafficking on my family",
    "what are the causes of trafficking in our town",
])
def test_a_topic_question_that_says_my_is_not_taken_for_someone_being_trafficked(
        lexicon, text):
    # "my" makes a question personal, and "be * traffic" once read "are the signs of
    # trafficking" as "are being trafficked": the answer came after "Please call now".
    assert lexicon.find(text) is None


@pytest.mark.parametrize("text", [
    "my sister is the victim of trafficking",
    "my friend is showing signs of being trafficked",
    "are the girls at my work being trafficked",
    "is my neighbour being trafficked?",
])
def test_someone_being_trafficked_still_matches_beside_those_exceptions(lexicon, text):
    assert lexicon.find(text) is not None


def test_a_question_with_a_personal_situation_still_matches(lexicon):
    assert lexicon.find("what is happening, he took my passport") is not None
    assert lexicon.find("what do i do they took my passport") is not None


def test_huge_and_binary_input_is_handled(lexicon):
    assert lexicon.find("trafficking " * 5000) is None
    assert lexicon.find("\x00\x01\xff help me \x00") is not None


def test_lexicon_file_is_plain_yaml():
    with open(DEFAULT_LEXICON, encoding="utf-8") as f:
        assert isinstance(yaml.safe_load(f), dict)


def test_a_topic_for_questions_is_an_faq_topic(lexicon):
    topics = load_yaml("knowledge/topics.yml")["topics"]
    assert lexicon.topic_for_questions == {"concern_for_someone": "warning_signs"}
    assert set(lexicon.topic_for_questions.values()) <= set(topics)


@pytest.mark.parametrize("entry", CONFIG["questions"]["answered_with"],
                         ids=[e["opening"] for e in CONFIG["questions"]["answered_with"]])
def test_each_question_opening_with_a_topic_matches_its_example(lexicon, entry):
    topics = load_yaml("knowledge/topics.yml")["topics"]
    assert entry["topic"] in topics
    assert lexicon.topic_for_opening(entry["example"]) == entry["topic"]


@pytest.mark.parametrize("entry", CONFIG["questions"]["pleas"],
                         ids=[e["opening"] for e in CONFIG["questions"]["pleas"]])
def test_each_plea_matches_its_example(lexicon, entry):
    assert lexicon.is_plea(entry["example"])


@pytest.mark.parametrize("text, plea", [
    ("But how do I get out?", True),
    ("how do victims get out", False),
    ("how did she escape", False),
    ("why is it hard to leave", False),
    ("tell me how i can escape", False),  # only at the start
])
def test_a_plea_is_the_asker_getting_out_at_the_start(lexicon, text, plea):
    assert lexicon.is_plea(text) == plea


def test_an_opening_names_a_topic_only_at_the_start(lexicon):
    assert lexicon.topic_for_opening("tell me how you know if it is trafficking") is None
    assert lexicon.topic_for_opening("what is trafficking") is None


@pytest.mark.parametrize("text, general", [
    ("what are your hours?", True),
    ("how does this happen", True),
    ("where are they keeping her", False),
    ("they locked the door", False),
    # A possessive before a place names no person; before anything else it does.
    ("how common is trafficking in my city?", True),
    ("what are the trafficking laws in my state", True),
    ("is trafficking a problem in our country", True),
    ("is someone in my town being trafficked?", False),
    ("is my neighbour being trafficked?", False),
    ("are the girls at my work being trafficked", False),
    ("is trafficking happening in my building", False),
    # Session 46: asking the assistant to tell; its "me" is the reader.
    ("can you tell me how many people are trafficked in ohio", True),
    ("could you tell me who the victims are", True),
    ("can you tell me if they can deport me", False),
    ("can you tell me how to report my boss", False),
])
def test_is_general_question(lexicon, text, general):
    assert lexicon.is_general_question(text) is general


# Session 42: a follow-up without a question word ("and in the US?") asks too, and "the
# US" (read as "the united states" for the patterns) is no word of substance there.
@pytest.mark.parametrize("text, impersonal, bare", [
    ("and in the US?", True, True),
    ("what about in Europe?", True, True),
    ("where does that happen", True, True),
    ("and us?", False, True),                      # names a person
    ("and in the US", False, True),                # asks nothing
    ("how does labour trafficking happen?", True, False),
    ("", False, True),
])
def test_impersonal_questions_and_bare_follow_ups(lexicon, text, impersonal, bare):
    assert lexicon.is_impersonal_question(text) is impersonal
    assert lexicon.is_bare_follow_up(text) is bare


@pytest.mark.parametrize("text, asks", [
    ("my boss took my passport, what now?", True),
    ("how do I know if my cousin is trafficked", True),
    ("Is this trafficking", True),
    ("they took my passport", False),
    ("help", False),
    ("", False),
])
def test_is_question(lexicon, text, asks):
    assert lexicon.is_question(text) is asks


# Session 43: "cant leave the house" opened like a question ("can"), so only the
# patterns that count in questions were tried, and it got "Sorry, I didn't understand
# that"; "cant go home" got the goodbye. An opening verb with "not" and no "?" is a
# statement with its "I" left out.
@pytest.mark.parametrize("text, category", [
    ("cant leave the house", "not_allowed_to_leave"),
    ("can't leave the house", "not_allowed_to_leave"),
    ("cannot leave", "not_allowed_to_leave"),
    ("cant go home", "not_allowed_to_leave"),
    ("isnt safe here", "danger_fear_threats"),
    ("doesnt pay me", "debt_and_wages"),
])
def test_a_negated_verb_opening_a_message_is_a_statement(lexicon, text, category):
    assert not lexicon.is_question(text)
    assert lexicon.find(text).category == category


# Session 48: "when i was 12 i was trafficked by my mom" opened like a question
# ("when"), and got the urgent reply then the answer on warning signs.
@pytest.mark.parametrize("text", ["when i was 12 i was trafficked by my mom",
                                  "when he gets angry he locks me in",
                                  "when my boss took my passport"])
def test_when_and_a_person_opening_a_message_is_a_statement(lexicon, text):
    assert not lexicon.is_question(text)


@pytest.mark.parametrize("text", ["when is the hotline open", "when did trafficking start",
                                  "when i call the hotline, what happens?"])
def test_when_opening_a_question_is_still_one(lexicon, text):
    assert lexicon.is_question(text)


@pytest.mark.parametrize("text", ["can't victims just leave?", "isn't trafficking just smuggling?",
                                  "don't victims try to escape?"])
def test_a_negated_verb_opening_a_question_with_a_question_mark_is_still_one(lexicon, text):
    assert lexicon.is_general_question(text)


@pytest.mark.parametrize("text", [
    "But what exactly is human trafficking?",
    "so is human trafficking illegal?",
    "ok so how is trafficking different from smuggling",
    "Under the federal definition, are trafficking victims only immigrants?",
    "In the U.S., how are people being trafficked?",
    "True or false: is trafficking a crime",
    # Session 50: asides, and school work after a possessive.
    "just wondering, is trafficking growing",
    "quick question, who is trafficked the most",
    "sorry if this is dumb but is trafficking illegal",
    "for my class, what is trafficking",
    "i wonder how people are trafficked",
    "im curious how many people are trafficked",
    # Session 56: a clause opening with "with", "because of", "due to".
    "with covid, are people being trafficked more?",
    "due to the war, are more women trafficked?",
    "because of poverty, are children being trafficked?",
    # Session 56: saying what one does first.
    "im a nurse. how common is trafficking",
    "i'm a teacher, are students being trafficked?",
    "as a social worker: how are people trafficked",
])
def test_a_question_after_a_lead_in_is_still_a_topic_question(lexicon, text):
    assert lexicon.is_general_question(text)
    assert lexicon.find(text) is None


@pytest.mark.parametrize("text", [
    # The lead-in is urgent itself (and nothing else here names a person).
    "in danger, what can be done",
    "Under constant control, how can anyone leave?",
    # A personal word anywhere still makes the message about someone's situation.
    "but is my sister being trafficked?",
    "In my house, are we being trafficked?",
    "so they took my passport, what now",
    "just wondering, is my sister being trafficked?",
    # A plea after an aside whose "I" is the reader is read whole.
    "i was wondering how to escape",
    "i was wondering where i can go",
    "i want to know where to go",
    "for my sister, what can i do, she is being sold",
    # No question word after the lead-in.
    "but she is being sold",
    "with everything going on, im being forced to work",
    # Such a clause is read past, but a personal word still counts.
    "with my boss, is it normal that he keeps my passport?",
    "without my papers, am i being trafficked?",
    # Saying what one does, then naming someone, or telling; not a role: who is in danger.
    "as a parent, is my daughter being trafficked?",
    "i'm a nurse. i'm being trafficked",
    "im a minor, is this trafficking?",
])
def test_a_lead_in_does_not_clear_an_urgent_message(lexicon, text):
    assert lexicon.find(text) is not None


def test_lead_ins_are_read_only_at_the_start(lexicon):
    assert lexicon.is_general_question("ok so but what is trafficking?")
    # A wall of them is not read through to find a question.
    assert not lexicon.is_general_question("but " * 20000 + "what is trafficking?")


def test_a_lead_in_alone_is_not_taken_for_a_question(lexicon):
    assert lexicon.is_question("so") is False
    assert lexicon.find("but help me") is not None


def test_the_lexicon_alone_catches_most_of_the_urgent_evaluation_set(lexicon):
    # The classifier catches the rest (urgent recall is 100%, tests/test_model.py), but a
    # disclosure caught only by the classifier's margin can flip with any change to the
    # training data (docs/performance.md, session 30), so the layer that does not
    # learn should cover as much as it can. Patterns are written from data/nlu.yml's
    # urgent examples, not from this file. A floor: it may rise, never fall.
    messages = load_yaml("tests/urgent_messages.yml")["messages"]
    caught = sum(lexicon.find(m) is not None for m in messages)
    assert caught / len(messages) >= 0.87, f"{caught} of {len(messages)}"


@pytest.mark.parametrize("text", [
    # The patterns added in session 30 (from our own training examples) must not make
    # questions about the assistant itself urgent.
    "is a human reading my messages",
    "do you keep my messages",
    "can you delete my messages",
])
def test_questions_about_the_chat_are_not_urgent(lexicon, text):
    assert lexicon.find(text) is None


@pytest.mark.parametrize("text", [
    # Survivors tell of captivity in images, with no alarm word (session 32).
    "I was in a prison, a cage, just like a slave",
    "I was a slave",
    "we were their slaves for two years",
    "we don't have any freedom, like we are in the cage",
    "we have no freedom at all in that house",
    "the family treats me like a slave",
    "they treat us like animals and we sleep on the floor",
    "we live like prisoners",
    "im worried sick about my little sister",
    "i'm really worried about my neighbour",
])
def test_captivity_described_in_images_and_worry_match(lexicon, text):
    assert lexicon.find(text) is not None


@pytest.mark.parametrize("text", [
    # The same images in a question about trafficking in general stay a question.
    "why are trafficking victims treated like slaves?",
    "is forced labour like slavery?",
    "what is modern slavery",
    "do traffickers keep people in cages?",
    "how do traffickers take away a victim's freedom?",
])
def test_the_same_images_in_a_general_question_do_not_match(lexicon, text):
    assert lexicon.find(text) is None


@pytest.mark.parametrize("text", [
    # "you" in a question means anyone, so it no longer makes the question personal.
    "do you have to cross a border to be trafficked?",
    "why are foster kids more likely to be trafficked and what can you do about it?",
    "what would make you suspect a person is trafficked?",
])
def test_you_in_a_general_question_is_not_personal(lexicon, text):
    assert lexicon.find(text) is None


@pytest.mark.parametrize("text", [
    "can you help me? they took my passport",
    "are you there? i'm scared",
    "do you know if my sister is being trafficked",
])
def test_a_question_to_the_assistant_about_oneself_still_matches(lexicon, text):
    assert lexicon.find(text) is not None


# Session 37: question words typed as on a phone open a question too; "wat is
# trafficking" had got "Please call it now" first.
@pytest.mark.parametrize("text", ["wat is trafficking", "wut is labor trafficking",
                                  "hw does trafficking happen", "wht is human trafficking?",
                                  # Session 56: letters swapped.
                                  "waht is sex trafiking", "hwo are people trafficked",
                                  "whos being trafficked the most"])
def test_phone_spellings_of_question_words_open_a_question(lexicon, text):
    assert lexicon.is_general_question(text) and lexicon.find(text) is None


# Session 37: asking the assistant to act counts in a question that names no one too;
# the other categories still don't.
@pytest.mark.parametrize("text", ["can you send an ambulance?", "could you contact the police?",
                                  "can you call 911?", "can you send the police?"])
def test_asking_the_assistant_to_act_matches_in_a_general_question(lexicon, text):
    assert lexicon.is_general_question(text)
    assert lexicon.find(text).category == "asking_the_assistant_to_act"


@pytest.mark.parametrize("text", ["how can i send help to victims abroad?",
                                  "what does it mean to be forced to work?"])
def test_other_general_questions_still_do_not_match(lexicon, text):
    assert lexicon.find(text) is None


# Session 40: thoughts of suicide or self-harm had got "my sources don't cover that"
# with the hotline last ("i'm thinking about suicide", "i cut myself"). They are urgent,
# some also in a question's words ("what's the point of living?": `also_in_questions` on
# the pattern); a question about suicide that names no one stays a question, whose
# reply carries the hotline too.
@pytest.mark.parametrize("text, urgent", [
    ("i'm thinking about suicide", True),
    ("im so tired, sometimes i wanna die", True),
    ("I cut myself again last night", True),
    ("what is the point of living anymore?", True),
    ("why should anyone want to die like this?", True),
    ("i think my roommate is suicidal", True),
    ("do trafficking victims often attempt suicide?", False),
    ("is the suicide hotline open at night?", False),
    ("what is the suicide rate among survivors?", False),
])
def test_thoughts_of_suicide_or_self_harm(lexicon, text, urgent):
    found = lexicon.find(text)
    assert (found is not None) is urgent
    assert not urgent or found.category == "self_harm"


@pytest.mark.parametrize("text, urgent", [
    # Session 32: a child or someone close targeted, or gone missing...
    ("She was targeted by a predator through Instagram.", True),
    ("my 15 year old daughter is missing", True),
    ("our son has been missing for three days", True),
    # ...but not a thing gone missing, nor a question about no one.
    ("my phone is missing", False),
    ("what should parents do if a child goes missing?", False),
    ("who is targeted by traffickers?", False),
    ("are traffickers targeting kids on roblox?", False),
])
def test_someone_close_targeted_or_missing(lexicon, text, urgent):
    assert (lexicon.find(text) is not None) is urgent


# Session 39: the lexicon and the pattern lists try a message only against the patterns
# filed under one of its words (word_patterns.PatternIndex). They must find exactly what
# trying every pattern in order finds.
def test_the_index_finds_what_trying_every_pattern_finds(lexicon, nlp):
    from assistant.nlu.minor_age import MinorAgePhrases
    from assistant.nlu.someone_stays import SomeoneStaysPhrases
    from assistant.nlu.uncovered_subjects import UncoveredSubjects
    from assistant.nlu.word_patterns import first_match
    from conftest import our_messages, pattern_list

    texts = (our_messages()
             + [c["text"] for c in load_yaml("tests/real_world.yml")["cases"]]
             + [c["text"] for c in load_yaml("tests/real_world_dev.yml")["cases"]])
    for text in texts:
        tokens = lexicon.tokens(text)
        every = first_match(lexicon.patterns, lexicon.exceptions, tokens)
        indexed = lexicon._first_match(tokens)
        assert (every and (every.category, every.text)) == (
            indexed and (indexed.category, indexed.pattern)), text
    for list_class in (SomeoneStaysPhrases, MinorAgePhrases, UncoveredSubjects):
        patterns = pattern_list(list_class, nlp)
        for text in texts:
            tokens = lexicon.tokens(text)
            every = (None if not tokens or first_match(patterns.blockers, [], tokens)
                     else first_match(patterns.patterns, patterns.exceptions, tokens))
            assert patterns.find(text) == every, (list_class.__name__, text)


# Session 46: "my * trafficker" caught a student's "my masters on how traffickers..." and
# "my presentation on traffickers"; work on the subject is no trafficker of one's own.
@pytest.mark.parametrize("text, urgent", [
    ("i am doing research for my masters on how traffickers use social media", False),
    ("my presentation on traffickers is due friday", False),
    ("my essay about traffickers is late", False),
    ("my trafficker found my essay about traffickers", True),
    ("my old trafficker found me", True),
])
def test_work_on_traffickers_is_no_trafficker_of_ones_own(lexicon, text, urgent):
    assert (lexicon.find(text) is not None) is urgent


# A plea after a request to tell is still a plea.
@pytest.mark.parametrize("text", ["can you tell me how to escape", "please tell me how to get out",
                                  "could you tell me how to get away from them"])
def test_a_plea_after_a_request_to_tell_is_still_a_plea(lexicon, text):
    assert lexicon.is_plea(text)


# Session 51: "what is trafficking and how do i report it" and "why is trafficking
# growing, i want to know" got "Please call it now" before the answer: the "I" of one
# clause made the whole message personal, and "is trafficking" read as "is being
# trafficked". A general question opening the message (or ending it with "?") is read as
# a question; the rest as a whole.
@pytest.mark.parametrize("text", [
    "what is trafficking and how do i report it",
    "why is trafficking growing, i want to know",
    "how big is trafficking and what can i do",
    "im doing a school project, what is human trafficking?",
])
def test_a_general_question_joined_to_another_clause_is_read_as_one(lexicon, text):
    assert lexicon.find(text) is None


@pytest.mark.parametrize("text", [
    "what is trafficking? i think my friend is being trafficked",
    "what do i do, my sister is being trafficked",
    "what is trafficking, my uncle sold me",
    "why is he keeping my passport and what can i do",
    "what is happening to the girls next door, they never leave the house",
    # A relative clause is no question: "who", "where" after a comma, no "?" at the end.
    "there is a man, who is trafficking girls",
    "a girl at school, who is being trafficked",
    "there is a house on my street, where girls are being sold",
    "the restaurant down the road, where workers are locked in at night",
])
def test_a_disclosure_beside_a_question_still_matches(lexicon, text):
    assert lexicon.find(text) is not None


# Session 51: "how do traffickers work and how do i get out" got the answer on control
# alone: a plea after a question.
@pytest.mark.parametrize("text", ["how do traffickers work and how do i get out",
                                  "what are the signs, how do i escape",
                                  "what is the tvpa and how do i get help"])
def test_a_plea_in_a_later_clause_matches(lexicon, text):
    assert lexicon.find(text) is not None and lexicon.is_plea(text)


# Only pleas opening with "how": the others also take ordinary requests ("can you *
# send").
@pytest.mark.parametrize("text", ["thanks, can you send that again?",
                                  "what is sex trafficking, and can you send me the sources?",
                                  "why is it hard to leave and how do victims get out"])
def test_other_later_clauses_are_no_plea(lexicon, text):
    assert lexicon.find(text) is None and not lexicon.is_plea(text)


# Session 51: "how common is trafficking where i live" got "Please call it now" first.
@pytest.mark.parametrize("text, urgent", [
    ("how common is trafficking where i live", False),
    ("is trafficking common where we live", False),
    ("is there a shelter near me", True),
    ("where i live they lock us in", True),
])
def test_where_one_lives_is_a_place_not_a_person(lexicon, text, urgent):
    assert (lexicon.find(text) is not None) is urgent


# Session 52: "should i be concerned about human trafficking" and "im worried about
# human trafficking in my city" got "Please call it now" first ("is * trafficked").
@pytest.mark.parametrize("text, urgent", [
    ("should i be concerned about human trafficking", False),
    ("im worried about human trafficking in my city", False),
    ("should parents be worried about trafficking", False),
    ("i am worried about my friend being trafficked", True),
    ("im worried my sister is being trafficked", True),
    ("im worried about sex trafficking, my daughter is being trafficked", True),
])
def test_concern_about_trafficking_as_a_whole_is_no_one_being_trafficked(lexicon, text, urgent):
    assert (lexicon.find(text) is not None) is urgent


# Session 52: "plz hlep me" got "my sources don't cover that"; "helppp", "hlep",
# "hepl" and "helpme" "Sorry, I didn't understand that".
@pytest.mark.parametrize("text", ["plz hlep me", "helppp", "heeelp me", "hlep", "hepl",
                                  "helpme", "someone hlep", "pleeeease help"])
def test_help_typed_in_a_hurry_is_asking_for_help(lexicon, text):
    match = lexicon.find(text)
    assert match is not None and match.category == "asking_for_help", (text, match)


@pytest.mark.parametrize("text", ["hello", "helo", "www.example.org",
                                  "helppp me understand smuggling"])
def test_other_words_and_held_keys_are_no_cry_for_help(lexicon, text):
    assert lexicon.find(text) is None


# Session 52: "what can i do if i am being trafficked" got the urgent reply, then the
# warning signs; "what should i do if i am forced to work", then how to help others.
@pytest.mark.parametrize("text, plea", [
    ("what can i do if i am being trafficked", True),
    ("What can I do if I've been trafficked?", True),
    ("what do i do if im being trafficked", True),
    ("what should i do if i am forced to work", True),
    ("what can i do if i think she is trafficked", False),
    ("what can i do if my friend is being trafficked", False),
])
def test_asking_what_to_do_if_one_is_trafficked_oneself_is_a_plea(lexicon, text, plea):
    assert lexicon.is_plea(text) == plea


# Session 59: the spelling rewrites are applied in one pass (assistant/nlu/word_patterns.py).
# That rewrites as one pass per rewrite, longest key first, did only while no rewrite's
# words hold a key (a pass would rewrite them again) and no key holds another (the
# longer would have gone first).
def holds(text, key):
    return re.search(r"(?<![\w'])" + re.escape(key) + r"(?![\w'])", text) is not None


def test_no_rewrite_holds_a_key_so_one_pass_rewrites_as_many_did():
    from assistant.nlu.word_patterns import clean
    keys = [clean(str(k)) for k in CONFIG["spelling"]]
    assert len(set(keys)) == len(keys)
    for key, value in CONFIG["spelling"].items():
        assert not [k for k in keys if holds(str(value), k)], (key, value)
        assert not [k for k in keys if k != clean(str(key)) and holds(clean(str(key)), k)], key


@pytest.mark.parametrize("text, lemmas", [
    ("cant u hlp me", ["can", "not", "you", "help", "me"]),
    ("im stuck in traffic jam", ["i", "be", "stick", "on", "the", "road", "jam"]),
    ("r u there pls", ["be", "you", "there", "please"]),
])
def test_the_rewrites_in_one_pass(lexicon, text, lemmas):
    assert [t.lemma for t in lexicon.tokens(text)] == lemmas
