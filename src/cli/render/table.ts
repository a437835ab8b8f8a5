/** Left-aligned columns padded to the widest cell, as the seed's `mode list` prints them. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], minWidths: readonly number[] = []): string[] {
  const widths = header.map((h, i) => Math.max(h.length, minWidths[i] ?? 0, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - visibleLength(c) + 2)))
      .join('')
      .trimEnd();
  return [line(header), '-'.repeat(80), ...rows.map(line)];
}

// Colour codes take no room on screen.
const visibleLength = (s: string): number => s.replace(/\u001b\[\d+m/g, '').length;
