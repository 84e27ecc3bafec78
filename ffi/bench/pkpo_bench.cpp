// Benchmark (not a test) of the C ABI alone: what a C, C++ or Python host pays per call.
//   tiny:  1 group of 16 (per-call cost)
//   large: 65,536 groups of 16 (throughput)
// Both out of place, f32 and f64, sloo_minus_one k = 4, paper scale, reject non-finite; each number is a
// median over passes of the median over rounds.
//
// The same transform called in-process from Java is `./pkpo bench` with the same estimator, k, n and
// groups (its simd column, ns/group); this program prints those command lines. The overhead of the ABI is
// the difference for the tiny call and the ratio for the large one. The two run in different processes,
// so run them back to back on a quiet machine. (The library no longer carries a benchmark entry point.)
//
// usage: pkpo_bench [passes]      (make -C ffi bench)

#include "pkpo.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace
{
constexpr pkpo_estimator_t EST = PKPO_SLOO_MINUS_ONE;
constexpr int K = 4;
constexpr int N = 16;

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

template <typename T>
int call(const T *in, uint64_t len, int64_t groups, T *out);

template <>
int call<float>(const float *in, uint64_t len, int64_t groups, float *out)
{
    return pkpo_transform_f32(EST, K, PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT, in, len, groups, N, out, len, nullptr);
}

template <>
int call<double>(const double *in, uint64_t len, int64_t groups, double *out)
{
    return pkpo_transform_f64(EST, K, PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT, in, len, groups, N, out, len, nullptr);
}

// Median ns per call over `rounds` rounds of `perRound` calls through the C ABI.
template <typename T>
double abiNs(const std::vector<T> &in, std::vector<T> &out, int64_t groups, int perRound, int rounds)
{
    std::vector<double> ns;
    for (int r = 0; r < rounds; r++)
    {
        auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < perRound; i++)
        {
            if (call<T>(in.data(), in.size(), groups, out.data()) != 0)
            {
                std::fprintf(stderr, "pkpo: %s\n", pkpo_last_error());
                std::exit(1);
            }
        }
        auto t1 = std::chrono::steady_clock::now();
        ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / perRound);
    }
    return median(ns);
}

template <typename T>
void run(const char *type, int64_t groups, int passes)
{
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<T> in(groups * N), out(groups * N);
    for (T &v : in)
    {
        v = static_cast<T>(u(rng));
    }
    // Rounds of at most 100,000 calls and about 2M rewards: long enough to time a tiny call.
    const int perRound = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(100000, 2000000 / (groups * N))));
    const int rounds = groups == 1 ? 7 : 9;
    abiNs(in, out, groups, perRound, rounds); // warm
    std::vector<double> abi;
    for (int p = 0; p < passes; p++)
    {
        abi.push_back(abiNs(in, out, groups, perRound, rounds));
    }
    const double a = median(abi);
    if (groups == 1)
    {
        std::printf("tiny  %s   1 x 16      C ABI %8.0f ns/call\n", type, a);
    }
    else
    {
        std::printf("large %s %lld x 16  C ABI %8.3f ms/call (%.1f ns/group)\n", type, static_cast<long long>(groups),
            a / 1e6, a / groups);
    }
}

// The first calls right after pkpo_init, before anything else has run: what a host's first requests pay.
void firstCalls()
{
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0, 1);
    for (int64_t groups : {int64_t{1}, int64_t{65536}})
    {
        std::vector<float> in(groups * N), out(groups * N);
        for (float &v : in)
        {
            v = static_cast<float>(u(rng));
        }
        std::printf("first f32 %lld x 16 calls after pkpo_init:", static_cast<long long>(groups));
        for (int i = 0; i < 7; i++)
        {
            auto t0 = std::chrono::steady_clock::now();
            if (call<float>(in.data(), in.size(), groups, out.data()) != 0)
            {
                std::fprintf(stderr, "pkpo: %s\n", pkpo_last_error());
                std::exit(1);
            }
            auto t1 = std::chrono::steady_clock::now();
            const double us = std::chrono::duration<double, std::micro>(t1 - t0).count();
            std::printf(groups == 1 ? " %.1f us" : " %.2f ms", groups == 1 ? us : us / 1e3);
        }
        std::printf("\n");
    }
    // Grouped calls (pkpo_transform_groups_f32): 65,536 groups of 16 by int64 ids, contiguous, contiguous with 10% of
    // the samples masked, shuffled with the same mask; seven calls each (what a trainer's first steps cost after
    // pkpo_init).
    const int64_t groups = 65536, samples = groups * N;
    std::vector<float> in(samples), out(samples);
    std::vector<int64_t> ids(samples);
    std::vector<uint8_t> mask(samples);
    std::vector<int64_t> perm(samples);
    for (int64_t i = 0; i < samples; i++)
    {
        in[i] = static_cast<float>(u(rng));
        perm[i] = i;
        mask[i] = u(rng) >= 0.1;
    }
    std::shuffle(perm.begin(), perm.end(), rng);
    for (int v = 0; v < 3; v++)
    {
        const bool shuffled = 2 == v;
        for (int64_t i = 0; i < samples; i++)
        {
            ids[shuffled ? perm[i] : i] = 0x9E3779B97F4A7C15LL * (i / N + 1);
        }
        pkpo_groups_t g;
        pkpo_groups_init(&g);
        g.form = PKPO_GROUPS_IDS64;
        g.ids = ids.data();
        g.mask = 0 == v ? nullptr : mask.data();
        g.too_small = PKPO_TOO_SMALL_ZERO;
        std::printf("first f32 groups calls after pkpo_init, 65536 x 16 by ids, %s:",
            0 == v ? "contiguous" : 1 == v ? "contiguous, 10% masked" : "shuffled, 10% masked");
        for (int i = 0; i < 7; i++)
        {
            auto t0 = std::chrono::steady_clock::now();
            if (pkpo_transform_groups_f32(PKPO_SLOO_MINUS_ONE, K, PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT, in.data(),
                    in.size(), samples, &g, out.data(), out.size(), nullptr) != 0)
            {
                std::fprintf(stderr, "pkpo: %s\n", pkpo_last_error());
                std::exit(1);
            }
            auto t1 = std::chrono::steady_clock::now();
            std::printf(" %.2f ms", std::chrono::duration<double, std::milli>(t1 - t0).count());
        }
        std::printf("\n");
    }
}

void printInProcessCommands()
{
    std::printf("\nin-process Java, same transform (compare its simd ns/group; run from the repository root):\n");
    for (const char *type : {"f32", "f64"})
    {
        for (long long groups : {1LL, 65536LL})
        {
            std::printf("  ./pkpo bench --estimator sloo_minus_one --k %d --n %d --groups %lld --dtype %s\n", K, N, groups,
                type);
        }
    }
}
} // namespace

int main(int argc, char **argv)
{
    const int passes = argc > 1 ? std::atoi(argv[1]) : 5;
    auto t0 = std::chrono::steady_clock::now();
    // PKPO_BENCH_JVM_OPTIONS: extra JVM options for pkpo_init, space-separated (to compare choices).
    std::vector<std::string> words;
    std::vector<const char *> jvmOptions;
    if (const char *env = std::getenv("PKPO_BENCH_JVM_OPTIONS"))
    {
        std::istringstream in(env);
        for (std::string w; in >> w;)
        {
            words.push_back(w);
        }
    }
    for (const std::string &w : words)
    {
        jvmOptions.push_back(w.c_str());
    }
    jvmOptions.push_back(nullptr);
    pkpo_options_t options;
    pkpo_options_init(&options);
    options.jvm_options = jvmOptions.data();
    // PKPO_BENCH_WARM_UP=0: pkpo_init without its warm-up (what the warm-up costs and buys).
    if (const char *w = std::getenv("PKPO_BENCH_WARM_UP"))
    {
        options.warm_up = std::atoi(w);
    }
    if (pkpo_init(&options) != 0)
    {
        std::fprintf(stderr, "pkpo_init: %s\n", pkpo_last_error());
        return 1;
    }
    auto t1 = std::chrono::steady_clock::now();
    std::printf("pkpo_init (with warm-up): %.0f ms; sloo_minus_one k=4, out of place, medians of %d passes\n",
        std::chrono::duration<double, std::milli>(t1 - t0).count(), passes);
    firstCalls();
    run<float>("f32", 1, passes);
    run<double>("f64", 1, passes);
    run<float>("f32", 65536, passes);
    run<double>("f64", 65536, passes);
    pkpo_shutdown();
    printInProcessCommands();
    return 0;
}
