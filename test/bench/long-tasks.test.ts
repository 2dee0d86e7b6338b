// bench/lib/long-tasks.ts: busy runs of a CPU profile and what ran in them (S8's tail investigations).
import { describe, expect, it } from 'vitest';
import { longTasks, type CpuProfile } from '../../bench/lib/long-tasks.js';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });

describe('longTasks', () => {
  it('finds runs with no idle sample of at least the minimum, and ranks the functions in them', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 3, 5] },
        { id: 2, callFrame: frame('(idle)') },
        { id: 3, callFrame: frame('pump', 'file:///app/src/ws/multicast.ts'), children: [4] },
        { id: 4, callFrame: frame('send', 'file:///app/node_modules/ws/lib/websocket.js') },
        { id: 5, callFrame: frame('(garbage collector)') },
      ],
      // 1 ms apart: 3 idle, 150 ms busy (pump/send, then GC), idle, 50 busy (below the minimum), idle.
      samples: [2, 2, 2, ...Array(100).fill(4), ...Array(50).fill(5), 2, ...Array(50).fill(3), 2],
      timeDeltas: Array(206).fill(1000),
    };
    const lines = longTasks(profile, 100);
    expect(lines[0]).toMatch(/^1 busy runs ≥ 100 ms over 0 s \(150 ms of 200 ms busy\); longest: 150 ms/);
    expect(lines).toContain('100.0 %  (root) (native)');
    expect(lines).toContain(' 66.7 %  pump src/ws/multicast.ts');
    expect(lines).toContain(' 66.7 %  send ws');
    expect(lines).toContain(' 33.3 %  (garbage collector) (native)');
  });
});
