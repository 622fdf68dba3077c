# The two commands of the README: `make run` and `make test`. Both start with the set-up, which
# installs only what is missing (system packages, .venv, the project, translations, the model).
.PHONY: setup run test check lint typecheck contracts pytest bench eval clean

VENV := .venv/bin
# Tests run offscreen, inside a private D-Bus with a real Secret Service for keyring.
IN_TEST_SESSION := QT_QPA_PLATFORM=offscreen bash scripts/with-keyring.sh

setup:
	bash scripts/setup.sh

run: setup
	bash scripts/run.sh

test: setup
	$(MAKE) --no-print-directory check

check: lint typecheck contracts pytest

lint:
	$(VENV)/ruff check desktop tests
	$(VENV)/ruff format --check desktop tests

typecheck:
	$(VENV)/mypy

contracts:
	$(VENV)/lint-imports

pytest:
	$(IN_TEST_SESSION) $(VENV)/python -m pytest

bench: setup
	TROLY_BENCH_ROUNDS=3 $(IN_TEST_SESSION) $(VENV)/python -m pytest -s tests/bench

# Answer, summary and draft quality with the default model on ../shared/eval/alqac2023, as a
# table. EVAL_ARGS passes options: "--limit 20 --laws text" for a quick look, "--retrieval-only"
# (no model); `python -m tests.eval --help` lists them. private_test.json is held out:
# the tests never read it.
eval: setup
	$(IN_TEST_SESSION) $(VENV)/python -m tests.eval $(EVAL_ARGS)

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache resources/i18n/*.qm dist build

# --- installer (issue 7): a PyInstaller bundle, a .deb, a structural MSI check, a wheelhouse ---
.PHONY: bundle deb msi-check wheelhouse model-deb

bundle:
	bash installer/build_bundle.sh

deb: bundle
	bash installer/linux/build_deb.sh

msi-check: bundle
	bash installer/windows/msi_check.sh

wheelhouse:
	bash installer/build_wheelhouse.sh

# The default model as its own package: installed, verified and updated apart from the app.
model-deb:
	bash installer/linux/build_model_deb.sh
