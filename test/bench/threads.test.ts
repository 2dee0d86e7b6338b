// bench/lib/threads.ts: CPU time per thread from /proc (the main thread against V8's and libuv's helpers).
import { describe, expect, it } from 'vitest';
import { threadCpu, threadDelta } from '../../bench/lib/threads.js';

describe('threadCpu', () => {
  it.skipIf(process.platform !== 'linux')("counts this process's main thread and its helpers by name", () => {
    const before = threadCpu(process.pid)!;
    // Spin until the process has used 60 ms of CPU, not 60 ms of wall time: on a loaded machine (CI runs tests
    // beside a browser) a wall-time spin may get almost no CPU. Clock ticks are 10 ms.
    const start = process.cpuUsage();
    const deadline = performance.now() + 10_000;
    for (;;) {
      const used = process.cpuUsage(start);
      if ((used.user + used.system) / 1000 >= 60 || performance.now() > deadline) break;
    }
    const after = threadCpu(process.pid)!;
    expect(Object.keys(after)).toContain('main');
    expect(after.main! - before.main!).toBeGreaterThanOrEqual(30);
    expect(Object.keys(after).length).toBeGreaterThan(1); // V8's workers and libuv's pool run beside it
  });

  it('is null for a process that is gone', () => {
    expect(threadCpu(2 ** 22 + 1)).toBeNull(); // above Linux's pid_max limit
  });
});

describe('threadDelta', () => {
  it('gives what each thread name used in between, largest first, without idle threads or ones that were not there', () => {
    expect(threadDelta({ main: 100, node: 40, 'libuv-worker': 5 }, { main: 160, node: 120, 'libuv-worker': 5, new: 10 })).toEqual([
      ['node', 80],
      ['main', 60],
      ['new', 10],
    ]);
  });
});
