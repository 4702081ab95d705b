"""The benchmark: the showcase build against bare Pelican on synthetic content (``make bench``).

``bench.generate`` writes a seeded, valid project tree into a temporary folder; ``bench.run``
times the cases and writes ``docs/performance.md``. See issue 6 for the targets.
"""
