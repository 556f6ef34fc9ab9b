# Writes a man page from a program's own --help (help2man), so the page cannot drift from the options.
# Run as a script:  cmake -DPROGRAM=... -DNAME=... -DINCLUDE=page.h2m -DOUT=page.1 [-DSUBCOMMANDS="run;sweep"]
#                         [-DHELP2MAN=/usr/bin/help2man] -P man_page.cmake
# Each subcommand's --help becomes a paragraph of a COMMANDS section, after the hand-written INCLUDE.
foreach(var PROGRAM NAME INCLUDE OUT HELP2MAN)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "man_page.cmake: ${var} is not set")
  endif()
endforeach()

file(READ "${INCLUDE}" include_text)
set(commands "")
foreach(sub IN LISTS SUBCOMMANDS)
  execute_process(COMMAND "${PROGRAM}" ${sub} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "man_page.cmake: ${PROGRAM} ${sub} --help failed (${rc})")
  endif()
  string(REPLACE "${PROGRAM}" "${NAME}" help "${help}")  # "Usage: chaossim run", not the build path
  # roff: a leading dot or quote would start a request, a backslash an escape.
  string(REPLACE "\\" "\\e" help "${help}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
  string(APPEND commands ".SS \"${NAME} ${sub}\"\n.nf\n${help}.fi\n")
endforeach()
if(commands)
  string(APPEND include_text "\n[COMMANDS]\n${commands}")
endif()
set(merged "${OUT}.h2m")
file(WRITE "${merged}" "${include_text}")

execute_process(
  COMMAND "${HELP2MAN}" --locale=C.UTF-8 --no-info --no-discard-stderr --section 1 --name "${DESCRIPTION}" --include "${merged}"
          --output "${OUT}" "${PROGRAM}"
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "man_page.cmake: help2man failed for ${PROGRAM}: ${err}")
endif()
