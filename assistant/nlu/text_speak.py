"""Digits and letters as texted, read as the words they stand for where they stand:
"im scared 2 call" as "im scared to call", "is there a number 4 help" as "... for
help", "y do ppl get trafficked" as "why do ppl get trafficked", "me n my sister" as
"me and my sister".

Why (session 53): "im scared 2 call" got the urgent reply, then the answer on minors
("i am ... 2" read as an age); "y do ppl get trafficked", not opening like a question,
read as someone being trafficked and got "Please call it now" before its answer. The
same digit is a number elsewhere ("my 2 kids", "for 4 years"), so a word is read so
only beside the words that make it one: "2" before a verb or after a word that takes
"to" ("how 2", "talk 2"), "4" before a person or "help" or after "look" or "thanks",
"y" opening a question, "n" between two words. Anywhere else it is left as typed.
"Were" typed for "where" is read so only before a verb that never follows "were"
("were does it happen", session 54: it got "Sorry, I didn't understand that"); "were
you trafficked" keeps its "were".

Both readers use it: the pattern lists (assistant/nlu/word_patterns.py, before the
spelling rewrites of knowledge/urgent.yml) and the classifier's corrected reading
(assistant/nlu/readings.py). Nothing here knows Rasa or spaCy.
"""
import re
from typing import List, Optional, Sequence

# Verbs "2" is "to" before ("scared 2 call", "forced 2 work", "i have 2 go").
TO_BEFORE = frozenset("""
    answer ask avoid be call chat come contact do donate eat escape explain find fight get
    give go help hide identify keep know learn leave live look meet move pay prevent
    protect quit reach read recognise recognize report run save say see send sleep speak
    spot start stay stop take talk tell text trust understand use volunteer work
""".split())
# Words "2" is "to" after, whatever follows ("how 2 ...", "talk 2 some1", "go 2").
TO_AFTER = frozenset("""
    how what wat wut wht hw where who when whom want wanna need needs scared afraid able
    trying try tried allowed supposed talk talking speak speaking listen reply text
    texting write belong go going went come came back lie lied
""".split())
# Words "4" is "for" before ("4 me", "a number 4 help").
FOR_BEFORE = frozenset("""
    me u you him her them us it help my ur your his their our sure real free now ever
    money sex food rent anyone someone some1 sum1 any1 everyone this that what
""".split())
# Words "4" is "for" after, whatever follows ("what to look 4", "thx 4 the help").
FOR_AFTER = frozenset("""
    look looking ask asking wait waiting search searching thanks thank thx ty
""".split())
# Words "y" is "why" after, at the start of a clause ("but y do they").
WHY_AFTER = frozenset({"but", "so", "and", "ok", "okay", "then", "like"})

# Verbs "were" is "where" before ("were does it happen", "were can i go"): none of them
# ever follows "were".
WHERE_BEFORE = frozenset("""
    do does dose did can could should would will is are am
""".split())

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def word_meant(previous: Optional[str], word: str, following: Optional[str]) -> Optional[str]:
    """The word that `word` (lower case) stands for as texted between `previous` and
    `following` (None at either end), or None if it stands for itself."""
    if word == "2":
        if following in TO_BEFORE or previous in TO_AFTER:
            return "to"
    elif word == "4":
        if following in FOR_BEFORE or previous in FOR_AFTER:
            return "for"
    elif word == "y":
        if following is not None and following.isalpha() and (
                previous is None or previous in WHY_AFTER):
            return "why"
    elif word == "were":
        if following in WHERE_BEFORE:
            return "where"
    elif word == "n":
        if (previous is not None and following is not None and previous.isalpha()
                and following.isalpha() and max(len(previous), len(following)) > 1):
            return "and"
    return None


def words_meant(words: Sequence[str]) -> List[Optional[str]]:
    """For each of `words` (lower case, in order), what `word_meant` reads it as."""
    return [word_meant(words[i - 1] if i else None, word,
                       words[i + 1] if i + 1 < len(words) else None)
            for i, word in enumerate(words)]


def spelled_out(text: str) -> str:
    """`text` (lower case) with each digit or letter as texted spelt out where it
    stands for a word ("im scared 2 call" -> "im scared to call")."""
    found = list(WORD.finditer(text))
    meant = words_meant([m.group() for m in found])
    if not any(meant):
        return text
    parts, done = [], 0
    for match, word in zip(found, meant):
        if word is not None:
            parts.append(text[done:match.start()] + word)
            done = match.end()
    parts.append(text[done:])
    return "".join(parts)
