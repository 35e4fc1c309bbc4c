/**
 * Where a JSON text first breaks, as line and column. `JSON.parse` says "at position N" only
 * for some errors and words them differently across Node versions, so a small scanner of the
 * JSON grammar (RFC 8259) finds the spot and says what it expected there.
 */

/** The first syntax error of a JSON text: 1-based line and column, and what was expected. */
export interface JsonSyntaxProblem {
  line: number
  column: number
  /** What the grammar expected and what was found, e.g. `expected ',' or '}', found '"c"'`. */
  detail: string
}

/**
 * Finds the first syntax error of a JSON text, or `undefined` when it parses.
 * @param text - the whole file as a string
 * @returns line and column (1-based, columns in UTF-16 units) and a description
 * @example locateJsonSyntaxError('{"a": 1,}') // { line: 1, column: 9, detail: "expected a property name in double quotes, found '}'" }
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  const scanner = new Scanner(text)
  try {
    scanner.skipSpace()
    scanner.value()
    scanner.skipSpace()
    if (scanner.position < text.length) scanner.fail('the end of the file')
    return undefined
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error
    const before = text.slice(0, error.position)
    const lines = before.split('\n')
    return {
      line: lines.length,
      column: lines[lines.length - 1]!.length + 1,
      detail: error.detail,
    }
  }
}

/** Internal: unwinds the scanner to {@link locateJsonSyntaxError}, which turns it into data. */
class SyntaxProblem extends Error {
  constructor(
    readonly position: number,
    readonly detail: string,
  ) {
    super(detail)
  }
}

/** Recursive descent over the JSON grammar; throws {@link SyntaxProblem} at the first error. */
class Scanner {
  position = 0
  constructor(private readonly text: string) {}

  fail(expected: string): never {
    throw new SyntaxProblem(this.position, `expected ${expected}, found ${this.found()}`)
  }

  private found(): string {
    if (this.position >= this.text.length) return 'the end of the file'
    const token = /^("(?:[^"\\\n]|\\.){0,20}"?|[A-Za-z0-9.+-]{1,20}|.)/s.exec(
      this.text.slice(this.position),
    )
    return `'${token?.[0] ?? ''}'`
  }

  skipSpace(): void {
    while (this.position < this.text.length && ' \t\n\r'.includes(this.text[this.position]!))
      this.position++
  }

  value(): void {
    const c = this.text[this.position]
    if (c === '{') this.object()
    else if (c === '[') this.array()
    else if (c === '"') this.string()
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number()
    else if (!this.literal('true') && !this.literal('false') && !this.literal('null'))
      this.fail('a value')
  }

  private literal(word: string): boolean {
    if (!this.text.startsWith(word, this.position)) return false
    this.position += word.length
    return true
  }

  private object(): void {
    this.position++
    this.skipSpace()
    if (this.text[this.position] === '}') {
      this.position++
      return
    }
    for (;;) {
      this.skipSpace()
      if (this.text[this.position] !== '"') this.fail('a property name in double quotes')
      this.string()
      this.skipSpace()
      if (this.text[this.position] !== ':') this.fail("':' after the property name")
      this.position++
      this.skipSpace()
      this.value()
      this.skipSpace()
      const c = this.text[this.position]
      this.position++
      if (c === '}') return
      if (c !== ',') {
        this.position--
        this.fail("',' or '}' after a property value")
      }
    }
  }

  private array(): void {
    this.position++
    this.skipSpace()
    if (this.text[this.position] === ']') {
      this.position++
      return
    }
    for (;;) {
      this.skipSpace()
      this.value()
      this.skipSpace()
      const c = this.text[this.position]
      this.position++
      if (c === ']') return
      if (c !== ',') {
        this.position--
        this.fail("',' or ']' after an array element")
      }
    }
  }

  private string(): void {
    const start = this.position
    this.position++
    while (this.position < this.text.length) {
      const c = this.text[this.position]!
      if (c === '"') {
        this.position++
        return
      }
      if (c === '\n' || c < ' ') this.fail("a closing '\"' (strings cannot span lines)")
      if (c === '\\') {
        const escape = this.text[this.position + 1]
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.position + 2, this.position + 6)))
            this.fail('four hex digits after \\u')
          this.position += 6
          continue
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          this.position++
          this.fail('an escape such as \\n or \\"')
        }
        this.position += 2
        continue
      }
      this.position++
    }
    this.position = start
    this.fail('a string closed before the end of the file')
  }

  private number(): void {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(
      this.text.slice(this.position),
    )
    if (!match) this.fail('a number')
    this.position += match[0].length
  }
}
