/**
 * Every GraphQL operation the wallboard sends, as static text (no interpolation), so tools can read them: the
 * tests validate each against the schema, and a persisted-operations manifest can list them
 * (`sha256(text) → text`; the page sends exactly these strings).
 */

export const AGENTS_SUBSCRIPTION = /* GraphQL */ `
  subscription WallboardAgents {
    agentStatusChanged {
      sequence kind
      changes { kind agentId changedFields agent { name state rawStatus presenceName presenceType queues { queueId queueName serving } } }
    }
  }`;

export const QUEUES_SUBSCRIPTION = /* GraphQL */ `
  subscription WallboardQueues {
    queueStatusChanged {
      sequence kind
      changes {
        kind queueId changedFields
        queue { name channel waiting longestWaitMs agentsServing agentsFree agentsBusy agentsWrapUp agentsNotReady agentsPaused serviceLevelPercent }
      }
    }
  }`;

export const ALERTS_SUBSCRIPTION = /* GraphQL */ `
  subscription WallboardAlerts {
    queueAlert { sequence kind alerts { queueId queueName metric level previousLevel value warningLevel criticalLevel at } }
  }`;

export const THRESHOLDS_QUERY = /* GraphQL */ `
  query WallboardThresholds {
    queues {
      id
      thresholds {
        waitingContacts { warning critical }
        maxWaitMs { warning critical }
        freeAgents { warning critical }
        servingAgents { warning critical }
        serviceLevelPercent { warning critical }
      }
    }
  }`;

export const STATE_SINCE_QUERY = /* GraphQL */ `
  query WallboardStateSince($after: String) {
    agents(first: 100, after: $after) { nodes { id state stateDurationMs } pageInfo { hasNextPage endCursor } }
  }`;

export const VENDORS_QUERY = /* GraphQL */ `
  query WallboardVendors { vendors { vendor label configured reachable circuit lastErrorCode lastErrorAt lastSuccessAt } }`;

export const PAUSE_MUTATION = /* GraphQL */ `
  mutation WallboardPause($agentId: ID!) { setPause(agentId: $agentId, pauseId: 1) { __typename ... on MutationError { message } } }`;

export const READY_MUTATION = /* GraphQL */ `
  mutation WallboardReady($agentId: ID!) { setReadyState(agentId: $agentId, state: READY) { __typename ... on MutationError { message } } }`;

/** All of them, by operation name. */
export const WALLBOARD_OPERATIONS: Readonly<Record<string, string>> = {
  WallboardAgents: AGENTS_SUBSCRIPTION,
  WallboardQueues: QUEUES_SUBSCRIPTION,
  WallboardAlerts: ALERTS_SUBSCRIPTION,
  WallboardThresholds: THRESHOLDS_QUERY,
  WallboardStateSince: STATE_SINCE_QUERY,
  WallboardVendors: VENDORS_QUERY,
  WallboardPause: PAUSE_MUTATION,
  WallboardReady: READY_MUTATION,
};
