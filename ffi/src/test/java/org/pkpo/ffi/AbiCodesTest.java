package org.pkpo.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pkpo.Estimator;
import org.pkpo.Metric;
import org.pkpo.NonFinite;
import org.pkpo.PkpoException;
import org.pkpo.Scale;
import org.pkpo.TooSmall;

/**
 * Ties the enums of {@code native-headers/pkpo.h} to {@link AbiCodes}, in both directions: every Java constant
 * has a header constant of the same name and value, and every header constant has a Java constant. The header
 * is read from the repository (system property {@code pkpo.header}, set by the pom), not from a copy.
 */
class AbiCodesTest {
    private static Map<String, Map<String, Integer>> enums;

    @BeforeAll
    static void parseHeader() throws IOException {
        Path header = Path.of(System.getProperty("pkpo.header", "../native-headers/pkpo.h"));
        enums = parseEnums(Files.readString(header));
    }

    /** typedef name -> (constant -> value) of every {@code typedef enum} in C source; every value must be explicit. */
    static Map<String, Map<String, Integer>> parseEnums(String c) {
        String code = c.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
        Matcher m = Pattern.compile("typedef\\s+enum\\s+\\w*\\s*\\{([^}]*)\\}\\s*(\\w+)\\s*;").matcher(code);
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        while (m.find()) {
            Map<String, Integer> constants = new LinkedHashMap<>();
            for (String entry : m.group(1).split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                String[] nameValue = entry.split("=");
                if (nameValue.length != 2) {
                    fail(m.group(2) + ": constant '" + entry.strip() + "' has no explicit value");
                }
                constants.put(nameValue[0].strip(), Integer.decode(nameValue[1].strip()));
            }
            out.put(m.group(2), constants);
        }
        return out;
    }

    @Test
    void theHeaderHasExactlyTheEnumsJavaKnows() {
        assertEquals(Set.of("pkpo_error_t", "pkpo_estimator_t", "pkpo_scale_t", "pkpo_non_finite_t", "pkpo_metric_t",
                "pkpo_groups_form_t", "pkpo_too_small_t"),
                enums.keySet(),
                "an enum was added to or removed from pkpo.h: give it a table in AbiCodes and a check here");
    }

    @Test
    void estimators() {
        checkBothWays("pkpo_estimator_t", Estimator.values(), e -> "PKPO_" + e.name(), AbiCodes::code,
                AbiCodes::estimator);
    }

    @Test
    void scales() {
        checkBothWays("pkpo_scale_t", Scale.values(), s -> "PKPO_SCALE_" + s.name(), AbiCodes::code, AbiCodes::scale);
    }

    @Test
    void nonFinitePolicies() {
        checkBothWays("pkpo_non_finite_t", NonFinite.values(), p -> "PKPO_NON_FINITE_" + p.name(), AbiCodes::code,
                AbiCodes::nonFinite);
    }

    @Test
    void tooSmallPolicies() {
        checkBothWays("pkpo_too_small_t", TooSmall.values(), t -> "PKPO_TOO_SMALL_" + t.name(), AbiCodes::code,
                AbiCodes::tooSmall);
    }

    @Test
    void groupsForms() {
        checkBothWays("pkpo_groups_form_t", AbiCodes.GroupsForm.values(), f -> "PKPO_GROUPS_" + f.name(), AbiCodes::code,
                AbiCodes::groupsForm);
    }

    @Test
    void errorCodes() {
        Map<String, Integer> header = enums.get("pkpo_error_t");
        for (AbiCodes.ErrorCode e : AbiCodes.ErrorCode.values()) {
            assertEquals(header.get(e.headerName()), e.code, e.headerName() + " in pkpo.h vs AbiCodes.ErrorCode");
        }
        assertEquals(AbiCodes.ErrorCode.values().length, header.size(), "pkpo.h has error codes AbiCodes.ErrorCode lacks: " + header);
        // Every reason the engine can give is a header code of the same name.
        for (PkpoException.Reason r : PkpoException.Reason.values()) {
            AbiCodes.ErrorCode e = AbiCodes.of(r);
            assertEquals(r.name(), e.name(), "reason " + r + " maps to " + e);
            assertEquals(e.code, LastError.report(new PkpoException(r, "x"), 0, 0));
        }
    }

    /** Both directions, and codes 0..count-1 so that the C side's range check (first..last) stays right. */
    private <E extends Enum<E>> void checkBothWays(String typedef, E[] values, Function<E, String> headerName,
            ToIntFunction<E> code, IntFunction<E> fromCode) {
        Map<String, Integer> header = enums.get(typedef);
        for (E e : values) {
            String name = headerName.apply(e);
            assertTrue(header.containsKey(name), typedef + " lacks " + name + " for " + e);
            assertEquals(header.get(name), code.applyAsInt(e), name + " in pkpo.h vs AbiCodes");
            assertEquals(e, fromCode.apply(code.applyAsInt(e)));
        }
        assertEquals(values.length, header.size(), typedef + " has constants Java lacks: " + header);
        for (int i = 0; i < values.length; i++) {
            assertTrue(header.containsValue(i), typedef + " codes must be 0.." + (values.length - 1) + ": " + header);
        }
        for (int bad : new int[] {-1, values.length, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            PkpoException ex = assertThrows(PkpoException.class, () -> fromCode.apply(bad));
            assertEquals(PkpoException.Reason.INVALID_ARGUMENT, ex.reason());
            assertTrue(ex.getMessage().contains("got " + bad), ex.getMessage());
        }
    }

    @Test
    void theParserRejectsImplicitValues() {
        assertEquals(Map.of("t", Map.of("A", 0, "B", -2)),
                parseEnums("typedef enum x { A = 0, /* B = 1, */ B = -2 } t;"));
        assertThrows(AssertionError.class, () -> parseEnums("typedef enum x { A = 0, B } t;"));
    }

    @Test
    void metrics() {
        checkBothWays("pkpo_metric_t", AbiCodes.abiMetrics(), m -> "PKPO_METRIC_" + m.name(), AbiCodes::code,
                AbiCodes::metric);
        // max@k needs rewards: the counts-only C ABI has no code for it, and no code maps to it.
        assertEquals(AbiCodes.NO_CODE, AbiCodes.code(Metric.MAX));
        assertTrue(!enums.get("pkpo_metric_t").containsKey("PKPO_METRIC_MAX"));
    }

    /** pkpo_eval_row_t as C lays it out from the header's field types, against Java's layout: names, offsets, size. */
    @Test
    void evalRowLayout() throws IOException {
        String header = Files.readString(Path.of(System.getProperty("pkpo.header", "../native-headers/pkpo.h")));
        List<String[]> fields = parseStruct(header, "pkpo_eval_row_t");
        StructLayout java = AbiCodes.EVAL_ROW;
        assertEquals(fields.size(), java.memberLayouts().size(), "pkpo_eval_row_t fields: header vs AbiCodes.EVAL_ROW");
        long offset = 0;
        long align = 1;
        for (int i = 0; i < fields.size(); i++) {
            String type = fields.get(i)[0];
            String name = fields.get(i)[1];
            long size = switch (type) {
                case "int32_t", "float" -> 4;
                case "int64_t", "uint64_t", "double" -> 8;
                default -> throw new AssertionError("pkpo_eval_row_t." + name + ": type " + type + " unknown to this test");
            };
            offset = (offset + size - 1) / size * size;
            align = Math.max(align, size);
            assertEquals(name, java.memberLayouts().get(i).name().orElseThrow(), "field " + i + " of pkpo_eval_row_t");
            assertEquals(offset, AbiCodes.evalRowOffset(name), "offset of pkpo_eval_row_t." + name);
            assertEquals(size, java.memberLayouts().get(i).byteSize(), "size of pkpo_eval_row_t." + name);
            offset += size;
        }
        assertEquals((offset + align - 1) / align * align, java.byteSize(), "sizeof(pkpo_eval_row_t)");
        assertEquals(56, java.byteSize(), "pkpo.h documents 56 bytes");
    }

    /** pkpo_groups_report_t as C lays it out from the header, against AbiCodes.GROUPS_REPORT, which Java writes. */
    @Test
    void groupsReportLayout() throws IOException {
        String header = Files.readString(Path.of(System.getProperty("pkpo.header", "../native-headers/pkpo.h")));
        List<String[]> fields = parseStruct(header, "pkpo_groups_report_t");
        StructLayout java = AbiCodes.GROUPS_REPORT;
        assertEquals(fields.size(), java.memberLayouts().size(), "pkpo_groups_report_t fields: header vs AbiCodes");
        long offset = 0;
        for (int i = 0; i < fields.size(); i++) {
            String type = fields.get(i)[0];
            String name = fields.get(i)[1];
            long count = 1;
            Matcher array = Pattern.compile("(\\w+)\\[(\\d+)\\]").matcher(name);
            if (array.matches()) {
                name = array.group(1);
                count = Long.parseLong(array.group(2));
            }
            assertEquals("int64_t", type, "pkpo_groups_report_t." + name + ": every field is int64_t");
            MemoryLayout member = java.memberLayouts().get(i);
            assertEquals(name, member.name().orElseThrow(), "field " + i + " of pkpo_groups_report_t");
            assertEquals(offset, java.byteOffset(MemoryLayout.PathElement.groupElement(name)),
                    "offset of pkpo_groups_report_t." + name);
            assertEquals(8 * count, member.byteSize(), "size of pkpo_groups_report_t." + name);
            offset += 8 * count;
        }
        assertEquals(offset, java.byteSize(), "sizeof(pkpo_groups_report_t)");
        assertEquals(64, java.byteSize(), "pkpo.h documents 64 bytes");
    }

    /** (type, name) of each field of {@code typedef struct ... { ... } name;}, declarators split. */
    static List<String[]> parseStruct(String c, String typedef) {
        String code = c.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
        Matcher m = Pattern.compile("typedef\\s+struct\\s+\\w*\\s*\\{([^}]*)\\}\\s*" + typedef + "\\s*;").matcher(code);
        assertTrue(m.find(), "pkpo.h has no typedef struct " + typedef);
        List<String[]> out = new ArrayList<>();
        for (String decl : m.group(1).split(";")) {
            if (decl.isBlank()) {
                continue;
            }
            String[] typeAndFirst = decl.strip().split("\\s+", 2);
            for (String name : typeAndFirst[1].split(",")) {
                out.add(new String[] {typeAndFirst[0], name.strip()});
            }
        }
        return out;
    }

    @Test
    void theStructParserSplitsDeclarators() {
        List<String[]> f = parseStruct("typedef struct s { int32_t a; /* x; */ int64_t b, c; } t;", "t");
        assertEquals(List.of("int32_t a", "int64_t b", "int64_t c"), f.stream().map(x -> x[0] + " " + x[1]).toList());
    }
}
