/** The vendors panel: each vendor's health, polled over HTTP, and a banner while any is in trouble. */
import { gql, GatewayUnreachable } from './api.js';
import { handleAuthErrors } from './auth.js';
import { noteVendors } from './connection.js';
import { $, el, formatTime } from './dom.js';
import { VENDOR_HEALTH_TEXT, vendorHealth, vendorProblems, type VendorStatus } from './model.js';
import { VENDORS_QUERY } from './operations.js';

let vendors: VendorStatus[] = [];

export async function pollVendors(): Promise<void> {
  try {
    const r = await gql<{ vendors: VendorStatus[] }>(VENDORS_QUERY);
    if (handleAuthErrors(r.errors)) return;
    vendors = r.data?.vendors ?? [];
    document.body.dataset.gateway = 'reachable';
  } catch (e) {
    if (!(e instanceof GatewayUnreachable)) throw e;
    document.body.dataset.gateway = 'unreachable';
  }
  renderVendors();
}

function renderVendors(): void {
  const list = $('vendor-list');
  list.replaceChildren(
    ...vendors.map((v) => {
      const h = vendorHealth(v);
      const li = el('li', { 'data-vendor': v.vendor, 'data-health': h });
      li.append(el('span', { class: 'vendor-name' }, v.label), el('span', { class: 'health' }, VENDOR_HEALTH_TEXT[h]));
      return li;
    }),
  );
  const banner = $('vendor-banner');
  const problems = vendorProblems(vendors, formatTime);
  if (document.body.dataset.gateway === 'unreachable') problems.unshift('The gateway cannot be reached; retrying.');
  banner.hidden = problems.length === 0;
  banner.replaceChildren(...problems.map((p) => el('p', {}, p)));
  noteVendors(vendors);
}
