/**
 * The worker pool kept between sweeps (src/sim/sweep/workerPool.ts): sweeps that follow one
 * another, overlap, or change the number of threads each give exactly their 1-worker tables.
 * Worker threads run the built files, so this test loads the library from dist/ (`npm test`
 * builds first).
 */
import { afterAll, describe, expect, it } from 'vitest'

type Library = typeof import('../../../src/index.js')
const library = (await import(new URL('../../../dist/index.js', import.meta.url).href)) as Library

/** A small sweep: `axis` over 4 days of hourly GBM paths, 3 paths per cell. */
function loaded(name: string, sweep: Record<string, unknown[]>) {
  const scenario = library.validateScenario(
    {
      name,
      seed: 5,
      pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2000 },
        volatility: { ETH: 0.9 },
        dt: '1h',
        horizon: '4d',
      },
      benchmarks: [{ type: 'hodl' }],
      sweep,
      paths: 3,
    },
    `${name}.json`,
  )
  return { scenario, file: `${name}.json`, baseDir: '/' }
}

const fees = loaded('fees', { 'pool.swapFee': [0.001, 0.01] })
const weights = loaded('weights', {
  'pool.weights': [
    [0.5, 0.5],
    [0.8, 0.2],
    [0.2, 0.8],
  ],
})

async function tablesOf(input: ReturnType<typeof loaded>, workers: number): Promise<string> {
  const result = await library.runSweep(input, { workers })
  expect(result.failures).toEqual([])
  return JSON.stringify(result.tables)
}

afterAll(() => library.closeSweepWorkers())

describe('the worker pool kept between sweeps', () => {
  it('gives each sweep its 1-worker tables, in turn, overlapping and at another size', async () => {
    const fees1 = await tablesOf(fees, 1)
    const weights1 = await tablesOf(weights, 1)
    expect(fees1).not.toBe(weights1)
    // one after the other on the same two threads
    expect(await tablesOf(fees, 2)).toBe(fees1)
    expect(await tablesOf(weights, 2)).toBe(weights1)
    // overlapping: both sweeps' batches are queued on the same threads at once
    const [a, b] = await Promise.all([tablesOf(fees, 2), tablesOf(weights, 2)])
    expect(a).toBe(fees1)
    expect(b).toBe(weights1)
    // another size while a sweep runs on the kept pool: a pool of its own
    const [c, d] = await Promise.all([tablesOf(weights, 2), tablesOf(fees, 3)])
    expect(c).toBe(weights1)
    expect(d).toBe(fees1)
    // another size when idle replaces the kept pool; closing it, the next sweep starts anew
    expect(await tablesOf(fees, 3)).toBe(fees1)
    await library.closeSweepWorkers()
    expect(await tablesOf(weights, 2)).toBe(weights1)
    // a sweep aborted after its first batch ends the kept threads; the next one starts anew
    const controller = new AbortController()
    await expect(
      library.runSweep(fees, {
        workers: 2,
        signal: controller.signal,
        onRows: () => {
          controller.abort()
        },
      }),
    ).rejects.toMatchObject({ code: 'INTERRUPTED' })
    expect(await tablesOf(fees, 2)).toBe(fees1)
  })
})
