/**
 * Hive Gateway in front of ccgraph: `npx hive-gateway supergraph supergraph.graphql -c scripts/hive-gateway.config.ts`.
 * ccgraph serves subscriptions over graphql-ws on its HTTP path; the router uses it for them (HTTP for the rest).
 */
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  transportEntries: {
    ccgraph: { options: { subscriptions: { kind: 'ws', location: '/graphql' } } },
  },
});
