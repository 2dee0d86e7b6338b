/** Enums shared by the read graph. GraphQL names are UPPER_CASE; values are the domain's. */
import { AGENT_STATES, CHANNELS, PRESENCE_TYPES, WORK_REPORT_AGGREGATIONS, type ContactStatus } from '../domain/model.js';
import { VENDORS, VENDOR_LABELS } from '../domain/vendors.js';
import { builder } from './builder.js';

const STATE_DESCRIPTIONS: Record<(typeof AGENT_STATES)[number], string> = {
  LOGGED_OUT: 'Not logged in.',
  AVAILABLE: 'Logged in, ready and free for a new contact.',
  BUSY: 'Handling a contact (talking, chatting, emailing or dialing).',
  WRAP_UP: 'Finishing after-contact work.',
  PAUSED: 'On a pause.',
  NOT_READY: 'Logged in but not ready.',
  UNKNOWN: "The vendor sent a status word its docs do not list (see `rawStatus` for the vendor's own words).",
};

export const AgentStateEnum = builder.enumType('AgentState', {
  description: "An agent's state, normalized across vendors.",
  values: Object.fromEntries(AGENT_STATES.map((s) => [s, { value: s, description: STATE_DESCRIPTIONS[s] }])),
});

export const ChannelEnum = builder.enumType('Channel', {
  description: 'The medium of a contact or queue.',
  values: {
    PHONE: { value: CHANNELS[0], description: 'Voice calls.' },
    CHAT: { value: CHANNELS[1], description: 'Text chats.' },
    EMAIL: { value: CHANNELS[2], description: 'Emails.' },
    OTHER: { value: CHANNELS[3], description: "A type the vendor's docs do not list (its own word is in `rawType`)." },
  },
});

export const PresenceTypeEnum = builder.enumType('PresenceType', {
  description: 'The kind of a presence profile.',
  values: {
    PRESENCE: { value: PRESENCE_TYPES[0], description: 'Present and working.' },
    ABSENCE: { value: PRESENCE_TYPES[1], description: 'Away (lunch, vacation, …).' },
    CONFERENCE: { value: PRESENCE_TYPES[2], description: 'In a meeting or conference.' },
    OTHER: { value: PRESENCE_TYPES[3], description: "A type the vendor's docs do not list." },
  },
});

export const VendorEnum = builder.enumType('Vendor', {
  description: 'A contact-center vendor this gateway federates.',
  values: {
    SINCH: { value: VENDORS[0], description: VENDOR_LABELS.sinch },
    COBROWSER: { value: VENDORS[1], description: VENDOR_LABELS.cobrowser },
    THULIUM: { value: VENDORS[2], description: VENDOR_LABELS.thulium },
    WOLKVOX: { value: VENDORS[3], description: VENDOR_LABELS.wolkvox },
    CCAGENT: { value: VENDORS[4], description: VENDOR_LABELS.ccagent },
  },
});

export const LinkedByEnum = builder.enumType('LinkedBy', {
  description: "How a person's vendor accounts were linked together.",
  values: {
    FILE: { value: 'FILE' as const, description: 'Listed in the identity file.' },
    EMAIL: { value: 'EMAIL' as const, description: 'Accounts at several vendors share an email address (case-insensitive).' },
    SINGLE: { value: 'SINGLE' as const, description: 'One account, linked to nothing else.' },
  },
});

export const CircuitStateEnum = builder.enumType('CircuitState', {
  description: "The state of a vendor's circuit breaker.",
  values: {
    CLOSED: { value: 'CLOSED' as const, description: 'Calls flow normally.' },
    OPEN: { value: 'OPEN' as const, description: 'Calls are refused for a while after repeated failures.' },
    HALF_OPEN: { value: 'HALF_OPEN' as const, description: 'A trial call decides whether to close again.' },
  },
});

const CONTACT_STATUS_VALUES: Record<string, { value: ContactStatus; description: string }> = {
  IN_QUEUE: { value: 'InQueue', description: 'Waiting in a queue.' },
  IN_PROCESS: { value: 'InProcess', description: 'Being handled by an agent.' },
  IN_PROCESS_PREVIEW: { value: 'InProcess_Preview', description: 'An outbound campaign contact in preview.' },
  IN_PROCESS_PENDING: { value: 'InProcess_Pending', description: 'Set pending (emails).' },
  IN_PROCESS_WRAP_UP: { value: 'InProcess_WrapUp', description: 'Handled; the agent is in wrap-up.' },
  HANDLED_ON_TIME: { value: 'Handled_AOT', description: 'Handled, answered within the answered-on-time limit.' },
  HANDLED: { value: 'Handled', description: 'Handled, answered after the answered-on-time limit.' },
  NOT_HANDLED_FALSE_ATTEMPT: {
    value: 'NotHandled_FA',
    description: 'Not answered; the customer left before the false-attempt limit (not counted as abandoned).',
  },
  NOT_HANDLED_ABANDONED: {
    value: 'NotHandled_Ab',
    description: 'Not answered; the customer left after the false-attempt limit (abandoned).',
  },
  SERVICE_CLOSED: { value: 'ServiceClosed', description: 'Arrived while the service was closed.' },
  OTHER: { value: 'Other', description: "A status word the vendor's docs do not list (its own word is in `rawStatus`)." },
};

export const ContactStatusEnum = builder.enumType('ContactStatus', {
  description: 'Where a contact is in its life.',
  values: CONTACT_STATUS_VALUES,
});

export const WorkReportAggregationEnum = builder.enumType('WorkReportAggregation', {
  description: 'How the agent work report groups its rows.',
  values: Object.fromEntries(
    WORK_REPORT_AGGREGATIONS.map((a) => [a.toUpperCase(), { value: a, description: `Per ${a.replace(/_/g, ' ')}.` }]),
  ),
});
