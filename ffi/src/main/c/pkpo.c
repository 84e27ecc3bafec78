/*
 * libpkpo.so: the C ABI of native-headers/pkpo.h. pkpo_init creates a JVM through the JNI invocation API and
 * calls org.pkpo.ffi.NativeBridge.bootstrap once, which fills `table` with FFM upcall stubs. Every other call
 * checks what Java cannot (state, enum ranges, NULL, element counts to bytes) and then calls Java through a
 * plain function pointer; Java checks everything else, once.
 */
#define _GNU_SOURCE
#include "pkpo.h"
#include "pkpo_bridge.h"
#include "pkpo_locate.h"

#include <dlfcn.h>
#include <jni.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define PKPO_ERR_CAP 1024
#define PKPO_MAX_JVM_OPTIONS 64

enum pkpo_state
{
    STATE_NEW = 0,
    STATE_READY = 1,
    STATE_CLOSING = 2,
    STATE_DOWN = 3,
    /* A child forked after pkpo_init (or during it): the JVM's threads did not come along. */
    STATE_FORKED = 4
};

static _Thread_local char tls_error[PKPO_ERR_CAP];

static pthread_mutex_t lifecycle_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic int state = STATE_NEW;
static _Atomic int64_t in_flight = 0;
static pkpo_bridge_table_t table;
static JavaVM *jvm = NULL;
/* The process that started the JVM, and whether a start is under way (for the fork handler). */
static pid_t init_pid = 0;
static _Atomic int starting = 0;

static int fail(int code, const char *format, ...) __attribute__((format(printf, 2, 3)));

static int fail(int code, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsnprintf(tls_error, sizeof(tls_error), format, ap);
    va_end(ap);
    return code;
}

static int fail_forked(void)
{
    return fail(PKPO_ERR_FORKED, "this process (pid %d) was forked from pid %d after pkpo_init: the JVM's threads do"
        " not survive fork(), so no pkpo call can run here. Call pkpo only in the process that called pkpo_init, or"
        " start worker processes with spawn (Python: multiprocessing.set_start_method(\"spawn\")) and call"
        " pkpo_init in each", (int)getpid(), (int)init_pid);
}

/*
 * In the child of a fork(): a JVM that was started (or was starting) in the parent is unusable here, since
 * only the forking thread exists in the child, so every later call fails fast with PKPO_ERR_FORKED
 * instead of waiting on JVM threads that will never run. No cost per call: enter() already reads `state`.
 * Calls that were in flight on other threads of the parent do not exist here, and the lock another thread may
 * have held is made fresh.
 */
static void on_fork_child(void)
{
    const int s = atomic_load(&state);
    if (STATE_READY == s || STATE_CLOSING == s || atomic_load(&starting))
    {
        atomic_store(&state, STATE_FORKED);
    }
    atomic_store(&starting, 0);
    atomic_store(&in_flight, 0);
    pthread_mutex_init(&lifecycle_lock, NULL);
}

__attribute__((constructor)) static void register_fork_handler(void)
{
    pthread_atfork(NULL, NULL, on_fork_child);
}

/* Calls count themselves in so that pkpo_shutdown can wait for them (seq_cst on both sides: Dekker). */
static inline int enter(void)
{
    tls_error[0] = '\0';
    atomic_fetch_add(&in_flight, 1);
    int s = atomic_load(&state);
    if (STATE_READY == s)
    {
        return 0;
    }
    atomic_fetch_sub(&in_flight, 1);
    if (STATE_NEW == s)
    {
        return fail(PKPO_ERR_NOT_INITIALIZED, "pkpo_init has not succeeded yet: call it first");
    }
    if (STATE_FORKED == s)
    {
        return fail_forked();
    }
    return fail(PKPO_ERR_SHUT_DOWN, "pkpo_shutdown has run: the JVM is gone and cannot be created again in this process");
}

static inline int leave(int rc)
{
    atomic_fetch_sub(&in_flight, 1);
    return rc;
}

int32_t pkpo_abi_version(void)
{
    return PKPO_ABI_VERSION;
}

const char *pkpo_last_error(void)
{
    return tls_error;
}

int pkpo_options_init(pkpo_options_t *options)
{
    if (NULL == options)
    {
        return fail(PKPO_ERR_NULL_POINTER, "options is null");
    }
    memset(options, 0, sizeof(*options));
    options->size = sizeof(*options);
    options->warm_up = 1;
    return PKPO_OK;
}

/* ---- what C checks: only what Java cannot see ------------------------------------------------------
 * The state (above), enum ranges (so that a bad value never reaches Java as a number), NULL (Java would
 * fault on it) and the conversion of element counts to byte counts. Every other rule (sizes against groups
 * and n, offsets, overlap, alignment, k) is the engine's, checked once in Java on the wrapped addresses;
 * see org.pkpo.ffi.Upcalls. */

static int check_enums(int estimator, int scale, int non_finite)
{
    if (estimator < PKPO_RHO || estimator > PKPO_LOO)
    {
        return fail(PKPO_ERR_INVALID_ARGUMENT, "estimator must be %d..%d (PKPO_RHO..PKPO_LOO), got %d",
            PKPO_RHO, PKPO_LOO, estimator);
    }
    if (scale < PKPO_SCALE_PAPER || scale > PKPO_SCALE_PER_SAMPLE)
    {
        return fail(PKPO_ERR_INVALID_ARGUMENT, "scale must be %d or %d (PKPO_SCALE_PAPER, PKPO_SCALE_PER_SAMPLE), got %d",
            PKPO_SCALE_PAPER, PKPO_SCALE_PER_SAMPLE, scale);
    }
    if (non_finite < PKPO_NON_FINITE_REJECT || non_finite > PKPO_NON_FINITE_EXCLUDE)
    {
        return fail(PKPO_ERR_INVALID_ARGUMENT, "non_finite must be %d or %d (PKPO_NON_FINITE_REJECT, PKPO_NON_FINITE_EXCLUDE),"
            " got %d", PKPO_NON_FINITE_REJECT, PKPO_NON_FINITE_EXCLUDE, non_finite);
    }
    return PKPO_OK;
}

/* A buffer the call reads or writes; `needed` is 0 for calls of zero groups (or count), which read nothing. */
static int check_present(const char *what, const void *p, int needed)
{
    return needed && NULL == p ? fail(PKPO_ERR_NULL_POINTER, "%s is null", what) : PKPO_OK;
}

/* Bytes at p: 0 for NULL; `len` elements otherwise, saturated where the byte count would pass INT64_MAX (no
 * buffer is that large, and Java never touches more than the call uses). */
static int64_t bytes_of(const void *p, uint64_t len, size_t es)
{
    if (NULL == p)
    {
        return 0;
    }
    return len > (uint64_t)(INT64_MAX / (int64_t)es) ? (INT64_MAX / (int64_t)es) * (int64_t)es : (int64_t)(len * es);
}

static inline int64_t address_of(const void *p)
{
    return (int64_t)(intptr_t)p;
}

/* ---- transforms ------------------------------------------------------------------------------------- */

/* Uniform when offsets is NULL (the ragged entry points reject a NULL offsets for groups > 0). */
static int transform(int dtype, int estimator, int32_t k, int scale, int non_finite, const void *rewards,
    uint64_t rewards_len, int64_t groups, int32_t n, const int64_t *offsets, int is_ragged, void *out,
    uint64_t out_len, pkpo_report_t *report)
{
    int rc = enter();
    if (rc < 0)
    {
        return rc;
    }
    const size_t es = 0 == dtype ? 4 : 8;
    if ((rc = check_enums(estimator, scale, non_finite)) < 0 || (rc = check_present("rewards", rewards, groups > 0)) < 0 ||
        (rc = check_present("out", out, groups > 0)) < 0 ||
        (rc = check_present("offsets", offsets, is_ragged && groups > 0)) < 0)
    {
        return leave(rc);
    }
    rc = table.transform(dtype, estimator, k, scale, non_finite, address_of(rewards), bytes_of(rewards, rewards_len, es),
        address_of(out), bytes_of(out, out_len, es), groups, n, address_of(offsets), address_of(report),
        address_of(tls_error), PKPO_ERR_CAP);
    return leave(rc);
}

int pkpo_transform_f32(pkpo_estimator_t estimator, int32_t k, pkpo_scale_t scale, pkpo_non_finite_t non_finite,
    const float *rewards, uint64_t rewards_len, int64_t groups, int32_t n, float *out, uint64_t out_len,
    pkpo_report_t *report)
{
    return transform(0, estimator, k, scale, non_finite, rewards, rewards_len, groups, n, NULL, 0, out, out_len, report);
}

int pkpo_transform_f64(pkpo_estimator_t estimator, int32_t k, pkpo_scale_t scale, pkpo_non_finite_t non_finite,
    const double *rewards, uint64_t rewards_len, int64_t groups, int32_t n, double *out, uint64_t out_len,
    pkpo_report_t *report)
{
    return transform(1, estimator, k, scale, non_finite, rewards, rewards_len, groups, n, NULL, 0, out, out_len, report);
}

int pkpo_transform_ragged_f32(pkpo_estimator_t estimator, int32_t k, pkpo_scale_t scale, pkpo_non_finite_t non_finite,
    const float *rewards, uint64_t rewards_len, const int64_t *offsets, int64_t groups, float *out, uint64_t out_len,
    pkpo_report_t *report)
{
    return transform(0, estimator, k, scale, non_finite, rewards, rewards_len, groups, 0, offsets, 1, out, out_len,
        report);
}

int pkpo_transform_ragged_f64(pkpo_estimator_t estimator, int32_t k, pkpo_scale_t scale,
    pkpo_non_finite_t non_finite, const double *rewards, uint64_t rewards_len, const int64_t *offsets, int64_t groups,
    double *out, uint64_t out_len, pkpo_report_t *report)
{
    return transform(1, estimator, k, scale, non_finite, rewards, rewards_len, groups, 0, offsets, 1, out, out_len,
        report);
}

/* ---- groups: uniform, offsets or ids, with a mask, k per group and a too-small policy ------------------------ */

/* The layouts pkpo.h documents; Java writes the report (AbiCodes.GROUPS_REPORT, checked against pkpo.h by
   AbiCodesTest). */
_Static_assert(sizeof(pkpo_groups_t) == 72 && offsetof(pkpo_groups_t, offsets) == 16 &&
    offsetof(pkpo_groups_t, k_per_group_len) == 56 && offsetof(pkpo_groups_t, reserved) == 68,
    "pkpo_groups_t must be 72 bytes without padding");
_Static_assert(sizeof(pkpo_groups_report_t) == 64 && offsetof(pkpo_groups_report_t, masked_samples) == 32,
    "pkpo_groups_report_t must be 64 bytes without padding");

int pkpo_groups_init(pkpo_groups_t *groups)
{
    if (NULL == groups)
    {
        return fail(PKPO_ERR_NULL_POINTER, "groups is null");
    }
    memset(groups, 0, sizeof(*groups));
    groups->size = sizeof(*groups);
    groups->form = PKPO_GROUPS_UNIFORM;
    groups->too_small = PKPO_TOO_SMALL_REJECT;
    return PKPO_OK;
}

/*
 * The host's struct as this library knows it. ABI 2's struct is the shortest there is; a longer one (a host built
 * against a later header) is read when every byte this library does not know is zero, the defaults of fields to
 * come, so that a field the host set is never silently ignored. A later library that lengthens the struct reads a
 * shorter one as pkpo_init reads options: the prefix, then the defaults.
 */
static int read_groups(const pkpo_groups_t *groups, pkpo_groups_t *g)
{
    if (NULL == groups)
    {
        return fail(PKPO_ERR_NULL_POINTER, "groups is null: describe the grouping in a pkpo_groups_t filled by"
            " pkpo_groups_init");
    }
    const uint64_t size = groups->size;
    if (size < sizeof(*g) || size > (1u << 16))
    {
        return fail(PKPO_ERR_INVALID_ARGUMENT, "groups->size is %llu, want %zu: fill groups with pkpo_groups_init",
            (unsigned long long)size, sizeof(*g));
    }
    memcpy(g, groups, sizeof(*g));
    const unsigned char *tail = (const unsigned char *)groups;
    for (uint64_t i = sizeof(*g); i < size; i++)
    {
        if (0 != tail[i])
        {
            return fail(PKPO_ERR_INVALID_ARGUMENT, "groups->size is %llu and byte %llu is set, but this libpkpo.so"
                " (ABI %d) knows only the first %zu bytes of pkpo_groups_t: a field it does not know would be ignored",
                (unsigned long long)size, (unsigned long long)i, PKPO_ABI_VERSION, sizeof(*g));
        }
    }
    if (g->form < PKPO_GROUPS_UNIFORM || g->form > PKPO_GROUPS_IDS64)
    {
        return fail(PKPO_ERR_INVALID_ARGUMENT, "groups->form must be %d..%d (PKPO_GROUPS_UNIFORM..PKPO_GROUPS_IDS64),"
            " got %d", PKPO_GROUPS_UNIFORM, PKPO_GROUPS_IDS64, g->form);
    }
    if (g->too_small < PKPO_TOO_SMALL_REJECT || g->too_small > PKPO_TOO_SMALL_ZERO)
    {
        return fail(PKPO_ERR_INVALID_ARGUMENT, "groups->too_small must be %d or %d (PKPO_TOO_SMALL_REJECT,"
            " PKPO_TOO_SMALL_ZERO), got %d", PKPO_TOO_SMALL_REJECT, PKPO_TOO_SMALL_ZERO, g->too_small);
    }
    if (0 != g->reserved)
    {
        return fail(PKPO_ERR_INVALID_ARGUMENT, "groups->reserved must be 0, got %d", g->reserved);
    }
    return PKPO_OK;
}

static int transform_groups(int dtype, int estimator, int32_t k, int scale, int non_finite, const void *rewards,
    uint64_t rewards_len, int64_t samples, const pkpo_groups_t *groups, void *out, uint64_t out_len,
    pkpo_groups_report_t *report)
{
    int rc = enter();
    if (rc < 0)
    {
        return rc;
    }
    const size_t es = 0 == dtype ? 4 : 8;
    pkpo_groups_t g;
    if ((rc = read_groups(groups, &g)) < 0 || (rc = check_enums(estimator, scale, non_finite)) < 0)
    {
        return leave(rc);
    }
    const int is_offsets = PKPO_GROUPS_OFFSETS == g.form;
    const int is_ids = PKPO_GROUPS_IDS32 == g.form || PKPO_GROUPS_IDS64 == g.form;
    /* samples = 0 reads nothing, except offsets with empty groups (too small: rho then writes a zero per group). */
    const int reads = samples > 0;
    if ((rc = check_present("rewards", rewards, reads)) < 0 ||
        (rc = check_present("out", out, reads || (is_offsets && g.groups > 0 && PKPO_RHO == estimator))) < 0 ||
        (rc = check_present("groups->offsets", g.offsets, is_offsets && (reads || 0 != g.groups))) < 0 ||
        (rc = check_present("groups->ids", g.ids, is_ids && reads)) < 0)
    {
        return leave(rc);
    }
    const void *index = is_offsets ? (const void *)g.offsets : is_ids ? g.ids : NULL;
    rc = table.transform_groups(dtype, estimator, k, scale, non_finite, g.too_small, address_of(rewards),
        bytes_of(rewards, rewards_len, es), samples, g.form, g.n, address_of(index), g.groups, address_of(g.mask),
        address_of(g.k_per_group), bytes_of(g.k_per_group, g.k_per_group_len, 4), address_of(out),
        bytes_of(out, out_len, es), address_of(report), address_of(tls_error), PKPO_ERR_CAP);
    return leave(rc);
}

int pkpo_transform_groups_f32(pkpo_estimator_t estimator, int32_t k, pkpo_scale_t scale, pkpo_non_finite_t non_finite,
    const float *rewards, uint64_t rewards_len, int64_t samples, const pkpo_groups_t *groups, float *out,
    uint64_t out_len, pkpo_groups_report_t *report)
{
    return transform_groups(0, estimator, k, scale, non_finite, rewards, rewards_len, samples, groups, out, out_len,
        report);
}

int pkpo_transform_groups_f64(pkpo_estimator_t estimator, int32_t k, pkpo_scale_t scale, pkpo_non_finite_t non_finite,
    const double *rewards, uint64_t rewards_len, int64_t samples, const pkpo_groups_t *groups, double *out,
    uint64_t out_len, pkpo_groups_report_t *report)
{
    return transform_groups(1, estimator, k, scale, non_finite, rewards, rewards_len, samples, groups, out, out_len,
        report);
}

/* ---- estimates -------------------------------------------------------------------------------------- */

static int estimate(int dtype, const void *rewards, uint64_t rewards_len, int64_t groups, int32_t n,
    const int64_t *offsets, int is_ragged, const int32_t *ks, int32_t num_k, int non_finite, void *out,
    uint64_t out_len, pkpo_report_t *report)
{
    int rc = enter();
    if (rc < 0)
    {
        return rc;
    }
    const size_t es = 0 == dtype ? 4 : 8;
    if ((rc = check_enums(PKPO_RHO, PKPO_SCALE_PAPER, non_finite)) < 0 ||
        (rc = check_present("rewards", rewards, groups > 0)) < 0 || (rc = check_present("out", out, groups > 0)) < 0 ||
        (rc = check_present("ks", ks, groups > 0)) < 0 ||
        (rc = check_present("offsets", offsets, is_ragged && groups > 0)) < 0)
    {
        return leave(rc);
    }
    rc = table.estimate(dtype, address_of(rewards), bytes_of(rewards, rewards_len, es), groups, n, address_of(offsets),
        address_of(ks), num_k, non_finite, address_of(out), bytes_of(out, out_len, es), address_of(report),
        address_of(tls_error), PKPO_ERR_CAP);
    return leave(rc);
}

int pkpo_estimate_f32(const float *rewards, uint64_t rewards_len, int64_t groups, int32_t n, const int32_t *ks,
    int32_t num_k, pkpo_non_finite_t non_finite, float *out, uint64_t out_len, pkpo_report_t *report)
{
    return estimate(0, rewards, rewards_len, groups, n, NULL, 0, ks, num_k, non_finite, out, out_len, report);
}

int pkpo_estimate_f64(const double *rewards, uint64_t rewards_len, int64_t groups, int32_t n, const int32_t *ks,
    int32_t num_k, pkpo_non_finite_t non_finite, double *out, uint64_t out_len, pkpo_report_t *report)
{
    return estimate(1, rewards, rewards_len, groups, n, NULL, 0, ks, num_k, non_finite, out, out_len, report);
}

int pkpo_estimate_ragged_f32(const float *rewards, uint64_t rewards_len, const int64_t *offsets, int64_t groups,
    const int32_t *ks, int32_t num_k, pkpo_non_finite_t non_finite, float *out, uint64_t out_len,
    pkpo_report_t *report)
{
    return estimate(0, rewards, rewards_len, groups, 0, offsets, 1, ks, num_k, non_finite, out, out_len, report);
}

int pkpo_estimate_ragged_f64(const double *rewards, uint64_t rewards_len, const int64_t *offsets, int64_t groups,
    const int32_t *ks, int32_t num_k, pkpo_non_finite_t non_finite, double *out, uint64_t out_len,
    pkpo_report_t *report)
{
    return estimate(1, rewards, rewards_len, groups, 0, offsets, 1, ks, num_k, non_finite, out, out_len, report);
}

int pkpo_pass_at_k(const int64_t *n, const int64_t *c, uint64_t count, int32_t k, double *out)
{
    int rc = enter();
    if (rc < 0)
    {
        return rc;
    }
    if ((rc = check_present("n", n, count > 0)) < 0 || (rc = check_present("c", c, count > 0)) < 0 ||
        (rc = check_present("out", out, count > 0)) < 0)
    {
        return leave(rc);
    }
    if (count > (uint64_t)INT64_MAX)
    {
        return leave(fail(PKPO_ERR_INVALID_ARGUMENT, "count=%llu does not fit in int64", (unsigned long long)count));
    }
    rc = table.pass_at_k(address_of(n), address_of(c), (int64_t)count, k, address_of(out), address_of(tls_error),
        PKPO_ERR_CAP);
    return leave(rc);
}

/* ---- evaluation ------------------------------------------------------------------------------------- */

/* The layout Java writes (AbiCodes.EVAL_ROW, checked against pkpo.h by AbiCodesTest) is the compiler's. */
_Static_assert(sizeof(pkpo_eval_row_t) == 56 && offsetof(pkpo_eval_row_t, problems) == 8 &&
    offsetof(pkpo_eval_row_t, estimate) == 32 && offsetof(pkpo_eval_row_t, se_across) == 48,
    "pkpo_eval_row_t must be 56 bytes without padding");

int pkpo_eval_counts(pkpo_metric_t metric, const int64_t *n, const int64_t *c, int64_t problems, const int32_t *ks,
    int32_t num_k, pkpo_eval_row_t *rows, uint64_t rows_len, double *estimate, double *variance,
    uint64_t per_problem_len)
{
    int rc = enter();
    if (rc < 0)
    {
        return rc;
    }
    const int m = (int)metric;
    if (m < PKPO_METRIC_PASS || m > PKPO_METRIC_PASS_HAT)
    {
        return leave(fail(PKPO_ERR_INVALID_ARGUMENT, "metric must be %d or %d (PKPO_METRIC_PASS, PKPO_METRIC_PASS_HAT),"
            " got %d", PKPO_METRIC_PASS, PKPO_METRIC_PASS_HAT, m));
    }
    /* rows are written even for problems = 0; estimate and variance come as a pair or not at all. */
    if ((rc = check_present("n", n, problems > 0)) < 0 || (rc = check_present("c", c, problems > 0)) < 0 ||
        (rc = check_present("ks", ks, 1)) < 0 || (rc = check_present("rows", rows, 1)) < 0)
    {
        return leave(rc);
    }
    if (problems > 0 && (NULL == estimate) != (NULL == variance))
    {
        return leave(fail(PKPO_ERR_NULL_POINTER, "%s is null but %s is not: pass both or neither",
            NULL == estimate ? "estimate" : "variance", NULL == estimate ? "variance" : "estimate"));
    }
    const double *per_problem = NULL != estimate ? estimate : variance;
    rc = table.eval_counts(m, address_of(n), address_of(c), problems, address_of(ks), num_k, address_of(rows),
        bytes_of(rows, rows_len, sizeof(pkpo_eval_row_t)), address_of(estimate), address_of(variance),
        bytes_of(per_problem, per_problem_len, sizeof(double)), address_of(tls_error), PKPO_ERR_CAP);
    return leave(rc);
}

/* ---- lifecycle -------------------------------------------------------------------------------------- */

typedef jint (*create_java_vm_fn)(JavaVM **, void **, void *);
typedef jint (*get_created_java_vms_fn)(JavaVM **, jsize, jsize *);

/*
 * The shapes hosts call, a few hundred times each: one group (the per-call path), full vector blocks (1024 groups:
 * the path of a large call) and a ragged tail, for every estimator, dtype and scale, plus ragged calls and
 * estimates and grouped calls (ids with a mask, contiguous ids). With the CompileCommand options of
 * default_jvm_options below, every pkpo method is compiled by C2 on its first calls,
 * the calling thread waiting for it, so these calls leave the paths compiled rather than queued: measured on a
 * 2-core EPYC, the first 65,536 x 16 float32 call after pkpo_init took 20-27 ms with them and 480-550 ms without
 * (steady state 1-6 ms on that busy machine). In and out lengths are the call's own, as a host passes them.
 */
enum { WARM_N = 16, WARM_GROUPS = 1024 };
static double warm_d[WARM_GROUPS * WARM_N], warm_dout[WARM_GROUPS * WARM_N];
static float warm_f[WARM_GROUPS * WARM_N], warm_fout[WARM_GROUPS * WARM_N];
static int64_t warm_offsets[WARM_GROUPS + 1];
/* Grouped calls: interleaved int32 ids with a mask (the shuffled path), contiguous int64 ids (the common one). */
static int32_t warm_ids32[WARM_GROUPS * WARM_N];
static int64_t warm_ids64[WARM_GROUPS * WARM_N];
static uint8_t warm_mask[WARM_GROUPS * WARM_N];

/* The warm-up's inputs, filled once before its threads start (each thread then writes only its dtype's outputs). */
static void warm_up_data(void)
{
    for (int i = 0; i < WARM_GROUPS * WARM_N; i++)
    {
        warm_d[i] = (double)((i * 7919) % 101) / 101.0;
        warm_f[i] = (float)warm_d[i];
        warm_ids32[i] = i % WARM_GROUPS;
        warm_ids64[i] = 1000003 * (int64_t)(i / WARM_N);
        warm_mask[i] = 0 != i % 10;
    }
    for (int g = 0; g <= WARM_GROUPS; g++)
    {
        warm_offsets[g] = (int64_t)g * WARM_N;
    }
}

enum { WARM_F32 = 1, WARM_F64 = 2 };

static void warm_up_rounds(int rounds, int dtypes)
{
    enum { N = WARM_N, GROUPS = WARM_GROUPS, TAIL = GROUPS - 9 };
    double *d = warm_d, *dout = warm_dout;
    float *f = warm_f, *fout = warm_fout;
    const int32_t ks[] = { 1, 4 };
    const int64_t *offsets = warm_offsets;
    const int do32 = 0 != (dtypes & WARM_F32), do64 = 0 != (dtypes & WARM_F64);
    pkpo_groups_t shuffled, contiguous;
    pkpo_groups_init(&shuffled);
    shuffled.form = PKPO_GROUPS_IDS32;
    shuffled.ids = warm_ids32;
    shuffled.mask = warm_mask;
    shuffled.too_small = PKPO_TOO_SMALL_ZERO;
    pkpo_groups_init(&contiguous);
    contiguous.form = PKPO_GROUPS_IDS64;
    contiguous.ids = warm_ids64;
    for (int r = 0; r < rounds; r++)
    {
        const int big = 0 == r % 10;
        /* Input below and above the output in turn: CallChecks.overlap branches on their order, and a branch
           the warm-up never took costs a host's first call a deoptimization and a recompilation. */
        float *fi = (r & 2) ? fout : f, *fo = (r & 2) ? f : fout;
        double *di = (r & 2) ? dout : d, *dx = (r & 2) ? d : dout;
        for (int e = PKPO_RHO; e <= PKPO_LOO; e++)
        {
            const int32_t k = PKPO_LOO == e ? 1 : 4;
            const pkpo_scale_t scale = (pkpo_scale_t)(r & 1);
            for (int s = 0; s < (big ? 3 : 1); s++)
            {
                const int64_t groups = 0 == s ? 1 : 1 == s ? GROUPS : TAIL;
                const uint64_t len = (uint64_t)groups * N;
                const uint64_t out_len = PKPO_RHO == e ? (uint64_t)groups : len;
                if (do32)
                    pkpo_transform_f32((pkpo_estimator_t)e, k, scale, PKPO_NON_FINITE_REJECT, fi, len, groups, N, fo,
                        out_len, NULL);
                if (do64)
                    pkpo_transform_f64((pkpo_estimator_t)e, k, scale, PKPO_NON_FINITE_REJECT, di, len, groups, N, dx,
                        out_len, NULL);
            }
            if (big)
            {
                if (do32)
                    pkpo_transform_ragged_f32((pkpo_estimator_t)e, k, scale, PKPO_NON_FINITE_EXCLUDE, fi, GROUPS * N,
                        offsets, GROUPS, fo, PKPO_RHO == e ? GROUPS : GROUPS * N, NULL);
                if (do64)
                    pkpo_transform_ragged_f64((pkpo_estimator_t)e, k, scale, PKPO_NON_FINITE_EXCLUDE, di, GROUPS * N,
                        offsets, GROUPS, dx, PKPO_RHO == e ? GROUPS : GROUPS * N, NULL);
                for (int c = 0; c < (PKPO_SLOO_MINUS_ONE == e || PKPO_RHO == e ? 2 : 0); c++)
                {
                    const pkpo_groups_t *gr = 0 == c ? &shuffled : &contiguous;
                    if (do32)
                        pkpo_transform_groups_f32((pkpo_estimator_t)e, k, scale, PKPO_NON_FINITE_REJECT, fi, GROUPS * N,
                            GROUPS * N, gr, fo, GROUPS * N, NULL);
                    if (do64)
                        pkpo_transform_groups_f64((pkpo_estimator_t)e, k, scale, PKPO_NON_FINITE_REJECT, di, GROUPS * N,
                            GROUPS * N, gr, dx, GROUPS * N, NULL);
                }
            }
        }
        if (big)
        {
            if (do32)
                pkpo_estimate_f32(fi, GROUPS * N, GROUPS, N, ks, 2, PKPO_NON_FINITE_REJECT, fo, GROUPS * N, NULL);
            if (do64)
                pkpo_estimate_f64(di, GROUPS * N, GROUPS, N, ks, 2, PKPO_NON_FINITE_REJECT, dx, GROUPS * N, NULL);
        }
    }
    tls_error[0] = '\0';
}

/*
 * Then a few large calls (16,384 groups of 16) on each path: uniform, offsets, ids in contiguous runs, shuffled ids
 * with a mask. Calls that large take branches the 1,024-group rounds never take (the id table grows, partitions
 * fill); a host's first such call would otherwise hit an uncommon trap and wait for the recompilation (the first
 * grouped calls of 65,536 x 16 after pkpo_init took 280-1,000 ms, steady 14-65 ms, -XX:+PrintCompilation showing
 * "made not entrant: uncommon trap" in GroupedRunner.run and IdMap.map). 65,536 groups here cost 0.5 s more in
 * pkpo_init and left the same first calls.
 */
static void warm_up_large(int dtypes, int passes)
{
    enum { N = WARM_N, GROUPS = 8192, SAMPLES = GROUPS * N };
    const int do64 = 0 != (dtypes & WARM_F64);
    const size_t width = do64 ? sizeof(double) : sizeof(float);
    void *in = malloc(SAMPLES * width), *out = malloc(SAMPLES * width);
    int64_t *ids = malloc(SAMPLES * sizeof(int64_t)), *offsets = malloc((GROUPS + 1) * sizeof(int64_t));
    int32_t *perm = malloc(SAMPLES * sizeof(int32_t));
    uint8_t *mask = malloc(SAMPLES);
    if (NULL != in && NULL != out && NULL != ids && NULL != offsets && NULL != perm && NULL != mask)
    {
        uint64_t x = 0x9E3779B97F4A7C15ull;
        for (int i = 0; i < SAMPLES; i++)
        {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            const double r = (double)(x >> 11) / 9007199254740992.0;
            if (do64)
                ((double *)in)[i] = r;
            else
                ((float *)in)[i] = (float)r;
            mask[i] = 0 != i % 10;
            perm[i] = i;
        }
        for (int i = SAMPLES - 1; i > 0; i--)
        {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            const int j = (int)((x >> 33) % (uint64_t)(i + 1));
            const int32_t t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        for (int g = 0; g <= GROUPS; g++)
            offsets[g] = (int64_t)g * N;
        pkpo_groups_t gr;
        for (int p = 0; p < passes; p++)
        {
            if (do64)
            {
                pkpo_transform_f64(PKPO_SLOO_MINUS_ONE, 4, PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT, in, SAMPLES, GROUPS,
                    N, out, SAMPLES, NULL);
                pkpo_transform_ragged_f64(PKPO_SLOO_MINUS_ONE, 4, PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT, in, SAMPLES,
                    offsets, GROUPS, out, SAMPLES, NULL);
            }
            else
            {
                pkpo_transform_f32(PKPO_SLOO_MINUS_ONE, 4, PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT, in, SAMPLES, GROUPS,
                    N, out, SAMPLES, NULL);
                pkpo_transform_ragged_f32(PKPO_SLOO_MINUS_ONE, 4, PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT, in, SAMPLES,
                    offsets, GROUPS, out, SAMPLES, NULL);
            }
            for (int shuffled = 0; shuffled < 2; shuffled++)
            {
                for (int i = 0; i < SAMPLES; i++)
                    ids[shuffled ? perm[i] : i] = (int64_t)(0x9E3779B97F4A7C15ull * (uint64_t)(i / N + 1 + p));
                pkpo_groups_init(&gr);
                gr.form = PKPO_GROUPS_IDS64;
                gr.ids = ids;
                gr.mask = shuffled ? mask : NULL;
                gr.too_small = PKPO_TOO_SMALL_ZERO;
                if (do64)
                    pkpo_transform_groups_f64(PKPO_SLOO_MINUS_ONE, 4, PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT, in,
                        SAMPLES, SAMPLES, &gr, out, SAMPLES, NULL);
                else
                    pkpo_transform_groups_f32(PKPO_SLOO_MINUS_ONE, 4, PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT, in,
                        SAMPLES, SAMPLES, &gr, out, SAMPLES, NULL);
            }
        }
    }
    free(in);
    free(out);
    free(ids);
    free(offsets);
    free(perm);
    free(mask);
}

static void *warm_up_new_thread(void *unused)
{
    (void)unused;
    warm_up_rounds(1, WARM_F32 | WARM_F64);
    return NULL;
}

/*
 * One large pass early, while pkpo's methods run in C1's profiling tier, so that their C2 compilations include the
 * large calls' branches (a large pass only at the end deoptimized GroupedRunner.run, and its recompilation, 400 ms,
 * fell to the host's first grouped call); then the rounds, then the large calls again.
 */
static void warm_up_dtypes(int dtypes)
{
    warm_up_rounds(30, dtypes);
    if (0 != (dtypes & WARM_F32))
        warm_up_large(WARM_F32, 1);
    if (0 != (dtypes & WARM_F64))
        warm_up_large(WARM_F64, 1);
    if (0 != (dtypes & WARM_F32))
    {
        pthread_t t;
        if (0 == pthread_create(&t, NULL, warm_up_new_thread, NULL))
        {
            pthread_join(t, NULL);
        }
    }
    warm_up_rounds(170, dtypes);
    if (0 != (dtypes & WARM_F32))
        warm_up_large(WARM_F32, 2);
    if (0 != (dtypes & WARM_F64))
        warm_up_large(WARM_F64, 2);
}

static void *warm_up_thread(void *dtypes)
{
    warm_up_dtypes((int)(intptr_t)dtypes);
    return NULL;
}


/*
 * Float32 on this thread and float64 on a second one at the same time: each waits for the C2 compilations of its
 * own kernels, which the two C2 threads of -XX:CICompilerCount=3 then compile side by side. Then one round on a new
 * thread: a host thread's first call creates its per-thread state (Java objects whose constructors would otherwise
 * be compiled, the caller waiting, on the host's first call: 46-105 ms measured).
 */
static void warm_up(void)
{
    warm_up_data();
    pthread_t t;
    const int second = 0 == pthread_create(&t, NULL, warm_up_thread, (void *)(intptr_t)WARM_F64);
    warm_up_dtypes(second ? WARM_F32 : WARM_F32 | WARM_F64);
    if (second)
    {
        pthread_join(t, NULL);
    }
}

#ifdef __GLIBC__
enum { TRIM_DELAY_MS = 5500 };

static void *trim_after_delay(void *unused)
{
    (void)unused;
    /* Twice: chunks freed by compilations that ended after the first cleaner pass go back by the next one. */
    for (int round = 0; round < 2; round++)
    {
        struct timespec left = { TRIM_DELAY_MS / 1000, (TRIM_DELAY_MS % 1000) * 1000000L };
        while (0 != nanosleep(&left, &left))
        {
        }
        malloc_trim(0);
    }
    return NULL;
}

/*
 * Most of what the warm-up's compilations freed is still held at the end of pkpo_init: the JVM pools the arena
 * chunks its compiler threads free and gives them back to malloc only every 5 s (HotSpot's ChunkPoolCleaner), so
 * the malloc_trim above cannot return them yet. One detached thread trims again 5.5 s and 11 s later: a program
 * that only calls pkpo_init stayed at 133-138 MB resident without it and settled at 111-113 MB with it; the host
 * test's footprint line reports both (ffi/README.md). A few times, not periodically (-XX:TrimNativeHeapInterval
 * would trim the host's own malloc arenas every few seconds for the rest of its life, locking each in turn).
 */
static void trim_later(void)
{
    pthread_attr_t attr;
    if (0 != pthread_attr_init(&attr))
    {
        return;
    }
    pthread_t t;
    if (0 == pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED))
    {
        (void)pthread_create(&t, &attr, trim_after_delay, NULL);
    }
    pthread_attr_destroy(&attr);
}
#endif

/*
 * The JVM options pkpo_init adds before options->jvm_options (all of them left out with no_default_jvm_options).
 * The footprint ones keep a host's resident memory small (pkpo.h and ffi/README.md give the reasons and the
 * measured numbers); each is left out when jvm_options sets the same thing, so that a host's choice is never
 * contradicted (two collectors, or an -Xms above the host's -Xmx, would stop the JVM from starting) and
 * -XX:MaxRAMPercentage is not shadowed by our -Xmx. A pattern is a prefix, or "prefix*suffix".
 */
typedef struct default_jvm_option_stct
{
    const char *option;
    const char *overridden_by[8];
}
default_jvm_option_t;

static const default_jvm_option_t default_jvm_options[] = {
    { "-Xrs", { NULL } },
    { "-XX:-UsePerfData", { "-XX:+UsePerfData", NULL } },
    { "--enable-native-access=ALL-UNNAMED", { NULL } },
    { "--add-modules=jdk.incubator.vector", { NULL } },
    { "-XX:+UseSerialGC", { "-XX:+Use*GC", "-XX:-UseSerialGC", NULL } },
    { "-Xms8m", { "-Xms", "-XX:InitialHeapSize=", "-XX:InitialRAMPercentage=", "-Xmx", "-XX:MaxHeapSize=", NULL } },
    { "-Xmx512m", { "-Xmx", "-XX:MaxHeapSize=", "-XX:MaxRAMPercentage=", "-XX:MaxRAM=", "-XX:MaxRAMFraction=", "-Xms",
        "-XX:InitialHeapSize=", NULL } },
    { "-XX:ReservedCodeCacheSize=64m", { "-XX:ReservedCodeCacheSize=", NULL } },
    { "-XX:CICompilerCount=3", { "-XX:CICompilerCount=", "-XX:-TieredCompilation", NULL } },
    /* Fast from the first call (issue 13): the thread that calls one of pkpo's methods waits for its compilation
       instead of running the Vector API interpreted (which boxes every vector: hundreds of times slower) while it
       is queued. "quiet": no echo of these on standard output. Not CompileThresholdScaling=0.01: code compiled on
       so little profile was up to 5x slower for good (AVX2 float32 n = 16: 35-75 M rewards/s against 302-373 M). */
    { "-XX:CompileCommand=quiet", { NULL } },
    { "-XX:CompileCommand=BackgroundCompilation,org.pkpo.*::*,false", { NULL } },
    /* ThreadLocal.get inlined into pkpo's large methods carries the profile of the threads the warm-up ran on: a host
       thread whose map puts pkpo's thread-local off its home slot took the branch C2 had pruned, and the uncommon
       trap recompiled GroupedRunner.run while the call waited (first grouped call 540-850 ms in two of three
       pkpo_bench runs, 12-18 ms otherwise; -Xlog:deoptimization: ThreadLocalMap.getEntry unstable_if). Not inlined,
       such a trap recompiles only ThreadLocal.get, in the background. */
    { "-XX:CompileCommand=dontinline,java.lang.ThreadLocal::get", { NULL } },
    /* The masked calls' compaction (small loops with no type profile to learn) compiled after a twentieth of the usual
       invocations: until C2 has it the Vector API boxes every vector, and that garbage grew the heap (resident after
       pkpo_init, 133-160 MB against 127-144, when the warm-up made masked calls on groups in runs). The warm-up makes
       none now: with this, a host's first such call compiles them within itself (BackgroundCompilation off). */
    { "-XX:CompileCommand=CompileThresholdScaling,org.pkpo.internal.panama.MaskedCopies::*,0.05", { NULL } },
    /* Likewise the AVX2 n = 16 float32 kernel's generated straight-line methods (no branches, no profile to learn):
       compiled after a twentieth of the usual invocations, the warm-up runs them boxed far less often (resident after
       pkpo_init: ffi/README.md). */
    { "-XX:CompileCommand=CompileThresholdScaling,org.pkpo.internal.panama.Net16F32L8::*,0.05", { NULL } },
    /* The warm-up above makes the SIMD kernels hot before pkpo_init returns, so calls need no scalar stand-in
       while they are cold (in a JVM without this, cold shapes run on the bit-identical scalar twin). */
    { "-Dpkpo.warmup=off", { "-Dpkpo.warmup=", NULL } },
};

#define PKPO_DEFAULT_JVM_OPTIONS ((int)(sizeof(default_jvm_options) / sizeof(default_jvm_options[0])))

static int matches(const char *pattern, const char *option)
{
    const char *star = strchr(pattern, '*');
    if (NULL == star)
    {
        return 0 == strncmp(option, pattern, strlen(pattern));
    }
    const size_t head = (size_t)(star - pattern), tail = strlen(star + 1), len = strlen(option);
    return len >= head + tail && 0 == strncmp(option, pattern, head) && 0 == strcmp(option + len - tail, star + 1);
}

/* Whether the host's jvm_options set what default d sets. */
static int overridden(const default_jvm_option_t *d, const char *const *jvm_options)
{
    for (int i = 0; NULL != jvm_options && NULL != jvm_options[i] && i < PKPO_MAX_JVM_OPTIONS; i++)
    {
        for (int j = 0; NULL != d->overridden_by[j]; j++)
        {
            if (matches(d->overridden_by[j], jvm_options[i]))
            {
                return 1;
            }
        }
    }
    return 0;
}

static int start_jvm(const pkpo_options_t *o)
{
    char java_home[4096], jar[4096], why[2048];
    if (0 != pkpo_find_jdk(o->java_home, java_home, sizeof(java_home), why, sizeof(why)))
    {
        return fail(PKPO_ERR_JVM_NOT_FOUND, "%s", why);
    }
    if (0 != pkpo_find_jar(o->jar_path, (const void *)&pkpo_init, jar, sizeof(jar), why, sizeof(why)))
    {
        return fail(PKPO_ERR_JAR_NOT_FOUND, "%s", why);
    }
    char libjvm[4200];
    snprintf(libjvm, sizeof(libjvm), "%s/lib/server/libjvm.so", java_home);
    void *handle = dlopen(libjvm, RTLD_NOW | RTLD_GLOBAL);
    if (NULL == handle)
    {
        return fail(PKPO_ERR_JVM_NOT_FOUND, "cannot load %s: %s", libjvm, dlerror());
    }
    create_java_vm_fn create = (create_java_vm_fn)dlsym(handle, "JNI_CreateJavaVM");
    get_created_java_vms_fn created = (get_created_java_vms_fn)dlsym(handle, "JNI_GetCreatedJavaVMs");
    if (NULL == create || NULL == created)
    {
        return fail(PKPO_ERR_JVM_NOT_FOUND, "%s has no JNI_CreateJavaVM", libjvm);
    }
    jsize existing = 0;
    if (JNI_OK == created(NULL, 0, &existing) && existing > 0)
    {
        return fail(PKPO_ERR_JVM_START, "a JVM already runs in this process (%s); pkpo needs to create its own", libjvm);
    }

    JavaVMOption vm_options[1 + PKPO_DEFAULT_JVM_OPTIONS + PKPO_MAX_JVM_OPTIONS];
    char class_path[4200];
    snprintf(class_path, sizeof(class_path), "-Djava.class.path=%s", jar);
    int count = 0;
    vm_options[count++].optionString = class_path;
    for (int i = 0; !o->no_default_jvm_options && i < PKPO_DEFAULT_JVM_OPTIONS; i++)
    {
        if (!overridden(&default_jvm_options[i], o->jvm_options))
        {
            vm_options[count++].optionString = (char *)default_jvm_options[i].option;
        }
    }
    for (int i = 0; NULL != o->jvm_options && NULL != o->jvm_options[i]; i++)
    {
        if (i == PKPO_MAX_JVM_OPTIONS)
        {
            return fail(PKPO_ERR_INVALID_ARGUMENT, "more than %d JVM options", PKPO_MAX_JVM_OPTIONS);
        }
        vm_options[count++].optionString = (char *)o->jvm_options[i];
    }
    for (int i = 0; i < count; i++)
    {
        vm_options[i].extraInfo = NULL;
    }
    JavaVMInitArgs args;
    args.version = JNI_VERSION_10;
    args.nOptions = count;
    args.options = vm_options;
    args.ignoreUnrecognized = JNI_FALSE;

    JNIEnv *env = NULL;
    jint created_rc = create(&jvm, (void **)&env, &args);
    if (JNI_OK != created_rc)
    {
        jvm = NULL;
        /* A failed JNI_CreateJavaVM cannot be retried in the same process either. */
        atomic_store(&state, STATE_DOWN);
        return fail(PKPO_ERR_JVM_START, "JNI_CreateJavaVM with %s failed with %d (a bad option in jvm_options?)",
            libjvm, (int)created_rc);
    }

    int code = PKPO_OK;
    jclass bridge = (*env)->FindClass(env, "org/pkpo/ffi/NativeBridge");
    jmethodID bootstrap = NULL == bridge ? NULL : (*env)->GetStaticMethodID(env, bridge, "bootstrap", "(JIIJI)I");
    if (NULL == bootstrap)
    {
        (*env)->ExceptionClear(env);
        code = fail(PKPO_ERR_JAR_NOT_FOUND, "%s has no org.pkpo.ffi.NativeBridge.bootstrap(long, int, int, long, int)", jar);
    }
    else
    {
        jint rc = (*env)->CallStaticIntMethod(env, bridge, bootstrap, (jlong)(intptr_t)&table,
            (jint)PKPO_BRIDGE_ENTRIES, (jint)PKPO_BRIDGE_VERSION, (jlong)(intptr_t)tls_error, (jint)PKPO_ERR_CAP);
        if ((*env)->ExceptionCheck(env))
        {
            (*env)->ExceptionClear(env);
            code = fail(PKPO_ERR_JVM_START, "NativeBridge.bootstrap threw (see the JVM's standard error)");
        }
        else if (PKPO_OK != rc)
        {
            code = PKPO_ERR_JVM_START; /* message already in tls_error */
        }
    }
    if (PKPO_OK != code)
    {
        char keep[PKPO_ERR_CAP];
        memcpy(keep, tls_error, sizeof(keep));
        (*jvm)->DestroyJavaVM(jvm);
        jvm = NULL;
        atomic_store(&state, STATE_DOWN);
        memcpy(tls_error, keep, sizeof(keep));
        return code;
    }
    atomic_store(&state, STATE_READY);
    if (o->warm_up)
    {
        warm_up();
        /* C2's arenas for the warm-up's compilations (hundreds of Vector API methods, two compiler threads) go back
           to malloc's free lists, not to the system: resident memory after pkpo_init was 129-153 MB with 48 MB of
           Java heap, and 118-128 MB trimmed (the footprint test wants < 150 MB). */
#ifdef __GLIBC__
        malloc_trim(0);
        trim_later();
#endif
    }
    /* A thread still attached from the invocation API would make DestroyJavaVM wait for it forever. */
    (*jvm)->DetachCurrentThread(jvm);
    if (o->warm_up)
    {
        /* One call attaches this thread again the way any host thread's first call does (an upcall attaches it as
           a daemon and detaches it when the thread exits), so that a host calling from the thread that ran pkpo_init
           does not pay the attachment on its first call (make -C ffi bench: the first 1 x 16 call after pkpo_init took
           275 us with it and 13-25 us without; steady 0.44-0.58 us). */
        pkpo_transform_f32(PKPO_LOO, 1, PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT, warm_f, WARM_N, 1, WARM_N, warm_fout,
            WARM_N, NULL);
        tls_error[0] = '\0';
    }
    return PKPO_OK;
}

int pkpo_init(const pkpo_options_t *options)
{
    tls_error[0] = '\0';
    pkpo_options_t o;
    pkpo_options_init(&o);
    if (NULL != options)
    {
        if (options->size < offsetof(pkpo_options_t, warm_up) || options->size > (1u << 16))
        {
            return fail(PKPO_ERR_INVALID_ARGUMENT, "options->size is %llu: fill options with pkpo_options_init",
                (unsigned long long)options->size);
        }
        memcpy(&o, options, options->size < sizeof(o) ? options->size : sizeof(o));
        o.size = sizeof(o);
        if (options->size < sizeof(o))
        {
            pkpo_options_t d;
            pkpo_options_init(&d);
            memcpy((char *)&o + options->size, (char *)&d + options->size, sizeof(o) - options->size);
        }
    }
    pthread_mutex_lock(&lifecycle_lock);
    int rc;
    switch (atomic_load(&state))
    {
        case STATE_READY:
            rc = fail(PKPO_ERR_ALREADY_INITIALIZED, "pkpo_init already succeeded in this process");
            break;
        case STATE_CLOSING:
        case STATE_DOWN:
            rc = fail(PKPO_ERR_SHUT_DOWN, "pkpo was shut down (or failed to start its JVM): a JVM cannot be"
                " created twice in one process");
            break;
        case STATE_FORKED:
            rc = fail_forked();
            break;
        default:
            init_pid = getpid();
            atomic_store(&starting, 1);
            rc = start_jvm(&o);
            atomic_store(&starting, 0);
            break;
    }
    pthread_mutex_unlock(&lifecycle_lock);
    return rc;
}

int pkpo_shutdown(void)
{
    tls_error[0] = '\0';
    pthread_mutex_lock(&lifecycle_lock);
    int rc = PKPO_OK;
    int s = atomic_load(&state);
    if (STATE_NEW == s)
    {
        rc = fail(PKPO_ERR_NOT_INITIALIZED, "pkpo_init has not succeeded: nothing to shut down");
    }
    else if (STATE_FORKED == s)
    {
        rc = fail_forked(); /* DestroyJavaVM would wait forever for threads that are not in this process */
    }
    else if (STATE_READY != s)
    {
        rc = fail(PKPO_ERR_SHUT_DOWN, "pkpo_shutdown already ran");
    }
    else
    {
        atomic_store(&state, STATE_CLOSING);
        while (0 != atomic_load(&in_flight))
        {
            sched_yield();
        }
        jint destroyed = (*jvm)->DestroyJavaVM(jvm);
        jvm = NULL;
        atomic_store(&state, STATE_DOWN);
        if (JNI_OK != destroyed)
        {
            rc = fail(PKPO_ERR_JVM_START, "DestroyJavaVM failed with %d", (int)destroyed);
        }
    }
    pthread_mutex_unlock(&lifecycle_lock);
    return rc;
}
