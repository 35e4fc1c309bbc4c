import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { locateJsonSyntaxError } from '../../../src/sim/scenario/jsonSyntax.js'
import { fcParams } from '../../arbitraries.js'

/** Whether the platform's parser accepts a text: the oracle for the scanner's verdict. */
function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

describe('locateJsonSyntaxError', () => {
  it('accepts every text JSON.parse accepts (random JSON, pretty or compact)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, isPretty) => {
        const text = JSON.stringify(value, null, isPretty ? 2 : undefined)
        expect(locateJsonSyntaxError(text)).toBeUndefined()
      }),
      fcParams(500),
    )
  })

  it('flags every truncation JSON.parse rejects, at a line:column inside the text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, cut) => {
        const text = JSON.stringify(value, null, 2)
        const prefix = text.slice(0, cut % (text.length + 1))
        const problem = locateJsonSyntaxError(prefix)
        expect(problem === undefined).toBe(isJson(prefix))
        if (problem) {
          const lines = prefix.split('\n')
          expect(problem.line).toBeLessThanOrEqual(lines.length)
          expect(problem.column).toBeLessThanOrEqual(lines[problem.line - 1]!.length + 1)
        }
      }),
      fcParams(500),
    )
  })
})
