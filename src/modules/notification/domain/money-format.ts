/** Minor units as people read them in an email: `45.00 EUR` (zero-decimal currencies stay whole). */
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'XAF', 'XOF']);

export function formatMoney(minor: number, currency: string): string {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL.has(code)) return `${minor} ${code}`;
  return `${(minor / 100).toFixed(2)} ${code}`;
}
