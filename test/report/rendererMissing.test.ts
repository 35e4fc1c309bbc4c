import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { writeFolderAtomically } from '../../src/report/atomicWrite.js'
import { chartSpecs, renderCharts } from '../../src/report/charts.js'
import { writeReport } from '../../src/report/report.js'
import { validateScenario } from '../../src/sim/scenario/validate.js'
import { standInResult } from './standIn.js'
import { tempDir } from '../tempDir.js'

// A machine where the native canvas module is missing: chartjs-node-canvas fails to construct.
vi.mock('chartjs-node-canvas', () => ({
  ChartJSNodeCanvas: function ChartJSNodeCanvas() {
    throw new Error("Cannot find module 'canvas'")
  },
}))

describe('without the native renderer', () => {
  it('fails with RENDERER_MISSING and says how to install it on each OS', async () => {
    const specs = chartSpecs(standInResult(), { weights: [0.5, 0.5], isStatic: true })
    const failure = renderCharts(specs)
    await expect(failure).rejects.toThrow(expect.objectContaining({ code: 'RENDERER_MISSING' }))
    const message = await failure.catch((error: unknown) => (error as Error).message)
    expect(message).toMatch(/^RENDERER_MISSING: the chart renderer/)
    expect(message).toContain(
      'sudo apt-get install build-essential libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev',
    )
    expect(message).toContain('brew install pkg-config cairo pango libpng jpeg giflib librsvg')
    expect(message).toContain('Windows')
    expect(message).toContain('--no-charts')
    expect(message).toContain('`hasCharts: false` in writeReport')
    expect(message).toContain('npm install canvas chartjs-node-canvas')
    expect(message).toContain("(Cannot find module 'canvas')")
  })

  it('writes nothing, leaving the previous report intact; --no-charts still works', async () => {
    const root = tempDir('amm-renderer-')
    const dir = path.join(root, 'x')
    await writeFolderAtomically(dir, new Map([['summary.json', 'old\n']]))
    const scenario = validateScenario(
      {
        name: 'x',
        description: 'd',
        pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
        prices: {
          numeraire: 'USDC',
          model: 'constant',
          start: { ETH: 1 },
          dt: '1h',
          horizon: '1d',
        },
      },
      'x.json',
    )
    const outcome = { scenario, prices: scenario.prices, seed: 1, result: standInResult() }
    await expect(writeReport(outcome, { dir, version: '0.1.0' })).rejects.toThrow(
      expect.objectContaining({ code: 'RENDERER_MISSING' }),
    )
    expect(readFileSync(path.join(dir, 'summary.json'), 'utf8')).toBe('old\n')
    expect(readdirSync(root)).toEqual(['x'])
    const written = await writeReport(outcome, { dir, version: '0.1.0', hasCharts: false })
    expect(written.files).toEqual(['summary.json', 'summary.md', 'timeseries.csv'])
    expect(readdirSync(dir).sort()).toEqual(['summary.json', 'summary.md', 'timeseries.csv'])
  })
})
