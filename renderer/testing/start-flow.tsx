/**
 * The start flow ("+") as its tests draw it: what the core answers along the way (contacts,
 * channels, teams, templates, the cost) and the flow on the screen. A test names the contacts and
 * the template its case is about.
 */
import { act } from 'react';
import type { ChannelSummary, ContactSearchPage, ContactSummary, CostSummary, StartTemplate, TeamSummary } from '../../src/console/results';
import { StartFlow } from '../screens/start/StartFlow';
import type { MountedView } from './mount-per-test';

/** A contact the search finds by the start of her name. */
export const LUIZA: ContactSummary = { id: 'c1', name: 'Luíza Helena Brandão', phoneNumber: '+5541996655443', email: null, lastActivityAt: null, match: 'prefix' };

export const OFFICIAL_CHANNEL: ChannelSummary = { id: 'ch1', type: 'CloudAPI_WhatsApp', displayName: 'WhatsApp Oficial', number: null, family: 'official', needsTemplate: true };

/** The agent's default team. */
export const VENDAS: TeamSummary = { id: 'team1', name: 'Vendas', isDefault: true };

/** A start that costs nothing (a service conversation). */
export const NO_COST: CostSummary = { charged: false, category: 'SERVICE', amount: null, currency: null, country: 'BR', formatted: null, explanation: 'Sem custo.', explanationEn: 'No cost.' };

/** The search's answer listing `items`, all of them. */
export function contactPage(items: ContactSummary[]): ContactSearchPage {
  return { items, hasMore: false, total: items.length, newNumber: null };
}

/**
 * The core's answers for a start with one channel (the official one unless given) and one team,
 * Vendas, both chosen for the agent: Enter on the contact goes straight to the template list.
 */
export function oneChannelStart(contacts: ContactSummary[], template: StartTemplate, channel: ChannelSummary = OFFICIAL_CHANNEL): Record<string, unknown> {
  return {
    'contacts.search': contactPage(contacts),
    'channels.list': [channel],
    'teams.mine': [VENDAS],
    'templates.forStart': [template],
    'cost.estimate': NO_COST,
  };
}

/** Draws the start flow on `view`, with whatever bridge the app store holds; `onStarted` hears the conversation it opens. */
export async function showStartFlow(view: MountedView, onStarted: (conversationKey: string) => void = () => undefined): Promise<void> {
  await act(async () => view.root.render(<StartFlow onClose={() => undefined} onStarted={onStarted} />));
}
