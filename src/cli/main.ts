#!/usr/bin/env node
/**
 * The `amm-sim` command: flags → library calls → printed result and exit code. Exit codes:
 * 0 ok, 1 run failed, 2 bad input (an InputError or a command-line usage error), 130 a run
 * interrupted by Ctrl-C or SIGTERM. Errors go to stderr as one block, with a stack trace only
 * under `--debug`.
 */
import { Command, CommanderError } from 'commander'
import { COMMANDS, addCommandStubs, namedCommand } from './commands.js'
import { EXIT_BAD_INPUT, EXIT_CODES_HELP, EXIT_OK } from './exitCodes.js'
import type { Guard } from './shared.js'

/** Prints an error block on stderr and returns its exit code (shared.js loads the library). */
async function report(error: unknown, isDebug: boolean): Promise<number> {
  return (await import('./shared.js')).report(error, isDebug)
}

/**
 * Builds the command tree; actions store their exit code in `state`. Only the command `argv`
 * names is loaded (with the library it needs); without one, every command is a help-only stub,
 * so `amm-sim --help` starts in a fraction of the time.
 */
async function buildProgram(
  argv: readonly string[],
  state: { code: number; isDebug: boolean },
): Promise<Command> {
  const program = new Command()
  const guard: Guard =
    <A extends unknown[]>(action: (...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> => {
      const flags = args.find((a) => typeof a === 'object' && a !== null && !Array.isArray(a)) as
        { debug?: boolean } | undefined
      state.isDebug = flags?.debug ?? false
      try {
        state.code = await action(...args)
      } catch (error) {
        state.code = await report(error, state.isDebug)
      }
    }
  program
    .name('amm-sim')
    .description(
      'Simulate Balancer-style weighted pools: impermanent loss, fees, LVR and tracking error against HODL and rebalancing benchmarks.',
    )
    .version(await version(argv), '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  amm-sim run                                 run the bundled default (eth-usdc-50-50)
  amm-sim run scenarios/lbp-launch.json --out reports
  amm-sim validate scenarios/*.json
  amm-sim import ETHUSDT.csv --format binance --out eth.csv
  amm-sim list
  amm-sim regress eth-usdc-50-50 --baseline baselines --update   CI check: make a baseline
${EXIT_CODES_HELP}`,
    )

  const name = namedCommand(argv)
  if (name === undefined) addCommandStubs(program)
  else (await COMMANDS[name]!.load())(program, guard)
  return program
}

/** The package's version when `argv` asks for it; otherwise not read (the library stays unloaded). */
async function version(argv: readonly string[]): Promise<string> {
  if (!argv.includes('-V') && !argv.includes('--version')) return ''
  return (await import('../index.js')).packageVersion()
}

async function main(argv: string[]): Promise<number> {
  const state = { code: EXIT_OK, isDebug: argv.includes('--debug') }
  try {
    const program = await buildProgram(argv, state)
    await program.parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are successes (commander's exit code 0); help shown because no
      // command was given, and every other commander error, is a usage error
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT
    }
    return await report(error, state.isDebug)
  }
  return state.code
}

// A closed pipe (`amm-sim list | head -1`) is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK)
  throw error
})
process.exitCode = await main(process.argv)
