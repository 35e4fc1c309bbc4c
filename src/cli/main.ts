#!/usr/bin/env node
/**
 * The `amm-sim` command: flags → library calls → printed result and exit code. Exit codes:
 * 0 ok, 1 run failed, 2 bad input (an InputError or a command-line usage error), 130 a run
 * interrupted by Ctrl-C or SIGTERM. Errors go to stderr as one block, with a stack trace only
 * under `--debug`.
 */
import { Command, CommanderError } from 'commander'
import { packageVersion } from '../index.js'
import { registerImport } from './import.js'
import { registerList } from './list.js'
import { registerRegress } from './regress.js'
import { registerMerge } from './merge.js'
import { registerRun } from './run.js'
import { EXIT_BAD_INPUT, EXIT_CODES_HELP, EXIT_OK, report } from './shared.js'
import type { Guard } from './shared.js'
import { registerSweep } from './sweep.js'
import { registerValidate } from './validate.js'

/** Builds the command tree; actions store their exit code in `state`. */
function buildProgram(state: { code: number; isDebug: boolean }): Command {
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
        state.code = report(error, state.isDebug)
      }
    }
  program
    .name('amm-sim')
    .description(
      'Simulate Balancer-style weighted pools: impermanent loss, fees, LVR and tracking error against HODL and rebalancing benchmarks.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
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

  registerRun(program, guard)
  registerValidate(program, guard)
  registerImport(program, guard)
  registerList(program, guard)
  registerRegress(program, guard)
  registerSweep(program, guard)
  registerMerge(program, guard)
  return program
}

async function main(argv: string[]): Promise<number> {
  const state = { code: EXIT_OK, isDebug: argv.includes('--debug') }
  const program = buildProgram(state)
  try {
    await program.parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are successes (commander's exit code 0); help shown because no
      // command was given, and every other commander error, is a usage error
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT
    }
    return report(error, state.isDebug)
  }
  return state.code
}

// A closed pipe (`amm-sim list | head -1`) is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK)
  throw error
})
process.exitCode = await main(process.argv)
