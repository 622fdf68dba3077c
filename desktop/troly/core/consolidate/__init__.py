"""Tổng hợp báo cáo: one consolidated report from the periodic reports of many units.

The figures are found and added up by code, never by a model:
- numbers: Vietnamese number formats ("1.245", "95,5%") as Decimal, and back
- labels: indicator labels folded to token sets and matched across units' wordings
- extract: figures from a document's tables (row label + value cell) and sentences
- table: the indicators × units table with sources, totals, rates and flags
- corrections: the user's edits (rename, merge, fix a value) applied before writing
- narrative: results, difficulties and proposals grouped across units, numbers checked
- output: the XLSX of the table and the báo cáo DOCX (Decree 30 writer, table inside)
- pipeline: `consolidate_folder`, the one way in for the CLI and a future page
"""
