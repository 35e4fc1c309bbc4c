/**
 * User-given text made inert in Markdown and the HTML a Markdown viewer passes through: the one
 * rule for every string of a scenario (description, benchmark names, token symbols, file names)
 * and of the engine's notes that lands in `summary.md`.
 */

/**
 * Characters with a meaning anywhere in a line (CommonMark + GitHub-flavoured Markdown), each
 * written with a backslash, which CommonMark defines as the literal character for any ASCII
 * punctuation: `\` escapes, `` ` `` code, `*` `_` `~` emphasis and strike-through, `[` `]` links
 * and images (so `![](http…)` loses its `[`), `|` table cells, `#` headings, `$` math on GitHub,
 * `@` e-mail autolinks.
 */
const INLINE = /[\\`*_~[\]|#$@]/g
/** Characters spelled as HTML entities, so no tag (`<img onerror>`), autolink or entity forms. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }
/** Line breaks and other control characters: all become one space (one line stays one line). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g

/**
 * Text that renders as itself, wherever it is placed in a line of Markdown (a paragraph, a list
 * item, a table cell, a heading): no heading, list, quote, emphasis, code, link, image, autolink,
 * table cell break or HTML can come from it. Line breaks and control characters become a space;
 * leading and trailing blanks go. Besides the characters above, `:` before `//` and the `.` of a
 * leading `www.` are escaped (GitHub's bare-URL autolinks), and a line-start marker (`-`, `+`,
 * `=`, `1.`, `1)`) is escaped so the text cannot open a list or a setext heading.
 * @param text - any string from the user (a scenario field, a file name, a CSV header)
 * @returns Markdown source that displays `text` literally (up to whitespace)
 * @example escapeMarkdown('# Hi <img src=x onerror=alert(1)> ![](http://e.x/a.png)')
 * // '\\# Hi &lt;img src=x onerror=alert(1)&gt; !\\[\\](http\\://e.x/a.png)'
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(CONTROL, ' ')
    .trim()
    .replace(/[&<>]/g, (c) => ENTITIES[c]!)
    .replace(INLINE, '\\$&')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2')
}
