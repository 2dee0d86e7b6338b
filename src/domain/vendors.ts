/** The vendors ccgraph federates. The order is the order of precedence when accounts disagree. */
export const VENDORS = ['sinch', 'cobrowser', 'thulium', 'wolkvox', 'ccagent'] as const;
export type VendorName = (typeof VENDORS)[number];

export const VENDOR_LABELS: Record<VendorName, string> = {
  sinch: 'Sinch Contact Center (RMI)',
  cobrowser: 'CoBrowser.net',
  thulium: 'Thulium',
  wolkvox: 'wolkvox',
  ccagent: 'cc_agent control API',
};

export function isVendorName(value: string): value is VendorName {
  return (VENDORS as readonly string[]).includes(value);
}
