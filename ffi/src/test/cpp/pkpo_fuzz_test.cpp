// Randomized calls over every function of pkpo.h (transforms, grouped transforms, estimates, pass@k, evaluation), and pass@k at the extremes under a watchdog (issue 12).
//
// usage: pkpo_fuzz_test [seconds]     PKPO_SEED=N replays a run; every failure names the seed.
//
// Each call draws its arguments from ranges that are mostly wrong (bad enums, k, sizes, NULL, misaligned and
// overlapping buffers, NaN and infinities, decreasing offsets) and checks the contract: the return code is 0 or
// a documented error, an error leaves every output buffer exactly as it was and sets pkpo_last_error, and no
// call crashes or hangs (the watchdog thread ends the process with a message if one does not return). Grouped calls
// also get random valid groupings and masks, where a masked sample must equal the sample removed.
#include "pkpo.h"

#include <algorithm>
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

template <typename T>
int groupsCall(int estimator, int k, int scale, int nonFinite, const T *in, uint64_t inLen, int64_t samples,
    const pkpo_groups_t *g, T *out, uint64_t outLen, pkpo_groups_report_t *rep)
{
    if constexpr (sizeof(T) == 4)
        return pkpo_transform_groups_f32(pkpo_estimator_t(estimator), k, pkpo_scale_t(scale), pkpo_non_finite_t(nonFinite),
            in, inLen, samples, g, out, outLen, rep);
    else
        return pkpo_transform_groups_f64(pkpo_estimator_t(estimator), k, pkpo_scale_t(scale), pkpo_non_finite_t(nonFinite),
            in, inLen, samples, g, out, outLen, rep);
}

// pkpo_transform_groups_* with arguments mostly wrong, all in one arena (rewards, out, ids, offsets, mask and k at
// random places, sometimes overlapping, sometimes misaligned): the contract of fuzzOne.
template <typename T>
void fuzzGroupsContract(std::mt19937_64 &rnd)
{
    current = "transform_groups";
    const size_t cap = 256;
    Arena arena(cap * 8 * 4 + 1024);
    unsigned char *mem = arena.base();
    fill(rnd, reinterpret_cast<T *>(mem), cap);
    const int64_t samples = std::uniform_int_distribution<int>(-1, 48)(rnd);
    int form = std::uniform_int_distribution<int>(-1, 4)(rnd);
    // Regions: rewards at 0, out at 1x, ids at 2x, offsets / mask / k at 3x cap*8 bytes, each sometimes moved onto
    // another one or off alignment.
    auto place = [&](size_t region) {
        size_t at = region * cap * 8 + 8 * (rnd() % 8);
        if (rnd() % 8 == 0)
            at = 8 * (rnd() % (4 * cap)); // anywhere: overlaps
        if (rnd() % 12 == 0)
            at += 1 + rnd() % 3;
        return mem + at;
    };
    T *in = rnd() % 20 == 0 ? nullptr : reinterpret_cast<T *>(place(0));
    T *out = rnd() % 20 == 0 ? nullptr : (rnd() % 10 == 0 ? in : reinterpret_cast<T *>(place(1)));
    unsigned char *ids = place(2);
    for (int i = 0; i < 64; i++) {
        int32_t v = int32_t(rnd() % 6);
        if (form == PKPO_GROUPS_IDS64)
            {
                int64_t w = v;
                std::memcpy(ids + 8 * i, &w, 8);
            }
        else
            std::memcpy(ids + 4 * i, &v, 4);
    }
    unsigned char *offsets = place(3);
    int64_t at = std::uniform_int_distribution<int>(-1, 2)(rnd);
    for (int i = 0; i < 10; i++) {
        std::memcpy(offsets + 8 * i, &at, 8);
        at += std::uniform_int_distribution<int>(-1, 9)(rnd);
    }
    unsigned char *mask = place(3) + 128;
    for (int i = 0; i < 64; i++)
        mask[i] = rnd() % 4 == 0 ? 0 : uint8_t(1 + rnd() % 200);
    unsigned char *ks = place(3) + 256;
    for (int i = 0; i < 16; i++) {
        int32_t v = std::uniform_int_distribution<int>(-1, 6)(rnd);
        std::memcpy(ks + 4 * i, &v, 4);
    }
    pkpo_groups_t g;
    pkpo_groups_init(&g);
    g.form = form;
    g.n = std::uniform_int_distribution<int>(-1, 8)(rnd);
    g.offsets = rnd() % 15 == 0 ? nullptr : reinterpret_cast<const int64_t *>(offsets);
    g.groups = std::uniform_int_distribution<int>(-1, 9)(rnd);
    g.ids = rnd() % 15 == 0 ? nullptr : ids;
    g.mask = rnd() % 2 ? mask : nullptr;
    g.k_per_group = rnd() % 2 ? reinterpret_cast<const int32_t *>(ks) : nullptr;
    g.k_per_group_len = rnd() % 10 == 0 ? UINT64_MAX : rnd() % 16;
    g.too_small = std::uniform_int_distribution<int>(-1, 2)(rnd);
    if (rnd() % 30 == 0)
        g.size = rnd() % 100;
    if (rnd() % 30 == 0)
        g.reserved = 1;
    const int estimator = std::uniform_int_distribution<int>(-1, 5)(rnd);
    const int k = std::uniform_int_distribution<int>(-1, 6)(rnd);
    const int scale = std::uniform_int_distribution<int>(-1, 2)(rnd);
    const int nonFinite = std::uniform_int_distribution<int>(-1, 2)(rnd);
    const uint64_t inLen = rnd() % 10 == 0 ? UINT64_MAX : rnd() % 64;
    const uint64_t outLen = rnd() % 10 == 0 ? UINT64_MAX : rnd() % 64;
    pkpo_groups_report_t report;
    std::memset(&report, 0x5A, sizeof report);
    const pkpo_groups_report_t reportBefore = report;
    std::vector<unsigned char> before(arena.bytes);
    int rc = groupsCall<T>(estimator, k, scale, nonFinite, in, inLen, samples, rnd() % 40 == 0 ? nullptr : &g, out, outLen,
        rnd() % 2 ? &report : nullptr);
    heartbeat++;
    calls++;
    std::string what = std::string("transform_groups") + (sizeof(T) == 4 ? "_f32" : "_f64") + " rc=" + std::to_string(rc)
        + " form=" + std::to_string(form) + " estimator=" + std::to_string(estimator) + " k=" + std::to_string(k)
        + " samples=" + std::to_string(samples) + " (" + pkpo_last_error() + ")";
    if (!isDocumented(rc))
        fail(what + ": undocumented return code");
    for (size_t i = 0; i < 64; i++)
        if (arena.bytes[i] != 0xA5 || arena.bytes[arena.bytes.size() - 1 - i] != 0xA5) {
            fail(what + ": wrote outside the buffers");
            break;
        }
    if (rc < 0) {
        if (arena.bytes != before || std::memcmp(&report, &reportBefore, sizeof report) != 0)
            fail(what + ": an error changed a buffer");
        if (pkpo_last_error()[0] == '\0')
            fail(what + ": an error without a message");
    }
}

// Random groupings and masks: a masked sample gives the same outputs for the others as removing it from the input
// (bit for bit, per sample; per group id for rho), and gets 0 itself. The masked call's grouping is uniform n,
// int32 or int64 ids (any order); the call without the masked samples uses int64 ids. k per group is drawn per id.
template <typename T>
void fuzzGroupsMask(std::mt19937_64 &rnd)
{
    current = "transform_groups (mask = removal)";
    const int form = int(rnd() % 3) == 0 ? PKPO_GROUPS_UNIFORM : (rnd() % 2 ? PKPO_GROUPS_IDS32 : PKPO_GROUPS_IDS64);
    const int n = 1 + int(rnd() % 8);
    const int64_t samples = form == PKPO_GROUPS_UNIFORM ? n * int64_t(rnd() % 7) : int64_t(rnd() % 49);
    const int idRange = 1 + int(rnd() % 7);
    std::vector<int64_t> ids(samples);
    for (int64_t i = 0; i < samples; i++)
        ids[i] = form == PKPO_GROUPS_UNIFORM ? i / n : int64_t(rnd() % idRange) * 1000000007LL - 3;
    std::vector<int32_t> ids32(ids.begin(), ids.end());
    std::vector<T> r(samples);
    std::vector<uint8_t> mask(samples);
    std::normal_distribution<double> gauss(0.0, 1.0);
    for (int64_t i = 0; i < samples; i++) {
        r[i] = rnd() % 3 == 0 ? T(rnd() % 2) : T(gauss(rnd));
        mask[i] = rnd() % 5 != 0;
        if (!mask[i] && rnd() % 2)
            r[i] = std::numeric_limits<T>::quiet_NaN(); // never read
    }
    const int estimator = int(rnd() % 5);
    const bool perGroupK = estimator != PKPO_LOO && rnd() % 2;
    auto kOf = [&](int64_t id) { return int32_t(1 + (uint64_t(id) * 2654435761u >> 7) % 3); };
    const int k = estimator == PKPO_LOO ? 1 : 1 + int(rnd() % 3);
    // The groups of a list of ids, numbered by first appearance; ks in that order.
    auto order = [](const std::vector<int64_t> &v) {
        std::vector<int64_t> firsts;
        for (int64_t id : v)
            if (std::find(firsts.begin(), firsts.end(), id) == firsts.end())
                firsts.push_back(id);
        return firsts;
    };
    std::vector<int64_t> all = order(ids);
    std::vector<int32_t> ksAll;
    for (int64_t id : all)
        ksAll.push_back(kOf(id));
    std::vector<T> cr;
    std::vector<int64_t> cids;
    for (int64_t i = 0; i < samples; i++)
        if (mask[i]) {
            cr.push_back(r[i]);
            cids.push_back(ids[i]);
        }
    std::vector<int64_t> kept = order(cids);
    std::vector<int32_t> ksKept;
    for (int64_t id : kept)
        ksKept.push_back(kOf(id));

    pkpo_groups_t gm, gc;
    pkpo_groups_init(&gm);
    gm.form = form;
    gm.n = n;
    gm.ids = form == PKPO_GROUPS_IDS32 ? static_cast<const void *>(ids32.data()) : ids.data();
    gm.mask = mask.data();
    gm.too_small = PKPO_TOO_SMALL_ZERO;
    pkpo_groups_init(&gc);
    gc.form = PKPO_GROUPS_IDS64;
    gc.ids = cids.data();
    gc.too_small = PKPO_TOO_SMALL_ZERO;
    if (perGroupK) {
        gm.k_per_group = ksAll.data();
        gm.k_per_group_len = ksAll.size();
        gc.k_per_group = ksKept.data();
        gc.k_per_group_len = ksKept.size();
    }
    const int scale = int(rnd() % 2);
    std::vector<T> om(std::max<int64_t>(samples, 1), T(-7)), oc(std::max<size_t>(cr.size(), 1), T(-7));
    pkpo_groups_report_t rm, rc2;
    int a = groupsCall<T>(estimator, k, scale, PKPO_NON_FINITE_REJECT, r.data(), r.size(), samples, &gm, om.data(),
        om.size(), &rm);
    int b = groupsCall<T>(estimator, k, scale, PKPO_NON_FINITE_REJECT, cr.data(), cr.size(), int64_t(cr.size()), &gc,
        oc.data(), oc.size(), &rc2);
    heartbeat++;
    calls += 2;
    std::string what = std::string("mask = removal") + (sizeof(T) == 4 ? " f32" : " f64") + " form=" + std::to_string(form)
        + " estimator=" + std::to_string(estimator) + " k=" + (perGroupK ? std::string("per group") : std::to_string(k))
        + " samples=" + std::to_string(samples);
    if (a != 0 || b != 0) {
        fail(what + ": rc " + std::to_string(a) + ", " + std::to_string(b) + " (" + pkpo_last_error() + ")");
        return;
    }
    int64_t masked = 0;
    for (uint8_t m : mask)
        masked += m == 0;
    if (rm.masked_samples != masked || rm.groups != int64_t(all.size()) || rc2.groups != int64_t(kept.size())
        || rm.zeroed_groups != rc2.zeroed_groups + int64_t(all.size() - kept.size()))
        fail(what + ": reports disagree");
    if (estimator == PKPO_RHO) {
        for (size_t gi = 0; gi < all.size(); gi++) {
            auto it = std::find(kept.begin(), kept.end(), all[gi]);
            T want = it == kept.end() ? T(0) : oc[size_t(it - kept.begin())];
            if (std::memcmp(&om[gi], &want, sizeof(T)) != 0) {
                fail(what + ": rho of group " + std::to_string(gi) + " differs");
                return;
            }
        }
        return;
    }
    for (int64_t i = 0, j = 0; i < samples; i++) {
        T want = mask[i] ? oc[size_t(j++)] : T(0);
        if (std::memcmp(&om[size_t(i)], &want, sizeof(T)) != 0) {
            fail(what + ": sample " + std::to_string(i) + " differs from the call without the masked samples");
            return;
        }
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
            int which = int(rnd() % 14);
            if (which >= 10)
                which == 10 ? fuzzGroupsContract<float>(rnd) : which == 11 ? fuzzGroupsContract<double>(rnd)
                    : which == 12 ? fuzzGroupsMask<float>(rnd) : fuzzGroupsMask<double>(rnd);
            else if (which == 9)
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
