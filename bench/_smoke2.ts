import { PROFILES } from './profile.js';
import { runLive } from './scenarios/live.js';
const p = { ...PROFILES.quick, live: { steps: [1, 100, 500], pollMs: 1000, intervals: 2, publishes: 2 } };
const r = await runLive({ s4: true, s5: true, s6: true }, p, { server: 0, client: 1 }, (s) => console.log(s));
console.log(JSON.stringify(r, null, 1));
