// Debian's kissfft-float.pc defines kiss_fft_scalar=float; repeat it here so the
// Clang importer sees the same type even when pkg-config flags are not applied.
#ifndef kiss_fft_scalar
#define kiss_fft_scalar float
#endif
#include <kissfft/kiss_fft.h>
#include <kissfft/kiss_fftr.h>
#include <stdlib.h>
