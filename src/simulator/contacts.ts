/**
 * The contacts' side of the model: arrival, waiting and giving up, dispatch to a free agent, handling, wrap-up,
 * and the per-queue interval counters each step updates. The middle layer of SimModel (agents → contacts → model).
 */
import { AgentLifecycle } from './agents.js';
import { expInt, guidOf, pick, randInt } from './rng.js';
import {
  INTERVAL_MS,
  STEP_MS,
  emptyInterval,
  isFinished,
  type IntervalCounters,
  type SimAgent,
  type SimContact,
  type SimQueue,
} from './types.js';

const SUBJECTS = ['Request for support', 'Invoice question', 'Order status', 'Cannot log in', 'Change of address'];

export abstract class ContactFlow extends AgentLifecycle {
  /** Contacts of the last 36 hours plus every contact still in process, by id, in arrival order. */
  readonly contacts = new Map<string, SimContact>();
  /** Per queue, per interval start (ms): live contactSummaries counters. */
  readonly intervals: Array<Map<number, IntervalCounters>> = this.queues.map(() => new Map());
  /** Retention cap for finished contacts (the oldest are dropped first). */
  maxFinishedContacts = 50_000;

  private contactSeq = 0;
  protected finishedCount = 0;

  protected arrive(q: SimQueue): void {
    const rng = this.rng;
    const now = this.stepsMs;
    const n = this.contactSeq++;
    const ivr = q.channel === 'PHONE' ? randInt(rng, 1, 3) : 0;
    const c: SimContact = {
      seq: n,
      id: guidOf(this.seed, 'contact', n),
      groupId: guidOf(this.seed, 'contact-group', n),
      queue: q,
      channel: q.channel,
      type: q.channel === 'PHONE' ? 'CallIn' : q.channel === 'CHAT' ? 'ChatIn' : 'EMAILIN',
      source:
        q.channel === 'PHONE'
          ? `+35840${String(randInt(rng, 0, 9_999_999)).padStart(7, '0')}`
          : `customer${randInt(rng, 100, 99_999)}@example.com`,
      destination: q.address,
      subject: q.channel === 'EMAIL' ? pick(rng, SUBJECTS) : null,
      record: q.channel === 'PHONE' ? rng() < 0.8 : null,
      arrivalMs: now - ivr * STEP_MS,
      arrivalQueueMs: now,
      connectMs: null,
      disconnectMs: null,
      wrapUpBeginMs: null,
      wrapUpEndMs: null,
      queueEndMs: null,
      patienceEndMs: now + expInt(rng, q.meanPatienceSeconds) * STEP_MS,
      agent: null,
      status: 'InQueue',
      handleSeconds: expInt(rng, q.meanHandleSeconds),
      wrapUpSecondsOverride: null,
    };
    this.contacts.set(c.id, c);
    q.waiting.push(c);
    const iv = this.interval(q, now);
    iv.arrivedActive++;
    iv.changedMs = now;
  }

  protected abandon(c: SimContact): void {
    const now = this.stepsMs;
    const q = c.queue;
    q.waiting.splice(q.waiting.indexOf(c), 1);
    const waited = now - c.arrivalQueueMs;
    const falseAttempt = waited < q.faSeconds * 1000;
    c.status = falseAttempt ? 'NotHandled_FA' : 'NotHandled_Ab';
    c.queueEndMs = now;
    c.disconnectMs = now;
    this.finished(c);
    const iv = this.interval(q, now);
    if (falseAttempt) {
      iv.falseAttempts++;
      iv.falseAttemptQueueTimeTotal += waited;
    } else {
      iv.abandoned++;
      iv.abandonedQueueTimeTotal += waited;
    }
    iv.queueTimeMax = Math.max(iv.queueTimeMax, waited);
    iv.changedMs = now;
    const arrivedIv = this.interval(q, c.arrivalQueueMs);
    arrivedIv.arrivedActive--;
  }

  /**
   * Free agents (longest idle first) take the oldest waiting contact among the queues they serve.
   * O(free agents × their queues), and nothing at all while no one waits.
   */
  protected dispatch(): void {
    let waiting = 0;
    for (const q of this.queues) waiting += q.waiting.length;
    if (waiting === 0) return;
    for (const a of this.freeAgents) {
      let best: SimContact | undefined;
      for (const m of a.memberships) {
        const head = m.serving ? m.queue.waiting[0] : undefined;
        if (head && (!best || head.arrivalQueueMs < best.arrivalQueueMs || (head.arrivalQueueMs === best.arrivalQueueMs && head.seq < best.seq))) {
          best = head;
        }
      }
      if (!best) continue;
      this.connect(best, a);
      if (--waiting === 0) return;
    }
  }

  private connect(c: SimContact, a: SimAgent): void {
    const now = this.stepsMs;
    const q = c.queue;
    q.waiting.splice(q.waiting.indexOf(c), 1);
    c.status = 'InProcess';
    c.agent = a;
    c.connectMs = now;
    c.queueEndMs = now;
    this.freeAgents.delete(a);
    a.contact = c;
    this.setState(a, 'Busy');
    this.scheduleAgent(a, c.handleSeconds);
  }

  protected endHandling(a: SimAgent): void {
    const c = a.contact;
    if (!c) return this.enter(a, 'Ready');
    const now = this.stepsMs;
    c.disconnectMs = now;
    c.wrapUpBeginMs = now;
    c.status = 'InProcess_WrapUp';
    this.setState(a, 'WrapUp');
    const seconds = c.wrapUpSecondsOverride ?? a.wrapUpSeconds;
    if (seconds <= 0) return this.endWrapUp(a);
    this.scheduleAgent(a, seconds);
  }

  protected endWrapUp(a: SimAgent): void {
    const c = a.contact;
    const now = this.stepsMs;
    if (c) {
      c.wrapUpEndMs = now;
      this.completeContact(c, a);
      a.contact = null;
    }
    const next = a.afterWork;
    const hold = a.afterWorkHoldSeconds;
    a.afterWork = null;
    if (next === 'LoggedOut') this.logout(a, hold);
    else if (next === 'Pause') this.enter(a, 'Pause', a.pauseId || 1, hold);
    else if (next === 'NotReady') this.enter(a, 'NotReady', 0, hold);
    else this.enter(a, 'Ready');
  }

  /** Ends the agent's contact and wrap-up at once (check-out during work). */
  protected finishWorkNow(a: SimAgent): void {
    const c = a.contact;
    const now = this.stepsMs;
    if (c) {
      c.disconnectMs ??= now;
      c.wrapUpBeginMs ??= now;
      c.wrapUpEndMs = now;
      this.completeContact(c, a);
      a.contact = null;
    }
  }

  private completeContact(c: SimContact, a: SimAgent): void {
    const q = c.queue;
    const queued = (c.connectMs ?? c.arrivalQueueMs) - c.arrivalQueueMs;
    const handling = (c.disconnectMs ?? 0) - (c.connectMs ?? 0);
    const wrap = (c.wrapUpEndMs ?? 0) - (c.wrapUpBeginMs ?? 0);
    const onTime = queued <= q.aotSeconds * 1000;
    c.status = onTime ? 'Handled_AOT' : 'Handled';
    this.finished(c);
    const counts = c.channel === 'PHONE' ? 'callIn' : c.channel === 'CHAT' ? 'chatIn' : 'emailIn';
    a.stats[counts]++;
    a.stats.handlingMs += handling;
    a.stats.wrapUpMs += wrap;
    const m = a.memberships.find((x) => x.queue === q);
    if (m) {
      if (c.channel === 'PHONE') m.handledCallIn++;
      else if (c.channel === 'CHAT') m.handledChatIn++;
      else m.handledEmailIn++;
      m.handlingMs += handling;
      m.wrapUpMs += wrap;
    }
    const now = this.stepsMs;
    const iv = this.interval(q, now);
    iv.handled++;
    if (onTime) iv.answeredOnTime++;
    iv.handleTimeTotal += handling;
    iv.handleTimeMax = Math.max(iv.handleTimeMax, handling);
    iv.answeredQueueTimeTotal += queued;
    iv.queueTimeMax = Math.max(iv.queueTimeMax, queued);
    iv.changedMs = now;
    const arrivedIv = this.interval(q, c.arrivalQueueMs);
    arrivedIv.arrivedActive--;
    arrivedIv.arrivedHandled++;
  }

  private finished(_c: SimContact): void {
    this.finishedCount++;
    if (this.finishedCount > this.maxFinishedContacts) {
      // Map iteration is insertion (arrival) order: drop the oldest finished contacts.
      for (const [id, c] of this.contacts) {
        if (this.finishedCount <= this.maxFinishedContacts * 0.9) break;
        if (isFinished(c)) {
          this.contacts.delete(id);
          this.finishedCount--;
        }
      }
    }
  }

  interval(q: SimQueue, atMs: number): IntervalCounters {
    const key = Math.floor(atMs / INTERVAL_MS) * INTERVAL_MS;
    const map = this.intervals[q.index]!;
    let iv = map.get(key);
    if (!iv) {
      iv = emptyInterval(atMs);
      map.set(key, iv);
    }
    return iv;
  }

  /** Contacts still in process (waiting, handling, in wrap-up). */
  inProcessContacts(): SimContact[] {
    const out: SimContact[] = [];
    for (const c of this.contacts.values()) if (!isFinished(c)) out.push(c);
    return out;
  }
}
