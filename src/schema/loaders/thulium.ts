/**
 * Thulium loaders: work rows by login (one report call per distinct range for all logins requested together), and
 * the agents work report as asked for.
 */
import DataLoader from 'dataloader';
import type { AgentWorkRecord, WorkReportAggregation } from '../../domain/model.js';
import type { ThuliumConnector } from '../../vendors/types.js';
import { lazy, type LoaderBase } from './shared.js';

export interface WorkKey {
  login: string;
  from: Date;
  to: Date;
  aggregateBy: WorkReportAggregation;
}

export type WorkReportQuery = Parameters<ThuliumConnector['agentWorkReport']>[0];

const rangeKey = (k: WorkKey) => `${k.from.toISOString()}|${k.to.toISOString()}|${k.aggregateBy}`;

export function thuliumLoaders({ read }: LoaderBase) {
  const thuliumWork = lazy(() => new DataLoader<WorkKey, AgentWorkRecord[], string>(
    async (keys) => {
      const groups = new Map<string, WorkKey[]>();
      for (const k of keys) groups.set(rangeKey(k), [...(groups.get(rangeKey(k)) ?? []), k]);
      const rowsByKey = new Map<string, AgentWorkRecord[] | Error>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const first = group[0]!;
          const logins = [...new Set(group.map((k) => k.login))];
          try {
            const rows = await read('thulium', (thulium) =>
              thulium.agentWorkReport({ logins, from: first.from, to: first.to, aggregateBy: first.aggregateBy }),
            );
            for (const login of logins) {
              rowsByKey.set(`${login}|${rangeKey(first)}`, rows.filter((r) => r.login === login));
            }
          } catch (e) {
            for (const login of logins) rowsByKey.set(`${login}|${rangeKey(first)}`, e as Error);
          }
        }),
      );
      return keys.map((k) => rowsByKey.get(`${k.login}|${rangeKey(k)}`) ?? []);
    },
    { cacheKeyFn: (k) => `${k.login}|${rangeKey(k)}` },
  ));
  const workReport = (q: WorkReportQuery): Promise<AgentWorkRecord[]> => read('thulium', (thulium) => thulium.agentWorkReport(q));
  return { thuliumWork, workReport };
}
