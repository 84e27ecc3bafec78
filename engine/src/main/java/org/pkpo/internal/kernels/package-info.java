/**
 * Kernels that execute {@link org.pkpo.internal.math.EstimatorPlan}s on validated batches: the
 * {@link org.pkpo.internal.kernels.Kernels} interface, the scalar reference, large groups one at a time, the
 * thread pool, and {@link org.pkpo.internal.kernels.KernelProvider}, which picks the Vector API kernels
 * (source root {@code src/main/panama}, package {@code org.pkpo.internal.panama}) or falls back to scalar,
 * saying why.
 */
package org.pkpo.internal.kernels;
