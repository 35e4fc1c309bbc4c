/** The package's own version, for summary.json and `amm-sim --version`. */
import { readFileSync } from 'node:fs'

/**
 * The `version` field of the package's package.json. The same relative hop works from
 * `src/report/` and `dist/report/`.
 * @returns a semver string such as `0.1.0`
 * @throws {Error} unreachable: the package has no readable package.json
 * @example packageVersion() // '0.1.0'
 */
export function packageVersion(): string {
  const text = readFileSync(
    new URL('../../package.json', import.meta.url),
    // Stryker disable next-line StringLiteral: no encoding returns a Buffer, which JSON.parse reads as its UTF-8 text (String(buffer)): the same version
    'utf8',
  )
  const { version } = JSON.parse(text) as { version?: unknown }
  if (typeof version !== 'string') throw new Error('unreachable: package.json has no version')
  return version
}
