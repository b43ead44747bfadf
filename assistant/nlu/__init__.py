"""Rasa NLU components: the spaCy pipeline, the intent and FAQ classifier, the urgent
lexicon and the safety net that uses it."""
