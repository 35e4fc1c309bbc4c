/**
 * The long version of the LVR test: many GBM paths, finer steps. Per path, the ratio of the
 * realised LVR to the closed-form rate integrated along the path's own pool value,
 * sum_t sigma^2/2 w(1-w) V_t dt (Milionis et al. 2022). Prints one JSON line per case with the
 * mean ratio, its standard error and the number of standard errors from 1.
 * Run: `npx tsx bench/lvr-montecarlo.ts [paths]` (default 1000 paths).
 */
import { runSimulation } from '../src/sim/engine/runSimulation.js'
import { createGbmSource } from '../src/sim/prices/model.js'

const SECONDS_PER_YEAR = 31_536_000
const paths = Number(process.argv[2] ?? 1_000)
const sigma = 0.8
const dt = 60
const steps = 7 * 1_440 + 1 // one week of minutes

for (const [weight, swapFee] of [
  [0.5, 0],
  [0.8, 0],
  [0.5, 0.003],
] as const) {
  const ratios: number[] = []
  let feeShare = 0
  for (let path = 0; path < paths; path++) {
    const prices = createGbmSource(
      {
        numeraire: 'USD',
        start: { ETH: 2_000, USD: 1 },
        tokens: ['ETH', 'USD'],
        volatility: { ETH: sigma },
        dt,
        steps,
      },
      path,
      'lvr-montecarlo',
    )
    const result = runSimulation({
      pool: { weights: [weight, 1 - weight], swapFee, initialValue: 1e6 },
      prices,
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [],
      seed: path,
      seriesPoints: steps,
    })
    const values = result.series.data[result.series.columns.indexOf('lpValue')]!
    let expected = 0
    for (let t = 0; t < steps - 1; t++)
      expected +=
        ((sigma * sigma) / 2) * weight * (1 - weight) * values[t]! * (dt / SECONDS_PER_YEAR)
    ratios.push(result.metrics.lvr / expected)
    feeShare += result.metrics.feeIncome / result.metrics.lvr / paths
  }
  const mean = ratios.reduce((a, b) => a + b, 0) / paths
  const se = Math.sqrt(ratios.reduce((a, b) => a + (b - mean) ** 2, 0) / (paths - 1) / paths)
  console.log(
    JSON.stringify({
      case: `w=${weight} fee=${swapFee} sigma=${sigma} dt=${dt}s steps=${steps}`,
      paths,
      meanRatio: Number(mean.toFixed(5)),
      standardError: Number(se.toFixed(5)),
      zScore: Number(((mean - 1) / se).toFixed(2)),
      feeIncomeOverLvr: Number(feeShare.toFixed(4)),
    }),
  )
}
