/**
 * In a browser tab there is no tray: a contact's reply while the tab is in the background becomes
 * a browser notification (the agent allows it once), and the tab's title counts the replies
 * waiting, like the Electron window's. Clicking the notification brings the tab back to that
 * conversation. Only used with the web bridge; Electron's shell does this natively.
 */
import type { BridgeEvent } from '../../src/console/bridge-contract';

const BASE_TITLE = 'Helena Desk';
const BODY_CHARS = 120;

export interface WebNotifierDeps {
  document: Pick<Document, 'hidden' | 'title' | 'addEventListener'>;
  /** The browser's Notification constructor, when the browser has one. */
  Notification: (typeof Notification) | undefined;
  focusWindow: () => void;
  openConversation: (sessionId: string) => void;
}

export interface WebNotifier {
  onEvent(event: BridgeEvent): void;
  askPermission(): void;
  /**
   * Who is signed in now (null: signed out). When it changes from one agent, that agent's
   * notifications still on screen (or in the system's notification list) are closed and the title's
   * count cleared: the next agent at this computer must not read, or click into, the last one's
   * contacts. The desktop app does the same (electron/tray.ts agentIs).
   */
  agentIs(agentId: string | null): void;
}

export function createWebNotifier(deps: WebNotifierDeps): WebNotifier {
  let unseen = 0;
  let agent: string | null = null;
  /** Notifications shown for the agent signed in now, until clicked or closed. */
  const open = new Set<Notification>();
  const track = (note: Notification) => {
    open.add(note);
    note.onclose = () => open.delete(note);
  };
  const setTitle = () => {
    deps.document.title = unseen > 0 ? `(${unseen}) ${BASE_TITLE}` : BASE_TITLE;
  };
  deps.document.addEventListener('visibilitychange', () => {
    if (!deps.document.hidden) {
      unseen = 0;
      setTitle();
    }
  });
  return {
    onEvent(event) {
      if (event.type === 'schedule-failed') {
        // A promise that did not go: said even with the tab in front (there is no tray here).
        const N = deps.Notification;
        if (!N || N.permission !== 'granted') return;
        const note = new N(`Agendamento não enviado: ${event.contactName || 'contato'}`, {
          body: [event.templateName, event.reason].filter(Boolean).join(' — '),
          tag: `schedule-${event.scheduledId}`,
        });
        const { sessionId } = event;
        note.onclick = () => {
          deps.focusWindow();
          if (sessionId) deps.openConversation(sessionId);
          note.close();
        };
        track(note);
        return;
      }
      if (event.type !== 'contact-replied' || !deps.document.hidden) return;
      unseen++;
      setTitle();
      const N = deps.Notification;
      if (!N || N.permission !== 'granted') return;
      const text = [...event.text];
      const body = text.length > BODY_CHARS ? `${text.slice(0, BODY_CHARS - 1).join('')}…` : event.text;
      const note = new N(event.contactName || 'Contato', { body, tag: event.sessionId });
      note.onclick = () => {
        deps.focusWindow();
        deps.openConversation(event.sessionId);
        note.close();
      };
      track(note);
    },
    agentIs(agentId) {
      if (agentId === agent) return;
      const previous = agent;
      agent = agentId;
      if (previous === null) return;
      for (const note of open) note.close();
      open.clear();
      unseen = 0;
      setTitle();
    },
    /** Call from a user action (the login): browsers only ask then. */
    askPermission() {
      const N = deps.Notification;
      if (N && N.permission === 'default') void N.requestPermission();
    },
  };
}
