/**
 * One CSV text cell, safe to open in a spreadsheet: the rule every CSV this package writes
 * follows (`timeseries.csv`, `amm-sim import --out`). Numbers are written by their callers in
 * shortest round-trip form and never pass through here.
 */

/** Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * A text cell made inert and quoted as RFC 4180 needs. A cell starting with `=`, `+`, `-`, `@`,
 * tab or carriage return gets a leading `'` (OWASP's advice against CSV injection, so
 * `=HYPERLINK(…)` stays text); a cell holding `,`, `"`, a line break or the prefix's tab/CR is
 * then wrapped in double quotes with inner quotes doubled, so `A,B` stays one column.
 * @param text - a header or text cell, as the user or the file gave it
 * @returns the cell as it goes between commas
 * @example csvCell('=HYPERLINK("http://x")') // `"'=HYPERLINK(""http://x"")"`
 * @example csvCell('A,B') // '"A,B"'
 * @example csvCell('ETH') // 'ETH'
 */
export function csvCell(text: string): string {
  const inert = FORMULA_START.test(text) ? `'${text}` : text
  return /[",\r\n\t]/.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert
}
