# MedRCVL developer commands. `make demo` = the reference diagnostic, `make test` = the test suite.
PY := .venv/bin/python
export QT_QPA_PLATFORM ?= offscreen
DATA ?= ../shared/data
OUT ?= out

.PHONY: setup demo test lint i18n zip clean bench screenshots

setup:
	bash scripts/setup.sh

demo: setup
	$(PY) -m medrcvl_plugin diagnose --epci 200043081 --mirror $(DATA) --out $(OUT) --atlas --export csv,xlsx,standard,quality --overwrite

test: setup
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check .

i18n:
	$(PY) scripts/i18n.py update

zip: setup
	bash scripts/build_zip.sh

bench: setup
	$(PY) benchmarks/bench_france.py
	$(PY) benchmarks/bench_atlas.py

screenshots: setup
	$(PY) scripts/screenshots.py --mirror $(DATA) --run --locale fr
	$(PY) tests/desktop/harness.py

clean:
	rm -rf $(OUT) zip_build
