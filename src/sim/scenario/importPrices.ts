/**
 * `amm-sim import` in the library: read one price file in any supported format, align it into a
 * path and describe what was found (assets, range, step, gaps).
 */
import { isAbsolute } from 'node:path'
import { InputError } from '../../errors.js'
import { alignSeries } from '../prices/csv/align.js'
import { describePricePath } from '../prices/csv/describePricePath.js'
import type { PricePathDescription } from '../prices/csv/describePricePath.js'
import { QUOTES, type PriceField, type PriceFileFormat } from '../prices/csv/format.js'
import { loadHistoricalSeries } from '../prices/csv/loadHistoricalPath.js'
import type { DuplicatePolicy, SkippedRow } from '../prices/csv/readPriceFile.js'
import type { PricePath } from '../prices/types.js'

/** Options of {@link importPriceFile}. */
export interface ImportOptions {
  /** A named format or `'auto'` (default). */
  format?: PriceFileFormat | 'auto'
  /** Price of a bar to take; default `close`. */
  price?: PriceField
  /**
   * Unit of the path; default the quote the file names (`USDT` in `ETHUSDT`; `USD` in `USD-ETH`,
   * whose prices are then inverted to ETH in USD), else `USD`.
   */
  numeraire?: string
  /** Grid step in seconds; default the file's median spacing. */
  step?: number
  /**
   * Longest forward-fill in seconds; default one grid step, as in a scenario's `csv` prices, so
   * an import accepts exactly what a scenario would (a longer gap is `GAP_TOO_LONG`).
   */
  maxGap?: number
  /**
   * Absolute folder a relative `file` is read from (the CLI passes its working directory);
   * needed only for a relative `file`. Messages and results name the file as given.
   */
  baseDir?: string
  /** Skip bad rows (listed in {@link ImportedPrices.skipped}) instead of failing on the first. */
  lenient?: boolean
  /** Repeated timestamps: `error` (default), or keep the `first` or `last` row in file order. */
  duplicates?: DuplicatePolicy
  /** Sort rows by time before the order and duplicate checks (files made of several runs). */
  sort?: boolean
  /** Seconds east of UTC the file's labels are written in (10_800 for UTC+3); default 0. */
  utcOffset?: number
  /** Layout of the time cells, such as `MM/DD/YYYY HH:mm`; default ISO dates and epoch numbers. */
  dateFormat?: string
  /** Symbol of a single-asset file (`ETH`, `ETH/USD`); default from the file name. */
  symbol?: string
  /** First grid time, Unix seconds; default the start of the data. */
  start?: number
  /** Last grid time, Unix seconds; default the end of the data. */
  end?: number
  /** Grid anchor: `start` (default; a regular file keeps its own times) or `epoch`. */
  gridOrigin?: 'start' | 'epoch'
}

/** A row the importer left out, with the file it belongs to. */
export interface ImportSkippedRow extends SkippedRow {
  /** The file as passed to {@link importPriceFile} (relative to its `baseDir`, or absolute). */
  readonly file: string
}

/** A normalised price file and its description. */
export interface ImportedPrices {
  path: PricePath
  description: PricePathDescription
  /**
   * Rows left out, by file then line: rows without a price (always; they are not errors),
   * repeated timestamps under `duplicates: 'first' | 'last'`, bad rows under `lenient`.
   */
  skipped: ImportSkippedRow[]
}

/**
 * Reads a price file and normalises it into a path on a regular grid.
 * @param file - the price file: absolute, or relative to `options.baseDir`
 * @param options - format, price field, numeraire, step and max gap in seconds, the folder a
 *   relative file is read from, the importer's row policies (`lenient`, `duplicates`,
 *   `sort`, `utcOffset` in seconds, `dateFormat`), `symbol`, `start`/`end` in Unix seconds,
 *   and `gridOrigin`
 * @returns the aligned path (numeraire units, Unix seconds, with `notes`: re-timing, quotes
 *   treated as equal, forward-filled gaps, jumps), its description and the rows left out
 * @throws {InputError} every importer code (`FILE_NOT_FOUND` as `nope.csv: not found (resolved
 *   to /abs/nope.csv)`, `UNKNOWN_FORMAT`, `BAD_ROW`, `BAD_PRICE`, `TIME_ORDER`, …, naming
 *   file:line:column) and alignment codes (`GAP_TOO_LONG` beyond `maxGap`); `BAD_PARAMETER`
 *   for a relative `file` without `baseDir`
 * @example const { description } = await importPriceFile('ETHUSDT.csv', { format: 'binance', baseDir: '/data' })
 */
export async function importPriceFile(
  file: string,
  options: ImportOptions = {},
): Promise<ImportedPrices> {
  const { baseDir } = options
  if (baseDir === undefined && !isAbsolute(file))
    throw new InputError(
      'BAD_PARAMETER',
      { path: 'baseDir' },
      `${file} is a relative path, but no baseDir was given to resolve it against`,
      { file },
    )
  const { series } = await loadHistoricalSeries(
    {
      model: 'csv',
      numeraire: options.numeraire ?? 'USD',
      file,
      format: options.format ?? 'auto',
      price: options.price ?? 'close',
      ...(options.lenient !== undefined ? { lenient: options.lenient } : {}),
      ...(options.duplicates !== undefined ? { duplicates: options.duplicates } : {}),
      ...(options.sort !== undefined ? { sort: options.sort } : {}),
      ...(options.utcOffset !== undefined ? { utcOffset: options.utcOffset } : {}),
      ...(options.dateFormat !== undefined ? { dateFormat: options.dateFormat } : {}),
      ...(options.symbol !== undefined ? { symbol: options.symbol } : {}),
    },
    // an absolute file ignores the folder; '.' names a relative one as it was given
    baseDir ?? '/',
    '.',
  )
  const pairs = series.map((s) => s.symbol.split('/') as [string, string | undefined])
  // A known quote (USDT in ETH/USDT), else a known quote written first (USD in USD/ETH), else any quote.
  const numeraire =
    options.numeraire ??
    pairs.find(([, quote]) => quote !== undefined && QUOTES.includes(quote))?.[1] ??
    pairs.find(([base, quote]) => quote !== undefined && QUOTES.includes(base))?.[0] ??
    pairs.find(([, quote]) => quote !== undefined)?.[1] ??
    'USD'
  // each series' other side: ETH for ETH/USD, and for USD/ETH too (alignment inverts it)
  const sides = pairs.map(([base, quote]) =>
    base === numeraire && quote !== undefined ? quote : base,
  )
  const tokens = [...new Set(sides)]
  const assets = tokens.filter((t) => t !== numeraire)
  const aligned = alignSeries(series, {
    tokens: assets.length > 0 ? assets : tokens,
    numeraire,
    ...(options.maxGap !== undefined ? { maxGap: options.maxGap } : {}),
    ...(options.step !== undefined ? { step: options.step } : {}),
    ...(options.start !== undefined ? { start: options.start } : {}),
    ...(options.end !== undefined ? { end: options.end } : {}),
    ...(options.gridOrigin !== undefined ? { gridOrigin: options.gridOrigin } : {}),
  })
  // Several series can share one source (the columns of a wide file): list each file once.
  const sources = [...new Set(series.map((s) => s.source))]
  const skipped = sources.flatMap((source) =>
    source.skipped.map((row) => ({ file: source.file, ...row })),
  )
  return { path: aligned, description: describePricePath(aligned, series), skipped }
}
