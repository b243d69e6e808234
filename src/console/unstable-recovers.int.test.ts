/**
 * "HelenaCRM instável — tentando de novo" must go when HelenaCRM is back, even when nothing else
 * asks it anything. Found on a 300 ms line: a failure of a request the agent made (the contact's
 * earlier conversations, a conversation's schedules) while HelenaCRM answered 500s set the badge;
 * with the realtime socket up and the desk quiet no REST request followed, and the badge stayed for
 * 3 minutes (until the look for failed schedules) with HelenaCRM answering fine all along.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { api, DEMO_LOGINS } from '../../sandbox/testing';
import { connectivity, type ConsoleRig, contactNamed, startConsoleRig, until } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await api(rig!.sandbox).put('/control/v1/faults', { errorRate: 0 });
  await rig?.close();
  rig = null;
});

describe('HelenaCRM unstable, then back, with the desk quiet', () => {
  it('the badge goes back to online by itself, without waiting for the next request the agent makes', async () => {
    rig = await startConsoleRig({ serverRecheckMs: 300 });
    const { core } = rig;
    await rig.login(DEMO_LOGINS.agent);
    await until('online first', async () => (await connectivity(core)) === 'online');
    const contactId = await contactNamed(core, 'vinicius romao');
    const faults = (errorRate: number) => api(rig!.sandbox).put('/control/v1/faults', { errorRate });

    await faults(1);
    // Alt+H asks HelenaCRM; its 500 is what the badge hears.
    await core.invoke('contact.history', { contactId }).catch(() => undefined);
    await until('unstable', async () => (await connectivity(core)) === 'unstable');

    await faults(0);
    // Nothing else is asked of HelenaCRM here: the console checks by itself.
    await until('online again', async () => (await connectivity(core)) === 'online', 5_000);
    expect(await connectivity(core)).toBe('online');
  });

  it('while HelenaCRM keeps failing the badge stays unstable (the check does not pretend)', async () => {
    rig = await startConsoleRig({ serverRecheckMs: 300 });
    const { core } = rig;
    await rig.login(DEMO_LOGINS.agent);
    await until('online first', async () => (await connectivity(core)) === 'online');
    const contactId = await contactNamed(core, 'vinicius romao');
    await api(rig.sandbox).put('/control/v1/faults', { errorRate: 1 });
    await core.invoke('contact.history', { contactId }).catch(() => undefined);
    await until('unstable', async () => (await connectivity(core)) === 'unstable');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await connectivity(core)).toBe('unstable');
  });
});
