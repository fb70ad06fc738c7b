"""Template mining: which lines of a batch were written by the same statement.

One notion of a template, in two steps:

1. The template key (`log_templates.template_key`): the line's canonical view with
   the project's masking table applied, so timestamps, addresses, ids and
   numbers read as the rule's name (`<NUM>`, `<IP>`, ...). The embedding tier
   classifies and caches by this key.
2. Drain (the `drain3` package, `drain3-improved` fork) groups keys of the same
   length whose words mostly agree and writes the words that differ as `<*>`.
   A `<*>` position that holds at most `max_split_values` distinct plain
   words across the batch (no placeholder in any of them) is not a parameter
   but part of the statement ("state 'Active'" / "state 'Inactive'"): the
   cluster is split by those words, which stay in the template.

The mined template is therefore a coarsening of the masking key: every line of
a key lands in one pattern. The miner is scikit-learn shaped: `fit` over the
whole batch (it may be called for several chunks), then `predict`. State is in
memory only, per batch, and bounded: at most `max_clusters` Drain clusters and
`max_keys` remembered keys. One configuration serves every source; its figures
are in benchmarks/grouping_accuracy.py.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from drain3.drain import Drain

from normalization import PLACEHOLDER
from log_templates import template, template_key

WILDCARD = "<*>"
OVERFLOW_TEMPLATE = "<more templates than the pattern limit>"


@dataclass(frozen=True)
class MinerConfig:
    """Drain's tree and thresholds, and the bounds on memory. Defaults: benchmarks/grouping_accuracy.py."""

    similarity_threshold: float = 0.5  # share of equal words for a key to join a cluster
    depth: int = 4  # Drain's tree depth: token count, first word, then leaves
    max_children: int = 100  # children per tree node
    max_split_values: int = 4  # a <*> with at most this many distinct plain words splits its cluster
    max_clusters: int = 10_000  # Drain clusters per batch; further templates go to one overflow pattern
    max_keys: int = 200_000  # masking keys remembered per batch; others are matched again on predict


class Pattern(NamedTuple):
    """A mined pattern: its id (1, 2, ... in order of first appearance) and its template."""

    id: int
    template: str


OVERFLOW = Pattern(0, OVERFLOW_TEMPLATE)  # lines of templates beyond the limits


class TemplateMiner:
    """Drain over masking keys, with the split on low-cardinality wildcards; `fit` then `predict`."""

    def __init__(self, config: MinerConfig = MinerConfig()):
        self.config = config
        self._drain = Drain(depth=config.depth, sim_th=config.similarity_threshold,
                            max_children=config.max_children)
        self._cluster_of: dict[str, int] = {}
        self._split_positions: dict[int, tuple[int, ...]] | None = None
        self._patterns: dict[tuple, Pattern] = {}
        self._pattern_of: dict[str, Pattern] = {}

    def fit(self, messages: Iterable[str]) -> "TemplateMiner":
        """Learn the templates of `messages` (one chunk of a batch; call again for the next)."""
        return self.fit_keys(template_key(message) for message in messages)

    def fit_keys(self, keys: Iterable[str]) -> "TemplateMiner":
        """As `fit`, for template keys (`log_templates.template_key` of each message) already computed."""
        drain, limit, remember = self._drain, self.config.max_clusters, self.config.max_keys
        self._split_positions = None
        for key in keys:
            if key in self._cluster_of:
                continue
            if len(drain.id_to_cluster) < limit:
                cluster = drain.add_log_message(key)[0]
            else:
                cluster = drain.match(key, full_search_strategy="fallback")
            if len(self._cluster_of) < remember:
                self._cluster_of[key] = -1 if cluster is None else cluster.cluster_id
        return self

    def _finish(self) -> None:
        """Decide, per cluster, which wildcard positions hold few enough plain words to split on."""
        words: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        most = self.config.max_split_values
        for key, cluster_id in self._cluster_of.items():
            if cluster_id < 0:
                continue
            tokens = key.split()
            template = self._drain.id_to_cluster[cluster_id].log_template_tokens
            for position, token in enumerate(template):
                if token == WILDCARD:
                    seen = words[cluster_id][position]
                    if len(seen) <= most:
                        seen.add(PLACEHOLDER.sub(WILDCARD, tokens[position]))
        self._split_positions = {
            cluster_id: tuple(p for p, seen in positions.items()
                              if len(seen) <= most and not any(WILDCARD in word for word in seen))
            for cluster_id, positions in words.items()
        }

    def pattern_of_key(self, key: str) -> Pattern:
        """The pattern of a masking key; call after `fit` has seen the whole batch."""
        if self._split_positions is None:
            self._finish()
        cluster_id = self._cluster_of.get(key)
        if cluster_id is None:
            cluster = self._drain.match(key, full_search_strategy="fallback")
            cluster_id = -1 if cluster is None else cluster.cluster_id
        if cluster_id < 0:
            return OVERFLOW
        tokens = list(self._drain.id_to_cluster[cluster_id].log_template_tokens)
        words = key.split()
        split = self._split_positions.get(cluster_id, ())
        for position in split:
            tokens[position] = words[position]
        identity = (cluster_id, *(words[p] for p in split))
        template = " ".join(tokens)
        pattern = self._patterns.get(identity)
        if pattern is None:
            pattern = self._patterns[identity] = Pattern(len(self._patterns) + 1, template)
        return pattern

    def predict(self, messages: Sequence[str]) -> list[Pattern]:
        """The pattern of each message, in order; call after `fit` has seen the whole batch."""
        found = self._pattern_of
        answer = []
        for message in messages:
            key = template_key(message)
            pattern = found.get(key)
            if pattern is None:
                pattern = self.pattern_of_key(key)
                if len(found) < self.config.max_keys:
                    found[key] = pattern
            answer.append(pattern)
        return answer


def restore(key: str, values: Sequence[str]) -> list[str]:
    """The words of a template key with the masked values put back (`log_templates.template` gives both)."""
    words = key.split()
    if not values or len(PLACEHOLDER.findall(key)) != len(values):
        return words  # nothing masked, or the line itself held a placeholder's text: keep the key's words
    restored = iter(values)
    text = PLACEHOLDER.sub(lambda _: next(restored).replace(" ", "\0"), key)  # one word per key word
    return [word.replace("\0", " ") if "\0" in word else word for word in text.split(" ")]


def is_variable(token: str) -> bool:
    """Whether a template word is (or holds) a variable part: `<*>` or a masking placeholder."""
    return token == WILDCARD or PLACEHOLDER.search(token) is not None


def parameters(pattern_template: str, message: str) -> list[tuple[int, str]] | None:
    """The variable parts of `message` under `pattern_template`: (token position, original text) pairs.

    A position is variable when its template token is `<*>` or holds a masking
    placeholder; the text is the message's token there with the masked values
    put back. None when the message does not match the template.
    """
    if pattern_template == OVERFLOW_TEMPLATE:
        return []
    key, values = template(message)
    words = key.split()
    expected = pattern_template.split()
    if len(words) != len(expected) or any(t != WILDCARD and t != w for t, w in zip(expected, words)):
        return None
    texts = restore(key, values)
    return [(position, texts[position]) for position, token in enumerate(expected) if is_variable(token)]


def matches(pattern_template: str, message: str) -> bool:
    """Whether `message` is an instance of `pattern_template` (same words; `<*>` stands for any one word)."""
    return parameters(pattern_template, message) is not None
