/* Finding a JDK 25+ and the pkpo-ffi jar for pkpo_init. */
#ifndef PKPO_LOCATE_H
#define PKPO_LOCATE_H

#include <stddef.h>

/** The major version in <home>/release (JAVA_VERSION="25.0.1" -> 25), or -1. */
int pkpo_jdk_major(const char *home);

/**
 * Writes a JDK 25+ home into out: `requested` if given (no fallback), else $JAVA_HOME if it is 25+,
 * else the newest 25+ found in the usual install places. Returns 0, or -1 with a message in why.
 */
int pkpo_find_jdk(const char *requested, char *out, size_t out_cap, char *why, size_t why_cap);

/**
 * Writes the path of pkpo-ffi.jar into out: `requested` if given, else pkpo-ffi.jar next to the file
 * that holds `anchor` (libpkpo.so, found with dladdr; the build tree), else pkpo/pkpo-ffi.jar next to it
 * (an install: PREFIX/lib/pkpo/), else $PKPO_JAR. Returns 0, or -1 with a message.
 */
int pkpo_find_jar(const char *requested, const void *anchor, char *out, size_t out_cap, char *why, size_t why_cap);

#endif /* PKPO_LOCATE_H */
