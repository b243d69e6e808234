/**
 * The renderer's pure pieces, under Node: what the agent reads for a message's state, the template
 * preview, the keyboard list's moves, and where the web bridge's key is kept.
 */
import type { KeyboardEvent } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../src/console/results';
import { pickListKey } from './components/PickList';
import { takeBridgeKey } from './bridge/web-socket-bridge';
import { messageState } from './screens/MessageList';
import { isAltKey } from './screens/alt-key';
import { isNoteShortcut, noteButtonKey, noteHeading, openingMode } from './screens/notes';
import { contactChanges, contactFormIssues, isContactEditShortcut } from './screens/contact-edit';
import { previewText } from './screens/start/ParametersStep';
import { insertReply, matchReplies, slashQuery } from './screens/quick-replies';
import { availabilityBadge, isAvailabilityShortcut, nextAvailability } from './screens/availability';
import { historyNote, isHistoryShortcut, keepSelection, pastBanner, pastDate } from './screens/history';
import type { PastConversation } from '../src/console/results';

function message(overrides: Partial<MessageView>): MessageView {
  return {
    localId: 'l', id: null, kind: 'message', authorName: null, direction: 'FROM_HUB', status: 'LOCAL', outboxState: null, text: 'oi', templateId: null,
    parameters: null, media: null, file: null, failedReason: null, failedReasonEn: null, createdAt: '2026-01-01T00:00:00Z', shownAt: '2026-01-01T00:00:00Z', editable: false, textEditable: false, editBlockedBy: null, templateEditable: false, retryable: false, cancellable: false,
    retryingAfter: null, retryingAfterEn: null, pendingEditText: null, abandonedEditText: null, abandonedEditReason: null, ...overrides,
  };
}

describe('messageState', () => {
  it('shows the outbox state while the outbox still has the message, then the WhatsApp receipt', () => {
    expect(messageState(message({ outboxState: 'queued' }))).toBe('queued');
    expect(messageState(message({ outboxState: 'waiting_reply', status: 'WAIT_REPLY' }))).toBe('waiting_reply');
    expect(messageState(message({ outboxState: 'failed', status: 'FAILED' }))).toBe('failed');
    expect(messageState(message({ outboxState: 'sent', status: 'DELIVERED' }))).toBe('delivered');
    expect(messageState(message({ outboxState: 'sent', status: 'READ' }))).toBe('read');
    expect(messageState(message({ outboxState: null, status: 'SENT' }))).toBe('sent');
    expect(messageState(message({ outboxState: null, status: 'QUEUED' }))).toBe('sending');
    // Deleted on HelenaCRM with no outbox entry here: never "Enviada"; withdrawn from here, "Cancelada".
    expect(messageState(message({ outboxState: null, status: 'DELETED' }))).toBe('deleted');
    expect(messageState(message({ outboxState: 'cancelled', status: 'DELETED' }))).toBe('cancelled');
    expect(messageState(message({ direction: 'TO_HUB', status: 'READ' }))).toBe('received');
  });
});

describe('internal notes', () => {
  const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; code: string }> = {}) => ({
    key: k, altKey: false, ctrlKey: false, metaKey: false, ...mods,
  });

  it('switch the box with Alt+N only, also where Option+N types a dead key', () => {
    // Every Alt shortcut reads the physical key too: on a Mac, Option+M types "µ".
    expect(isAltKey(key('µ', { altKey: true, code: 'KeyM' }), 'm')).toBe(true);
    expect(isAltKey(key('t', { altKey: true, code: 'KeyT' }), 'c')).toBe(false);
    expect(isNoteShortcut(key('n', { altKey: true }))).toBe(true);
    expect(isNoteShortcut(key('N', { altKey: true }))).toBe(true);
    expect(isNoteShortcut(key('Dead', { altKey: true, code: 'KeyN' }))).toBe(true);
    expect(isNoteShortcut(key('n'))).toBe(false);
    expect(isNoteShortcut(key('n', { altKey: true, ctrlKey: true }))).toBe(false);
    expect(isNoteShortcut(key('n', { altKey: true, metaKey: true }))).toBe(false);
    expect(isNoteShortcut(key('m', { altKey: true }))).toBe(false);
  });

  it('read "Nota interna · author · time", with a stand-in for an author the cache does not know', () => {
    expect(noteHeading('Nota interna', 'Ana Lúcia Souza', 'colega', '10:42')).toBe('Nota interna · Ana Lúcia Souza · 10:42');
    expect(noteHeading('Internal note', null, 'a colleague', '10:42')).toBe('Internal note · a colleague · 10:42');
    expect(noteHeading('Nota interna', '  ', 'colega', null)).toBe('Nota interna · colega');
  });

  it('reopen in the note box when only a note was being written; a message draft keeps the message box, and Alt+N says a note waits', () => {
    expect(openingMode(null, 'Ligar às 15h')).toBe('note');
    expect(openingMode('  ', 'Ligar às 15h')).toBe('note');
    expect(openingMode('Bom dia!', 'Ligar às 15h')).toBe('message');
    expect(openingMode('Bom dia!', null)).toBe('message');
    expect(openingMode(null, ' \n ')).toBe('message');
    expect(openingMode(null, null)).toBe('message');
    expect(noteButtonKey('message', 'Ligar às 15h')).toBe('conversation.noteButtonDraft');
    expect(noteButtonKey('message', '   ')).toBe('conversation.noteButton');
    // In the note box the note is right there: the button says nothing more.
    expect(noteButtonKey('note', 'Ligar às 15h')).toBe('conversation.noteButton');
  });

  it('are saved, never sent: their outbox state while they have one, then "saved"', () => {
    const note = (overrides: Partial<MessageView>) => message({ kind: 'note', authorName: 'Ana', ...overrides });
    expect(messageState(note({ outboxState: 'queued', status: 'LOCAL' }))).toBe('queued');
    expect(messageState(note({ outboxState: 'failed', status: 'FAILED' }))).toBe('failed');
    expect(messageState(note({ outboxState: 'sent', status: 'SAVED' }))).toBe('saved');
    // A colleague's note, synced: no outbox state, and never "received" although no one here wrote it.
    expect(messageState(note({ outboxState: null, status: 'SAVED' }))).toBe('saved');
    expect(messageState(note({ outboxState: null, status: 'SAVED', direction: 'TO_HUB' }))).toBe('saved');
  });
});

describe('a failure reason in the agent\'s language', () => {
  it('shows the English beside the pt-BR text in English, the pt-BR text otherwise or when there is no English', async () => {
    const { inLanguage } = await import('./i18n/error-text');
    const failed = message({ failedReason: 'Você não tem permissão para fazer isso no HelenaCRM.', failedReasonEn: 'You are not allowed to do this in HelenaCRM.' });
    expect(inLanguage('en', failed.failedReason ?? '', failed.failedReasonEn)).toBe('You are not allowed to do this in HelenaCRM.');
    expect(inLanguage('pt-BR', failed.failedReason ?? '', failed.failedReasonEn)).toBe('Você não tem permissão para fazer isso no HelenaCRM.');
    // Stored before reasons had codes: no English, the pt-BR text in every language.
    expect(inLanguage('en', 'Número sem WhatsApp.', null)).toBe('Número sem WhatsApp.');
  });
});

describe('previewText', () => {
  it('fills the template as the contact will read it and keeps empty parameters visible', () => {
    const text = 'Olá {{nome}}, aqui é {{ atendente }}.';
    expect(previewText(text, { nome: 'João', atendente: 'Ana' })).toBe('Olá João, aqui é Ana.');
    expect(previewText(text, { nome: '  ', atendente: 'Ana' })).toBe('Olá [nome], aqui é Ana.');
    expect(previewText('Sem parâmetros.', {})).toBe('Sem parâmetros.');
  });
});

describe('pickListKey', () => {
  const key = (name: string) => ({ key: name, preventDefault: vi.fn() }) as unknown as KeyboardEvent;
  it('moves within the list, stops at its ends, and picks the active item with Enter', () => {
    const items = ['a', 'b', 'c'];
    const setActive = vi.fn();
    const onPick = vi.fn();
    pickListKey(key('ArrowDown'), { items, active: 2, setActive, onPick });
    pickListKey(key('ArrowUp'), { items, active: 0, setActive, onPick });
    pickListKey(key('End'), { items, active: 0, setActive, onPick });
    expect(setActive.mock.calls).toEqual([[2], [0], [2]]);
    const enter = key('Enter');
    expect(pickListKey(enter, { items, active: 1, setActive, onPick })).toBe(true);
    expect(onPick).toHaveBeenCalledWith('b');
    expect(enter.preventDefault).toHaveBeenCalled();
    // Keys it does not use reach the field (typing goes on).
    expect(pickListKey(key('a'), { items, active: 1, setActive, onPick })).toBe(false);
    expect(pickListKey(key('Enter'), { items: [], active: 0, setActive, onPick })).toBe(false);
  });
});

describe('takeBridgeKey', () => {
  function browser(hash: string) {
    const stored = new Map<string, string>();
    const storage = { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) } as Storage;
    const history = { replaceState: vi.fn() } as unknown as History;
    const location = { hash, pathname: '/', search: '' } as Location;
    return { storage, history, location };
  }
  it('moves the key from the address bar to the tab’s storage, so a reload still works', () => {
    const b = browser('#key=abc123');
    expect(takeBridgeKey(b.location, b.storage, b.history)).toBe('abc123');
    expect(b.history.replaceState).toHaveBeenCalledWith(null, '', '/');
    expect(takeBridgeKey({ ...b.location, hash: '' }, b.storage, b.history)).toBe('abc123');
  });
  it('has no key for a page opened without one', () => {
    const b = browser('');
    expect(takeBridgeKey(b.location, b.storage, b.history)).toBeNull();
  });
});

describe('conversation filters', () => {
  const base = {
    id: 's', contactId: 'c', contactName: 'X', channelId: 'ch', departmentId: 'd', unreadCount: 0, lastMessageText: null,
    updatedAt: '2026-01-01T00:00:00Z', canWrite: false, pendingStart: null, draft: null, noteDraft: null,
    window: { state: 'open', reason: 'active', canSendFreeText: true, expiresAt: null, msLeft: null },
  } as const;
  it('sorts the desk the way agents think about it: mine, the team queue, waiting for the contact', async () => {
    const { matchesFilter } = await import('../src/console/desk-filters');
    const queued = { ...base, userId: null, status: 'PENDING' as const };
    const mine = { ...base, userId: 'me', status: 'IN_PROGRESS' as const };
    const started = { ...base, userId: 'me', status: 'STARTED' as const, window: { ...base.window, state: 'not_started' as const, canSendFreeText: false } };
    const done = { ...started, status: 'COMPLETED' as const };
    const all = [queued, mine, started, done];
    expect(all.filter((c) => matchesFilter('queue', c, 'me'))).toEqual([queued]);
    expect(all.filter((c) => matchesFilter('mine', c, 'me'))).toEqual([mine, started]);
    expect(all.filter((c) => matchesFilter('waiting', c, 'me'))).toEqual([started]);
    expect(all.filter((c) => matchesFilter('all', c, 'me'))).toHaveLength(4);
    expect(all.filter((c) => matchesFilter('mine', c, null))).toEqual([]);
  });
});

describe('quick replies in the message box', () => {
  const replies = [
    { id: '1', alias: 'horario', name: 'Horário de atendimento', text: 'Das 8h às 18h.' },
    { id: '2', alias: 'obrigado', name: 'Agradecimento', text: 'Obrigado, João!' },
    { id: '3', alias: 'pix', name: 'Chave Pix', text: 'A chave Pix: {{chave_pix}}. Envie o comprovante, {{nome}}.' },
  ];

  it('opens on "/" at the start of a word, up to the caret; a slash inside a word or a URL does not', () => {
    expect(slashQuery('/', 1)).toEqual({ start: 0, query: '' });
    expect(slashQuery('Oi! /ho', 7)).toEqual({ start: 4, query: 'ho' });
    expect(slashQuery('Oi! /ho tudo', 7)).toEqual({ start: 4, query: 'ho' });
    expect(slashQuery('e/ou', 4)).toBeNull();
    expect(slashQuery('https://x', 9)).toBeNull();
    expect(slashQuery('/ho ', 4)).toBeNull();
  });

  it('lists the aliases that start with what was typed first, then names that contain it, accents optional', () => {
    expect(matchReplies(replies, '').map((r) => r.alias)).toEqual(['horario', 'obrigado', 'pix']);
    expect(matchReplies(replies, 'p').map((r) => r.alias)).toEqual(['pix']);
    expect(matchReplies(replies, 'agrad').map((r) => r.alias)).toEqual(['obrigado']);
    expect(matchReplies(replies, 'HORÁ').map((r) => r.alias)).toEqual(['horario']);
    expect(matchReplies(replies, 'xyz')).toEqual([]);
  });

  it('puts the reply in place of "/query" and selects the first parameter left to fill', () => {
    const slash = { start: 4, query: 'pi' };
    const done = insertReply('Oi! /pi', slash, replies[2]?.text ?? '');
    expect(done.text).toBe('Oi! A chave Pix: {{chave_pix}}. Envie o comprovante, {{nome}}.');
    expect(done.text.slice(...done.selection)).toBe('{{chave_pix}}');
    const plain = insertReply('/obr e mais', { start: 0, query: 'obr' }, 'Obrigado, João!');
    expect(plain).toEqual({ text: 'Obrigado, João! e mais', selection: [15, 15] });
  });
});

describe('the desk quick find', () => {
  const conversation = (contactName: string | null, lastMessageText: string | null) =>
    ({ contactName, lastMessageText }) as Parameters<typeof import('../src/console/desk-filters').matchesQuery>[0];

  it('finds by the starts of the name words, accents optional, by digits of a number, or by the last message', async () => {
    const { matchesQuery } = await import('../src/console/desk-filters');
    const claudia = conversation('Cláudia Assunção', 'Quero saber do boleto');
    expect(matchesQuery(claudia, 'clau')).toBe(true);
    expect(matchesQuery(claudia, 'assun CLAU')).toBe(true);
    expect(matchesQuery(claudia, 'boleto')).toBe(true);
    expect(matchesQuery(claudia, 'laudia')).toBe(false);
    expect(matchesQuery(claudia, '')).toBe(true);
    const number = conversation('(21) 97777-1234', null);
    expect(matchesQuery(number, '97777')).toBe(true);
    expect(matchesQuery(number, '1234')).toBe(true);
    expect(matchesQuery(number, '55')).toBe(false);
  });
});

describe('the WhatsApp window left', () => {
  const open = (expiresAt: string | null) => ({ state: 'open' as const, reason: 'active' as const, canSendFreeText: true, expiresAt, msLeft: null });
  const now = Date.parse('2026-01-01T12:00:00Z');

  it('counts down from the expiry, flags the last hour, and reads a passed expiry as closed', async () => {
    const { formatLeft, windowLeft } = await import('./screens/window-time');
    expect(windowLeft(open('2026-01-01T14:13:30Z'), now)).toEqual({ minutes: 133, closingSoon: false });
    expect(windowLeft(open('2026-01-01T12:45:00Z'), now)).toEqual({ minutes: 45, closingSoon: true });
    expect(windowLeft(open('2026-01-01T11:59:00Z'), now)).toBe('expired');
    expect(windowLeft(open(null), now)).toBeNull();
    expect(windowLeft({ ...open('2026-01-01T14:00:00Z'), canSendFreeText: false }, now)).toBeNull();
    const t = ((key: string, v?: Record<string, unknown>) => `${key}:${JSON.stringify(v ?? {})}`) as unknown as import('i18next').TFunction;
    expect(formatLeft({ minutes: 133, closingSoon: false }, t)).toBe('time.hm:{"h":2,"m":13}');
    expect(formatLeft({ minutes: 45, closingSoon: true }, t)).toBe('time.m:{"m":45}');
    expect(formatLeft({ minutes: 0, closingSoon: true }, t)).toBe('time.lessThanMinute:{}');
  });
});

describe('how long ago', () => {
  it('says it in the agent language, to the coarsest unit', async () => {
    const { timeAgo } = await import('./screens/relative-time');
    const now = Date.parse('2026-06-15T12:00:00Z');
    expect(timeAgo('2026-06-12T09:00:00Z', now, 'pt-BR')).toBe('há 3 dias');
    expect(timeAgo('2026-06-12T09:00:00Z', now, 'en')).toBe('3 days ago');
    expect(timeAgo('2026-06-15T11:59:30Z', now, 'pt-BR')).toBe('agora');
    expect(timeAgo('2025-01-01T00:00:00Z', now, 'en')).toBe('last year');
    expect(timeAgo('not a date', now, 'en')).toBeNull();
  });
});

describe('message times', () => {
  it('shows the time for today and the date with it before today, in the agent language', async () => {
    const { messageTime } = await import('./screens/relative-time');
    const now = new Date(2026, 5, 15, 18, 0).getTime();
    expect(messageTime(new Date(2026, 5, 15, 9, 41).toISOString(), now, 'pt-BR')).toBe('09:41');
    expect(messageTime(new Date(2026, 5, 14, 9, 41).toISOString(), now, 'pt-BR')).toBe('14/06, 09:41');
    expect(messageTime('nope', now, 'en')).toBeNull();
  });

  it('reads the 24-hour clock in English too, as the schedule does: "17:30", never "05:30 PM"', async () => {
    const { messageTime } = await import('./screens/relative-time');
    const { pastDate } = await import('./screens/history');
    const now = new Date(2026, 5, 15, 18, 0).getTime();
    expect(messageTime(new Date(2026, 5, 15, 17, 30).toISOString(), now, 'en')).toBe('17:30');
    expect(messageTime(new Date(2026, 5, 14, 9, 41).toISOString(), now, 'en')).toBe('06/14, 09:41');
    expect(pastDate(new Date(2026, 5, 14, 17, 30).toISOString(), now, 'en', true)).toBe('06/14, 17:30');
    expect(pastDate(new Date(2026, 5, 14, 17, 30).toISOString(), now, 'pt-BR', true)).toBe('14/06, 17:30');
  });
});


describe('editing a queued template', () => {
  const catalog = { id: 't1', name: 'catalogo_produtos', text: 'Oi {{nome}}!', footerText: null, params: ['nome'], categoryName: 'Marketing', media: 'image' as const };
  const queued = message({ templateId: 't1', parameters: { nome: 'Vinícius' }, media: { kind: 'image', link: 'https://cdn.loja.com.br/verao.jpg' }, outboxState: 'queued', editable: true, templateEditable: true });

  it('edits the template the conversation lists, prefilled with the parameters and the link the message went with', async () => {
    const { editPrefill, templateToEdit } = await import('./screens/template-edit');
    const template = templateToEdit(queued, [{ ...catalog, id: 'other' }, catalog]);
    expect(template).toEqual(catalog);
    expect(editPrefill(template, queued)).toEqual({ values: { nome: 'Vinícius' }, media: 'https://cdn.loja.com.br/verao.jpg' });
    // A parameter the message lacks starts blank; a template without media has no link to prefill.
    const welcome = { ...catalog, params: ['nome', 'atendente'], media: null };
    expect(editPrefill(welcome, { parameters: { nome: 'V' }, media: null })).toEqual({ values: { nome: 'V', atendente: '' }, media: '' });
  });

  it('falls back to what the message says when the list no longer has its template', async () => {
    const { editPrefill, templateToEdit } = await import('./screens/template-edit');
    const template = templateToEdit(queued, []);
    expect(template).toMatchObject({ id: 't1', name: null, text: null, params: ['nome'], media: 'image' });
    expect(editPrefill(template, queued).media).toBe('https://cdn.loja.com.br/verao.jpg');
    expect(templateToEdit({ ...queued, media: null, parameters: null }, null)).toMatchObject({ params: [], media: null });
    // A listed template cached before its file type was known: the message's media still asks for the link.
    expect(templateToEdit(queued, [{ ...catalog, media: null }]).media).toBe('image');
  });
});

describe('templates with media', () => {
  async function translator(lng: 'pt-BR' | 'en') {
    const i18next = (await import('i18next')).default;
    const { ptBR } = await import('./i18n/pt-BR');
    const { en } = await import('./i18n/en');
    const instance = i18next.createInstance();
    await instance.init({ lng, resources: { 'pt-BR': { translation: ptBR }, en: { translation: en } }, interpolation: { escapeValue: false } });
    return instance.t;
  }

  it('lists a media template with its kind first, in the agent language', async () => {
    const { templateDetail } = await import('./screens/start/template-media');
    const pt = await translator('pt-BR');
    const catalog = { media: 'image' as const, categoryName: 'Marketing', text: 'Oi {{nome}}!' };
    expect(templateDetail(catalog, pt)).toBe('📎 imagem · Marketing · Oi {{nome}}!');
    expect(templateDetail({ ...catalog, media: 'document' }, await translator('en'))).toBe('📎 document · Marketing · Oi {{nome}}!');
    expect(templateDetail({ ...catalog, media: null, categoryName: null }, pt)).toBe('Oi {{nome}}!');
    // A WhatsApp category as HelenaCRM names it, said in the agent's language (the cost line's word); another as named.
    expect(templateDetail({ ...catalog, media: null, categoryName: 'Utilidade' }, await translator('en'))).toBe('Utility · Oi {{nome}}!');
    expect(templateDetail({ ...catalog, media: null, categoryName: 'UTILITY' }, pt)).toBe('Utilidade · Oi {{nome}}!');
    expect(templateDetail({ ...catalog, media: null, categoryName: 'Autenticação' }, await translator('en'))).toBe('Authentication · Oi {{nome}}!');
    expect(templateDetail({ ...catalog, media: null, categoryName: 'Cobrança' }, await translator('en'))).toBe('Cobrança · Oi {{nome}}!');
    expect(pt('start.mediaLabel.video')).toBe('Link do vídeo');
    expect((await translator('en'))('start.mediaLabel.image')).toBe('Image link');
  });

  it('sends the link only for a media template, as typed (the core trims it and says what is wrong)', async () => {
    const { templateInput } = await import('./screens/start/template-media');
    expect(templateInput({ media: 'image' }, { nome: 'Ana' }, ' https://x.com/a.jpg')).toEqual({ parameters: { nome: 'Ana' }, media: ' https://x.com/a.jpg' });
    expect(templateInput({ media: 'image' }, {}, '')).toEqual({ parameters: {}, media: '' });
    expect(templateInput({ media: null }, { nome: 'Ana' }, 'https://x.com/a.jpg')).toEqual({ parameters: { nome: 'Ana' } });
  });

  it('puts each refusal under its field: parameters by name, the link apart (even a parameter named "media")', async () => {
    const { issuesByField } = await import('./screens/start/template-media');
    const text = (i: { message: string }) => i.message;
    const refused = {
      field: 'parameters.media',
      issues: [
        { field: 'parameters.media', message: 'Preencha o parâmetro "media".' },
        { field: 'media', message: 'Este modelo tem imagem: informe o link público da imagem (https://…).' },
      ],
    };
    expect(issuesByField(refused, text, () => 'geral')).toEqual({
      params: { media: 'Preencha o parâmetro "media".' },
      media: 'Este modelo tem imagem: informe o link público da imagem (https://…).',
    });
    expect(issuesByField({ field: 'media' }, text, () => 'Este modelo não tem mídia.')).toEqual({ params: {}, media: 'Este modelo não tem mídia.' });
    expect(issuesByField({ field: 'templateId' }, text, () => 'x')).toEqual({ params: {}, media: null });
  });

  it('says under a sent message that it went with its image or document, with the link', async () => {
    const { messageMediaText } = await import('./screens/start/template-media');
    const pt = await translator('pt-BR');
    expect(messageMediaText({ kind: 'image', link: 'https://cdn.loja.com.br/c.jpg' }, pt)).toBe('📎 imagem · https://cdn.loja.com.br/c.jpg');
    expect(messageMediaText({ kind: 'document', link: null }, await translator('en'))).toBe('📎 document');
  });
});

describe('editing the contact from the conversation (Alt+E)', () => {
  const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; code: string }> = {}) => ({
    key: k, altKey: false, ctrlKey: false, metaKey: false, ...mods,
  });

  it('opens with Alt+E only, also where Option+E types a dead key', () => {
    expect(isContactEditShortcut(key('e', { altKey: true }))).toBe(true);
    expect(isContactEditShortcut(key('E', { altKey: true }))).toBe(true);
    expect(isContactEditShortcut(key('Dead', { altKey: true, code: 'KeyE' }))).toBe(true);
    expect(isContactEditShortcut(key('e'))).toBe(false);
    expect(isContactEditShortcut(key('e', { altKey: true, ctrlKey: true }))).toBe(false);
    expect(isContactEditShortcut(key('e', { altKey: true, metaKey: true }))).toBe(false);
    expect(isContactEditShortcut(key('n', { altKey: true, code: 'KeyN' }))).toBe(false);
  });

  it('sends only what the agent changed (trimmed); nothing changed sends nothing', () => {
    const unnamed = { name: null, email: null };
    expect(contactChanges(unnamed, { name: '  Gerusa Quintanilha ', email: '' })).toEqual({ name: 'Gerusa Quintanilha' });
    expect(contactChanges(unnamed, { name: '', email: '  ' })).toBeNull();
    const named = { name: 'Joao da Silva', email: 'joao@gmail.com' };
    expect(contactChanges(named, { name: 'João da Silva', email: 'joao@gmail.com' })).toEqual({ name: 'João da Silva' });
    expect(contactChanges(named, { name: 'Joao da Silva ', email: '' })).toEqual({ email: '' });
    // A name erased is sent, so the core says why a contact cannot be left without one.
    expect(contactChanges(named, { name: ' ', email: 'joao@gmail.com' })).toEqual({ name: '' });
    expect(contactChanges(named, { name: 'Joao da Silva', email: 'joao@gmail.com' })).toBeNull();
  });

  it('shows a refusal under Nome or E-mail, and anything else above the form', () => {
    const email = { field: 'email', message: 'Digite um e-mail válido…', messageEn: 'Type a valid e-mail…' };
    expect(contactFormIssues({ message: email.message, field: 'email', issues: [email] })).toEqual({ name: null, email, general: false });
    // HelenaCRM's refusal of one field may come without an issue list.
    expect(contactFormIssues({ message: 'O HelenaCRM não aceitou este nome.', field: 'name' })).toEqual({
      name: { field: 'name', message: 'O HelenaCRM não aceitou este nome.' },
      email: null,
      general: false,
    });
    expect(contactFormIssues({ message: 'Sem conexão com o HelenaCRM…' })).toEqual({ name: null, email: null, general: true });
    expect(contactFormIssues({ message: 'Este contato não existe mais…', field: 'contactId' })).toMatchObject({ general: true });
  });
});

describe('availability ("Disponível" / "Em pausa")', () => {
  const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; code: string }> = {}) => ({
    key: k, altKey: false, ctrlKey: false, metaKey: false, ...mods,
  });

  it('Alt+D toggles, also when a Mac types another character for it; nothing else does', () => {
    expect(isAvailabilityShortcut(key('d', { altKey: true }))).toBe(true);
    expect(isAvailabilityShortcut(key('D', { altKey: true }))).toBe(true);
    expect(isAvailabilityShortcut(key('∂', { altKey: true, code: 'KeyD' }))).toBe(true);
    expect(isAvailabilityShortcut(key('d'))).toBe(false);
    expect(isAvailabilityShortcut(key('d', { altKey: true, ctrlKey: true }))).toBe(false);
    expect(isAvailabilityShortcut(key('d', { altKey: true, metaKey: true }))).toBe(false);
    expect(isAvailabilityShortcut(key('e', { altKey: true }))).toBe(false);
  });

  it('a toggle pauses an available (or unknown) agent and frees a paused one', () => {
    expect(nextAvailability('AVAILABLE')).toBe('UNAVAILABLE');
    expect(nextAvailability(null)).toBe('UNAVAILABLE');
    expect(nextAvailability('UNAVAILABLE')).toBe('AVAILABLE');
  });

  it('the badge is green when available, amber on a break, and says what is being saved meanwhile', () => {
    expect(availabilityBadge('AVAILABLE', null)).toEqual({ label: 'available', tone: 'available' });
    expect(availabilityBadge('UNAVAILABLE', null)).toEqual({ label: 'paused', tone: 'paused' });
    expect(availabilityBadge(null, null)).toEqual({ label: 'unknown', tone: 'unknown' });
    expect(availabilityBadge('AVAILABLE', 'UNAVAILABLE')).toEqual({ label: 'pausing', tone: 'saving' });
    expect(availabilityBadge('UNAVAILABLE', 'AVAILABLE')).toEqual({ label: 'resuming', tone: 'saving' });
  });
});

describe('earlier conversations (Alt+H)', () => {
  const now = new Date(2025, 10, 19, 9, 0).getTime();
  const past = (overrides: Partial<PastConversation>): PastConversation => ({
    id: 'p', status: 'COMPLETED', channelId: 'ch', channelName: 'WhatsApp Oficial', teamId: 't', teamName: 'Suporte', agentUserId: 'u',
    agentName: 'João Pedro Araújo', startedAt: new Date(2025, 10, 12, 13, 40).toISOString(), endedAt: new Date(2025, 10, 12, 14, 5).toISOString(),
    lastActivityAt: new Date(2025, 10, 12, 14, 5).toISOString(), lastMessageText: 'Combinado, obrigado!', cachedMessages: null, ...overrides,
  });

  it('opens with Alt+H only, also where Option+H types another character', () => {
    const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; code: string }> = {}) => ({
      key: k, altKey: false, ctrlKey: false, metaKey: false, ...mods,
    });
    expect(isHistoryShortcut(key('h', { altKey: true }))).toBe(true);
    expect(isHistoryShortcut(key('˙', { altKey: true, code: 'KeyH' }))).toBe(true);
    expect(isHistoryShortcut(key('h'))).toBe(false);
    expect(isHistoryShortcut(key('h', { altKey: true, ctrlKey: true }))).toBe(false);
    // Every other Alt shortcut of the conversation screen stays its own.
    for (const letter of ['m', 'a', 't', 'c', 'n', 'e', 'd']) expect(isHistoryShortcut(key(letter, { altKey: true, code: `Key${letter.toUpperCase()}` }))).toBe(false);
  });

  it('dates a past conversation by day and month this year, with the year before it', () => {
    expect(pastDate(new Date(2025, 10, 12, 14, 5).toISOString(), now, 'pt-BR')).toBe('12/11');
    expect(pastDate(new Date(2025, 10, 12, 14, 5).toISOString(), now, 'pt-BR', true)).toBe('12/11, 14:05');
    expect(pastDate(new Date(2024, 11, 30, 9, 0).toISOString(), now, 'pt-BR')).toBe('30/12/2024');
    expect(pastDate(new Date(2025, 10, 12).toISOString(), now, 'en')).toBe('11/12');
    expect(pastDate('ontem', now, 'pt-BR')).toBeNull();
  });

  it('says when it ended and who had it, read-only; an open one is in progress or in its team’s queue', () => {
    expect(pastBanner(past({}), now, 'pt-BR', 'sem equipe')).toEqual({
      key: 'bannerCompleted',
      values: { date: '12/11', agent: 'João Pedro Araújo', team: 'Suporte' },
    });
    expect(pastBanner(past({ agentName: null }), now, 'pt-BR', 'sem equipe').key).toBe('bannerCompletedNoAgent');
    expect(pastBanner(past({ status: 'IN_PROGRESS', endedAt: null }), now, 'pt-BR', 'sem equipe')).toMatchObject({ key: 'bannerOpen', values: { date: '12/11' } });
    expect(pastBanner(past({ status: 'PENDING', endedAt: null, agentUserId: null, agentName: null, teamName: null }), now, 'pt-BR', 'sem equipe')).toMatchObject({
      key: 'bannerQueue',
      values: { team: 'sem equipe' },
    });
  });

  it('says whether the list is HelenaCRM’s or only the cache’s, and keeps the chosen line when HelenaCRM’s replaces it', () => {
    expect(historyNote(null, true)).toBe('asking');
    expect(historyNote({ source: 'cache', unheard: null }, true)).toBe('asking');
    expect(historyNote({ source: 'helena', unheard: null }, false)).toBe('complete');
    expect(historyNote({ source: 'cache', unheard: 'offline' }, false)).toBe('offline');
    expect(historyNote({ source: 'cache', unheard: 'unavailable' }, false)).toBe('unavailable');
    const items = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(keepSelection(items, 'b')).toBe(1);
    expect(keepSelection(items, 'gone')).toBe(0);
    expect(keepSelection(items, null)).toBe(0);
    expect(keepSelection([], 'b')).toBe(0);
  });
});
