export { SinchClient, utcMidnight, type SinchClientOptions } from './client.js';
export { agentState } from './mapping.js';
