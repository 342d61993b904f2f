import type { ContractCalls } from './contract-metrics';
import { contractCallRows } from './contract-metrics';
import type { Measured } from './scenarios';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const total = (m: Measured) => Object.values(m.statuses).reduce((t, n) => t + n, 0);

function medianRun(list: Measured[]): Measured {
  const kept = { ...[...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)] };
  kept.rounds = list.map((m) => m.rps);
  const part = (k: 'node' | 'postgres') => {
    const values = list.map((m) => m.cpu?.[k]).filter((v): v is number => typeof v === 'number');
    return values.length === list.length ? median(values) : null;
  };
  kept.cpu = { node: part('node'), postgres: part('postgres') };
  return kept;
}

const pairs = (a: Measured[], b: Measured[]) => a.map((m, i) => m.rps / b[i].rps);
const ratioCell = (r: number[]) => `${median(r).toFixed(2)} (${r.map((x) => x.toFixed(2)).join(', ')})`;
const cpuCell = (m: Measured) =>
  m.cpu?.node != null && m.cpu.postgres != null
    ? `${m.cpu.node.toFixed(2)} + ${m.cpu.postgres.toFixed(2)}`
    : '—';
const answers = (list: Measured[]) => {
  const sum: Record<string, number> = {};
  for (const m of list) for (const [s, n] of Object.entries(m.statuses)) sum[s] = (sum[s] ?? 0) + n;
  const errors = list.reduce((t, m) => t + m.errors, 0);
  return `${Object.entries(sum)
    .map(([s, n]) => `${n}×${s}`)
    .join(', ')}${errors ? `, ${errors} errors` : ''}`;
};

/** The markdown tables of `npm run bench:split`: runs by `<target> <scenario>`, contract calls by scenario. */
export function report(
  scenarios: string[],
  runs: Map<string, Measured[]>,
  calls: Map<string, ContractCalls>,
): string {
  const get = (target: string, scenario: string) => runs.get(`${target} ${scenario}`) ?? [];
  const lines = [
    '| scenario | target | req/s: median run (each round) | p50 ms | p99 ms | CPU ms/request: node + PostgreSQL | answers, all rounds |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const scenario of scenarios)
    for (const target of ['monolith', 'split', 'baseline']) {
      const list = get(target, scenario);
      if (list.length === 0) continue;
      const m = medianRun(list);
      lines.push(
        `| ${scenario} | ${target} | ${m.rps} (${m.rounds!.join(', ')}) | ${m.p50} | ${m.p99} | ${cpuCell(m)} | ${answers(list)} |`,
      );
    }
  lines.push(
    '',
    '| scenario | split/monolith req/s: median of round pairs (each pair) | monolith/baseline req/s | monolith/split CPU per request |',
    '| --- | ---: | ---: | ---: |',
  );
  for (const scenario of scenarios) {
    const [mono, split, base] = [
      get('monolith', scenario),
      get('split', scenario),
      get('baseline', scenario),
    ];
    const cpu = (list: Measured[]) => {
      const m = medianRun(list).cpu;
      return m?.node != null && m.postgres != null ? m.node + m.postgres : null;
    };
    const [cm, cs] = [cpu(mono), cpu(split)];
    lines.push(
      `| ${scenario} | ${ratioCell(pairs(split, mono))} | ${base.length ? ratioCell(pairs(mono, base)) : '—'} | ${cm && cs ? (cm / cs).toFixed(2) : '—'} |`,
    );
  }
  lines.push(
    '',
    '| scenario (split) | served by | contract call | outcome | calls | per request | mean ms | p50 ms | p99 ms |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const scenario of scenarios) {
    const requests = get('split', scenario).reduce((t, m) => t + total(m), 0);
    for (const row of contractCallRows(calls.get(scenario) ?? new Map()))
      lines.push(
        `| ${scenario} | ${row.context} | ${row.call} | ${row.outcome} | ${row.count} | ${(row.count / requests).toFixed(2)} | ${row.meanMs} | ${row.p50Ms} | ${row.p99Ms} |`,
      );
  }
  return lines.join('\n');
}
