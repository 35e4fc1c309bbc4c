import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeMarkdown } from '../../src/report/markdownText.js'
import { fcParams } from '../arbitraries.js'

/**
 * What a CommonMark reader shows for escaped text: a backslash before ASCII punctuation gives the
 * character itself (CommonMark 0.31, "Backslash escapes"), and the three entities their
 * characters. Written from the spec, not from the escaper.
 */
function shown(markdown: string): string {
  return markdown.replace(
    /\\([!-/:-@[-`{-~])|&(lt|gt|amp);/g,
    (_, c: string | undefined, entity: string | undefined) =>
      c ?? { lt: '<', gt: '>', amp: '&' }[entity!]!,
  )
}

/**
 * Markup that would still be live: a Markdown-special character without a backslash before it,
 * a raw `<` or `>`, a line break, a leading block marker, a bare URL scheme.
 */
function liveMarkup(markdown: string): string[] {
  const found: string[] = []
  const unescaped = /(^|[^\\])(?:\\\\)*([`*_~[\]|#$@<>])/g
  for (const match of markdown.matchAll(unescaped)) found.push(match[2]!)
  if (/[\n\r]/.test(markdown)) found.push('line break')
  if (/^(?:[-+=>]|\d+[.)]|\s)/.test(markdown)) found.push('block marker')
  if (/[a-z]:\/\//i.test(markdown)) found.push('URL scheme')
  return found
}

const special = fc.constantFrom(
  ...'\\`*_~[]|#$@<>&!():/.-+= \n\r\t'.split(''),
  'http://',
  'www.',
  '<img src=x onerror=alert(1)>',
  '1.',
)
const hostile = fc
  .array(fc.oneof(special, fc.string({ maxLength: 3 })), { maxLength: 12 })
  .map((parts) => parts.join(''))

describe('escapeMarkdown', () => {
  it('turns every kind of markup into text, exactly', () => {
    expect(escapeMarkdown('# Title')).toBe('\\# Title')
    expect(escapeMarkdown('![x](http://e.example/a.png)')).toBe(
      '!\\[x\\](http\\://e.example/a.png)',
    )
    expect(escapeMarkdown('<img src=x onerror="alert(1)">')).toBe(
      '&lt;img src=x onerror="alert(1)"&gt;',
    )
    expect(escapeMarkdown('a | b *c* _d_ `e` ~f~ $g$ h@i.j &amp;')).toBe(
      'a \\| b \\*c\\* \\_d\\_ \\`e\\` \\~f\\~ \\$g\\$ h\\@i.j &amp;amp;',
    )
    expect(escapeMarkdown('line one\n## line two\r\n- three')).toBe(
      'line one \\#\\# line two - three',
    )
    expect(escapeMarkdown('  - item')).toBe('\\- item')
    expect(escapeMarkdown('1. first')).toBe('1\\. first')
    expect(escapeMarkdown('see www.e.example')).toBe('see www\\.e.example')
    expect(escapeMarkdown('A 50/50 ETH/USDC pool (0.3 %).')).toBe('A 50/50 ETH/USDC pool (0.3 %).')
  })
  it('any text: shown as written (whitespace runs aside) and no markup left live', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const markdown = escapeMarkdown(text)
        expect(liveMarkup(markdown)).toEqual([])
        // eslint-disable-next-line no-control-regex -- control characters are what is replaced
        const expected = text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim()
        expect(shown(markdown)).toBe(expected)
      }),
      fcParams(1_000),
    )
  })
})
