# Installation layout and the Debian package. `cmake --install build/release --prefix P` gives
#   P/bin/chaossim, chaossim-charts, chaossim-gui
#   P/share/chaossim/scenarios/*.json           the lessons (found by the programs relative to themselves)
#   P/share/chaossim/schema/chaossim.schema.json
#   P/share/doc/chaossim/                        README.md, scenario-format.md
#   P/share/man/man1/chaossim.1, chaossim-gui.1
#   P/share/applications/chaossim-gui.desktop, P/share/icons/hicolor/scalable/apps/chaossim.svg
# and `cpack --config build/release/CPackConfig.cmake` a .deb of the same (tools/package).
include(GNUInstallDirs)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/scenarios/" DESTINATION "${CMAKE_INSTALL_DATADIR}/chaossim/scenarios"
        FILES_MATCHING PATTERN "*.json" PATTERN "schema" EXCLUDE)
install(FILES "${PROJECT_SOURCE_DIR}/scenarios/schema/chaossim.schema.json"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/chaossim/schema")
install(FILES "${PROJECT_SOURCE_DIR}/README.md" "${PROJECT_SOURCE_DIR}/docs/scenario-format.md"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# Man pages from the programs' own --help (cmake/man_page.cmake), when help2man is installed (tools/setup.sh
# installs it); without it the build still works and only the pages are missing.
find_program(CHAOSSIM_HELP2MAN help2man)
function(chaossim_man_page target description)
  if(NOT CHAOSSIM_HELP2MAN)
    return()
  endif()
  set(page "${CMAKE_CURRENT_BINARY_DIR}/man/${target}.1")
  set(include "${PROJECT_SOURCE_DIR}/docs/man/${target}.h2m")
  add_custom_command(
    OUTPUT "${page}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${CMAKE_CURRENT_BINARY_DIR}/man"
    COMMAND "${CMAKE_COMMAND}" -E env QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8
            "${CMAKE_COMMAND}" "-DPROGRAM=$<TARGET_FILE:${target}>" "-DNAME=${target}" "-DINCLUDE=${include}"
            "-DOUT=${page}" "-DHELP2MAN=${CHAOSSIM_HELP2MAN}" "-DDESCRIPTION=${description}"
            "-DSUBCOMMANDS=${ARGN}" -P "${PROJECT_SOURCE_DIR}/cmake/man_page.cmake"
    DEPENDS ${target} "${include}" "${PROJECT_SOURCE_DIR}/cmake/man_page.cmake"
    COMMENT "Man page of ${target}"
    VERBATIM)
  add_custom_target(${target}-man ALL DEPENDS "${page}")
  install(FILES "${page}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
endfunction()
if(NOT CHAOSSIM_HELP2MAN)
  message(STATUS "help2man not found: no man pages (tools/setup.sh installs it)")
endif()

chaossim_man_page(chaossim "simulate retries, idempotency and circuit breakers under failure"
                  run sweep validate list report)
if(TARGET chaossim-gui)
  chaossim_man_page(chaossim-gui "the chaossim dashboard")
  install(FILES "${PROJECT_SOURCE_DIR}/gui/resources/chaossim-gui.desktop"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
  install(FILES "${PROJECT_SOURCE_DIR}/gui/resources/chaossim.svg"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
endif()

# The Debian package. Depends is computed from the binaries by dpkg-shlibdeps; the one run-time need it cannot
# see is Qt's platform plugins (loaded with dlopen): without qt6-qpa-plugins neither the dashboard nor the
# report's charts can start, not even offscreen.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME chaossim)
set(CPACK_PACKAGE_VENDOR "chaossim")
set(CPACK_PACKAGE_CONTACT "chaossim developers <chaossim@users.noreply.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "deterministic chaos-testing simulator of retries, idempotency and circuit breakers")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "chaossim simulates thousands of clients calling a graph of services over a lossy network, with scripted\n"
    "faults (errors, crashes, slowdowns, dropped requests and replies, partitions, store outages) and the\n"
    "strategies of every caller (timeouts, retries with backoff and jitter, retry budgets, idempotency keys,\n"
    "circuit breakers, bulkheads, fallbacks). It counts duplicate charges, retry storms, goodput, latency and\n"
    "recovery, deterministically. Includes the command-line tool, the Qt dashboard and a library of lessons.")
string(REPLACE ";" "" CPACK_DEBIAN_PACKAGE_DESCRIPTION "${CPACK_DEBIAN_PACKAGE_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # chaossim_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(TARGET chaossim-charts)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
endif()
# dpkg-shlibdeps adds Open MPI's library when chaossim links it (sweep --mpi); mpirun itself is in openmpi-bin, which
# only a user of --mpi needs.
if(CHAOSSIM_HAVE_MPI)
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "openmpi-bin")
endif()
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_OUTPUT_FILE_PREFIX package)
include(CPack)
