import { PROFILES } from './profile.js';
import { startHttpStack, sameJson, runS1, runS2, runS3 } from './scenarios/http.js';
const log = (s: string) => console.log(s);
const s = await startHttpStack({ server: 0, client: 1 }, log);
try {
  console.log(await sameJson(s));
  const p = { ...PROFILES.quick, s1: { connections: 16, warmupSeconds: 1, seconds: 3, runs: 1 } };
  console.log(JSON.stringify(await runS3(s, p, log)));
  console.log(JSON.stringify(await runS1(s, p, log)));
  console.log(JSON.stringify(await runS2(s, p, log)));
} finally { await s.close(); }
