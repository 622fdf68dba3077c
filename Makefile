.PHONY: setup run test lint typecheck contracts pytest bench clean

VENV := .venv/bin

setup:
	bash scripts/setup.sh

run: setup
	bash scripts/run.sh

lint: setup
	$(VENV)/ruff check desktop tests
	$(VENV)/ruff format --check desktop tests

typecheck: setup
	$(VENV)/mypy

contracts: setup
	$(VENV)/lint-imports

pytest: setup
	QT_QPA_PLATFORM=offscreen bash scripts/with-keyring.sh $(VENV)/python -m pytest

test: lint typecheck contracts pytest

bench: setup
	QT_QPA_PLATFORM=offscreen bash scripts/with-keyring.sh $(VENV)/python -m pytest -s tests/bench

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache resources/i18n/*.qm
