/**
 * The public API of pkpo-engine: {@link org.pkpo.Transform} (batched transforms of reward groups),
 * {@link org.pkpo.Pkpo} (single groups, pass@k from counts), the options {@link org.pkpo.Estimator},
 * {@link org.pkpo.Scale}, {@link org.pkpo.NonFinite}, {@link org.pkpo.DType}, and the results and errors
 * {@link org.pkpo.TransformReport}, {@link org.pkpo.PkpoException}; and model evaluation: {@link org.pkpo.Evaluation}
 * (pass@k, pass^k, max@k for many k and problems with unbiased standard errors), {@link org.pkpo.Metric},
 * {@link org.pkpo.EvaluationResult}. Everything under {@code org.pkpo.internal} is
 * implementation and may change without notice.
 */
package org.pkpo;
