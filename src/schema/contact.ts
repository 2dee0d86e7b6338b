/** Contact (Sinch): a call, chat or email, with its timeline. */
import type { Contact, ContactEvent, ContactStatus } from '../domain/model.js';
import { inRange } from '../domain/time.js';
import { DAY_MS, pageOf, validateConnectionArgs, validateRange } from './args.js';
import { builder } from './builder.js';
import { connectionCost, LIST_BOUNDS, perItemCall, VENDOR_CALL } from './cost.js';
import { ChannelEnum, ContactStatusEnum } from './enums.js';
import { notConfigured } from './errors.js';
import { decodeIDFor, isSinchId, nodeId, registerNodeType } from './ids.js';
import { AgentRef, ContactRef, personForAccount, QueueRef } from './refs.js';

registerNodeType('Contact', isSinchId);

export const CONTACTS_MAX_DAYS = 31;

const ACTIVE_STATUSES = new Set<ContactStatus>([
  'InQueue',
  'InProcess',
  'InProcess_Preview',
  'InProcess_Pending',
  'InProcess_WrapUp',
]);

const ContactEventRef = builder.objectRef<ContactEvent>('ContactEvent').implement({
  description: "One step of a contact's timeline (Sinch contact details), in the vendor's words.",
  fields: (t) => ({
    eventId: t.exposeString('id', { description: 'The Sinch event id.' }),
    time: t.field({ type: 'DateTime', description: 'When it happened.', resolve: (e) => e.time }),
    event: t.exposeString('event', { description: 'What happened, e.g. `Queing`, `ConnectedToOper`, `Disconnected`.' }),
    value1: t.exposeString('value1', { nullable: true, description: 'First detail (e.g. queue or agent name).' }),
    value2: t.exposeString('value2', { nullable: true, description: 'Second detail.' }),
  }),
});

const date = (description: string, get: (c: Contact) => Date | null) => ({ description, get });

builder.node(ContactRef, {
  description: 'A Sinch contact: one call, chat or email. Durations are milliseconds.',
  id: nodeId('Contact', (c) => c.id),
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'contactGroupId' in v,
  loadMany: async (ids, ctx) =>
    (await ctx.loaders.contact.loadMany(ids)).map((c) => (c instanceof Error ? Promise.reject(c) : c)),
  fields: (t) => {
    const dt = (d: ReturnType<typeof date>) =>
      t.field({ type: 'DateTime', nullable: true, description: d.description, resolve: (c) => d.get(c) });
    return {
      contactId: t.exposeString('id', { description: 'The Sinch contact id (32 hex characters).' }),
      contactGroupId: t.exposeString('contactGroupId', {
        description: 'Stays the same when the contact is transferred (and gets a new id).',
      }),
      channel: t.field({ type: ChannelEnum, description: 'The medium.', resolve: (c) => c.channel }),
      type: t.exposeString('type', { description: 'Sinch contact type, e.g. `CallIn`, `ChatIn`, `EMAILOUT`.' }),
      subtype: t.exposeString('subtype', { nullable: true, description: 'Chat subtype (text, video, sms, …).' }),
      status: t.field({ type: ContactStatusEnum, description: 'Where the contact is.', resolve: (c) => c.status }),
      rawStatus: t.string({
        description: "Sinch's own status word (e.g. `InQueue`); readable when `status` is OTHER.",
        resolve: (c) => c.rawStatus ?? c.status,
      }),
      source: t.exposeString('source', { description: 'Phone number or email address of the origin.' }),
      destination: t.exposeString('destination', { description: 'Phone number or email address dialled/written to.' }),
      agent: t.field({
        type: AgentRef,
        nullable: true,
        description: 'The agent handling or who handled it.',
        resolve: (c, _a, ctx) => personForAccount(ctx, 'sinch', c.agentId),
      }),
      agentName: t.exposeString('agentName', { nullable: true, description: 'The agent name as Sinch recorded it.' }),
      queue: t.field({
        type: QueueRef,
        nullable: true,
        description: 'The current or last queue.',
        resolve: (c) => (c.queueId ? { id: c.queueId, name: c.queueName ?? '', channel: c.channel } : null),
      }),
      originalQueue: t.field({
        type: QueueRef,
        nullable: true,
        description: 'The queue it was created in (differs from `queue` after a transfer).',
        resolve: (c) =>
          c.originalQueueId ? { id: c.originalQueueId, name: c.originalQueueName ?? '', channel: c.channel } : null,
      }),
      arrivalTime: t.field({ type: 'DateTime', description: 'When it arrived.', resolve: (c) => c.arrivalTime }),
      arrivalQueueTime: dt(date('When it entered the queue.', (c) => c.arrivalQueueTime)),
      connectTime: dt(date('When an agent connected.', (c) => c.connectTime)),
      disconnectTime: dt(date('When it ended; null while active.', (c) => c.disconnectTime)),
      wrapUpBeginTime: dt(date('When wrap-up began.', (c) => c.wrapUpBeginTime)),
      wrapUpEndTime: dt(date('When wrap-up ended.', (c) => c.wrapUpEndTime)),
      queuingMs: t.exposeFloat('queuingMs', { description: 'Time in queue (ms).' }),
      handlingMs: t.exposeFloat('handlingMs', { description: 'Time handled, to now if still active (ms).' }),
      wrapUpMs: t.exposeFloat('wrapUpMs', { description: 'Wrap-up time (ms).' }),
      totalMs: t.exposeFloat('totalMs', { description: 'From arrival to disconnect, or to now (ms).' }),
      waitingMs: t.exposeFloat('waitingMs', { description: 'Waiting time as Sinch counts it (ms).' }),
      serviceClosed: t.exposeBoolean('serviceClosed', { description: 'Arrived while the service was closed.' }),
      recorded: t.exposeBoolean('recorded', { nullable: true, description: 'A phone call with a recording.' }),
      answeredOnTimeThresholdSeconds: t.exposeInt('answeredOnTimeThresholdSeconds', {
        description: 'The answered-on-time limit that applied (s).',
      }),
      falseAttemptThresholdSeconds: t.exposeInt('falseAttemptThresholdSeconds', {
        description: 'The false-attempt limit that applied (s).',
      }),
      subject: t.exposeString('subject', { nullable: true, description: 'Email subject.' }),
      applicationId: t.exposeString('applicationId', { nullable: true, description: 'Sinch application id: the contact center or an IVR.' }),
      applicationName: t.exposeString('applicationName', { nullable: true, description: '`ContactCenter` or the IVR name.' }),
      reportingGroupId: t.exposeString('reportingGroupId', { nullable: true, description: 'Sinch reporting group id.' }),
      reportingGroupName: t.exposeString('reportingGroupName', { nullable: true, description: 'Reporting group name, e.g. `Sales`.' }),
      campaignId: t.exposeString('campaignId', { nullable: true, description: 'Outbound campaign id (Sinch `outboundCampaignId`).' }),
      campaignName: t.exposeString('campaignName', { nullable: true, description: 'Outbound campaign name.' }),
      events: t.field({
        type: [ContactEventRef],
        nullable: true,
        description: 'The timeline, oldest first (one Sinch call per contact).',
        complexity: perItemCall(LIST_BOUNDS.contactEvents),
        resolve: async (c, _a, ctx) =>
          [...(await ctx.loaders.contactEvents.load(c.id))].sort((a, b) => a.time.getTime() - b.time.getTime()),
      }),
    };
  },
});

const ContactFilter = builder.inputType('ContactFilter', {
  description: `Which contacts to list. Without \`inProcess\`, contacts that arrived in [from, to) (default: the last 24 hours; at most ${CONTACTS_MAX_DAYS} days).`,
  fields: (t) => ({
    from: t.field({ type: 'DateTime', description: 'Contacts after this time.' }),
    to: t.field({ type: 'DateTime', description: 'Contacts before this time (default now).' }),
    inProcess: t.boolean({ description: 'Every active contact, whatever its time (from/to ignored).' }),
    agentId: t.id({ description: 'Handled by this agent (an Agent ID).' }),
    queueId: t.id({ description: 'In this queue (a Queue ID).' }),
    statuses: t.field({ type: [ContactStatusEnum], description: 'In any of these statuses.' }),
    channels: t.field({ type: [ChannelEnum], description: 'In any of these channels.' }),
    campaignIds: t.stringList({ description: 'Of any of these outbound campaigns (Sinch ids).' }),
    reportingGroupIds: t.stringList({ description: 'Of any of these reporting groups (Sinch ids).' }),
    applicationIds: t.stringList({ description: 'Taken by any of these applications (contact center or IVR; Sinch ids).' }),
    text: t.string({ description: "Source or destination contains this text (Sinch `search`; `*` and `?` are wildcards)." }),
  }),
});

/** Keeps contacts whose field is one of `wanted` (no restriction when `wanted` is empty). */
const oneOf = (wanted: readonly string[] | null | undefined, value: string | null) =>
  !wanted?.length || (value !== null && wanted.includes(value));

builder.queryFields((t) => ({
  contacts: t.connection(
    {
      type: ContactRef,
      nullable: true,
      description: 'Sinch contacts, newest first. At most 100 per page. Null when Sinch is unavailable.',
      args: { filter: t.arg({ type: ContactFilter, description: 'Optional criteria.' }) },
      complexity: connectionCost(VENDOR_CALL),
      resolve: async (_root, args, ctx) => {
        validateConnectionArgs(args);
        const f = args.filter ?? {};
        const queueId = f.queueId ? decodeIDFor('Queue', String(f.queueId), 'filter.queueId') : undefined;
        const agentKey = f.agentId ? decodeIDFor('Agent', String(f.agentId), 'filter.agentId') : undefined;
        const now = ctx.loaders.now;
        const range = f.inProcess
          ? undefined
          : validateRange(f.from ?? new Date((f.to ?? now).getTime() - DAY_MS), f.to, {
              maxDays: CONTACTS_MAX_DAYS,
              now,
              fromArg: 'filter.from',
              toArg: 'filter.to',
            });
        if (!ctx.services.connectors.sinch) throw notConfigured('sinch');
        let agentIds: string[] | undefined;
        if (agentKey !== undefined) {
          const person = (await ctx.loaders.identity()).directory.get(agentKey);
          if (!person?.accounts.sinch) return pageOf([], args);
          agentIds = [person.accounts.sinch];
        }
        const contacts = await ctx.loaders.contacts({
          ...(range ? { from: range.from, to: range.to } : { allInProcess: true }),
          ...(agentIds ? { agentIds } : {}),
          ...(queueId ? { queueIds: [queueId] } : {}),
          ...(f.statuses?.length ? { statuses: f.statuses } : {}),
          ...(f.channels?.length ? { channels: f.channels } : {}),
          ...(f.text?.trim() ? { search: f.text.trim() } : {}),
        });
        // Sinch may add finished contacts of its default window to `showAllInProcess`; keep only active ones.
        // Campaign, reporting group and application are filtered here: the RMI documents no list filter for them.
        // A window is [from, to) of arrival times whatever the vendor's ends are.
        const wanted = (f.inProcess ? contacts.filter((c) => ACTIVE_STATUSES.has(c.status)) : contacts).filter(
          (c) =>
            (!range || inRange(c.arrivalTime, range)) &&
            oneOf(f.campaignIds, c.campaignId) &&
            oneOf(f.reportingGroupIds, c.reportingGroupId) &&
            oneOf(f.applicationIds, c.applicationId),
        );
        const sorted = [...wanted].sort(
          (a, b) => b.arrivalTime.getTime() - a.arrivalTime.getTime() || a.id.localeCompare(b.id),
        );
        return pageOf(sorted, args);
      },
    },
    {
      name: 'ContactConnection',
      description: 'A page of contacts.',
      fields: (c) => ({
        totalCount: c.int({
          description: 'Contacts matching the filter, across all pages.',
          complexity: 0,
          resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount,
        }),
      }),
    },
    { name: 'ContactEdge', description: 'A contact and its cursor.' },
  ),
  contact: t.field({
    type: ContactRef,
    nullable: true,
    description: 'One contact by Contact ID; null when Sinch does not know it.',
    complexity: VENDOR_CALL,
    args: { id: t.arg.id({ required: true, description: 'A Contact ID.' }) },
    resolve: (_root, args, ctx) => {
      const id = decodeIDFor('Contact', String(args.id));
      if (!ctx.services.connectors.sinch) throw notConfigured('sinch');
      return ctx.loaders.contact.load(id);
    },
  }),
}));
