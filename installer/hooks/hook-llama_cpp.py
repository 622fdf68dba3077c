"""PyInstaller hook for llama-cpp-python.

llama_cpp loads libllama and the ggml libraries with ctypes from `llama_cpp/lib/`, which the
import analysis cannot see: collect them at that same place in the bundle. The OpenAI-compatible
server (llama_cpp.server, FastAPI) is not shipped: TroLy opens no listening socket.
"""

from PyInstaller.utils.hooks import collect_dynamic_libs

binaries = collect_dynamic_libs("llama_cpp")
excludedimports = ["llama_cpp.server"]
