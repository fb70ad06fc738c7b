"""Template mining on a small Loghub-style made-up batch: groups, templates, parameters, bounds."""

from collections import defaultdict
from pathlib import Path

import pytest

from benchmarks.grouping_accuracy import grouping_accuracy
from normalization import normalize
from template_miner import OVERFLOW_TEMPLATE, MinerConfig, TemplateMiner, matches, parameters

USERS = ("alice", "bob", "carol", "dave", "erin", "frank", "grace")

# (true template id, line): HDFS-, sshd- and macOS-style lines written for this test.
BATCH = (
    [("receiving", f"Receiving block blk_{7000 + i * 37} src: /10.251.{i}.7:{40000 + i} dest: /10.251.9.{i}:50010")
     for i in range(12)]
    + [("responder", f"PacketResponder {i % 3} for block blk_-{880000 + i * 11} terminating") for i in range(9)]
    + [("failed", f"Failed password for invalid user {USERS[i % 7]} from 61.{i}.12.8 port {3000 + i} ssh2")
       for i in range(14)]
    + [("active", "Location icon should now be in state 'Active'")] * 3
    + [("inactive", "Location icon should now be in state 'Inactive'")] * 4
    + [("wl", f"ARPT: 62{i}.0{i}: wl0: MDNS: IPV4 Addr: 10.0.{i}.1") for i in range(5)]
)
TRUTH = [truth for truth, _ in BATCH]
LINES = [line for _, line in BATCH]


def test_made_up_loghub_batch_is_grouped_as_written():
    found = TemplateMiner().fit(LINES).predict(LINES)
    assert grouping_accuracy([p.id for p in found], TRUTH) == 1.0
    by_truth = {truth: pattern.template for truth, pattern in zip(TRUTH, found)}
    assert by_truth["failed"] == "Failed password for invalid user <*> from <IP> port <NUM> ssh<NUM>"
    assert by_truth["active"] == "Location icon should now be in state 'Active'"
    assert by_truth["inactive"] == "Location icon should now be in state 'Inactive'"


def test_ids_count_from_one_in_order_of_first_appearance():
    found = TemplateMiner().fit(LINES).predict(LINES)
    first = list(dict.fromkeys(p.id for p in found))
    assert first == list(range(1, len(first) + 1))


def test_every_line_matches_its_template_and_parameters_restore_values():
    found = TemplateMiner().fit(LINES).predict(LINES)
    for line, pattern in zip(LINES, found):
        assert matches(pattern.template, line), (pattern.template, line)
    template = "Failed password for invalid user <*> from <IP> port <NUM> ssh<NUM>"
    assert parameters(template, "Failed password for invalid user bob from 61.3.12.8 port 3003 ssh2") == [
        (5, "bob"), (7, "61.3.12.8"), (9, "3003"), (10, "ssh2")]
    assert parameters(template, "Accepted password for bob from 61.3.12.8 port 3003 ssh2") is None
    assert not matches(template, "Failed password for invalid user bob from 61.3.12.8 port 3003")


def test_a_masking_key_never_spans_two_patterns():
    found = TemplateMiner().fit(LINES).predict(LINES)
    patterns_of_key = defaultdict(set)
    for line, pattern in zip(LINES, found):
        patterns_of_key[normalize(line)].add(pattern.id)
    assert all(len(ids) == 1 for ids in patterns_of_key.values())


def test_fit_over_chunks_equals_fit_over_the_batch():
    whole = TemplateMiner().fit(LINES).predict(LINES)
    chunked = TemplateMiner()
    for start in range(0, len(LINES), 10):
        chunked.fit(LINES[start:start + 10])
    assert chunked.predict(LINES) == whole


def test_cluster_cap_sends_further_templates_to_one_overflow_pattern():
    lines = ["disk full on /var", "user login ok", "cache warmed in 3 ms", "queue drained",
             "backup finished", "disk full on /var"]
    found = TemplateMiner(MinerConfig(max_clusters=2)).fit(lines).predict(lines)
    assert [p.template for p in found[:2]] == ["disk full on /var", "user login ok"]
    assert {p.template for p in found[2:5]} == {OVERFLOW_TEMPLATE}
    assert found[5] == found[0]
    assert matches(OVERFLOW_TEMPLATE, "anything at all")


def test_grouping_accuracy_counts_only_exact_groups():
    assert grouping_accuracy([1, 1, 2, 2], ["a", "a", "b", "b"]) == 1.0
    assert grouping_accuracy([1, 1, 1, 2], ["a", "a", "b", "b"]) == 0.0
    assert grouping_accuracy([1, 1, 2, 3], ["a", "a", "b", "b"]) == 0.5


LOGHUB = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "loghub2k"


@pytest.mark.skipif(not LOGHUB.is_dir(), reason="the Loghub-2k sets are not beside the repository")
def test_grouping_accuracy_on_loghub_2k_meets_the_target():
    from benchmarks.grouping_accuracy import TARGET_MEAN, load_sets, shipped

    sets = load_sets(LOGHUB)
    scores = [grouping_accuracy(shipped(lines), truth) for lines, truth in sets.values()]
    assert len(scores) == 8 and sum(scores) / len(scores) >= TARGET_MEAN
