import { InputError } from '../../errors.js'
import type { PricePath, PriceReader, PriceSource } from './types.js'

/** Steps per chunk when a whole source is read into memory. */
const COLLECT_CHUNK = 65_536

/**
 * A {@link PriceSource} over a path held in memory: each reader copies chunks out of it.
 * @param path - times in Unix seconds, prices row-major step by token in numeraire units
 * @returns a source whose `dt` is the median spacing of the grid (seconds; 0 for one point),
 *   carrying the path's `notes`
 * @throws {InputError} `BAD_PARAMETER` when the price array does not match times x tokens
 * @example sourceFromPath({ tokens: ['ETH'], numeraire: 'USD', times: new Float64Array([0, 60]), prices: new Float64Array([2000, 2010]) })
 */
export function sourceFromPath(path: PricePath): PriceSource {
  const nTokens = path.tokens.length
  const steps = path.times.length
  if (path.prices.length !== steps * nTokens)
    throw new InputError(
      'BAD_PARAMETER',
      { path: 'prices' },
      `expected ${steps * nTokens} prices (${steps} steps x ${nTokens} tokens), found ${path.prices.length}`,
    )
  return {
    tokens: path.tokens,
    numeraire: path.numeraire,
    steps,
    startTime: steps > 0 ? path.times[0]! : 0,
    dt: medianSpacing(path.times),
    ...(path.notes !== undefined ? { notes: path.notes } : {}),
    open(): PriceReader {
      let position = 0
      return {
        next(prices: Float64Array, times: Float64Array): number {
          const count = Math.min(times.length, steps - position)
          if (count <= 0) return 0
          times.set(path.times.subarray(position, position + count))
          prices.set(path.prices.subarray(position * nTokens, (position + count) * nTokens))
          position += count
          return count
        },
      }
    },
  }
}

/**
 * Reads a whole source into memory. Use for short paths, reports and tests; the engine reads
 * sources in chunks instead.
 * @returns the path with `steps` points
 */
export function collectPath(source: PriceSource): PricePath {
  const nTokens = source.tokens.length
  const times = new Float64Array(source.steps)
  const prices = new Float64Array(source.steps * nTokens)
  const reader = source.open()
  const chunkTimes = new Float64Array(COLLECT_CHUNK)
  const chunkPrices = new Float64Array(COLLECT_CHUNK * nTokens)
  let position = 0
  for (;;) {
    const count = reader.next(chunkPrices, chunkTimes)
    if (count === 0) break
    if (position + count > source.steps)
      throw new Error(`unreachable: source yielded more than its ${source.steps} steps`)
    times.set(chunkTimes.subarray(0, count), position)
    prices.set(chunkPrices.subarray(0, count * nTokens), position * nTokens)
    position += count
  }
  if (position !== source.steps)
    throw new Error(`unreachable: source yielded ${position} of its ${source.steps} steps`)
  return { tokens: source.tokens, numeraire: source.numeraire, times, prices }
}

/** Median spacing of a time grid in seconds; 0 for fewer than two points. */
function medianSpacing(times: Float64Array): number {
  if (times.length < 2) return 0
  const gaps = new Float64Array(times.length - 1)
  for (let i = 1; i < times.length; i++) gaps[i - 1] = times[i]! - times[i - 1]!
  gaps.sort()
  return gaps[Math.floor(gaps.length / 2)]!
}
