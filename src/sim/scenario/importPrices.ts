/**
 * `amm-sim import` in the library: read one price file in any supported format, align it into a
 * path and describe what was found (assets, range, step, gaps).
 */
import path from 'node:path'
import { alignSeries } from '../prices/csv/align.js'
import { describePricePath } from '../prices/csv/describePricePath.js'
import type { PricePathDescription } from '../prices/csv/describePricePath.js'
import type { PriceField, PriceFileFormat } from '../prices/csv/format.js'
import { loadHistoricalSeries } from '../prices/csv/loadHistoricalPath.js'
import type { PricePath } from '../prices/types.js'

/** Forward-fill limit of an import: long enough that gaps are reported, not fatal (10 years). */
const IMPORT_MAX_GAP = 315_360_000

/** Options of {@link importPriceFile}. */
export interface ImportOptions {
  /** A named format or `'auto'` (default). */
  format?: PriceFileFormat | 'auto'
  /** Price of a bar to take; default `close`. */
  price?: PriceField
  /** Unit of the path; default the quote the file names (`USDT` in `ETHUSDT`), else `USD`. */
  numeraire?: string
  /** Grid step in seconds; default the file's median spacing. */
  step?: number
  /** Longest forward-fill in seconds; default 10 years (gaps are listed, not refused). */
  maxGap?: number
}

/** A normalised price file and its description. */
export interface ImportedPrices {
  path: PricePath
  description: PricePathDescription
}

/**
 * Reads a price file and normalises it into a path on a regular grid.
 * @param file - the price file (relative to the working directory or absolute)
 * @param options - format, price field, numeraire, step and max gap in seconds
 * @returns the aligned path (numeraire units, Unix seconds) and its description
 * @throws {InputError} every importer code (`FILE_NOT_FOUND`, `UNKNOWN_FORMAT`, `BAD_ROW`,
 *   `BAD_PRICE`, `TIME_ORDER`, …, naming file:line:column) and alignment codes
 * @example const { description } = await importPriceFile('ETHUSDT.csv', { format: 'binance' })
 */
export async function importPriceFile(
  file: string,
  options: ImportOptions = {},
): Promise<ImportedPrices> {
  const relative = path.relative(process.cwd(), path.resolve(file))
  const { series, tokens } = await loadHistoricalSeries(
    {
      model: 'csv',
      numeraire: options.numeraire ?? 'USD',
      file: relative,
      format: options.format ?? 'auto',
      price: options.price ?? 'close',
    },
    process.cwd(),
  )
  const quoted = series.map((s) => s.symbol.split('/')[1]).find((q) => q !== undefined)
  const numeraire = options.numeraire ?? quoted ?? 'USD'
  const assets = tokens.filter((t) => t !== numeraire)
  const aligned = alignSeries(series, {
    tokens: assets.length > 0 ? assets : tokens,
    numeraire,
    maxGap: options.maxGap ?? IMPORT_MAX_GAP,
    ...(options.step !== undefined ? { step: options.step } : {}),
  })
  return { path: aligned, description: describePricePath(aligned, series) }
}
