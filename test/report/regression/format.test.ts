import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { compareFigure, createRegressionReport } from '../../../src/report/regression/compare.js'
import type { ScenarioComparison } from '../../../src/report/regression/compare.js'
import {
  formatRegressionJson,
  formatRegressionJunit,
  formatRegressionMarkdown,
  writeRegressionReport,
} from '../../../src/report/regression/format.js'
import { lazy } from '../../lazy.js'
import { tempDir } from '../../tempDir.js'

const tolerance = { relative: 0.01, absolute: 0 }
const scenario = (name: string, rows: [string, number, number][], changed: string[] = []) =>
  ({
    scenario: name,
    file: `${name}.json`,
    baselineFile: `baselines/${name}.json`,
    seed: 1,
    baselineSeed: 1,
    version: '0.1.0',
    baselineVersion: '0.1.0',
    changedFields: changed,
    figures: rows.map(([figure, b, n]) => compareFigure(name, figure, b, n, tolerance)),
  }) satisfies ScenarioComparison
// built inside the tests (lazy, test/lazy.ts): Stryker then knows which tests reach the code
const report = lazy(() =>
  createRegressionReport([
    scenario('alpha', [
      ['lpValue', 100, 100],
      ['feeIncome', 50, 40],
    ]),
    scenario('beta <&>', [['lvr', 200, 250]], ['pool.swapFee']),
  ]),
)

describe('formatRegressionMarkdown', () => {
  it('puts the verdict on top, then the changed scenarios, then regressions first', () => {
    const md = formatRegressionMarkdown(report())
    const lines = md.split('\n')
    expect(lines[0]).toBe('## amm-sim regress: REGRESSION')
    expect(lines[2]).toBe(
      '**2 regressions in 2 of 2 scenarios (3 figures compared); 1 scenario changed since the baseline**',
    )
    expect(lines[4]).toBe(
      '- scenario `beta <&>` changed since its baseline: `pool.swapFee`; figures compared all the same',
    )
    const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| scenario'))
    expect(rows).toEqual([
      '| alpha | feeIncome | 50 | 40 | -10, -20.00 % | ±0.5 | **REGRESSION** |',
      '| beta <&> | lvr | 200 | 250 | +50, +25.00 % | ±2 | **REGRESSION** |',
      '| alpha | lpValue | 100 | 100 | 0, +0.00 % | ±1 | ok |',
    ])
    expect(md).toContain('<details><summary>1 figure within tolerance</summary>')
  })
})

describe('formatRegressionJson', () => {
  it('keeps the verdict, counts and every row for programs', () => {
    const data = JSON.parse(formatRegressionJson(report())) as ReturnType<typeof report>
    expect(data.verdict).toBe('regression')
    expect(data.regressions).toBe(2)
    expect(data.scenarios[1]!.figures[0]).toMatchObject({ figure: 'lvr', baseline: 200, now: 250 })
  })
})

// A real XML parser, when the dev dependency is installed (fast-xml-parser; see docs/development.md,
// dependencies). Without it the structural test below still runs.
/** The part of fast-xml-parser's API used here (typed locally: the package may be absent). */
interface XmlParserModule {
  XMLValidator: { validate: (xml: string) => true | object }
  XMLParser: new (options: object) => { parse: (xml: string) => unknown }
}
const require = createRequire(import.meta.url)
let xmlParser: XmlParserModule | undefined
try {
  xmlParser = require('fast-xml-parser') as XmlParserModule
} catch {
  xmlParser = undefined
}

describe('formatRegressionJunit', () => {
  const junit = lazy(() => formatRegressionJunit(report()))
  it('has one test case per scenario and figure, failures carrying the figures', () => {
    const xml = junit()
    expect(xml.match(/<testcase /g)).toHaveLength(3)
    expect(xml.match(/<failure /g)).toHaveLength(2)
    expect(xml).toContain('<testsuites name="amm-sim regress" tests="3" failures="2" errors="0">')
    expect(xml).toContain('message="feeIncome: 50 -&gt; 40 (-10, -20.00 %), tolerance ±0.5"')
    expect(xml).toContain('<testsuite name="beta &lt;&amp;&gt;" tests="1" failures="1"')
  })
  it.skipIf(xmlParser === undefined)('parses with a real XML parser, failure count intact', () => {
    const { XMLParser, XMLValidator } = xmlParser!
    const xml = junit()
    expect(XMLValidator.validate(xml)).toBe(true)
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuites: {
        failures: string
        testsuite: {
          name: string
          testcase:
            | { name: string; failure?: { message: string } }[]
            | { name: string; failure?: { message: string } }
        }[]
      }
    }
    expect(doc.testsuites.failures).toBe('2')
    const cases = doc.testsuites.testsuite.flatMap((s) =>
      Array.isArray(s.testcase) ? s.testcase : [s.testcase],
    )
    expect(cases.filter((c) => c.failure !== undefined).map((c) => c.name)).toEqual([
      'feeIncome',
      'lvr',
    ])
    expect(doc.testsuites.testsuite[1]!.name).toBe('beta <&>')
    expect(cases[1]!.failure!.message).toBe('feeIncome: 50 -> 40 (-10, -20.00 %), tolerance ±0.5')
  })
})

describe('writeRegressionReport', () => {
  it('writes the three files into the folder', async () => {
    const dir = path.join(tempDir('amm-regress-'), 'regression')
    await writeRegressionReport(report(), dir)
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toBe(
      formatRegressionMarkdown(report()),
    )
    expect(readFileSync(path.join(dir, 'report.json'), 'utf8')).toBe(formatRegressionJson(report()))
    expect(readFileSync(path.join(dir, 'junit.xml'), 'utf8')).toBe(formatRegressionJunit(report()))
  })
})
