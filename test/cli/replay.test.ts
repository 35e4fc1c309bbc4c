/**
 * End to end, through the BUILT binary (`npm test` builds before vitest): `amm-sim replay` on
 * both bundled fixtures, a mismatching copy, and a bad manifest. Expected figures are the
 * fixtures' own (examples/replay/README.md): every swap matches, the derived snapshots equal.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../tempDir.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = path.join(ROOT, 'dist', 'cli', 'main.js')

function amm(cwd: string, ...args: string[]) {
  const out = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  })
  return { code: out.status, stdout: out.stdout, stderr: out.stderr }
}

/** A temporary copy of examples/replay/, so the test may alter files and write reports. */
function fixtures(): string {
  const dir = tempDir('amm-replay-')
  cpSync(path.join(ROOT, 'examples', 'replay'), dir, { recursive: true })
  return dir
}

describe('amm-sim replay', () => {
  it('replays the V2 fixture to the wei and writes replay.json and replay.md', () => {
    const dir = fixtures()
    const run = amm(dir, 'replay', 'v2-d2d-usdc.json', '--out', 'reports')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(
      [
        'v2-d2d-usdc: 300 events replayed (swaps 254, joins 38, exits 8)',
        'swaps matched: 254/254 to the wei (given-in 246, given-out 8); difference (raw units) worst 0, median 0',
        'blocks without log index: 3, reordered 1, unresolved 0',
        'snapshots: 3 equal, 0 different, failed reads 1, 1 after the event files end',
        `report: ${path.join('reports', 'v2-d2d-usdc', 'replay.md')}`,
        '',
      ].join('\n'),
    )
    const json = JSON.parse(
      readFileSync(path.join(dir, 'reports', 'v2-d2d-usdc', 'replay.json'), 'utf8'),
    ) as { verification: { swaps: { matched: number }; ordering: { reorderedBlocks: number[] } } }
    expect(json.verification.swaps.matched).toBe(254)
    expect(json.verification.ordering.reorderedBlocks).toEqual([13828914])
    const md = readFileSync(path.join(dir, 'reports', 'v2-d2d-usdc', 'replay.md'), 'utf8')
    expect(md).toContain('- matched: 254 of 254 (100.00 %) (given-in 246, given-out 8)')
  })

  it('replays the V1 fixture within the stated tolerance', () => {
    const dir = fixtures()
    const run = amm(dir, 'replay', 'v1-weth-dai.json')
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(
      [
        'v1-weth-dai: 263 events replayed (swaps 261, joins 1, exits 1)',
        'swaps matched: 261/261 within 1e-6 relative; difference (relative) worst 1.2786e-7, median 1.94287e-14',
        `report: ${path.join('out', 'v1-weth-dai', 'replay.md')}`,
        '',
      ].join('\n'),
    )
    expect(existsSync(path.join(dir, 'out', 'v1-weth-dai', 'replay.md'))).toBe(true)
  })

  it('exits 1 and names the first mismatch when a recorded output is altered', () => {
    const dir = fixtures()
    const file = path.join(dir, 'v2-d2d-usdc', 'd2dswap.csv')
    const lines = readFileSync(file, 'utf8').split('\n')
    // line 3 of the file: the second swap (block 13824326); its output one raw unit higher
    lines[2] = lines[2]!.replace(/,(\d+)$/, (_, out: string) => `,${BigInt(out) + 1n}`)
    writeFileSync(file, lines.join('\n'))
    const run = amm(dir, 'replay', 'v2-d2d-usdc.json')
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      `first mismatch: block 13824326, position 0 (${path.join('v2-d2d-usdc', 'd2dswap.csv')}:3)`,
    )
  })

  it('exits 2 with file, line, column, expected and found on a bad row, no stack trace', () => {
    const dir = fixtures()
    const file = path.join(dir, 'v1-weth-dai', 'LOG_JOIN.csv')
    writeFileSync(file, readFileSync(file, 'utf8').replace(',26741601415598676064', ',26.7'))
    const run = amm(dir, 'replay', 'v1-weth-dai.json')
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      `${path.join('v1-weth-dai', 'LOG_JOIN.csv')}:2:tokenamountin: expected a non-negative integer amount in raw units, found "26.7"`,
    )
    expect(run.stderr).not.toContain('    at ')
  })
})
