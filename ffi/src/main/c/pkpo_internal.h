/*
 * Not public ABI: entry points for the benchmark in ffi/bench. Exported from libpkpo.so but absent from
 * native-headers/pkpo.h, and free to change.
 */
#ifndef PKPO_INTERNAL_H
#define PKPO_INTERNAL_H

#include "pkpo.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Times the same transform called in-process from Java on native memory of groups x n (out of place,
 * PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT): result_ns[0] = min, result_ns[1] = median nanoseconds per
 * call over `iterations` timed rounds. dtype 0 = f32, 1 = f64.
 */
PKPO_EXPORT int pkpo_internal_bench_in_process(
    int32_t dtype, pkpo_estimator_t estimator, int32_t k, int64_t groups, int32_t n, int32_t iterations,
    double result_ns[2]);

#ifdef __cplusplus
}
#endif

#endif /* PKPO_INTERNAL_H */
