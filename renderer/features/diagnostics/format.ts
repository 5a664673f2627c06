/** Bytes as the page shows them: "3,4 MB" (decimal units, one decimal below 10). */
export function formatBytes(bytes: number): string {
  const units = ['byte', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const shown = unit === 0 ? String(value) : value.toLocaleString('sv-SE', { maximumFractionDigits: 1, minimumFractionDigits: value < 10 ? 1 : 0 });
  return `${shown} ${units[unit]}`;
}
