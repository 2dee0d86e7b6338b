/** wolkvox loaders: cobrowsing sessions over a range (the connector splits it into the vendor's windows). */
import type { CobrowsingSession } from '../../domain/model.js';
import type { LoaderBase } from './shared.js';

export function wolkvoxLoaders({ read }: LoaderBase) {
  const cobrowsingSessions = (range: { from: Date; to: Date }): Promise<CobrowsingSession[]> =>
    read('wolkvox', (wolkvox) => wolkvox.listCobrowsingSessions(range));
  return { cobrowsingSessions };
}
