/**
 * Runs a directory of weighted-pool conformance vectors (see `/work/shared/conformance/README.md`
 * for the layout) through the exact models and prints matched/total per file.
 *
 *   tsx scripts/conformance.ts <dir> [--max-mismatches N]
 *
 * Reads every `*.json` in `<dir>` and `<dir>/onchain/`. Each file's `semantics` picks an adapter
 * from the modules in `scripts/conformance/` (each exports `adapters`); on-chain query files
 * (`pool.poolType` WEIGHTED / LIQUIDITY_BOOTSTRAPPING) are converted to the same case layout and
 * run as `balancer-v3` / `balancer-v3-lbp`. Files without an adapter are reported as skipped.
 * Exits 1 if any op or per-case check mismatches, 2 on a usage error.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type {
  ConformanceAdapter,
  ConformanceCase,
  ConformanceOp,
  ConformanceResult,
} from './conformance/types.js'

// Fields of `expected` that describe provenance, not the result.
const META_KEYS = new Set(['source', 'message', 'oracleDeviation', 'code', 'error'])

interface VectorFile {
  readonly semantics: string
  readonly cases: readonly ConformanceCase[]
}

async function loadAdapters(): Promise<Map<string, ConformanceAdapter>> {
  const folder = join(dirname(fileURLToPath(import.meta.url)), 'conformance')
  const byName = new Map<string, ConformanceAdapter>()
  for (const file of readdirSync(folder).sort()) {
    if (!file.endsWith('.ts') || file === 'types.ts' || file.endsWith('.d.ts')) continue
    const module = (await import(pathToFileURL(join(folder, file)).href)) as {
      adapters?: readonly ConformanceAdapter[]
    }
    for (const adapter of module.adapters ?? []) byName.set(adapter.semantics, adapter)
  }
  return byName
}

type Json = Record<string, unknown>
const asStrings = (value: unknown): string[] => (value as unknown[]).map(String)

// Raw balance from a live scaled18 balance: divDown(live, scalingFactor * rate), exact for the
// rate-1 tokens these files hold.
function rawFromLive(live: string[], scalingFactors: string[], rates: string[]): string[] {
  return live.map((b, i) =>
    ((BigInt(b) * 10n ** 18n) / (BigInt(scalingFactors[i]!) * BigInt(rates[i]!))).toString(),
  )
}

function singleIndex(amounts: string[]): number {
  return amounts.findIndex((a) => BigInt(a) !== 0n)
}

/** Converts a verbatim balancer-maths on-chain test file into the common case layout. */
function fromOnchain(data: Json): VectorFile | undefined {
  const pool = data.pool as Json
  const tokens = asStrings(pool.tokens).map((t) => t.toLowerCase())
  const index = (address: unknown): number => tokens.indexOf(String(address).toLowerCase())
  const scalingFactors = asStrings(pool.scalingFactors)
  const tokenRates = asStrings(pool.tokenRates)
  const balancesRaw = rawFromLive(asStrings(pool.balancesLiveScaled18), scalingFactors, tokenRates)
  const ops: ConformanceOp[] = []
  for (const s of (data.swaps ?? []) as Json[]) {
    const isExactIn = Number(s.swapKind) === 0
    ops.push({
      op: 'swap',
      kind: isExactIn ? 'EXACT_IN' : 'EXACT_OUT',
      tokenIn: index(s.tokenIn),
      tokenOut: index(s.tokenOut),
      amountRaw: String(s.amountRaw),
      expected: isExactIn
        ? { amountOutRaw: String(s.outputRaw) }
        : { amountInRaw: String(s.outputRaw) },
    })
  }
  for (const a of (data.adds ?? []) as Json[]) {
    const amounts = asStrings(a.inputAmountsRaw)
    if (a.kind === 'Unbalanced')
      ops.push({
        op: 'addLiquidityUnbalanced',
        amountsInRaw: amounts,
        expected: { bptOutRaw: String(a.bptOutRaw) },
      })
    else {
      const tokenIndex = singleIndex(amounts)
      ops.push({
        op: 'addLiquiditySingleTokenExactOut',
        tokenIndex,
        bptOutRaw: String(a.bptOutRaw),
        expected: { amountInRaw: amounts[tokenIndex]! },
      })
    }
  }
  for (const r of (data.removes ?? []) as Json[]) {
    const amounts = asStrings(r.amountsOutRaw)
    const tokenIndex = singleIndex(amounts)
    if (r.kind === 'Proportional')
      ops.push({
        op: 'removeLiquidityProportional',
        bptInRaw: String(r.bptInRaw),
        expected: { amountsOutRaw: amounts },
      })
    else if (r.kind === 'SingleTokenExactIn')
      ops.push({
        op: 'removeLiquiditySingleTokenExactIn',
        tokenIndex,
        bptInRaw: String(r.bptInRaw),
        expected: { amountOutRaw: amounts[tokenIndex]! },
      })
    else
      ops.push({
        op: 'removeLiquiditySingleTokenExactOut',
        tokenIndex,
        amountOutRaw: amounts[tokenIndex]!,
        expected: { bptInRaw: String(r.bptInRaw) },
      })
  }
  const common = { ...pool, balancesRaw, scalingFactors, tokenRates }
  const id = `${String(pool.chainId)}-${String(pool.blockNumber)}`
  if (pool.poolType === 'WEIGHTED')
    return { semantics: 'balancer-v3', cases: [{ id, pool: common, ops }] }
  if (pool.poolType === 'LIQUIDITY_BOOTSTRAPPING')
    return {
      semantics: 'balancer-v3-lbp',
      cases: [{ id, pool: common, ops, expectedWeights: asStrings(pool.weights) }],
    }
  return undefined
}

function sameResult(expected: Readonly<Record<string, unknown>>, got: ConformanceResult): boolean {
  if (typeof expected.error === 'string') {
    if (got.error !== expected.error) return false
    return expected.code === undefined || got.code === undefined || got.code === expected.code
  }
  if (got.error !== undefined) return false
  for (const [key, want] of Object.entries(expected)) {
    if (META_KEYS.has(key)) continue
    if (JSON.stringify(want) !== JSON.stringify(got[key])) return false
  }
  return true
}

function successOnly(expected: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(expected).filter(([k]) => k !== 'oracleDeviation' && k !== 'message'),
  )
}

async function main(): Promise<number> {
  const args = process.argv.slice(2)
  const maxAt = args.indexOf('--max-mismatches')
  const maxMismatches = maxAt >= 0 ? Number(args[maxAt + 1]) : 10
  const dir = args.find((a, i) => !a.startsWith('--') && (maxAt < 0 || i !== maxAt + 1))
  if (dir === undefined || !existsSync(dir)) {
    process.stderr.write('usage: tsx scripts/conformance.ts <dir> [--max-mismatches N]\n')
    return 2
  }
  const adapters = await loadAdapters()
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f))
  const onchainDir = join(dir, 'onchain')
  if (existsSync(onchainDir))
    files.push(
      ...readdirSync(onchainDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(onchainDir, f)),
    )
  let failed = false
  for (const file of files) {
    const name = file.startsWith(dir) ? file.slice(dir.length).replace(/^\/+/, '') : basename(file)
    const data = JSON.parse(readFileSync(file, 'utf8')) as Json
    const vectors: VectorFile | undefined =
      typeof data.semantics === 'string' ? (data as unknown as VectorFile) : fromOnchain(data)
    const adapter = vectors ? adapters.get(vectors.semantics) : undefined
    if (!vectors || !adapter) {
      process.stdout.write(
        `${name}: skipped (no adapter for ${vectors?.semantics ?? 'this layout'})\n`,
      )
      continue
    }
    let ops = 0
    let opsMatched = 0
    let checks = 0
    let checksMatched = 0
    const mismatches: string[] = []
    for (const testCase of vectors.cases) {
      for (const [name, want, got] of adapter.checkCase?.(testCase) ?? []) {
        checks++
        if (want === got) checksMatched++
        else mismatches.push(`  ${testCase.id} ${name}: expected ${want}, got ${got}`)
      }
      testCase.ops.forEach((op, i) => {
        ops++
        let got: ConformanceResult
        try {
          got = adapter.run(testCase, op)
        } catch (error) {
          got = {
            error: `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
          }
        }
        if (sameResult(op.expected, got)) opsMatched++
        else
          mismatches.push(
            `  ${testCase.id} op ${String(i)} ${op.op}${typeof op.kind === 'string' ? ` ${op.kind}` : ''}: ` +
              `expected ${JSON.stringify(successOnly(op.expected))}, got ${JSON.stringify(got)}`,
          )
      })
    }
    const checkText = checks > 0 ? `, checks ${String(checksMatched)}/${String(checks)}` : ''
    process.stdout.write(
      `${name}: ${vectors.semantics}: ${String(opsMatched)}/${String(ops)} ops${checkText}\n`,
    )
    if (mismatches.length > 0) {
      failed = true
      for (const line of mismatches.slice(0, maxMismatches)) process.stdout.write(`${line}\n`)
      if (mismatches.length > maxMismatches)
        process.stdout.write(`  ... ${String(mismatches.length - maxMismatches)} more\n`)
    }
  }
  return failed ? 1 : 0
}

process.exitCode = await main()
