export { WolkvoxClient, splitWindows, halve, wolkvoxDate, WOLKVOX_MAX_IN_FLIGHT, WOLKVOX_MAX_RECORDS, type WolkvoxClientOptions } from './client.js';
