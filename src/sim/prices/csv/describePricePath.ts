/**
 * A plain-data summary of an imported path, for `amm-sim import` and for people checking a file.
 */
import type { PricePath } from '../types.js'
import type { PriceSeries } from './readPriceFile.js'
import { isoTime } from './timestamp.js'

/** The longest hole in the data: between two consecutive observations of one series. */
export interface PriceGap {
  /** Series symbol, or `'grid'` when measured on the path's own times. */
  readonly symbol: string
  readonly file: string | undefined
  /** Unix seconds of the observations on either side. */
  readonly start: number
  readonly end: number
  /** `end - start`, seconds. */
  readonly seconds: number
}

/** What {@link describePricePath} reports. Times in Unix seconds, with ISO copies for printing. */
export interface PricePathDescription {
  readonly tokens: readonly string[]
  readonly numeraire: string
  readonly steps: number
  readonly firstTime: number
  readonly lastTime: number
  readonly firstDate: string
  readonly lastDate: string
  /** Median grid spacing, seconds. */
  readonly medianStep: number
  /** Spacings above 1.5 x the series' own median spacing. */
  readonly gapCount: number
  readonly largestGap: PriceGap | undefined
  /** Data rows read over all files (each file counted once). */
  readonly rowsRead: number
  /** Rows or cells left out over all files (empty rows, lenient skips, de-duplication). */
  readonly rowsSkipped: number
  readonly files: readonly { file: string; format: string; rows: number; skipped: number }[]
}

/** A spacing counts as a gap above this multiple of the series' median spacing. */
const GAP_FACTOR = 1.5

function median(values: Float64Array): number {
  if (values.length === 0) return 0
  const sorted = values.slice().sort()
  return sorted[Math.floor(sorted.length / 2)]!
}

function spacings(times: Float64Array): Float64Array {
  const out = new Float64Array(Math.max(0, times.length - 1))
  for (let i = 1; i < times.length; i++) out[i - 1] = times[i]! - times[i - 1]!
  return out
}

/**
 * Summarises a path and, when given, the series it came from: assets, first and last time,
 * median step, gaps (a spacing above 1.5 x the median of its series) and rows read and skipped.
 * @param path - an aligned path
 * @param series - the series read from files; gaps and row counts come from them
 * @returns plain data (JSON-safe), times in Unix seconds and ISO text
 * @example describePricePath(path, series).gapCount
 */
export function describePricePath(
  path: PricePath,
  series: readonly PriceSeries[] = [],
): PricePathDescription {
  const steps = path.times.length
  let gapCount = 0
  let largestGap: PriceGap | undefined
  const measure = (symbol: string, file: string | undefined, times: Float64Array): void => {
    const gaps = spacings(times)
    const limit = GAP_FACTOR * median(gaps)
    for (let i = 0; i < gaps.length; i++) {
      const seconds = gaps[i]!
      if (seconds <= limit) continue
      gapCount++
      if (largestGap === undefined || seconds > largestGap.seconds)
        largestGap = { symbol, file, start: times[i]!, end: times[i + 1]!, seconds }
    }
  }
  if (series.length === 0) measure('grid', undefined, path.times)
  for (const s of series) measure(s.symbol, s.source.file, s.times)
  const sources = [...new Set(series.map((s) => s.source))]
  const firstTime = steps > 0 ? path.times[0]! : NaN
  const lastTime = steps > 0 ? path.times[steps - 1]! : NaN
  return {
    tokens: path.tokens,
    numeraire: path.numeraire,
    steps,
    firstTime,
    lastTime,
    firstDate: isoTime(firstTime),
    lastDate: isoTime(lastTime),
    medianStep: median(spacings(path.times)),
    gapCount,
    largestGap,
    rowsRead: sources.reduce((sum, source) => sum + source.rows, 0),
    rowsSkipped: sources.reduce((sum, source) => sum + source.skipped.length, 0),
    files: sources.map((source) => ({
      file: source.file,
      format: source.format,
      rows: source.rows,
      skipped: source.skipped.length,
    })),
  }
}
