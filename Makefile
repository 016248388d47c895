# The two commands of the README: `make demo` and `make test`. Both set everything up first.
.PHONY: setup demo test soak bench bundle clean

setup:
	bash scripts/setup.sh

demo: setup
	.venv/bin/kazasu demo

test: setup
	bash scripts/test.sh

# the real-window soak for 30 minutes (tests/kiosk/window/test_soak.py; KAZASU_SOAK_S to change it)
soak: setup
	KAZASU_SOAK_S=$${KAZASU_SOAK_S:-1800} bash scripts/test.sh -q -s tests/kiosk/window/test_soak.py

bench: setup
	bash scripts/bench.sh

# the PyInstaller one-folder bundle for Linux: dist/kazasu/kazasu (docs/packaging.md)
bundle: setup
	bash packaging/build-bundle.sh

clean:
	rm -rf .venv build dist *.egg-info .pytest_cache
