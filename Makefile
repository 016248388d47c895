# The two commands of the README: `make demo` and `make test`. Both set everything up first.
.PHONY: setup demo test bench clean

setup:
	bash scripts/setup.sh

demo: setup
	.venv/bin/kazasu demo

test: setup
	bash scripts/test.sh

bench: setup
	bash scripts/bench.sh

clean:
	rm -rf .venv build *.egg-info .pytest_cache
