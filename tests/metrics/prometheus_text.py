"""Reading a `/metrics` answer the way Prometheus does: with the client library's own parser."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families


class Scrape:
    """Samples of one scrape, looked up by sample name and labels."""

    def __init__(self, text: str) -> None:
        self.types: dict[str, str] = {}
        self.samples: dict[tuple[str, frozenset[tuple[str, str]]], float] = {}
        for family in text_string_to_metric_families(text):
            self.types[family.name] = family.type
            for sample in family.samples:
                self.samples[(sample.name, frozenset(sample.labels.items()))] = sample.value

    def value(self, name: str, **labels: str) -> float:
        """The sample's value; a missing sample fails the test with what was there instead."""
        key = (name, frozenset(labels.items()))
        if key not in self.samples:
            present = sorted(str(dict(lbl)) for sample, lbl in self.samples if sample == name)
            raise AssertionError(f"no sample {name}{labels}; present: {present}")
        return self.samples[key]

    def by_label(self, name: str, label: str) -> dict[str, float]:
        return {dict(lbl)[label]: v for (sample, lbl), v in self.samples.items() if sample == name}
