/**
 * Editing a queued template through the console against a real sandbox behind a TCP proxy: the
 * agent queues a media template offline, sees a typo in its link and fixes it ("Editar"); the link
 * is checked by the same rule as at send time (the problem under the field), the conversation
 * shows the new one, and HelenaCRM gets the new one when the network returns. Texts, notes and
 * templates without media have no link to change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import type { HelenaConsole } from './console';
import { refusalOf } from './testing/refusal';
import type { MessageView } from './results';
import { startConsoleRig, until, type ConsoleRig } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function messageOf(core: HelenaConsole, conversationKey: string, localId: string): Promise<MessageView | undefined> {
  return (await core.invoke('conversation.open', { sessionId: conversationKey })).messages.find((m) => m.localId === localId);
}

describe('editing a queued template through the console', () => {
  it("changes a queued media template's link by the send-time rule, shows it, and sends the new one; refuses a link where there is no media", async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    const contactId = (await core.invoke('contacts.search', { query: 'vinicius romao' })).items[0]?.id ?? '';
    await r.silence(contactId);
    const templates = await core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id });
    const catalog = templates.find((t) => t.name === 'catalogo_produtos');
    const welcome = templates.find((t) => t.name === 'boas_vindas');
    expect(catalog?.media).toBe('image');

    // Offline: the start with the catalogue image, a text and a note stay queued.
    r.proxy.setMode('down');
    await until('the console offline', async () => (await core.invoke('state.snapshot', {})).connectivity.state !== 'online');
    const typo = 'https://cdn.helena-demo.com.br/catalgo/verao.jpg';
    const started = await core.invoke('conversation.start', {
      contactId, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: catalog?.id ?? '', parameters: { nome: 'Vinícius' }, media: typo,
    });
    const key = started.conversationKey;
    const text = await core.invoke('message.sendText', { sessionId: key, text: 'Qualquer dúvida, estou aqui.' });
    const note = await core.invoke('note.add', { sessionId: key, text: 'Cliente pediu o catálogo de verão.' });
    expect(await messageOf(core, key, started.localId)).toMatchObject({ outboxState: 'queued', media: { kind: 'image', link: typo }, templateEditable: true, textEditable: false });
    expect(await messageOf(core, key, text.localId)).toMatchObject({ templateEditable: false });

    // A link WhatsApp cannot fetch, or none: the image's message under "media", nothing changed.
    expect((await refusalOf(core.invoke('message.edit', { localId: started.localId, media: 'http://cdn.helena-demo.com.br/catalogo/verao.jpg' }))).toJSON()).toMatchObject({
      code: 'invalid_parameters',
      field: 'media',
      issues: [{ field: 'media', message: expect.stringMatching(/^O link da imagem precisa/) as unknown }],
    });
    expect((await refusalOf(core.invoke('message.edit', { localId: started.localId, media: ' ' }))).toJSON()).toMatchObject({
      field: 'media',
      issues: [{ field: 'media', message: 'Este modelo tem imagem: informe o link público da imagem (https://…).', messageEn: expect.stringContaining('image') as unknown }],
    });
    // With a bad parameter too: every problem at once, each under its field.
    expect((await refusalOf(core.invoke('message.edit', { localId: started.localId, parameters: { nome: '' }, media: 'nope' }))).toJSON()).toMatchObject({
      issues: [{ field: 'parameters.nome' }, { field: 'media' }],
    });
    expect((await messageOf(core, key, started.localId))?.media).toEqual({ kind: 'image', link: typo });

    // The fix: the conversation shows the new link at once; parameters alone keep it.
    const link = 'https://cdn.helena-demo.com.br/catalogo/verao.jpg';
    await core.invoke('message.edit', { localId: started.localId, media: ` ${link} ` });
    expect((await messageOf(core, key, started.localId))?.media).toEqual({ kind: 'image', link });
    await core.invoke('message.edit', { localId: started.localId, parameters: { nome: 'Vinícius Romão' } });
    expect(await messageOf(core, key, started.localId)).toMatchObject({ text: expect.stringMatching(/^Oi Vinícius Romão!/) as unknown, media: { kind: 'image', link } });

    // No link where there is no media: a text, a note, a template without media.
    for (const localId of [text.localId, note.localId]) {
      expect((await refusalOf(core.invoke('message.edit', { localId, media: link }))).toJSON()).toMatchObject({
        code: 'invalid_input',
        field: 'media',
        message: 'Esta mensagem não leva imagem, vídeo nem documento: não há link para mudar.',
        messageEn: 'This message carries no image, video or document: there is no link to change.',
      });
    }
    const plain = await core.invoke('message.sendTemplate', { sessionId: key, templateId: welcome?.id ?? '', parameters: { nome: 'Vinícius', atendente: 'Ana' } });
    expect((await refusalOf(core.invoke('message.edit', { localId: plain.localId, media: link }))).toJSON()).toMatchObject({
      field: 'media',
      issues: [{ field: 'media', message: 'Este modelo não tem mídia: não informe link de arquivo.' }],
    });

    // The network returns: HelenaCRM gets the corrected link and parameters.
    r.proxy.setMode('pass');
    const sent = await until('the start acknowledged', async () => {
      const list = await core.invoke('conversation.list', {});
      return list.find((c) => c.contactId === contactId && c.pendingStart === null);
    });
    const onServer = await until('the start on HelenaCRM', async () => (await r.serverMessages(sent.id, DEMO_LOGINS.agent)).find((m) => m.templateId === catalog?.id));
    expect(onServer).toMatchObject({ type: 'IMAGE', text: expect.stringMatching(/^Oi Vinícius Romão!/) as unknown, details: { file: { publicUrl: link } } });
    const acknowledged = await until('the start sent', async () => {
      const m = await messageOf(core, sent.id, started.localId);
      return m?.outboxState === 'sent' ? m : null;
    });
    expect(acknowledged).toMatchObject({ media: { kind: 'image', link }, templateEditable: false });
    expect((await refusalOf(core.invoke('message.edit', { localId: started.localId, media: typo }))).toJSON()).toMatchObject({ code: 'too_late' });
  });
});
