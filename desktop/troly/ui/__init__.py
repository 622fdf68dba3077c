"""The PySide6 desktop app. Only this package imports Qt; it builds on troly.core."""
