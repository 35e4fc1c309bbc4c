/**
 * Issue 10, "runs that cannot be stopped", end to end through the BUILT binary: a FIFO as the
 * price file (which blocked `run` past SIGINT, waiting for a writer) and a noise trader far
 * above what a run can finish are refused with exit 2 before anything runs. Each test waits for
 * the process's exit event, never a fixed time; a hang fails by the test timeout, and the child
 * is killed after the test.
 */
import { execFileSync, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../tempDir.js'

const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))
let child: ChildProcess | undefined

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  child = undefined
})

/** Runs `amm-sim args…` in `cwd` (CI set) and resolves on its exit event. */
function amm(cwd: string, ...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    child = started
    let stderr = ''
    started.stderr.setEncoding('utf8')
    started.stderr.on('data', (text: string) => (stderr += text))
    started.on('error', reject)
    started.on('close', (code) => {
      resolve({ code, stderr })
    })
  })
}

/**
 * Runs `amm-sim args…` in `cwd` (CI set), sends SIGINT when stdout shows `line`, and resolves on
 * the exit event: the line is the event, no fixed delay is involved.
 */
function ammInterruptedOn(
  cwd: string,
  line: string,
  ...args: string[]
): Promise<{ code: number | null; stderr: string; wasSent: boolean }> {
  return new Promise((resolve, reject) => {
    const started = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = started
    let stdout = ''
    let stderr = ''
    let wasSent = false
    started.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text
      if (!wasSent && stdout.includes(line)) {
        wasSent = true
        started.kill('SIGINT')
      }
    })
    started.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    started.on('error', reject)
    started.on('close', (code) => {
      resolve({ code, stderr, wasSent })
    })
  })
}

const pool = { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 }
/** A 10-day hourly GBM scenario with one noise trader. */
const busy = (name: string, tradesPerDay: number) => ({
  name,
  pool,
  prices: {
    numeraire: 'USDC',
    model: 'gbm',
    start: { ETH: 2000 },
    volatility: { ETH: 0.8 },
    dt: '1h',
    horizon: '10d',
  },
  agents: [{ type: 'noise', tradesPerDay, medianSize: 100 }],
})

describe('runs that cannot be stopped are refused (issue 10)', () => {
  it('refuses a FIFO price file with exit 2, for validate and run, without opening it', async () => {
    const dir = tempDir('amm-fifo-')
    execFileSync('mkfifo', [path.join(dir, 'prices.csv')])
    const scenario = {
      name: 'fifo',
      pool,
      prices: { numeraire: 'USDC', model: 'csv', file: 'prices.csv' },
    }
    writeFileSync(path.join(dir, 'fifo.json'), JSON.stringify(scenario))
    const message = `error: fifo.json: prices.file: prices.csv is a FIFO (named pipe), not a regular file (resolved to ${path.join(dir, 'prices.csv')})\n`
    for (const args of [['validate'], ['run', '--no-charts']]) {
      const out = await amm(dir, ...args, 'fifo.json')
      expect(out.stderr).toBe(message)
      expect(out.code).toBe(2)
    }
  })

  it('refuses a FIFO as the scenario file with exit 2', async () => {
    const dir = tempDir('amm-fifo-')
    execFileSync('mkfifo', [path.join(dir, 'scenario.json')])
    for (const args of [['validate'], ['run', '--no-charts']]) {
      const out = await amm(dir, ...args, 'scenario.json')
      expect(out.stderr).toBe('error: scenario.json: a FIFO (named pipe), not a regular file\n')
      expect(out.code).toBe(2)
    }
  })

  it('refuses one trade a day more than the 1e8-trade bound allows, with exit 2', async () => {
    const dir = tempDir('amm-trades-')
    // 10 days: at most 1e7 trades a day
    const scenario = (tradesPerDay: number) => busy('busy', tradesPerDay)
    writeFileSync(path.join(dir, 'over.json'), JSON.stringify(scenario(10_000_001)))
    const out = await amm(dir, 'run', 'over.json', '--no-charts')
    expect(out.stderr).toBe(
      'error: over.json: agents[0].tradesPerDay: 10000001 trades a day over 10d expects 100000010 noise trades in all, above the 100000000 a run can finish: expected at most 10000000 a day here (or a shorter horizon)\n',
    )
    expect(out.code).toBe(2)
    writeFileSync(path.join(dir, 'at.json'), JSON.stringify(scenario(10_000_000)))
    const at = await amm(dir, 'validate', 'at.json')
    expect(at.stderr).toBe('')
    expect(at.code).toBe(0)
  })

  it('stops the largest run allowed (1e8 noise trades) on SIGINT, mid-simulation, exit 130', async () => {
    const dir = tempDir('amm-stop-')
    writeFileSync(path.join(dir, 'first.json'), JSON.stringify(busy('first', 1)))
    writeFileSync(path.join(dir, 'largest.json'), JSON.stringify(busy('largest', 10_000_000)))
    // the event: the first scenario's report line; the largest one is then simulating (~10 s)
    const run = await ammInterruptedOn(
      dir,
      'first: report in',
      'run',
      'first.json',
      'largest.json',
      '--no-charts',
    )
    expect(run.wasSent).toBe(true)
    expect(run.stderr).toBe(
      `interrupted (SIGINT): largest stopped before its report was written; ${path.join('out', 'largest')} is as it was\n`,
    )
    expect(run.code).toBe(130)
  })
})
