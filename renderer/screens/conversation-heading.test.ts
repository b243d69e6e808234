/**
 * The heading of a conversation that exists on HelenaCRM never reads as a start the agent just
 * made ("Novo atendimento", "Atendimento iniciado; carregando…"): found opening a conversation the
 * contact started during a first sync, its read slow and its contact not cached yet.
 */
import { describe, expect, it } from 'vitest';
import { conversationTitle, waitingLine } from './conversation-heading';

const SESSION = '5e000000-0000-4000-8000-000000000001';

describe('the conversation screen’s heading', () => {
  it('while the first read of a conversation HelenaCRM has is under way: neither new nor started', () => {
    const loading = { conversationKey: SESSION, loaded: false, conversation: null, firstSync: true };
    expect(conversationTitle(loading)).toEqual({ key: 'conversation.untitled' });
    expect(waitingLine(loading)).toBe('conversation.opening');
  });

  it('a conversation whose contact has not arrived: "Contato ainda sincronizando…" during the first sync, as on the desk', () => {
    const conversation = { contactName: null };
    expect(conversationTitle({ conversationKey: SESSION, loaded: true, conversation, firstSync: true })).toEqual({ key: 'home.contactSyncing' });
    expect(conversationTitle({ conversationKey: SESSION, loaded: true, conversation, firstSync: false })).toEqual({ key: 'home.noContactName' });
  });

  it('the contact’s name or number as the console gives it', () => {
    expect(conversationTitle({ conversationKey: SESSION, loaded: true, conversation: { contactName: '(62) 98445-5667' }, firstSync: true })).toEqual({ text: '(62) 98445-5667' });
  });

  it('a start of the agent’s own still reads as one', () => {
    const start = { conversationKey: 'start:0f0e', loaded: false, conversation: null, firstSync: false };
    expect(conversationTitle(start)).toEqual({ key: 'conversation.newTitle' });
    expect(waitingLine(start)).toBe('conversation.notAcknowledged');
    // Acknowledged, its session not fetched yet: the console answers with no conversation.
    const acknowledged = { conversationKey: SESSION, loaded: true, conversation: null, firstSync: false };
    expect(conversationTitle(acknowledged)).toEqual({ key: 'conversation.newTitle' });
    expect(waitingLine(acknowledged)).toBe('conversation.loading');
  });
});
