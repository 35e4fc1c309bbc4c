/**
 * Measures the Monte Carlo regression check's false-alarm rate and power
 * (`npm run test:regress-fpr [-- pairs paths]`): for each of `pairs` seed pairs, two runs of
 * one Monte Carlo scenario (`paths` paths, run by the sweep feature) with different seeds, are
 * compared as `amm-sim regress` compares
 * them (Welch's t-test per figure, Holm at alpha = 0.01 over the scenario's figures, minimum
 * effect 1 %); any flagged figure is a false alarm. Then the same with the second run's swap
 * fee lowered from 0.3 % to 0.25 %, where a flag is a detection. Prints both rates with 95 %
 * Clopper–Pearson intervals and exits 1 when the false-alarm rate's interval lies above alpha
 * or the detection rate is below 90 %.
 */
import {
  DEFAULT_ALPHA,
  compareSamples,
  parseScenario,
  regularizedBeta,
  runRegressionSweep,
} from '../src/index.js'
import type { LoadedScenario } from '../src/index.js'

const pairs = Number(process.argv[2] ?? 60)
const paths = Number(process.argv[3] ?? 30)
const VERSION = 'fpr'

/** A 50/50 ETH/USDC pool over 3 days of hourly GBM, an arbitrageur and fee-blind noise flow. */
function scenario(swapFee: number): LoadedScenario {
  const text = JSON.stringify({
    name: 'fpr',
    pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee },
    prices: {
      numeraire: 'USDC',
      model: 'gbm',
      start: { ETH: 2000, USDC: 1 },
      volatility: { ETH: 0.6 },
      dt: '1h',
      horizon: '3d',
    },
    agents: [{ type: 'arbitrageur' }, { type: 'noise', tradesPerDay: 200, medianSize: 2000 }],
    seriesPoints: 10,
    paths,
  })
  return { scenario: parseScenario(text, 'fpr.json'), file: 'fpr.json', baseDir: process.cwd() }
}

/** Smallest p with P(X <= k) <= a for X ~ Binomial(n, p): the Clopper–Pearson bound. */
function clopperPearson(k: number, n: number): [number, number] {
  // inverse of the regularized beta by bisection: the bounds are beta quantiles
  const quantile = (q: number, a: number, b: number): number => {
    let lo = 0
    let hi = 1
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2
      if (regularizedBeta(mid, a, b) < q) lo = mid
      else hi = mid
    }
    return (lo + hi) / 2
  }
  const lower = k === 0 ? 0 : quantile(0.025, k, n - k + 1)
  const upper = k === n ? 1 : quantile(0.975, k + 1, n - k)
  return [lower, upper]
}

const base = scenario(0.003)
const shifted = scenario(0.0025)
let falseAlarms = 0
let detections = 0
const flaggedFigures = new Map<string, number>()
for (let pair = 0; pair < pairs; pair++) {
  // seeds 2 * pair + 1 and 2 * pair + 2: every run's paths derive from its own seed
  const seedA = 2 * pair + 1
  const seedB = 2 * pair + 2
  const a = (await runRegressionSweep(base, { seed: seedA, version: VERSION })).samples!
  const b = (await runRegressionSweep(base, { seed: seedB, version: VERSION })).samples!
  const noise = compareSamples({ scenario: 'fpr', baseline: a, now: b })
  const flagged = noise.filter((row) => row.verdict === 'regression')
  if (flagged.length > 0) falseAlarms++
  for (const row of flagged)
    flaggedFigures.set(row.figure, (flaggedFigures.get(row.figure) ?? 0) + 1)
  const c = (await runRegressionSweep(shifted, { seed: seedB, version: VERSION })).samples!
  const shift = compareSamples({ scenario: 'fpr', baseline: a, now: c })
  if (shift.some((row) => row.verdict === 'regression')) detections++
  // a line redrawn in place on a terminal; a CI log gets only the result below
  if (process.stderr.isTTY)
    process.stderr.write(
      `\rpair ${pair + 1}/${pairs}: ${falseAlarms} false alarms, ${detections} detections`,
    )
}
if (process.stderr.isTTY) process.stderr.write('\n')
const [fLow, fHigh] = clopperPearson(falseAlarms, pairs)
const [dLow, dHigh] = clopperPearson(detections, pairs)
const pct = (x: number) => `${(x * 100).toFixed(1)} %`
console.log(
  `false alarms (other seeds): ${falseAlarms} of ${pairs} seed pairs = ${pct(falseAlarms / pairs)} (95 % CI ${pct(fLow)} to ${pct(fHigh)}); stated family-wise rate alpha = ${pct(DEFAULT_ALPHA)}, ${paths} paths per run`,
)
if (flaggedFigures.size > 0)
  console.log(`  flagged: ${[...flaggedFigures].map(([f, n]) => `${f} ${n}x`).join(', ')}`)
console.log(
  `detections (swap fee 0.3 % -> 0.25 %): ${detections} of ${pairs} = ${pct(detections / pairs)} (95 % CI ${pct(dLow)} to ${pct(dHigh)})`,
)
if (fLow > DEFAULT_ALPHA || detections / pairs < 0.9) process.exitCode = 1
