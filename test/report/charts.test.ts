import { describe, expect, it } from 'vitest'
import { CHART_HEIGHT, CHART_WIDTH, chartSpecs, renderCharts } from '../../src/report/charts.js'
import { standInResult } from './standIn.js'

/** Width and height from a PNG's IHDR chunk, after checking the 8-byte signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

describe('charts', () => {
  const result = standInResult()
  const specs = chartSpecs(result, { weights: [0.5, 0.5], isStatic: true })

  it('builds the five report charts with titles, axis titles and units', () => {
    expect(specs.map((s) => s.file)).toEqual([
      'value.png',
      'impermanent-loss.png',
      'weights.png',
      'fees-lvr.png',
      'prices.png',
    ])
    const value = specs[0]!.config.options!.scales!
    expect(value.x!.title).toMatchObject({ display: true, text: 'Days since 2025-01-01' })
    expect(value.y!.title).toMatchObject({ display: true, text: 'Value (USDC)' })
    expect(specs[0]!.config.data.datasets.map((d) => d.label)).toEqual([
      'LP position',
      'HODL',
      'constant-mix',
    ])
  })

  it('draws the closed-form IL of a 50/50 pool: 2 sqrt(r) / (1 + r) - 1, in percent', () => {
    const il = specs[1]!.config.data.datasets.find((d) => d.label!.startsWith('Closed-form'))!
    const eth = result.series.data[1]!
    for (const i of [0, 57, 199]) {
      const r = eth[i]! / eth[0]!
      expect(il.data[i]!.y).toBeCloseTo(((2 * Math.sqrt(r)) / (1 + r) - 1) * 100, 10)
    }
  })

  it('computes value weights from balances and prices: 50 % for this fee-free path', () => {
    const weights = specs[2]!.config.data.datasets[0]!
    expect(weights.label).toBe('ETH value weight')
    for (const point of weights.data) expect(point.y).toBeCloseTo(50, 9)
  })

  it('renders PNGs of the stated size on a white background with the data drawn', async () => {
    const pngs = await renderCharts(specs.slice(0, 2))
    expect([...pngs.keys()]).toEqual(['value.png', 'impermanent-loss.png'])
    expect(CHART_WIDTH).toBe(1000)
    expect(CHART_HEIGHT).toBe(500)
    // Decoded by the same native library, but through its image decoder, not the chart code.
    const { createCanvas, loadImage } = await import('canvas')
    for (const png of pngs.values()) {
      expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT })
      const image = await loadImage(png)
      const context = createCanvas(image.width, image.height).getContext('2d')
      context.drawImage(image, 0, 0)
      const { data } = context.getImageData(0, 0, image.width, image.height)
      const rgba = (x: number, y: number) => [
        ...data.subarray(4 * (y * image.width + x), 4 * (y * image.width + x) + 4),
      ]
      // Opaque white corners: a transparent or coloured background fails here.
      for (const [x, y] of [
        [0, 0],
        [image.width - 1, 0],
        [0, image.height - 1],
        [image.width - 1, image.height - 1],
      ] as const)
        expect(rgba(x, y)).toEqual([255, 255, 255, 255])
      // Inside the plot area (inset from the axes, title and legend) lines and grid are drawn:
      // a blank chart has no non-white pixel there. 0.5 % of that area is a few hundred pixels of
      // a 2-pixel line across the width; measured 5.0 % and 5.6 % on these two charts.
      let drawn = 0
      let total = 0
      for (let y = Math.floor(image.height * 0.2); y < image.height * 0.8; y++)
        for (let x = Math.floor(image.width * 0.15); x < image.width * 0.95; x++) {
          total++
          const [r, g, b] = rgba(x, y)
          if (r! < 250 || g! < 250 || b! < 250) drawn++
        }
      expect(drawn / total).toBeGreaterThan(0.005)
    }
  })
})
