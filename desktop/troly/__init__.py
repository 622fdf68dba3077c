"""TroLy: an offline AI assistant for Vietnamese public servants."""

from importlib import metadata

try:
    __version__ = metadata.version("troly")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
