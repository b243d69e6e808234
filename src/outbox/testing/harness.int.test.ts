/**
 * The outbox rig's teardown: a test that restarts the outbox (a new one on the same data folder)
 * and fails midway must not leave an outbox running, nor a store open.
 */
import { describe, expect, it } from 'vitest';
import { Outbox } from '../outbox';
import { FAST_RETRY, startRig, tempDir } from './harness';

describe('the outbox rig closes what a test left open', () => {
  it('stops every outbox it made or tracked, the restarted one included, before closing the stores', async () => {
    const r = await startRig({ storeDir: tempDir() });
    const made = r.newOutbox();
    await made.start();
    const reopened = r.reopenStore();
    const restarted = r.track(new Outbox({ store: reopened, client: r.client, retry: FAST_RETRY }));
    await restarted.start();
    const stopped: string[] = [];
    for (const [name, outbox] of Object.entries({ rig: r.outbox, made, restarted })) {
      const stop = outbox.stop.bind(outbox);
      outbox.stop = async () => {
        stopped.push(`${name}, stores ${reopened.db.open && r.store.db.open ? 'open' : 'closed'}`);
        await stop();
      };
    }

    await r.close();
    expect(stopped).toEqual(['restarted, stores open', 'made, stores open', 'rig, stores open']);
    expect([reopened.db.open, r.store.db.open]).toEqual([false, false]);
  });
});
