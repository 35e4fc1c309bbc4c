/**
 * The scenario layer's entry to historical data: a `model: 'csv'` price spec with files relative
 * to the scenario's folder, read and aligned into one {@link PricePath}.
 */
import { isAbsolute, join } from 'node:path'
import { InputError, formatLocation } from '../../../errors.js'
import type { InputErrorCode } from '../../../errors.js'
import { alignSeries } from './align.js'
import type { PricePath } from '../types.js'
import type { PriceField, PriceFileFormat } from './format.js'
import {
  readPriceFile,
  type DuplicatePolicy,
  type PriceSeries,
  type PriceSeriesSource,
} from './readPriceFile.js'

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
  /** Grid anchor: `start` (default, the first common time) or `epoch` (multiples of `step`). */
  gridOrigin?: 'start' | 'epoch'
  lenient?: boolean
  duplicates?: DuplicatePolicy
  sort?: boolean
  /** Seconds east of UTC the files' labels are written in (see {@link readPriceFile}). */
  utcOffset?: number
  /** Layout of the files' time cells, such as `MM/DD/YYYY HH:mm` (see {@link readPriceFile}). */
  dateFormat?: string
  /** Symbol of a single-asset `file` (`ETH`, `ETH/USD`); with `files` the keys are the symbols. */
  symbol?: string
}

/** A spec's file name: absolute as written, else relative to `dir`. */
function under(dir: string, file: string): string {
  return isAbsolute(file) ? file : join(dir, file)
}

/** What an `errno` of a failed open means, in words. */
function openFailure(errno: unknown, kind: unknown): string {
  switch (errno) {
    case 'ENOTREG':
      // a FIFO, socket or device, refused before opening (checkRegularFile)
      return `is ${typeof kind === 'string' ? kind : 'not a regular file'}, not a regular file`
    case 'ENOENT':
    case 'ENOTDIR':
      return 'not found'
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied)'
    case 'EISDIR':
      return 'is a folder, not a file'
    default:
      return `cannot be opened (${String(errno)})`
  }
}

/** `error` with `where.file` replaced, the message rebuilt around the same detail. */
function relocated(error: InputError, file: string): InputError {
  const location = formatLocation(error.where)
  const detail = location ? error.message.slice(location.length + 2) : error.message
  // an InputError's code is an InputErrorCode: the constructor narrowed it
  return new InputError(error.code as InputErrorCode, { ...error.where, file }, detail, {
    ...error.values,
  })
}

/**
 * Reads one file of a spec: opens `opened`, but names the file `shown` in every message and in
 * the series' source (so results and messages hold the name as the user wrote it). A file that
 * cannot be opened is `FILE_NOT_FOUND` naming the spec's key (`values.specPath`), the name as
 * written (`values.file`) and the resolved path (`values.resolved`) for callers to re-word.
 */
async function readShown(
  opened: string,
  shown: string,
  written: string,
  specPath: string,
  options: Parameters<typeof readPriceFile>[1],
): Promise<PriceSeries[]> {
  let series: PriceSeries[]
  try {
    series = await readPriceFile(opened, options)
  } catch (error) {
    if (!(error instanceof InputError) || error.where.file !== opened) throw error
    if (error.code === 'FILE_NOT_FOUND')
      throw new InputError(
        'FILE_NOT_FOUND',
        { file: shown },
        `${openFailure(error.values.errno, error.values.kind)} (resolved to ${opened})`,
        { ...error.values, file: written, resolved: opened, specPath },
      )
    throw opened === shown ? error : relocated(error, shown)
  }
  // one source object per file, shared by its series (a wide file's columns), as read
  const sources = new Map<PriceSeriesSource, PriceSeriesSource>()
  return series.map((s) => {
    let source = sources.get(s.source)
    if (source === undefined) {
      source = { ...s.source, file: shown, name: written }
      sources.set(s.source, source)
    }
    return { ...s, source }
  })
}

/**
 * Reads the files of a spec (relative to `baseDir`) into price series. The path's token list is
 * returned with them: `spec.tokens`, else the keys of `files`, else the bases of the file's series.
 * Messages and each series' `source.file` name a relative file as `displayDir` joined with the
 * name written in the spec (`scenarios/data/eth.csv`), so no absolute path leaks into results.
 * @param spec - see {@link HistoricalPathSpec}
 * @param baseDir - absolute folder relative file names are read from (absolute names are kept)
 * @param displayDir - how messages name that folder (`'scenarios'`, `'.'`); default `baseDir`
 * @returns the series read (one per file, or per column of a wide or long file) and the tokens
 * @throws {InputError} `BAD_PARAMETER` for a spec without exactly one of `file`/`files`;
 *   `FILE_NOT_FOUND` for a file that cannot be opened (`data/eth.csv: not found (resolved to
 *   /abs/data/eth.csv)`, with `values.specPath` `'file'` or `'files.ETH'`), and the other
 *   errors of {@link readPriceFile}
 * @example const { series, tokens } = await loadHistoricalSeries({ model: 'csv', numeraire: 'USD', file: 'prices.csv' }, '/home/me/data', '.')
 */
export async function loadHistoricalSeries(
  spec: HistoricalPathSpec,
  baseDir: string,
  displayDir: string = baseDir,
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
  if (spec.symbol !== undefined && spec.files !== undefined)
    throw new InputError(
      'BAD_PARAMETER',
      { path: 'symbol' },
      `"symbol" is for one single-asset "file"; with "files" each key is its file's symbol`,
    )
  const common = {
    format: spec.format,
    price: spec.price,
    lenient: spec.lenient,
    duplicates: spec.duplicates,
    sort: spec.sort,
    utcOffset: spec.utcOffset,
    dateFormat: spec.dateFormat,
  }
  const series: PriceSeries[] = []
  let tokens: string[]
  if (spec.files !== undefined) {
    const entries = Object.entries(spec.files)
    if (entries.length === 0)
      throw new InputError('BAD_PARAMETER', { path: 'files' }, 'at least one file is needed')
    for (const [symbol, file] of entries)
      series.push(
        ...(await readShown(
          under(baseDir, file),
          under(displayDir, file),
          file,
          `files.${symbol}`,
          {
            ...common,
            symbol,
          },
        )),
      )
    tokens = spec.tokens ?? entries.map(([symbol]) => symbol.split('/')[0]!)
  } else {
    const file = spec.file!
    series.push(
      ...(await readShown(under(baseDir, file), under(displayDir, file), file, 'file', {
        ...common,
        symbol: spec.symbol,
      })),
    )
    tokens = spec.tokens ?? series.map((s) => s.symbol.split('/')[0]!)
  }
  return { series, tokens }
}

/**
 * Builds a scenario's historical price path: reads the spec's files (paths relative to the
 * scenario file's folder) and aligns them with {@link alignSeries} (daily closes on one
 * convention, grid anchored per `gridOrigin`; the path's `notes` say what was done).
 * @param spec - see {@link HistoricalPathSpec}; step, maxGap, start, end in seconds
 * @param baseDir - absolute folder the spec's file names are relative to
 * @param displayDir - how messages name that folder; default `baseDir` (see {@link loadHistoricalSeries})
 * @returns the aligned path, prices in numeraire units
 * @throws {InputError} every code of {@link loadHistoricalSeries} and {@link alignSeries}
 * @example await loadHistoricalPath({ model: 'csv', numeraire: 'USDT', files: { ETH: 'ETHUSDT.csv', BTC: 'BTCUSDT.csv' }, step: 86_400 }, '/home/me/scenarios', 'scenarios')
 */
export async function loadHistoricalPath(
  spec: HistoricalPathSpec,
  baseDir: string,
  displayDir: string = baseDir,
): Promise<PricePath> {
  const { series, tokens } = await loadHistoricalSeries(spec, baseDir, displayDir)
  return alignSeries(series, {
    tokens,
    numeraire: spec.numeraire,
    step: spec.step,
    maxGap: spec.maxGap,
    start: spec.start,
    end: spec.end,
    gridOrigin: spec.gridOrigin,
  })
}
