"""The one template function: canonical view + masking, shared by the cache, the miner and the classifier."""

from column_rules import masking_keys
from log_templates import key_of_text, template, template_key, view
from normalization import normalize
from patterns import KeyIndex
from template_miner import TemplateMiner
from tests.test_classify import sample_rows

WRAPPED = [
    ("\x1b[31mERROR\x1b[0m Payment 4411 failed after 3 retries",
     "ERROR Payment 7 failed after 12 retries"),
    ('{"level":"error","msg":"Payment 4411 failed after 3 retries","time":"2025-01-01T00:00:00Z"}',
     "ERROR Payment 9 failed after 1 retries"),
    ("<13>Mar  4 02:13:09 host-7 app[22]: disk 91% full on /var",
     "Mar  5 11:00:00 other-host app[9]: disk 45% full on /var"),
]


def test_the_key_is_the_masked_canonical_text():
    for line, same in WRAPPED:
        assert template_key(line) == normalize(view(line).text) == key_of_text(view(line).text)
        assert template_key(line) == template_key(same), (line, same)
    key, values = template("User 42 from 10.0.0.1 logged in")
    assert key == "User <NUM> from <IP> logged in" and values == ["42", "10.0.0.1"]


def test_the_key_reads_as_far_as_the_tiers_do():
    long_line = "Job 1 " + "x" * 5_000
    assert template_key(long_line, max_line_chars=100) == normalize(view(long_line, 100).text)
    assert len(view(long_line, 100).text) == 100


def test_miner_and_key_index_group_by_the_same_key():
    lines = [line for pair in WRAPPED for line in pair]
    index = KeyIndex()
    index.add(lines)
    assert index.row_template_keys(0, len(lines)) == [template_key(line) for line in lines]
    miner = TemplateMiner().fit(lines)
    patterns = miner.predict(lines)
    for first, second in zip(patterns[::2], patterns[1::2]):
        assert first == second


def test_keys_handed_on_give_the_same_results_and_save_the_masking(offline_classifier, monkeypatch):
    messages = sample_rows(400) + [line for pair in WRAPPED for line in pair]
    sources = ["ModernCRM"] * len(messages)
    index = KeyIndex(max_line_chars=offline_classifier.max_line_chars)
    index.add(messages)
    alone = offline_classifier.classify_batch(sources, messages)

    import classify

    masked = []
    monkeypatch.setattr(classify, "masking_keys", lambda texts: masked.extend(texts) or masking_keys(texts))
    handed = offline_classifier.classify_batch(sources, messages, None, index.row_template_keys(0, len(messages)))
    assert handed == alone
    assert masked == []  # every key came from the index
    partial = [None] * len(messages)
    assert offline_classifier.classify_batch(sources, messages, None, partial) == alone
    assert masked  # rows without a key are masked as before


def test_a_classifier_clipping_elsewhere_is_not_handed_keys(offline_classifier):
    from patterns import PatternSummary

    index = KeyIndex(max_line_chars=offline_classifier.max_line_chars + 1)
    index.add(["User 1 logged in."])
    header = ["source", "log_message"]
    assert PatternSummary(index, header).next_keys(1, offline_classifier.max_line_chars) is None
    assert PatternSummary(index, header).next_keys(1, offline_classifier.max_line_chars + 1) == [
        "User <NUM> logged in."]


def test_keys_are_handed_out_in_reading_order_ahead_of_the_rows_counted():
    """A reader may run chunks ahead of `add` (the command line's parallel run does)."""
    from patterns import PatternSummary

    index = KeyIndex()
    index.add(["User 1 logged in.", "Disk /dev/sda1 is 91% full", "Backup 7 done", "User 2 logged in."])
    summary = PatternSummary(index, ["source", "log_message"])
    summary.skip(1)
    first = summary.next_keys(2, index.max_line_chars)
    second = summary.next_keys(1, index.max_line_chars)
    assert first == index.row_template_keys(1, 3) and second == index.row_template_keys(3, 4)
    assert summary.rows == 1  # nothing counted yet: `add` comes when a chunk is written
