# The two commands of the README: `make demo` and `make test`. Both set everything up first.
.PHONY: setup demo test screenshots soak bench bundle lock clean

setup:
	bash scripts/setup.sh

demo: setup
	.venv/bin/kazasu demo

test: setup
	bash scripts/test.sh

# retake the pictures the docs show (the tests marked `shots` write them to build/shots/) and copy
# them into docs/screenshots and docs/images: scripts/screenshots.sh
screenshots: setup
	bash scripts/screenshots.sh
# the real-window soak for 30 minutes (tests/kiosk/window/test_soak.py; KAZASU_SOAK_S to change it)
soak: setup
	KAZASU_SOAK_S=$${KAZASU_SOAK_S:-1800} bash scripts/test.sh -q -s tests/kiosk/window/test_soak.py

bench: setup
	bash scripts/bench.sh

# the PyInstaller one-folder bundle for Linux: dist/kazasu/kazasu (docs/packaging.md)
bundle: setup
	bash packaging/build-bundle.sh

# requirements.lock: every dependency pinned with its hashes, what `make setup` installs (docs/packaging.md)
lock:
	bash scripts/lock.sh

clean:
	rm -rf .venv build dist *.egg-info .pytest_cache
