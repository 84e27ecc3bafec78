// A small program against an installed pkpo (pkpo.hpp over libpkpo.so): transforms batches and checks known
// values, and checks that a bad call throws pkpo::Error with its code and leaves the output alone. Built by
// run.sh twice: with CMake's find_package(pkpo) as C++20 (std::span), and with pkg-config as C++17.
#include <pkpo.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#if defined(PKPO_CONSUMER_EXPECT_STD_SPAN)
#include <span>
static_assert(std::is_same_v<pkpo::span<const float>, std::span<const float>>, "C++20: pkpo::span is std::span");
#endif

static int failures = 0;

static void check(bool ok, const char *what, double got = 0.0, double want = 0.0)
{
    if (!ok)
    {
        std::fprintf(stderr, "FAIL: %s (got %.17g, want %.17g)\n", what, got, want);
        failures++;
    }
}

static void near(double got, double want, double tol, const char *what)
{
    check(std::fabs(got - want) <= tol, what, got, want);
}

int main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "consumer";
    pkpo_options_t options = pkpo::default_options();
    options.warm_up = 0; // a test: the first calls need not be fast
    pkpo::Library library(options);

    // Uniform float32, in place: loo is g_i - mean of the others.
    std::vector<float> r = {1, 0, 0, 0, 0, 0, 1, 1};
    pkpo::Report report = pkpo::transform(pkpo::Estimator::loo, 1, r, 2, 4, r);
    const double loo[8] = {1, -1.0 / 3, -1.0 / 3, -1.0 / 3, -2.0 / 3, -2.0 / 3, 2.0 / 3, 2.0 / 3};
    for (int i = 0; i < 8; i++)
    {
        near(r[i], loo[i], 1e-6, "transform f32 loo");
    }
    check(2 == report.groups && 8 == report.samples, "report of transform f32");

    // Uniform float64 into another buffer: sloo_minus_one at k = 1 under the per-sample scale is loo exactly.
    const std::vector<double> d = {1, 0, 0, 0};
    std::vector<double> out(4);
    pkpo::transform(pkpo::Estimator::sloo_minus_one, 1, d, 1, 4, out, pkpo::Scale::per_sample);
    for (int i = 0; i < 4; i++)
    {
        near(out[i], loo[i], 1e-15, "transform f64 sloo_minus_one per_sample");
    }

    // Ragged float64: groups of 4 and 2.
    const std::vector<double> rr = {1, 0, 0, 0, 1, 0};
    const std::array<std::int64_t, 3> offsets = {0, 4, 6};
    std::vector<double> ro(6);
    report = pkpo::transform_ragged(pkpo::Estimator::loo, 1, rr, offsets, ro);
    near(ro[0], 1.0, 1e-15, "ragged f64 loo[0]");
    near(ro[4], 1.0, 1e-15, "ragged f64 loo[4]");
    near(ro[5], -1.0, 1e-15, "ragged f64 loo[5]");
    check(2 == report.groups && 6 == report.samples, "report of transform_ragged f64");

    // Ragged float32, rho: one value per group (the group's max at k = n).
    const std::vector<float> rf = {0.5f, 0.25f, 0.75f, 0.125f};
    const std::array<std::int64_t, 3> off2 = {0, 2, 4};
    std::array<float, 2> rho{};
    pkpo::transform_ragged(pkpo::Estimator::rho, 2, rf, off2, rho);
    near(rho[0], 0.5, 0, "ragged f32 rho[0]");
    near(rho[1], 0.75, 0, "ragged f32 rho[1]");

    // Grouped float32 (pkpo.h's example): a prompt id per sample in any order, a mask, too-small groups zeroed.
    // Prompt 7 = {1, 0} and prompt 9 = {1, 1}; prompt 3 keeps one valid sample of 2 (sample 4, NaN, is masked).
    const std::vector<float> gr = {1, 0, 0, 1, NAN, 1};
    const std::vector<std::int64_t> prompt = {7, 3, 7, 9, 3, 9};
    const std::vector<std::uint8_t> valid = {1, 1, 1, 1, 0, 1};
    std::vector<float> adv(6, -7.0f);
    const pkpo::GroupsReport grep = pkpo::transform_groups(pkpo::Estimator::sloo_minus_one, 1, gr,
        pkpo::Groups::ids(prompt).mask(valid).too_small(pkpo::TooSmall::zero), adv);
    const float advWant[6] = {0.5f, 0, -0.5f, 0, 0, 0};
    for (int i = 0; i < 6; i++)
    {
        near(adv[i], advWant[i], 0, "transform_groups f32 ids64 + mask");
    }
    check(3 == grep.groups && 6 == grep.samples && 1 == grep.masked_samples && 1 == grep.zeroed_groups,
          "report of transform_groups f32");
    // Grouped float64: the ragged batch above as offsets, and as int32 ids with a k per group: the same outputs.
    std::vector<double> go(6), gi(6);
    pkpo::transform_groups(pkpo::Estimator::loo, 1, rr, pkpo::Groups::offsets(offsets), go);
    const std::vector<std::int32_t> ids32 = {0, 0, 0, 0, 1, 1}, ones = {1, 1};
    pkpo::transform_groups(pkpo::Estimator::loo, 99, rr, pkpo::Groups::ids(ids32).k(ones), gi);
    check(go == ro && gi == ro, "transform_groups f64 offsets and ids32 with k = transform_ragged");

    // Estimates: rho at k = 1 is the mean, at k = n the max.
    const std::array<std::int32_t, 2> ks = {1, 4};
    std::array<float, 2> est{};
    pkpo::estimate(pkpo::span<const float>(r.data(), 4), 1, 4, ks, est);
    near(est[0], 0.0, 1e-6, "estimate f32 k=1 (mean of loo outputs)");
    near(est[1], 1.0, 1e-6, "estimate f32 k=4 (max)");
    std::array<double, 2> est64{};
    pkpo::estimate_ragged(d, pkpo::span<const std::int64_t>(offsets.data(), 2), ks, est64);
    near(est64[0], 0.25, 1e-15, "estimate_ragged f64 k=1");
    near(est64[1], 1.0, 1e-15, "estimate_ragged f64 k=4");

    // Counts: eq. 3, pass@4 of 3 correct in 16 = 1 - C(13,4)/C(16,4).
    near(pkpo::pass_at_k(16, 3, 4), 1.0 - 715.0 / 1820.0, 1e-15, "pass_at_k(16, 3, 4)");
    const std::array<std::int64_t, 2> n = {16, 16}, c = {3, 0};
    std::array<double, 2> pk{};
    pkpo::pass_at_k(n, c, 4, pk);
    near(pk[0], 1.0 - 715.0 / 1820.0, 1e-15, "pass_at_k batch[0]");
    near(pk[1], 0.0, 0, "pass_at_k batch[1]");
    std::vector<pkpo::EvalRow> rows = pkpo::eval_counts(pkpo::Metric::pass, n, c, ks);
    check(2 == rows.size() && 1 == rows[0].k && 4 == rows[1].k && 2 == rows[0].problems, "eval_counts rows");
    near(rows[0].estimate, (3.0 / 16) / 2, 1e-15, "eval_counts pass@1");

    // A bad call throws pkpo::Error with the C code and message, and writes nothing: sloo needs k < n.
    std::vector<float> before = r;
    try
    {
        pkpo::transform(pkpo::Estimator::sloo, 4, r, 2, 4, r);
        check(false, "sloo with k = n did not throw");
    }
    catch (const pkpo::Error &e)
    {
        check(PKPO_ERR_BAD_K == e.code(), "error code is PKPO_ERR_BAD_K", e.code(), PKPO_ERR_BAD_K);
        check(!e.message().empty() && nullptr != std::strstr(e.what(), "PKPO_ERR_BAD_K (-6): "), e.what());
        check(before == r, "a failed call left the buffer alone");
    }
    // A group too small under TooSmall::reject (the default) is an error naming the group and its id.
    try
    {
        pkpo::transform_groups(pkpo::Estimator::sloo_minus_one, 1, gr, pkpo::Groups::ids(prompt).mask(valid), adv);
        check(false, "a too-small group under reject did not throw");
    }
    catch (const pkpo::Error &e)
    {
        check(PKPO_ERR_BAD_K == e.code() && nullptr != std::strstr(e.what(), "group 1 (id 3)"), e.what());
        for (int i = 0; i < 6; i++)
        {
            near(adv[i], advWant[i], 0, "a failed transform_groups left out alone");
        }
    }
    // A C-side check (a NULL buffer) and a wrapper-side one (c shorter than n) are errors too.
    try
    {
        pkpo::transform(pkpo::Estimator::loo, 1, pkpo::span<const float>(), 2, 4, r);
        check(false, "null rewards did not throw");
    }
    catch (const pkpo::Error &e)
    {
        check(PKPO_ERR_NULL_POINTER == e.code(), "error code is PKPO_ERR_NULL_POINTER", e.code(), PKPO_ERR_NULL_POINTER);
    }
    try
    {
        pkpo::pass_at_k(n, pkpo::span<const std::int64_t>(c.data(), 1), 4, pk);
        check(false, "short c did not throw");
    }
    catch (const pkpo::Error &e)
    {
        check(PKPO_ERR_BUFFER_TOO_SMALL == e.code(), "error code is PKPO_ERR_BUFFER_TOO_SMALL", e.code(),
              PKPO_ERR_BUFFER_TOO_SMALL);
    }

    if (0 != failures)
    {
        std::fprintf(stderr, "%s: %d failures\n", how, failures);
        return 1;
    }
    std::printf("%s: ok (ABI %d, %s)\n", how, pkpo::abi_version(),
#if defined(PKPO_HPP_STD_SPAN)
                "std::span"
#else
                "pkpo::span"
#endif
    );
    return 0;
}
