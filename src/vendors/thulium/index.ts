export { ThuliumClient, thuliumDate, THULIUM_PAGE_SIZE, type ThuliumClientOptions } from './client.js';
