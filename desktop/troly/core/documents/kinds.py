"""The kinds of file TroLy reads, by extension: what indexing picks up in a folder and what the
file pickers offer. A light module (no reader imported), so the window can list them at start."""

IMAGES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
SPREADSHEETS = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".csv"})
# .doc, .rtf and .odt are converted to DOCX by LibreOffice (documents.convert).
TEXTS = frozenset({".pdf", ".docx", ".txt", ".md", ".doc", ".rtf", ".odt", ".html", ".htm"})
SUPPORTED = TEXTS | SPREADSHEETS | IMAGES
# Office files a user keeps beside the ones above and expects TroLy to read: each is reported
# with what to do, where before it was passed over without a word (issue 24).
UNSUPPORTED = frozenset({".ppt", ".pptx"})
