"""``make bench``: how fast each kata's training step runs, and how close it
gets to what the machine can do.

- ``core``: the device, the matrix-product ceiling, FLOPs from layer shapes;
- ``workloads``: one step of each kata, ready to time; the learner's throughput check;
- ``suite/``: the pytest-benchmark benchmarks (``bench_*.py``);
- ``report``: the table and the chart;
- ``studies``: comparisons that teach (execution modes, preprocessing, OMP threads);
- ``layers``: the DCGAN layer-by-layer study (``--layers``);
- ``__main__``: ``python -m common.bench``.

README.md beside this file has the measured numbers and how to read them.
"""
