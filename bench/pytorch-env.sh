# Sourced by bench/run.sh and bench/swin.sh: the process environment of PyTorch set up as its users tuning for speed
# would, in the array `tuned` (a command prefix), and `blas_note`, a line for the tables.
#  - OpenBLAS: PyTorch's matrix products go through the system BLAS, and Debian's default is the netlib reference BLAS,
#    ~10× slower than OpenBLAS on fully connected layers and ~30× on a Swin; a PyTorch user tuning for speed installs
#    OpenBLAS. Refused without it.
#  - OPENBLAS_CORETYPE: OpenBLAS picks its kernels from the CPU model; on a virtual CPU named only "Intel(R) Xeon(R)
#    Processor" it falls back to its SSE3 kernels ("Prescott"), at under half the speed. Named from the CPU's flags.
#  - glibc's allocator thresholds as the engine sets them itself (src/Runtime/Torch/HostAllocator.cs: 1 GiB each).
# The as-shipped PyTorch column runs without any of these variables (but with the system BLAS as installed).
blas="$(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu || true)"
if [[ $blas != *openblas* ]]; then
  echo "the system BLAS is $blas; PyTorch would run at a fraction of its speed. Install OpenBLAS first: apt-get install libopenblas0-pthread" >&2
  exit 1
fi
cpu_flags="$(grep -m1 '^flags' /proc/cpuinfo)"
coretype=""
if [[ $cpu_flags == *avx512f* && $cpu_flags == *avx512bw* && $cpu_flags == *avx512vl* ]]; then coretype=SkylakeX
elif [[ $cpu_flags == *avx2* ]] && grep -q -m1 AuthenticAMD /proc/cpuinfo; then coretype=Zen
elif [[ $cpu_flags == *avx2* ]]; then coretype=Haswell
fi
tuned=(env MALLOC_MMAP_THRESHOLD_=$((1 << 30)) MALLOC_TRIM_THRESHOLD_=$((1 << 30)) ${coretype:+OPENBLAS_CORETYPE=$coretype})
blas_note="PyTorch with $(basename "$(dirname "$blas")"), OPENBLAS_CORETYPE=${coretype:-detected}, glibc thresholds 1 GiB"
