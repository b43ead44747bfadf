"""How the assistant runs: the conversation store, the ordered graph runner and the
start-up warm-up."""
