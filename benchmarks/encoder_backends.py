"""Would another encoder backend pay off? Speed on distinct templates, and accuracy kept.

Embeds the distinct templates that the embedding tier gets from a generated
file (`benchmarks/logs.py`) with several backends of the same all-MiniLM-L6-v2
weights, and runs `training/evaluate.py`'s evaluation (regex + embedding tier,
LLM off) with each, on the labeled evaluation CSV:

- torch fp32: the service as it is (`bert_processor.load_encoder`);
- torch bf16: the same under `torch.autocast("cpu", dtype=torch.bfloat16)`
  (`EMBEDDING_PRECISION=bf16`);
- torch int8: `torch.ao.quantization.quantize_dynamic` on the Linear layers;
- onnx fp32 / onnx int8: the transformer exported with `torch.onnx.export`
  from the bundled folder (offline) and run by onnxruntime, the int8 one
  dynamically quantized by `onnxruntime.quantization` — only when
  `onnxruntime` and `onnx` can be imported (they are not project requirements:
  install them apart, e.g. `pip install --target /tmp/ort onnxruntime onnx
  protobuf ml_dtypes` and run with `PYTHONPATH=/tmp/ort`).

A backend is worth adopting only at >= 2x the fp32 speed with <= 0.5 points
of accuracy lost, and only if a text's class does not depend on the other
texts in its batch (int8 dynamic quantization scales activations per batch).
It also times fp32 and bf16 at several batch sizes.

    python benchmarks/encoder_backends.py [--rows 20000] [--templates 640]
        [--eval ../shared/eval/codebasics_synthetic_logs.csv] [--json]
"""

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from benchmarks.common import load_average, report  # noqa: E402
from benchmarks.logs import rows  # noqa: E402

DEFAULT_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "codebasics_synthetic_logs.csv"


class OnnxEncoder:
    """all-MiniLM-L6-v2 as an ONNX graph: tokenizer, onnxruntime, mean pooling, unit length."""

    def __init__(self, tokenizer, model_file: Path, max_length: int):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
        self.tokenizer = tokenizer
        self.max_length = max_length

    def encode(self, texts, batch_size=128, **_ignored):
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.empty((len(texts), 384), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            picked = order[start:start + batch_size]
            batch = self.tokenizer([texts[i] for i in picked], padding=True, truncation=True,
                                   max_length=self.max_length, return_tensors="np")
            feeds = {name: batch[name].astype(np.int64) for name in
                     ("input_ids", "attention_mask", "token_type_ids")}
            hidden = self.session.run(["last_hidden_state"], feeds)[0]
            mask = feeds["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(1) / np.clip(mask.sum(1), 1e-9, None)
            out[picked] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return out


def export_onnx(encoder, folder: Path) -> tuple[Path, Path]:
    """fp32 and dynamically quantized int8 ONNX files of the encoder's transformer."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = encoder[0].model.eval()

    class Hidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    sample = encoder.tokenizer(["an example log line"], return_tensors="pt")
    fp32 = folder / "model.onnx"
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            Hidden(model), (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
            str(fp32), input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"], opset_version=17, dynamo=False,
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                          "last_hidden_state": axes},
        )
    int8 = folder / "model_int8.onnx"
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    return fp32, int8


def templates_for_embedding(count_rows: int, limit: int, seed: int) -> list[str]:
    from log_templates import template_key
    from regex_processor import classify_regex

    messages = list(dict.fromkeys(m for _, _, s, m in rows(count_rows, seed) if s != "LegacyCRM"))
    unmatched = [m for m, label in zip(messages, classify_regex(messages)) if label is None]
    return list(dict.fromkeys(template_key(m) for m in unmatched))[:limit]


def speed(encoder, precision: str, texts: list[str], repeats: int, batch_size: int) -> float:
    """Best-of-`repeats` texts/s embedding `texts` in batches of `batch_size`."""
    from bert_processor import encode

    encode(encoder, texts[:32], batch_size, precision)
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        encode(encoder, texts, batch_size, precision)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def batch_independence(encoder, precision: str, classifier, texts: list[str]) -> float:
    """Share of texts whose top class is the same embedded alone as embedded in one batch."""
    from bert_processor import encode

    together = classifier.predict(encode(encoder, texts, 64, precision))
    alone = classifier.predict(np.vstack([encode(encoder, [t], 1, precision) for t in texts]))
    return float((together == alone).mean())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000, help="rows generated to draw templates from")
    parser.add_argument("--templates", type=int, default=640, help="distinct templates timed")
    parser.add_argument("--repeats", type=int, default=2, help="timed passes per backend (best kept)")
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="labeled CSV for accuracy")
    parser.add_argument("--batch-size", type=int, default=None,
                        help="batch size of the backend comparison (default EMBEDDING_BATCH_SIZE)")
    parser.add_argument("--batch-sizes", default="16,32,64,128",
                        help="batch sizes timed for fp32 and bf16 (default 16,32,64,128)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    say = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))

    import torch

    from bert_processor import EmbeddingClassifier, encode, load_encoder, load_model
    from settings import Settings

    from training.evaluate import evaluate_rows, load_labeled

    settings = Settings()
    classifier, _ = load_model(settings.model_path)
    texts = templates_for_embedding(args.rows, args.templates, seed=11)
    labeled = load_labeled(args.eval) if args.eval.is_file() else None

    batch_size = args.batch_size or settings.embedding_batch_size
    fp32 = load_encoder(settings.embedding_model_path)
    backends = {"torch fp32": (fp32, "fp32"), "torch bf16 autocast": (fp32, "bf16")}
    int8 = load_encoder(settings.embedding_model_path)
    int8[0].model = torch.ao.quantization.quantize_dynamic(int8[0].model, {torch.nn.Linear}, dtype=torch.qint8)
    backends["torch int8 dynamic"] = (int8, "fp32")

    tmp = tempfile.TemporaryDirectory(prefix="onnx-")
    onnx_note = "skipped: onnxruntime/onnx not importable"
    if importlib.util.find_spec("onnxruntime") and importlib.util.find_spec("onnx"):
        say("exporting to ONNX ...")
        onnx_fp32, onnx_int8 = export_onnx(fp32, Path(tmp.name))
        backends["onnx fp32"] = (OnnxEncoder(fp32.tokenizer, onnx_fp32, fp32.max_seq_length), "fp32")
        backends["onnx int8"] = (OnnxEncoder(fp32.tokenizer, onnx_int8, fp32.max_seq_length), "fp32")
        onnx_note = f"onnxruntime {importlib.import_module('onnxruntime').__version__}"

    reference = encode(fp32, texts, batch_size)
    results = {}
    for name, (encoder, precision) in backends.items():
        say(f"{name}: timing ...")
        rate = speed(encoder, precision, texts, args.repeats, batch_size)
        vectors = encode(encoder, texts, batch_size, precision)
        cosine = float((vectors * reference).sum(axis=1).min())
        same = float((classifier.predict(vectors) == classifier.predict(reference)).mean())
        independent = batch_independence(encoder, precision, classifier, texts[:100])
        accuracy = None
        if labeled is not None:
            say(f"{name}: evaluating ...")
            embedding = EmbeddingClassifier(encoder, classifier, settings.bert_threshold,
                                            batch_size, precision=precision)
            accuracy = evaluate_rows(labeled, embedding)["accuracy"]
        results[name] = {"texts_per_s": round(rate, 1), "min_cosine_vs_fp32": round(cosine, 5),
                         "same_top_class_as_fp32": round(same, 4),
                         "same_class_alone_as_in_batch": round(independent, 4), "eval_accuracy": accuracy}
    tmp.cleanup()

    by_batch = {}
    for name in ("torch fp32", "torch bf16 autocast"):
        encoder, precision = backends[name]
        for size in (int(v) for v in args.batch_sizes.split(",")):
            say(f"{name}: batch {size} ...")
            by_batch[f"{name}, batch {size}"] = round(speed(encoder, precision, texts, args.repeats, size), 1)

    base = results["torch fp32"]
    lines = [("templates timed", f"{len(texts)} distinct (mean {np.mean([len(t) for t in texts]):.0f} chars), "
              f"best of {args.repeats}"),
             ("eval set", str(args.eval) if labeled is not None else "not found: accuracy skipped"),
             ("onnx", onnx_note)]
    for name, r in results.items():
        acc = "n/a" if r["eval_accuracy"] is None else f"{100 * r['eval_accuracy']:.2f}%"
        delta = ("" if r["eval_accuracy"] is None or base["eval_accuracy"] is None
                 else f" ({100 * (r['eval_accuracy'] - base['eval_accuracy']):+.2f} pt)")
        lines.append((name, f"{r['texts_per_s']:7.1f} texts/s = {r['texts_per_s'] / base['texts_per_s']:.2f}x; "
                      f"accuracy {acc}{delta}; same class as fp32 {100 * r['same_top_class_as_fp32']:.1f}%; "
                      f"min cos {r['min_cosine_vs_fp32']:.4f}; same class alone as in a batch "
                      f"{100 * r['same_class_alone_as_in_batch']:.1f}%"))
    for name, rate in by_batch.items():
        lines.append((name, f"{rate:7.1f} texts/s"))
    lines.append(("load average", load_average()))
    report(f"Encoder backends (distinct templates, batch {batch_size})", lines,
           {"backends": results, "by_batch_size": by_batch, "templates": len(texts),
            "load_average": load_average()}, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
