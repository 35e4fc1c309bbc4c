/**
 * The exit codes and their help text, alone in a module that imports nothing: `amm-sim --help`
 * prints them without loading the library.
 */

/** Exit codes, as documented in `--help` and the README. */
export const EXIT_OK = 0
export const EXIT_RUN_FAILED = 1
export const EXIT_BAD_INPUT = 2
/** 128 + SIGINT's number, as a shell reports a Ctrl-C; used for SIGTERM too (one documented code). */
export const EXIT_INTERRUPTED = 130

export const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  the run failed (non-finite state, report not writable, chart renderer missing)
  2  bad input (scenario, price file or command-line option)
  130  interrupted (Ctrl-C or SIGTERM); reports not yet replaced are left as they were`
