/** Who a caller is, as the rest of the gateway sees it: the one role type (API keys, JWT claims, schema scopes). */

export const ROLES = ['viewer', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface AuthInfo {
  /** False in demo mode: every operation is allowed. */
  enabled: boolean;
  roles: Role[];
  subject: string | null;
}
