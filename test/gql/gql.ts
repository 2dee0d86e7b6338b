/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Dashboard($first: Int!) {\n  queues {\n    id\n    name\n    status {\n      waitingNow\n      longestWaitMs\n      agents {\n        available\n        busy\n        wrapUp\n        paused\n      }\n    }\n    thresholds {\n      waitingContacts {\n        warning\n        critical\n      }\n    }\n    kpis {\n      serviceLevel\n      abandonRate\n      averageSpeedOfAnswerMs\n      averageHandleTimeMs\n    }\n  }\n  agents(first: $first) {\n    totalCount\n    edges {\n      node {\n        id\n        name\n        state\n        accounts {\n          vendor\n        }\n        presence {\n          name\n        }\n        queues {\n          queue {\n            name\n          }\n          serving\n        }\n      }\n    }\n  }\n}\n\nmutation PauseAgent($agentId: ID!) {\n  setPause(agentId: $agentId, pauseId: 1) {\n    __typename\n    ... on SetPausePayload {\n      agent {\n        id\n        state\n      }\n    }\n    ... on MutationError {\n      message\n    }\n  }\n}": typeof types.DashboardDocument,
};
const documents: Documents = {
    "query Dashboard($first: Int!) {\n  queues {\n    id\n    name\n    status {\n      waitingNow\n      longestWaitMs\n      agents {\n        available\n        busy\n        wrapUp\n        paused\n      }\n    }\n    thresholds {\n      waitingContacts {\n        warning\n        critical\n      }\n    }\n    kpis {\n      serviceLevel\n      abandonRate\n      averageSpeedOfAnswerMs\n      averageHandleTimeMs\n    }\n  }\n  agents(first: $first) {\n    totalCount\n    edges {\n      node {\n        id\n        name\n        state\n        accounts {\n          vendor\n        }\n        presence {\n          name\n        }\n        queues {\n          queue {\n            name\n          }\n          serving\n        }\n      }\n    }\n  }\n}\n\nmutation PauseAgent($agentId: ID!) {\n  setPause(agentId: $agentId, pauseId: 1) {\n    __typename\n    ... on SetPausePayload {\n      agent {\n        id\n        state\n      }\n    }\n    ... on MutationError {\n      message\n    }\n  }\n}": types.DashboardDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Dashboard($first: Int!) {\n  queues {\n    id\n    name\n    status {\n      waitingNow\n      longestWaitMs\n      agents {\n        available\n        busy\n        wrapUp\n        paused\n      }\n    }\n    thresholds {\n      waitingContacts {\n        warning\n        critical\n      }\n    }\n    kpis {\n      serviceLevel\n      abandonRate\n      averageSpeedOfAnswerMs\n      averageHandleTimeMs\n    }\n  }\n  agents(first: $first) {\n    totalCount\n    edges {\n      node {\n        id\n        name\n        state\n        accounts {\n          vendor\n        }\n        presence {\n          name\n        }\n        queues {\n          queue {\n            name\n          }\n          serving\n        }\n      }\n    }\n  }\n}\n\nmutation PauseAgent($agentId: ID!) {\n  setPause(agentId: $agentId, pauseId: 1) {\n    __typename\n    ... on SetPausePayload {\n      agent {\n        id\n        state\n      }\n    }\n    ... on MutationError {\n      message\n    }\n  }\n}"): (typeof documents)["query Dashboard($first: Int!) {\n  queues {\n    id\n    name\n    status {\n      waitingNow\n      longestWaitMs\n      agents {\n        available\n        busy\n        wrapUp\n        paused\n      }\n    }\n    thresholds {\n      waitingContacts {\n        warning\n        critical\n      }\n    }\n    kpis {\n      serviceLevel\n      abandonRate\n      averageSpeedOfAnswerMs\n      averageHandleTimeMs\n    }\n  }\n  agents(first: $first) {\n    totalCount\n    edges {\n      node {\n        id\n        name\n        state\n        accounts {\n          vendor\n        }\n        presence {\n          name\n        }\n        queues {\n          queue {\n            name\n          }\n          serving\n        }\n      }\n    }\n  }\n}\n\nmutation PauseAgent($agentId: ID!) {\n  setPause(agentId: $agentId, pauseId: 1) {\n    __typename\n    ... on SetPausePayload {\n      agent {\n        id\n        state\n      }\n    }\n    ... on MutationError {\n      message\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;