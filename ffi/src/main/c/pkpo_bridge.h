/*
 * Private contract between libpkpo.so and org.pkpo.ffi.NativeBridge: the function table the Java bootstrap
 * fills with FFM upcall stubs. The order and signatures must match NativeBridge.Entry; bump
 * PKPO_BRIDGE_VERSION (and NativeBridge.BRIDGE_VERSION) on any change. Pointers travel as int64 addresses,
 * sizes in bytes; err/err_cap is the calling thread's last-error buffer.
 */
#ifndef PKPO_BRIDGE_H
#define PKPO_BRIDGE_H

#include <stdint.h>

#define PKPO_BRIDGE_VERSION 4
#define PKPO_BRIDGE_ENTRIES 5

typedef struct pkpo_bridge_table_stct
{
    int32_t (*transform)(
        int32_t dtype, int32_t estimator, int32_t k, int32_t scale, int32_t non_finite,
        int64_t in, int64_t in_bytes, int64_t out, int64_t out_bytes, int64_t groups, int32_t n,
        int64_t offsets, int64_t report, int64_t err, int32_t err_cap);
    int32_t (*estimate)(
        int32_t dtype, int64_t in, int64_t in_bytes, int64_t groups, int32_t n, int64_t offsets,
        int64_t ks, int32_t num_k, int32_t non_finite, int64_t out, int64_t out_bytes, int64_t report,
        int64_t err, int32_t err_cap);
    int32_t (*pass_at_k)(
        int64_t n, int64_t c, int64_t count, int32_t k, int64_t out, int64_t err, int32_t err_cap);
    int32_t (*eval_counts)(
        int32_t metric, int64_t n, int64_t c, int64_t problems, int64_t ks, int32_t num_k, int64_t rows,
        int64_t rows_bytes, int64_t estimate, int64_t variance, int64_t per_problem_bytes, int64_t err,
        int32_t err_cap);
    /* pkpo_transform_groups_*: the fields of pkpo_groups_t flattened (form, n, index = offsets or ids, groups, mask,
       k_per_group and its bytes); report is a pkpo_groups_report_t. */
    int32_t (*transform_groups)(
        int32_t dtype, int32_t estimator, int32_t k, int32_t scale, int32_t non_finite, int32_t too_small,
        int64_t in, int64_t in_bytes, int64_t samples, int32_t form, int32_t n, int64_t index, int64_t groups,
        int64_t mask, int64_t ks, int64_t ks_bytes, int64_t out, int64_t out_bytes, int64_t report, int64_t err,
        int32_t err_cap);
}
pkpo_bridge_table_t;

#endif /* PKPO_BRIDGE_H */
