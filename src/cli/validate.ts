/** `amm-sim validate`: everything about a scenario that can be checked before it runs. */
import type { Command } from 'commander'
import { configureScenario, loadScenario } from '../index.js'
import { EXIT_CODES_HELP, EXIT_OK, report } from './shared.js'
import type { Guard } from './shared.js'

export async function validateCommand(
  names: string[],
  flags: { debug?: boolean },
): Promise<number> {
  let code = EXIT_OK
  for (const name of names) {
    try {
      const loaded = await loadScenario(name)
      await configureScenario(loaded)
      process.stdout.write(`ok: ${loaded.file} (${loaded.scenario.name})\n`)
    } catch (error) {
      code = Math.max(code, report(error, flags.debug ?? false))
    }
  }
  return code
}

/** Adds `amm-sim validate` to `program`. */
export function registerValidate(program: Command, guard: Guard): void {
  program
    .command('validate')
    .description('check scenario files (schema, cross-field rules, price parameters and files)')
    .argument('<scenario...>', 'scenario files or bundled names')
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
Examples:
  amm-sim validate scenarios/eth-usdc-50-50.json
  amm-sim validate my-*.json
${EXIT_CODES_HELP}`,
    )
    .action(guard((names: string[], flags: { debug?: boolean }) => validateCommand(names, flags)))
}
