/**
 * A run's series as an Apache Arrow table or Arrow IPC file, for pandas (`pd.read_feather`),
 * polars (`pl.read_ipc`) or DuckDB. `apache-arrow` loads here, on first use, so importing
 * amm-sim does not load it (house style 2).
 */
import { rm, rename, writeFile } from 'node:fs/promises'
import type { Table } from 'apache-arrow'
import { RunError } from '../errors.js'
import type { SimulationResult } from '../sim/engine/types.js'

/**
 * The series of a run as an Arrow table: one Float64 column per series column, same names and
 * order as `result.series.columns` (`time` in Unix seconds first, then values in numeraire units,
 * weights as fractions, balances in token units). The columns are copied once into Arrow buffers.
 * @param result - from `runSimulation` or `runScenario`
 * @returns an `apache-arrow` `Table` with `result.series`'s points as rows
 * @example const table = await toArrowTable(result); table.getChild('lpValue')?.toArray()
 */
export async function toArrowTable(result: Pick<SimulationResult, 'series'>): Promise<Table> {
  const arrow = await import('apache-arrow')
  const columns: Record<string, Float64Array> = {}
  result.series.columns.forEach((name, c) => {
    columns[name] = result.series.data[c]!
  })
  return arrow.tableFromArrays(columns)
}

/**
 * Writes the series of a run as an Arrow IPC file (the Feather v2 format), atomically: a
 * temporary sibling renamed into place. Read it with `pandas.read_feather(file)`,
 * `polars.read_ipc(file)` or apache-arrow's `tableFromIPC`.
 * @param result - from `runSimulation` or `runScenario`
 * @param file - destination file name, e.g. `out/run.arrow`
 * @returns the bytes written
 * @throws {RunError} `REPORT_WRITE` when the file cannot be written (nothing is left behind)
 * @example await writeArrow(result, 'out/eth-usdc.arrow')
 */
export async function writeArrow(
  result: Pick<SimulationResult, 'series'>,
  file: string,
): Promise<number> {
  const arrow = await import('apache-arrow')
  // Stryker disable next-line StringLiteral: tableToIPC writes the stream format only for 'stream'; any other type ('' too) gives the file format
  const bytes = arrow.tableToIPC(await toArrowTable(result), 'file')
  const temp = `${file}.tmp-${process.pid}`
  try {
    await writeFile(temp, bytes)
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw new RunError('REPORT_WRITE', `cannot write ${file}: ${(error as Error).message}`, {
      file,
    })
  }
  return bytes.byteLength
}
