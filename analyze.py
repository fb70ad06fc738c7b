"""Command line: the analysis of a log CSV (as `POST /analyze/` answers it), as JSON or Markdown.

    python analyze.py logs.csv [--question "..."] [--format json|markdown] [-o FILE]

Exit status: 0 done (also when the LLM tier is off or failed: see llm.note),
1 failed, 2 bad input. The file is read twice (patterns are mined first), so
standard input is not accepted.
"""

import argparse
import json
import logging
import sys
from collections.abc import Sequence

from classify import LogClassifier, open_input
from command_line import EXIT_OK, ArgumentParser, run_reported
from settings import Settings


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{label} {count}" for label, count in sorted(counts.items(), key=lambda i: -i[1]))


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(answer: dict) -> str:
    """An analysis (shape: routers.analyze.AnalyzeResponse) as a Markdown report."""
    facts, llm = answer["deterministic"], answer["llm"]
    out = [f"# Log analysis: {answer['rows']} rows, {facts['patterns']} patterns", ""]
    if answer["summary"]:
        out += ["## Summary", "", answer["summary"], ""]
    if answer["answer"]:
        out += ["## Answer", "", answer["answer"], ""]
    if answer["root_causes"]:
        out += ["## Likely root causes", ""]
        for cause in answer["root_causes"]:
            evidence = ", ".join([f"P{p}" for p in cause["evidence"]["patterns"]]
                                 + [f"row {r}" for r in cause["evidence"]["rows"]])
            out.append(f"- {cause['cause']} (confidence {cause['confidence']}; evidence: {evidence})")
        out.append("")
    if answer["notable"]:
        out += ["## Notable", ""] + [f"- P{n['pattern_id']} ({n['reason']}): {n['why']}"
                                     for n in answer["notable"]] + [""]
    if answer["recommendations"]:
        out += ["## Recommendations", ""] + [f"- {r}" for r in answer["recommendations"]] + [""]
    out += ["## Labels", "", _counts(facts["labels"]["labels"]) or "none", ""]
    sections = (("Top patterns", facts["top_patterns"]), ("Error patterns", facts["errors"]),
                ("Security patterns", facts["security"]), ("Rare among frequent", facts["rare"]))
    for title, rows in sections:
        if rows:
            out += [f"## {title}", "", "| id | rows | labels | template | sample (row) |",
                    "|---:|---:|---|---|---|"]
            for p in rows:
                sample = p["sample"]
                shown = f"{_cell(sample['log_message'])} ({sample['row']})" if sample else ""
                out.append(f"| P{p['id']} | {p['count']} | {_cell(_counts(p['labels']))} | "
                           f"`{_cell(p['template'])}` | {shown} |")
            out.append("")
    if facts["bursts"]:
        out += ["## Bursts", "", "| pattern | from | to | rows | peak | baseline per bucket |",
                "|---:|---|---|---:|---:|---:|"]
        out += [f"| P{b['pattern_id']} | {b['start']} | {b['end']} | {b['rows']} | {b['peak']} | "
                f"{b['baseline']:g} |" for b in facts["bursts"]]
        out.append("")
    usage = (f"LLM: {'used' if llm['used'] else 'not used'}; {llm['calls']} calls, "
             f"{llm['prompt_tokens']} prompt and {llm['completion_tokens']} completion tokens")
    out += ["---", "", usage + (f". {llm['note']}" if llm["note"] else ".")]
    return "\n".join(out) + "\n"


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = ArgumentParser(
        prog="analyze.py",
        description="Summary, likely root causes and notable patterns of a log CSV (columns source, "
        "log_message; a timestamp column adds bursts), as POST /analyze/ answers them.")
    parser.add_argument("input", help="CSV file to analyse (read twice: standard input is not accepted)")
    parser.add_argument("--question", help="a free question about the logs, answered in 'answer'")
    parser.add_argument("--format", choices=("json", "markdown"), default="markdown",
                        help="json: the /analyze/ answer; markdown: a report (default)")
    parser.add_argument("-o", "--output", default="-", help="where to write it (default: standard output)")
    parser.add_argument("--time-column", help="column of timestamps (default: timestamp, time, "
                        "@timestamp or date, whichever comes first)")
    return parser.parse_args(argv)


def _analyze(args: argparse.Namespace) -> dict:
    from routers.analyze import analyze_upload

    settings = Settings()
    with open_input(args.input) as upload:
        answer, _ = analyze_upload(LogClassifier.from_settings(settings), upload, settings,
                                   args.question, args.time_column)
    return answer


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    answer, code = run_reported("analyze.py", lambda: _analyze(args))
    if code != EXIT_OK:
        return code
    text = json.dumps(answer, indent=2, ensure_ascii=False) + "\n" if args.format == "json" \
        else to_markdown(answer)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as target:
            target.write(text)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
