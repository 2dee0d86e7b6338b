export { CcAgentClient, type CcAgentClientOptions } from './client.js';
