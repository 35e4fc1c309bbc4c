/**
 * `npm run bench`: the engine's throughput on fixed seeds, price generation included. Each case
 * runs once to warm the JIT, then RUNS times; the median wall time is reported as one JSON line:
 * `{ name, steps, seconds, stepsPerSecond, peakRssMB }` (peakRssMB is the process's peak resident
 * set so far, from `process.resourceUsage().maxRSS`). Pass case names as arguments to run a subset.
 */
import { runSimulation } from '../src/sim/engine/runSimulation.js'
import type { ResolvedSimulationConfig as SimulationConfig } from '../src/sim/engine/types.js'
import { createGbmSource } from '../src/sim/prices/model.js'

const RUNS = 5
const SECONDS_PER_DAY = 86_400

/** Every metric on: arbitrageur each step and all four benchmark kinds. */
const BENCHMARKS: SimulationConfig['benchmarks'] = [
  { type: 'hodl' },
  { type: 'constant-mix' },
  { type: 'periodic', everySteps: SECONDS_PER_DAY / 12, costBps: 10 },
  { type: 'threshold', band: 0.05, costBps: 10 },
]

interface BenchCase {
  name: string
  config: () => SimulationConfig
}

function blocksCase(name: string, risky: number): BenchCase {
  const symbols = Array.from({ length: risky }, (_, k) => `T${k}`)
  const start: Record<string, number> = { USDC: 1 }
  const volatility: Record<string, number> = {}
  symbols.forEach((symbol, k) => {
    start[symbol] = 100 * (k + 1)
    volatility[symbol] = 0.8
  })
  const tokens = [...symbols, 'USDC']
  return {
    name,
    config: () => ({
      pool: { weights: tokens.map(() => 1 / tokens.length), swapFee: 0.003, initialValue: 1e6 },
      prices: createGbmSource(
        { numeraire: 'USDC', start, tokens, volatility, dt: 12, steps: 2_628_000 },
        1,
        'prices',
      ),
      agents: [{ type: 'arbitrageur' }],
      benchmarks: BENCHMARKS,
      seed: 1,
    }),
  }
}

const CASES: BenchCase[] = [
  blocksCase('bench-2token-1y-blocks', 1),
  blocksCase('bench-8token-1y-blocks', 7),
]

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const wanted = process.argv.slice(2)
for (const benchCase of CASES) {
  if (wanted.length > 0 && !wanted.includes(benchCase.name)) continue
  const steps = benchCase.config().prices.steps
  runSimulation(benchCase.config())
  const seconds: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const config = benchCase.config()
    const start = process.hrtime.bigint()
    runSimulation(config)
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9)
  }
  const time = median(seconds)
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024)
  console.log(
    JSON.stringify({
      name: benchCase.name,
      steps,
      seconds: Number(time.toFixed(4)),
      stepsPerSecond: Math.round(steps / time),
      peakRssMB,
    }),
  )
}

/**
 * `bench-sweep` (issue 11): 1,000 one-year hourly GBM paths × 4 fees through `runSweep`, once
 * with 1 worker and once with every core (`os.availableParallelism()`). Worker threads run the
 * BUILT worker file, so this case imports `dist/` (run `npm run build` first). One JSON line:
 * `{ name, tasks, steps, workers, seconds1, secondsN, pathsPerSecond1, pathsPerSecondN, speedup }`.
 */
if (wanted.length === 0 || wanted.includes('bench-sweep')) {
  const { availableParallelism } = await import('node:os')
  // a runtime path, so the typecheck does not need dist/
  const dist = '../dist/index.js'
  const api = (await import(dist)) as typeof import('../src/index.js')
  const scenario = api.validateScenario(
    {
      name: 'bench-sweep',
      seed: 1,
      pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2500 },
        volatility: { ETH: 0.8 },
        dt: '1h',
        horizon: '365d',
      },
      sweep: { 'pool.swapFee': [0.0005, 0.001, 0.003, 0.01] },
      paths: 1_000,
    },
    'bench-sweep.json',
  )
  const loaded = { scenario, file: 'bench-sweep.json', baseDir: process.cwd() }
  const all = availableParallelism()
  const time = async (workers: number): Promise<number> => {
    const start = process.hrtime.bigint()
    const result = await api.runSweep(loaded, { workers })
    if (result.failures.length > 0) throw new Error(`bench-sweep: ${result.failures[0]!.error}`)
    return Number(process.hrtime.bigint() - start) / 1e9
  }
  const seconds1 = await time(1)
  const secondsN = await time(all)
  const tasks = 4_000
  console.log(
    JSON.stringify({
      name: 'bench-sweep',
      tasks,
      steps: tasks * 8_761,
      workers: all,
      seconds1: Number(seconds1.toFixed(2)),
      secondsN: Number(secondsN.toFixed(2)),
      pathsPerSecond1: Math.round(tasks / seconds1),
      pathsPerSecondN: Math.round(tasks / secondsN),
      speedup: Number((seconds1 / secondsN).toFixed(2)),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  )
}
