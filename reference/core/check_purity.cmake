# check_purity.cmake: fails when a core file includes a header that would
# let it do I/O (sockets, files, streams, processes) or use OpenSSL.
# Usage: cmake -DCORE_DIR=reference/core -P check_purity.cmake
set(FORBIDDEN_PATTERN
    "#[ \t]*include[ \t]*[<\"](sys/socket\\.h|sys/un\\.h|netinet/|arpa/|netdb\\.h|unistd\\.h|fcntl\\.h|poll\\.h|sys/epoll\\.h|openssl/|cstdio|stdio\\.h|iostream|fstream|sstream|thread|filesystem)")
file(GLOB_RECURSE FILES "${CORE_DIR}/include/*.h" "${CORE_DIR}/include/*.inc"
     "${CORE_DIR}/src/*.h" "${CORE_DIR}/src/*.cc")
set(bad "")
foreach(file IN LISTS FILES)
  file(STRINGS "${file}" lines REGEX "${FORBIDDEN_PATTERN}")
  foreach(line IN LISTS lines)
    string(APPEND bad "\n  ${file}: ${line}")
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "the core must stay pure; forbidden includes:${bad}")
endif()
