/**
 * One call from the facade to the kernels: {@link org.pkpo.internal.call.Batch} (where the groups are),
 * {@link org.pkpo.internal.call.CallChecks} (every rule, checked before anything is written) and
 * {@link org.pkpo.internal.call.CallRunner} (finiteness, the EXCLUDE path, then the kernels).
 */
package org.pkpo.internal.call;
