/**
 * "Enviei o arquivo errado": a file cancelled while it uploads, against a real sandbox. The rule
 * checked on HelenaCRM's own record (its messages, its saved files): a file the outbox says is
 * cancelled is never delivered; one it refused to cancel ("too late") is delivered once or not at
 * all, never twice. The upload is slowed by the rig's TCP proxy (throttle), the races are placed
 * by a seeded PRNG (OUTBOX_CANCEL_SEED to replay a run; the seed is printed), and the crash
 * variant kills a child process mid-upload or past the point of no return (file-send-child.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/conversations/test-fixture';
import { networkError } from '../api/error-mapping';
import { seededRng, type Rng } from '../testing/prng';
import { AttachmentFiles } from './attachment-files';
import { Outbox, type OutboxClient } from './outbox';
import { fileSendKilledAt } from './testing/file-send-crash';
import { clientFor, conversationWithMaria, FAST_RETRY, outboxClientWith, type Rig } from './testing/harness';
import { rigPerTest } from './testing/rig-per-test';

function pdf(size: number, tag: string): Buffer {
  const head = `%PDF-1.4\n% ${tag}\n`;
  const tail = '\n%%EOF\n';
  return Buffer.concat([Buffer.from(head), Buffer.alloc(size - head.length - tail.length, 'x'), Buffer.from(tail)]);
}

const rigs = rigPerTest();

async function openWindow(r: Rig, outbox: Outbox = r.outbox): Promise<string> {
  await outbox.start();
  const sessionId = await conversationWithMaria(r, outbox, 'C-1');
  await r.contactWrites(r.sandbox.company.contacts.maria, 'Pode mandar o boleto?');
  outbox.onContactReplied(sessionId);
  return sessionId;
}

async function savedFiles(r: Rig): Promise<number> {
  return (await r.sandbox.api<{ count: number }>('GET', '/control/v1/files', null)).body.count;
}

async function withRefId(r: Rig, sessionId: string, refId: string): Promise<number> {
  return (await r.serverMessages(sessionId)).filter((m) => m.refId === refId).length;
}

const settled = (r: Rig, localId: string) => () => {
  const state = r.store.outbox.get(localId)?.state;
  return state === 'sent' || state === 'cancelled' ? state : undefined;
};

describe('a file cancelled while it uploads', () => {
  it('at 30 %: the upload stops, nothing is saved nor sent on HelenaCRM, the message is cancelled and its bytes go', async () => {
    const attachments = new AttachmentFiles(join(rigs.tempDir(), 'attachments'));
    const r = await rigs.start({ outbox: { attachments } });
    const sessionId = await openWindow(r);
    const files = await savedFiles(r);
    const bytes = pdf(6_000_000, 'boleto de outro cliente');
    r.proxy.throttle(1_000_000);
    const sent = await r.outbox.sendFile(sessionId, { name: 'boleto-errado.pdf', mimeType: 'application/pdf', bytes, caption: 'Segue o boleto.' });
    const progress = () => r.events.flatMap((e) => (e.type === 'upload-progress' && e.localId === sent.localId ? [e.sent / e.total] : []));
    await eventually(() => (progress().some((p) => p >= 0.3) ? true : undefined), 'the upload at 30 %', 20_000);
    expect(progress().at(-1)).toBeLessThan(1);
    expect(r.store.outbox.get(sent.localId)).toMatchObject({ state: 'sending', sendStartedAt: null });

    expect(await r.outbox.cancel(sent.localId)).toBe(true);
    expect(r.store.outbox.get(sent.localId)?.state).toBe('cancelled');
    expect(r.store.messages.get(sent.localId)?.status).toBe('CANCELLED');
    const announced = progress().length;
    r.proxy.throttle(null);
    await r.outbox.flush();
    await eventually(() => (existsSync(join(attachments.dir, sent.localId)) ? undefined : true), 'the bytes deleted');
    // Given time to go if anything were still going: nothing did.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await withRefId(r, sessionId, sent.refId)).toBe(0);
    expect((await r.serverMessages(sessionId)).filter((m) => m.type === 'DOCUMENT')).toHaveLength(0);
    expect(await savedFiles(r)).toBe(files);
    expect(progress().length).toBe(announced);
    expect(r.store.outbox.get(sent.localId)).toMatchObject({ state: 'cancelled', fileId: null, sendStartedAt: null });
    const last = r.events.filter((e) => e.type === 'message-status' && e.localId === sent.localId).at(-1);
    expect(last).toMatchObject({ status: 'cancelled' });
  }, 40_000);

  it('queued again after a failed upload (backoff): cancelled; after a lost send answer (backoff): refused, and sent once', async () => {
    const attachments = new AttachmentFiles(join(rigs.tempDir(), 'attachments'));
    const r = await rigs.start({ outbox: { attachments, retry: { baseMs: 400, capMs: 400, maxAttempts: 100 } } });
    const sessionId = await openWindow(r);
    // The save fails: back to queued with a backoff; nothing was sent, so it may be cancelled.
    await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'POST', path: '/core/v2/file', when: 'before' });
    const early = await r.outbox.sendFile(sessionId, { name: 'a.pdf', mimeType: 'application/pdf', bytes: pdf(20_000, 'a') });
    await eventually(() => (r.store.outbox.get(early.localId)?.nextAttemptAt ? true : undefined), 'in backoff after the failed save');
    expect(await r.outbox.cancel(early.localId)).toBe(true);
    // The send's answer lost (HelenaCRM has the message): back to queued, but too late to cancel.
    await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'POST', path: `/chat/v1/session/${sessionId}/message`, when: 'after' });
    const late = await r.outbox.sendFile(sessionId, { name: 'b.pdf', mimeType: 'application/pdf', bytes: pdf(20_000, 'b') });
    await eventually(() => (r.store.outbox.get(late.localId)?.nextAttemptAt ? true : undefined), 'in backoff after the lost answer');
    expect(r.store.outbox.get(late.localId)).toMatchObject({ state: 'queued' });
    expect(r.store.outbox.get(late.localId)?.sendStartedAt).not.toBeNull();
    expect(await r.outbox.cancel(late.localId)).toBe(false);
    expect(await r.outbox.edit(late.localId, { text: 'outra legenda' })).toBe(false);
    await eventually(settled(r, late.localId), 'the refused one sent', 10_000);
    await r.outbox.flush();
    expect(r.store.outbox.get(early.localId)?.state).toBe('cancelled');
    expect(r.store.outbox.get(late.localId)?.state).toBe('sent');
    expect(await withRefId(r, sessionId, early.refId)).toBe(0);
    expect(await withRefId(r, sessionId, late.refId)).toBe(1);
    await eventually(() => (readdirSync(attachments.dir).length === 0 ? true : undefined), 'both files’ bytes deleted');
  }, 40_000);

  it('racing every step of the send, over seeded repetitions: cancelled means never delivered, refused means delivered once', async () => {
    const seed = Number(process.env.OUTBOX_CANCEL_SEED ?? 20_251_130);
    const repetitions = Number(process.env.OUTBOX_CANCEL_REPETITIONS ?? 60);
    console.log(`[cancel race] seed ${seed}, ${repetitions} repetitions (OUTBOX_CANCEL_SEED=${seed} replays it)`);
    const attachments = new AttachmentFiles(join(rigs.tempDir(), 'attachments'));
    const r = await rigs.start();
    type Moment = 'before-url' | 'during-put' | 'after-put' | 'after-save' | 'backoff-save' | 'before-send' | 'after-send' | 'backoff-send' | 'timer';
    const expected: Record<Moment, 'cancelled' | 'sent' | 'either'> = {
      'before-url': 'cancelled',
      'during-put': 'cancelled',
      'after-put': 'cancelled',
      'after-save': 'cancelled',
      'backoff-save': 'cancelled',
      'before-send': 'sent',
      'after-send': 'sent',
      'backoff-send': 'sent',
      timer: 'either',
    };
    let plan: { at: Moment; fire: () => void; failOnce: boolean } | null = null;
    const at = (moment: Moment): boolean => plan?.at === moment;
    const fire = () => plan?.fire();
    const real = r.client;
    const client: OutboxClient = outboxClientWith(real, {
      async requestUploadUrl(file, opts) {
        if (at('before-url')) fire();
        return real.requestUploadUrl(file, opts);
      },
      async uploadFile(url, bytes, mimeType, opts) {
        if (at('during-put')) setTimeout(fire, 30);
        const done = await real.uploadFile(url, bytes, mimeType, opts);
        if (at('after-put')) fire();
        return done;
      },
      async saveFile(tempFileId, opts) {
        if (at('backoff-save') && plan?.failOnce) {
          plan.failOnce = false;
          // Fires once the outbox has put it back in the queue with its backoff.
          setTimeout(fire, 10);
          throw networkError('ECONNRESET', { method: 'POST', path: '/core/v2/file' });
        }
        const saved = await real.saveFile(tempFileId, opts);
        if (at('after-save')) fire();
        return saved;
      },
      async sendSessionMessage(sessionId, body, opts) {
        if (at('before-send')) fire();
        const answer = await real.sendSessionMessage(sessionId, body, opts);
        if (at('after-send')) fire();
        if (at('backoff-send') && plan?.failOnce) {
          plan.failOnce = false;
          setTimeout(fire, 10);
          // HelenaCRM took it; its answer is lost on the way.
          throw networkError('ECONNRESET', { method: 'POST', path: `/chat/v1/session/${sessionId}/message` });
        }
        return answer;
      },
    });
    const outbox = r.newOutbox({ client, attachments, retry: { baseMs: 60, capMs: 60, maxAttempts: 100 }, onInternalError: (e) => { throw e; } });
    const sessionId = await openWindow(r, outbox);
    const rng: Rng = seededRng(seed);
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < repetitions; i++) {
      const step = rng.fork(i);
      const moment = step.pick(Object.keys(expected) as Moment[]);
      const double = step.chance(0.3);
      const delay = step.int(0, 40);
      const slow = moment === 'during-put';
      if (slow) r.proxy.throttle(100_000);
      const answers: Array<Promise<boolean>> = [];
      let localId = '';
      plan = {
        at: moment,
        failOnce: true,
        fire: () => {
          if (answers.length > 0) return;
          answers.push(outbox.cancel(localId));
          // Two at once: a double Enter, or the agent and a second window.
          if (double) answers.push(outbox.cancel(localId));
        },
      };
      const sent = await outbox.sendFile(sessionId, { name: `f-${i}.pdf`, mimeType: 'application/pdf', bytes: pdf(slow ? 60_000 : 8_000, `rep ${i}`) });
      localId = sent.localId;
      if (moment === 'timer') setTimeout(fire, delay);
      const state = await eventually(settled(r, localId), `rep ${i} (${moment}) settled`, 10_000);
      await eventually(() => (answers.length > 0 ? true : undefined), `rep ${i} (${moment}) cancel fired`, 5_000);
      r.proxy.throttle(null);
      await outbox.flush();
      const said = await Promise.all(answers);
      const label = `seed ${seed} rep ${i} ${moment}${double ? ' ×2' : ''}`;
      // Two cancels at once say the same thing.
      expect(new Set(said).size, label).toBe(1);
      const cancelled = said[0] === true;
      expect(state, label).toBe(cancelled ? 'cancelled' : 'sent');
      if (expected[moment] !== 'either') expect(state, label).toBe(expected[moment]);
      expect(await withRefId(r, sessionId, sent.refId), label).toBe(cancelled ? 0 : 1);
      outcomes[`${moment}:${state}`] = (outcomes[`${moment}:${state}`] ?? 0) + 1;
    }
    plan = null;
    console.log(`[cancel race] outcomes ${JSON.stringify(outcomes)}`);
    // A last look, once everything had time to go: still nothing of the cancelled ones.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const server = await r.serverMessages(sessionId);
    for (const entry of r.store.outbox.listByConversation(sessionId).filter((e) => e.kind === 'file')) {
      expect(server.filter((m) => m.refId === entry.refId).length, entry.localId).toBe(entry.state === 'cancelled' ? 0 : 1);
    }
    await eventually(() => (readdirSync(attachments.dir).length === 0 ? true : undefined), 'every file’s bytes deleted');
    await outbox.stop();
  }, 180_000);
});

describe('a file cancelled after a crash', () => {
  async function crashAt(step: 'upload' | 'send' | 'sent'): Promise<{ r: Rig; storeDir: string; sessionId: string; sent: { localId: string; refId: string } }> {
    const storeDir = rigs.tempDir();
    const r = await rigs.start({ storeDir });
    const { sessionId, sent } = await fileSendKilledAt(r, { storeDir, bytes: pdf(400_000, 'boleto de outro cliente'), name: 'boleto-errado.pdf', step, protocolo: 'K-C' });
    return { r, storeDir, sessionId, sent };
  }

  it('killed mid-upload: cancelled before the restart resumes it, or while the restarted upload runs; nothing reaches HelenaCRM', async () => {
    const { r, storeDir, sessionId, sent } = await crashAt('upload');
    expect(r.store.outbox.get(sent.localId)).toMatchObject({ state: 'sending', sendStartedAt: null });
    const attachments = new AttachmentFiles(join(storeDir, 'attachments'));
    // The restart puts it back in the queue, and a slow line keeps its new upload going.
    r.proxy.throttle(100_000);
    const outbox = r.newOutbox({ client: clientFor(r.proxy.url, r.agent.token), attachments, retry: FAST_RETRY });
    await outbox.start();
    await eventually(
      () => (r.events.some((e) => e.type === 'upload-progress' && e.localId === sent.localId && e.sent < e.total) ? true : undefined),
      'uploading again after the restart',
      10_000,
    );
    expect(await outbox.cancel(sent.localId)).toBe(true);
    r.proxy.throttle(null);
    await outbox.flush();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.store.outbox.get(sent.localId)?.state).toBe('cancelled');
    expect(await withRefId(r, sessionId, sent.refId)).toBe(0);
    expect(await savedFiles(r)).toBe(0);
    await eventually(() => (readdirSync(attachments.dir).length === 0 ? true : undefined), 'the bytes deleted');
    await outbox.stop();
  }, 40_000);

  it('killed mid-upload and cancelled before the outbox starts again: cancelled, never uploaded again', async () => {
    const { r, storeDir, sessionId, sent } = await crashAt('upload');
    const attachments = new AttachmentFiles(join(storeDir, 'attachments'));
    const outbox = r.newOutbox({ client: clientFor(r.proxy.url, r.agent.token), attachments, retry: FAST_RETRY });
    expect(await outbox.cancel(sent.localId)).toBe(true);
    await outbox.start();
    await outbox.flush();
    expect(r.store.outbox.get(sent.localId)?.state).toBe('cancelled');
    expect(r.events.some((e) => e.type === 'upload-progress' && e.localId === sent.localId)).toBe(false);
    expect(await withRefId(r, sessionId, sent.refId)).toBe(0);
    await eventually(() => (readdirSync(attachments.dir).length === 0 ? true : undefined), 'the bytes deleted');
    await outbox.stop();
  }, 40_000);

  it.each(['send', 'sent'] as const)('killed past the point of no return ("%s"): cancel refused before and after the restart, and the file goes once', async (step) => {
    const { r, storeDir, sessionId, sent } = await crashAt(step);
    expect(r.store.outbox.get(sent.localId)?.sendStartedAt).not.toBeNull();
    const attachments = new AttachmentFiles(join(storeDir, 'attachments'));
    const outbox = r.newOutbox({ client: clientFor(r.proxy.url, r.agent.token), attachments, retry: FAST_RETRY });
    expect(await outbox.cancel(sent.localId)).toBe(false);
    r.proxy.setMode('down');
    await outbox.start();
    // Back in the queue after the restart, still too late.
    expect(r.store.outbox.get(sent.localId)?.state).not.toBe('cancelled');
    expect(await outbox.cancel(sent.localId)).toBe(false);
    r.proxy.setMode('pass');
    outbox.setOnline(true);
    await eventually(settled(r, sent.localId), 'sent after the restart', 10_000);
    expect(r.store.outbox.get(sent.localId)?.state).toBe('sent');
    expect(await withRefId(r, sessionId, sent.refId)).toBe(1);
    await outbox.stop();
  }, 40_000);
});
