package org.pkpo.toy;

/** Receives how far a long computation has got: {@code done} of {@code total} units, and what it is doing. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total, what) -> { };

    void update(long done, long total, String what);
}
