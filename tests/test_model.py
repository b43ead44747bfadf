"""The trained assistant, end to end (needs `make train`; `make test` trains first).

These are the acceptance numbers: held-out accuracy >= 97% (issue #13 raised it from
95%: the set stays green while the NLU changes), urgent recall 100%,
false-urgent rate <= 5%, and the hotline even with the action server down.
"""
import asyncio

import pytest

from conftest import HOTLINE, ROOT, load_yaml
from assistant.nlu.topic_chooser import read_topics
from tools import evaluate

MODEL = ROOT / "models" / "assistant.tar.gz"


@pytest.fixture(scope="module")
def agent():
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    return evaluate.load_agent(MODEL)


# One event loop for the module: the agent's components are bound to it.
LOOP = asyncio.new_event_loop()


@pytest.fixture(scope="module")
def domain_buttons():
    """The payloads of a response's buttons, as domain.yml writes them."""
    responses = load_yaml("domain.yml")["responses"]
    return lambda name: [b["payload"] for b in responses[name][0]["buttons"]]


def run(coroutine):
    return LOOP.run_until_complete(coroutine)


def assert_urgent_reply_first(agent, text):
    """The first reply to `text` is the urgent one, starting with the hotline."""
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names[:1] == ["utter_urgent"], names
    assert texts[0].startswith(HOTLINE)


def test_held_out_accuracy_is_at_least_97_percent(agent):
    report = run(evaluate.holdout_report(agent, evaluate.read_holdout()))
    print(f"\nheld-out accuracy {report.accuracy:.1%}; misses: {report.errors}")
    assert report.accuracy >= 0.97, report.errors


def test_every_urgent_message_gets_the_hotline_first(agent):
    messages = evaluate.read_yaml_list(evaluate.URGENT_MESSAGES, "messages")
    assert len(messages) >= 100
    report = run(evaluate.urgent_report(agent, messages))
    print(f"\nurgent recall {report.recall:.1%}; caught by {dict(report.caught_by)}")
    assert report.missed == []


def test_few_ordinary_questions_are_treated_as_urgent(agent):
    questions = evaluate.read_yaml_list(evaluate.FAQ_QUESTIONS, "questions")
    assert len(questions) >= 100
    rate, wrong = run(evaluate.false_urgent(agent, questions))
    print(f"\nfalse-urgent rate {rate:.1%}: {wrong}")
    assert rate <= 0.05, wrong


def test_a_question_mark_seldom_changes_what_our_questions_are_taken_for(agent):
    # Our examples rarely end in "?"; people's questions nearly always do. Read as
    # typed only, adding a "?" to our own held-out and ordinary questions changed the
    # label of 7 of 284; read both ways, the surer reading standing, 3
    # (docs/performance.md, session 26).
    texts = [text for text, _ in evaluate.read_holdout()]
    texts += evaluate.read_yaml_list(evaluate.FAQ_QUESTIONS, "questions")
    bare = [text.rstrip(" ?!.") for text in texts]
    changed = [text for text in bare
               if evaluate.label_of(run(evaluate.parse(agent, text)))
               != evaluate.label_of(run(evaluate.parse(agent, text + "?")))]
    assert len(bare) >= 280
    assert len(changed) <= 3, changed


def test_urgent_gets_the_hotline_with_the_action_server_down(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    # Nothing listens on port 9: any call to the action server would fail.
    endpoints.write_text('action_endpoint:\n  url: "http://127.0.0.1:9/webhook"\n')
    agent = evaluate.load_agent(MODEL, endpoints=endpoints)
    for text in ["help", "they took my passport", "what is human trafficking?", "asdfgh"]:
        replies = run(evaluate.first_reply(agent, text))
        assert replies, text
    assert run(evaluate.first_reply(agent, "they took my passport"))[0].startswith(HOTLINE)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\x00\x01", "<img src=x onerror=alert(1)>", "a" * 20000,
     "¿Qué es la trata de personas?", "🙂🙂🙂"],
)
def test_bad_input_gets_a_reply(agent, text):
    replies = run(evaluate.first_reply(agent, text))
    assert replies and all(r for r in replies), text


@pytest.mark.parametrize("text", ["asdfgh", "kjhkjh", "qwerty", "zzz", "xyz 123"])
def test_keyboard_mashing_gets_the_fallback_with_the_hotline(agent, text):
    # Not greeted, thanked or said goodbye to: the assistant says it did not understand.
    parsed = run(agent.parse_message(text))
    assert parsed["intent"]["name"] == "nlu_fallback", parsed["intent"]
    replies = run(evaluate.first_reply(agent, text))
    assert replies[0].startswith("Sorry, I didn't understand") and HOTLINE in replies[0]


# --- Answer, offer or abstain (issue #13) ------------------------------------------------

def test_a_question_with_alarm_words_gets_the_urgent_reply_then_its_answer(agent):
    texts, names = run(evaluate.bot_turn(
        agent, "why don't victims leave when the trafficker threatens them"))
    assert names == ["utter_urgent", "utter_faq/leaving_hard"]
    assert texts[0].startswith(HOTLINE)


def test_a_disclosure_still_gets_the_urgent_reply_alone(agent):
    _, names = run(evaluate.bot_turn(agent, "my boss took my passport and locks us in"))
    assert names == ["utter_urgent"]


def test_every_topic_question_gets_its_topic(agent):
    for topic, question in read_topics().items():
        _, names = run(evaluate.bot_turn(agent, question))
        assert names == [f"utter_faq/{topic}"], question


# Vague questions about the law: a model is torn between two topics on some of them
# (U.S. law, the UN definition, whether it is a crime); which ones moves with training.
VAGUE = ["law?", "legal side of it", "anything on the law", "laws on it",
         "tell me about the law", "rules about it"]


def test_torn_between_two_topics_it_offers_both_with_the_hotline(agent):
    offers = {}
    for text in VAGUE:
        replies = run(agent.handle_text(text, sender_id=f"torn-{text}"))
        if replies and replies[0].get("buttons"):
            offers[text] = replies
    assert offers, "no vague question got an offer"
    text, replies = next(iter(offers.items()))
    assert len(replies) == 1 and HOTLINE in replies[0]["text"]
    offered = [b["payload"] for b in replies[0]["buttons"]]
    topics = set(read_topics().values())
    assert len(offered) == 2 and set(offered) <= topics
    # Tapping one answers it.
    answer = run(agent.handle_text(offered[0], sender_id=f"torn-{text}"))
    assert len(answer) == 1 and "buttons" not in answer[0]


@pytest.mark.parametrize("text", VAGUE + ["laws?", "what does the law say"])
def test_a_vague_question_about_the_law_is_never_told_the_sources_do_not_cover_it(agent, text):
    # They do cover it (the TVPA, the Palermo Protocol). An answer, an offer or "I didn't
    # understand" are all fair; "my sources don't cover that" is false. (Session 19's
    # 45 extra out-of-scope examples made four of these out of scope, and were dropped.)
    _, names = run(evaluate.bot_turn(agent, text))
    assert "utter_out_of_scope" not in names, (text, names)


@pytest.mark.parametrize("text, topic", [
    # Short follow-ups with no topic word. "is it illegal?" was told "my sources don't
    # cover that" (the out-of-scope examples about other offences' law), and "where
    # does it happen" got the sex-trafficking answer (an example there said just that).
    ("is this illegal?", "is_it_a_crime"), ("is that illegal?", "is_it_a_crime"),
    ("is it against the law", "is_it_a_crime"),
    ("where does it take place?", "where"), ("where is it happening", "where"),
])
def test_a_short_follow_up_gets_its_topic(agent, text, topic):
    _, names = run(evaluate.bot_turn(agent, text))
    assert names == [f"utter_faq/{topic}"], names


@pytest.mark.parametrize("text", ["what's the capital of peru", "who won the cricket",
                                  "how do i apply for a passport",
                                  # Session 48: the effects on victims, why trafficking
                                  # spreads, what sex trafficking is.
                                  "do victims go to jail",
                                  "why are victims treated like criminals",
                                  "can a victim be charged with prostitution"])
def test_what_the_sources_do_not_cover_gets_no_faq_answer(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert not any(n.startswith("utter_faq/") for n in names), names
    assert HOTLINE in texts[0]


@pytest.mark.parametrize("text", ["how common is trafficking in my city",
                                  "what are the forms of trafficking in my country",
                                  "what are the effects of trafficking on my family"])
def test_a_topic_question_that_says_my_does_not_get_the_urgent_reply(agent, text):
    _, names = run(evaluate.bot_turn(agent, text))
    assert "utter_urgent" not in names, names



# "I don't understand" after an answer got "Please call it now" (the classifier called
# it urgent, 0.43-0.93): alarming for someone who only found a reply unclear.
@pytest.mark.parametrize("text", ["i dont understand what u said", "huh, what do u mean",
                                  "that's not really what i was asking",
                                  "sorry, i don't follow"])
def test_not_understanding_a_reply_gets_ways_to_ask_again_with_the_hotline(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_not_clear"], names
    assert HOTLINE in texts[0]


@pytest.mark.parametrize("text", ["i dont understand why he wont let me go home",
                                  "im confused, my boss has my passport and says i owe him"])
def test_confusion_about_ones_own_situation_still_gets_the_urgent_reply(agent, text):
    assert_urgent_reply_first(agent, text)


# "ok" got the goodbye, then (with the not_clear intent) "Sorry that didn't help".
# Session 44: "lol ok" got "Please call it now".
# Session 63: a thumbs-up alone got "Sorry, I didn't understand that".
@pytest.mark.parametrize("text", ["OK!!", "okayyy", "yeah ok", "yep, got it", "lol ok", "haha",
                                  "\U0001F44D", "\U0001F44C\U0001F44C"])
def test_an_acknowledgement_invites_another_question_with_the_hotline(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_acknowledge"], names
    assert HOTLINE in texts[0]


@pytest.mark.parametrize("text, reply", [
    ("ok bye", "utter_goodbye"), ("ok thanks", "utter_thank"),
    ("no, he took my passport and i cant leave", "utter_urgent"),
])
def test_an_acknowledgement_with_more_in_it_is_read_for_the_rest(agent, text, reply):
    _, names = run(evaluate.bot_turn(agent, text))
    assert names[:1] == [reply], names

# "how do I get out" got the hotline, then that escaping is extremely difficult and
# dangerous: no help to the person asking (session 35, knowledge/urgent.yml `pleas`).
# Session 36: "can they help me get home" got the hotline, then how to help others
# (raise awareness, donate); "what if they find out" the warning signs alone.
@pytest.mark.parametrize("text", ["how do I get out", "how can I escape?",
                                  "how can I leave my pimp?", "can they help me get home?",
                                  "what if they find out"])
def test_asking_how_to_get_out_gets_the_urgent_reply_alone(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_urgent"], names
    assert texts[0].startswith(HOTLINE)


def test_asking_how_victims_get_out_is_answered(agent):
    _, names = run(evaluate.bot_turn(agent, "how do victims get out?"))
    assert names == ["utter_faq/leaving_hard"], names


# "tell me more" got "Sorry, I didn't understand that", and "anything else?" "my sources
# don't cover that" (session 35).
# Session 62: "tell me something" and "quiz me" got "Please call it now", "give me a
# fact" the list of sources.
@pytest.mark.parametrize("text", ["tell me more", "OK, tell me more!", "anything else?", "more",
                                  "can you elaborate", "thanks, tell me more",
                                  "tell me something", "quiz me", "give me a fact"])
def test_asking_for_more_gets_other_topics_with_the_hotline(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_more"], names
    assert HOTLINE in texts[0]
    # It is also the reply to a first message, so it presumes no answer before it
    # (it said "no more to add on that" until session 36).
    assert "on that" not in texts[0]


# Reactions after an answer: "really?" (the classifier: urgent, 0.91) got "Please call it
# now", "wow" too, and "i'm fine" (session 36). They are acknowledgements.
# Session 50: "thats so sad", "that makes me angry", "i feel bad for them", "that helps"
# got it too.
@pytest.mark.parametrize("text", ["really?", "wow", "no way", "seriously?", "that's sad",
                                  "that's scary", "so many", "i'm fine", "im ok", "never mind",
                                  "thats so sad", "that makes me angry", "i feel bad for them",
                                  "that helps",
                                  # Session 63: "Please call it now" (six words, one of
                                  # our examples).
                                  "i feel so bad for them"])
def test_a_reaction_is_an_acknowledgement_not_a_cry_for_help(agent, text):
    _, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_acknowledge"], names


# "like what?", "that's it?" and "help me understand" got "Please call it now" (session
# 36): they ask for more.
@pytest.mark.parametrize("text", ["like what?", "that's it?", "for example?", "is that all",
                                  "help me understand",
                                  # Session 63: "Sorry, I didn't understand that", two
                                  # topics to choose from (six words, one of our examples).
                                  "whats an example", "can you give me an example?"])
def test_asking_for_an_example_or_more_is_asking_for_more(agent, text):
    _, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_more"], names


# A question word alone: "where" got "Please call it now", then where trafficking
# happens; "how" "my sources don't cover that" (session 38).
@pytest.mark.parametrize("text", ["where", "why?", "How so?", "ok, who?", "when?"])
def test_a_question_word_alone_is_asking_for_more(agent, text):
    _, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_more"], names


# After a disclosure of the past, "it still happens" got "Sorry that didn't help"
# (session 38).
def test_saying_it_is_still_going_on_is_urgent(agent):
    sender = "still-happens"
    run(evaluate.bot_turn(agent, "my mom sold me to a man when i was 12", sender))
    for text in ["it still happens", "it's still happening", "he still does it to me"]:
        texts, names = run(evaluate.bot_turn(agent, text, sender))
        assert names == ["utter_urgent"], (text, names)


# Someone close offered a job or a move by a stranger online: it had got "my sources
# don't cover that" (session 38).
def test_a_stranger_offering_a_friend_a_job_or_a_move_gets_the_hotline_first(agent):
    assert_urgent_reply_first(agent, "my friend met a guy online who wants her to move to "
                                     "another city for a modeling job")


def test_feelings_of_ones_own_stay_urgent(agent):
    for text in ["i'm scared", "i'm so sad", "that's scary, my boss took my passport"]:
        _, names = run(evaluate.bot_turn(agent, text))
        assert names == ["utter_urgent"], (text, names)


# "is it anonymous?" alone got "Sorry, I didn't understand that" (session 37).
@pytest.mark.parametrize("text", ["is it anonymous?", "Anonymous?", "ok, is it confidential?",
                                  "is it private", "can i stay anonymous"])
def test_is_it_anonymous_alone_asks_which_is_meant_with_the_hotline(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_anonymous_which"], names
    assert HOTLINE in texts[0]


def test_each_choice_of_is_it_anonymous_gets_its_own_answer(agent, domain_buttons):
    payloads = domain_buttons("utter_anonymous_which")
    replies = [run(evaluate.bot_turn(agent, p))[1] for p in payloads]
    assert replies == [["utter_privacy"], ["utter_hotline"]]


@pytest.mark.parametrize("text, reply", [("is this anonymous?", "utter_privacy"),
                                         ("is the hotline anonymous?", "utter_hotline")])
def test_saying_what_is_meant_gets_that_answer(agent, text, reply):
    assert run(evaluate.bot_turn(agent, text))[1] == [reply]


# "what do I do now?" right after a disclosure got how to help others ("raise awareness,
# donate"), "what should I do?" two topics to choose from (session 36).
@pytest.mark.parametrize("text", ["what do i do now", "What should I do?", "ok so what now",
                                  "what am I supposed to do", "thank you, what now?",
                                  "can you help?", "wut do i do"])
def test_asking_what_to_do_gets_the_hotline_first_then_ways_to_help(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_what_to_do"], names
    assert texts[0].startswith(HOTLINE)


# After telling of a friend, "what should she do?" got "my sources don't cover that",
# "what should he do?" "Sorry, I didn't understand that" (session 38).
def test_asking_what_someone_else_should_do_gets_the_hotline_first(agent):
    sender = "what-should-she-do"
    run(evaluate.bot_turn(agent, "my friend met a guy online who wants her to move to another "
                                 "city for a modeling job", sender))
    for text in ["what should she do?", "What should he do", "what do i tell her"]:
        texts, names = run(evaluate.bot_turn(agent, text, sender))
        assert names == ["utter_what_to_do"], (text, names)
        assert texts[0].startswith(HOTLINE)


def reply_after_the_urgent_reply(agent, disclosure, text, sender):
    """The texts and names of the reply to `text`, sent after `disclosure`, which must
    have got the urgent reply."""
    _, names = run(evaluate.bot_turn(agent, disclosure, sender))
    assert names == ["utter_urgent"], names
    return run(evaluate.bot_turn(agent, text, sender))


def test_asking_what_to_do_after_a_disclosure(agent):
    texts, names = reply_after_the_urgent_reply(
        agent, "my uncle makes me work and i cant leave", "what do i do now?", "what-to-do")
    assert names == ["utter_what_to_do"], names
    assert texts[0].startswith(HOTLINE) and texts[0].count(HOTLINE) == 1


# Session 61: after thanks or "ok", a question got "You're welcome" alone, or "Sorry, I
# didn't understand that"; it is also read without them, and a plea stays urgent.
@pytest.mark.parametrize("text, reply", [
    ("thanks, how do i help", "utter_faq/how_to_help"),
    ("ok, how do i help?", "utter_faq/how_to_help"),
    ("thank you so much, how do i report it", "utter_faq/how_to_report"),
    ("thanks! where does it happen", "utter_faq/where"),
    ("ok thanks, how do i get out", "utter_urgent"),
])
def test_a_question_after_thanks_gets_its_answer(agent, text, reply):
    assert run(evaluate.bot_turn(agent, text))[1] == [reply]


# Opened with "so", "but", "and", it had got "Please call it now", then how to help
# others by raising awareness (session 61).
@pytest.mark.parametrize("text", ["so what should i do", "but what do i do now?",
                                  "and what do i do"])
def test_asking_what_to_do_after_a_disclosure_opened_with_a_connecting_word(agent, text):
    texts, names = reply_after_the_urgent_reply(
        agent, "my uncle makes me work and i cant leave", text, "what-to-do-" + text[:3])
    assert names == ["utter_what_to_do"], names
    assert texts[0].startswith(HOTLINE)


def test_asking_what_to_do_after_saying_calling_is_not_safe(agent):
    texts, names = reply_after_the_urgent_reply(
        agent, "he took my passport, i can't call, he is listening", "what should i do?",
        "what-to-do-cannot-call")
    assert names == ["utter_what_to_do"], names
    assert texts[0].startswith(HOTLINE) and "when it is safe for you" in texts[0]


# "how are you?" got "my sources don't cover that", "what's your name?" "Sorry, I didn't
# understand that", "where are you from?" where trafficking happens (session 38).
# "you still there?" got the goodbye, "u there" "Sorry, I didn't understand that"
# (session 47). "how do i use this" got the list of sources (session 52).
@pytest.mark.parametrize("text", ["how are you?", "hi, how are you", "What's your name?",
                                  "where are you from?", "are you there?",
                                  "you still there?", "u there", "still there??",
                                  "how do i use this?",
                                  # Session 63: the goodbye; "my sources don't cover that".
                                  "can u txt me back later", "can you email me"])
def test_small_talk_about_the_assistant_says_what_it_is(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_about_assistant"], names
    assert texts[0].startswith("I'm an automated assistant") and HOTLINE in texts[0]


# Session 62: "what languages do you speak" got "my sources don't cover that".
@pytest.mark.parametrize("text", ["what languages do you speak?", "do you only speak english",
                                  "can i write in another language"])
def test_asking_which_languages_it_speaks_says_english(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_about_assistant"], names
    assert "in English" in texts[0] and HOTLINE in texts[0]


# Session 48: after something urgent, "u still there?" got a menu of topics (buttons on
# the web, a numbered list by SMS): now that it is here, the number, and no menu.
def test_asking_if_it_is_still_there_after_something_urgent_gets_no_menu(agent):
    sender = "still-there-after-urgent"
    run(agent.handle_text("my boss keeps my passport and we cant leave", sender_id=sender))
    replies = run(agent.handle_text("u still there?", sender_id=sender))
    assert [r.get("buttons") for r in replies] == [None]
    assert replies[0]["text"].startswith("I'm here.") and HOTLINE in replies[0]["text"]


# Session 39: after telling of a situation, "is this normal?" got "I'm an automated
# assistant, not a person"; "who do I tell?" the list of sources; after an answer, "are
# you sure?" "I'm an automated assistant, not a person".
@pytest.mark.parametrize("disclosure, text, name", [
    ("she said the owner holds their passports", "is this normal?", "utter_about_situation"),
    ("one of my students has a much older boyfriend who buys her stuff", "who do i tell",
     "utter_what_to_do"),
    ("my friend's pimp takes all her money", "she says she loves him", "utter_someone_stays"),
    # Session 44: "Sorry, I didn't understand that".
    ("i think i might be a victim", "how would i know", "utter_about_situation"),
    # Session 44: "my sources don't cover that".
    ("the manager keeps the new girls passports", "should i say something", "utter_what_to_do"),
    ("my daughter is 15 and talking to a 25 year old man online", "is this grooming?",
     "utter_about_situation"),
    # Session 58: "my sources don't cover that" (twice).
    ("my coworker never gets paid and lives at the restaurant", "what can i do for her",
     "utter_what_to_do"),
    ("my friend's boyfriend sells her to other men", "how do i help my friend",
     "utter_what_to_do"),
    # Session 60: two topics to choose from (children, women and girls), who the victims
    # are, "Please call it now" again.
    ("my friend posts ads online for massage, she says she keeps the money",
     "is she a victim", "utter_about_situation"),
    ("my brother works on a farm and they keep his passport", "is he a victim",
     "utter_about_situation"),
    ("my neighbour's nanny never leaves the house", "would that count",
     "utter_about_situation"),
    ("my neighbour's nanny never leaves the house", "does that count as trafficking",
     "utter_about_situation"),
    # Session 62: "my sources don't cover that".
    ("i think my neighbor is trafficking people", "what if it's nothing",
     "utter_about_situation"),
    ("one of my students has new expensive things and an older boyfriend",
     "should i tell the principal", "utter_what_to_do"),
    ("my coworker lives at the restaurant and never gets paid", "should i report it to hr",
     "utter_what_to_do"),
    ("i think my neighbor is trafficking people", "what if im overreacting?",
     "utter_about_situation"),
    # Session 63 (knowledge/situations.yml): "my sources don't cover that" (twice), the
    # reply to "are you a bot?", that trafficking is a crime, "Sorry, I didn't understand
    # that".
    ("my friend got a modelling job abroad and they took her passport",
     "is that a scam or trafficking", "utter_about_situation"),
    ("my friend got a modelling job abroad and they took her passport",
     "could it be a scam?", "utter_about_situation"),
    ("my friend got a modelling job abroad and they took her passport",
     "is this sketchy", "utter_about_situation"),
    ("my sister's husband won't let her leave the house", "is it abuse or trafficking",
     "utter_about_situation"),
    ("my brother works on a farm and they keep his passport", "but is that just a bad boss?",
     "utter_about_situation"),
])
def test_what_people_say_after_telling_of_a_situation(agent, disclosure, text, name):
    texts, names = reply_after_the_urgent_reply(agent, disclosure, text, f"after-{text}")
    assert names == [name], names
    assert HOTLINE in texts[0]


@pytest.mark.parametrize("text", ["are you sure?", "is that true", "ok, is that accurate?",
                                  "no, that's wrong", "i don't believe you"])
def test_doubting_an_answer_gets_where_it_comes_from(agent, text):
    sender = f"doubt-{text}"
    run(evaluate.bot_turn(agent, "how many victims are there?", sender))
    texts, names = run(evaluate.bot_turn(agent, text, sender))
    assert names == ["utter_sources"], names
    assert texts[0].startswith("Everything I say comes from three awareness pages")


@pytest.mark.parametrize("text", ["1-888-373-7888", "what is 1-888-373-7888"])
def test_the_number_typed_back_gets_what_it_is(agent, text):
    # Session 55: "Sorry, I didn't understand that", "my sources don't cover that".
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_human"] and texts[0].startswith(HOTLINE)


# Session 63: the goodbye; "Sorry, I didn't understand that" (twice).
@pytest.mark.parametrize("text", ["can you call me later", "agent", "customer service"])
def test_asking_for_a_call_back_or_an_agent_gets_the_hotline_to_talk_to_a_person(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_human"] and texts[0].startswith(HOTLINE)


@pytest.mark.parametrize("text, names", [
    # Session 55: "Sorry, I didn't understand that"; the urgent reply, then how to help.
    ("who do i call for help", ["utter_human"]),
    ("where do i call for help", ["utter_urgent"]),
])
def test_asking_whom_to_call_for_help_gets_the_hotline_first(agent, text, names):
    texts, got = run(evaluate.bot_turn(agent, text))
    assert got == names and texts[0].startswith(HOTLINE)


@pytest.mark.parametrize("text", ["someone is coming", "someone's coming", "they are coming",
                                  "he is coming"])
def test_someone_coming_said_alone_gets_the_hotline_first(agent, text):
    # Session 55: "Sorry, I didn't understand that", or the goodbye.
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_urgent"] and texts[0].startswith(HOTLINE)


@pytest.mark.parametrize("text", ["gtg", "goodnight"])
def test_leaving_as_texted_gets_the_goodbye(agent, text):
    # Session 55: "Sorry, I didn't understand that".
    assert run(evaluate.bot_turn(agent, text))[1] == ["utter_goodbye"]


def test_the_numbers_1_is_no_age(agent):
    # Session 55: the urgent reply, then the answer about minors.
    assert run(evaluate.bot_turn(agent, "im in danger is 1-888-373-7888 right"))[1] == [
        "utter_urgent"]


@pytest.mark.parametrize("text", ["you're useless", "ur dumb", "fuck you", "ok this is stupid",
                                  # Session 58: the urgent reply (its stars read as
                                  # nothing: "f off").
                                  "f*** off"])
def test_frustration_gets_ways_to_ask_again_with_the_hotline(agent, text):
    # Session 55: these had got "Sorry, I didn't understand that", the sources, or
    # "Take care" (the goodbye).
    sender = f"frustrated-{text}"
    run(evaluate.bot_turn(agent, "how many victims are there?", sender))
    texts, names = run(evaluate.bot_turn(agent, text, sender))
    assert names == ["utter_not_clear"], names
    assert HOTLINE in texts[0]


@pytest.mark.parametrize("text", ["my boss says im useless", "he says i'm stupid and can't leave"])
def test_being_called_names_by_someone_else_is_not_a_complaint(agent, text):
    assert run(evaluate.bot_turn(agent, text))[1][0] == "utter_urgent"


def test_a_question_about_how_you_help_is_still_answered(agent):
    assert run(evaluate.bot_turn(agent, "how are you guys helping victims?"))[1] == [
        "utter_faq/who_fights"]


# "I don't want to call" right after the urgent reply got "call it to talk to a person"
# (session 38).
def test_saying_no_to_calling_after_a_disclosure_keeps_the_hotline_and_the_choice(agent):
    texts, names = reply_after_the_urgent_reply(
        agent, "my boyfriend makes me sleep with his friends for money",
        "i dont want to call anyone", "decline-call")
    assert names == ["utter_decline_call"], names
    assert texts[0].startswith(HOTLINE) and "up to you" in texts[0]


@pytest.mark.parametrize("text", ["I don't want to call.", "no, i'm not calling",
                                  "can i just talk to you?", "i'd rather text"])
def test_saying_no_to_calling_gets_its_reply(agent, text):
    assert run(evaluate.bot_turn(agent, text))[1] == ["utter_decline_call"]


# A plea with it is still urgent: the list reads only whole messages.
def test_saying_no_to_calling_with_danger_in_it_stays_urgent(agent):
    _, names = run(evaluate.bot_turn(agent, "i dont want to call, he will hurt me"))
    assert names == ["utter_urgent"], names


# "Are solar panels made using forced labour?" got where labour trafficking is found,
# "is cotton made with child labor?" the answer about minors (session 38): the sources
# name no product. ("Is my phone made with forced labour?" still gets the urgent reply
# and that answer: the classifier calls it urgent, and a subject list never makes a
# turn less urgent.)
@pytest.mark.parametrize("text", ["are solar panels made using forced labour?",
                                  "is cotton made with child labor?"])
def test_a_question_about_products_is_out_of_scope(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_out_of_scope"], names
    assert HOTLINE in texts[0]


def test_asking_what_can_i_do_to_help_is_still_answered(agent):
    _, names = run(evaluate.bot_turn(agent, "what can i do to help?"))
    assert names == ["utter_faq/how_to_help"], names


# "Is this legal?" got "Yes. Human trafficking is an organised, violent crime": a "yes" to
# the wrong question (session 36). The answer to either question opens with no yes or no.
@pytest.mark.parametrize("text", ["is this legal?", "is trafficking legal", "is it illegal?"])
def test_a_legality_question_is_not_answered_yes(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_faq/is_it_a_crime"], names
    assert texts[0].startswith("Human trafficking is a crime"), texts[0]


@pytest.mark.parametrize("text, reply", [
    ("tell me more about smuggling", "utter_faq/smuggling_vs_trafficking"),
    ("what else can you do", "utter_capabilities"),
    ("ok tell me more, my boss has my passport", "utter_urgent"),
])
def test_asking_for_more_with_a_question_in_it_is_read_for_the_question(agent, text, reply):
    _, names = run(evaluate.bot_turn(agent, text))
    assert names[:1] == [reply], names


# --- Questions about the chat itself -------------------------------------------------------

# "is this conversation private?" got "I'm an automated assistant", and "can you delete
# this chat" "my sources don't cover that" (assistant/nlu/privacy_questions.py).
@pytest.mark.parametrize("text", [
    "is this conversation private?", "can you delete this chat", "Do you save my messages?",
    "will this show up on my phone bill",
    # Session 48: "Sorry, I didn't understand that"; where the facts come from; "I'm an
    # automated assistant, not a person".
    "will this show in my history", "what if he reads this", "are you recording",
    # Session 62: "Sorry, I didn't understand that"; "my sources don't cover that".
    "are you from the government", "should i use incognito",
    # Session 63: "my sources don't cover that".
    "do you sell my data",
])
def test_a_question_about_the_chat_gets_what_happens_to_it_with_the_hotline(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_privacy"], names
    assert HOTLINE in texts[0] and "Quick exit" in texts[0]


@pytest.mark.parametrize("text", [
    "he took my passport. is this chat private?",  # the lexicon
    "can my boyfriend see what i write here?",     # the classifier
    # Session 62: the urgent reply, then the warning signs; the urgent reply alone.
    "what if he checks my phone",
    "can he see i was on this site",
    # Session 63: the urgent reply alone.
    "how do i hide that i was here",
])
def test_a_question_about_the_chat_that_is_urgent_too_gets_the_urgent_reply_first(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_urgent", "utter_privacy"], names
    assert texts[0].startswith(HOTLINE)


def test_asking_to_report_anonymously_is_not_a_question_about_the_chat(agent):
    _, names = run(evaluate.bot_turn(agent, "can I report anonymously?"))
    assert "utter_privacy" not in names, names


# --- Problems at work --------------------------------------------------------------------

# "My Employer Is Not Paying Me Overtime, What Do I Do?" got "Please call it now"
# (assistant/nlu/workplace_problems.py).
@pytest.mark.parametrize("text", [
    "my employer is not paying me overtime, what do I do?",
    "my manager keeps our tips. is that legal?",
    "I told HR my supervisor harasses me and nothing happened",
])
def test_a_problem_at_work_gets_what_the_sources_say_with_the_hotline(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_workplace"], names
    assert HOTLINE in texts[0] and "force, fraud or coercion" in texts[0]


@pytest.mark.parametrize("text", [
    "they don't pay me overtime and they took my passport",
    "my boss keeps my tips and says I owe him for the trip",
    "they don't pay me",
])
def test_unpaid_work_with_a_sign_of_force_or_no_workplace_word_stays_urgent(agent, text):
    assert_urgent_reply_first(agent, text)


# --- Subjects the sources don't cover -----------------------------------------------------

# "Is Forced Marriage A Form Of Human Trafficking?" got the forms of trafficking
# (assistant/nlu/uncovered_subjects.py). Written in our own words, not the real ones.
@pytest.mark.parametrize("text", [
    "is forced marriage a kind of trafficking?",
    "what are the most common myths about trafficking",
    "how many years in prison is the punishment for trafficking?",
    "who are the men that buy sex from trafficked girls?",
    "what happens in an aftercare programme?",
    # Session 62: the organisation running this chat; who fights trafficking (NGOs
    # among them).
    "are you an ngo?", "is this a real organization",
    # Session 62: how trafficking harms victims.
    "what happens if i tell someone",
    # Session 63: the two forms the sources name.
    "is begging a form of trafficking", "what about begging",
    # Session 63: what labour trafficking is.
    "should we train our employees",
])
def test_a_subject_the_sources_do_not_cover_gets_out_of_scope_with_the_hotline(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_out_of_scope"], names
    assert HOTLINE in texts[0]


@pytest.mark.parametrize("text", [
    # The lexicon matches these...
    "my parents are forcing me to marry an old man",
    "i was sold as a bride and they keep my passport",
    # ...and the classifier calls these urgent, which the list never overrules.
    "he made me get a tattoo of his name",
    "my boyfriend films porn of me and sells it",
])
def test_a_disclosure_that_names_such_a_subject_stays_urgent(agent, text):
    assert_urgent_reply_first(agent, text)


# --- Other languages ----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["¿Qué es la trata de personas?", "¿Cómo puedo protegerme?"])
def test_a_question_in_spanish_is_told_in_spanish_with_the_hotline(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_other_language"]
    assert texts[0].startswith("Lo siento, solo puedo responder en inglés") and HOTLINE in texts[0]


@pytest.mark.parametrize("text, opening", [
    ("Como posso denunciar o tráfico de pessoas?", "Desculpe, só posso responder em inglês"),
    ("Qu'est-ce que la traite des personnes ?", "Désolé, je ne peux répondre qu'en anglais"),
    ("Che cos'è la tratta di esseri umani?", "Mi dispiace, posso rispondere solo in inglese"),
])
def test_portuguese_french_and_italian_are_told_in_their_language(agent, text, opening):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_other_language"]
    assert texts[0].startswith(opening) and HOTLINE in texts[0]


# Session 40: a message in another script got "Sorry, I didn't understand that. I answer
# questions about human trafficking...", the number last; a plea in it stays urgent.
@pytest.mark.parametrize("text", ["помогите", "我需要帮助", "أحتاج مساعدة"])
def test_another_script_gets_the_number_first(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_other_language"], names
    assert texts == ["1-888-373-7888 is the human trafficking hotline. "
                     "Sorry, I can only read and answer English."]


def test_a_plea_in_another_script_with_help_in_english_stays_urgent(agent):
    texts, names = run(evaluate.bot_turn(agent, "help помогите"))
    assert names == ["utter_urgent"] and texts[0].startswith(HOTLINE), names


# Asking for a language got "my sources don't cover that" in English, "Portuguese
# please" the urgent reply (session 38).
@pytest.mark.parametrize("text, opening", [
    ("do you speak spanish?", "Lo siento, solo puedo responder en inglés"),
    ("Portuguese please", "Desculpe, só posso responder em inglês"),
    ("en français ?", "Désolé, je ne peux répondre qu'en anglais"),
    # Session 44: asking for someone who speaks it got "my sources don't cover that".
    ("is there someone who speaks spanish", "Lo siento, solo puedo responder en inglés"),
])
def test_asking_for_a_language_is_told_in_it(agent, text, opening):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_other_language"], names
    assert texts[0].startswith(opening) and HOTLINE in texts[0]


# Session 39: an urgent question that also said calling isn't possible got its answer
# alone, with no urgent reply (no rule had both entities).
@pytest.mark.parametrize("text, answer", [
    ("how do i know if i'm being trafficked? i can't call, he is listening",
     "utter_faq/warning_signs"),
    ("is this chat private? he took my passport and i can't call", "utter_privacy"),
    ("is the hotline free? he took my passport and i can't call", "utter_hotline"),
    ("she says she's fine but he beats her, i can't call", "utter_someone_stays"),
])
def test_an_urgent_question_from_someone_who_cannot_call_gets_the_urgent_reply_first(
        agent, text, answer):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_urgent", answer], names
    assert texts[0].startswith(HOTLINE) and "when it is safe for you" in texts[0]


# Session 39: "help spanish" got the urgent reply in English.
@pytest.mark.parametrize("text, opening", [
    ("help spanish", "1-888-373-7888 es la línea contra la trata de personas. Llame ahora"),
    ("i need help in portuguese", "1-888-373-7888 é a linha contra o tráfico de pessoas"),
])
def test_asking_for_help_in_a_language_gets_the_urgent_reply_in_it(agent, text, opening):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_urgent"], names
    assert texts[0].startswith(opening)


# Session 48: "my sources don't cover that" in English, and the reply that the assistant
# answers only in English.
@pytest.mark.parametrize("text, opening", [
    ("no me deja salir", "1-888-373-7888 es la línea contra la trata de personas. Llame ahora"),
    ("lui non mi lascia uscire", "1-888-373-7888: la linea contro la tratta di persone"),
])
def test_being_kept_in_told_in_another_language_gets_the_urgent_reply_in_it(agent, text,
                                                                            opening):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_urgent"], names
    assert texts[0].startswith(opening)


def test_the_reply_follows_the_language_of_each_message(agent):
    sender = "languages"
    replies = [run(agent.handle_text(t, sender_id=sender))[0]["text"] for t in
               ["Qu'est-ce que la traite des personnes ?", "¿Qué es la trata de personas?"]]
    assert replies[0].startswith("Désolé") and replies[1].startswith("Lo siento")


@pytest.mark.parametrize("text", ["me quitaron el pasaporte y no puedo salir",
                                  "ayuda por favor", "estoy encerrada y tengo miedo"])
def test_a_plea_in_spanish_gets_the_urgent_reply(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_urgent"] and texts[0].startswith(HOTLINE)


# Session 61: right after an answer about victims, "my sister is one" and "she is one"
# got the answer on who the traffickers are, with no hotline. Session 63: it still came
# after the urgent reply, as if the sister were a trafficker; the urgent reply is all.
@pytest.mark.parametrize("before, text", [("who are the victims", "my sister is one"),
                                          ("what about kids", "she is one"),
                                          ("what is sex trafficking", "my brother is one")])
def test_saying_someone_close_is_one_of_them_gets_the_urgent_reply_alone(agent, before, text):
    sender = f"is-one-{text}"
    run(evaluate.bot_turn(agent, before, sender))
    texts, names = run(evaluate.bot_turn(agent, text, sender))
    assert names == ["utter_urgent"] and texts[0].startswith(HOTLINE), names


# Session 63: "Please call it now" (the lexicon's "my * is one").
def test_a_childs_age_of_one_is_not_someone_being_one_of_them(agent):
    _, names = run(evaluate.bot_turn(agent, "my daughter is one year old"))
    assert "utter_urgent" not in names, names


# Session 43: texted without "I", these got "Sorry, I didn't understand that", the
# goodbye, or only why leaving is hard.
@pytest.mark.parametrize("text", ["cant leave the house", "cant go home", "cannot leave",
                                  "isnt safe here", "cant get out"])
def test_a_situation_texted_without_i_gets_the_urgent_reply(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names[0] == "utter_urgent" and texts[0].startswith(HOTLINE), names


# Session 63: "Sorry, I didn't understand that" (sleeping where one works, in a store).
@pytest.mark.parametrize("text", ["we sleep in the back of the store",
                                  "we have to sleep in the warehouse"])
def test_sleeping_where_one_works_gets_the_urgent_reply(agent, text):
    assert_urgent_reply_first(agent, text)


# Session 48: the urgent reply, then the answer on warning signs ("when" read as a
# question).
def test_a_disclosure_opening_with_when_gets_the_urgent_reply_alone(agent):
    texts, names = run(evaluate.bot_turn(agent, "when i was 12 i was trafficked by my mom"))
    assert names == ["utter_urgent"] and texts[0].startswith(HOTLINE)


# Session 48: the urgent reply, then who traffickers are (the classifier was sure of
# that topic); the sources say nothing of suing. Session 53: the urgent reply, then the
# warning signs (the worried question's answer); they say nothing of victims' rights.
@pytest.mark.parametrize("text", ["can i sue my trafficker",
                                  "what are my rights if i was trafficked"])
def test_an_uncovered_subject_in_an_urgent_question_gets_no_topic(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_urgent"] and texts[0].startswith(HOTLINE)


# Session 48: "my sources don't cover that", and a choice of two topics.
@pytest.mark.parametrize("text", ["what he does is sell girls online", "they sell women",
                                  # "my sources don't cover that", to a teenager.
                                  "this guy on snap says he can get me modeling work in LA",
                                  # "my sources don't cover that".
                                  "can someone pick me up",
                                  "a man at the bus station offered me a place to stay",
                                  "i cant remember the last time i got paid"])
def test_selling_others_a_lure_or_a_plea_gets_the_urgent_reply(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_urgent"] and texts[0].startswith(HOTLINE)


# Session 37: "my sources don't cover that" for the first four; the hotline then that
# escaping is extremely difficult and dangerous for the last.
@pytest.mark.parametrize("text", ["can you send police to my address?", "can you send an ambulance",
                                  "can you call 911 for me", "can you contact my mom",
                                  "can you rescue me"])
def test_asking_the_assistant_to_act_gets_the_urgent_reply_alone(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_urgent"] and "can't contact anyone or send help" in texts[0]


# Session 37: a parent's worry in phone spelling ("13 yo", "older guy") got "my sources
# don't cover that"; a question about LGBTQ youth, whom no source names, the answer
# about minors.
def test_a_child_and_an_older_guy_is_urgent(agent):
    text = "my 13 yo is talking to an older guy on snapchat who sends her gifts"
    assert run(evaluate.bot_turn(agent, text))[1] == ["utter_urgent"]


def test_a_group_no_source_names_is_out_of_scope(agent):
    assert run(evaluate.bot_turn(agent, "what about lgbtq youth"))[1] == ["utter_out_of_scope"]


# Session 37: these got the urgent reply in English only. The language comes from the
# urgent lexicon's category ("ayuda por favor" reads as Portuguese by its stop words,
# "socorro" as nothing) or, failing that, from the stop words.
@pytest.mark.parametrize("text, opening", [
    ("me quitaron el pasaporte", "1-888-373-7888 es la línea"),
    ("ayuda por favor", "1-888-373-7888 es la línea"),
    ("socorro", "1-888-373-7888 es la línea"),
    ("me tienen encerrada y no me dejan salir", "1-888-373-7888 es la línea"),
    ("preciso de ajuda", "1-888-373-7888 é a linha"),
    ("Eu preciso de ajuda, não consigo sair", "1-888-373-7888 é a linha"),
    ("aidez-moi", "1-888-373-7888 : ligne"),
    ("il a pris mon passeport", "1-888-373-7888 : ligne"),
    # Session 43: "Sorry, I didn't understand that" in English.
    ("j'ai besoin d'aide", "1-888-373-7888 : ligne"),
    ("aiuto", "1-888-373-7888: la linea"),
    ("mi hanno preso il passaporto", "1-888-373-7888: la linea"),
])
def test_an_urgent_message_in_another_language_is_answered_in_it(agent, text, opening):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_urgent"] and texts[0].startswith(opening)


@pytest.mark.parametrize("text", ["hilfe", "help me", "they took my passport",
                                  "my friend Maria de la Cruz is being forced to work"])
def test_other_urgent_messages_are_answered_in_english(agent, text):
    texts, names = run(evaluate.bot_turn(agent, text))
    assert names == ["utter_urgent"]
    assert texts[0].startswith(f"{HOTLINE} is the human trafficking hotline")


def test_the_urgent_reply_follows_the_language_of_each_message(agent):
    sender = "urgent-languages"
    replies = [run(evaluate.bot_turn(agent, t, sender=sender))[0][0] for t in
               ["me quitaron el pasaporte", "they won't let me leave", "ayuda"]]
    assert replies[0].startswith(f"{HOTLINE} es la línea")
    assert replies[1].startswith(f"{HOTLINE} is the human trafficking hotline")
    assert replies[2].startswith(f"{HOTLINE} es la línea")


def test_saying_in_spanish_that_calling_is_unsafe_changes_the_spanish_reply(agent):
    sender = "urgent-cannot-call-es"
    [first, then] = [run(evaluate.bot_turn(agent, t, sender=sender))[0][0] for t in
                     ["no puedo llamar, me escucha", "ayuda"]]
    assert first.startswith(f"{HOTLINE} es la línea") and "Llame cuando sea seguro" in first
    assert "Llame cuando sea seguro" in then


# Session 44: "start over" got "my sources don't cover that". It gets a fresh start with
# the hotline, and the conversation restarts: the gentler "call it when it is safe"
# wording, kept for the rest of a conversation, is gone with it.
@pytest.mark.parametrize("text", ["start over", "ok, restart", "new chat", "START"])
def test_asking_to_start_over_restarts_the_conversation(agent, text):
    sender = f"start-over-{text}"
    run(agent.handle_text("i can't call, he is listening", sender_id=sender))
    [reply] = run(agent.handle_text(text, sender_id=sender))
    assert reply["text"].startswith("OK, let's start over") and HOTLINE in reply["text"]
    [urgent] = run(agent.handle_text("help me", sender_id=sender))
    assert urgent["text"].startswith(HOTLINE) and "Please call it now" in urgent["text"]


# Session 45: a teacher or a parent saying who they are got "Please call it now", and
# "i have a question" got "Sorry, I didn't understand that". Saying who one is gets the
# hotline, then an invitation to ask; what they tell next is read as before.
@pytest.mark.parametrize("text", ["im a teacher", "Hi, I'm a parent", "i work at a hotel",
                                  "I have a question", "im a reporter",
                                  # Session 55: "Please call it now", "Sorry that didn't help".
                                  "i need to ask something", "quick question",
                                  # Session 61 (knowledge/introductions.yml): "Please call
                                  # it now" alone, "my sources don't cover that" (the
                                  # uncovered "lawyer", "truck stop"), "Sorry, I didn't
                                  # understand that".
                                  "im a lawyer", "i work at a gas station",
                                  "i drive for uber", "hi im a bus driver",
                                  "i work at a truck stop", "so im a cop",
                                  "i work in healthcare", "i own a restaurant",
                                  # Session 63: "Please call it now" alone.
                                  "i run a small restaurant", "we own a restaurant",
                                  "my family owns a farm", "i own a nail salon"])
def test_saying_who_one_is_gets_the_hotline_and_an_invitation_to_ask(agent, text):
    sender = f"introduce-{text}"
    [reply] = run(agent.handle_text(text, sender_id=sender))
    assert reply["text"].startswith("Thanks for telling me") and HOTLINE in reply["text"]
    assert "ask me your question" in reply["text"]
    [urgent] = run(agent.handle_text("she is 15 and a man pays her for sex", sender_id=sender))
    assert urgent["text"].startswith(HOTLINE)


@pytest.mark.parametrize("text", ["im a victim", "im a nanny and they took my passport",
                                  "im a lawyer and my boss took my passport"])
def test_saying_one_is_a_victim_is_no_introduction(agent, text):
    [reply] = run(agent.handle_text(text, sender_id=f"introduce-{text}"))
    assert reply["text"].startswith(HOTLINE) and "Please call it now" in reply["text"]


# Session 46: what people said next in a conversation that had got the wrong reply.
@pytest.mark.parametrize("messages, reply", [
    # After a neighbour's worry: "Please call it now".
    (["i think my neighbor is keeping a woman in his house", "i dont want to get involved"],
     "utter_decline_call"),
    # After a 15-year-old's disclosure: "I may not have understood that".
    (["my uncle makes me work in his shop and doesnt pay me", "i cant tell anyone"],
     "utter_urgent"),
    # After a survivor's first words: "Sorry that didn't help".
    (["i was trafficked years ago", "i cant talk about it"], "utter_after_effects"),
    # After the answer on the TVPA: the warning signs ("signed" reads "sign").
    (["what is the tvpa", "who signed it"], "utter_out_of_scope"),
    # Two topics to choose from.
    (["hi", "im writing an article about trafficking"], "utter_capabilities"),
    # "My sources don't cover that".
    (["our church wants to do an awareness event"], "utter_capabilities"),
    (["my son plays games online and a man keeps sending him gifts"], "utter_urgent"),
    (["my landlord says i have to work in his restaurant to pay rent"], "utter_urgent"),
    (["i think my neighbor is keeping a woman in his house", "she never comes outside"],
     "utter_urgent"),
    # The goodbye, to a worker with little English.
    (["the boss take our passports", "we no can leave"], "utter_urgent"),
    # Two topics to choose from that did not fit.
    (["what is labor trafficking", "which industries"], "utter_faq/labour_trafficking"),
    # "My sources don't cover that".
    (["i saw a job ad for nannies in london that pays a lot and covers the flight",
      "is that a trap"], "utter_about_situation"),
    (["he was my boyfriend and he made me sleep with people", "that was 2 years ago"],
     "utter_survivor"),
    # The reply that the assistant answers only in English.
    (["je suis forcée de travailler"], "utter_urgent"),
    # "My sources don't cover that".
    (["a modeling agency wants me to pay a fee before they send me abroad", "is it legit"],
     "utter_about_situation"),
    # What the assistant can explain.
    (["my cousin in thailand works in a factory and they keep her passport",
      "what can we do from here"], "utter_what_to_do"),
    # "Sorry that didn't help".
    (["hey can i ask something", "its about my friend"], "utter_introduce_self"),
    # Session 48: the reply to a survivor ("I'm sorry that happened to you"), "Please call
    # it now", "my sources don't cover that".
    (["i am a survivor advocate"], "utter_introduce_self"),
    (["i used to work with refugees"], "utter_introduce_self"),
    (["i volunteer at a shelter"], "utter_introduce_self"),
    (["im a guy"], "utter_introduce_self"),
    (["im a woman"], "utter_introduce_self"),
    # The goodbye, the greeting, "Sorry that didn't help", "my sources don't cover that".
    (["my bf sells me", "please dont leave"], "utter_about_assistant"),
    (["is anyone there"], "utter_about_assistant"),
    (["sorry for bothering you"], "utter_acknowledge"),
    (["my bf sells me", "nobody cares"], "utter_after_effects"),
    (["i'm writing a book about a trafficking survivor"], "utter_capabilities"),
    # "My sources don't cover that".
    (["she met a guy on instagram and now she lives with him", "he posts her pictures online"],
     "utter_urgent"),
    (["im hungry"], "utter_urgent"),
    # "Please call it now", to a student and to someone asking for a state's figures.
    (["Hello. I am doing research for my masters on how traffickers use social media. "
      "Can you point me to statistics?"], "utter_out_of_scope"),
    (["Can you tell me how many people are trafficked in Ohio every year and which cities "
      "are worst?"], "utter_out_of_scope"),
    # "Sorry, I didn't understand that" to a plea naming no one.
    (["how to escape"], "utter_urgent"),
    # What the assistant can explain.
    (["can you tell me what to do"], "utter_what_to_do"),
    # Found on re-reading: reading about it is no school work, writing about it is.
    (["i read a blog about trafficking and want to help"], "utter_faq/how_to_help"),
    # Session 47. The reply that the assistant answers only in English.
    (["eu sou obrigada a trabalhar"], "utter_urgent"),
    # "Sorry, I didn't understand that".
    (["ich werde gezwungen zu arbeiten"], "utter_urgent"),
    # The goodbye, mid-conversation.
    (["my boss keeps my passport", "you still there?"], "utter_about_assistant"),
    # Two topics to choose from (the causes, the effects on victims).
    (["what about organ trafficking"], "utter_out_of_scope"),
    # How to help others (raise awareness, donate), to an au pair; the goodbye.
    (["im an au pair and the family took my passport for safekeeping", "can i quit"],
     "utter_about_situation"),
    (["my boss makes us work 16 hours and keeps our pay", "can i leave"],
     "utter_about_situation"),
    # Two topics to choose from.
    (["my older sister works at a massage place", "idk if its trafficking"],
     "utter_about_situation"),
    # The urgent reply again, to thanks in Portuguese.
    (["me obrigam a trabalhar sem pagamento", "obrigado pela ajuda"], "utter_other_language"),
    # Session 48: the urgent reply, "call it now", to thanks in Spanish and Italian.
    (["me obligan a trabajar sin pago", "gracias por la ayuda"], "utter_other_language"),
    (["grazie per l'aiuto"], "utter_other_language"),
    (["muchas gracias por tu ayuda"], "utter_other_language"),
    # A plea after the thanks still counts ("thanks, please, I need help" got the reply
    # that the assistant answers only in English until session 48).
    (["gracias por la ayuda, ayúdame por favor"], "utter_urgent"),
    (["obrigado, por favor preciso de ajuda"], "utter_urgent"),
    (["obrigada pela sua ajuda"], "utter_other_language"),
    # Session 48, a domestic worker with little English: the goodbye, the goodbye, how to
    # help others, "my sources don't cover that".
    (["agency take my passport", "i want go home"], "utter_urgent"),
    (["agency take my passport", "how i go home"], "utter_urgent"),
    (["agency take my passport", "what i do"], "utter_what_to_do"),
    (["agency take my passport", "they no give phone"], "utter_urgent"),
])
def test_what_was_said_next_gets_its_own_reply(agent, messages, reply):
    _, names = run(evaluate.conversation(agent, messages))[-1]
    assert names == [reply]
