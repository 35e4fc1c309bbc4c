import { describe, expect, it } from 'vitest'
import { formatSummaryMarkdown } from '../../src/report/markdown.js'
import { validateScenario } from '../../src/sim/scenario/validate.js'
import { standInResult } from './standIn.js'

const scenario = validateScenario(
  {
    name: 'eth-usdc-50-50',
    description: 'A 50/50 pool over a year.',
    pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0 },
    prices: {
      numeraire: 'USDC',
      model: 'gbm',
      start: { ETH: 2000 },
      volatility: { ETH: 0.8 },
      dt: '1h',
      horizon: '365d',
    },
  },
  'x.json',
)

describe('summary.md', () => {
  const text = formatSummaryMarkdown({
    scenario,
    prices: scenario.prices,
    seed: 42,
    version: '0.1.0',
    result: standInResult(),
    charts: [{ file: 'value.png', title: 'LP value vs HODL and benchmarks' }],
  })
  it('describes the scenario in words', () => {
    expect(text).toContain('# eth-usdc-50-50\n\nA 50/50 pool over a year.\n')
    expect(text).toContain('- **Pool**: 2 tokens (ETH 50 %, USDC 50 %), swap fee 0 %')
    expect(text).toContain('volatility ETH 80 %/yr')
    expect(text).toContain('- **Seed**: 42; amm-sim 0.1.0')
  })
  it('tabulates metrics with units', () => {
    expect(text).toContain('| Trades | 4,321 | swaps executed |')
    expect(text).toContain('| Impermanent loss | -1.23 % |')
    expect(text).toContain('| Fee income | 1,000.00 USDC |')
    expect(text).toContain('| Tracking error | 1.23 % a year |')
    expect(text).toContain('| Weight deviation, max | 1.00 % |')
  })
  it('puts the benchmarks side by side and embeds charts by relative link', () => {
    expect(text).toContain('| | LP | hodl | constant-mix |')
    expect(text).toContain('![LP value vs HODL and benchmarks](charts/value.png)')
  })
  it('has a Warnings section saying there are none, and no Data section for a synthetic path', () => {
    expect(text).toContain('## Warnings\n\nNone.\n')
    expect(text).not.toContain('## Data')
  })
  it('notes a zero fee as an idealisation and carries the engine notes', () => {
    expect(text).toContain('- The swap fee is 0: a theoretical idealisation')
    expect(text).toContain('- The 30% cap bound the arbitrageur on 0 steps.')
  })
})

describe('summary.md of a hostile scenario', () => {
  const description =
    '# Owned <img src=x onerror=alert(1)> ![t](https://evil.example/t.png) [c](javascript:x) | *b* `c`'
  const hostile = validateScenario(
    {
      name: 'x_y_',
      description,
      pool: { tokens: ['A_B_', 'USD'], weights: [0.5, 0.5], swapFee: 0.003 },
      prices: { numeraire: 'USD', model: 'constant', start: { A_B_: 2 }, dt: '1h', horizon: '1d' },
      benchmarks: [
        { type: 'hodl', name: '<script>alert(1)</script>' },
        { type: 'constant-mix', name: 'a|b ![i](http://e.example/i.png)' },
      ],
    },
    'x.json',
  )
  const result = standInResult()
  result.benchmarks = {
    '<script>alert(1)</script>': result.benchmarks.hodl!,
    'a|b ![i](http://e.example/i.png)': result.benchmarks['constant-mix']!,
  }
  // a warning quoting a price file's name as read (a file may be named anything)
  result.warnings = [
    {
      code: 'QUOTE_TREATED_EQUAL',
      message: 'X: `# <img src=x onerror=alert(1)>.csv` is quoted in USD',
    },
  ]
  const text = formatSummaryMarkdown({
    scenario: hostile,
    prices: hostile.prices,
    seed: 1,
    version: '0.1.0',
    result,
    charts: [],
  })
  const lines = text.split('\n')
  it('prints the description escaped, character for character', () => {
    expect(lines[2]).toBe(
      '\\# Owned &lt;img src=x onerror=alert(1)&gt; !\\[t\\](https\\://evil.example/t.png) \\[c\\](javascript:x) \\| \\*b\\* \\`c\\`',
    )
    expect(lines[0]).toBe('# x\\_y\\_')
  })
  it('gets no heading, image, link or HTML from the scenario', () => {
    expect(lines.filter((line) => line.startsWith('#'))).toEqual([
      '# x\\_y\\_',
      '## Scenario',
      '## Metrics',
      '## Benchmarks',
      '## Warnings',
      '## Notes',
    ])
    expect(text).not.toMatch(/<|(^|[^\\])!\[/m) // no raw HTML, no image
    const links = [...text.matchAll(/(?<!\\)\[([^\]]*)\]\(([^)]*)\)/g)].map((m) => m[2])
    expect(links).toEqual(['timeseries.csv', 'summary.json'])
  })
  it('escapes the warnings, which quote file names as read', () => {
    expect(text).toContain(
      '- **QUOTE_TREATED_EQUAL**: X: \\`\\# &lt;img src=x onerror=alert(1)&gt;.csv\\` is quoted in USD',
    )
  })
  it('keeps the benchmark table at its columns and escapes token symbols', () => {
    expect(text).toContain(
      '| | LP | &lt;script&gt;alert(1)&lt;/script&gt; | a\\|b !\\[i\\](http\\://e.example/i.png) |',
    )
    expect(text).toContain('(A\\_B\\_ 50 %, USD 50 %)')
    expect(text).toContain(
      '- **Benchmarks**: &lt;script&gt;alert(1)&lt;/script&gt;: the initial basket held; a\\|b',
    )
  })
})
