/**
 * Turns price series from files into one multi-asset {@link PricePath}: a common time grid over
 * the range where every series needed has data, each token's price re-expressed in the
 * numeraire (cross rates through a shared quote), forward-filled up to a stated limit.
 */
import { InputError, fmt } from '../../../errors.js'
import type { PriceSeries } from './readPriceFile.js'
import { isoTime } from './timestamp.js'
import type { PricePath } from '../types.js'

/** Options of {@link alignSeries}. */
export interface AlignOptions {
  /** Token symbols of the path, in column order. The numeraire may be one of them (price 1). */
  tokens: readonly string[]
  /** Symbol every price is expressed in (e.g. `USDT`). */
  numeraire: string
  /** Grid step in seconds; default the coarsest median spacing among the series used. */
  step?: number
  /** Longest a price may be carried forward, seconds; default one `step`. */
  maxGap?: number
  /** First grid time wanted, Unix seconds; default the start of the overlap. */
  start?: number
  /** Last grid time wanted, Unix seconds; default the end of the overlap. */
  end?: number
}

/** A series split into base and quote; `quote` is `''` for a bare symbol until resolved. */
interface Leg {
  readonly series: PriceSeries
  readonly base: string
  readonly quote: string
}

/** How one token's numeraire price is built from series: `a` (or 1/a), divided by `b` if present. */
interface Route {
  readonly a: Leg | undefined
  readonly isAInverted: boolean
  readonly b: Leg | undefined
  readonly isBInverted: boolean
}

/** The numeraire-units price of `base`, given a leg joining base and some other asset. */
function legFrom(
  leg: Leg,
  asset: string,
): { leg: Leg; isInverted: boolean; other: string } | undefined {
  if (leg.base === asset) return { leg, isInverted: false, other: leg.quote }
  if (leg.quote === asset) return { leg, isInverted: true, other: leg.base }
  return undefined
}

/**
 * Unit a bare symbol (no `/QUOTE`, e.g. a wide file's `ETH` column) is quoted in: the numeraire,
 * unless the numeraire itself has a bare series (a wide file's `USDC` column), in which case all
 * bare series share an unnamed unit and the numeraire is reached through it.
 */
function legsOf(series: readonly PriceSeries[], numeraire: string): Leg[] {
  const isNumeraireBare = series.some((s) => s.symbol === numeraire)
  const bareUnit = isNumeraireBare ? '' : numeraire
  const legs: Leg[] = []
  const seen = new Map<string, PriceSeries>()
  for (const s of series) {
    const slash = s.symbol.indexOf('/')
    const base = slash < 0 ? s.symbol : s.symbol.slice(0, slash)
    const quote = slash < 0 ? bareUnit : s.symbol.slice(slash + 1)
    const key = `${base}/${quote}`
    const earlier = seen.get(key)
    if (earlier !== undefined)
      throw new InputError(
        'BAD_PARAMETER',
        { file: s.source.file },
        `${s.symbol} is also read from ${earlier.source.file}; give each pair once`,
        { symbol: s.symbol },
      )
    seen.set(key, s)
    legs.push({ series: s, base, quote })
  }
  return legs
}

function routeFor(token: string, numeraire: string, legs: readonly Leg[], index: number): Route {
  if (token === numeraire)
    return { a: undefined, isAInverted: false, b: undefined, isBInverted: false }
  for (const leg of legs) {
    const hop = legFrom(leg, token)
    if (hop?.other === numeraire)
      return { a: hop.leg, isAInverted: hop.isInverted, b: undefined, isBInverted: false }
  }
  // Cross rate through a shared quote Q: price(T in N) = price(T in Q) / price(N in Q).
  for (const leg of legs) {
    const hop = legFrom(leg, token)
    if (hop === undefined) continue
    for (const other of legs) {
      if (other === leg) continue
      const back = legFrom(other, numeraire)
      if (back?.other === hop.other)
        return {
          a: hop.leg,
          isAInverted: hop.isInverted,
          b: back.leg,
          isBInverted: back.isInverted,
        }
    }
  }
  const have = legs.map((leg) => `${leg.series.symbol} (${leg.series.source.file})`).join(', ')
  throw new InputError(
    'MISSING_ASSET',
    { path: `tokens[${index}]` },
    `no series prices ${token} in ${numeraire}, directly or through one shared quote (series: ${have || 'none'})`,
    { token, numeraire },
  )
}

/** Median spacing of a series, seconds (0 for a single point). */
function medianSpacing(times: Float64Array): number {
  if (times.length < 2) return 0
  const gaps = new Float64Array(times.length - 1)
  for (let i = 1; i < times.length; i++) gaps[i - 1] = times[i]! - times[i - 1]!
  gaps.sort()
  return gaps[Math.floor(gaps.length / 2)]!
}

function checkPositive(name: string, value: number | undefined, allowZero: boolean): void {
  if (value === undefined) return
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0))
    throw new InputError(
      'BAD_PARAMETER',
      { path: name },
      `${fmt(value)} is not a ${allowZero ? 'non-negative' : 'positive'} number of seconds`,
      { [name]: value },
    )
}

/** A grid time whose last observation is older than `maxGap`: the first one of a series. */
interface GapFound {
  readonly observed: number
  readonly next: number
  readonly needed: number
}

/**
 * Each series' price at every grid time: the last observation at or before it (so on a coarser
 * grid, the last price in the bucket (t - step, t]; no look-ahead). Also returns the oldest such
 * observation's age (the `maxGap` that fills every gap of the series) and the first gap above
 * `maxGap`, for {@link alignSeries} to report.
 */
function sampleOnGrid(
  series: PriceSeries,
  grid: Float64Array,
  maxGap: number,
): { prices: Float64Array; oldest: number; gap: GapFound | undefined } {
  const { times, prices } = series
  const out = new Float64Array(grid.length)
  let oldest = 0
  let gap: GapFound | undefined
  let j = 0 // times[j - 1] <= grid[k] < times[j]
  for (let k = 0; k < grid.length; k++) {
    const t = grid[k]!
    while (j < times.length && times[j]! <= t) j++
    // The grid starts inside every series' range, so j >= 1 here.
    const observed = times[j - 1]!
    const age = t - observed
    if (age > oldest) oldest = age
    if (age > maxGap && gap === undefined) {
      const next = j < times.length ? times[j]! : Infinity
      gap = { observed, next, needed: t }
    }
    out[k] = prices[j - 1]!
  }
  return { prices: out, oldest, gap }
}

/**
 * The `maxGap` that forward-fills every gap a `GAP_TOO_LONG` error found: the oldest a carried
 * price gets on the grid, over every series of the path, in whole seconds (rounded up). That is
 * the gap's length minus the part after the last grid time inside it, so never more than needed:
 * with a daily grid and a price missing for one day, 1 day (2 d between observations).
 * The CLI's `import --max-gap` hint and the scenario's `prices.maxGap` hint both use it.
 * @param error - any thrown value
 * @returns seconds, or undefined for anything but a `GAP_TOO_LONG` from {@link alignSeries}
 * @example maxGapToFill(error) // 86400, to be shown as formatDuration(86400) = '1d'
 */
export function maxGapToFill(error: unknown): number | undefined {
  if (!(error instanceof InputError) || error.code !== 'GAP_TOO_LONG') return undefined
  const needed = error.values.maxGapNeeded
  return typeof needed === 'number' && Number.isFinite(needed) ? Math.ceil(needed) : undefined
}

/**
 * Aligns price series on one grid and expresses every token in the numeraire.
 *
 * Policies: the grid is every multiple of `step` (Unix time, so a daily grid sits on 00:00 UTC)
 * inside the overlap of the series used, clipped to `start`/`end`; each grid point takes the last
 * observation at or before it, and fails with `GAP_TOO_LONG` when that is older than `maxGap`
 * (naming the first such gap; `values.maxGapNeeded` is what fills them all, see {@link maxGapToFill}).
 * A token's price comes from a series `TOKEN/NUMERAIRE`, the inverse of `NUMERAIRE/TOKEN`, or a
 * cross rate `TOKEN/Q / NUMERAIRE/Q` through a shared quote Q; the numeraire itself is 1.
 * @param series - from {@link readPriceFile}; symbols `BASE/QUOTE` or bare (see the docs)
 * @param options - tokens, numeraire, and step/maxGap/start/end in seconds
 * @returns times in Unix seconds, prices in numeraire units per token unit, row-major step x token
 * @throws {InputError} `MISSING_ASSET`, `NO_OVERLAP`, `GAP_TOO_LONG`, `BAD_PARAMETER`
 * @example alignSeries([eth, btc], { tokens: ['ETH', 'BTC'], numeraire: 'USD', step: 86_400 })
 */
export function alignSeries(series: readonly PriceSeries[], options: AlignOptions): PricePath {
  const { tokens, numeraire } = options
  if (tokens.length === 0)
    throw new InputError('BAD_PARAMETER', { path: 'tokens' }, 'at least one token is needed')
  const duplicate = tokens.find((token, k) => tokens.indexOf(token) !== k)
  if (duplicate !== undefined)
    throw new InputError('BAD_PARAMETER', { path: 'tokens' }, `${duplicate} is listed twice`)
  checkPositive('step', options.step, false)
  checkPositive('maxGap', options.maxGap, true)

  const legs = legsOf(series, numeraire)
  const routes = tokens.map((token, k) => routeFor(token, numeraire, legs, k))
  const used: PriceSeries[] = []
  for (const route of routes)
    for (const leg of [route.a, route.b])
      if (leg !== undefined && !used.includes(leg.series)) used.push(leg.series)

  // Overlap: from the latest first point to the earliest last point of the series used.
  let from = -Infinity
  let to = Infinity
  let latestStart: PriceSeries | undefined
  let earliestEnd: PriceSeries | undefined
  for (const s of used) {
    const first = s.times[0]!
    const last = s.times[s.times.length - 1]!
    if (first > from) {
      from = first
      latestStart = s
    }
    if (last < to) {
      to = last
      earliestEnd = s
    }
  }
  if (latestStart !== undefined && earliestEnd !== undefined && from > to)
    throw new InputError(
      'NO_OVERLAP',
      {},
      `the series do not overlap: ${earliestEnd.symbol} (${earliestEnd.source.file}) ends at ${isoTime(to)}, before ${latestStart.symbol} (${latestStart.source.file}) starts at ${isoTime(from)}`,
      { from, to },
    )
  if (options.start !== undefined && used.length > 0 && options.start < from)
    throw new InputError(
      'NO_OVERLAP',
      { path: 'start' },
      `start ${isoTime(options.start)} is before ${latestStart!.symbol} (${latestStart!.source.file}) begins at ${isoTime(from)}`,
      { start: options.start, from },
    )
  if (options.end !== undefined && used.length > 0 && options.end > to)
    throw new InputError(
      'NO_OVERLAP',
      { path: 'end' },
      `end ${isoTime(options.end)} is after ${earliestEnd!.symbol} (${earliestEnd!.source.file}) ends at ${isoTime(to)}`,
      { end: options.end, to },
    )
  if (used.length === 0) {
    if (options.start === undefined || options.end === undefined)
      throw new InputError(
        'BAD_PARAMETER',
        { path: 'tokens' },
        `every token is the numeraire ${numeraire}: give start and end for a constant path`,
      )
    from = options.start
    to = options.end
  }
  from = options.start ?? from
  to = options.end ?? to
  if (from > to)
    throw new InputError(
      'NO_OVERLAP',
      { path: 'end' },
      `end ${isoTime(to)} is before start ${isoTime(from)}`,
      { from, to },
    )

  const step = options.step ?? Math.max(0, ...used.map((s) => medianSpacing(s.times)))
  const maxGap = options.maxGap ?? step
  let grid: Float64Array
  if (step === 0) grid = new Float64Array([from])
  else {
    const first = Math.ceil(from / step) * step
    if (first > to)
      throw new InputError(
        'NO_OVERLAP',
        {},
        `the common range ${isoTime(from)} to ${isoTime(to)} holds no multiple of the ${fmt(step)} s step`,
        { from, to, step },
      )
    const count = Math.floor((to - first) / step) + 1
    grid = new Float64Array(count)
    for (let k = 0; k < count; k++) grid[k] = first + k * step
  }

  const sampled = new Map<PriceSeries, Float64Array>()
  let oldest = 0
  let first: { series: PriceSeries; gap: GapFound } | undefined
  for (const s of used) {
    const sample = sampleOnGrid(s, grid, maxGap)
    sampled.set(s, sample.prices)
    oldest = Math.max(oldest, sample.oldest)
    if (first === undefined && sample.gap !== undefined) first = { series: s, gap: sample.gap }
  }
  if (first !== undefined) {
    const { series: s, gap } = first
    const { observed, next, needed } = gap
    throw new InputError(
      'GAP_TOO_LONG',
      { file: s.source.file },
      `${s.symbol} has no price from ${isoTime(observed)} to ${Number.isFinite(next) ? isoTime(next) : 'the end of the file'} (${fmt(next - observed)} s), needed at ${isoTime(needed)}; forward-fill is limited to maxGap = ${fmt(maxGap)} s`,
      {
        symbol: s.symbol,
        file: s.source.file,
        gapStart: observed,
        gapEnd: next,
        maxGap,
        // the maxGap that fills every gap of every series: see maxGapToFill
        maxGapNeeded: oldest,
      },
    )
  }
  const nTokens = tokens.length
  const prices = new Float64Array(grid.length * nTokens)
  for (let k = 0; k < nTokens; k++) {
    const route = routes[k]!
    const a = route.a === undefined ? undefined : sampled.get(route.a.series)!
    const b = route.b === undefined ? undefined : sampled.get(route.b.series)!
    for (let s = 0; s < grid.length; s++) {
      let value = 1
      if (a !== undefined) value = route.isAInverted ? 1 / a[s]! : a[s]!
      if (b !== undefined) value /= route.isBInverted ? 1 / b[s]! : b[s]!
      prices[s * nTokens + k] = value
    }
  }
  return { tokens: [...tokens], numeraire, times: grid, prices }
}
