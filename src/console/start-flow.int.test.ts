/**
 * The whole active start ("Iniciar atendimento") at core level, through nothing but the console:
 * a real sandbox, the real sync engine and outbox, and the agent's steps in the help page's order.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { api, DEMO_LOGINS, readLoginCode, startTestSandbox, type RunningSandbox } from '../../sandbox/testing';
import type { MessageDTO } from '../api/helena-dto';
import { HelenaConsole } from './console';
import type { CoreEvent } from './core-events';
import { ConsoleError } from './errors';
import { realEngines } from './real-engines';
import type { ConversationSummary, MessageView } from './results';
import { MemorySecretStore } from './secret-store';
import { nextEvent as nextEventOf, PRICES, until } from './testing/console-rig';

let sandbox: RunningSandbox;
let core: HelenaConsole;
let secrets: MemorySecretStore;
let events: CoreEvent[];

const nextEvent = <T extends CoreEvent['type']>(type: T, match: (e: Extract<CoreEvent, { type: T }>) => boolean, timeoutMs?: number) =>
  nextEventOf(core, type, match, timeoutMs);

async function loginThroughConsole(login: string): Promise<void> {
  const asked = await core.invoke('auth.requestCode', { login });
  expect(asked.channel).toBe('email');
  const code = await readLoginCode(sandbox, login);
  const { agent } = await core.invoke('auth.verify', { login, code });
  await core.whenSynced();
  expect(agent.email).toBe(login);
}

async function conversationOf(contactId: string): Promise<ConversationSummary> {
  return until('the started conversation in the cache', async () =>
    (await core.invoke('conversation.list', {})).find((c) => c.contactId === contactId && c.pendingStart === null),
  );
}

/** Ana starts João da Silva (who answers by himself after 3 s) in Suporte with boas_vindas; the conversation once in the cache. */
async function welcomeJoaoInSuporte(): Promise<ConversationSummary> {
  const joao = (await core.invoke('contacts.search', { query: 'joao da silva' })).items[0];
  expect(joao?.name).toBe('João da Silva');
  const contactId = joao?.id ?? '';
  const welcome = (await core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.suporte.id })).find(
    (t) => t.name === 'boas_vindas',
  );
  await core.invoke('conversation.start', {
    contactId, channelId: CHANNEL.official.id, teamId: TEAM.suporte.id, templateId: welcome?.id ?? '',
    parameters: { nome: 'João', atendente: 'Ana' },
  });
  return conversationOf(contactId);
}

async function messagesOf(sessionId: string): Promise<MessageView[]> {
  return (await core.invoke('conversation.open', { sessionId })).messages;
}

beforeEach(async () => {
  sandbox = await startTestSandbox();
  secrets = new MemorySecretStore();
  core = new HelenaConsole({ secrets, prices: PRICES, engines: realEngines() });
  events = [];
  core.on((event) => events.push(event));
  await core.open({ location: mkdtempSync(join(tmpdir(), 'helena-console-int-')), baseUrl: sandbox.url });
  await loginThroughConsole(DEMO_LOGINS.agent);
});
afterEach(async () => {
  await core.close();
  await sandbox.close();
});

describe('iniciar atendimento, at core level', () => {
  it('starts with a number no contact has: HelenaCRM creates the contact, and the conversation shows the number', async () => {
    const page = await core.invoke('contacts.search', { query: '(11) 94444-3210' });
    expect(page.newNumber).toEqual({ phone: '+5511944443210', display: '(11) 94444-3210' });
    await expect(core.invoke('conversation.start', { phone: '(11) 4444', channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'phone',
    });
    const welcome = (await core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas');
    const cost = await core.invoke('cost.estimate', { channelId: CHANNEL.official.id, templateId: welcome?.id ?? '', phone: '(11) 94444-3210' });
    expect(cost.country).toBe('BR');
    const started = await core.invoke('conversation.start', {
      phone: '(11) 94444-3210', channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: welcome?.id ?? '',
      parameters: { nome: 'Cliente', atendente: 'Ana' },
    });
    const opened = await until('the start acknowledged, with its session', async () => {
      const o = await core.invoke('conversation.open', { sessionId: started.conversationKey });
      return o.conversation ? o : null;
    });
    expect(opened.conversation?.contactName).toBe('(11) 94444-3210');
    expect(opened.messages.map((m) => m.text)).toEqual([expect.stringContaining('Olá Cliente')]);
    // The contact HelenaCRM created reaches the cache: the number is no longer new.
    const after = await until('the new contact in the cache', async () => {
      const found = await core.invoke('contacts.search', { query: '11944443210' });
      return found.newNumber === null ? found : null;
    });
    expect(after.items[0]?.phoneNumber).toBe('+5511944443210');
  });

  it('a start to a number without WhatsApp fails with HelenaCRM\'s reason, in pt-BR as it came and inside an English sentence', async () => {
    const welcome = (await core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas');
    const started = await core.invoke('conversation.start', {
      phone: '(11) 94444-0000', channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: welcome?.id ?? '',
      parameters: { nome: 'Cliente', atendente: 'Ana' },
    });
    const failed = await until('the start failed on delivery', async () => {
      const m = (await core.invoke('conversation.open', { sessionId: started.conversationKey })).messages.find((x) => x.localId === started.localId);
      return m?.status === 'FAILED' ? m : null;
    });
    expect(failed).toMatchObject({
      failedReason: 'Número não possui WhatsApp',
      failedReasonEn: 'WhatsApp refused the message: Número não possui WhatsApp',
    });
  });

  it('hands a conversation to another agent: it leaves the agent who had it, who can no longer write there', async () => {
    const conversation = await welcomeJoaoInSuporte();
    // The screen names who it is with: number as agents read it, e-mail, tags.
    const opened = await core.invoke('conversation.open', { sessionId: conversation.id });
    expect(opened.contact).toMatchObject({ name: 'João da Silva', phone: expect.stringMatching(/^\(\d\d\) \d{4,5}-\d{4}$/) as unknown });
    // Quick replies for Suporte: the Financeiro-only Pix reply is not among them; the contact's name is filled in.
    const replies = await core.invoke('quickReplies.list', { sessionId: conversation.id });
    expect(replies.map((r) => r.alias)).toEqual(['horario', 'obrigado']);
    expect(replies.find((r) => r.alias === 'obrigado')?.text).toBe('Obrigado pelo contato, João! Qualquer dúvida é só chamar por aqui.');
    const joaoPedro = (await core.invoke('transfer.targets', { sessionId: conversation.id })).agents.find((a) => a.name === 'João Pedro Araújo');
    const moved = await core.invoke('conversation.transfer', { sessionId: conversation.id, type: 'USER', userId: joaoPedro?.userId ?? '' });
    expect(moved).toMatchObject({ userId: joaoPedro?.userId, departmentId: TEAM.suporte.id, canWrite: false });
    await expect(core.invoke('message.sendText', { sessionId: conversation.id, text: 'Ainda aqui?' })).rejects.toMatchObject({
      code: 'not_allowed',
    });
    // João Pedro is now the one it goes to: he is not offered as a target again.
    expect((await core.invoke('transfer.targets', { sessionId: conversation.id })).agents.map((a) => a.name)).toEqual(['Conceição Gonçalves']);
  });

  it('search → channel → my teams → template → params → cost → start → reply → free text, queued text in order', async () => {
    const token = await secrets.get();
    expect(token).not.toBeNull();
    expect(JSON.stringify(events)).not.toContain(token);

    // Passo 2: the contact, searched without accents.
    const found = await core.invoke('contacts.search', { query: 'sebastiao magalhaes' });
    const contact = found.items[0];
    expect(contact).toMatchObject({ name: 'Sebastião Magalhães', phoneNumber: expect.stringContaining('71991234567') as unknown });
    const contactId = contact?.id ?? '';

    // Passo 3: every connected channel.
    const channels = await core.invoke('channels.list', {});
    expect(channels.map((c) => c.id).sort()).toEqual([CHANNEL.official.id, CHANNEL.qr.id, CHANNEL.instagram.id].sort());
    expect(channels.find((c) => c.id === CHANNEL.official.id)?.needsTemplate).toBe(true);

    // Passo 4: only Ana's teams.
    const teams = await core.invoke('teams.mine', { channelId: CHANNEL.official.id });
    expect(teams.map((t) => t.name).sort()).toEqual(['Suporte', 'Vendas']);

    // Passo 5: attendance templates of the channel open to the team, approved.
    const templates = await core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id });
    expect(templates.map((t) => t.name)).toEqual(['boas_vindas', 'catalogo_produtos', 'confirmacao_visita', 'oferta_do_mes', 'proposta_comercial']);
    const welcome = templates.find((t) => t.name === 'boas_vindas');
    expect(welcome?.params).toEqual(['nome', 'atendente']);
    const templateId = welcome?.id ?? '';

    // Passo 6: a bad parameter is named, in pt-BR, and nothing is enqueued.
    const start = { contactId, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId };
    const bad = await core.invoke('conversation.start', { ...start, parameters: { nome: 'Sebastião', atendente: 'Ana      Lúcia' } }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ConsoleError);
    expect((bad as ConsoleError).toJSON()).toEqual({
      code: 'invalid_parameters',
      field: 'parameters.atendente',
      message: 'O parâmetro "atendente" não pode ter mais de quatro espaços seguidos.',
      messageEn: 'The parameter "atendente" cannot have more than four spaces in a row.',
      issues: [
        {
          field: 'parameters.atendente',
          message: 'O parâmetro "atendente" não pode ter mais de quatro espaços seguidos.',
          messageEn: 'The parameter "atendente" cannot have more than four spaces in a row.',
        },
      ],
    });
    expect((await core.invoke('state.snapshot', {})).outbox.queued).toBe(0);

    // What it costs, before it goes (Utilidade to a Brazilian number).
    const cost = await core.invoke('cost.estimate', { channelId: CHANNEL.official.id, templateId, contactId });
    expect(cost).toMatchObject({ charged: true, category: 'UTILITY', amount: 0.008, currency: 'USD', country: 'BR' });

    const started = await core.invoke('conversation.start', { ...start, parameters: { nome: 'Sebastião', atendente: 'Ana Lúcia' } });
    expect(started.cost.amount).toBe(0.008);

    // Passo 7: the conversation opens: started, window not started, free text must wait.
    const conversation = await conversationOf(contactId);
    const sessionId = conversation.id;
    expect(conversation).toMatchObject({ status: 'STARTED', departmentId: TEAM.vendas.id, canWrite: true, window: { state: 'not_started', canSendFreeText: false } });
    const templateMessage = await until('the template sent', async () =>
      (await messagesOf(sessionId)).find((m) => m.localId === started.localId && m.id !== null && m.outboxState === 'sent'),
    );
    expect(templateMessage.templateId).toBe(templateId);
    // The screen opened with the start's key keeps working once the server gave the session.
    const byStartKey = await core.invoke('conversation.open', { sessionId: started.conversationKey });
    expect(started.conversationKey).toBe(`start:${started.localId}`);
    expect(byStartKey.conversationKey).toBe(sessionId);
    expect(byStartKey.messages.map((m) => m.localId)).toContain(started.localId);

    // Queued while the contact has not replied: held, not sent.
    const first = await core.invoke('message.sendText', { sessionId, text: 'Fico no aguardo do seu retorno.' });
    const second = await core.invoke('message.sendText', { sessionId, text: 'Qualquer dúvida, estou por aqui.' });
    await until('both texts held for the reply', async () => {
      const held = (await messagesOf(sessionId)).filter((m) => m.localId === first.localId || m.localId === second.localId);
      return held.length === 2 && held.every((m) => m.outboxState === 'waiting_reply' || m.status === 'WAIT_REPLY');
    });
    const http = api(sandbox, token);
    const serverBefore = (await http.get<{ items: Array<{ status: string; text: string | null }> }>(`/chat/v1/session/${sessionId}/message`)).body.items;
    expect(serverBefore.filter((m) => m.status === 'SENT' && m.text?.startsWith('Fico'))).toHaveLength(0);

    // The contact writes: 'contact-replied', the window opens, the held texts go out in order.
    const replied = nextEvent('contact-replied', (e) => e.sessionId === sessionId);
    const inbound = await api(sandbox).post('/control/v1/inbound', { contactId, channelId: CHANNEL.official.id, text: 'Oi, pode falar!' });
    expect(inbound.status).toBe(200);
    expect(await replied).toMatchObject({ sessionId, contactName: 'Sebastião Magalhães', text: 'Oi, pode falar!' });

    const released = await until('the held texts sent', async () => {
      const list = (await messagesOf(sessionId)).filter((m) => m.localId === first.localId || m.localId === second.localId);
      return list.length === 2 && list.every((m) => ['SENT', 'DELIVERED', 'READ'].includes(m.status)) ? list : null;
    });
    expect(released.map((m) => m.text)).toEqual(['Fico no aguardo do seu retorno.', 'Qualquer dúvida, estou por aqui.']);
    const serverAfter = (await http.get<{ items: Array<{ direction: string; status: string; text: string | null }> }>(`/chat/v1/session/${sessionId}/message`)).body.items;
    const texts = serverAfter.filter((m) => m.direction === 'FROM_HUB' && m.text !== null && !m.text.startsWith('Olá'));
    expect(texts.map((m) => m.text)).toEqual(['Fico no aguardo do seu retorno.', 'Qualquer dúvida, estou por aqui.']);
    expect(texts.every((m) => m.status !== 'WAIT_REPLY')).toBe(true);

    // The window is open now: free text goes straight out.
    const opened = await until('the window open in the cache', async () => {
      const o = await core.invoke('conversation.open', { sessionId });
      return o.conversation?.window.canSendFreeText ? o : null;
    });
    expect(opened.conversation).toMatchObject({ status: 'IN_PROGRESS', window: { state: 'open' } });
    const free = await core.invoke('message.sendText', { sessionId, text: 'Perfeito, vamos lá!' });
    const sent = await until('the free text sent', async () =>
      (await messagesOf(sessionId)).find((m) => m.localId === free.localId && ['SENT', 'DELIVERED', 'READ'].includes(m.status)),
    );
    expect(sent.outboxState).toBe('sent');
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it('starts with an image template: its link is asked for by name, goes out as fileIdOrUrl, and a document follows in the conversation', async () => {
    const token = (await secrets.get()) ?? '';
    const contactId = (await core.invoke('contacts.search', { query: 'vinicius romao' })).items[0]?.id ?? '';
    const templates = await core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id });
    // The list says which templates carry media, and which.
    expect(templates.filter((t) => t.media !== null).map((t) => [t.name, t.media])).toEqual([
      ['catalogo_produtos', 'image'],
      ['proposta_comercial', 'document'],
    ]);
    const catalog = templates.find((t) => t.name === 'catalogo_produtos');
    expect(catalog).toMatchObject({ params: ['nome'], categoryName: 'Marketing' });
    const start = { contactId, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: catalog?.id ?? '' };

    // Without the image, or with a link WhatsApp cannot fetch: one message for the field, beside the parameters', nothing queued.
    const missing = await core.invoke('conversation.start', { ...start, parameters: { nome: '' } }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ConsoleError);
    expect((missing as ConsoleError).toJSON()).toMatchObject({
      code: 'invalid_parameters',
      field: 'parameters.nome',
      issues: [
        { field: 'parameters.nome', message: 'Preencha o parâmetro "nome".' },
        {
          field: 'media',
          message: 'Este modelo tem imagem: informe o link público da imagem (https://…).',
          messageEn: 'This template has an image: enter the public link to the image (https://…).',
        },
      ],
    });
    const insecure = await core.invoke('conversation.start', { ...start, parameters: { nome: 'Vinícius' }, media: 'http://loja.com.br/catalogo.jpg' }).catch((e: unknown) => e);
    expect((insecure as ConsoleError).toJSON()).toMatchObject({ field: 'media', issues: [{ field: 'media', message: expect.stringMatching(/^O link da imagem precisa/) as unknown }] });
    // A template without media takes no link.
    const welcome = templates.find((t) => t.name === 'boas_vindas');
    const stray = await core
      .invoke('conversation.start', { ...start, templateId: welcome?.id ?? '', parameters: { nome: 'V', atendente: 'Ana' }, media: 'https://loja.com.br/x.jpg' })
      .catch((e: unknown) => e);
    expect((stray as ConsoleError).toJSON()).toMatchObject({ field: 'media', message: 'Este modelo não tem mídia: não informe link de arquivo.' });
    expect((await core.invoke('state.snapshot', {})).outbox.queued).toBe(0);

    const link = 'https://cdn.helena-demo.com.br/catalogo/verao.jpg';
    const started = await core.invoke('conversation.start', { ...start, parameters: { nome: 'Vinícius' }, media: `  ${link} ` });
    // Offline-first: the conversation shows at once that the template goes with its image.
    const local = (await core.invoke('conversation.open', { sessionId: started.conversationKey })).messages[0];
    expect(local).toMatchObject({ localId: started.localId, media: { kind: 'image', link } });
    const sessionId = (await conversationOf(contactId)).id;
    const [onServer] = (await api(sandbox, token).get<{ items: MessageDTO[] }>(`/chat/v1/session/${sessionId}/message`)).body.items;
    expect(onServer).toMatchObject({ type: 'IMAGE', templateId: catalog?.id, text: expect.stringMatching(/^Oi Vinícius!/) as unknown, details: { file: { publicUrl: link } } });
    const synced = await until('the start acknowledged', async () =>
      (await messagesOf(sessionId)).find((m) => m.localId === started.localId && m.id !== null),
    );
    expect(synced.media).toEqual({ kind: 'image', link });

    // In the conversation: the document template, its file given by id (uploaded to HelenaCRM before).
    const proposal = templates.find((t) => t.name === 'proposta_comercial');
    const noFile = await core.invoke('message.sendTemplate', { sessionId, templateId: proposal?.id ?? '', parameters: { nome: 'Vinícius', proposta: 'P-77' } }).catch((e: unknown) => e);
    expect((noFile as ConsoleError).toJSON()).toMatchObject({ field: 'media', message: 'Este modelo tem documento: informe o link público do documento (https://…).' });
    const fileId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const sent = await core.invoke('message.sendTemplate', { sessionId, templateId: proposal?.id ?? '', parameters: { nome: 'Vinícius', proposta: 'P-77' }, media: fileId });
    const document = await until('the document sent', async () =>
      (await messagesOf(sessionId)).find((m) => m.localId === sent.localId && m.id !== null && m.outboxState === 'sent'),
    );
    expect(document.media).toEqual({ kind: 'document', link: fileId });
    const serverDocument = (await api(sandbox, token).get<MessageDTO>(`/chat/v1/message/${document.id ?? ''}`)).body;
    expect(serverDocument).toMatchObject({ type: 'DOCUMENT', fileId, details: { file: { id: fileId, publicUrl: null } } });
  });

  it('a demo contact replies on their own (3 s): contact-replied, then free text sends', async () => {
    const conversation = await welcomeJoaoInSuporte();
    const replied = await nextEvent('contact-replied', (e) => e.sessionId === conversation.id, 15_000);
    expect(replied.text).toBe('Oi! Tudo bem, pode falar.');
    const free = await core.invoke('message.sendText', { sessionId: conversation.id, text: 'Que bom! Vamos seguir.' });
    await until('the free text sent', async () =>
      (await messagesOf(conversation.id)).find((m) => m.localId === free.localId && ['SENT', 'DELIVERED', 'READ'].includes(m.status)),
    );

    // The rest of the conversation screen: read, transfer to another of my teams, complete.
    await core.invoke('conversation.markRead', { sessionId: conversation.id });
    expect((await core.invoke('conversation.list', {})).find((c) => c.id === conversation.id)?.unreadCount).toBe(0);
    // Where it can go: the other teams serving the channel, and the agents of Suporte or admins (not Ana herself).
    const targets = await core.invoke('transfer.targets', { sessionId: conversation.id });
    expect(targets.teams.map((t) => t.name).sort()).toEqual(['Financeiro', 'Vendas']);
    expect(targets.agents.map((a) => a.name)).toEqual(['Conceição Gonçalves', 'João Pedro Araújo']);
    const moved = await core.invoke('conversation.transfer', { sessionId: conversation.id, type: 'DEPARTMENT', teamId: TEAM.vendas.id });
    expect(moved.departmentId).toBe(TEAM.vendas.id);
    const done = await core.invoke('conversation.complete', { sessionId: conversation.id });
    expect(done.status).toBe('COMPLETED');
    expect((await core.invoke('conversation.list', {})).map((c) => c.id)).not.toContain(conversation.id);
  });
});
