/** The connection indicator and the stale badges: is the live view current (socket up, Sinch answering)? */
import { credential } from './api.js';
import { showAuth } from './auth.js';
import { $, formatTime, setText } from './dom.js';
import { vendorHealth, type VendorStatus } from './model.js';

type Connection = 'connecting' | 'live' | 'reconnecting';

let connection: Connection = 'connecting';
let lastUpdateAt: number | null = null;
/** Sinch feeds the queue and agent panels: when it is down, they are stale. */
let sinch: VendorStatus | undefined;

export function renderConnection(): void {
  const node = $('connection');
  document.body.dataset.connection = connection;
  node.dataset.state = connection;
  const when = lastUpdateAt ? ` · updated ${formatTime(lastUpdateAt)}` : '';
  setText(
    node,
    connection === 'live' ? `Live${when}` : connection === 'reconnecting' ? `Reconnecting…${when}` : 'Connecting…',
  );
  renderStaleness();
}

function renderStaleness(): void {
  const sinchHealth = sinch ? vendorHealth(sinch) : 'UP';
  let why = '';
  if (connection !== 'live') why = 'not connected';
  else if (sinchHealth === 'DOWN' || sinchHealth === 'RECOVERING') why = `${sinch?.label ?? 'Sinch'} ${sinchHealth === 'DOWN' ? 'down' : 'recovering'}`;
  for (const id of ['queues-panel', 'agents-panel']) {
    const panel = $(id);
    panel.dataset.stale = why ? 'true' : 'false';
    const badge = panel.querySelector<HTMLElement>('.stale-badge');
    if (badge) {
      badge.hidden = !why;
      setText(badge, why ? `Stale: ${why}` : '');
    }
  }
}

/** The vendors panel learned the vendors' health. */
export function noteVendors(vendors: readonly VendorStatus[]): void {
  sinch = vendors.find((v) => v.vendor === 'SINCH');
  renderStaleness();
}

/** A live message arrived. */
export function noteUpdate(): void {
  lastUpdateAt = Date.now();
  renderConnection();
}

/** The live subscriptions start over (new credential). */
export function resetConnection(): void {
  connection = 'connecting';
  renderConnection();
}

/** What the websocket client reports. */
export function onSocketEvent(event: string, detail?: { code?: number }): void {
  if (event === 'connected') {
    connection = 'live';
  } else if (event === 'closed') {
    connection = connection === 'connecting' ? 'connecting' : 'reconnecting';
    if (detail?.code === 4403) showAuth(credential.get() ? 'The gateway did not accept this credential.' : 'Sign in to see the wallboard.');
  } else if (connection === 'live') {
    connection = 'reconnecting';
  }
  renderConnection();
}
