/** A person's accounts at each vendor, with the vendor's own ids. */
import type { VendorName } from '../domain/vendors.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { VendorEnum } from './enums.js';
import type { AccountShape } from './refs.js';

const TYPE_NAMES: Record<VendorName, string> = {
  sinch: 'SinchAccount',
  cobrowser: 'CoBrowserAccount',
  thulium: 'ThuliumAccount',
  wolkvox: 'WolkvoxAccount',
  ccagent: 'CcAgentAccount',
};

export const VendorAccountRef = builder.interfaceRef<AccountShape>('VendorAccount').implement({
  description: "A person's account at one vendor.",
  resolveType: (account) => TYPE_NAMES[account.vendor],
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, description: 'The vendor holding the account.', resolve: (a) => a.vendor }),
    accountId: t.exposeString('id', { description: "The vendor's own id of the account (use it in vendor tools)." }),
  }),
});

const accountType = (vendor: VendorName, description: string) =>
  builder.objectRef<AccountShape>(TYPE_NAMES[vendor]).implement({
    description,
    interfaces: [VendorAccountRef],
    isTypeOf: (a) => (a as AccountShape).vendor === vendor,
  });

const sinchAgentOf = async (a: AccountShape, ctx: GraphQLContext) =>
  ctx.services.connectors.sinch ? ctx.loaders.sinchAgent.load(a.id) : null;

const SinchAccountRef = accountType('sinch', 'A Sinch Contact Center user (32-hex user id).');
builder.objectFields(SinchAccountRef, (t) => ({
  reportingGroupName: t.string({
    nullable: true,
    description: "The user's Sinch reporting group; null when Sinch is unavailable or did not say.",
    resolve: async (a, _args, ctx) => (await sinchAgentOf(a, ctx))?.reportingGroupName ?? null,
  }),
  extension: t.string({
    nullable: true,
    description: "The user's internal phone number at Sinch.",
    resolve: async (a, _args, ctx) => (await sinchAgentOf(a, ctx))?.number ?? null,
  }),
}));

const CoBrowserAccountRef = accountType('cobrowser', 'A CoBrowser.net chat agent.');
builder.objectFields(CoBrowserAccountRef, (t) => ({
  username: t.string({
    nullable: true,
    description: 'The CoBrowser username (without account postfix); null when CoBrowser is unavailable.',
    resolve: async (a, _args, ctx) =>
      ctx.services.connectors.cobrowser ? ((await ctx.loaders.chatAgents()).get(a.id)?.username ?? null) : null,
  }),
}));

const ThuliumAccountRef = accountType('thulium', 'A Thulium agent, identified by login.');
builder.objectFields(ThuliumAccountRef, (t) => ({
  login: t.exposeString('id', { description: 'The Thulium agent login.' }),
}));

accountType('wolkvox', 'A wolkvox agent, identified by its agent id or extension.');
accountType('ccagent', 'A cc_agent user (control only: the vendor has no read API).');
