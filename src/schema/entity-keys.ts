/**
 * Entity keys. Agent and Queue are keyed by their global `id`, so a router's representation
 * (`{ __typename, id }`) carries exactly the ID our own fields return.
 */
import { badUserInput } from './errors.js';
import { decodeIDFor } from './ids.js';

/** The vendor or person id inside a representation's global ID; BAD_USER_INPUT (for that representation only) when it is not one. */
export function entityIdOf(typename: string, id: unknown): string {
  if (typeof id !== 'string') throw badUserInput('An entity representation needs a string `id`.', { argument: 'representations' });
  return decodeIDFor(typename, id, 'representations');
}
