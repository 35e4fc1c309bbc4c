/** `amm-sim list`: the bundled scenarios. */
import type { Command } from 'commander'
import { DEFAULT_SCENARIO, listBundledScenarios } from '../index.js'
import { EXIT_CODES_HELP, EXIT_OK } from './shared.js'
import type { Guard } from './shared.js'

export async function listCommand(): Promise<number> {
  const scenarios = await listBundledScenarios()
  const width = Math.max(...scenarios.map((s) => s.name.length))
  for (const s of scenarios)
    process.stdout.write(
      `${s.name.padEnd(width)}  ${s.description}${s.name === DEFAULT_SCENARIO ? ' (default)' : ''}\n`,
    )
  return EXIT_OK
}

/** Adds `amm-sim list` to `program`. */
export function registerList(program: Command, guard: Guard): void {
  program
    .command('list')
    .description('list the bundled scenarios with their descriptions')
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
Examples:
  amm-sim list
  amm-sim run $(amm-sim list | head -1 | cut -d' ' -f1)
${EXIT_CODES_HELP}`,
    )
    .action(guard(() => listCommand()))
}
