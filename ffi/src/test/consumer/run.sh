#!/bin/sh
# The install consumer test (make -C ffi consumer-test, run by mvn verify): with pkpo installed into a fresh
# prefix by `make install`, build and run, against that prefix only,
#   1. consumer.cpp with CMake's find_package(pkpo) (C++20),
#   2. consumer.cpp with pkg-config (C++17),
#   3. the README's C example (the ```c block) and C++ example (the ```cpp block), as pasted,
# and check the engine jar's manifest names its module (Automatic-Module-Name: org.pkpo).
# PKPO_JAR is unset: the installed libpkpo.so must find PREFIX/lib/pkpo/pkpo-ffi.jar by itself.
#
# usage: run.sh WORK REPO VERSION   (WORK holds prefix/, the install; REPO is the repository's root)
set -eu
work=$1
repo=$2
version=$3
prefix=$work/prefix
here=$repo/ffi/src/test/consumer
unset PKPO_JAR PKPO_LIBRARY

for tool in cmake pkg-config; do
    command -v $tool >/dev/null 2>&1 || { echo "consumer-test: $tool not found: install it (apt-get install $tool; .ci/run does)" >&2; exit 1; }
done

echo "consumer-test: installed under $prefix:"
(cd "$prefix" && find . -type f | sort | sed "s:^\./:    :")

# 1. CMake, find_package(pkpo): the imported target gives the include path, the library and the build RPATH.
cmake -S "$here" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >"$work/cmake.log" 2>&1 \
    || { cat "$work/cmake.log" >&2; exit 1; }
cmake --build "$work/cmake" >>"$work/cmake.log" 2>&1 || { cat "$work/cmake.log" >&2; exit 1; }
"$work/cmake/pkpo_consumer" "find_package(pkpo), C++20"
# libpkpo.so has a soname, so programs record "libpkpo.so", not the path they were linked with: the install
# can move (a package, a container image) and the program still finds it through its RPATH or the loader.
if command -v readelf >/dev/null 2>&1; then
    readelf -d "$work/cmake/pkpo_consumer" | grep -q 'NEEDED.*\[libpkpo\.so\]' \
        || { readelf -d "$work/cmake/pkpo_consumer" >&2; echo "consumer-test: the program does not need plain libpkpo.so" >&2; exit 1; }
fi

# 2. pkg-config: flags from pkpo.pc; the prefix is not a system one, so the program gets an RPATH to libdir.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
test "$(pkg-config --modversion pkpo)" = "$version" || { echo "pkpo.pc says version $(pkg-config --modversion pkpo), not $version" >&2; exit 1; }
libdir=$(pkg-config --variable=libdir pkpo)
${CXX:-g++} -std=c++17 -Wall -Wextra -Werror -o "$work/pkgconfig_consumer" "$here/consumer.cpp" \
    $(pkg-config --cflags --libs pkpo) -Wl,-rpath,"$libdir"
"$work/pkgconfig_consumer" "pkg-config, C++17"

# 3. The README's C and C++ examples, compiled as their comments say (pkg-config), then run.
block() { # the first fenced block whose info string is exactly $1
    awk -v lang="$1" '!found && $0 == "```" lang { inside = 1; next } inside && /^```/ { found = 1; inside = 0 } inside' "$repo/README.md"
}
block c >"$work/readme_example.c"
block cpp >"$work/readme_example.cpp"
for f in readme_example.c readme_example.cpp; do
    test -s "$work/$f" || { echo "consumer-test: README.md has no \`\`\`${f#readme_example.} block" >&2; exit 1; }
done
${CC:-gcc} -std=c11 -Wall -Wextra -Werror -o "$work/readme_c" "$work/readme_example.c" \
    $(pkg-config --cflags --libs pkpo) -Wl,-rpath,"$libdir"
${CXX:-g++} -std=c++17 -Wall -Wextra -Werror -o "$work/readme_cpp" "$work/readme_example.cpp" \
    $(pkg-config --cflags --libs pkpo) -Wl,-rpath,"$libdir"
for p in readme_c readme_cpp; do
    echo "consumer-test: running the README's ${p#readme_} example"
    (cd "$work" && "./$p") >"$work/$p.out" 2>&1 || { cat "$work/$p.out" >&2; echo "consumer-test: the README's ${p#readme_} example failed" >&2; exit 1; }
    sed 's/^/    /' "$work/$p.out"
done

# 4. The engine jar's manifest: Automatic-Module-Name, for users on the module path.
jar=$(ls "$repo"/engine/target/pkpo-engine-*.jar 2>/dev/null | grep -v -e sources -e javadoc -e tests | head -1)
test -n "$jar" || { echo "consumer-test: no engine/target/pkpo-engine-*.jar (build with mvn package first)" >&2; exit 1; }
if command -v unzip >/dev/null 2>&1; then
    manifest=$(unzip -p "$jar" META-INF/MANIFEST.MF)
else
    manifest=$(python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("META-INF/MANIFEST.MF").decode())' "$jar")
fi
printf '%s\n' "$manifest" | tr -d '\r' | grep -qx 'Automatic-Module-Name: org.pkpo' \
    || { echo "consumer-test: $jar has no 'Automatic-Module-Name: org.pkpo' in its manifest" >&2; exit 1; }
echo "consumer-test: $(basename "$jar") is module org.pkpo"
echo "consumer-test: ok"
