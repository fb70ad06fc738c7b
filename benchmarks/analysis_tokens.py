"""Token cost of `/analyze/` per call, against pasting the raw lines (the baseline), in the same run.

For each batch: the prompts `analysis.build_prompts` makes (tokens estimated as
`analysis.approx_tokens`, characters / 3), the completion tokens asked per call
(`AnalysisConfig.answer_tokens`), the calls an analysis makes (one per part,
plus one merge when there are several parts; the merge prompt is bounded by the
same budget), and the tokens of the raw lines as a chatbot would paste them.
No LLM is called: prompts are built, not sent.

Batches: resources/test.csv labeled by the real classifier (no LLM key), and
2,000 unrelated templates as 2,000 and as 100,000 rows (`benchmarks.logs.wide_rows`).

    python benchmarks/analysis_tokens.py [--json]
"""

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import REPO_ROOT, report  # noqa: E402


def _grouped(rows: list[tuple[str, str, str]]) -> tuple[dict, dict]:
    from patterns import KeyIndex, PatternSummary

    index = KeyIndex()
    index.add([message for _, message, _ in rows])
    summary = PatternSummary(index, ["source", "log_message"])
    summary.add([[source, message] for source, message, _ in rows], [label for *_, label in rows])
    labels: dict[str, int] = {}
    for *_, label in rows:
        labels[label] = labels.get(label, 0) + 1
    return summary.as_dict(), {"rows": len(rows), "labels": labels, "tiers": {}, "llm_unlabeled": 0}


def _sample_batch() -> tuple[dict, dict, list[str]]:
    from classify import LogClassifier
    from routers.patterns import patterns_of_upload
    from settings import Settings

    settings = Settings(_env_file=None, groq_api_key=None)
    path = REPO_ROOT / "resources" / "test.csv"
    with open(path, "rb") as upload:
        patterns, summary = patterns_of_upload(LogClassifier.from_settings(settings), upload, settings, None)
    with open(path, newline="", encoding="utf-8") as handle:
        raw = [row["log_message"] for row in csv.DictReader(handle)]
    return patterns, summary.as_dict(), raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    from analysis import AnalysisConfig, approx_tokens, build_prompts, facts
    from benchmarks.logs import wide_rows

    config = AnalysisConfig()
    batches = {"resources/test.csv (20 rows)": _sample_batch()}
    for templates, count in ((2000, 2000), (2000, 100_000)):
        rows = wide_rows(templates, count)
        patterns, summary = _grouped(rows)
        batches[f"{templates:,} templates, {count:,} rows"] = (patterns, summary, [m for _, m, _ in rows])
    lines, figures = [], {}
    for name, (patterns, summary, raw) in batches.items():
        prompts, shown, left_out = build_prompts(patterns, facts(patterns, summary, config), None, config)
        sizes = [prompt.tokens for prompt in prompts]
        calls = len(prompts) + (len(prompts) > 1)
        pasted = approx_tokens("\n".join(raw))
        merge = config.max_prompt_tokens if len(prompts) > 1 else 0
        most = sum(sizes) + merge + calls * config.answer_tokens
        lines.append((name, f"{calls} call(s); prompts {', '.join(map(str, sizes))} tokens"
                      f"{' + merge <= ' + str(config.max_prompt_tokens) if len(prompts) > 1 else ''}; "
                      f"at most {most:,} tokens in all; {len(shown.patterns)} of {len(patterns['patterns'])} "
                      f"patterns listed; raw lines pasted: {pasted:,} tokens "
                      f"({pasted / max(sum(sizes), 1):.1f}x the prompts)"))
        figures[name] = {"calls": calls, "prompt_tokens": sizes, "max_total_tokens": most,
                         "patterns_listed": len(shown.patterns), "patterns_left_out": left_out,
                         "raw_tokens": pasted}
    report(f"Analysis token cost (budget {config.max_prompt_tokens} prompt tokens a call, "
           f"{config.max_parts} parts, {config.answer_tokens} completion tokens a call)",
           lines, figures, args.json)


if __name__ == "__main__":
    main()
