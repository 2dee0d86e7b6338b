export { CoBrowserClient, type CoBrowserClientOptions } from './client.js';
