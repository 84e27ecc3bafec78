/**
 * The maths, in one place: {@link org.pkpo.internal.math.EstimatorPlan} says per (estimator, k, scale) what a
 * kernel computes and which (k, n) are valid; {@link org.pkpo.internal.math.GroupMath} is the double-precision
 * reference of every step (eq. 12, 47, 32, 26), {@link org.pkpo.internal.math.Weights} the order-statistic
 * weights, {@link org.pkpo.internal.math.PassAtK} eq. 3 from counts.
 *
 * <h2>Adding an estimator</h2>
 * <ol>
 *   <li>One constant in {@link org.pkpo.Estimator}, with its wire name (the C ABI gives it an explicit value
 *       in {@code pkpo.h}; the header test ties the two).</li>
 *   <li>One case in {@code EstimatorPlan.of} (its shape, baseline, coefficient and scale step) and one in
 *       {@code EstimatorPlan.rule} (which k and n it accepts). If it needs a step no plan has yet, add the step
 *       to the plan and to every kernel that executes plans (GroupMath, LargeGroups, LanesF32, LanesF64).</li>
 *   <li>Its tests: a brute-force reference from the paper's subset definition in {@code BruteForce}, golden
 *       vectors if the spec has them; the contract tests then run it on every kernel.</li>
 * </ol>
 */
package org.pkpo.internal.math;
