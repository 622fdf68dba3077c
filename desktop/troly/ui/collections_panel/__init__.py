"""The collections panel of ask mode, made of small widgets over a files model."""

from troly.ui.collections_panel.panel import CollectionsPanel

__all__ = ["CollectionsPanel"]
