/*
 * pkpo.h: the C ABI of pkpo-engine, exact PKPO (Pass@k Policy Optimization) reward transforms.
 *
 * libpkpo.so runs the Java engine in a JVM it creates inside the host process. Calls reach Java through
 * FFM upcall stubs (plain function pointers, no JNI per call), and Java reads and writes the host's
 * buffers where they are: nothing is copied.
 *
 * Usage:
 *
 *     pkpo_init(NULL);                                     // once, from any thread
 *     float r[2 * 8] = { ... };                            // 2 groups of 8 rewards, row-major
 *     pkpo_report_t rep;
 *     if (pkpo_transform_f32(PKPO_SLOO_MINUS_ONE, 4, PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT,
 *                            r, 16, 2, 8, r, 16, &rep) < 0)   // in place
 *         fprintf(stderr, "pkpo: %s\n", pkpo_last_error());
 *     pkpo_shutdown();                                     // once, at exit (optional)
 *
 * Conventions (as in Aeron's C API):
 * - every function returns 0 on success or a negative pkpo_error_t; pkpo_last_error() then describes
 *   the failure with the offending values;
 * - every call validates all of its input before it writes anything: a failed call leaves every output
 *   buffer untouched;
 * - lengths are element counts (not bytes) of the element type of the buffer, and say how much the host
 *   has: a call uses a prefix of each buffer (groups * n rewards, or offsets[groups] for ragged calls;
 *   as many outputs; groups per k for PKPO_RHO and the estimates; count for pkpo_pass_at_k) and never
 *   touches the rest. Lengths whose byte count would pass INT64_MAX are read as "enough";
 * - overlap (PKPO_ERR_OVERLAP) is judged on those used elements only, the same way in every function:
 *   spare capacity beyond what a call uses may overlap anything;
 * - a call of zero size (groups = 0, or count = 0 for pkpo_pass_at_k) reads and writes no buffer (they may
 *   be NULL, their lengths are ignored) but is still checked: the enums, k >= 1 (each ks[j] that is given,
 *   num_k >= 1), n >= 0 for uniform transforms; it then succeeds and zeroes the report;
 * - order of checks: the library's state first (PKPO_ERR_NOT_INITIALIZED, PKPO_ERR_SHUT_DOWN,
 *   PKPO_ERR_FORKED), then enum ranges, then NULL buffers, then everything else (k, sizes, offsets,
 *   alignment, overlap, non-finite rewards). When a call has several faults after the first three, which
 *   one is reported is not part of the contract. pkpo_init checks options->size before the state, so a bad
 *   size is PKPO_ERR_INVALID_ARGUMENT even when already initialised;
 * - every enum constant has an explicit value that is part of the ABI and never changes (the Java side maps
 *   these numbers with a table that a test checks against this file, never by Java enum order); new error
 *   codes may be added, so treat any negative return as a failure.
 *
 * Threading: after pkpo_init returns 0, every function except pkpo_init and pkpo_shutdown may be called
 * from any number of threads at once, including threads the JVM has never seen (they are attached on
 * their first call and detached when they exit; pkpo_init with its warm-up attaches its own thread that
 * way before it returns). Calls do not share mutable state; two calls may read
 * the same input, but must not write the same output at the same time. Attaching costs a few hundred
 * microseconds once per thread and a detached thread leaves no memory behind: threads may come and go,
 * but a host that calls from many short-lived threads is faster calling from a pool.
 *
 * Signals: the JVM uses SIGSEGV, SIGBUS, SIGFPE and SIGILL itself (for null checks, safepoints and
 * stack banging). A host that installs handlers for any of those must do so BEFORE pkpo_init, so that
 * the JVM chains to them, or must run with the JDK's libjsig preloaded
 * (LD_PRELOAD=$JAVA_HOME/lib/server/libjsig.so); a handler installed after pkpo_init without libjsig
 * replaces the JVM's and crashes the process at the first implicit null check. The JVM is started with
 * -Xrs, so it installs no handlers for SIGINT, SIGTERM, SIGHUP or SIGQUIT: the host's own handlers keep
 * working, before and after pkpo_init (and the JVM prints no thread dump on SIGQUIT).
 *
 * Fork: the JVM lives in the process that called pkpo_init, and its threads do not survive fork(). In a
 * child forked after pkpo_init (or while it ran), every call that needs the JVM (transforms, estimates,
 * pkpo_pass_at_k, pkpo_eval_counts, pkpo_init and pkpo_shutdown) returns PKPO_ERR_FORKED at once, never hangs, and the
 * message says what to do: call pkpo only from the process that called pkpo_init, or create worker
 * processes with spawn rather than fork (Python: multiprocessing.set_start_method("spawn"), or a
 * DataLoader's multiprocessing_context="spawn") and call pkpo_init in each. pkpo_abi_version,
 * pkpo_options_init, pkpo_groups_init and pkpo_last_error work in any process. A process that forks before pkpo_init may call
 * pkpo_init in the child.
 */
#ifndef PKPO_H
#define PKPO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define PKPO_EXPORT __attribute__((visibility("default")))
#else
#define PKPO_EXPORT
#endif

/** Version of this ABI. Changes when a signature, struct layout or enum value changes, or functions are added
    (2: pkpo_transform_groups_f32/_f64, pkpo_groups_t, pkpo_groups_report_t). */
#define PKPO_ABI_VERSION 2

/* ---- error codes ------------------------------------------------------------------------------ */

/** Return codes. Every failure also sets the calling thread's pkpo_last_error() text. */
typedef enum pkpo_error_enum
{
    PKPO_OK = 0,
    /** An argument is out of range: an enum value, groups < 0, n < 0, offsets that decrease, c > n,
        num_k < 1, count too large, a bad options->size. */
    PKPO_ERR_INVALID_ARGUMENT = -1,
    /** A buffer the call needs is NULL (only ever allowed when groups, or count, is 0). */
    PKPO_ERR_NULL_POINTER = -2,
    /** A buffer is not aligned to its element size (4 for float and int32, 8 for double and int64). */
    PKPO_ERR_MISALIGNED = -3,
    /** A length is smaller than what the call reads or writes. */
    PKPO_ERR_BUFFER_TOO_SMALL = -4,
    /** An output overlaps an input without being the same buffer (in place is allowed for per-sample
        estimators); judged on the elements the call uses, not on the lengths declared. */
    PKPO_ERR_OVERLAP = -5,
    /** k does not suit the estimator or a group: k < 1, k > n, k >= n for SLOO, k != 1 for LOO, ... */
    PKPO_ERR_BAD_K = -6,
    /** A reward is NaN or infinite under PKPO_NON_FINITE_REJECT; the message names group and position. */
    PKPO_ERR_NON_FINITE = -7,
    /** pkpo_init has not succeeded yet. */
    PKPO_ERR_NOT_INITIALIZED = -8,
    /** pkpo_init was called again while initialized. */
    PKPO_ERR_ALREADY_INITIALIZED = -9,
    /** pkpo_shutdown has run: a JVM cannot be created twice in one process, so neither can pkpo. */
    PKPO_ERR_SHUT_DOWN = -10,
    /** No JDK 25 or later was found, or its libjvm.so could not be loaded. */
    PKPO_ERR_JVM_NOT_FOUND = -11,
    /** The pkpo-ffi jar was not found, or does not match this library. */
    PKPO_ERR_JAR_NOT_FOUND = -12,
    /** JNI_CreateJavaVM or the Java bootstrap failed; another JVM may already run in this process. */
    PKPO_ERR_JVM_START = -13,
    /** An unexpected Java exception or error (for instance OutOfMemoryError); see pkpo_last_error(). */
    PKPO_ERR_INTERNAL = -14,
    /** This process is a fork() child of the one that called pkpo_init: see the fork section at the top. */
    PKPO_ERR_FORKED = -15
}
pkpo_error_t;

/* ---- enums -------------------------------------------------------------------------------------- */

/** The estimators; equation numbers of the PKPO paper (Walder and Karkhanis, 2025). */
typedef enum pkpo_estimator_enum
{
    /** Eq. 12: the unbiased max_g@k estimate of a group; writes ONE value per group. 1 <= k <= n. */
    PKPO_RHO = 0,
    /** Eq. 19-21: all-subsets max_g@k gradient weights, no baseline. 1 <= k <= n. */
    PKPO_S = 1,
    /** Eq. 29: s with the unbiased leave-one-out baseline. 1 <= k < n. */
    PKPO_SLOO = 2,
    /** Eq. 33: s with the max_g@(k-1) leave-one-out baseline. 1 <= k <= n, n >= 2. */
    PKPO_SLOO_MINUS_ONE = 3,
    /** Eq. 26: g_i - mean_{j != i} g_j. k must be 1, n >= 2. */
    PKPO_LOO = 4
}
pkpo_estimator_t;

/** Output scale. */
typedef enum pkpo_scale_enum
{
    /** The paper's per-sample weights (s at k = 1 is g_i / n). */
    PKPO_SCALE_PAPER = 0,
    /**
     * The paper's weights times n, for losses averaged over samples (sloo_minus_one at k = 1 is then eq. 26
     * exactly). PKPO_LOO (already per sample) and PKPO_RHO (an estimate, not a weight) are the same under
     * both scales. Under PKPO_NON_FINITE_EXCLUDE, n is the group's count of finite rewards: the group is
     * transformed as the smaller group it is.
     */
    PKPO_SCALE_PER_SAMPLE = 1
}
pkpo_scale_t;

/** What to do with NaN and infinite rewards. */
typedef enum pkpo_non_finite_enum
{
    /** Fail the whole call with PKPO_ERR_NON_FINITE; nothing is written. */
    PKPO_NON_FINITE_REJECT = 0,
    /** Leave such samples out (their output is 0); a group left too small for k is all zeros. */
    PKPO_NON_FINITE_EXCLUDE = 1
}
pkpo_non_finite_t;

/** How pkpo_groups_t forms groups from samples. */
typedef enum pkpo_groups_form_enum
{
    /** Contiguous groups of n samples: group g is samples [g * n, (g + 1) * n); samples must be a multiple of n. */
    PKPO_GROUPS_UNIFORM = 0,
    /** Group g is samples [offsets[g], offsets[g + 1]): offsets[0] = 0, non-decreasing, offsets[groups] = samples. */
    PKPO_GROUPS_OFFSETS = 1,
    /** One int32 group id per sample, any values, any order (a group's samples need not be contiguous). */
    PKPO_GROUPS_IDS32 = 2,
    /** One int64 group id per sample (a prompt uid, a hash), any values, any order. */
    PKPO_GROUPS_IDS64 = 3
}
pkpo_groups_form_t;

/**
 * What pkpo_transform_groups_* does with a group that has fewer valid samples than the estimator needs (n < k,
 * n < 2 for a baseline, a singleton, a group its mask or PKPO_NON_FINITE_EXCLUDE emptied).
 */
typedef enum pkpo_too_small_enum
{
    /** Fail the whole call with PKPO_ERR_BAD_K naming the group (and its id), its valid size and k; nothing is written. */
    PKPO_TOO_SMALL_REJECT = 0,
    /** Every output of such a group is 0 (its one value for PKPO_RHO), counted in zeroed_groups. */
    PKPO_TOO_SMALL_ZERO = 1
}
pkpo_too_small_t;

/** What pkpo_eval_counts estimates for each k. (max@k needs rewards, not counts: it has no code here.) */
typedef enum pkpo_metric_enum
{
    /** pass@k = 1 - C(n-c, k) / C(n, k) (eq. 3): at least one of k samples is correct. */
    PKPO_METRIC_PASS = 0,
    /** pass^k = C(c, k) / C(n, k): all of k samples are correct. */
    PKPO_METRIC_PASS_HAT = 1
}
pkpo_metric_t;

/* ---- structs ------------------------------------------------------------------------------------ */

/** What a call did; pass NULL where it is not wanted. */
typedef struct pkpo_report_stct
{
    int64_t groups;           /**< groups in the call */
    int64_t samples;          /**< rewards read */
    int64_t excluded_samples; /**< non-finite rewards left out (PKPO_NON_FINITE_EXCLUDE only) */
    int64_t zeroed_groups;    /**< groups zeroed because exclusion left them too small (summed over ks for estimate) */
}
pkpo_report_t;

/**
 * One k of pkpo_eval_counts, over all problems. 56 bytes, no padding: k at 0, reserved at 4, problems at 8,
 * refused at 16, without_variance at 24, estimate at 32, se_within at 40, se_across at 48.
 */
typedef struct pkpo_eval_row_stct
{
    int32_t k;                /**< the k of this row: ks[j] for rows[j] */
    int32_t reserved;         /**< written as 0 */
    int64_t problems;         /**< problems with n >= k: the estimate is their mean */
    int64_t refused;          /**< problems with n < k: no unbiased estimate exists, left out and counted here */
    int64_t without_variance; /**< used problems with n < 2k: no unbiased variance estimate exists for them */
    double estimate;          /**< the mean over the used problems of the unbiased per-problem estimate; NaN when
                                   problems is 0 */
    double se_within;         /**< within-problem standard error: sqrt(sum of the per-problem variance estimates)
                                   / problems, the problems held fixed and only the samples random; the sum runs
                                   over the problems that have a variance estimate; NaN when none has */
    double se_across;         /**< across-problem standard error: the sample standard deviation (n - 1 divisor) of
                                   the per-problem estimates / sqrt(problems), the problems a sample too (the usual
                                   error bar; 95% interval: estimate +- 1.96 se_across); NaN when problems < 2 */
}
pkpo_eval_row_t;

/**
 * Options of pkpo_init. Fill with pkpo_options_init, then change fields. The struct starts with its own
 * size so that a host built against an older, shorter version keeps working.
 */
typedef struct pkpo_options_stct
{
    /** sizeof(pkpo_options_t), set by pkpo_options_init. */
    uint64_t size;
    /** JDK 25+ home to use; NULL: $JAVA_HOME if it is 25 or later, else /usr/lib/jvm/ *25*, /opt/java, ... */
    const char *java_home;
    /** pkpo-ffi.jar; NULL: pkpo-ffi.jar next to libpkpo.so (the build tree), else pkpo/pkpo-ffi.jar next to
        it (an install: PREFIX/lib/pkpo/pkpo-ffi.jar), else $PKPO_JAR. */
    const char *jar_path;
    /** Extra JVM options (e.g. "-Xmx2g"), appended after the defaults; NULL or NULL-terminated, at most 64.
        A default footprint option (see pkpo_init) is left out when these set the same thing. */
    const char *const *jvm_options;
    /** 1 (default): run the transforms a few thousand times at init, so the first real call is fast. */
    int32_t warm_up;
    /** 1: add none of the default JVM options listed at pkpo_init (neither -Xrs, -XX:-UsePerfData,
        --enable-native-access=ALL-UNNAMED, --add-modules=jdk.incubator.vector nor the footprint ones); the
        caller's jvm_options must then include what it needs. */
    int32_t no_default_jvm_options;
}
pkpo_options_t;

/**
 * How the samples of a pkpo_transform_groups_* call form groups, with an optional validity mask, k per group and
 * too-small policy. Fill with pkpo_groups_init, then set form and its fields. Like pkpo_options_t it starts with
 * its own size, so that a host built against this header keeps working with a later library whose struct is
 * longer (the fields it lacks get their defaults), and a host built against a later header works with this
 * library as long as it leaves the fields this library does not know at their defaults (all zero bytes; any other
 * value is PKPO_ERR_INVALID_ARGUMENT, never silently ignored). 72 bytes, no padding.
 *
 * Group numbers, which per-group k, PKPO_RHO's outputs and error messages use: offsets order, or for the ids forms
 * the order in which each id first appears among the samples (sample 0's group is group 0, the first sample with
 * another id starts group 1, ...). Messages of the ids forms name the id as well: "group 3 (id 17)".
 *
 * The library reads the struct and the arrays it points to during the call only; it keeps no pointer.
 */
typedef struct pkpo_groups_stct
{
    /** sizeof(pkpo_groups_t), set by pkpo_groups_init. */
    uint64_t size;
    /** A pkpo_groups_form_t; default PKPO_GROUPS_UNIFORM. */
    int32_t form;
    /** PKPO_GROUPS_UNIFORM: samples per group, >= 1 (the default 0 must be set). Ignored by the other forms. */
    int32_t n;
    /** PKPO_GROUPS_OFFSETS: groups + 1 int64 sample indices, aligned to 8 bytes. Ignored by the other forms. */
    const int64_t *offsets;
    /** PKPO_GROUPS_OFFSETS: the number of groups, >= 0 (empty groups are allowed: they are too small for every
        estimator). Ignored by the other forms, whose group count the call finds (and reports). */
    int64_t groups;
    /** PKPO_GROUPS_IDS32 / PKPO_GROUPS_IDS64: samples group ids (int32_t or int64_t, aligned to 4 or 8 bytes).
        Ignored by the other forms. */
    const void *ids;
    /** NULL (every sample valid), or samples bytes, nonzero = valid. A masked sample is left out of its group: its
        reward is not read (it may be NaN), it takes no part in any baseline, and its output is 0. */
    const uint8_t *mask;
    /** NULL (every group has the call's k), or one k per group in group order (see above), aligned to 4 bytes.
        For the ids forms its length is the number of distinct ids. */
    const int32_t *k_per_group;
    /** Elements available at k_per_group: at least the number of groups (PKPO_ERR_BUFFER_TOO_SMALL otherwise). */
    uint64_t k_per_group_len;
    /** A pkpo_too_small_t; default PKPO_TOO_SMALL_REJECT. */
    int32_t too_small;
    /** Must be 0. */
    int32_t reserved;
}
pkpo_groups_t;

/** What a pkpo_transform_groups_* call did; pass NULL where it is not wanted. 64 bytes, no padding. */
typedef struct pkpo_groups_report_stct
{
    int64_t groups;           /**< groups in the call (for the ids forms: the number of distinct ids) */
    int64_t samples;          /**< samples in the call, masked ones included */
    int64_t excluded_samples; /**< valid non-finite rewards left out (PKPO_NON_FINITE_EXCLUDE only) */
    int64_t zeroed_groups;    /**< groups whose outputs were set to 0: too small under PKPO_TOO_SMALL_ZERO */
    int64_t masked_samples;   /**< samples the mask left out */
    int64_t reserved[3];      /**< written as 0: room for counts a later version adds, without a new layout */
}
pkpo_groups_report_t;

/* ---- lifecycle ---------------------------------------------------------------------------------- */

/** Returns PKPO_ABI_VERSION of the library actually loaded; compare with the header's. Any thread, any time. */
PKPO_EXPORT int32_t pkpo_abi_version(void);

/**
 * Fills options with the defaults.
 *
 * @param options to fill.
 * @return 0, or PKPO_ERR_NULL_POINTER (with pkpo_last_error() set) when options is NULL.
 * Threading: any thread, any time.
 */
PKPO_EXPORT int pkpo_options_init(pkpo_options_t *options);

/**
 * Fills groups with the defaults: size, PKPO_GROUPS_UNIFORM with n = 0 (to be set), no mask, the call's k for
 * every group, PKPO_TOO_SMALL_REJECT; every other field 0 or NULL.
 *
 * @param groups to fill.
 * @return 0, or PKPO_ERR_NULL_POINTER (with pkpo_last_error() set) when groups is NULL.
 * Threading: any thread, any time (before pkpo_init too).
 */
PKPO_EXPORT int pkpo_groups_init(pkpo_groups_t *groups);

/**
 * Starts the JVM and binds every entry point. Finds a JDK 25+ (options->java_home, then $JAVA_HOME,
 * then the usual install places), loads its libjvm.so, creates the JVM with -Xrs, -XX:-UsePerfData,
 * --enable-native-access=ALL-UNNAMED, --add-modules=jdk.incubator.vector, the footprint defaults below and
 * options->jvm_options, puts pkpo-ffi.jar on its class path and warms the transforms up (unless
 * options->warm_up is 0). The calling thread is detached from the JVM before return. The JVM prints one
 * line to standard error ("WARNING: Using incubator modules: jdk.incubator.vector") because of the Vector
 * API module.
 *
 * Footprint defaults: a library inside a trainer should cost little, so the JVM is sized for what pkpo
 * does (a warm call allocates nothing when the host passes buffers it passed before, one small segment object
 * per buffer at a new address otherwise; the
 * heap holds per-thread scratch of a few dozen bytes per reward of the largest group a thread has seen)
 * rather than the JVM's server defaults (a heap of a
 * quarter of RAM, G1 and a compiler thread pool that grows with the cores). The process is then about
 * 80-90 MB larger after pkpo_init instead of 300-400 MB (see ffi/README.md for the measurement). Each is
 * left out when options->jvm_options sets the same thing (the patterns in brackets), and all of them with
 * options->no_default_jvm_options:
 * - -XX:+UseSerialGC: no GC threads and no per-region tables; pauses stay short on a heap this small
 *   [-XX:+Use*GC, -XX:-UseSerialGC];
 * - -Xms8m: the heap starts small and grows on demand [-Xms, -XX:InitialHeapSize=,
 *   -XX:InitialRAMPercentage=, and any maximum below];
 * - -Xmx512m: room for the scratch of groups of millions of rewards on several threads (grouped calls keep
 *   about 90 bytes per sample per thread: four threads of 1M-sample grouped calls at once fit, eight do
 *   not); raise it for more (a call that runs out returns PKPO_ERR_INTERNAL naming OutOfMemoryError) [-Xmx,
 *   -XX:MaxHeapSize=, -XX:MaxRAMPercentage=, -XX:MaxRAM=, -XX:MaxRAMFraction=, and any initial size];
 * - -XX:ReservedCodeCacheSize=64m: pkpo's compiled code takes about 10 MB [-XX:ReservedCodeCacheSize=];
 * - -XX:CICompilerCount=3: one C1 and two C2 threads however many cores there are (the warm-up's float32 and
 *   float64 threads each wait for C2); the SIMD kernels need C2, so tiered compilation stays whole
 *   [-XX:CICompilerCount=, -XX:-TieredCompilation].
 * And, so that calls are fast from the first one (always added unless no_default_jvm_options):
 * -XX:CompileCommand=quiet and -XX:CompileCommand=BackgroundCompilation,org.pkpo.*::*,false: the calling thread
 * waits for pkpo's methods to be compiled instead of running Vector API code interpreted meanwhile (hundreds of
 * times slower); the warm-up then leaves them compiled (ffi/README.md). -XX:CompileCommand=dontinline,
 * java.lang.ThreadLocal::get: a host thread whose thread-local map differs from the warm-up threads' then
 * recompiles only ThreadLocal.get, not the large method that had it inlined (a first grouped call of 540-850 ms).
 * -XX:CompileCommand=CompileThresholdScaling,org.pkpo.internal.panama.MaskedCopies::*,0.05: the masked calls'
 * vector compaction is compiled within a host's first masked call instead of boxing every vector until then.
 * -XX:CompileCommand=CompileThresholdScaling,org.pkpo.internal.panama.Net16F32L8::*,0.05: the AVX2 n = 16 kernel's
 * generated methods compile early in the warm-up, whose boxed runs of them otherwise grew the heap (resident memory).
 * And -Dpkpo.warmup=off [-Dpkpo.warmup=]: calls run the SIMD kernels from the first, since the warm-up made them
 * hot, instead of the bit-identical scalar kernels that stand in for cold SIMD code in a JVM of the host's.
 * After the warm-up pkpo_init returns freed malloc memory to the system (glibc's malloc_trim), and again from a
 * detached thread 5.5 s and 11 s later, when the JVM has handed its compilers' pooled arena chunks back to malloc
 * (resident memory of a host that only called pkpo_init: 126-158 MB when it returns, 111-121 MB 12 s later;
 * ffi/README.md).
 * Class data sharing keeps the JDK's default (-Xshare:auto: the JDK's archive is mapped; it starts the JVM
 * faster and costs about 5 MB resident over -Xshare:off). Thread stacks keep the JDK's defaults: only the
 * pages a thread touches are resident, and host threads run calls on their own stacks.
 *
 * @param options NULL for the defaults, else a struct filled by pkpo_options_init; copied, not kept.
 * @return 0; PKPO_ERR_ALREADY_INITIALIZED; PKPO_ERR_SHUT_DOWN after pkpo_shutdown (a JVM cannot be
 *         created twice); PKPO_ERR_JVM_NOT_FOUND or PKPO_ERR_JAR_NOT_FOUND (nothing was started: fix and
 *         call again); PKPO_ERR_JVM_START; PKPO_ERR_INVALID_ARGUMENT for a bad options->size;
 *         PKPO_ERR_FORKED in a child forked after pkpo_init.
 * Threading: any thread; concurrent pkpo_init calls are serialized, one of them wins.
 * Signals: see the signals section at the top of this file.
 */
PKPO_EXPORT int pkpo_init(const pkpo_options_t *options);

/**
 * Destroys the JVM. Waits for calls in progress on other threads; calls that start afterwards return
 * PKPO_ERR_SHUT_DOWN. Calling it is optional: a process may simply exit.
 *
 * @return 0; PKPO_ERR_NOT_INITIALIZED; PKPO_ERR_SHUT_DOWN if already shut down; PKPO_ERR_JVM_START if
 *         DestroyJavaVM failed; PKPO_ERR_FORKED in a forked child (the parent's JVM is left alone).
 * Threading: any thread.
 */
PKPO_EXPORT int pkpo_shutdown(void);

/**
 * The message of the calling thread's last failed call, naming the offending values; "" after a call
 * that succeeded.
 *
 * @return a NUL-terminated UTF-8 string owned by the library, valid until this thread's next pkpo call.
 *         Never NULL.
 * Threading: thread-local; any thread, any time.
 */
PKPO_EXPORT const char *pkpo_last_error(void);

/* ---- transforms --------------------------------------------------------------------------------- */

/**
 * Transforms groups x n float rewards (row-major; group g is rewards[g*n .. (g+1)*n)) into out.
 *
 * @param estimator   a pkpo_estimator_t. PKPO_RHO writes one value per group, out[g].
 * @param k           the k of the estimator (1 for PKPO_LOO); must suit every group (PKPO_ERR_BAD_K).
 * @param scale       a pkpo_scale_t.
 * @param non_finite  a pkpo_non_finite_t.
 * @param rewards     groups * n values, aligned to 4 bytes.
 * @param rewards_len elements available at rewards: at least groups * n.
 * @param groups      number of groups; 0 is a call of zero size (see the conventions above).
 * @param n           rewards per group.
 * @param out         where results go: may be rewards itself (in place) for every estimator but
 *                    PKPO_RHO; must not otherwise overlap the rewards the call reads (see the conventions
 *                    above: used elements, not rewards_len and out_len).
 * @param out_len     elements available at out: at least groups * n (groups for PKPO_RHO).
 * @param report      optional (NULL): counts of the call, including excluded non-finite rewards.
 * @return 0 or a negative pkpo_error_t; on failure nothing was written.
 * Threading: any thread, concurrently; the library keeps no pointer after return.
 */
PKPO_EXPORT int pkpo_transform_f32(
    pkpo_estimator_t estimator, int32_t k, pkpo_scale_t scale, pkpo_non_finite_t non_finite,
    const float *rewards, uint64_t rewards_len, int64_t groups, int32_t n,
    float *out, uint64_t out_len, pkpo_report_t *report);

/** Float64 twin of pkpo_transform_f32 (buffers aligned to 8 bytes). */
PKPO_EXPORT int pkpo_transform_f64(
    pkpo_estimator_t estimator, int32_t k, pkpo_scale_t scale, pkpo_non_finite_t non_finite,
    const double *rewards, uint64_t rewards_len, int64_t groups, int32_t n,
    double *out, uint64_t out_len, pkpo_report_t *report);

/**
 * Ragged groups: group g is rewards[offsets[g] .. offsets[g+1]).
 *
 * @param offsets     groups + 1 non-decreasing element indices, offsets[0] >= 0, aligned to 8 bytes;
 *                    offsets[groups] <= rewards_len.
 * @param out_len     at least offsets[groups] elements (groups for PKPO_RHO); outputs land at the
 *                    positions of their rewards (at g for PKPO_RHO).
 * Other parameters, return and threading as pkpo_transform_f32; k must suit every group.
 */
PKPO_EXPORT int pkpo_transform_ragged_f32(
    pkpo_estimator_t estimator, int32_t k, pkpo_scale_t scale, pkpo_non_finite_t non_finite,
    const float *rewards, uint64_t rewards_len, const int64_t *offsets, int64_t groups,
    float *out, uint64_t out_len, pkpo_report_t *report);

/** Float64 twin of pkpo_transform_ragged_f32. */
PKPO_EXPORT int pkpo_transform_ragged_f64(
    pkpo_estimator_t estimator, int32_t k, pkpo_scale_t scale, pkpo_non_finite_t non_finite,
    const double *rewards, uint64_t rewards_len, const int64_t *offsets, int64_t groups,
    double *out, uint64_t out_len, pkpo_report_t *report);

/**
 * Groups as trainers hand them over: a batch of samples whose groups are described by *groups (uniform n, offsets,
 * or a group id per sample in any order), with an optional validity mask, an optional k per group, and a policy
 * for groups left too small. Each group's outputs are bit for bit those of pkpo_transform_f32 on that group alone
 * (its valid samples, its k); per-sample outputs land at their sample's position (masked samples and the samples
 * of zeroed groups get 0).
 *
 *     // 6 samples of 3 prompts, shuffled; sample 4 failed to score; k = 2 for prompt 7, 1 for the others
 *     const float r[6] = {1, 0, 0, 1, NAN, 1};
 *     const int64_t ids[6] = {7, 3, 7, 9, 3, 9};         // groups in order of first appearance: 7, 3, 9
 *     const uint8_t valid[6] = {1, 1, 1, 1, 0, 1};
 *     const int32_t ks[3] = {2, 1, 1};
 *     pkpo_groups_t g;
 *     pkpo_groups_init(&g);
 *     g.form = PKPO_GROUPS_IDS64; g.ids = ids; g.mask = valid;
 *     g.k_per_group = ks; g.k_per_group_len = 3; g.too_small = PKPO_TOO_SMALL_ZERO;
 *     float adv[6];
 *     pkpo_groups_report_t rep;
 *     pkpo_transform_groups_f32(PKPO_SLOO_MINUS_ONE, 1, PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT,
 *                               r, 6, 6, &g, adv, 6, &rep);  // group 3 has one valid sample: zeroed
 *
 * @param estimator   a pkpo_estimator_t. PKPO_RHO writes one value per group, out[g] (group numbers as in
 *                    pkpo_groups_t).
 * @param k           the k of every group when groups->k_per_group is NULL (checked even in a call of zero size);
 *                    ignored otherwise.
 * @param scale       a pkpo_scale_t; PKPO_SCALE_PER_SAMPLE multiplies by a group's count of valid samples.
 * @param non_finite  a pkpo_non_finite_t, for the rewards of valid samples; PKPO_NON_FINITE_EXCLUDE leaves them out
 *                    as the mask does, counted in excluded_samples.
 * @param rewards     samples values, aligned to 4 bytes.
 * @param rewards_len elements available at rewards: at least samples.
 * @param samples     the number of samples, 0 <= samples <= 2^31 - 9 (split bigger batches into several calls).
 *                    samples = 0 is a call of zero size unless the form is PKPO_GROUPS_OFFSETS with groups > 0
 *                    (empty groups, which are too small); a call of zero size reads no array (ids, offsets, mask,
 *                    k_per_group, rewards, out may be NULL) but checks the enums, groups->size, n >= 1 for the
 *                    uniform form and, without k_per_group, k.
 * @param groups      how samples form groups; not NULL (PKPO_ERR_NULL_POINTER, checked before the enums, which it
 *                    holds). groups->size below sizeof(pkpo_groups_t) of ABI 2, or fields unknown to this library
 *                    that are not zero, are PKPO_ERR_INVALID_ARGUMENT.
 * @param out         where results go: samples values (the number of groups for PKPO_RHO). May be rewards itself (in
 *                    place) for every estimator but PKPO_RHO; must not otherwise overlap rewards, and must not
 *                    overlap ids, mask, offsets or k_per_group at all (PKPO_ERR_OVERLAP; judged on the elements
 *                    the call uses, as everywhere: for the ids forms, on the group count the ids give).
 * @param out_len     elements available at out.
 * @param report      optional (NULL): counts of the call, including masked samples and zeroed groups.
 * @return 0 or a negative pkpo_error_t; on failure nothing was written. PKPO_ERR_BAD_K names the group (and its id)
 *         whose k does not suit the estimator, or, under PKPO_TOO_SMALL_REJECT, the first group too small, with its
 *         valid size and k; PKPO_ERR_INVALID_ARGUMENT for a bad form or too_small, samples < 0, n < 1, offsets
 *         that do not start at 0, decrease or end short of samples; PKPO_ERR_BUFFER_TOO_SMALL for samples not a
 *         multiple of n, offsets past samples, k_per_group_len below the group count; PKPO_ERR_NULL_POINTER for a NULL
 *         array the call reads (rewards, out, ids or offsets; mask and k_per_group are optional); alignment and
 *         lengths as for pkpo_transform_f32.
 * Threading: any thread, concurrently; the library keeps no pointer after return.
 */
PKPO_EXPORT int pkpo_transform_groups_f32(
    pkpo_estimator_t estimator, int32_t k, pkpo_scale_t scale, pkpo_non_finite_t non_finite,
    const float *rewards, uint64_t rewards_len, int64_t samples, const pkpo_groups_t *groups,
    float *out, uint64_t out_len, pkpo_groups_report_t *report);

/** Float64 twin of pkpo_transform_groups_f32 (rewards and out aligned to 8 bytes). */
PKPO_EXPORT int pkpo_transform_groups_f64(
    pkpo_estimator_t estimator, int32_t k, pkpo_scale_t scale, pkpo_non_finite_t non_finite,
    const double *rewards, uint64_t rewards_len, int64_t samples, const pkpo_groups_t *groups,
    double *out, uint64_t out_len, pkpo_groups_report_t *report);

/* ---- estimates ---------------------------------------------------------------------------------- */

/**
 * Rho (eq. 12, pass@k for 0/1 rewards) of every group for each k in ks.
 *
 * @param rewards     groups x n values, row-major; rewards_len as pkpo_transform_f32.
 * @param ks          num_k values of k, each 1 <= k <= n (of the smallest group, for ragged calls); checked
 *                    all before anything is written.
 * @param num_k       >= 1.
 * @param non_finite  a pkpo_non_finite_t.
 * @param out         num_k * groups values, k-major: out[j * groups + g] is group g at ks[j]. Must not
 *                    overlap rewards.
 * @param out_len     at least num_k * groups.
 * @param report      optional; zeroed_groups is summed over the ks.
 * @return 0 or a negative pkpo_error_t; on failure nothing was written.
 * Threading: any thread, concurrently.
 */
PKPO_EXPORT int pkpo_estimate_f32(
    const float *rewards, uint64_t rewards_len, int64_t groups, int32_t n,
    const int32_t *ks, int32_t num_k, pkpo_non_finite_t non_finite,
    float *out, uint64_t out_len, pkpo_report_t *report);

/** Float64 twin of pkpo_estimate_f32. */
PKPO_EXPORT int pkpo_estimate_f64(
    const double *rewards, uint64_t rewards_len, int64_t groups, int32_t n,
    const int32_t *ks, int32_t num_k, pkpo_non_finite_t non_finite,
    double *out, uint64_t out_len, pkpo_report_t *report);

/** Ragged pkpo_estimate_f32: offsets as pkpo_transform_ragged_f32; each k must suit the smallest group. */
PKPO_EXPORT int pkpo_estimate_ragged_f32(
    const float *rewards, uint64_t rewards_len, const int64_t *offsets, int64_t groups,
    const int32_t *ks, int32_t num_k, pkpo_non_finite_t non_finite,
    float *out, uint64_t out_len, pkpo_report_t *report);

/** Float64 twin of pkpo_estimate_ragged_f32. */
PKPO_EXPORT int pkpo_estimate_ragged_f64(
    const double *rewards, uint64_t rewards_len, const int64_t *offsets, int64_t groups,
    const int32_t *ks, int32_t num_k, pkpo_non_finite_t non_finite,
    double *out, uint64_t out_len, pkpo_report_t *report);

/**
 * Eq. 3: out[i] = 1 - C(n[i] - c[i], k) / C(n[i], k), the unbiased pass@k of problem i from n[i]
 * samples of which c[i] are correct.
 *
 * There is no length argument: n, c and out each hold exactly count elements, aligned to 8 bytes.
 *
 * @param n      count sample counts, each >= k (PKPO_ERR_BAD_K otherwise); any int64 up to INT64_MAX.
 * @param c      count correct counts, 0 <= c[i] <= n[i] (PKPO_ERR_INVALID_ARGUMENT otherwise). Each problem
 *               costs O(min(k, c[i])) steps whatever n[i] (a product of that many factors; about 10 ns each),
 *               to a few ulps; c[i] = 0 gives +0.0.
 * @param count  number of problems, below 2^31 - 8 (PKPO_ERR_INVALID_ARGUMENT otherwise); 0 is a call of
 *               zero size (see the conventions above).
 * @param k      >= 1.
 * @param out    count doubles; must not overlap n or c.
 * @return 0 or a negative pkpo_error_t; on failure nothing was written.
 * Threading: any thread, concurrently.
 */
PKPO_EXPORT int pkpo_pass_at_k(
    const int64_t *n, const int64_t *c, uint64_t count, int32_t k, double *out);

/* ---- evaluation --------------------------------------------------------------------------------- */

/**
 * Model evaluation from counts, the common harness call: problem i had n[i] samples of which c[i] were
 * correct; for each k in ks, the mean over problems of the unbiased per-problem estimate of metric, with its
 * within-problem and across-problem standard errors (see pkpo_eval_row_t), and optionally every problem's
 * estimate and its unbiased variance estimate. A problem with n < k is not an error: it is left out of that
 * k and counted (refused); one with k <= n < 2k counts in the estimate but has no variance estimate
 * (without_variance). The same numbers as org.pkpo.Evaluation in Java and `pkpo eval --format counts`.
 * rows, estimate and variance must not overlap each other, n, c or ks (PKPO_ERR_OVERLAP), judged on the
 * elements the call uses.
 *
 * @param metric          a pkpo_metric_t.
 * @param n               problems sample counts, each >= 0, aligned to 8 bytes; no length argument: exactly
 *                        problems elements are read.
 * @param c               problems correct counts, 0 <= c[i] <= n[i] (PKPO_ERR_INVALID_ARGUMENT otherwise, naming
 *                        the problem), aligned to 8 bytes. n and c may overlap each other (both are inputs).
 * @param problems        >= 0. 0 is allowed and still writes the rows (every row then has problems = 0 and NaN
 *                        estimate and standard errors); n, c, estimate and variance are then not read or written
 *                        and may be NULL.
 * @param ks              num_k values of k, each >= 1 (PKPO_ERR_BAD_K), strictly increasing (PKPO_ERR_BAD_K
 *                        otherwise: rows[j] is ks[j]), aligned to 4 bytes. Any k is allowed, also above every n.
 * @param num_k           >= 1 (PKPO_ERR_INVALID_ARGUMENT otherwise).
 * @param rows            num_k rows, written in the order of ks; aligned to 8 bytes.
 * @param rows_len        elements (rows) available at rows: at least num_k.
 * @param estimate        NULL, or problems * num_k doubles, problem-major: estimate[i * num_k + j] is problem i
 *                        at ks[j], NaN when n[i] < ks[j]. Aligned to 8 bytes.
 * @param variance        NULL exactly when estimate is (PKPO_ERR_NULL_POINTER otherwise), else problems * num_k
 *                        doubles laid out as estimate: the unbiased estimate of the sampling variance of
 *                        estimate[i * num_k + j] (V = a^2 - C(m, 2k) / C(n, 2k) with a = C(m, k) / C(n, k),
 *                        m = n - c for pass@k, m = c for pass^k; always >= 0), NaN when n[i] < 2 ks[j].
 * @param per_problem_len elements available at each of estimate and variance: at least problems * num_k;
 *                        ignored when both are NULL.
 * @return 0 or a negative pkpo_error_t; on failure nothing was written (rows, estimate and variance untouched).
 * Threading: any thread, concurrently. Time: O(max k) per problem, O(problems * max k) in all.
 */
PKPO_EXPORT int pkpo_eval_counts(
    pkpo_metric_t metric, const int64_t *n, const int64_t *c, int64_t problems,
    const int32_t *ks, int32_t num_k, pkpo_eval_row_t *rows, uint64_t rows_len,
    double *estimate, double *variance, uint64_t per_problem_len);

#ifdef __cplusplus
}
#endif

#endif /* PKPO_H */
