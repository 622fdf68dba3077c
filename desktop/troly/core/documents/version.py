"""Which version of the readers built what the index holds.

Bump READER_VERSION when a reader's output changes for files it read before (pages, text,
tables): the index then reads those files again at its next update, though the files did not
change, so an upgrade brings its better reading to what is already indexed. Files that failed
are tried again too: a new reader may read them.

History: 1, every reader before the index kept a version; 2, a DOCX without Word's page breaks
is cut into estimated A4 pages (it was one page, every citation "trang ~1"); 3, DOCX/PDF tables
read as tables (rows with their header cells, merged cells resolved, in `Page.tables`); 4, the
index keeps each file's tables as tables, for questions about figures (tasks/table_answer.py).
"""

READER_VERSION = 4
