import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../../src/errors.js'
import { loadReplayFeed, readCoinGeckoJson } from '../../../../src/sim/prices/csv/replayFeed.js'
import { tempDir } from '../../../tempDir.js'

describe('readCoinGeckoJson', () => {
  it('reads market_chart pairs with ISO times, and the object form with milliseconds', async () => {
    const dir = tempDir('amm-cg-json-')
    const list = path.join(dir, 'coingecko-WETHUSD.json')
    writeFileSync(
      list,
      '[["2021-01-01T00:00:00+00:00", 730.5], ["2021-01-01T01:02:11+00:00", 741]]',
    )
    const [eth] = await readCoinGeckoJson(list)
    expect(eth!.symbol).toBe('WETH/USD')
    expect(Array.from(eth!.times)).toEqual([1_609_459_200, 1_609_459_200 + 3_731])
    expect(Array.from(eth!.prices)).toEqual([730.5, 741])
    const object = path.join(dir, 'dai.json')
    writeFileSync(object, '{"prices": [[1609459200000, 1.001], [1609462800000, 0.999]]}')
    const [dai] = await readCoinGeckoJson(object, 'DAI/USD')
    expect(Array.from(dai!.times)).toEqual([1_609_459_200, 1_609_462_800])
  })

  it('refuses times out of order, naming the entry', async () => {
    const dir = tempDir('amm-cg-json-')
    const file = path.join(dir, 'ETHUSD.json')
    writeFileSync(file, '[[1609462800, 1], [1609459200, 2]]')
    const read = readCoinGeckoJson(file)
    await expect(read).rejects.toThrow(InputError)
    await expect(readCoinGeckoJson(file)).rejects.toThrow(
      `${file}: [1]: expected times in increasing order, found 2021-01-01T00:00:00Z after 2021-01-01T01:00:00Z`,
    )
  })
})

describe('loadReplayFeed', () => {
  it('matches series to pool tokens by symbol (WETH = ETH), in pool order, one numeraire', async () => {
    const dir = tempDir('amm-feed-')
    writeFileSync(path.join(dir, 'ETHUSD.json'), '[[1609459200, 730]]')
    writeFileSync(path.join(dir, 'DAIUSD.csv'), 'time,price\n1609459200,1.002\n')
    const feed = await loadReplayFeed(
      [path.join(dir, 'ETHUSD.json'), path.join(dir, 'DAIUSD.csv')],
      ['DAI', 'WETH', 'USD'],
    )
    expect(feed.numeraire).toBe('USD')
    expect(feed.series.map((s) => (s === null ? null : Array.from(s.prices)))).toEqual([
      [1.002],
      [730],
      null,
    ])
  })

  it('refuses series in different quotes', async () => {
    const dir = tempDir('amm-feed-')
    writeFileSync(path.join(dir, 'ETHUSD.json'), '[[1609459200, 730]]')
    writeFileSync(path.join(dir, 'DAIEUR.json'), '[[1609459200, 0.8]]')
    const files = [path.join(dir, 'ETHUSD.json'), path.join(dir, 'DAIEUR.json')]
    await expect(loadReplayFeed(files, ['WETH', 'DAI'])).rejects.toThrow(
      `--prices: expected every series quoted in one numeraire, found ETH/USD (${files[0]}), DAI/EUR (${files[1]})`,
    )
  })
})
