package org.pkpo;

/** What to compute for every group of a call: the estimator, its k and the output scale. */
record Spec(Estimator estimator, int k, Scale scale) {
}
