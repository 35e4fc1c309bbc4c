/**
 * Turns price series from files into one multi-asset {@link PricePath}: a common time grid over
 * the range where every series needed has data, each token's price re-expressed in the
 * numeraire (cross rates through a shared quote), forward-filled up to a stated limit.
 */
import { InputError, fmt } from '../../../errors.js'
import type { PriceSeries } from './readPriceFile.js'
import { isoTime } from './timestamp.js'
import { symbolFromFileName } from './format.js'
import { MAX_LISTED } from '../types.js'
import type {
  FilledGap,
  GapSummary,
  JumpSummary,
  PriceJump,
  PricePath,
  PricePathNotes,
  SeriesProvenance,
  TokenProvenance,
} from '../types.js'

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
  /**
   * Where the grid is anchored: `start` (default) at the first common time (or `start`), so a
   * regular file keeps its own timestamps; `epoch` at multiples of `step` since 1970.
   */
  gridOrigin?: 'start' | 'epoch'
}

/** A move is a jump above this multiple of the token's typical (median) |log return| … */
export const JUMP_MULTIPLE = 10
/** … and above this |log return| (about 1 %), so a quiet stablecoin's ticks are not jumps. */
export const JUMP_FLOOR = 0.01
/** Quotes taken as one unit when a file's quote differs from the unit it is used in. */
export const USD_LIKE = ['USD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'FDUSD', 'DAI'] as const
const DAY = 86_400

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
 * grid, the last price in the bucket (t - step, t]; no look-ahead). A grid point whose bucket
 * holds no observation took a price carried forward: runs of them are returned as gaps. Also
 * returns the oldest such observation's age (the `maxGap` that fills every gap of the series)
 * and the first grid time whose observation is more than `maxGap` old, for {@link alignSeries}
 * to report as `GAP_TOO_LONG`.
 */
function sampleOnGrid(
  series: PriceSeries,
  grid: Float64Array,
  step: number,
  maxGap: number,
): { prices: Float64Array; gaps: FilledGap[]; oldest: number; gap: GapFound | undefined } {
  const { times, prices } = series
  const out = new Float64Array(grid.length)
  const gaps: FilledGap[] = []
  let oldest = 0
  let gap: GapFound | undefined
  let runStart = -1 // first grid index of the current run of carried prices, -1 outside one
  let runFrom = 0
  let runTo = 0
  let j = 0 // times[j - 1] <= grid[k] < times[j]
  for (let k = 0; k < grid.length; k++) {
    const t = grid[k]!
    while (j < times.length && times[j]! <= t) j++
    // The grid starts inside every series' range, so j >= 1 here.
    const observed = times[j - 1]!
    if (runStart >= 0 && observed !== runFrom) {
      gaps.push(filledGap(series.symbol, runFrom, runTo, runStart, k))
      runStart = -1
    }
    const age = t - observed
    if (age > oldest) oldest = age
    if (age > maxGap && gap === undefined) {
      const next = j < times.length ? times[j]! : Infinity
      gap = { observed, next, needed: t }
    }
    // Carried forward: the bucket (t - step, t] holds no observation.
    if (step > 0 && t - observed >= step && runStart < 0) {
      runStart = k
      runFrom = observed
      // The grid ends at or before every series' last time, so a later observation exists.
      runTo = j < times.length ? times[j]! : t
    }
    out[k] = prices[j - 1]!
  }
  if (runStart >= 0) gaps.push(filledGap(series.symbol, runFrom, runTo, runStart, grid.length))
  return { prices: out, gaps, oldest, gap }
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

function filledGap(
  series: string,
  from: number,
  to: number,
  firstStep: number,
  endStep: number,
): FilledGap {
  return { series, from, to, seconds: to - from, firstStep, steps: endStep - firstStep }
}

/** Median spacing of a series near one day: a daily file. */
function isDaily(times: Float64Array): boolean {
  const spacing = medianSpacing(times)
  return spacing >= 0.75 * DAY && spacing <= 1.25 * DAY
}

/**
 * One convention for daily closes: a day's close is stamped at the START of its UTC day, as
 * Binance klines (open time), Yahoo (`Date`) and CoinMarketCap (`timeOpen`) label it. CoinGecko's
 * `snapped_at` row for day D is the price at D 00:00, i.e. the close of D − 1, so a daily
 * CoinGecko series moves back one day. Other formats are taken as labelled.
 * @returns seconds to add to every time of the series
 */
function retimingOf(series: PriceSeries): number {
  if (series.source.format === 'coingecko' && isDaily(series.times)) return -DAY
  return 0
}

function retimed(series: PriceSeries, shift: number): PriceSeries {
  if (shift === 0) return series
  return { ...series, times: series.times.map((t) => t + shift) }
}

/** The quote a series' data name: its symbol's, else (single-asset files) its file name's. */
function quoteAsRead(series: PriceSeries): string | null {
  const slash = series.symbol.indexOf('/')
  if (slash >= 0) return series.symbol.slice(slash + 1)
  const format = series.source.format
  if (format === 'wide' || format === 'long') return null
  const fromName = symbolFromFileName(series.source.file)
  if (fromName === undefined) return null
  const at = fromName.indexOf('/')
  return at >= 0 ? fromName.slice(at + 1) : null
}

const isUsdLike = (quote: string): boolean => (USD_LIKE as readonly string[]).includes(quote)

/**
 * Checks a bare series' quote as read against the unit it is used in: USD-like quotes are
 * taken as equal (and noted); any other difference is refused.
 * @throws {InputError} `QUOTE_MISMATCH`
 */
function checkQuote(series: PriceSeries, quote: string | null, usedAs: string | null): boolean {
  if (quote === null || usedAs === null || quote === usedAs) return false
  if (isUsdLike(quote) && isUsdLike(usedAs)) return true
  const base = series.symbol.split('/')[0]!
  throw new InputError(
    'QUOTE_MISMATCH',
    { file: series.source.file },
    `${base} is quoted in ${quote} (from the file name), but the bare key "${series.symbol}" takes it in ${usedAs}; name the pair as the key ("${base}/${quote}") so it is converted, or give a file quoted in ${usedAs}`,
    { symbol: series.symbol, quote, usedAs },
  )
}

/** Gaps of a token's series merged in time order, counted, the first listed. */
function gapSummary(gaps: FilledGap[]): GapSummary {
  gaps.sort((a, b) => a.firstStep - b.firstStep || a.from - b.from)
  let longest: FilledGap | null = null
  let steps = 0
  let seconds = 0
  for (const gap of gaps) {
    steps += gap.steps
    seconds += gap.seconds
    if (longest === null || gap.seconds > longest.seconds) longest = gap
  }
  const list = gaps.slice(0, MAX_LISTED)
  return { count: gaps.length, steps, seconds, longest, list, unlisted: gaps.length - list.length }
}

/**
 * Moves above max(JUMP_MULTIPLE x typical, JUMP_FLOOR) in |log return|, where typical is the
 * median |log return| over the steps where the price moved (forward-filled steps do not move,
 * so they do not shrink it). Listed: those after a gap, then the largest, in time order.
 */
function jumpSummary(
  token: string,
  column: Float64Array,
  grid: Float64Array,
  gaps: readonly FilledGap[],
): JumpSummary {
  const moves = new Float64Array(Math.max(0, column.length - 1))
  let count = 0
  for (let s = 1; s < column.length; s++) {
    const r = Math.abs(Math.log(column[s]! / column[s - 1]!))
    if (r > 0) moves[count++] = r
  }
  // typed-array sort is numeric; the upper median for an even count, as medianSpacing
  const typicalMove = count === 0 ? 0 : moves.subarray(0, count).sort()[Math.floor(count / 2)]!
  const threshold = Math.max(JUMP_MULTIPLE * typicalMove, JUMP_FLOOR)
  const jumps: PriceJump[] = []
  for (let s = 1; s < column.length; s++) {
    const logReturn = Math.log(column[s]! / column[s - 1]!)
    if (!(Math.abs(logReturn) > threshold)) continue
    const gap = gaps.find((g) => g.firstStep + g.steps === s)
    jumps.push({
      token,
      step: s,
      time: grid[s]!,
      from: column[s - 1]!,
      to: column[s]!,
      logReturn,
      multiple: typicalMove > 0 ? Math.abs(logReturn) / typicalMove : Infinity,
      afterGapSteps: gap?.steps ?? 0,
    })
  }
  // A volatile hourly series has hundreds of 10x moves; list the ones that matter: those right
  // after a forward-filled gap, then the largest, shown in time order.
  const list = [...jumps]
    .sort(
      (a, b) =>
        Number(b.afterGapSteps > 0) - Number(a.afterGapSteps > 0) ||
        Math.abs(b.logReturn) - Math.abs(a.logReturn) ||
        a.step - b.step,
    )
    .slice(0, MAX_LISTED)
    .sort((a, b) => a.step - b.step)
  return { typicalMove, threshold, count: jumps.length, list, unlisted: jumps.length - list.length }
}

/**
 * Aligns price series on one grid and expresses every token in the numeraire.
 *
 * Policies: daily CoinGecko series move back one day first (one convention: a day's close is
 * stamped at the start of its UTC day, as Binance, Yahoo and CoinMarketCap label it). The grid
 * runs every `step` from the first common time of the series used (or `start`; with
 * `gridOrigin: 'epoch'`, on multiples of `step` since 1970) to the last, clipped to
 * `start`/`end`; each grid point takes the last observation at or before it, and fails with
 * `GAP_TOO_LONG` when that is older than `maxGap` (naming the first such gap; `values.maxGapNeeded`
 * is what fills them all, see {@link maxGapToFill}). A token's price comes from a series
 * `TOKEN/NUMERAIRE`, the inverse of `NUMERAIRE/TOKEN`, or a cross rate `TOKEN/Q / NUMERAIRE/Q`
 * through a shared quote Q; the numeraire itself is 1. A bare series whose file name names a
 * USD-like quote other than the unit it is used in (`USD` for `USDT`) is taken as equal to it.
 * The path's `notes` say all of this per token, with forward-filled gaps and jumps (moves above
 * max({@link JUMP_MULTIPLE} x the median move, {@link JUMP_FLOOR}) in |log return|).
 * @param series - from {@link readPriceFile}; symbols `BASE/QUOTE` or bare (see the docs)
 * @param options - tokens, numeraire, and step/maxGap/start/end in seconds
 * @returns times in Unix seconds, prices in numeraire units per token unit, row-major step x token,
 *   and `notes` (see {@link PricePathNotes})
 * @throws {InputError} `MISSING_ASSET`, `NO_OVERLAP`, `GAP_TOO_LONG`, `BAD_PARAMETER`,
 *   `QUOTE_MISMATCH` (a bare key on a file quoted in a non-USD-like other unit)
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
  const gridOrigin = options.gridOrigin ?? 'start'
  // the type says so, but a caller from JavaScript may pass anything
  if (!['start', 'epoch'].includes(gridOrigin))
    throw new InputError(
      'BAD_PARAMETER',
      { path: 'gridOrigin' },
      `expected "start" or "epoch", found "${gridOrigin}"`,
    )

  const shifts = new Map<PriceSeries, number>()
  const onConvention = series.map((s) => {
    const shift = retimingOf(s)
    const moved = retimed(s, shift)
    shifts.set(moved, shift)
    return moved
  })
  const legs = legsOf(onConvention, numeraire)
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
    const first = gridOrigin === 'epoch' ? Math.ceil(from / step) * step : from
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

  const sampled = new Map<PriceSeries, { prices: Float64Array; gaps: FilledGap[] }>()
  let oldest = 0
  let first: { series: PriceSeries; gap: GapFound } | undefined
  for (const s of used) {
    const sample = sampleOnGrid(s, grid, step, maxGap)
    sampled.set(s, sample)
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
    const a = route.a === undefined ? undefined : sampled.get(route.a.series)!.prices
    const b = route.b === undefined ? undefined : sampled.get(route.b.series)!.prices
    for (let s = 0; s < grid.length; s++) {
      let value = 1
      if (a !== undefined) value = route.isAInverted ? 1 / a[s]! : a[s]!
      if (b !== undefined) value /= route.isBInverted ? 1 / b[s]! : b[s]!
      prices[s * nTokens + k] = value
    }
  }
  const provenance = tokens.map((token, k) => {
    const route = routes[k]!
    const legsUsed = [route.a, route.b].filter((leg): leg is Leg => leg !== undefined)
    const column = new Float64Array(grid.length)
    for (let s = 0; s < grid.length; s++) column[s] = prices[s * nTokens + k]!
    const gaps = legsUsed.flatMap((leg) => sampled.get(leg.series)!.gaps)
    const crossedThrough =
      route.b === undefined ? null : route.isAInverted ? route.a!.base : route.a!.quote
    return {
      token,
      route:
        route.a === undefined
          ? 'numeraire'
          : route.b !== undefined
            ? 'crossed'
            : route.isAInverted
              ? 'inverted'
              : 'direct',
      crossedThrough: crossedThrough === '' ? null : crossedThrough,
      series: legsUsed.map((leg, i) => {
        const quote = quoteAsRead(leg.series)
        // a bare series is taken in the leg's unit ('' is a wide file's unnamed common unit)
        const usedAs = leg.quote === '' ? null : leg.quote
        const isBare = !leg.series.symbol.includes('/')
        return {
          symbol: leg.series.symbol,
          // as the scenario wrote it: a report's bytes do not depend on the working directory
          file: leg.series.source.name ?? leg.series.source.file,
          format: leg.series.source.format,
          quote,
          usedAs,
          isTreatedEqual: isBare && checkQuote(leg.series, quote, usedAs),
          isInverted: i === 0 ? route.isAInverted : route.isBInverted,
          retimedBy: shifts.get(leg.series) ?? 0,
        } satisfies SeriesProvenance
      }),
      gaps: gapSummary(gaps),
      jumps: route.a === undefined ? noJumps : jumpSummary(token, column, grid, gaps),
    } satisfies TokenProvenance
  })
  const notes: PricePathNotes = {
    role: 'path',
    gridOrigin,
    step,
    maxGap,
    jumpMultiple: JUMP_MULTIPLE,
    jumpFloor: JUMP_FLOOR,
    tokens: provenance,
  }
  return { tokens: [...tokens], numeraire, times: grid, prices, notes }
}

const noJumps: JumpSummary = { typicalMove: 0, threshold: 0, count: 0, list: [], unlisted: 0 }
