/*
 * pkpo.hpp: a header-only C++ wrapper over the C ABI of pkpo-engine (pkpo.h). C++17; with C++20,
 * pkpo::span is std::span.
 *
 *     #include <pkpo.hpp>
 *
 *     pkpo::Library lib;                                   // pkpo_init; pkpo_shutdown when it goes out of scope
 *     std::vector<float> r(64 * 16);                       // 64 groups of 16 rewards, row-major
 *     pkpo::transform(pkpo::Estimator::sloo_minus_one, 4, r, 64, 16, r);   // in place
 *
 * Every function is the C function of the same name with buffers as spans (a pointer and an element count:
 * the C `_len` argument is the span's size) and overloads for float and double in place of the _f32/_f64
 * pairs. Its contract is the C one (see pkpo.h: lengths say how much the host has, a failed call writes
 * nothing, threading), except that a failure throws pkpo::Error, which carries the negative pkpo_error_t
 * and pkpo_last_error()'s message, instead of returning the code. Where the C function takes a count and
 * no lengths (pkpo_pass_at_k, pkpo_eval_counts), the count is the size of the first span and a shorter
 * span beside it throws PKPO_ERR_BUFFER_TOO_SMALL before the call; likewise transform_groups, whose samples
 * is rewards.size() and whose pkpo_groups_t is a pkpo::Groups value:
 *
 *     pkpo::transform_groups(pkpo::Estimator::loo, 1, r, pkpo::Groups::ids(prompt_ids).mask(valid), adv);
 *
 * Link with libpkpo.so: `find_package(pkpo)` and the target pkpo::pkpo in CMake, or
 * `pkg-config --cflags --libs pkpo`.
 */
#ifndef PKPO_HPP
#define PKPO_HPP

#include "pkpo.h"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#if __cplusplus >= 202002L && defined(__has_include)
#if __has_include(<span>)
#include <span>
#if defined(__cpp_lib_span)
#define PKPO_HPP_STD_SPAN 1
#endif
#endif
#endif

namespace pkpo
{

#if defined(PKPO_HPP_STD_SPAN)
/** A buffer: std::span under C++20. */
template <class T>
using span = std::span<T>;
#else
/**
 * A buffer under C++17: a pointer and an element count, as much of std::span as these calls need. Made from
 * (pointer, count), a C array, or any contiguous container with data() and size() (std::vector, std::array,
 * std::string_view's kin); span<T> converts to span<const T>.
 */
template <class T>
class span
{
public:
    constexpr span() noexcept = default;
    constexpr span(T *data, std::size_t size) noexcept : data_(data), size_(size) {}

    template <std::size_t N>
    constexpr span(T (&array)[N]) noexcept : data_(array), size_(N) {}

    template <class C,
              class P = decltype(std::declval<C &>().data()),
              class = decltype(std::declval<C &>().size()),
              std::enable_if_t<std::is_convertible_v<P, T *> &&
                               std::is_same_v<std::remove_cv_t<std::remove_pointer_t<P>>, std::remove_cv_t<T>>, int> = 0>
    constexpr span(C &container) noexcept : data_(container.data()), size_(container.size()) {}

    template <class U, std::enable_if_t<std::is_convertible_v<U (*)[], T (*)[]>, int> = 0>
    constexpr span(const span<U> &other) noexcept : data_(other.data()), size_(other.size()) {}

    constexpr T *data() const noexcept { return data_; }
    constexpr std::size_t size() const noexcept { return size_; }
    constexpr bool empty() const noexcept { return 0 == size_; }
    constexpr T &operator[](std::size_t i) const noexcept { return data_[i]; }
    constexpr T *begin() const noexcept { return data_; }
    constexpr T *end() const noexcept { return data_ + size_; }

private:
    T *data_ = nullptr;
    std::size_t size_ = 0;
};
#endif

/** The estimators (pkpo_estimator_t). */
enum class Estimator : int
{
    rho = PKPO_RHO,
    s = PKPO_S,
    sloo = PKPO_SLOO,
    sloo_minus_one = PKPO_SLOO_MINUS_ONE,
    loo = PKPO_LOO
};

/** Output scale (pkpo_scale_t). */
enum class Scale : int
{
    paper = PKPO_SCALE_PAPER,
    per_sample = PKPO_SCALE_PER_SAMPLE
};

/** NaN and infinite rewards (pkpo_non_finite_t). */
enum class NonFinite : int
{
    reject = PKPO_NON_FINITE_REJECT,
    exclude = PKPO_NON_FINITE_EXCLUDE
};

/** What transform_groups does with a group too small for its k (pkpo_too_small_t). */
enum class TooSmall : int
{
    reject = PKPO_TOO_SMALL_REJECT,
    zero = PKPO_TOO_SMALL_ZERO
};

/** What pkpo_eval_counts estimates (pkpo_metric_t). */
enum class Metric : int
{
    pass = PKPO_METRIC_PASS,
    pass_hat = PKPO_METRIC_PASS_HAT
};

/** What a call did (pkpo_report_t). */
using Report = pkpo_report_t;
/** What a transform_groups call did (pkpo_groups_report_t). */
using GroupsReport = pkpo_groups_report_t;
/** One k of eval_counts (pkpo_eval_row_t). */
using EvalRow = pkpo_eval_row_t;

/** The name of a pkpo_error_t ("PKPO_ERR_BAD_K"), or "PKPO_ERR_UNKNOWN" for a code this header does not know. */
inline const char *error_name(int code) noexcept
{
    switch (code)
    {
        case PKPO_OK: return "PKPO_OK";
        case PKPO_ERR_INVALID_ARGUMENT: return "PKPO_ERR_INVALID_ARGUMENT";
        case PKPO_ERR_NULL_POINTER: return "PKPO_ERR_NULL_POINTER";
        case PKPO_ERR_MISALIGNED: return "PKPO_ERR_MISALIGNED";
        case PKPO_ERR_BUFFER_TOO_SMALL: return "PKPO_ERR_BUFFER_TOO_SMALL";
        case PKPO_ERR_OVERLAP: return "PKPO_ERR_OVERLAP";
        case PKPO_ERR_BAD_K: return "PKPO_ERR_BAD_K";
        case PKPO_ERR_NON_FINITE: return "PKPO_ERR_NON_FINITE";
        case PKPO_ERR_NOT_INITIALIZED: return "PKPO_ERR_NOT_INITIALIZED";
        case PKPO_ERR_ALREADY_INITIALIZED: return "PKPO_ERR_ALREADY_INITIALIZED";
        case PKPO_ERR_SHUT_DOWN: return "PKPO_ERR_SHUT_DOWN";
        case PKPO_ERR_JVM_NOT_FOUND: return "PKPO_ERR_JVM_NOT_FOUND";
        case PKPO_ERR_JAR_NOT_FOUND: return "PKPO_ERR_JAR_NOT_FOUND";
        case PKPO_ERR_JVM_START: return "PKPO_ERR_JVM_START";
        case PKPO_ERR_INTERNAL: return "PKPO_ERR_INTERNAL";
        case PKPO_ERR_FORKED: return "PKPO_ERR_FORKED";
        default: return "PKPO_ERR_UNKNOWN";
    }
}

/**
 * A failed call: code() is the negative pkpo_error_t the C function returned (compare with the PKPO_ERR_
 * constants; new codes may appear), message() the library's description (pkpo_last_error() of the calling
 * thread), what() both ("PKPO_ERR_BAD_K (-6): ...").
 */
class Error : public std::runtime_error
{
public:
    Error(int code, const std::string &message)
        : std::runtime_error(std::string(error_name(code)) + " (" + std::to_string(code) + "): " + message),
          code_(code), message_(message)
    {
    }

    int code() const noexcept { return code_; }
    const std::string &message() const noexcept { return message_; }

private:
    int code_;
    std::string message_;
};

namespace detail
{
inline void check(int code)
{
    if (code < 0)
    {
        throw Error(code, pkpo_last_error());
    }
}

inline void require(bool ok, const char *what)
{
    if (!ok)
    {
        throw Error(PKPO_ERR_BUFFER_TOO_SMALL, what);
    }
}

template <class T>
inline std::uint64_t len(const span<T> &s) noexcept
{
    return static_cast<std::uint64_t>(s.size());
}

/** groups of a ragged call: offsets holds groups + 1 entries (none: a call of zero size). */
inline std::int64_t ragged_groups(const span<const std::int64_t> &offsets) noexcept
{
    return offsets.empty() ? 0 : static_cast<std::int64_t>(offsets.size()) - 1;
}
}

/** PKPO_ABI_VERSION of the library actually loaded (pkpo_abi_version). */
inline std::int32_t abi_version() noexcept
{
    return pkpo_abi_version();
}

/** The defaults of pkpo_init's options (pkpo_options_init), to change before Library(options). */
inline pkpo_options_t default_options()
{
    pkpo_options_t options;
    detail::check(pkpo_options_init(&options));
    return options;
}

/**
 * pkpo_init in the constructor, pkpo_shutdown in the destructor: make one, for the whole time the process
 * uses pkpo (in main, or as a static). A JVM cannot be started twice in one process, so neither can a second
 * Library after the first is destroyed (PKPO_ERR_SHUT_DOWN); two at once throw PKPO_ERR_ALREADY_INITIALIZED.
 * Throws Error when pkpo_init fails, or PKPO_ERR_INVALID_ARGUMENT when the loaded libpkpo.so has another ABI
 * version than this header.
 */
class Library
{
public:
    Library() : Library(nullptr) {}
    explicit Library(const pkpo_options_t &options) : Library(&options) {}

    ~Library()
    {
        pkpo_shutdown();
    }

    Library(const Library &) = delete;
    Library &operator=(const Library &) = delete;

private:
    explicit Library(const pkpo_options_t *options)
    {
        if (PKPO_ABI_VERSION != pkpo_abi_version())
        {
            throw Error(PKPO_ERR_INVALID_ARGUMENT, "libpkpo.so has ABI version " + std::to_string(pkpo_abi_version()) +
                ", pkpo.hpp was compiled against " + std::to_string(PKPO_ABI_VERSION));
        }
        detail::check(pkpo_init(options));
    }
};

/* ---- transforms and estimates: one template each, called with the _f32 or the _f64 C function ----------- */

namespace detail
{
template <class T, class F>
inline Report transform(F c_function, Estimator estimator, std::int32_t k, span<const T> rewards, std::int64_t groups,
                        std::int32_t n, span<T> out, Scale scale, NonFinite non_finite)
{
    Report report{};
    check(c_function(static_cast<pkpo_estimator_t>(estimator), k, static_cast<pkpo_scale_t>(scale),
        static_cast<pkpo_non_finite_t>(non_finite), rewards.data(), len(rewards), groups, n, out.data(), len(out),
        &report));
    return report;
}

template <class T, class F>
inline Report transform_ragged(F c_function, Estimator estimator, std::int32_t k, span<const T> rewards,
                               span<const std::int64_t> offsets, span<T> out, Scale scale, NonFinite non_finite)
{
    Report report{};
    check(c_function(static_cast<pkpo_estimator_t>(estimator), k, static_cast<pkpo_scale_t>(scale),
        static_cast<pkpo_non_finite_t>(non_finite), rewards.data(), len(rewards), offsets.data(),
        ragged_groups(offsets), out.data(), len(out), &report));
    return report;
}

template <class T, class F>
inline Report estimate(F c_function, span<const T> rewards, std::int64_t groups, std::int32_t n,
                       span<const std::int32_t> ks, span<T> out, NonFinite non_finite)
{
    Report report{};
    check(c_function(rewards.data(), len(rewards), groups, n, ks.data(), static_cast<std::int32_t>(ks.size()),
        static_cast<pkpo_non_finite_t>(non_finite), out.data(), len(out), &report));
    return report;
}

template <class T, class F>
inline Report estimate_ragged(F c_function, span<const T> rewards, span<const std::int64_t> offsets,
                              span<const std::int32_t> ks, span<T> out, NonFinite non_finite)
{
    Report report{};
    check(c_function(rewards.data(), len(rewards), offsets.data(), ragged_groups(offsets), ks.data(),
        static_cast<std::int32_t>(ks.size()), static_cast<pkpo_non_finite_t>(non_finite), out.data(), len(out),
        &report));
    return report;
}
}

/** pkpo_transform_f32: groups x n rewards (row-major) into out, which may be rewards itself (not for rho). */
inline Report transform(Estimator estimator, std::int32_t k, span<const float> rewards, std::int64_t groups,
                        std::int32_t n, span<float> out, Scale scale = Scale::paper,
                        NonFinite non_finite = NonFinite::reject)
{
    return detail::transform<float>(pkpo_transform_f32, estimator, k, rewards, groups, n, out, scale, non_finite);
}

/** pkpo_transform_f64. */
inline Report transform(Estimator estimator, std::int32_t k, span<const double> rewards, std::int64_t groups,
                        std::int32_t n, span<double> out, Scale scale = Scale::paper,
                        NonFinite non_finite = NonFinite::reject)
{
    return detail::transform<double>(pkpo_transform_f64, estimator, k, rewards, groups, n, out, scale, non_finite);
}

/** pkpo_transform_ragged_f32: group g is rewards[offsets[g] .. offsets[g+1]); groups = offsets.size() - 1. */
inline Report transform_ragged(Estimator estimator, std::int32_t k, span<const float> rewards,
                               span<const std::int64_t> offsets, span<float> out, Scale scale = Scale::paper,
                               NonFinite non_finite = NonFinite::reject)
{
    return detail::transform_ragged<float>(pkpo_transform_ragged_f32, estimator, k, rewards, offsets, out, scale,
                                           non_finite);
}

/** pkpo_transform_ragged_f64. */
inline Report transform_ragged(Estimator estimator, std::int32_t k, span<const double> rewards,
                               span<const std::int64_t> offsets, span<double> out, Scale scale = Scale::paper,
                               NonFinite non_finite = NonFinite::reject)
{
    return detail::transform_ragged<double>(pkpo_transform_ragged_f64, estimator, k, rewards, offsets, out, scale,
                                            non_finite);
}

/** pkpo_estimate_f32: rho of every group for each k in ks; out[j * groups + g] is group g at ks[j]. */
inline Report estimate(span<const float> rewards, std::int64_t groups, std::int32_t n, span<const std::int32_t> ks,
                       span<float> out, NonFinite non_finite = NonFinite::reject)
{
    return detail::estimate<float>(pkpo_estimate_f32, rewards, groups, n, ks, out, non_finite);
}

/** pkpo_estimate_f64. */
inline Report estimate(span<const double> rewards, std::int64_t groups, std::int32_t n,
                       span<const std::int32_t> ks, span<double> out, NonFinite non_finite = NonFinite::reject)
{
    return detail::estimate<double>(pkpo_estimate_f64, rewards, groups, n, ks, out, non_finite);
}

/** pkpo_estimate_ragged_f32: groups = offsets.size() - 1. */
inline Report estimate_ragged(span<const float> rewards, span<const std::int64_t> offsets,
                              span<const std::int32_t> ks, span<float> out, NonFinite non_finite = NonFinite::reject)
{
    return detail::estimate_ragged<float>(pkpo_estimate_ragged_f32, rewards, offsets, ks, out, non_finite);
}

/** pkpo_estimate_ragged_f64. */
inline Report estimate_ragged(span<const double> rewards, span<const std::int64_t> offsets,
                              span<const std::int32_t> ks, span<double> out, NonFinite non_finite = NonFinite::reject)
{
    return detail::estimate_ragged<double>(pkpo_estimate_ragged_f64, rewards, offsets, ks, out, non_finite);
}

/* ---- grouped calls: pkpo_transform_groups_f32/_f64 ------------------------------------------------------ */

class Groups;

namespace detail
{
const pkpo_groups_t &checked(const Groups &groups, std::size_t samples);
}

/**
 * How the samples of a transform_groups call form groups (pkpo_groups_t): made by uniform, offsets or ids, then
 * refined by mask, k and too_small, each of which returns a modified copy:
 *
 *     pkpo::Groups::ids(prompt_ids).mask(valid).too_small(pkpo::TooSmall::zero)
 *
 * Like a span it refers to the caller's arrays and copies none: they must outlive the calls that use it. Group
 * numbers (k per group, rho's outputs, error messages) are those of pkpo_groups_t: offsets order, or for ids the
 * order in which each id first appears. The ids and the mask have one element per sample and no C length: a
 * span shorter than the call's rewards throws PKPO_ERR_BUFFER_TOO_SMALL before the call.
 */
class Groups
{
public:
    /** PKPO_GROUPS_UNIFORM: contiguous groups of n samples (samples a multiple of n). */
    static Groups uniform(std::int32_t n)
    {
        Groups g(PKPO_GROUPS_UNIFORM);
        g.groups_.n = n;
        return g;
    }

    /** PKPO_GROUPS_OFFSETS: group g is samples [offsets[g], offsets[g + 1]); groups = offsets.size() - 1. */
    static Groups offsets(span<const std::int64_t> offsets)
    {
        Groups g(PKPO_GROUPS_OFFSETS);
        g.groups_.offsets = offsets.data();
        g.groups_.groups = detail::ragged_groups(offsets);
        return g;
    }

    /** PKPO_GROUPS_IDS32: one group id per sample, any values, any order. */
    static Groups ids(span<const std::int32_t> ids)
    {
        Groups g(PKPO_GROUPS_IDS32);
        g.groups_.ids = ids.data();
        g.ids_size_ = ids.size();
        return g;
    }

    /** PKPO_GROUPS_IDS64: one group id per sample (a prompt uid, a hash), any values, any order. */
    static Groups ids(span<const std::int64_t> ids)
    {
        Groups g(PKPO_GROUPS_IDS64);
        g.groups_.ids = ids.data();
        g.ids_size_ = ids.size();
        return g;
    }

    /** A validity mask, one byte per sample, nonzero = valid; empty: every sample valid (the default). */
    Groups mask(span<const std::uint8_t> mask) const
    {
        Groups g = *this;
        g.groups_.mask = mask.empty() ? nullptr : mask.data();
        g.mask_size_ = mask.size();
        return g;
    }

    /** One k per group in group order (k_per_group_len = k.size()); empty: every group has the call's k. */
    Groups k(span<const std::int32_t> k) const
    {
        Groups g = *this;
        g.groups_.k_per_group = k.empty() ? nullptr : k.data();
        g.groups_.k_per_group_len = detail::len(k);
        return g;
    }

    /** Groups too small for their k: fail the call (TooSmall::reject, the default) or write zeros. */
    Groups too_small(TooSmall policy) const
    {
        Groups g = *this;
        g.groups_.too_small = static_cast<std::int32_t>(policy);
        return g;
    }

private:
    explicit Groups(pkpo_groups_form_t form)
    {
        detail::check(pkpo_groups_init(&groups_));
        groups_.form = form;
    }

    friend const pkpo_groups_t &detail::checked(const Groups &groups, std::size_t samples);

    pkpo_groups_t groups_;
    std::size_t ids_size_ = 0;
    std::size_t mask_size_ = 0;
};

namespace detail
{
/** The C struct of groups, after the length checks C cannot make (its ids and mask have no length). */
inline const pkpo_groups_t &checked(const Groups &groups, std::size_t samples)
{
    const pkpo_groups_t &g = groups.groups_;
    const bool ids = PKPO_GROUPS_IDS32 == g.form || PKPO_GROUPS_IDS64 == g.form;
    require(!ids || groups.ids_size_ >= samples, "transform_groups: ids has fewer elements than rewards");
    require(nullptr == g.mask || groups.mask_size_ >= samples, "transform_groups: mask has fewer elements than rewards");
    return g;
}

template <class T, class F>
inline GroupsReport transform_groups(F c_function, Estimator estimator, std::int32_t k, span<const T> rewards,
                                     const Groups &groups, span<T> out, Scale scale, NonFinite non_finite)
{
    GroupsReport report{};
    const pkpo_groups_t &g = checked(groups, rewards.size());
    check(c_function(static_cast<pkpo_estimator_t>(estimator), k, static_cast<pkpo_scale_t>(scale),
        static_cast<pkpo_non_finite_t>(non_finite), rewards.data(), len(rewards),
        static_cast<std::int64_t>(rewards.size()), &g, out.data(), len(out), &report));
    return report;
}
}

/**
 * pkpo_transform_groups_f32: samples = rewards.size(), formed into groups by groups; out holds one value per
 * sample (0 for masked samples and zeroed groups; one per group for rho) and may be rewards itself (not for rho).
 * k is every group's k unless groups has k per group.
 */
inline GroupsReport transform_groups(Estimator estimator, std::int32_t k, span<const float> rewards,
                                     const Groups &groups, span<float> out, Scale scale = Scale::paper,
                                     NonFinite non_finite = NonFinite::reject)
{
    return detail::transform_groups<float>(pkpo_transform_groups_f32, estimator, k, rewards, groups, out, scale,
                                           non_finite);
}

/** pkpo_transform_groups_f64. */
inline GroupsReport transform_groups(Estimator estimator, std::int32_t k, span<const double> rewards,
                                     const Groups &groups, span<double> out, Scale scale = Scale::paper,
                                     NonFinite non_finite = NonFinite::reject)
{
    return detail::transform_groups<double>(pkpo_transform_groups_f64, estimator, k, rewards, groups, out, scale,
                                            non_finite);
}

/* ---- counts: pkpo_pass_at_k and pkpo_eval_counts ------------------------------------------------------ */

/** pkpo_pass_at_k: out[i] = pass@k of problem i (n[i] samples, c[i] correct); count = n.size(). */
inline void pass_at_k(span<const std::int64_t> n, span<const std::int64_t> c, std::int32_t k, span<double> out)
{
    detail::require(c.size() >= n.size(), "pass_at_k: c has fewer elements than n");
    detail::require(out.size() >= n.size(), "pass_at_k: out has fewer elements than n");
    detail::check(pkpo_pass_at_k(n.data(), c.data(), detail::len(n), k, out.data()));
}

/** pkpo_pass_at_k of one problem: 1 - C(n - c, k) / C(n, k). */
inline double pass_at_k(std::int64_t n, std::int64_t c, std::int32_t k)
{
    double out = 0.0;
    detail::check(pkpo_pass_at_k(&n, &c, 1, k, &out));
    return out;
}

/**
 * pkpo_eval_counts: problems = n.size(); one row per k into rows; estimate and variance both empty (not
 * wanted, passed as NULL) or both given (per_problem_len is the smaller of their sizes).
 */
inline void eval_counts(Metric metric, span<const std::int64_t> n, span<const std::int64_t> c,
                        span<const std::int32_t> ks, span<EvalRow> rows, span<double> estimate = {},
                        span<double> variance = {})
{
    detail::require(c.size() >= n.size(), "eval_counts: c has fewer elements than n");
    const bool per_problem = !estimate.empty() || !variance.empty();
    const std::uint64_t per_problem_len = estimate.size() < variance.size() ? detail::len(estimate)
                                                                            : detail::len(variance);
    detail::check(pkpo_eval_counts(static_cast<pkpo_metric_t>(metric), n.data(), c.data(),
        static_cast<std::int64_t>(n.size()), ks.data(), static_cast<std::int32_t>(ks.size()), rows.data(),
        detail::len(rows), per_problem ? estimate.data() : nullptr, per_problem ? variance.data() : nullptr,
        per_problem_len));
}

/** pkpo_eval_counts returning its rows (rows[j] is ks[j]). */
inline std::vector<EvalRow> eval_counts(Metric metric, span<const std::int64_t> n, span<const std::int64_t> c,
                                        span<const std::int32_t> ks)
{
    std::vector<EvalRow> rows(ks.size());
    eval_counts(metric, n, c, ks, span<EvalRow>(rows.data(), rows.size()));
    return rows;
}

}

#endif /* PKPO_HPP */
