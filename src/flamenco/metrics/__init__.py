"""Prometheus metrics of the farm (`GET /metrics`; every metric is described in docs/metrics.md).

Two kinds of figures, gathered two ways so that any Manager process answers for the whole farm:
- what lives in the database (jobs, tasks, workers by status; queue depth) is read from it at
  scrape time (:mod:`flamenco.metrics.farm`);
- what happens (assignments, failures, requests and their latency) is counted by the process it
  happens in (:mod:`flamenco.metrics.instruments`); with several processes the counters live in
  shared files and the scrape sums them (:mod:`flamenco.metrics.multiprocess`).

This package module imports nothing: `flamenco-manager` imports :mod:`.multiprocess` before
prometheus_client may be imported (see there why).
"""
