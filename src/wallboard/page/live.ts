/**
 * The live subscriptions behind the agents, queues and alerts panels: graphql-ws messages mirrored into each
 * panel's table, resubscribing (for a fresh SNAPSHOT) when the mirror falls out of step.
 */
import type { Client } from 'graphql-ws/client';
import { createLiveClient, type GraphQLErrorLike } from './api.js';
import { agents, refreshStateSince, renderAgents, stateSince, type AgentFields } from './agents.js';
import { applyAlerts, type Alert } from './alerts.js';
import { handleAuthErrors } from './auth.js';
import { noteUpdate, onSocketEvent, resetConnection } from './connection.js';
import { $, setText } from './dom.js';
import type { LiveMessage } from './model.js';
import { AGENTS_SUBSCRIPTION, ALERTS_SUBSCRIPTION, QUEUES_SUBSCRIPTION } from './operations.js';
import { queues, refreshThresholds, renderQueues, type QueueFields } from './queues.js';
import { pollVendors } from './vendors.js';

/** agentStatusChanged / queueStatusChanged payloads: the id and fields sit under per-subscription names. */
interface UpdateEnvelope {
  sequence: number;
  kind: 'SNAPSHOT' | 'CHANGE';
  changes: Array<{ kind: 'ADDED' | 'CHANGED' | 'REMOVED'; changedFields: string[]; [key: string]: unknown }>;
}

let live: { client: Client; stop: () => void } | undefined;

function toMessage<F>(u: UpdateEnvelope, idField: string, fieldsField: string): LiveMessage<F> {
  return {
    sequence: u.sequence,
    kind: u.kind,
    changes: u.changes.map((c) => ({
      kind: c.kind,
      id: String(c[idField]),
      changedFields: c.changedFields,
      fields: (c[fieldsField] as F | null) ?? null,
    })),
  };
}

/**
 * One subscription that restarts itself when the server ends it with an error (the socket itself is retried by
 * graphql-ws) or when our mirror falls out of step, so the next message is a fresh SNAPSHOT.
 */
function follow<T>(client: Client, query: string, onData: (data: T, resubscribe: () => void) => void): () => void {
  let dispose: (() => void) | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const start = () => {
    if (stopped) return;
    dispose = client.subscribe<T>(
      { query },
      {
        next: (r) => {
          if (r.errors?.length) {
            if (!handleAuthErrors(r.errors as GraphQLErrorLike[])) setText($('action-status'), r.errors[0]?.message ?? 'Live update error.');
          }
          if (r.data) onData(r.data, resubscribe);
        },
        error: (e) => {
          if (Array.isArray(e)) handleAuthErrors(e as GraphQLErrorLike[]);
          retryLater();
        },
        complete: () => retryLater(),
      },
    );
  };
  const retryLater = () => {
    dispose = undefined;
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(start, 3000);
  };
  const resubscribe = () => {
    dispose?.();
    dispose = undefined;
    start();
  };
  start();
  return () => {
    stopped = true;
    clearTimeout(timer);
    dispose?.();
  };
}

export function startLive(): void {
  const client = createLiveClient(onSocketEvent);
  const stops = [
    follow<{ agentStatusChanged: UpdateEnvelope }>(client, AGENTS_SUBSCRIPTION, (d, resubscribe) => {
      const before = new Map([...agents.rows].map(([id, a]) => [id, a.state]));
      const res = agents.apply(toMessage<AgentFields>(d.agentStatusChanged, 'agentId', 'agent'));
      if (res.outOfSync) {
        agents.clear();
        resubscribe();
        return;
      }
      const now = Date.now();
      for (const [id, kind] of res.touched) {
        const a = agents.rows.get(id);
        if (!a) stateSince.delete(id);
        else if (kind === 'CHANGED' ? res.changedFields.get(id)?.includes('state') : before.get(id) !== a.state || !stateSince.has(id)) {
          stateSince.set(id, now);
        }
      }
      renderAgents();
      noteUpdate();
      if (res.reset) {
        void refreshStateSince();
        // Data is flowing, so the vendors were just asked: show their health now rather than at the next poll.
        void pollVendors();
      }
    }),
    follow<{ queueStatusChanged: UpdateEnvelope }>(client, QUEUES_SUBSCRIPTION, (d, resubscribe) => {
      const res = queues.apply(toMessage<QueueFields>(d.queueStatusChanged, 'queueId', 'queue'));
      if (res.outOfSync) {
        queues.clear();
        resubscribe();
        return;
      }
      renderQueues();
      noteUpdate();
      if (res.reset) void refreshThresholds();
    }),
    follow<{ queueAlert: { kind: 'SNAPSHOT' | 'CHANGE'; alerts: Alert[] } }>(client, ALERTS_SUBSCRIPTION, (d) => {
      applyAlerts(d.queueAlert);
      noteUpdate();
    }),
  ];
  live = {
    client,
    stop: () => {
      for (const s of stops) s();
      void client.dispose();
    },
  };
}

export function restartLive(): void {
  live?.stop();
  agents.clear();
  queues.clear();
  resetConnection();
  startLive();
}

