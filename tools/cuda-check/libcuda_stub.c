/*
 * A stand-in libcuda.so.1 (the NVIDIA driver library) for machines without a GPU: it lets the CUDA runtime and
 * ND4J's CUDA natives load, and every driver call answers "no CUDA device" (CUDA_ERROR_NO_DEVICE = 100).
 * Only for tools/cuda-check/check.sh; never on a GPU node.
 */
#define CUDA_ERROR_NO_DEVICE 100
int cuInit(unsigned int flags) { (void) flags; return CUDA_ERROR_NO_DEVICE; }
int cuDriverGetVersion(int *version) { if (version) *version = 0; return CUDA_ERROR_NO_DEVICE; }
int cuDeviceGetCount(int *count) { if (count) *count = 0; return CUDA_ERROR_NO_DEVICE; }
int cuGetExportTable(const void **table, const void *id) { (void) table; (void) id; return CUDA_ERROR_NO_DEVICE; }
int cuGetProcAddress(const char *symbol, void **fn, int version, unsigned long long flags) {
    (void) symbol; (void) version; (void) flags;
    if (fn) *fn = 0;
    return CUDA_ERROR_NO_DEVICE;
}
