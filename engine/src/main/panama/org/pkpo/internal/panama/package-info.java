/**
 * The Vector API kernels: the only code compiled against {@code jdk.incubator.vector} (its own source root,
 * {@code engine/src/main/panama}). One group per vector lane, sorting networks over rows; they execute plans and
 * never look at the estimator. Loaded reflectively by {@link org.pkpo.internal.kernels.KernelProvider}.
 */
package org.pkpo.internal.panama;
