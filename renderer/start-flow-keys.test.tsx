// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { ChannelSummary, ContactSummary, StartTemplate } from '../src/console/results';
import { answering, installBridge } from './testing/fake-bridge';
import { pause, pressAndWait } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';
import { OFFICIAL_CHANNEL, oneChannelStart, showStartFlow } from './testing/start-flow';

const view = mountPerTest();

const SEBASTIAO: ContactSummary = { id: 'c1', name: 'Sebastião Magalhães', phoneNumber: '+5571991234567', email: null, lastActivityAt: null, match: 'prefix' };
const template: StartTemplate = { id: 't1', name: 'boas_vindas', text: 'Olá {{nome}}', footerText: null, params: ['nome'], categoryName: 'UTILITY', media: null };

const settle = () => pause(400);
const press = (key: string) => pressAndWait(key, 50);

/** The start flow with one contact, one channel (official or QR), one team and one template. */
async function openWith(channel: ChannelSummary): Promise<void> {
  installBridge(answering(oneChannelStart([SEBASTIAO], template, channel)));
  await showStartFlow(view);
  await settle();
}

const keyLines = () => [...view.host.ownerDocument.querySelectorAll('.keys')].map((p) => p.textContent);

describe('the start flow keys line on its last step', () => {
  it('for a template: Tab, Enter starts, Esc goes back — no "↑↓ escolhem" or Ctrl+Enter that do nothing there', async () => {
    await openWith(OFFICIAL_CHANNEL);
    await press('Enter'); // the contact; the one channel and the one team are chosen for the agent
    await settle();
    expect(keyLines()).toEqual(['Esc volta uma etapa · ↑↓ escolhem · Enter confirma']);
    await press('Enter'); // the template
    await settle();
    expect(view.host.ownerDocument.activeElement?.id).toBe('param-nome');
    expect(keyLines()).toEqual(['Tab passa ao próximo campo · Enter inicia o atendimento · Esc volta uma etapa']);
  });

  it('for a first message on a QR channel: Enter is a new line, Ctrl+Enter starts', async () => {
    await openWith({ id: 'ch2', type: 'ZAPI_WhatsApp', displayName: 'WhatsApp QR Code', number: null, family: 'unofficial', needsTemplate: false });
    await press('Enter');
    await settle();
    expect(view.host.ownerDocument.activeElement?.id).toBe('first-message');
    expect(keyLines()).toEqual(['Enter quebra a linha · Ctrl+Enter inicia o atendimento · Esc volta uma etapa']);
  });
});
