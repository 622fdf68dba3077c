# Sourced by the installer scripts: which llama-cpp-python, compiled how.
# The instruction sets the bundled llama.cpp is compiled for: x86-64-v3 without AVX-512, i.e.
# Intel Haswell (2013) / AMD Excavator (2015) and later. Written into BUILD-INFO.txt.
LLAMA_VERSION=0.3.36
LLAMA_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF"
LLAMA_ISA="x86-64 SSE4.2 AVX AVX2 FMA F16C (no AVX-512)"
# Compiling takes minutes: the wheel is kept outside the work tree, so a fresh clone on the same
# machine (CI) reuses it; the folder name changes with the flags.
LLAMA_WHEELS=${TROLY_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/troly-build}/llama-$LLAMA_VERSION-$(printf '%s' "$LLAMA_CMAKE_ARGS" | sha256sum | cut -c1-12)
