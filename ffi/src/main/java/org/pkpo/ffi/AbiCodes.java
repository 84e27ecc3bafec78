package org.pkpo.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.ToIntFunction;
import org.pkpo.Estimator;
import org.pkpo.Metric;
import org.pkpo.NonFinite;
import org.pkpo.PkpoException;
import org.pkpo.Scale;
import org.pkpo.TooSmall;

/**
 * The numbers of {@code native-headers/pkpo.h}, written out: the only place Java knows them. Enum constants
 * cross the ABI as these codes, never as Java ordinals, so reordering a Java enum cannot change the ABI, and
 * a constant added to {@link Estimator}, {@link Scale}, {@link NonFinite} or {@link PkpoException.Reason}
 * does not compile here until it has a code. {@code AbiCodesTest} reads the header and checks every
 * constant in both directions.
 */
final class AbiCodes {
    private AbiCodes() {
    }

    /**
     * {@code pkpo_error_t}, every code of the header: {@code PKPO_OK} and {@code PKPO_ERR_<name>}. The engine's
     * reasons map onto the first seven; the lifecycle codes are returned by the C side alone, except
     * {@link #INTERNAL}.
     */
    enum ErrorCode {
        OK(0),
        INVALID_ARGUMENT(-1),
        NULL_POINTER(-2),
        MISALIGNED(-3),
        BUFFER_TOO_SMALL(-4),
        OVERLAP(-5),
        BAD_K(-6),
        NON_FINITE(-7),
        NOT_INITIALIZED(-8),
        ALREADY_INITIALIZED(-9),
        SHUT_DOWN(-10),
        JVM_NOT_FOUND(-11),
        JAR_NOT_FOUND(-12),
        JVM_START(-13),
        INTERNAL(-14),
        FORKED(-15);

        final int code;

        ErrorCode(int code) {
            this.code = code;
        }

        /** The header's name of this code. */
        String headerName() {
            return this == OK ? "PKPO_OK" : "PKPO_ERR_" + name();
        }
    }

    /** The code of an engine exception's reason. */
    static ErrorCode of(PkpoException.Reason reason) {
        return switch (reason) {
            case INVALID_ARGUMENT -> ErrorCode.INVALID_ARGUMENT;
            case NULL_POINTER -> ErrorCode.NULL_POINTER;
            case MISALIGNED -> ErrorCode.MISALIGNED;
            case BUFFER_TOO_SMALL -> ErrorCode.BUFFER_TOO_SMALL;
            case OVERLAP -> ErrorCode.OVERLAP;
            case BAD_K -> ErrorCode.BAD_K;
            case NON_FINITE -> ErrorCode.NON_FINITE;
        };
    }

    /** {@code pkpo_estimator_t}: {@code PKPO_<name>}. */
    static int code(Estimator e) {
        return switch (e) {
            case RHO -> 0;
            case S -> 1;
            case SLOO -> 2;
            case SLOO_MINUS_ONE -> 3;
            case LOO -> 4;
        };
    }

    /** {@code pkpo_scale_t}: {@code PKPO_SCALE_<name>}. */
    static int code(Scale s) {
        return switch (s) {
            case PAPER -> 0;
            case PER_SAMPLE -> 1;
        };
    }

    /** {@code pkpo_non_finite_t}: {@code PKPO_NON_FINITE_<name>}. */
    static int code(NonFinite p) {
        return switch (p) {
            case REJECT -> 0;
            case EXCLUDE -> 1;
        };
    }

    /** {@code pkpo_too_small_t}: {@code PKPO_TOO_SMALL_<name>}. */
    static int code(TooSmall t) {
        return switch (t) {
            case REJECT -> 0;
            case ZERO -> 1;
        };
    }

    /**
     * {@code pkpo_groups_form_t}: {@code PKPO_GROUPS_<name>}. The engine has no enum of its own for these (ids of
     * either width are one kind there), so the codes live here.
     */
    enum GroupsForm {
        UNIFORM(0),
        OFFSETS(1),
        IDS32(2),
        IDS64(3);

        final int code;

        GroupsForm(int code) {
            this.code = code;
        }
    }

    static int code(GroupsForm f) {
        return f.code;
    }

    private static final Estimator[] ESTIMATORS = byCode(Estimator.values(), AbiCodes::code, new Estimator[0]);
    private static final Scale[] SCALES = byCode(Scale.values(), AbiCodes::code, new Scale[0]);
    private static final NonFinite[] POLICIES = byCode(NonFinite.values(), AbiCodes::code, new NonFinite[0]);
    private static final TooSmall[] TOO_SMALL = byCode(TooSmall.values(), AbiCodes::code, new TooSmall[0]);
    private static final GroupsForm[] FORMS = byCode(GroupsForm.values(), AbiCodes::code, new GroupsForm[0]);

    /** The estimator of a {@code pkpo_estimator_t} code; IllegalArgumentException for any other number. */
    static Estimator estimator(int code) {
        return lookup(ESTIMATORS, code, "estimator");
    }

    /** The scale of a {@code pkpo_scale_t} code. */
    static Scale scale(int code) {
        return lookup(SCALES, code, "scale");
    }

    /** The policy of a {@code pkpo_non_finite_t} code. */
    static NonFinite nonFinite(int code) {
        return lookup(POLICIES, code, "non_finite");
    }

    /** The policy of a {@code pkpo_too_small_t} code. */
    static TooSmall tooSmall(int code) {
        return lookup(TOO_SMALL, code, "too_small");
    }

    /** The form of a {@code pkpo_groups_form_t} code. */
    static GroupsForm groupsForm(int code) {
        return lookup(FORMS, code, "groups->form");
    }

    /** The code of a Java constant that has none in {@code pkpo.h}. */
    static final int NO_CODE = -1;

    /**
     * {@code pkpo_metric_t}: {@code PKPO_METRIC_<name>}. {@link Metric#MAX} needs rewards, and the C ABI evaluates
     * counts only: it has no code.
     */
    static int code(Metric m) {
        return switch (m) {
            case PASS -> 0;
            case PASS_HAT -> 1;
            case MAX -> NO_CODE;
        };
    }

    /** The metrics that have a code in {@code pkpo.h}. */
    static Metric[] abiMetrics() {
        return Arrays.stream(Metric.values()).filter(m -> code(m) != NO_CODE).toArray(Metric[]::new);
    }

    private static final Metric[] METRICS = byCode(abiMetrics(), AbiCodes::code, new Metric[0]);

    /** The metric of a {@code pkpo_metric_t} code. */
    static Metric metric(int code) {
        return lookup(METRICS, code, "metric");
    }

    /**
     * {@code pkpo_eval_row_t}, field by field with the header's names; {@code AbiCodesTest} computes the C layout
     * from {@code pkpo.h} and checks every offset and the size against this one.
     */
    static final StructLayout EVAL_ROW = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("k"),
            ValueLayout.JAVA_INT.withName("reserved"),
            ValueLayout.JAVA_LONG.withName("problems"),
            ValueLayout.JAVA_LONG.withName("refused"),
            ValueLayout.JAVA_LONG.withName("without_variance"),
            ValueLayout.JAVA_DOUBLE.withName("estimate"),
            ValueLayout.JAVA_DOUBLE.withName("se_within"),
            ValueLayout.JAVA_DOUBLE.withName("se_across"));

    /**
     * {@code pkpo_groups_report_t}, written by Java; {@code AbiCodesTest} checks it against the header as it does
     * {@link #EVAL_ROW}.
     */
    static final StructLayout GROUPS_REPORT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("groups"),
            ValueLayout.JAVA_LONG.withName("samples"),
            ValueLayout.JAVA_LONG.withName("excluded_samples"),
            ValueLayout.JAVA_LONG.withName("zeroed_groups"),
            ValueLayout.JAVA_LONG.withName("masked_samples"),
            MemoryLayout.sequenceLayout(3, ValueLayout.JAVA_LONG).withName("reserved"));

    /** The byte offset of a field of {@link #EVAL_ROW}. */
    static long evalRowOffset(String field) {
        return EVAL_ROW.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    private static <E extends Enum<E>> E lookup(E[] byCode, int code, String what) {
        if (code < 0 || code >= byCode.length || byCode[code] == null) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, what + " must be a code of pkpo.h (0.."
                    + (byCode.length - 1) + "), got " + code);
        }
        return byCode[code];
    }

    /** The inverse of {@code code}: codes are small and non-negative, so an array indexed by code. */
    private static <E extends Enum<E>> E[] byCode(E[] values, ToIntFunction<E> code, E[] empty) {
        int max = -1;
        for (E e : values) {
            max = Math.max(max, code.applyAsInt(e));
        }
        E[] table = Arrays.copyOf(empty, max + 1);
        for (E e : values) {
            int c = code.applyAsInt(e);
            if (table[c] != null) {
                throw new AssertionError("two constants with ABI code " + c + ": " + table[c] + ", " + e);
            }
            table[c] = e;
        }
        return table;
    }
}
