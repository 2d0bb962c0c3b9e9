# conv1d_add_backend(<name> SOURCES <files...> [LINK <libraries...>])
#
# Builds the library of one backend, conv1d_<name>, from SOURCES, on conv1d_core and (privately)
# LINK, and links it into the harness (harness/CMakeLists.txt links every library added here).
# Adding a backend is then its folder, whose CMakeLists.txt calls this, plus its line in the
# registry table of harness/registry.cpp: the top-level CMakeLists.txt adds every folder of
# kernels/ and baselines/ that has a CMakeLists.txt.
function(conv1d_add_backend name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;LINK")
  if(NOT arg_SOURCES OR arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "conv1d_add_backend(${name}): expected SOURCES <files...> [LINK <libraries...>]")
  endif()
  add_library(conv1d_${name} STATIC ${arg_SOURCES})
  target_link_libraries(conv1d_${name} PUBLIC conv1d_core PRIVATE ${arg_LINK})
  set_property(GLOBAL APPEND PROPERTY CONV1D_BACKEND_LIBRARIES conv1d_${name})
endfunction()
