/**
 * A price path as a wide CSV (`time,ETH,USDC`): what `amm-sim import --out` writes, and what a
 * scenario's `"format": "wide"` reads back.
 */
import { rename, rm, writeFile } from 'node:fs/promises'
import { RunError } from '../errors.js'
import type { PricePath } from '../sim/prices/types.js'
import { csvCell } from './csvCell.js'

/**
 * The wide CSV text of a path: `time` as ISO-8601 UTC, one column per token in numeraire units.
 * Token names are header cells from the user's file: they go through {@link csvCell} (quoted when
 * they hold `,` `"` or a line break; `=`, `+`, `-`, `@` at the start neutralised with `'`).
 * @param path - times in Unix seconds, prices row-major step by token
 * @returns the file's contents with `\n` line ends; numbers in shortest round-trip form
 * @example formatPricePathCsv({ tokens: ['ETH'], numeraire: 'USD', times: new Float64Array([0]), prices: new Float64Array([2000]) }) // 'time,ETH\n1970-01-01T00:00:00Z,2000\n'
 */
export function formatPricePathCsv(path: PricePath): string {
  const n = path.tokens.length
  const lines = [['time', ...path.tokens].map(csvCell).join(',')]
  for (let s = 0; s < path.times.length; s++) {
    const cells = [new Date(path.times[s]! * 1000).toISOString().replace('.000Z', 'Z')]
    for (let k = 0; k < n; k++) cells.push(String(path.prices[s * n + k]!))
    lines.push(cells.join(','))
  }
  return `${lines.join('\n')}\n`
}

/**
 * Writes a path as a wide CSV file, atomically (a temporary sibling renamed into place).
 * @param path - the path to write
 * @param file - destination file name
 * @throws {RunError} `REPORT_WRITE` when the file cannot be written
 * @example await writePricePathCsv(imported.path, 'eth-usdt.csv')
 */
export async function writePricePathCsv(path: PricePath, file: string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`
  try {
    await writeFile(temp, formatPricePathCsv(path))
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw new RunError('REPORT_WRITE', `cannot write ${file}: ${(error as Error).message}`, {
      file,
    })
  }
}
