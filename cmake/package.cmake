# What `scripts/package` turns into aa_VERSION_ARCH.deb (CPack's DEB generator: no debian/ tree to
# keep by hand, and dpkg-shlibdeps computes the library dependencies from the binary itself).
include(GNUInstallDirs)

# Man pages and completion scripts come from the binary's own command tree (cli/cli_tree.hpp), so
# they are regenerated whenever aa is rebuilt and cannot fall out of step with --help.
set(AA_GEN_SHARE ${CMAKE_BINARY_DIR}/share)
add_custom_command(
  OUTPUT ${AA_GEN_SHARE}/stamp
  COMMAND ${CMAKE_COMMAND} -DAA=$<TARGET_FILE:aa> -DOUT=${AA_GEN_SHARE} -P ${CMAKE_SOURCE_DIR}/cmake/gen_share.cmake
  DEPENDS aa ${CMAKE_SOURCE_DIR}/cmake/gen_share.cmake
  COMMENT "Generating man pages and shell completion from aa's command tree"
  VERBATIM)
add_custom_target(aa_share ALL DEPENDS ${AA_GEN_SHARE}/stamp)

install(TARGETS aa RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${AA_GEN_SHARE}/man1 DESTINATION ${CMAKE_INSTALL_MANDIR})
install(FILES ${AA_GEN_SHARE}/aa.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME aa)
install(FILES ${AA_GEN_SHARE}/_aa DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME aa)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "aa developers <aa@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "transactional configuration compiler for Pacemaker clusters")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "aa turns reviewed .aa specs of active-active services into a verified CIB patch plus the
 ordered host actions around it, checks the result on a shadow CIB with crm_verify and
 crm_simulate, and only then commits.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # aa_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The tools aa runs: cibadmin, crm_verify, crm_simulate, crm_resource, crm_mon (plan, apply, import).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "pacemaker-cli-utils (>= ${AA_PACEMAKER_VERSION})")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "pacemaker, haproxy, openssh-client, graphviz")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
