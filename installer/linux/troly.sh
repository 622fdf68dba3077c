#!/bin/sh
# /usr/bin/troly: the bundled program lives in /opt/troly (a PyInstaller one-folder bundle).
exec /opt/troly/troly "$@"
