/**
 * `seriesView`, the charts' named access to the engine's series (issue 13, the mutation run on
 * `src/report/series.ts`): loose names, the first of two columns with one name, the time column
 * found by name or taken first, days from the first point, per-token columns in both orders.
 */
import { describe, expect, it } from 'vitest'
import { SECONDS_PER_DAY, seriesView } from '../../src/report/series.js'

const f = (...values: number[]) => Float64Array.from(values)

describe('seriesView', () => {
  const time = f(1_000, 1_000 + 43_200, 1_000 + 3 * 86_400)
  const eth = f(1, 2, 3)
  const second = f(9, 9, 9)
  const view = seriesView({
    columns: ['lpValue', 'Time', 'price.ETH', 'price:eth', 'USDC balance', 'benchmark.hodl'],
    data: [f(5, 6, 7), time, eth, second, f(4, 4, 4), f(8, 8, 8)],
  })

  it('finds the time column by name wherever it is, and counts days from its first point', () => {
    expect(view.time).toBe(time)
    expect([...view.days]).toEqual([0, 0.5, 3])
    expect(SECONDS_PER_DAY).toBe(86_400)
  })
  it('matches names ignoring case and punctuation; the first column of a name wins', () => {
    expect(view.column('PRICE-eth')).toBe(eth)
    expect(view.column('lp_value')).toBe(view.column('lpValue'))
    expect([...view.column('lpvalue')!]).toEqual([5, 6, 7])
  })
  it('tries the names in order and answers undefined when none matches', () => {
    expect(view.column('nothing', 'benchmark hodl')).toEqual(f(8, 8, 8))
    expect(view.column('nothing', 'else')).toBeUndefined()
    expect(view.column()).toBeUndefined()
  })
  it('per token: <kind><token> or <token><kind>, for each kind in turn', () => {
    const [e, u, x] = view.tokenColumns(['price', 'balance'], ['ETH', 'USDC', 'BTC'])
    expect(e).toBe(eth)
    expect([...u!]).toEqual([4, 4, 4])
    expect(x).toBeUndefined()
  })
  it('without a time column, the first column is the time; an empty series has no points', () => {
    const first = f(100, 100 + 86_400)
    const plain = seriesView({ columns: ['t', 'x'], data: [first, f(1, 2)] })
    expect(plain.time).toBe(first)
    expect([...plain.days]).toEqual([0, 1])
    const empty = seriesView({ columns: [], data: [] })
    expect(empty.time).toHaveLength(0)
    expect(empty.days).toHaveLength(0)
  })
  it('a name without data is skipped, so a later column of the same name is found', () => {
    const later = f(3)
    const view2 = seriesView({
      columns: ['time', 'a', 'A'],
      data: [f(0), undefined as unknown as Float64Array, later],
    })
    expect(view2.column('a')).toBe(later)
  })
})
