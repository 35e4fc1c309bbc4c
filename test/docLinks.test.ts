/**
 * Every relative link of README.md and docs/*.md resolves (issue 14: when sections moved from
 * the README into docs/, `[x](#anchor)` had to become `[x](docs/page.md#anchor)`). A link's
 * file must exist, relative to the page that holds it, and its `#anchor` must be a heading of
 * the target page under GitHub's slug rules: the heading's text without Markdown (code spans
 * and links keep their text), lower-cased, every character but letters, marks, digits, `_`,
 * `-` and spaces dropped, spaces turned into `-`; a repeated slug gets `-1`, `-2`, … in page
 * order. Links inside code (fenced blocks, code spans) are text, not links, and are skipped,
 * as are links with a scheme (`https:`, `mailto:`).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type DocFile, ROOT, docFiles } from './docFiles.js'

/**
 * GitHub's anchor for a heading's text (github-slugger's rule).
 * @param heading - the heading's Markdown after the `#`s
 * @returns the slug, without the repeat suffix
 */
function githubSlug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link or image keeps its text
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

/** The text of a page with fenced blocks and code spans blanked (lines and offsets kept). */
function proseOf(doc: DocFile): string {
  let isFenced = false
  const text = doc.lines
    .map((line) => {
      if (line.startsWith('```')) {
        isFenced = !isFenced
        return ''
      }
      return isFenced ? '' : line
    })
    .join('\n')
  // a code span: a run of backticks, anything but a blank line, the same run (CommonMark)
  return text.replace(/(?<!`)(`+)(?!`)(?:(?!\n\n)[\s\S])*?(?<!`)\1(?!`)/g, (span) =>
    span.replace(/[^\n]/g, ' '),
  )
}

/**
 * The anchors of a page's headings, in GitHub's form.
 * @param doc - the page
 * @returns every anchor, repeats suffixed
 */
function anchorsOf(doc: DocFile): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  let isFenced = false
  for (const line of doc.lines) {
    if (line.startsWith('```')) isFenced = !isFenced
    const heading = isFenced ? null : /^#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)
    if (!heading) continue
    const slug = githubSlug(heading[1]!)
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return anchors
}

/** A link of a page: where it is and where it points. */
interface Link {
  where: string
  target: string
}

/**
 * The links of a page's prose, `[text](target)` and `![alt](target)`.
 * @param doc - the page
 * @returns each link with `file:line`
 */
function linksOf(doc: DocFile): Link[] {
  const prose = proseOf(doc)
  const links: Link[] = []
  for (const match of prose.matchAll(/!?\[(?:[^\]\n]|\n(?!\n))*\]\(([^)\s]+)\)/g)) {
    const line = prose.slice(0, match.index).split('\n').length
    links.push({ where: `${doc.file}:${line}`, target: match[1]! })
  }
  return links
}

/**
 * What is wrong with each relative link of the pages.
 * @param docs - the pages, paths relative to `root`
 * @param root - the folder the paths are relative to
 * @returns one line per broken link: `file:line: target: reason`
 */
function brokenLinks(docs: DocFile[], root: string): string[] {
  const anchors = new Map(docs.map((doc) => [doc.file, anchorsOf(doc)]))
  const problems: string[] = []
  for (const doc of docs)
    for (const { where, target } of linksOf(doc)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue // https:, mailto:
      const [file = '', anchor] = target.split('#', 2)
      const resolved = file
        ? path.posix.normalize(path.posix.join(path.posix.dirname(doc.file), file))
        : doc.file
      if (file && !existsSync(path.join(root, resolved))) {
        problems.push(`${where}: ${target}: no such file ${resolved}`)
        continue
      }
      if (anchor === undefined || !resolved.endsWith('.md')) continue
      const targetAnchors = anchors.get(resolved)
      if (targetAnchors === undefined)
        problems.push(`${where}: ${target}: ${resolved} is not README.md or docs/*.md`)
      else if (!targetAnchors.has(anchor))
        problems.push(`${where}: ${target}: ${resolved} has no heading with anchor #${anchor}`)
    }
  return problems
}

describe('links of README.md and docs/*.md', () => {
  const docs = docFiles()

  it("computes GitHub's anchors, as the README's links have long used them", () => {
    expect(githubSlug('Report files (`out/<name>/`)')).toBe('report-files-outname')
    expect(githubSlug('`amm-sim regress [scenario...] --baseline DIR`')).toBe(
      'amm-sim-regress-scenario---baseline-dir',
    )
    expect(githubSlug('`data` and `warnings` in summary.json')).toBe(
      'data-and-warnings-in-summaryjson',
    )
    expect(
      githubSlug(
        'Alignment: `alignSeries(series, { tokens, numeraire, step?, maxGap?, start?, end?, gridOrigin? })`',
      ),
    ).toBe('alignment-alignseriesseries--tokens-numeraire-step-maxgap-start-end-gridorigin-')
    expect(githubSlug('amm-sim — a simulator of Balancer-style weighted pools')).toBe(
      'amm-sim--a-simulator-of-balancer-style-weighted-pools',
    )
    expect(githubSlug('The [guide](docs/README.md) in `docs/`')).toBe('the-guide-in-docs')
  })

  it('numbers repeated headings of a page -1, -2, … and skips fenced blocks', () => {
    const doc = {
      file: 'x.md',
      lines: ['# A', '## Errors', '```sh', '# Errors', '```', '### Errors'],
    }
    expect([...anchorsOf(doc)]).toEqual(['a', 'errors', 'errors-1'])
  })

  it('finds links in prose only, not in fenced blocks or code spans', () => {
    const doc = {
      file: 'docs/x.md',
      lines: [
        'See [a](a.md#b) and `[not](c.md)`, ``[nor `this`](d.md)``; a link across',
        'lines [Sweeps across',
        'machines](sweeps.md#sweeps-across-machines), ![chart](../out/x.png)',
        '```md',
        '[in a block](e.md)',
        '```',
      ],
    }
    expect(linksOf(doc)).toEqual([
      { where: 'docs/x.md:1', target: 'a.md#b' },
      { where: 'docs/x.md:2', target: 'sweeps.md#sweeps-across-machines' },
      { where: 'docs/x.md:3', target: '../out/x.png' },
    ])
  })

  it('reports a missing file, a missing anchor and an anchor of the wrong page', () => {
    const pages: DocFile[] = [
      { file: 'README.md', lines: ['# Top', '[ok](docs/cli.md#commands) [gone](#commands)'] },
      { file: 'docs/cli.md', lines: ['## Commands', '[up](../README.md#top) [x](nope.md)'] },
    ]
    expect(brokenLinks(pages, ROOT)).toEqual([
      'README.md:2: #commands: README.md has no heading with anchor #commands',
      'docs/cli.md:2: nope.md: no such file docs/nope.md',
    ])
  })

  it('has a guide: the README links its contents, docs/README.md, which links every page', () => {
    const targets = (file: string) => {
      const doc = docs.find((d) => d.file === file)!
      const dir = path.posix.dirname(file)
      return new Set(
        linksOf(doc).map((link) => {
          const target = link.target.split('#')[0]
          return target ? path.posix.join(dir, target) : file
        }),
      )
    }
    expect(targets('README.md')).toContain('docs/README.md')
    const pages = docs.map((doc) => doc.file).filter((file) => /^docs\/(?!README\.md$)/.test(file))
    expect(pages.length).toBeGreaterThanOrEqual(12)
    const listed = targets('docs/README.md')
    expect(pages.filter((file) => !listed.has(file))).toEqual([])
  })

  it('resolves every relative link and anchor', () => {
    expect(brokenLinks(docs, ROOT)).toEqual([])
  })
})
