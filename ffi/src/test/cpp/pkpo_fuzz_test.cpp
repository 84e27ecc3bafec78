// Randomized calls over every function of pkpo.h (transforms, estimates, pass@k, evaluation), and pass@k at the extremes under a watchdog (issue 12).
//
// usage: pkpo_fuzz_test [seconds]     PKPO_SEED=N replays a run; every failure names the seed.
//
// Each call draws its arguments from ranges that are mostly wrong (bad enums, k, sizes, NULL, misaligned and
// overlapping buffers, NaN and infinities, decreasing offsets) and checks the contract: the return code is 0 or
// a documented error, an error leaves every output buffer exactly as it was and sets pkpo_last_error, and no
// call crashes or hangs (the watchdog thread ends the process with a message if one does not return).
#include "pkpo.h"

#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

uint64_t seed = 20261202;
int failures = 0;
long calls = 0;
std::atomic<long> heartbeat{0};
std::atomic<const char *> current{"start"};

void fail(const std::string &what)
{
    if (++failures <= 20)
        std::fprintf(stderr, "FAIL [PKPO_SEED=%" PRIu64 "] %s\n", seed, what.c_str());
}

// A call that does not return within this long is the failure the watchdog reports.
void watchdog(int limitSeconds)
{
    long last = -1;
    int still = 0;
    for (;;) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        long now = heartbeat.load();
        still = now == last ? still + 1 : 0;
        last = now;
        if (still >= limitSeconds) {
            std::fprintf(stderr, "FAIL [PKPO_SEED=%" PRIu64 "] no return for %d s in %s\n", seed, limitSeconds,
                current.load());
            std::_Exit(3);
        }
    }
}

// One arena per call: guard bytes around it show any write outside the buffers.
struct Arena {
    std::vector<unsigned char> bytes;
    explicit Arena(size_t n) : bytes(n + 256, 0xA5) {}
    unsigned char *base() { return bytes.data() + 64; }
};

// The codes bad arguments may give after a successful init: INTERNAL (an unexpected Java exception) is a bug.
bool isDocumented(int rc)
{
    return rc == 0 || (rc <= PKPO_ERR_INVALID_ARGUMENT && rc >= PKPO_ERR_NON_FINITE);
}

template <typename T>
void fill(std::mt19937_64 &rnd, T *p, size_t n)
{
    std::uniform_int_distribution<int> kind(0, 99);
    std::normal_distribution<double> g(0.0, 1.0);
    for (size_t i = 0; i < n; i++) {
        int c = kind(rnd);
        T v = c < 2 ? std::numeric_limits<T>::quiet_NaN()
            : c < 3 ? std::numeric_limits<T>::infinity()
            : c < 20 ? T(rnd() % 2)
                     : T(g(rnd) * 100);
        std::memcpy(p + i, &v, sizeof(T));
    }
}

template <typename T>
void fuzzOne(std::mt19937_64 &rnd, int which)
{
    std::uniform_int_distribution<int> small(-1, 20);
    int n = small(rnd);
    int64_t groups = std::uniform_int_distribution<int>(-1, 6)(rnd);
    int estimator = std::uniform_int_distribution<int>(-1, 5)(rnd);
    int k = std::uniform_int_distribution<int>(-1, 22)(rnd);
    int scale = std::uniform_int_distribution<int>(-1, 2)(rnd);
    int nonFinite = std::uniform_int_distribution<int>(-1, 2)(rnd);
    size_t cap = 512;
    Arena arena(cap * sizeof(T) * 2 + 1024);
    unsigned char *mem = arena.base();
    fill(rnd, reinterpret_cast<T *>(mem), cap * 2);
    // rewards and out at random (sometimes misaligned, sometimes overlapping) places in the arena.
    size_t inAt = (rnd() % 8 == 0) ? 1 + rnd() % (sizeof(T) - 1) : sizeof(T) * (rnd() % 16);
    size_t outAt = rnd() % 4 == 0 ? inAt + sizeof(T) * (rnd() % 32) : cap * sizeof(T) + sizeof(T) * (rnd() % 16);
    if (rnd() % 10 == 0)
        outAt += 1 + rnd() % (sizeof(T) - 1);
    T *in = rnd() % 20 == 0 ? nullptr : reinterpret_cast<T *>(mem + inAt);
    T *out = rnd() % 20 == 0 ? nullptr : (rnd() % 10 == 0 ? in : reinterpret_cast<T *>(mem + outAt));
    uint64_t inLen = rnd() % 10 == 0 ? UINT64_MAX : rnd() % 200;
    uint64_t outLen = rnd() % 10 == 0 ? UINT64_MAX : rnd() % 200;
    if (inLen != UINT64_MAX && inLen > cap)
        inLen = cap;
    if (outLen != UINT64_MAX && outLen > cap)
        outLen = cap;
    std::vector<int64_t> offsets(8);
    int64_t at = std::uniform_int_distribution<int>(-1, 3)(rnd);
    for (auto &o : offsets) {
        o = at;
        at += std::uniform_int_distribution<int>(-1, 20)(rnd);
    }
    std::vector<int32_t> ks(4);
    for (auto &kv : ks)
        kv = std::uniform_int_distribution<int>(-1, 22)(rnd);
    int numK = std::uniform_int_distribution<int>(-1, 4)(rnd);
    pkpo_report_t report;
    std::memset(&report, 0x5A, sizeof report);
    pkpo_report_t *rep = rnd() % 2 ? &report : nullptr;
    const int64_t *off = rnd() % 15 == 0 ? nullptr : offsets.data();

    std::vector<unsigned char> before(arena.bytes);
    pkpo_report_t reportBefore = report;
    int rc;
    bool f32 = sizeof(T) == 4;
    switch (which) {
    case 0:
        current = "transform";
        rc = f32 ? pkpo_transform_f32(pkpo_estimator_t(estimator), k, pkpo_scale_t(scale), pkpo_non_finite_t(nonFinite),
                       reinterpret_cast<const float *>(in), inLen, groups, n, reinterpret_cast<float *>(out), outLen, rep)
                 : pkpo_transform_f64(pkpo_estimator_t(estimator), k, pkpo_scale_t(scale), pkpo_non_finite_t(nonFinite),
                       reinterpret_cast<const double *>(in), inLen, groups, n, reinterpret_cast<double *>(out), outLen, rep);
        break;
    case 1:
        current = "transform_ragged";
        rc = f32 ? pkpo_transform_ragged_f32(pkpo_estimator_t(estimator), k, pkpo_scale_t(scale), pkpo_non_finite_t(nonFinite),
                       reinterpret_cast<const float *>(in), inLen, off, groups, reinterpret_cast<float *>(out), outLen, rep)
                 : pkpo_transform_ragged_f64(pkpo_estimator_t(estimator), k, pkpo_scale_t(scale), pkpo_non_finite_t(nonFinite),
                       reinterpret_cast<const double *>(in), inLen, off, groups, reinterpret_cast<double *>(out), outLen, rep);
        break;
    case 2:
        current = "estimate";
        rc = f32 ? pkpo_estimate_f32(reinterpret_cast<const float *>(in), inLen, groups, n, ks.data(), numK,
                       pkpo_non_finite_t(nonFinite), reinterpret_cast<float *>(out), outLen, rep)
                 : pkpo_estimate_f64(reinterpret_cast<const double *>(in), inLen, groups, n, ks.data(), numK,
                       pkpo_non_finite_t(nonFinite), reinterpret_cast<double *>(out), outLen, rep);
        break;
    default:
        current = "estimate_ragged";
        rc = f32 ? pkpo_estimate_ragged_f32(reinterpret_cast<const float *>(in), inLen, off, groups, ks.data(), numK,
                       pkpo_non_finite_t(nonFinite), reinterpret_cast<float *>(out), outLen, rep)
                 : pkpo_estimate_ragged_f64(reinterpret_cast<const double *>(in), inLen, off, groups, ks.data(), numK,
                       pkpo_non_finite_t(nonFinite), reinterpret_cast<double *>(out), outLen, rep);
        break;
    }
    heartbeat++;
    calls++;
    std::string what = std::string(current.load()) + (f32 ? "_f32" : "_f64") + " rc=" + std::to_string(rc)
        + " estimator=" + std::to_string(estimator) + " k=" + std::to_string(k) + " groups=" + std::to_string(groups)
        + " n=" + std::to_string(n);
    if (!isDocumented(rc))
        fail(what + ": undocumented return code");
    // The guard bytes before and after the arena's buffers never change.
    for (size_t i = 0; i < 64; i++)
        if (arena.bytes[i] != 0xA5 || arena.bytes[arena.bytes.size() - 1 - i] != 0xA5) {
            fail(what + ": wrote outside the buffers");
            break;
        }
    if (rc < 0) {
        if (arena.bytes != before || std::memcmp(&report, &reportBefore, sizeof report) != 0)
            fail(what + ": an error changed a buffer");
        const char *msg = pkpo_last_error();
        if (msg == nullptr || msg[0] == '\0')
            fail(what + ": an error without a message");
    }
}

void fuzzPassAtK(std::mt19937_64 &rnd)
{
    current = "pass_at_k";
    std::vector<int64_t> buf(16);
    int count = std::uniform_int_distribution<int>(0, 4)(rnd);
    for (int i = 0; i < 8; i++)
        buf[i] = rnd() % 3 == 0 ? int64_t(rnd() >> 1) : int64_t(rnd() % 40) - 2;
    int k = std::uniform_int_distribution<int>(-1, 12)(rnd);
    std::vector<double> out(8, -7.0);
    int64_t *n = rnd() % 20 == 0 ? nullptr : buf.data();
    int64_t *c = rnd() % 20 == 0 ? nullptr : buf.data() + 4;
    double *o = rnd() % 20 == 0 ? nullptr : out.data();
    std::vector<int64_t> bufBefore = buf;
    int rc = pkpo_pass_at_k(n, c, uint64_t(count), k, o);
    heartbeat++;
    calls++;
    std::string what = "pass_at_k rc=" + std::to_string(rc) + " count=" + std::to_string(count) + " k=" + std::to_string(k);
    if (!isDocumented(rc))
        fail(what + ": undocumented return code");
    if (buf != bufBefore)
        fail(what + ": changed n or c");
    if (rc < 0) {
        for (double v : out)
            if (v != -7.0) {
                fail(what + ": an error wrote out");
                break;
            }
    } else {
        for (int i = 0; i < count; i++)
            if (!(out[size_t(i)] >= 0.0 && out[size_t(i)] <= 1.0))
                fail(what + ": pass@k outside [0, 1]");
    }
}

void fuzzEval(std::mt19937_64 &rnd)
{
    current = "eval_counts";
    std::vector<int64_t> counts(16);
    for (auto &v : counts)
        v = rnd() % 4 == 0 ? int64_t(rnd() >> 1) : int64_t(rnd() % 30) - 2;
    std::vector<int32_t> ks(4);
    for (auto &kv : ks)
        kv = std::uniform_int_distribution<int>(-1, 12)(rnd);
    if (rnd() % 2 == 0) // often a valid increasing list, so that calls get past the k checks
        for (size_t j = 0; j < ks.size(); j++)
            ks[j] = int32_t(1 + j * (1 + rnd() % 3));
    int metric = std::uniform_int_distribution<int>(-1, 2)(rnd);
    int64_t problems = std::uniform_int_distribution<int>(-1, 6)(rnd);
    int numK = std::uniform_int_distribution<int>(-1, 4)(rnd);
    std::vector<pkpo_eval_row_t> rows(6);
    std::memset(rows.data(), 0x5A, rows.size() * sizeof(pkpo_eval_row_t));
    std::vector<double> per(64, -7.0);
    bool perProblem = rnd() % 2 == 0;
    double *est = perProblem ? per.data() : nullptr;
    double *var = perProblem ? (rnd() % 10 == 0 ? per.data() + 1 : per.data() + 32) : nullptr;
    if (rnd() % 20 == 0)
        var = nullptr;
    uint64_t rowsLen = rnd() % 10 == 0 ? UINT64_MAX : rnd() % 6;
    uint64_t perLen = rnd() % 10 == 0 ? UINT64_MAX : rnd() % 32;
    std::vector<int64_t> countsBefore = counts;
    std::vector<unsigned char> rowsBefore(reinterpret_cast<unsigned char *>(rows.data()),
        reinterpret_cast<unsigned char *>(rows.data() + rows.size()));
    std::vector<double> perBefore = per;
    int rc = pkpo_eval_counts(pkpo_metric_t(metric), rnd() % 20 == 0 ? nullptr : counts.data(),
        rnd() % 20 == 0 ? nullptr : counts.data() + 8, problems, ks.data(), numK,
        rnd() % 20 == 0 ? nullptr : rows.data(), rowsLen, est, var, perLen);
    heartbeat++;
    calls++;
    std::string what = "eval_counts rc=" + std::to_string(rc) + " metric=" + std::to_string(metric) + " problems="
        + std::to_string(problems) + " num_k=" + std::to_string(numK);
    if (!isDocumented(rc))
        fail(what + ": undocumented return code");
    if (counts != countsBefore)
        fail(what + ": changed n or c");
    std::vector<unsigned char> rowsAfter(reinterpret_cast<unsigned char *>(rows.data()),
        reinterpret_cast<unsigned char *>(rows.data() + rows.size()));
    if (rc < 0 && (rowsAfter != rowsBefore || per != perBefore))
        fail(what + ": an error changed an output");
}

// pass@k at the extremes: O(k) whatever n and c, +0.0 for c = 0, values against closed forms.
void passAtKExtremes()
{
    struct Case {
        int64_t n, c;
        int32_t k;
        double want; // exact value rounded to double; NAN: only a finite value in [0, 1] is asked
    };
    const Case cases[] = {
        {INT64_MAX, 0, 1, 0.0},
        {INT64_MAX, 1, 1, NAN},
        {INT64_MAX, INT64_MAX, 1, 1.0},
        {2000000000, 1000000000, 1, 0.5},
        {1000000000, 900000000, 11, NAN},
        {314348979664LL, 31355203183LL, 11, 0.685215654090686},
        {INT64_MAX - 1, INT64_MAX / 2, 64, NAN},
    };
    for (const Case &cs : cases) {
        int64_t n = cs.n, c = cs.c;
        double out = -1;
        current = "pass_at_k extremes";
        auto t0 = std::chrono::steady_clock::now();
        int rc = pkpo_pass_at_k(&n, &c, 1, cs.k, &out);
        heartbeat++;
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        std::string what = "pass_at_k(n=" + std::to_string(cs.n) + ", c=" + std::to_string(cs.c) + ", k="
            + std::to_string(cs.k) + ")";
        if (rc != 0) {
            fail(what + ": " + pkpo_last_error());
            continue;
        }
        if (std::isnan(cs.want)) {
            if (!(out >= 0 && out <= 1))
                fail(what + " = " + std::to_string(out));
        } else if (std::fabs(out - cs.want) > 4 * std::fabs(cs.want) * 2.220446049250313e-16
            || (cs.want == 0 && std::signbit(out))) {
            char text[128];
            std::snprintf(text, sizeof text, " = %.17g, want %.17g", out, cs.want);
            fail(what + text);
        }
        std::printf("  %s = %.17g in %.3f ms\n", what.c_str(), out, ms);
    }
}

// The accuracy contract's sharpest case through the ABI: constant groups give exactly 0 from the
// shift-invariant estimators (README, "Accuracy"), in both types, in place and not.
void constantGroupsGiveZero()
{
    const double values[] = {100.1, -3.3, 0.7, 1e30};
    for (double v : values) {
        for (int est : {PKPO_SLOO_MINUS_ONE, PKPO_LOO}) {
            int k = est == PKPO_LOO ? 1 : 4;
            std::vector<float> f(4 * 16, float(v));
            std::vector<double> d(4 * 16, v);
            std::vector<float> fo(f.size(), -1.0f);
            int rc1 = pkpo_transform_f32(pkpo_estimator_t(est), k, PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT, f.data(),
                f.size(), 4, 16, fo.data(), fo.size(), nullptr);
            int rc2 = pkpo_transform_f64(pkpo_estimator_t(est), k, PKPO_SCALE_PER_SAMPLE, PKPO_NON_FINITE_REJECT, d.data(),
                d.size(), 4, 16, d.data(), d.size(), nullptr);
            bool zero = rc1 == 0 && rc2 == 0;
            for (size_t i = 0; i < f.size(); i++)
                zero = zero && fo[i] == 0.0f && d[i] == 0.0;
            if (!zero)
                fail("constant group " + std::to_string(v) + " estimator " + std::to_string(est) + ": not exactly 0");
        }
    }
}

} // namespace

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
    if (const char *s = std::getenv("PKPO_SEED"); s != nullptr && *s != '\0')
        seed = std::strtoull(s, nullptr, 10);
    std::thread(watchdog, 60).detach();
    int rc = pkpo_init(nullptr);
    if (rc != 0) {
        std::fprintf(stderr, "pkpo_init: %d %s\n", rc, pkpo_last_error());
        return 2;
    }
    std::printf("pkpo_fuzz_test: seed %" PRIu64 " (PKPO_SEED=%" PRIu64 " replays it)\n", seed, seed);
    passAtKExtremes();
    constantGroupsGiveZero();
    std::mt19937_64 rnd(seed);
    auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
        for (int i = 0; i < 100; i++) {
            int which = int(rnd() % 10);
            if (which == 9)
                fuzzEval(rnd);
            else if (which == 8)
                fuzzPassAtK(rnd);
            else if (which % 2 == 0)
                fuzzOne<float>(rnd, which / 2);
            else
                fuzzOne<double>(rnd, which / 2);
        }
    }
    std::printf("pkpo_fuzz_test: %ld calls, %d failures\n", calls, failures);
    pkpo_shutdown();
    return failures == 0 ? 0 : 1;
}
