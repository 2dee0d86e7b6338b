/** Presence profiles (Sinch): what an agent is doing, and which profiles they may choose. */
import type { Presence, PresenceType } from '../domain/model.js';
import { builder } from './builder.js';
import { PresenceTypeEnum } from './enums.js';

export interface PresenceShape {
  id: string;
  name: string;
  reason: string | null;
  type: PresenceType | null;
  priority: number | null;
  current: boolean;
}

export const PresenceRef = builder.objectRef<PresenceShape>('Presence').implement({
  description: 'A presence profile (Sinch), e.g. "Available", "Lunch", "Meeting".',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The Sinch presence profile id (also the input of presence mutations).' }),
    name: t.exposeString('name', { description: 'The profile name, as configured at Sinch.' }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'Why the profile exists (e.g. `NONE`, `VACATION`, `MEETING`); null when Sinch did not say.',
    }),
    type: t.field({
      type: PresenceTypeEnum,
      nullable: true,
      description: 'Presence, absence or conference; null when Sinch did not say.',
      resolve: (p) => p.type,
    }),
    priority: t.exposeInt('priority', {
      nullable: true,
      description: "The profile's priority; null when Sinch did not say (the current profile on an agent row).",
    }),
    current: t.exposeBoolean('current', { description: "True for the agent's current profile." }),
  }),
});

export const toPresenceShape = (p: Presence, currentId: string | null): PresenceShape => ({
  id: p.id,
  name: p.name,
  reason: p.reason,
  type: p.type,
  priority: p.priority,
  current: p.id === currentId,
});
