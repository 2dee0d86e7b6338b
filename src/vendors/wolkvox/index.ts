export { WolkvoxClient, splitWindows, wolkvoxDate, WOLKVOX_MAX_IN_FLIGHT, type WolkvoxClientOptions } from './client.js';
