# itool_add_test(<name> [GUI] [LIBS lib...] [SOURCES extra...])
# Registers tests/<layer>/<name>.cpp as a Qt Test executable and a CTest test in one line.
# GUI tests run with the offscreen platform so that no display is needed.
function(itool_add_test name)
  cmake_parse_arguments(ARG "GUI" "TIMEOUT" "LIBS;SOURCES" ${ARGN})
  add_executable(${name} ${name}.cpp ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE Qt6::Test itool_core ${ARG_LIBS})
  if(ARG_GUI)
    target_link_libraries(${name} PRIVATE itool_ui Qt6::Widgets)
  endif()
  target_compile_definitions(${name} PRIVATE
    ITOOL_SHARED_DATASETS="${ITOOL_SHARED_DATASETS}"
    ITOOL_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    ITOOL_BINARY_DIR="${PROJECT_BINARY_DIR}")
  add_test(NAME ${name} COMMAND ${name})
  set(env "QT_QPA_PLATFORM=offscreen")
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${ARG_TIMEOUT})
endfunction()
