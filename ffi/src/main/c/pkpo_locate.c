#define _GNU_SOURCE
#include "pkpo_locate.h"

#include <dlfcn.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PKPO_MIN_JDK 25

int pkpo_jdk_major(const char *home)
{
    char path[4096];
    if (snprintf(path, sizeof(path), "%s/release", home) >= (int)sizeof(path))
    {
        return -1;
    }
    FILE *f = fopen(path, "r");
    if (NULL == f)
    {
        return -1;
    }
    int major = -1;
    char line[512];
    while (fgets(line, sizeof(line), f))
    {
        if (0 == strncmp(line, "JAVA_VERSION=", 13))
        {
            const char *v = line + 13;
            if ('"' == *v)
            {
                v++;
            }
            major = atoi(v);
            if (1 == major) /* 1.8.0 style */
            {
                major = atoi(v + 2);
            }
            break;
        }
    }
    fclose(f);
    return major;
}

static int has_libjvm(const char *home)
{
    char path[4096];
    if (snprintf(path, sizeof(path), "%s/lib/server/libjvm.so", home) >= (int)sizeof(path))
    {
        return 0;
    }
    return 0 == access(path, R_OK);
}

static int usable(const char *home)
{
    return pkpo_jdk_major(home) >= PKPO_MIN_JDK && has_libjvm(home);
}

int pkpo_find_jdk(const char *requested, char *out, size_t out_cap, char *why, size_t why_cap)
{
    if (NULL != requested)
    {
        if (!usable(requested))
        {
            snprintf(why, why_cap, "options->java_home '%s' is not a JDK %d or later with lib/server/libjvm.so"
                " (its release file says major version %d)", requested, PKPO_MIN_JDK, pkpo_jdk_major(requested));
            return -1;
        }
        snprintf(out, out_cap, "%s", requested);
        return 0;
    }
    const char *java_home = getenv("JAVA_HOME");
    if (NULL != java_home && '\0' != *java_home && usable(java_home))
    {
        snprintf(out, out_cap, "%s", java_home);
        return 0;
    }

    const char *patterns[] = {
        "/usr/lib/jvm/*", "/usr/java/*", "/usr/local/java/*", "/opt/java/*", "/opt/jdk*", "/opt/*jdk*", NULL, NULL
    };
    char sdkman[4096];
    const char *user_home = getenv("HOME");
    if (NULL != user_home)
    {
        snprintf(sdkman, sizeof(sdkman), "%s/.sdkman/candidates/java/*", user_home);
        patterns[6] = sdkman;
    }
    int best = -1;
    for (int p = 0; NULL != patterns[p]; p++)
    {
        glob_t g;
        if (0 != glob(patterns[p], GLOB_ONLYDIR, NULL, &g))
        {
            continue;
        }
        for (size_t i = 0; i < g.gl_pathc; i++)
        {
            int major = pkpo_jdk_major(g.gl_pathv[i]);
            if (major >= PKPO_MIN_JDK && major > best && has_libjvm(g.gl_pathv[i]))
            {
                best = major;
                snprintf(out, out_cap, "%s", g.gl_pathv[i]);
            }
        }
        globfree(&g);
    }
    if (best < 0)
    {
        snprintf(why, why_cap, "no JDK %d or later found: set options->java_home or JAVA_HOME (now '%s'), or"
            " install one under /usr/lib/jvm", PKPO_MIN_JDK, NULL == java_home ? "" : java_home);
        return -1;
    }
    return 0;
}

static int readable(const char *path)
{
    return 0 == access(path, R_OK);
}

int pkpo_find_jar(const char *requested, const void *anchor, char *out, size_t out_cap, char *why, size_t why_cap)
{
    if (NULL != requested)
    {
        if (!readable(requested))
        {
            snprintf(why, why_cap, "options->jar_path '%s' cannot be read", requested);
            return -1;
        }
        snprintf(out, out_cap, "%s", requested);
        return 0;
    }
    /* The build tree has the jar beside libpkpo.so; an install (make -C ffi install) puts it in pkpo/ beside
       it (PREFIX/lib/pkpo/pkpo-ffi.jar), so that no jar lands directly in a system's lib directory. */
    char beside[4096] = "";
    char installed[4096] = "";
    Dl_info info;
    if (0 != dladdr(anchor, &info) && NULL != info.dli_fname)
    {
        const char *slash = strrchr(info.dli_fname, '/');
        int dir_len = NULL == slash ? 1 : (int)(slash - info.dli_fname);
        const char *dir = NULL == slash ? "." : info.dli_fname;
        snprintf(beside, sizeof(beside), "%.*s/pkpo-ffi.jar", dir_len, dir);
        snprintf(installed, sizeof(installed), "%.*s/pkpo/pkpo-ffi.jar", dir_len, dir);
        const char *found = readable(beside) ? beside : readable(installed) ? installed : NULL;
        if (NULL != found)
        {
            snprintf(out, out_cap, "%s", found);
            return 0;
        }
    }
    const char *env = getenv("PKPO_JAR");
    if (NULL != env && '\0' != *env && readable(env))
    {
        snprintf(out, out_cap, "%s", env);
        return 0;
    }
    snprintf(why, why_cap, "pkpo-ffi.jar not found: not in options->jar_path, not at '%s' next to libpkpo.so"
        " nor at '%s', and PKPO_JAR is '%s'", beside, installed, NULL == env ? "" : env);
    return -1;
}
