"""The assistant's own Python code: Rasa components, channels and helpers."""
