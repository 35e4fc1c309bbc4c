/**
 * The scenario layer's entry to historical data: a `model: 'csv'` price spec with files relative
 * to the scenario's folder, read and aligned into one {@link PricePath}.
 */
import { isAbsolute, join } from 'node:path'
import { InputError } from '../../../errors.js'
import { alignSeries } from './align.js'
import type { PricePath } from '../types.js'
import type { PriceField, PriceFileFormat } from './format.js'
import { readPriceFile, type DuplicatePolicy, type PriceSeries } from './readPriceFile.js'

/** A historical price spec as written in a scenario file (times in seconds). */
export interface HistoricalPathSpec {
  /** Symbol every price is expressed in. */
  numeraire: string
  model: 'csv'
  /** One file holding every asset (wide or long), or one single-asset file. */
  file?: string
  /** One file per token: the key is the symbol (`ETH`, or a pair `ETH/BTC`). */
  files?: Record<string, string>
  /** Tokens of the path, in column order; default the keys of `files`, or the file's assets. */
  tokens?: string[]
  format?: PriceFileFormat | 'auto'
  price?: PriceField
  /** Grid step, seconds. */
  step?: number
  /** Longest forward-fill, seconds. */
  maxGap?: number
  /** First and last grid times, Unix seconds. */
  start?: number
  end?: number
  lenient?: boolean
  duplicates?: DuplicatePolicy
  sort?: boolean
  /** Seconds east of UTC the files' labels are written in (see {@link readPriceFile}). */
  utcOffset?: number
}

/** A spec's file name: absolute as written, else relative to the scenario's folder. */
function under(baseDir: string, file: string): string {
  return isAbsolute(file) ? file : join(baseDir, file)
}

/**
 * Reads the files of a spec (relative to `baseDir`) into price series. The path's token list is
 * returned with them: `spec.tokens`, else the keys of `files`, else the bases of the file's series.
 * @param spec - see {@link HistoricalPathSpec}
 * @param baseDir - folder relative file names are read from (absolute names are kept)
 * @returns the series read (one per file, or per column of a wide or long file) and the tokens
 * @throws {InputError} `BAD_PARAMETER` for a spec without exactly one of `file`/`files`, and the
 *   errors of {@link readPriceFile}
 * @example const { series, tokens } = await loadHistoricalSeries({ model: 'csv', numeraire: 'USD', file: 'prices.csv' }, '.')
 */
export async function loadHistoricalSeries(
  spec: HistoricalPathSpec,
  baseDir: string,
): Promise<{ series: PriceSeries[]; tokens: string[] }> {
  // Scenario JSON is validated upstream, but this entry is public: check the model anyway.
  if ((spec.model as string) !== 'csv')
    throw new InputError(
      'BAD_PARAMETER',
      { path: 'model' },
      `expected "csv", found "${spec.model as string}"`,
    )
  if ((spec.file === undefined) === (spec.files === undefined))
    throw new InputError(
      'BAD_PARAMETER',
      { path: 'file' },
      'give exactly one of "file" (one file) and "files" (one file per token)',
    )
  const common = {
    format: spec.format,
    price: spec.price,
    lenient: spec.lenient,
    duplicates: spec.duplicates,
    sort: spec.sort,
    utcOffset: spec.utcOffset,
  }
  const series: PriceSeries[] = []
  let tokens: string[]
  if (spec.files !== undefined) {
    const entries = Object.entries(spec.files)
    if (entries.length === 0)
      throw new InputError('BAD_PARAMETER', { path: 'files' }, 'at least one file is needed')
    for (const [symbol, file] of entries)
      series.push(...(await readPriceFile(under(baseDir, file), { ...common, symbol })))
    tokens = spec.tokens ?? entries.map(([symbol]) => symbol.split('/')[0]!)
  } else {
    series.push(...(await readPriceFile(under(baseDir, spec.file!), common)))
    tokens = spec.tokens ?? series.map((s) => s.symbol.split('/')[0]!)
  }
  return { series, tokens }
}

/**
 * Builds a scenario's historical price path: reads the spec's files (paths relative to the
 * scenario file's folder) and aligns them with {@link alignSeries}.
 * @param spec - see {@link HistoricalPathSpec}; step, maxGap, start, end in seconds
 * @param baseDir - folder the spec's file names are relative to
 * @returns the aligned path, prices in numeraire units
 * @throws {InputError} every code of {@link readPriceFile} and {@link alignSeries}, `BAD_PARAMETER`
 * @example await loadHistoricalPath({ model: 'csv', numeraire: 'USDT', files: { ETH: 'ETHUSDT.csv', BTC: 'BTCUSDT.csv' }, step: 86_400 }, 'scenarios')
 */
export async function loadHistoricalPath(
  spec: HistoricalPathSpec,
  baseDir: string,
): Promise<PricePath> {
  const { series, tokens } = await loadHistoricalSeries(spec, baseDir)
  return alignSeries(series, {
    tokens,
    numeraire: spec.numeraire,
    step: spec.step,
    maxGap: spec.maxGap,
    start: spec.start,
    end: spec.end,
  })
}
