/**
 * `npm run bench`: what users run, measured on the BUILT code under plain `node` (the script
 * compiles src/ and bench/ with tsc into dist-bench/ and builds dist/ for the CLI cases). Fixed
 * seeds; each case runs once to warm up, then RUNS times; one JSON line per case with `steps`,
 * `seconds` (median), `stepsPerSecond`, `peakRssMB` (the process's peak resident set so far,
 * `process.resourceUsage().maxRSS`) and a `ratio` where there is one:
 *
 * - `bench-2token-1y-blocks`: one year of 12 s blocks, arbitrageur and all four benchmark kinds;
 *   `ratio` = our seconds / the C reference loop's (`g3m_arb.c`: same GBM, band arbitrage, no
 *   metrics), median of pair-by-pair ratios (the C run follows each of ours). The C file is
 *   `$AMM_SIM_C_BENCH`, else `../shared/bench/g3m_arb.c` beside the repository; without it or
 *   without `cc` the case says so and prints no ratio.
 * - `bench-8token-1y-blocks`: the same with 7 risky tokens; `ratio` = its time per step over the
 *   2-token case's.
 * - `bench-rule-<type>-2token-1y-blocks`, `bench-rule-<type>-8token-1y-blocks`: the 2- and
 *   8-token cases with a dynamic-weight rule (docs/strategies.md; daily updates, every guardrail
 *   on, weights moved per block); `ratio` = CPU time over the same pool with static weights,
 *   the median of run-by-run pairs.
 * - `bench-dynamic-fee-2token-1y-blocks`: the 2-token case with a dynamic swap fee: the built-in
 *   volatility rule and the same rule as a mathjs expression, updated every 10 steps, and the
 *   expression every step; fixed, built-in and expression runs alternate within each repetition
 *   and `ratio` is the median of the per-repetition CPU-time ratios against the fixed fee. The
 *   step loop alone: the rule runs skip their fixed-fee counterfactual (`isFixedFeeRunSkipped`).
 * - `bench-exact-v3-2token-1y-5m`: exact V3 integer math, float-vs-exact check on.
 * - `bench-cli-help`, `bench-cli-run-default`: the built CLI as a whole process (`--help`; the
 *   bundled default scenario without charts), wall seconds.
 * - `bench-memory-2token-blocks`: peak RSS of a fresh process running 1 and 10 years of blocks.
 * - `bench-sweep`: 1,000 one-year hourly paths × 4 fees through `runSweep`, 1 worker and all.
 *
 * The machine this was written on shares its cores with other jobs: wall time there includes
 * the time the process waited for a core (4-5x the CPU time under load). So each case also gives
 * `cpuSeconds`, the median CPU time per run (user + system, all threads; for child processes
 * the kernel's account of reaped children, Linux /proc, 10 ms ticks), and ratios are of CPU
 * time where both sides have it.
 *
 * Arguments: case names to run a subset; `--runs K` (default 5).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runSweep, validateScenario } from '../src/index.js'
import { runSimulation, runSimulationWithLoop } from '../src/sim/engine/runSimulation.js'
import type {
  PoolMath,
  ResolvedSimulationConfig as SimulationConfig,
} from '../src/sim/engine/types.js'
import { createGbmSource } from '../src/sim/prices/model.js'
import {
  WEIGHT_RULE_TYPES,
  type WeightRuleSpec,
  type WeightRuleType,
} from '../src/sim/strategies/weights/weightRule.js'
import type { SwapFeeRuleSpec } from '../src/sim/strategies/fees/swapFeeRule.js'

const SECONDS_PER_DAY = 86_400
const BLOCK_STEPS_PER_YEAR = 2_628_000 // 365 d of 12 s blocks
/** The repository: dist-bench/bench/run.js is two folders down. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = path.join(ROOT, 'dist', 'cli', 'main.js')

const args = process.argv.slice(2)
const runsAt = args.indexOf('--runs')
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 5
const wanted = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'))
const isWanted = (name: string): boolean => wanted.length === 0 || wanted.includes(name)

/** Every metric on: arbitrageur each step and all four benchmark kinds. */
const BENCHMARKS: SimulationConfig['benchmarks'] = [
  { type: 'hodl' },
  { type: 'constant-mix' },
  { type: 'periodic', everySteps: SECONDS_PER_DAY / 12, costBps: 10 },
  { type: 'threshold', band: 0.05, costBps: 10 },
]

/** Equal weights, the numeraire last, each risky token at 80 % volatility, 0.3 % swap fee. */
function gbmConfig(risky: number, dt: number, steps: number, math: PoolMath): SimulationConfig {
  const symbols = Array.from({ length: risky }, (_, k) => `T${k}`)
  const start: Record<string, number> = { USDC: 1 }
  const volatility: Record<string, number> = {}
  symbols.forEach((symbol, k) => {
    start[symbol] = 100 * (k + 1)
    volatility[symbol] = 0.8
  })
  const tokens = [...symbols, 'USDC']
  return {
    pool: {
      weights: tokens.map(() => 1 / tokens.length),
      swapFee: 0.003,
      initialValue: 1e6,
      ...(math === 'float' ? {} : { math, decimals: tokens.map((t) => (t === 'USDC' ? 6 : 18)) }),
    },
    prices: createGbmSource(
      { numeraire: 'USDC', start, tokens, volatility, dt, steps },
      1,
      'prices',
    ),
    agents: [{ type: 'arbitrageur' }],
    benchmarks: BENCHMARKS,
    seed: 1,
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Wall and CPU seconds of `run` (CPU: this process's threads plus children reaped meanwhile). */
function secondsOf(run: () => void): { wall: number; cpu: number } {
  const children = childrenCpuSeconds()
  const cpu = process.cpuUsage()
  const start = process.hrtime.bigint()
  run()
  const wall = Number(process.hrtime.bigint() - start) / 1e9
  const used = process.cpuUsage(cpu)
  return { wall, cpu: (used.user + used.system) / 1e6 + childrenCpuSeconds() - children }
}

/**
 * CPU seconds of this process's reaped children (cutime + cstime of /proc/self/stat, in clock
 * ticks of 1/100 s); 0 where there is no /proc.
 */
function childrenCpuSeconds(): number {
  if (!existsSync('/proc/self/stat')) return 0
  // fields after the command name in parentheses; cutime and cstime are fields 16 and 17
  const stat = readFileSync('/proc/self/stat', 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[13]) + Number(fields[14])) / 100
}

const peakRssMB = (): number => Math.round(process.resourceUsage().maxRSS / 1024)
const round = (x: number, digits: number): number => Number(x.toFixed(digits))
const print = (line: Record<string, unknown>): void => {
  console.log(JSON.stringify(line))
}

/** In a child process (`--memory-child YEARS`): one run of the 2-token case, then its peak RSS. */
const childAt = args.indexOf('--memory-child')
if (childAt >= 0) {
  const years = Number(args[childAt + 1])
  runSimulation(gbmConfig(1, 12, years * BLOCK_STEPS_PER_YEAR, 'float'))
  console.log(JSON.stringify({ years, peakRssMB: peakRssMB() }))
  process.exit(0)
}

/** The C reference, compiled once with `cc -O2`; undefined (with the reason) when it cannot be. */
function compileC(): { binary: string; dir: string } | { skipped: string } {
  const source =
    process.env.AMM_SIM_C_BENCH ?? path.join(ROOT, '..', 'shared', 'bench', 'g3m_arb.c')
  if (!existsSync(source)) return { skipped: `no C file at ${source} (set AMM_SIM_C_BENCH)` }
  const dir = mkdtempSync(path.join(tmpdir(), 'amm-sim-bench-'))
  const binary = path.join(dir, 'g3m_arb')
  try {
    execFileSync('cc', ['-O2', '-o', binary, source, '-lm'], { stdio: 'pipe' })
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    return { skipped: `cc failed: ${error instanceof Error ? error.message.split('\n')[0]! : ''}` }
  }
  return { binary, dir }
}

/** The C loop runs this many times our steps: its CPU time is counted in 10 ms ticks. */
const C_SCALE = 4

/**
 * One run of the C loop over `C_SCALE * steps` steps, scaled back to `steps`: wall seconds as it
 * times its loop itself (process start left out, as ours), CPU seconds as the kernel counted the
 * whole process (its start is about a millisecond).
 */
function runC(binary: string, steps: number): { wall: number; cpu: number } {
  let out = ''
  const { cpu } = secondsOf(() => {
    out = execFileSync(binary, [String(C_SCALE * steps), '42'], { encoding: 'utf8' })
  })
  const match = /wall_s=([\d.]+)/.exec(out)
  if (match === null) throw new Error(`unreachable: the C bench printed no wall_s: ${out}`)
  return { wall: Number(match[1]) / C_SCALE, cpu: cpu / C_SCALE }
}

interface Timing {
  /** Median wall seconds per run. */
  seconds: number
  /** Median CPU seconds per run. */
  cpuSeconds: number
}

/**
 * Runs an engine case RUNS times after a warm-up. With `paired`, that runs after each of ours
 * (the C loop), and `ratio` is the median of the pairs' CPU-time ratios (ours / paired).
 */
function engineCase(
  config: () => SimulationConfig,
  paired?: () => { wall: number; cpu: number },
): Timing & { ratio?: number; other?: Timing } {
  runSimulation(config())
  if (paired) paired()
  const wall: number[] = []
  const cpu: number[] = []
  const ratios: number[] = []
  const otherWall: number[] = []
  const otherCpu: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const c = config()
    const s = secondsOf(() => runSimulation(c))
    wall.push(s.wall)
    cpu.push(s.cpu)
    if (paired) {
      const o = paired()
      otherWall.push(o.wall)
      otherCpu.push(o.cpu)
      ratios.push(s.cpu / o.cpu)
    }
  }
  const timing = { seconds: median(wall), cpuSeconds: median(cpu) }
  if (!paired) return timing
  return {
    ...timing,
    ratio: median(ratios),
    other: { seconds: median(otherWall), cpuSeconds: median(otherCpu) },
  }
}

/** The JSON line of an engine case. */
function engineLine(name: string, steps: number, t: Timing, extra: Record<string, unknown>) {
  return {
    case: name,
    steps,
    seconds: round(t.seconds, 4),
    cpuSeconds: round(t.cpuSeconds, 4),
    stepsPerSecond: Math.round(steps / t.seconds),
    stepsPerCpuSecond: Math.round(steps / t.cpuSeconds),
    peakRssMB: peakRssMB(),
    ...extra,
  }
}

let twoTokenCpuPerStep: number | undefined

if (isWanted('bench-2token-1y-blocks')) {
  const steps = BLOCK_STEPS_PER_YEAR
  const c = compileC()
  const t = engineCase(
    () => gbmConfig(1, 12, steps, 'float'),
    'binary' in c ? () => runC(c.binary, steps) : undefined,
  )
  twoTokenCpuPerStep = t.cpuSeconds / steps
  print(
    engineLine(
      'bench-2token-1y-blocks',
      steps,
      t,
      t.ratio === undefined ? {} : { ratio: round(t.ratio, 2) },
    ),
  )
  if ('binary' in c) {
    rmSync(c.dir, { recursive: true, force: true })
    const o = t.other!
    print({
      case: 'c-g3m-arb-2token-1y-blocks',
      steps,
      seconds: round(o.seconds, 4),
      cpuSeconds: round(o.cpuSeconds, 4),
      stepsPerSecond: Math.round(steps / o.seconds),
      stepsPerCpuSecond: Math.round(steps / o.cpuSeconds),
    })
  } else print({ case: 'c-g3m-arb-2token-1y-blocks', skipped: c.skipped })
}

if (isWanted('bench-8token-1y-blocks')) {
  const steps = BLOCK_STEPS_PER_YEAR
  const t = engineCase(() => gbmConfig(7, 12, steps, 'float'))
  const perStep = t.cpuSeconds / steps
  print(
    engineLine(
      'bench-8token-1y-blocks',
      steps,
      t,
      twoTokenCpuPerStep === undefined ? {} : { ratio: round(perStep / twoTokenCpuPerStep, 2) },
    ),
  )
}

/** A dynamic-weight rule on daily updates with every guardrail on, for the rule cases. */
function ruleSchedule(type: WeightRuleType, tokens: number): WeightRuleSpec {
  return {
    type,
    updateInterval: SECONDS_PER_DAY,
    memoryDays: 30,
    aggressiveness: 1,
    width: 0.05,
    maxWeightChange: 0.05,
    minWeight: 0.5 / tokens,
    maxWeight: Math.min(0.99, 2 / tokens),
    caps: [{ time: 0, caps: Array.from({ length: tokens }, (_, k) => 1e9 * (k + 1)) }],
  }
}

// One case per rule and pool size: a year of 12 s blocks, daily updates, weights moved per block;
// `ratio` = CPU time over the same pool with static weights (median of run-by-run pairs).
for (const type of WEIGHT_RULE_TYPES)
  for (const risky of [1, 7]) {
    const name = `bench-rule-${type}-${risky + 1}token-1y-blocks`
    if (!isWanted(name)) continue
    const steps = BLOCK_STEPS_PER_YEAR
    const ruled = (): SimulationConfig => {
      const c = gbmConfig(risky, 12, steps, 'float')
      return { ...c, pool: { ...c.pool, schedule: ruleSchedule(type, risky + 1) } }
    }
    const t = engineCase(ruled, () =>
      secondsOf(() => runSimulation(gbmConfig(risky, 12, steps, 'float'))),
    )
    print(engineLine(name, steps, t, { ratio: round(t.ratio!, 2) }))
  }

if (isWanted('bench-dynamic-fee-2token-1y-blocks')) {
  const steps = BLOCK_STEPS_PER_YEAR
  const withRule = (rule?: SwapFeeRuleSpec) => (): SimulationConfig => {
    const config = gbmConfig(1, 12, steps, 'float')
    return rule ? { ...config, pool: { ...config.pool, swapFeeRule: rule } } : config
  }
  const variants: [string, () => SimulationConfig][] = [
    ['fixed', withRule()],
    [
      'volatility-every-10',
      withRule({ type: 'volatility', base: 0.0005, slope: 0.005, everySteps: 10 }),
    ],
    [
      'expression-every-10',
      withRule({ type: 'expression', expression: '0.0005 + 0.005 * volatility', everySteps: 10 }),
    ],
    [
      'expression-every-1',
      withRule({ type: 'expression', expression: '0.0005 + 0.005 * volatility', everySteps: 1 }),
    ],
  ]
  // The step loop alone: a rule's run is followed by its fixed-fee counterfactual (the
  // decomposition's dynamicFee term), which this case skips so its ratio stays the loop's.
  const loopOnly = (c: SimulationConfig) =>
    runSimulationWithLoop(c, 'auto', { isFixedFeeRunSkipped: true })
  // Warm-up, then the variants alternate within each repetition, so load swings hit them alike.
  for (const [, config] of variants) loopOnly(config())
  const cpu = variants.map((): number[] => [])
  const wall = variants.map((): number[] => [])
  for (let r = 0; r < RUNS; r++)
    variants.forEach(([, config], v) => {
      const c = config()
      const s = secondsOf(() => loopOnly(c))
      cpu[v]!.push(s.cpu)
      wall[v]!.push(s.wall)
    })
  variants.forEach(([name], v) => {
    const ratios = cpu[v]!.map((x, r) => x / cpu[0]![r]!)
    const t = { seconds: median(wall[v]!), cpuSeconds: median(cpu[v]!) }
    print(
      engineLine(`bench-dynamic-fee-2token-1y-blocks`, steps, t, {
        swapFee: name,
        ...(v > 0 ? { ratio: round(median(ratios), 2) } : {}),
      }),
    )
  })
}

if (isWanted('bench-exact-v3-2token-1y-5m')) {
  const steps = 105_120 // 365 d of 5 min
  const config = () => gbmConfig(1, 300, steps, 'exact-v3')
  const checked = runSimulation(config()).exactCheck
  if (checked === undefined) throw new Error('unreachable: an exact run without its float check')
  print(
    engineLine('bench-exact-v3-2token-1y-5m', steps, engineCase(config), {
      trades: checked.trades,
    }),
  )
}

/** Median wall and CPU seconds of the built CLI with `cliArgs`, each run in a fresh folder. */
function cliSeconds(cliArgs: readonly string[]): Timing {
  const wall: number[] = []
  const cpu: number[] = []
  for (let r = 0; r <= RUNS; r++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'amm-sim-bench-'))
    try {
      const s = secondsOf(() => {
        const out = spawnSync(process.execPath, [BIN, ...cliArgs], {
          cwd: dir,
          env: { ...process.env, CI: '1' },
        })
        if (out.status !== 0)
          throw new Error(`amm-sim ${cliArgs.join(' ')}: exit ${out.status}: ${String(out.stderr)}`)
      })
      if (r > 0) {
        // the first run warms the file cache
        wall.push(s.wall)
        cpu.push(s.cpu)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return { seconds: median(wall), cpuSeconds: median(cpu) }
}

for (const [name, cliArgs] of [
  ['bench-cli-help', ['--help']],
  ['bench-cli-run-default', ['run', '--no-charts']],
] as const) {
  if (!isWanted(name)) continue
  if (!existsSync(BIN)) {
    print({ case: name, skipped: `no ${BIN}: npm run build` })
    continue
  }
  const t = cliSeconds(cliArgs)
  print({
    case: name,
    args: cliArgs,
    seconds: round(t.seconds, 3),
    cpuSeconds: round(t.cpuSeconds, 3),
  })
}

if (isWanted('bench-memory-2token-blocks')) {
  const script = fileURLToPath(import.meta.url)
  const rss = (years: number): number => {
    const out = execFileSync(process.execPath, [script, '--memory-child', String(years)], {
      encoding: 'utf8',
    })
    return (JSON.parse(out) as { peakRssMB: number }).peakRssMB
  }
  const one = rss(1)
  const ten = rss(10)
  print({
    case: 'bench-memory-2token-blocks',
    steps: [BLOCK_STEPS_PER_YEAR, 10 * BLOCK_STEPS_PER_YEAR],
    peakRssMB: [one, ten],
    ratio: round(ten / one, 2),
  })
}

/**
 * `bench-sweep` (issue 11): 1,000 one-year hourly GBM paths × 4 fees through `runSweep`, with 1
 * worker and with every core (`os.availableParallelism()`), in turn.
 * - warm: 1 + RUNS/2 rounds in this process, the first reported apart. After the first round both sides run warm code: the
 *   1-worker sweep runs on this thread, the N-worker one on the threads kept between sweeps.
 *   What a notebook or a regression run sweeping again gets.
 * - cold: RUNS/3 pairs of fresh processes, one sweep each (what one `amm-sim sweep` gets): each
 *   thread loads and compiles the engine first. Wall and CPU seconds of `runSweep` alone.
 */
if (isWanted('bench-sweep')) {
  const scenario = validateScenario(
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
  type Timing = { wall: number; cpu: number }
  /** Wall and CPU seconds (this process's threads: the main one and the workers) of one sweep. */
  const time = async (workers: number): Promise<Timing> => {
    const cpu = process.cpuUsage()
    const start = process.hrtime.bigint()
    const result = await runSweep(loaded, { workers })
    if (result.failures.length > 0) throw new Error(`bench-sweep: ${result.failures[0]!.error}`)
    const used = process.cpuUsage(cpu)
    return {
      wall: Number(process.hrtime.bigint() - start) / 1e9,
      cpu: (used.user + used.system) / 1e6,
    }
  }
  /** The same sweep in a fresh process (this file's `--sweep-once` mode), its timing. */
  const coldTime = (workers: number): Timing => {
    const child = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), 'bench-sweep', '--sweep-once', String(workers)],
      { encoding: 'utf8' },
    )
    if (child.status !== 0) throw new Error(`bench-sweep cold run: ${child.stderr}`)
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Timing
  }
  const sweepOnce = args.indexOf('--sweep-once')
  if (sweepOnce >= 0) {
    console.log(JSON.stringify(await time(Number(args[sweepOnce + 1]))))
    process.exit(0)
  }
  const warmRounds = 1 + Math.max(1, Math.ceil(RUNS / 2))
  const coldPairs = Math.max(1, Math.ceil(RUNS / 3))
  const one: Timing[] = []
  const many: Timing[] = []
  for (let r = 0; r < warmRounds; r++) {
    one.push(await time(1))
    many.push(await time(all))
  }
  const coldOne: Timing[] = []
  const coldMany: Timing[] = []
  for (let r = 0; r < coldPairs; r++) {
    coldOne.push(coldTime(1))
    coldMany.push(coldTime(all))
  }
  const tasks = 4_000
  /** Medians of a side; `ratio` is the median of the pairs' wall-time ratios. */
  const figures = (a: Timing[], b: Timing[]) => ({
    seconds1: round(median(a.map((t) => t.wall)), 2),
    secondsN: round(median(b.map((t) => t.wall)), 2),
    pathsPerSecond1: Math.round(tasks / median(a.map((t) => t.wall))),
    pathsPerSecondN: Math.round(tasks / median(b.map((t) => t.wall))),
    // wall-time speed-up, pair by pair; on shared cores it says how many cores the sweep got
    ratio: round(median(a.map((t, i) => t.wall / b[i]!.wall)), 2),
    // CPU seconds of all threads: equal work, so N workers' excess over 1 is per-thread loss
    cpuSeconds1: round(median(a.map((t) => t.cpu)), 2),
    cpuSecondsN: round(median(b.map((t) => t.cpu)), 2),
  })
  print({
    case: 'bench-sweep',
    tasks,
    steps: tasks * 8_761,
    workers: all,
    // the rounds after the first: warm threads on both sides
    ...figures(one.slice(1), many.slice(1)),
    firstRound: figures(one.slice(0, 1), many.slice(0, 1)),
    cold: figures(coldOne, coldMany),
    peakRssMB: peakRssMB(),
  })
}
