/** Shared pieces of the MCP tools: tool errors, compact formatting, resolving an agent or queue a model named. */
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { ZodRawShape } from 'zod';
import type { GraphExecutor, GraphResult } from './graph.js';

/** How the tool files register their tools on the per-caller server (src/mcp/tools.ts). */
export type ToolRegistrar = (
  name: string,
  config: { title: string; description: string; inputSchema: ZodRawShape; annotations?: ToolAnnotations },
  // Each tool types its own parsed arguments.
  handler: (args: any) => Promise<CallToolResult>,
) => void;

/** A refusal the model can act on; becomes a tool result with `isError: true`. */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}

export const text = (lines: string | string[]): CallToolResult => ({
  content: [{ type: 'text', text: Array.isArray(lines) ? lines.join('\n') : lines }],
});

export const toolError = (message: string): CallToolResult => ({ isError: true, content: [{ type: 'text', text: message }] });

/** Runs a tool body; a ToolError is answered as a tool error. Anything else goes on to the server's wrapper. */
export async function answer(run: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ToolError) return toolError(e.message);
    throw e;
  }
}

/** What the model sees of an unexpected failure: no internals (the original goes to the server log). */
export const UNEXPECTED = 'The tool failed unexpectedly. Read the state again before repeating a change, or ask an operator.';

/** Errors that make the answer useless (nothing came back); partial answers carry theirs as notes. */
export function dataOrThrow<T>(r: GraphResult<T>, what: string): { data: T; notes: string[] } {
  const notes = (r.errors ?? []).map((e) => `note: ${codeOf(e)}${e.message}`);
  if (!r.data) {
    throw new ToolError(`Could not read ${what}. ${notes.map((n) => n.slice(6)).join(' ') || 'The graph returned nothing.'}`);
  }
  return { data: r.data, notes };
}

/** For a field that came back null: why, from the errors the graph gave with it. */
export function unavailable(what: string, notes: string[]): ToolError {
  return new ToolError(notes.length ? `Could not read ${what}: ${notes.map((n) => n.slice(6)).join(' ')}` : `${what} is unavailable right now.`);
}

const codeOf = (e: { extensions?: Record<string, unknown> }) =>
  typeof e.extensions?.code === 'string' ? `[${e.extensions.code}] ` : '';

/** 75_000 → "1m15s"; 3_900_000 → "1h05m". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'n/a';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return `${h}h${String(m % 60).padStart(2, '0')}m`;
}

export const pct = (ratio: number | null | undefined, digits = 1) =>
  ratio === null || ratio === undefined ? 'n/a' : `${(ratio * 100).toFixed(digits)}%`;

export interface AgentRef {
  id: string;
  key: string;
  name: string;
}

const FIND_AGENT = /* GraphQL */ `
  query McpFindAgent($ref: ID!, $text: String!) {
    byId: agent(id: $ref) { id key name }
    matches: agents(filter: { text: $text }, first: 6) { totalCount nodes { id key name email } }
  }
`;

/** An agent by Agent ID, key, email or name (exact first, then a unique partial match). */
export async function resolveAgent(graph: GraphExecutor, ref: string): Promise<AgentRef> {
  const r = await graph<{
    byId: AgentRef | null;
    matches: { totalCount: number; nodes: Array<AgentRef & { email: string | null }> } | null;
  }>(FIND_AGENT, { ref, text: ref });
  // A ref that is no Agent ID makes `agent(id:)` fail alone (BAD_USER_INPUT); the text match still answers.
  const fatal = (r.errors ?? []).filter((e) => e.path?.[0] !== 'byId');
  if (r.data?.byId) return r.data.byId;
  const nodes = r.data?.matches?.nodes ?? [];
  if (!r.data?.matches && fatal.length) throw new ToolError(`Could not look up agents: ${fatal.map((e) => e.message).join(' ')}`);
  const lower = ref.toLowerCase();
  const exact = nodes.filter((a) => [a.key, a.name, a.email ?? ''].some((v) => v.toLowerCase() === lower));
  const pick = exact.length === 1 ? exact : nodes.length === 1 ? nodes : [];
  if (pick[0]) return pick[0];
  if (nodes.length === 0) throw new ToolError(`No agent matches "${ref}". Pass an Agent ID, key, email or name (agents_by_state lists them).`);
  const total = r.data?.matches?.totalCount ?? nodes.length;
  throw new ToolError(
    `"${ref}" matches ${total} agents; say which: ${nodes.map((a) => `${a.name} (key ${a.key})`).join('; ')}${total > nodes.length ? '; …' : ''}.`,
  );
}

export interface QueueRef {
  id: string;
  queueId: string;
  name: string;
  channel: string;
}

/** A queue by Queue ID, Sinch queue id or name (exact first, then a unique partial match). */
export function matchQueue<Q extends QueueRef>(queues: readonly Q[], ref: string): Q {
  const lower = ref.trim().toLowerCase();
  const exact = queues.filter((q) => q.id === ref || q.queueId.toLowerCase() === lower || q.name.toLowerCase() === lower);
  if (exact.length === 1 && exact[0]) return exact[0];
  const partial = queues.filter((q) => q.name.toLowerCase().includes(lower));
  if (partial.length === 1 && partial[0]) return partial[0];
  const known = queues.map((q) => q.name).join(', ');
  throw new ToolError(
    partial.length > 1
      ? `"${ref}" matches several queues (${partial.map((q) => q.name).join(', ')}); say which.`
      : `No queue matches "${ref}". Known queues: ${known || 'none'}.`,
  );
}

const QUEUE_REFS = /* GraphQL */ `
  query McpQueueRefs { queues { id queueId name channel } }
`;

export async function resolveQueue(graph: GraphExecutor, ref: string): Promise<QueueRef> {
  const { data } = dataOrThrow(await graph<{ queues: QueueRef[] | null }>(QUEUE_REFS), 'the queues');
  if (!data.queues) throw new ToolError('The queues are unavailable right now (Sinch could not be asked).');
  return matchQueue(data.queues, ref);
}
