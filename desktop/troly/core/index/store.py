"""Collections, files and passages in the encrypted database, searched with SQLite FTS5.

The FTS table is contentless (the passage text lives once, in `chunk`); it indexes our own
terms (see terms.py) with a tokenizer that keeps "_" inside a term, so "ma_túy" is one bigram.
A file's passages are replaced in one transaction: a crash mid-way leaves the previous state.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from troly.core.documents.tables import Row, Table
from troly.core.documents.version import READER_VERSION
from troly.core.errors import TrolyError
from troly.core.index.chunker import Chunk
from troly.core.index.ranking import rank_candidates, select_terms
from troly.core.index.terms import JOINER, folded_terms, query_terms
from troly.core.index.vectors import Embedder, default_embedder, passage_text, text_digest
from troly.core.policy import Policy
from troly.core.text import fold
from troly.core.words import Query, analyse, mended, text_for_meaning

SCHEMA = """
CREATE TABLE IF NOT EXISTS collection (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created REAL NOT NULL,
    chunks INTEGER NOT NULL DEFAULT 0,   -- passages, and their terms: BM25's N and avgdl
    terms INTEGER NOT NULL DEFAULT 0,
    df_dirty INTEGER NOT NULL DEFAULT 0  -- term_df needs rebuilding after changes
);
CREATE TABLE IF NOT EXISTS source (
    id INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    UNIQUE (collection_id, path)
);
CREATE TABLE IF NOT EXISTS file (
    id INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('indexed', 'failed')),
    error TEXT NOT NULL DEFAULT '',
    pages INTEGER NOT NULL DEFAULT 0,
    ocr_pages INTEGER NOT NULL DEFAULT 0,
    chunks INTEGER NOT NULL DEFAULT 0,
    pages_estimated INTEGER NOT NULL DEFAULT 0,
    indexed_at REAL NOT NULL,
    reader_version INTEGER NOT NULL DEFAULT 0,
    UNIQUE (collection_id, path)
);
CREATE TABLE IF NOT EXISTS chunk (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES file(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    page INTEGER NOT NULL,
    page_end INTEGER NOT NULL,
    heading TEXT NOT NULL,
    text TEXT NOT NULL,
    n_terms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS chunk_by_file ON chunk(file_id);
-- A file's tables as rows of cells (documents/tables.py), one JSON object per table: what a
-- question about figures is computed on (tasks/table_answer.py). Replaced with its passages.
CREATE TABLE IF NOT EXISTS file_table (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES file(id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS file_table_by_file ON file_table(file_id, page);
-- A passage's dense vector (vectors.py): float16, L2-normalized, of the model named; digest:
-- of the text embedded, so that a passage met again (a file edited in one place, the same file
-- in another collection) takes the vector already computed instead of embedding it again.
CREATE TABLE IF NOT EXISTS chunk_vector (
    chunk_id INTEGER PRIMARY KEY REFERENCES chunk(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    digest TEXT NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunk_vector_by_digest ON chunk_vector(model, digest);
-- Bumped whenever a collection's vectors change: the matrix kept in memory is read again.
CREATE TABLE IF NOT EXISTS vector_state (
    collection_id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 0
);
-- Document frequencies of each collection's terms, rebuilt from its FTS vocabulary after
-- changes: asking FTS5 itself means reading a common term's whole posting list.
CREATE TABLE IF NOT EXISTS term_df (
    collection_id INTEGER NOT NULL,
    term TEXT NOT NULL,
    df INTEGER NOT NULL,
    PRIMARY KEY (collection_id, term)
) WITHOUT ROWID;
"""

# Candidates the first (FTS5) stage hands to the re-ranking; measured on the ALQAC set, the
# gold passage is among the first 50 for 98.6% of questions and re-ranking keeps full quality.
CANDIDATES = 50
# Passages holding all of a phrase's bigrams that holds_phrase reads: a phrase that is in the
# collection is nearly always in the first few, and a common one must not read thousands.
PHRASE_CANDIDATES = 200
# Passages the dense stage hands to the fusion, and the constant of reciprocal rank fusion
# (Cormack et al. 2009): a passage's fused score is the sum over the two rankings of
# weight / (RRF_K + rank). Measured in tests/bench/test_bench_search_quality.py.
DENSE_CANDIDATES = 50
RRF_K = 60
DENSE_WEIGHT = 1.0
# Passages (found by words) whose accents a question typed without any is read with.
RESTORE_FROM = 10
# Cells of a file's tables kept as tables (counted by row width): the readers stop a workbook
# at 1,000,000; a table past this is still searchable as passages, only not computed on.
MAX_TABLE_CELLS = 250_000
_DEFAULT = object()  # IndexStore(embedder=...) not given: the installed model, if any


@dataclass(frozen=True)
class FileRecord:
    id: int
    path: str
    size: int
    mtime_ns: int
    sha256: str
    status: str
    error: str
    pages: int
    ocr_pages: int
    chunks: int
    pages_estimated: bool
    reader_version: int = READER_VERSION  # the readers that built it (documents.version)


@dataclass(frozen=True)
class Hit:
    file: str
    page: int
    page_end: int
    heading: str
    text: str
    score: float
    chunk_id: int
    pages_estimated: bool
    # Cosine similarity of the passage's vector to the question's (None: no vectors): how
    # much the passage is about the question, whatever words either uses.
    similarity: float | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "page": self.page,
            "heading": self.heading,
            "text": self.text,
            "score": round(self.score, 4),
            "similarity": None if self.similarity is None else round(self.similarity, 4),
        }


def _fts(collection_id: int) -> str:
    # One FTS5 table per collection: a search reads only that collection's posting lists, and
    # BM25's statistics are the collection's own.
    return f"fts_{int(collection_id)}"


def _fts_schema(collection_id: int) -> str:
    table = _fts(collection_id)
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(terms, content='', "
        "contentless_delete=1, tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\");"
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table}_vocab USING fts5vocab({table}, 'row');"
    )


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


class IndexStore:
    """The search index on an open (encrypted) apsw connection."""

    def __init__(
        self,
        connection: Any,
        embedder: Embedder | object | None = _DEFAULT,
        policy: Policy | None = None,
    ) -> None:
        """embedder: the model of the passages' vectors; by default the installed one (None
        where none is), None for words alone. policy: the administrator's, which indexing
        (sync_collection) and search obey as it is now: the Session's open_index passes its
        own; None (tools, tests) restricts nothing."""
        self.db = connection
        self._embedder = embedder
        self.policy: Policy = policy if policy is not None else Policy()
        # collection id -> (version, model, chunk ids, float32 matrix): the vectors in memory.
        self._matrices: dict[int, tuple[int, str, Any, Any]] = {}
        # Every page read from disk is decrypted: a larger cache keeps the hot FTS pages.
        self.db.pragma("cache_size", -64 * 1024)
        with self.db:
            self.db.execute(SCHEMA)
            self._add_reader_version()

    def _add_reader_version(self) -> None:
        # An index from before the readers' version was kept: its files count as version 1,
        # so the next update reads again what a newer reader reads differently.
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(file)")}
        if "reader_version" not in columns:
            self.db.execute("ALTER TABLE file ADD COLUMN reader_version INTEGER NOT NULL DEFAULT 1")

    # -- collections -------------------------------------------------------------------------

    def collection_id(self, name: str, create: bool = False) -> int:
        row = self.db.execute("SELECT id FROM collection WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row[0])
        if not create:
            raise TrolyError(
                f"Không có bộ tài liệu nào tên “{name}”. Hãy lập chỉ mục trước (troly index).",
                f"There is no collection named '{name}'. Index some files first.",
            )
        with self.db:
            self.db.execute(
                "INSERT INTO collection(name, created) VALUES (?, ?)", (name, time.time())
            )
            collection_id = int(self.db.last_insert_rowid())
            self.db.execute(_fts_schema(collection_id))
            return collection_id

    def collections(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM collection ORDER BY name")]

    def add_sources(self, collection_id: int, paths: Iterable[str]) -> None:
        with self.db:
            for path in paths:
                self.db.execute(
                    "INSERT OR IGNORE INTO source(collection_id, path) VALUES (?, ?)",
                    (collection_id, path),
                )

    def sources(self, collection_id: int) -> list[str]:
        rows = self.db.execute(
            "SELECT path FROM source WHERE collection_id = ? ORDER BY path", (collection_id,)
        )
        return [r[0] for r in rows]

    def remove_source(self, collection_id: int, path: str) -> None:
        with self.db:
            self.db.execute(
                "DELETE FROM source WHERE collection_id = ? AND path = ?", (collection_id, path)
            )

    def delete_collection(self, name: str) -> None:
        collection_id = self.collection_id(name)
        table = _fts(collection_id)
        with self.db:
            self.db.execute(f"DROP TABLE IF EXISTS {table}_vocab; DROP TABLE IF EXISTS {table}")
            self.db.execute(
                "DELETE FROM chunk_vector WHERE chunk_id IN (SELECT chunk.id FROM chunk JOIN file "
                "ON file.id = chunk.file_id WHERE file.collection_id = ?)",
                (collection_id,),
            )
            self.db.execute(
                "DELETE FROM chunk WHERE file_id IN (SELECT id FROM file WHERE collection_id = ?)",
                (collection_id,),
            )
            self.db.execute(
                "DELETE FROM file_table WHERE file_id IN "
                "(SELECT id FROM file WHERE collection_id = ?)",
                (collection_id,),
            )
            self.db.execute("DELETE FROM term_df WHERE collection_id = ?", (collection_id,))
            self.db.execute("DELETE FROM vector_state WHERE collection_id = ?", (collection_id,))
            self.db.execute("DELETE FROM collection WHERE id = ?", (collection_id,))
        self._matrices.pop(collection_id, None)

    # -- files -------------------------------------------------------------------------------

    def files(self, collection_id: int) -> dict[str, FileRecord]:
        rows = self.db.execute(
            "SELECT id, path, size, mtime_ns, sha256, status, error, pages, ocr_pages, chunks, "
            "pages_estimated, reader_version FROM file WHERE collection_id = ?",
            (collection_id,),
        )
        return {
            r[1]: FileRecord(
                id=r[0],
                path=r[1],
                size=r[2],
                mtime_ns=r[3],
                sha256=r[4],
                status=r[5],
                error=r[6],
                pages=r[7],
                ocr_pages=r[8],
                chunks=r[9],
                pages_estimated=bool(r[10]),
                reader_version=r[11],
            )
            for r in rows
        }

    def _delete_chunks(self, collection_id: int, file_id: int) -> None:
        self.db.execute("DELETE FROM file_table WHERE file_id = ?", (file_id,))
        rows = self.db.execute(
            "SELECT id, n_terms FROM chunk WHERE file_id = ?", (file_id,)
        ).fetchall()
        if not rows:
            return
        table = _fts(collection_id)
        for chunk_id, _ in rows:
            self.db.execute(f"DELETE FROM {table} WHERE rowid = ?", (chunk_id,))
        self.db.execute(
            "DELETE FROM chunk_vector WHERE chunk_id IN (SELECT id FROM chunk WHERE file_id = ?)",
            (file_id,),
        )
        self.db.execute("DELETE FROM chunk WHERE file_id = ?", (file_id,))
        self._bump_vectors(collection_id)
        self._add_stats(collection_id, -len(rows), -sum(n for _, n in rows))

    def _add_stats(self, collection_id: int, chunks: int, terms: int) -> None:
        self.db.execute(
            "UPDATE collection SET chunks = chunks + ?, terms = terms + ?, df_dirty = 1 "
            "WHERE id = ?",
            (chunks, terms, collection_id),
        )

    def _stats(self, collection_id: int) -> tuple[int, int, bool]:
        row = self.db.execute(
            "SELECT chunks, terms, df_dirty FROM collection WHERE id = ?", (collection_id,)
        ).fetchone()
        return int(row[0]), int(row[1]), bool(row[2])

    def refresh_statistics(self, collection_id: int) -> None:
        """Rebuild a collection's term frequencies after changes (cheap next to indexing)."""
        if not self._stats(collection_id)[2]:
            return
        with self.db:
            self.db.execute("DELETE FROM term_df WHERE collection_id = ?", (collection_id,))
            self.db.execute(
                f"INSERT INTO term_df SELECT ?, term, doc FROM {_fts(collection_id)}_vocab",
                (collection_id,),
            )
            self.db.execute("UPDATE collection SET df_dirty = 0 WHERE id = ?", (collection_id,))

    def replace_file(
        self,
        collection_id: int,
        path: str,
        size: int,
        mtime_ns: int,
        sha256: str,
        chunks: list[Chunk],
        pages: int,
        ocr_pages: int,
        pages_estimated: bool,
        tables: Sequence[tuple[int, Table]] = (),
    ) -> None:
        """Store a file's passages, and its tables (page number, table), in place of its old
        ones, all or nothing."""
        # Terms are computed before the write transaction, which stays short.
        terms = [folded_terms(f"{c.heading}\n{c.text}", normalized=True) for c in chunks]
        stored_tables = _encode_tables(tables)
        table = _fts(collection_id)
        with self.db:
            file_id = self._upsert_file(
                collection_id,
                path,
                size,
                mtime_ns,
                sha256,
                "indexed",
                "",
                pages,
                ocr_pages,
                len(chunks),
                pages_estimated,
            )
            self._delete_chunks(collection_id, file_id)
            for chunk, chunk_terms in zip(chunks, terms, strict=True):
                self.db.execute(
                    "INSERT INTO chunk(file_id, ordinal, page, page_end, heading, text, n_terms) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        file_id,
                        chunk.ordinal,
                        chunk.page,
                        chunk.page_end,
                        chunk.heading,
                        chunk.text,
                        len(chunk_terms),
                    ),
                )
                self.db.execute(
                    f"INSERT INTO {table}(rowid, terms) VALUES (?, ?)",
                    (self.db.last_insert_rowid(), " ".join(chunk_terms)),
                )
            self._add_stats(collection_id, len(chunks), sum(len(t) for t in terms))
            for ordinal, (page, data) in enumerate(stored_tables):
                self.db.execute(
                    "INSERT INTO file_table(file_id, page, ordinal, data) VALUES (?, ?, ?, ?)",
                    (file_id, page, ordinal, data),
                )

    def mark_failed(
        self, collection_id: int, path: str, size: int, mtime_ns: int, error: str
    ) -> None:
        """Record why a file could not be indexed; its old passages (if any) are removed."""
        with self.db:
            file_id = self._upsert_file(
                collection_id, path, size, mtime_ns, "", "failed", error, 0, 0, 0, False
            )
            self._delete_chunks(collection_id, file_id)

    def touch_file(self, file_id: int, mtime_ns: int) -> None:
        """A file whose mtime changed but whose content did not."""
        with self.db:
            self.db.execute("UPDATE file SET mtime_ns = ? WHERE id = ?", (mtime_ns, file_id))

    def remove_file(self, collection_id: int, file_id: int) -> None:
        with self.db:
            self._delete_chunks(collection_id, file_id)
            self.db.execute("DELETE FROM file WHERE id = ?", (file_id,))

    def _upsert_file(
        self,
        collection_id: int,
        path: str,
        size: int,
        mtime_ns: int,
        sha256: str,
        status: str,
        error: str,
        pages: int,
        ocr_pages: int,
        chunks: int,
        pages_estimated: bool,
    ) -> int:
        self.db.execute(
            "INSERT INTO file(collection_id, path, size, mtime_ns, sha256, status, error, pages, "
            "ocr_pages, chunks, pages_estimated, indexed_at, reader_version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(collection_id, path) DO UPDATE SET size = excluded.size, "
            "mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256, status = excluded.status, "
            "error = excluded.error, pages = excluded.pages, ocr_pages = excluded.ocr_pages, "
            "chunks = excluded.chunks, pages_estimated = excluded.pages_estimated, "
            "indexed_at = excluded.indexed_at, reader_version = excluded.reader_version",
            (
                collection_id,
                path,
                size,
                mtime_ns,
                sha256,
                status,
                error,
                pages,
                ocr_pages,
                chunks,
                int(pages_estimated),
                time.time(),
                READER_VERSION,
            ),
        )
        row = self.db.execute(
            "SELECT id FROM file WHERE collection_id = ? AND path = ?", (collection_id, path)
        ).fetchone()
        return int(row[0])

    def tables(self, collection: str, path: str, page: int | None = None) -> list[Table]:
        """The tables stored with a file of a collection (those of one page when given), in
        the order the file has them; none for a file whose folder the policy forbids."""
        if not self.allowed(path):
            return []
        rows = self.db.execute(
            "SELECT t.data FROM file_table t JOIN file f ON f.id = t.file_id "
            "WHERE f.collection_id = ? AND f.path = ? AND (? IS NULL OR t.page = ?) "
            "ORDER BY t.ordinal",
            (self.collection_id(collection), path, page, page),
        )
        return [_decode_table(r[0]) for r in rows]

    def file_passages(self, collection: str, path: str, page: int) -> list[Hit]:
        """The passages of a file that cover a page, in their order (a table's rows spread
        over several of them)."""
        if not self.allowed(path):
            return []
        rows = self.db.execute(
            "SELECT c.id, f.path, c.page, c.page_end, c.heading, c.text, c.n_terms, "
            "f.pages_estimated FROM chunk c JOIN file f ON f.id = c.file_id "
            "WHERE f.collection_id = ? AND f.path = ? AND c.page <= ? AND c.page_end >= ? "
            "ORDER BY c.ordinal",
            (self.collection_id(collection), path, page, page),
        ).fetchall()
        return [self._hit(row, 0.0) for row in rows]

    def chunk_count(self, collection_id: int | None = None) -> int:
        if collection_id is None:
            return int(self.db.execute("SELECT count(*) FROM chunk").fetchone()[0])
        row = self.db.execute(
            "SELECT count(*) FROM chunk JOIN file ON file.id = chunk.file_id "
            "WHERE file.collection_id = ?",
            (collection_id,),
        ).fetchone()
        return int(row[0])

    # -- search ------------------------------------------------------------------------------

    def search(self, query: str | Query, collection: str, top_k: int = 10) -> list[Hit]:
        """The top_k passages of a collection for a query, best first.

        Words: FTS5's BM25 over the query's rarer terms picks candidates cheaply (a common
        term's posting list is what makes a search slow), then every useful term re-ranks
        those candidates with the same BM25 and a bonus for exact, accented matches.
        Meaning, where the passages have vectors: the passages nearest the query's vector.
        The two rankings are fused by reciprocal rank (RRF_K, DENSE_WEIGHT)."""
        q = query if isinstance(query, Query) else analyse(query)
        collection_id = self.collection_id(collection)
        self.refresh_statistics(collection_id)
        total, total_terms, _ = self._stats(collection_id)
        if total <= 0:
            return []
        by_words = self._word_candidates(
            collection_id, q, total, total_terms, max(CANDIDATES, top_k)
        )
        # Passages indexed before the policy forbade their folder are not shown (the next
        # sync removes them).
        by_words = [(score, row) for score, row in by_words if self.allowed(row[1])]
        # A slipped tone mark, mended from what the question's words found ("thĩ" is "thì"),
        # is searched for again as mended: a slipped grammar word would otherwise count as a
        # content word, and every passage that says "thi hành" would match it.
        texts = [r[5] for _, r in by_words[:RESTORE_FROM]]
        if (fixed := mended(q, texts)) is not q:
            q = fixed
            by_words = self._word_candidates(
                collection_id, q, total, total_terms, max(CANDIDATES, top_k)
            )
            by_words = [(score, row) for score, row in by_words if self.allowed(row[1])]
            texts = [r[5] for _, r in by_words[:RESTORE_FROM]]
        vectors = self._vectors(collection_id)
        if vectors is None:
            return [self._hit(row, score) for score, row in by_words[:top_k]]
        # Read by meaning as words.text_for_meaning gives it: the accents a question typed
        # without any has in the passages its words found, a slipped tone mark mended by them,
        # without "Cho em hỏi, … ạ".
        text = text_for_meaning(q, texts)
        ids, matrix = vectors
        meaning = _Similarities(ids, matrix @ self.embedder.query(text))  # type: ignore[union-attr]
        by_meaning = meaning.nearest(max(DENSE_CANDIDATES, top_k))
        fused: dict[int, float] = {}
        for rank, (_, row) in enumerate(by_words):
            fused[row[0]] = 1.0 / (RRF_K + rank + 1)
        for rank, chunk_id in enumerate(by_meaning):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + DENSE_WEIGHT / (RRF_K + rank + 1)
        ranked = sorted(fused, key=lambda i: (-fused[i], i))
        rows = {row[0]: row for _, row in by_words}
        if self.policy.allowed_index_folders is None:
            ranked = ranked[:top_k]  # every passage may be shown: fetch only those
        rows.update({row[0]: row for row in self._rows([i for i in ranked if i not in rows])})
        best = [i for i in ranked if i in rows and self.allowed(rows[i][1])][:top_k]
        return [self._hit(rows[i], fused[i], meaning.similarity(i)) for i in best]

    def allowed(self, path: str) -> bool:
        """Whether the policy lets a stored file's passages be shown (its folder allowed)."""
        if self.policy.allowed_index_folders is None:
            return True
        return self.policy.allows_index_path(path)

    def _word_candidates(
        self, collection_id: int, q: Query, total: int, total_terms: int, limit: int
    ) -> list[tuple[float, Any]]:
        terms = query_terms(q)
        df = self._frequencies(collection_id, terms)
        first_stage = select_terms(terms, df, total)
        if not first_stage:
            return []
        table = _fts(collection_id)
        rows = self.db.execute(
            "SELECT c.id, f.path, c.page, c.page_end, c.heading, c.text, c.n_terms, "
            "f.pages_estimated FROM ("
            f"  SELECT rowid AS id, rank FROM {table} WHERE {table} MATCH ? "
            "  ORDER BY rank LIMIT ?"
            ") AS r JOIN chunk c ON c.id = r.id JOIN file f ON f.id = c.file_id",
            (" OR ".join(_quote(t) for t in first_stage), limit),
        ).fetchall()
        return rank_candidates(q.text, terms, df, total, total_terms / total, rows)

    def _rows(self, chunk_ids: list[int]) -> list[Any]:
        if not chunk_ids:
            return []
        marks = ",".join("?" * len(chunk_ids))
        return self.db.execute(
            "SELECT c.id, f.path, c.page, c.page_end, c.heading, c.text, c.n_terms, "
            "f.pages_estimated FROM chunk c JOIN file f ON f.id = c.file_id "
            f"WHERE c.id IN ({marks})",
            chunk_ids,
        ).fetchall()

    @staticmethod
    def _hit(row: Any, score: float, similarity: float | None = None) -> Hit:
        return Hit(
            file=row[1],
            page=row[2],
            page_end=row[3],
            heading=row[4],
            text=row[5],
            score=score,
            chunk_id=row[0],
            pages_estimated=bool(row[7]),
            similarity=similarity,
        )

    # -- vectors -----------------------------------------------------------------------------

    @property
    def embedder(self) -> Embedder | None:
        if self._embedder is _DEFAULT:
            self._embedder = default_embedder()
        return self._embedder  # type: ignore[return-value]

    def chunks_without_vectors(self, collection_id: int) -> list[tuple[int, str]]:
        """Passages of a collection with no vector of the current model: (id, text to embed)."""
        embedder = self.embedder
        if embedder is None:
            return []
        rows = self.db.execute(
            "SELECT c.id, c.heading, c.text FROM chunk c JOIN file f ON f.id = c.file_id "
            "LEFT JOIN chunk_vector v ON v.chunk_id = c.id AND v.model = ? "
            "WHERE f.collection_id = ? AND v.chunk_id IS NULL ORDER BY c.id",
            (embedder.name, collection_id),
        )
        return [(int(r[0]), passage_text(r[1], r[2])) for r in rows]

    def put_vectors(
        self, collection_id: int, chunk_ids: list[int], texts: list[str], vectors: Any
    ) -> None:
        """Store passages' vectors (of the current model, of these texts), in one transaction."""
        import numpy as np

        embedder = self.embedder
        if embedder is None:
            return
        blobs = np.asarray(vectors, dtype=np.float16)
        with self.db:
            for chunk_id, text, vector in zip(chunk_ids, texts, blobs, strict=True):
                self._store_vector(chunk_id, embedder.name, text_digest(text), vector.tobytes())
            self._bump_vectors(collection_id)

    def reuse_vectors(self, collection_id: int, pending: list[tuple[int, str]]) -> set[int]:
        """Give passages the vector already stored for the same text (any collection of this
        database); the ids of those that got one."""
        embedder = self.embedder
        if embedder is None or not pending:
            return set()
        by_digest: dict[str, list[int]] = {}
        for chunk_id, text in pending:
            by_digest.setdefault(text_digest(text), []).append(chunk_id)
        found: dict[str, bytes] = {}
        digests = list(by_digest)
        for start in range(0, len(digests), 500):
            batch = digests[start : start + 500]
            marks = ",".join("?" * len(batch))
            for digest, vector in self.db.execute(
                f"SELECT digest, vector FROM chunk_vector WHERE model = ? AND digest IN ({marks})",
                [embedder.name, *batch],
            ):
                found[digest] = vector
        reused: set[int] = set()
        if not found:
            return reused
        with self.db:
            for digest, vector in found.items():
                for chunk_id in by_digest[digest]:
                    self._store_vector(chunk_id, embedder.name, digest, vector)
                    reused.add(chunk_id)
            self._bump_vectors(collection_id)
        return reused

    def _store_vector(self, chunk_id: int, model: str, digest: str, vector: bytes) -> None:
        # A passage replaced meanwhile (its file re-indexed) is gone: no vector for it.
        self.db.execute(
            "INSERT OR REPLACE INTO chunk_vector(chunk_id, model, digest, vector) "
            "SELECT id, ?, ?, ? FROM chunk WHERE id = ?",
            (model, digest, vector, chunk_id),
        )

    def _bump_vectors(self, collection_id: int) -> None:
        self.db.execute(
            "INSERT INTO vector_state(collection_id, version) VALUES (?, 1) "
            "ON CONFLICT(collection_id) DO UPDATE SET version = version + 1",
            (collection_id,),
        )

    def _vectors(self, collection_id: int) -> tuple[Any, Any] | None:
        """The collection's passage ids (sorted) and their vectors (float32), read once per
        change; None where it has no vectors of the current model (words alone then)."""
        import numpy as np

        embedder = self.embedder
        if embedder is None:
            return None
        row = self.db.execute(
            "SELECT version FROM vector_state WHERE collection_id = ?", (collection_id,)
        ).fetchone()
        version = int(row[0]) if row else 0
        kept = self._matrices.get(collection_id)
        if kept is None or kept[0] != version or kept[1] != embedder.name:
            rows = self.db.execute(
                "SELECT v.chunk_id, v.vector FROM chunk_vector v JOIN chunk c ON c.id = v.chunk_id "
                "JOIN file f ON f.id = c.file_id WHERE f.collection_id = ? AND v.model = ? "
                "ORDER BY v.chunk_id",
                (collection_id, embedder.name),
            ).fetchall()
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16)
            matrix = matrix.reshape(len(rows), embedder.dim).astype(np.float32)
            kept = (version, embedder.name, ids, matrix)
            self._matrices[collection_id] = kept
        _, _, ids, matrix = kept
        return (ids, matrix) if len(ids) else None

    def document_frequencies(self, terms: list[str], collection: str) -> dict[str, int]:
        """How many passages of a collection hold each (folded) term; absent terms are 0."""
        collection_id = self.collection_id(collection)
        self.refresh_statistics(collection_id)
        df = self._frequencies(collection_id, terms)
        return {t: df.get(t, 0) for t in terms}

    def holds_phrase(self, phrase: str, collection: str) -> bool:
        """Whether a passage of a collection (its text or heading) or a file's name holds a
        folded phrase of two or more syllables ("luat du lich") as consecutive words. The
        index finds the passages with all of its bigrams; their text tells whether the words
        are adjacent (a bigram also spans punctuation: "pháp luật. Du lịch"). A file's name
        counts for a scan whose title the OCR lost: "luat-du-lich-2017.pdf"."""
        words = phrase.split()
        bigrams = [JOINER.join(pair) for pair in pairwise(words)]
        if not bigrams:
            return False
        collection_id = self.collection_id(collection)
        pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b")
        names = (fold(re.sub(r"[\W_]+", " ", Path(p).stem)) for p in self.files(collection_id))
        if any(pattern.search(name) for name in names):
            return True
        table = _fts(collection_id)
        rows = self.db.execute(
            f"SELECT c.heading, c.text FROM {table} JOIN chunk c ON c.id = {table}.rowid "
            f"WHERE {table} MATCH ? LIMIT ?",
            (" AND ".join(_quote(b) for b in bigrams), PHRASE_CANDIDATES),
        )
        return any(pattern.search(fold(f"{heading}\n{text}")) for heading, text in rows)

    def _frequencies(self, collection_id: int, terms: list[str]) -> dict[str, int]:
        df: dict[str, int] = {}
        for start in range(0, len(terms), 500):
            batch = terms[start : start + 500]
            marks = ",".join("?" * len(batch))
            for term, count in self.db.execute(
                f"SELECT term, df FROM term_df WHERE collection_id = ? AND term IN ({marks})",
                [collection_id, *batch],
            ):
                df[term] = int(count)
        return df


def _encode_tables(tables: Sequence[tuple[int, Table]]) -> list[tuple[int, str]]:
    """Each table as compact JSON (name, title lines, header and body rows as [row number,
    cells]), the file's first MAX_TABLE_CELLS cells' worth of tables."""
    encoded: list[tuple[int, str]] = []
    cells = 0
    for page, table in tables:
        cells += sum(len(row.cells) for row in (*table.header, *table.rows))
        if cells > MAX_TABLE_CELLS:
            break
        data = {
            "name": table.name,
            "title": list(table.title),
            "header": [[row.number, list(row.cells)] for row in table.header],
            "rows": [[row.number, list(row.cells)] for row in table.rows],
        }
        encoded.append((page, json.dumps(data, ensure_ascii=False, separators=(",", ":"))))
    return encoded


def _decode_table(data: str) -> Table:
    value = json.loads(data)

    def rows(key: str) -> tuple[Row, ...]:
        return tuple(Row(tuple(str(c) for c in cells), int(n)) for n, cells in value[key])

    return Table(str(value["name"]), rows("header"), rows("rows"), tuple(value["title"]))


class _Similarities:
    """Cosines of a query's vector to every passage of a collection (ids sorted)."""

    def __init__(self, ids: Any, scores: Any) -> None:
        self.ids, self.scores = ids, scores

    def nearest(self, limit: int) -> list[int]:
        import numpy as np

        top = min(limit, len(self.ids))
        best = np.argpartition(-self.scores, top - 1)[:top]
        best = best[np.argsort(-self.scores[best], kind="stable")]
        return [int(self.ids[i]) for i in best]

    def similarity(self, chunk_id: int) -> float | None:
        import numpy as np

        i = int(np.searchsorted(self.ids, chunk_id))
        found = i < len(self.ids) and int(self.ids[i]) == chunk_id
        return float(self.scores[i]) if found else None
