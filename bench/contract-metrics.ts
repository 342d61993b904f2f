/**
 * The `contract_call_duration_seconds` histogram of the split's processes, scraped from /metrics
 * before and after a run: the difference is what that run's contract calls cost. Prometheus
 * histograms are cumulative, so the quantiles are estimated from the buckets as Prometheus'
 * histogram_quantile does (linear within the bucket the rank falls in).
 */

/** One series: its cumulative bucket counts by upper bound, its count and its sum of seconds. */
interface Series {
  buckets: Map<number, number>;
  count: number;
  sum: number;
}

/** Series by `context call outcome`. */
export type ContractCalls = Map<string, Series>;

const METRIC = 'contract_call_duration_seconds';

function labelsOf(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]] = m[2];
  return labels;
}

/** Parses the histogram out of a Prometheus text exposition. */
export function parseContractCalls(exposition: string): ContractCalls {
  const calls: ContractCalls = new Map();
  const line = new RegExp(`^${METRIC}_(bucket|count|sum)\\{([^}]*)\\}\\s+(\\S+)$`);
  for (const raw of exposition.split('\n')) {
    const m = line.exec(raw.trim());
    if (!m) continue;
    const labels = labelsOf(m[2]);
    const key = `${labels.context} ${labels.call} ${labels.outcome}`;
    const series = calls.get(key) ?? { buckets: new Map(), count: 0, sum: 0 };
    calls.set(key, series);
    const value = Number(m[3]);
    if (m[1] === 'bucket') series.buckets.set(labels.le === '+Inf' ? Infinity : Number(labels.le), value);
    else if (m[1] === 'count') series.count = value;
    else series.sum = value;
  }
  return calls;
}

export async function scrapeContractCalls(base: string): Promise<ContractCalls> {
  const response = await fetch(`${base}/metrics`);
  if (!response.ok) throw new Error(`${base}/metrics answered ${response.status}: is METRICS_ENABLED set?`);
  return parseContractCalls(await response.text());
}

/** after − before, series by series; adds the result into `into` when given (rounds summed). */
export function addDifference(into: ContractCalls, after: ContractCalls, before: ContractCalls): void {
  for (const [key, a] of after) {
    const b = before.get(key);
    const total = into.get(key) ?? { buckets: new Map(), count: 0, sum: 0 };
    for (const [le, n] of a.buckets)
      total.buckets.set(le, (total.buckets.get(le) ?? 0) + n - (b?.buckets.get(le) ?? 0));
    total.count += a.count - (b?.count ?? 0);
    total.sum += a.sum - (b?.sum ?? 0);
    if (total.count > 0) into.set(key, total);
  }
}

/** The q-quantile in seconds, interpolated within its bucket (the first bucket from 0). */
export function quantile(series: Series, q: number): number {
  const bounds = [...series.buckets.keys()].sort((x, y) => x - y);
  const rank = q * series.count;
  let lower = 0;
  let below = 0;
  for (const le of bounds) {
    const cumulative = series.buckets.get(le)!;
    if (cumulative >= rank) {
      // Past the largest finite bound nothing is known but that bound.
      if (le === Infinity) return lower;
      const inBucket = cumulative - below;
      return inBucket === 0 ? le : lower + ((le - lower) * (rank - below)) / inBucket;
    }
    lower = le;
    below = cumulative;
  }
  return lower;
}

export interface ContractCallRow {
  context: string;
  call: string;
  outcome: string;
  count: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
}

export function contractCallRows(calls: ContractCalls): ContractCallRow[] {
  const ms = (s: number) => Math.round(s * 100_000) / 100;
  return [...calls.entries()]
    .map(([key, s]) => {
      const [context, call, outcome] = key.split(' ');
      return {
        context,
        call,
        outcome,
        count: s.count,
        meanMs: ms(s.sum / s.count),
        p50Ms: ms(quantile(s, 0.5)),
        p99Ms: ms(quantile(s, 0.99)),
      };
    })
    .sort((a, b) => b.count - a.count);
}
