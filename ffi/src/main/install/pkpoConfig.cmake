# CMake package of pkpo-engine's C ABI, installed by `make -C ffi install PREFIX=...` as
# PREFIX/lib/cmake/pkpo/pkpoConfig.cmake. Relocatable: every path is relative to this file.
#
#   find_package(pkpo 0.1 REQUIRED)          # CMAKE_PREFIX_PATH=PREFIX when PREFIX is not a system one
#   target_link_libraries(app PRIVATE pkpo::pkpo)
#
# pkpo::pkpo brings include/ (pkpo.h, and pkpo.hpp for C++17 or later) and lib/libpkpo.so, which finds
# lib/pkpo/pkpo-ffi.jar by itself; at run time it needs a JDK 25 (JAVA_HOME or the usual places).
# Also set: pkpo_INCLUDE_DIR, pkpo_LIBRARY, pkpo_JAR.

get_filename_component(_pkpo_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

set(pkpo_INCLUDE_DIR "${_pkpo_prefix}/include")
set(pkpo_LIBRARY "${_pkpo_prefix}/lib/libpkpo.so")
set(pkpo_JAR "${_pkpo_prefix}/lib/pkpo/pkpo-ffi.jar")

foreach(_pkpo_file IN ITEMS "${pkpo_INCLUDE_DIR}/pkpo.h" "${pkpo_INCLUDE_DIR}/pkpo.hpp" "${pkpo_LIBRARY}" "${pkpo_JAR}")
  if(NOT EXISTS "${_pkpo_file}")
    set(${CMAKE_FIND_PACKAGE_NAME}_FOUND FALSE)
    set(${CMAKE_FIND_PACKAGE_NAME}_NOT_FOUND_MESSAGE "pkpo: ${_pkpo_file} is missing from the install under ${_pkpo_prefix}")
    unset(_pkpo_prefix)
    unset(_pkpo_file)
    return()
  endif()
endforeach()

if(NOT TARGET pkpo::pkpo)
  add_library(pkpo::pkpo SHARED IMPORTED)
  set_target_properties(pkpo::pkpo PROPERTIES
    IMPORTED_LOCATION "${pkpo_LIBRARY}"
    IMPORTED_SONAME "libpkpo.so"
    INTERFACE_INCLUDE_DIRECTORIES "${pkpo_INCLUDE_DIR}")
endif()

unset(_pkpo_prefix)
unset(_pkpo_file)
