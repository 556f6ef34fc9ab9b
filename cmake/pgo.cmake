# Profile-guided optimisation of the engine (GCC). The engine's time is spread thinly over arrival, service, reply
# and client code (bench/README.md, "Where the time goes"), so what helps is the compiler knowing which branches are
# taken and which calls are hot; a profile tells it. Two builds (tools/train-profile drives them):
#
#   CHAOSSIM_PGO=GENERATE  an instrumented engine; running it writes counters (.gcda files) into CHAOSSIM_PGO_DIR
#   CHAOSSIM_PGO=USE       the engine compiled with those counters (the README's quick start builds this way)
#
# Only chaossim_sim is instrumented and optimised: it is where the time goes, and every program links it. The two
# builds live in different folders; -fprofile-prefix-path makes a counter file's name the object's path inside its
# build folder, so the USE build finds the counters the GENERATE build wrote.
set(CHAOSSIM_PGO "OFF" CACHE STRING "Profile-guided optimisation of the engine: OFF, GENERATE or USE")
set_property(CACHE CHAOSSIM_PGO PROPERTY STRINGS OFF GENERATE USE)
set(CHAOSSIM_PGO_DIR "${PROJECT_SOURCE_DIR}/build/pgo-profile" CACHE PATH
    "Folder of the engine's training profile (written by CHAOSSIM_PGO=GENERATE, read by USE)")

function(chaossim_profile_guided target)
  if(CHAOSSIM_PGO STREQUAL "OFF")
    return()
  endif()
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    message(FATAL_ERROR "CHAOSSIM_PGO=${CHAOSSIM_PGO} needs GCC (found ${CMAKE_CXX_COMPILER_ID})")
  endif()
  set(prefix "-fprofile-prefix-path=${CMAKE_BINARY_DIR}")
  if(CHAOSSIM_PGO STREQUAL "GENERATE")
    # Training runs one job at a time (tools/train-profile), so plain counter updates are exact and cheaper than
    # atomic ones. The link option reaches every program that links the target (they need libgcov).
    target_compile_options(${target} PRIVATE "-fprofile-generate=${CHAOSSIM_PGO_DIR}" "${prefix}"
                           -fprofile-update=single)
    target_link_options(${target} INTERFACE "-fprofile-generate=${CHAOSSIM_PGO_DIR}")
  elseif(CHAOSSIM_PGO STREQUAL "USE")
    set(stamp "${CHAOSSIM_PGO_DIR}/trained.stamp")
    if(NOT EXISTS "${stamp}")
      message(FATAL_ERROR "CHAOSSIM_PGO=USE: no training profile in ${CHAOSSIM_PGO_DIR} (${stamp} is missing). "
                          "tools/train-profile writes it; or configure with -DCHAOSSIM_PGO=OFF.")
    endif()
    # -fprofile-partial-training: code the training did not run is optimised as usual rather than for size, so a
    # scenario that uses what no lesson does is not slower than without a profile. A profile older than an edited
    # function is ignored for that function with a warning (not the default error), so an incremental build after
    # an edit still works and says that the profile wants retraining.
    target_compile_options(${target} PRIVATE "-fprofile-use=${CHAOSSIM_PGO_DIR}" "${prefix}"
                           -fprofile-partial-training -Wno-missing-profile -Wno-error=coverage-mismatch)
    # Ninja does not know that objects read the counters: the stamp (rewritten each time tools/train-profile
    # trains) makes a new profile recompile the engine.
    get_target_property(sources ${target} SOURCES)
    set_property(SOURCE ${sources} APPEND PROPERTY OBJECT_DEPENDS "${stamp}")
  else()
    message(FATAL_ERROR "CHAOSSIM_PGO must be OFF, GENERATE or USE (is '${CHAOSSIM_PGO}')")
  endif()
endfunction()
