/** Small statistics and table helpers for the benchmark. */

export interface Summary {
  n: number
  median: number
  p95: number
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { n: 0, median: NaN, p95: NaN }
  const sorted = [...samples].sort((a, b) => a - b)
  return { n: sorted.length, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) }
}

/** Nearest-rank quantile of sorted samples (the median of an even count is the mean of the middle two). */
export function quantile(sorted: readonly number[], q: number): number {
  if (q === 0.5 && sorted.length % 2 === 0) {
    const middle = sorted.length / 2
    return (sorted[middle - 1]! + sorted[middle]!) / 2
  }
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank]!
}

export function formatNumber(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—'
  if (unit === 'ms') return value < 1 ? value.toFixed(3) : value < 100 ? value.toFixed(2) : value.toFixed(0)
  if (unit === 'MB') return value.toFixed(0)
  return value >= 100 ? value.toFixed(0) : value.toFixed(1)
}

/** A plain markdown table with right-aligned numeric columns. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)))
  const line = (cells: string[]) =>
    '| ' + cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ') + ' |'
  const rule = '|' + widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : '-'.repeat(width + 1) + ':')).join('|') + '|'
  return [line(header), rule, ...rows.map(line)].join('\n')
}

/** Shuffle in place with a seeded generator, so every contender gets the same order. */
export function seededShuffle<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0 || 1
  const next = () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 2 ** 32
  }
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(next() * (index + 1))
    ;[items[index], items[other]] = [items[other]!, items[index]!]
  }
  return items
}
