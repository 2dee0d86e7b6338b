/** CoBrowser loaders: the chat agents (once per request; last good list while CoBrowser is down), who is online. */
import type { ChatAgent } from '../../domain/model.js';
import { byId, memo, type LoaderBase } from './shared.js';

export function cobrowserLoaders({ read, served, remember, snapshots }: LoaderBase) {
  const chatAgents = memo(async () => {
    const agents = await read('cobrowser', (cobrowser) => cobrowser.getAllAgents());
    remember(snapshots.chatAgents, agents);
    return byId(agents, (a) => a.id);
  });
  const liveChatAgents = memo(() =>
    served(chatAgents, () => snapshots.chatAgents.all(), (list) => byId(list, (a) => a.id)),
  );
  const onlineChatAgents = memo((): Promise<ChatAgent[]> => read('cobrowser', (cobrowser) => cobrowser.getOnlineAgents()));
  return { chatAgents, liveChatAgents, onlineChatAgents };
}
