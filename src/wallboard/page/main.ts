/**
 * The wallboard page: queues, agents and alerts kept live over graphql-ws, vendor health polled over HTTP,
 * pause/ready actions through mutations. Plain DOM; rows are keyed and updated in place, so focus and screen
 * reader position survive updates.
 *
 * This file wires the panels: `connection.ts` (live indicator, stale badges), `queues.ts`, `agents.ts` (with the
 * pause/ready actions), `alerts.ts`, `vendors.ts`, `auth.ts` (sign-in), fed by `live.ts` (subscriptions).
 */
import { renderTimes, showActions } from './agents.js';
import { setupAuth } from './auth.js';
import { renderConnection } from './connection.js';
import { $, formatTime, setText } from './dom.js';
import { restartLive, startLive } from './live.js';
import { refreshThresholds } from './queues.js';
import { pollVendors } from './vendors.js';

const VENDOR_POLL_MS = 3000;
const THRESHOLD_REFRESH_MS = 60_000;

function tick(): void {
  renderTimes();
  setText($('clock'), formatTime(Date.now()));
}

function boot(): void {
  setupAuth({
    onSaved: () => {
      showActions();
      restartLive();
      void pollVendors();
    },
    onCleared: restartLive,
  });
  renderConnection();
  startLive();
  void pollVendors();
  setInterval(() => void pollVendors(), VENDOR_POLL_MS);
  setInterval(() => void refreshThresholds(), THRESHOLD_REFRESH_MS);
  tick();
  setInterval(tick, 1000);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
