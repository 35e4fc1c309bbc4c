/**
 * A stand-in for `chartjs-node-canvas` in the report kill tests:
 * `vi.mock('chartjs-node-canvas', () => import('./titleCanvas.js'))`. The real native canvas
 * crashes Stryker's test process (SIGSEGV when its worker exits), and those tests check which
 * charts go to which files: each "PNG" is its chart's title (`png: <title>`).
 * `renderer.isMissing` makes the renderer fail as on a machine without canvas; the tests reset it
 * before each test.
 */
export const renderer = { isMissing: false }

export class ChartJSNodeCanvas {
  constructor() {
    if (renderer.isMissing) throw new Error("Cannot find module 'canvas'")
  }
  renderToBuffer(config: { options: { plugins: { title: { text: string } } } }): Promise<Buffer> {
    return Promise.resolve(Buffer.from(`png: ${config.options.plugins.title.text}`))
  }
}
