# cmake -DAA=path/to/aa -DOUT=dir -P gen_share.cmake: man pages (gzipped) and completion scripts.
file(REMOVE_RECURSE ${OUT}/man1)
file(MAKE_DIRECTORY ${OUT}/man1)
execute_process(COMMAND ${AA} man-pages ${OUT}/man1 COMMAND_ERROR_IS_FATAL ANY)
file(GLOB pages ${OUT}/man1/*.1)
execute_process(COMMAND gzip -9nf ${pages} COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${AA} completion bash OUTPUT_FILE ${OUT}/aa.bash COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${AA} completion zsh OUTPUT_FILE ${OUT}/_aa COMMAND_ERROR_IS_FATAL ANY)
file(TOUCH ${OUT}/stamp)
