/**
 * Named access to the engine's down-sampled series for the charts and the Markdown report.
 * Column names are matched loosely (case and punctuation ignored: `price.ETH`, `price:ETH`,
 * `ETH price` all match), so the report keeps working while the engine's naming settles.
 */
import type { TimeSeries } from '../sim/engine/types.js'

/** Seconds per day, for the charts' time axis. */
export const SECONDS_PER_DAY = 86_400

/** Looks up series columns by name, per token and per benchmark. */
export interface SeriesView {
  /** Unix seconds per kept point. */
  readonly time: Float64Array
  /** Days since the first point, per kept point. */
  readonly days: Float64Array
  /** The first column whose name matches one of `names` (loosely), if any. */
  column(...names: string[]): Float64Array | undefined
  /** Per token, the column named `<kind><token>` or `<token><kind>` for one of `kinds`. */
  tokenColumns(kinds: readonly string[], tokens: readonly string[]): (Float64Array | undefined)[]
}

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '')

/**
 * A {@link SeriesView} over a time series.
 * @param series - the engine's series; `time` (Unix seconds) is its first column
 * @returns lookups by loose name; `days` counts from the first point
 * @example seriesView(result.series).column('lpValue')
 */
export function seriesView(series: TimeSeries): SeriesView {
  const byName = new Map<string, Float64Array>()
  series.columns.forEach((name, i) => {
    const key = normalise(name)
    const data = series.data[i]
    if (data && !byName.has(key)) byName.set(key, data)
  })
  const time = byName.get('time') ?? series.data[0] ?? new Float64Array(0)
  const start = time[0] ?? 0
  const days = time.map((t) => (t - start) / SECONDS_PER_DAY)
  const column = (...names: string[]) => {
    for (const name of names) {
      const hit = byName.get(normalise(name))
      if (hit) return hit
    }
    return undefined
  }
  return {
    time,
    days,
    column,
    tokenColumns: (kinds, tokens) =>
      tokens.map((token) => column(...kinds.flatMap((kind) => [kind + token, token + kind]))),
  }
}
