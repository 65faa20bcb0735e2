"""Production recipe (nginx, fallback page) and the helpers that run it locally for the tests
and bench/bench_load.py."""
