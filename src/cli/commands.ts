/**
 * The commands of `amm-sim`, each loaded when used: a command module loads the library (and its
 * dependencies) when imported, so `amm-sim run` loads only `run`'s, and `amm-sim --help` none.
 * The top-level help lists the commands from {@link COMMANDS} alone; a test checks that it reads
 * exactly as the help of the fully registered commands.
 */
import { Command, Option } from 'commander'
import type { RegisterCommand } from './shared.js'

/** One command: what the top-level help shows of it, and how to load its full definition. */
export interface CommandEntry {
  /** Its arguments as commander writes them in a usage line (`[scenario...]`). */
  readonly arguments: string
  readonly description: string
  readonly load: () => Promise<RegisterCommand>
}

/** Every command, in the order the help lists them. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  run: {
    arguments: '[scenario...]',
    description: 'run scenarios and write a report for each to <out>/<scenario name>/',
    load: async () => (await import('./run.js')).registerRun,
  },
  validate: {
    arguments: '<scenario...>',
    description: 'check scenario files (schema, cross-field rules, price parameters and files)',
    load: async () => (await import('./validate.js')).registerValidate,
  },
  import: {
    arguments: '<file>',
    description:
      'read a price file, normalise it to a regular grid, print assets, range, step and gaps',
    load: async () => (await import('./import.js')).registerImport,
  },
  list: {
    arguments: '',
    description: 'list the bundled scenarios with their descriptions',
    load: async () => (await import('./list.js')).registerList,
  },
  regress: {
    arguments: '[scenario...]',
    description: 'run scenarios and compare every figure with its stored baseline (CI check)',
    load: async () => (await import('./regress.js')).registerRegress,
  },
  sweep: {
    arguments: '<scenario>',
    description:
      "run a scenario's sweep: every cell × path on worker threads, report in <out>/<name>/",
    load: async () => (await import('./sweep.js')).registerSweep,
  },
  replay: {
    arguments: '<manifest>',
    description:
      "replay a real pool's on-chain events, verify every swap, write <out>/<pool name>/replay.md",
    load: async () => (await import('./replay.js')).registerReplay,
  },
  merge: {
    arguments: '<partials...>',
    description: 'combine the shards of a sweep (amm-sim sweep --shard i/n) into its report',
    load: async () => (await import('./merge.js')).registerMerge,
  },
}

/**
 * The command that `argv` names (`amm-sim run …`, `amm-sim help run`), or undefined for the
 * top-level help, the version, no command or an unknown one.
 */
export function namedCommand(argv: readonly string[]): string | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'))
  const name = words[0] === 'help' ? words[1] : words[0]
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? name : undefined
}

/**
 * Adds every command as a stub with its name, arguments and description only, for the
 * top-level help and commander's "did you mean" suggestions. A stub never runs: a named command
 * is loaded in full instead (see {@link namedCommand}).
 */
export function addCommandStubs(program: Command): void {
  for (const [name, entry] of Object.entries(COMMANDS)) {
    const stub = program.command(`${name} ${entry.arguments}`.trim()).description(entry.description)
    // every real command has options (at least --debug): the help writes "[options]" for them
    stub.addOption(new Option('--debug').hideHelp())
  }
}
