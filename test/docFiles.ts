/**
 * The documentation the tests read: README.md and the guide's pages, docs/*.md (issue 14: the
 * README was split into a short README and a docs/ guide). Paths are relative to the
 * repository, README first, then the pages in name order, so test names are stable.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../', import.meta.url))

/** One Markdown file of the documentation. */
export interface DocFile {
  /** Path relative to the repository, with `/`: `README.md`, `docs/cli.md`. */
  file: string
  /** The file's lines (split at `\n`). */
  lines: string[]
}

/**
 * README.md and every docs/*.md, read now.
 * @returns README.md first, then docs/*.md in name order
 */
export function docFiles(): DocFile[] {
  const pages = readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`)
  return ['README.md', ...pages].map((file) => ({
    file,
    lines: readFileSync(path.join(ROOT, file), 'utf8').split('\n'),
  }))
}

/** A fenced code block of a doc file. */
export interface FencedBlock {
  /** The info string after the opening fence (`ts`, `sh`, `ts no-run`, empty). */
  info: string
  /** 1-based line of the opening fence. */
  line: number
  /** The lines between the fences. */
  body: string[]
  /** 1-based line of the closing fence. */
  endLine: number
}

/**
 * The fenced blocks of a doc file (fences of three backticks at the start of a line).
 * @param doc - the file
 * @returns the blocks in order
 */
export function fencedBlocks(doc: DocFile): FencedBlock[] {
  const blocks: FencedBlock[] = []
  let open: FencedBlock | undefined
  doc.lines.forEach((text, i) => {
    if (!text.startsWith('```')) {
      open?.body.push(text)
      return
    }
    if (open === undefined) open = { info: text.slice(3).trim(), line: i + 1, body: [], endLine: 0 }
    else {
      open.endLine = i + 1
      blocks.push(open)
      open = undefined
    }
  })
  return blocks
}
