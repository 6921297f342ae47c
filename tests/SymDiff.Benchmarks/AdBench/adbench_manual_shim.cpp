// A C interface to ADBench's hand-written C++ derivatives ("Manual" module), for the side-by-side benchmark
// (AdBenchSideBySide.cs, adbench_side_by_side.sh). It is compiled together with ADBench's own sources from a checkout
// the user gives (ADBench is MIT-licensed and is not part of this repository): the shim only fills ADBench's input
// structs from arrays the .NET side has read, and calls the module's own ITest entry points, so what is timed is
// exactly what ADBench times (calculate_objective / calculate_jacobian, output kept inside the module).
#include "modules/manual/ManualGMM.h"
#include "modules/manual/ManualBA.h"

#include <cstring>

extern "C" {

__attribute__((visibility("default"))) void* symdiff_gmm_create(int d, int k, int n, const double* alphas, const double* means,
    const double* icf, const double* x, double gamma, int m)
{
    GMMInput input;
    input.d = d;
    input.k = k;
    input.n = n;
    input.alphas.assign(alphas, alphas + k);
    input.means.assign(means, means + (size_t)k * d);
    input.icf.assign(icf, icf + (size_t)k * (d * (d + 1) / 2));
    input.x.assign(x, x + (size_t)n * d);
    input.wishart.gamma = gamma;
    input.wishart.m = m;
    auto* test = new ManualGMM();
    test->prepare(std::move(input));
    return test;
}

__attribute__((visibility("default"))) void symdiff_gmm_run(void* test, int objective, int times)
{
    auto* t = static_cast<ManualGMM*>(test);
    if (objective) t->calculate_objective(times); else t->calculate_jacobian(times);
}

// The objective and (count doubles of) the gradient of the last run.
__attribute__((visibility("default"))) double symdiff_gmm_output(void* test, double* gradient, int count)
{
    auto output = static_cast<ManualGMM*>(test)->output();
    std::memcpy(gradient, output.gradient.data(), sizeof(double) * (size_t)count);
    return output.objective;
}

__attribute__((visibility("default"))) void symdiff_gmm_destroy(void* test) { delete static_cast<ManualGMM*>(test); }

__attribute__((visibility("default"))) void* symdiff_ba_create(int n, int m, int p, const double* cams, const double* points,
    const double* weights, const double* features, const int* observations)
{
    BAInput input;
    input.n = n;
    input.m = m;
    input.p = p;
    input.cams.assign(cams, cams + (size_t)n * 11);
    input.X.assign(points, points + (size_t)m * 3);
    input.w.assign(weights, weights + p);
    input.feats.assign(features, features + (size_t)p * 2);
    input.obs.assign(observations, observations + (size_t)p * 2);
    auto* test = new ManualBA();
    test->prepare(std::move(input));
    return test;
}

__attribute__((visibility("default"))) void symdiff_ba_run(void* test, int objective, int times)
{
    auto* t = static_cast<ManualBA*>(test);
    if (objective) t->calculate_objective(times); else t->calculate_jacobian(times);
}

// The Jacobian's nonzero count, and its first `count` values in ADBench's CSR order (rows of observation 0 first).
__attribute__((visibility("default"))) int symdiff_ba_output(void* test, double* values, int count)
{
    auto output = static_cast<ManualBA*>(test)->output();
    std::memcpy(values, output.J.vals.data(), sizeof(double) * (size_t)count);
    return (int)output.J.vals.size();
}

__attribute__((visibility("default"))) void symdiff_ba_destroy(void* test) { delete static_cast<ManualBA*>(test); }

}
