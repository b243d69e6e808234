/**
 * The renderer's state: what the core last told us (state snapshot, conversation list) kept fresh
 * by its events. Components read slices of it; only the actions here talk to the bridge.
 */
import { create } from 'zustand';
import type { AgentAvailability } from '../../src/api/helena-dto';
import type { BridgeCommandName, BridgeEvent, BridgeInput, BridgeResult, HelenaBridge, ServerState } from '../../src/console/bridge-contract';
import type { ConsoleErrorBody } from '../../src/console/errors';
import type { ConversationFilter } from '../../src/console/desk-filters';
import type { ConversationSummary, DeskView, RequestCodeResult, StateSnapshot } from '../../src/console/results';
import { nextAvailability } from '../screens/availability';

/** Calls the core through whichever bridge is attached; screens use this for their own reads and actions. */
export function callCore<C extends BridgeCommandName>(command: C, input: BridgeInput<C>): Promise<BridgeResult<C>> {
  const bridge = useAppStore.getState().bridge;
  if (!bridge) return Promise.resolve({ ok: false, error: { code: 'internal', message: 'O Helena Desk ainda está abrindo.' } });
  return bridge.invoke(command, input);
}

/** 'setup': no HelenaCRM chosen yet (a fresh install); the window asks for its address before anything else. */
export type Phase = 'starting' | 'setup' | 'logged_out' | 'logged_in' | 'expired';

export interface AppState {
  bridge: HelenaBridge | null;
  phase: Phase;
  /** Which HelenaCRM the shell talks to; null when the host does not say (a test's bare core). */
  server: ServerState | null;
  /** The agent chose "Alterar" on the login screen: the setup screen shows until a save or Esc. */
  changingServer: boolean;
  snapshot: StateSnapshot | null;
  /** The desk's current view (deskFilter, narrowed by deskQuery), as the core cut it. */
  conversations: ConversationSummary[];
  /** How many conversations each view holds, over all the agent may see (not just those loaded). */
  deskCounts: DeskView['counts'];
  deskFilter: ConversationFilter;
  /** The desk's quick find (a name, a number, words of the last message). */
  deskQuery: string;
  /** The quick find `conversations` answers; not deskQuery yet while the core cuts the list for what was just typed. */
  deskShownQuery: string;
  setDeskView(view: { filter?: ConversationFilter; query?: string }): void;
  /** Set while the bridge itself is down (web host stopped or restarting). */
  bridgeDown: boolean;
  /** Set while the core's process restarts after a failure (Electron); the window stays, requests wait. */
  coreRestarting: boolean;
  /** The core is migrating this computer's cache to a new version (seconds, once): the starting screen says so. */
  storeUpgrading: boolean;
  /** The conversation on screen (a session id, or start:<localId> before the server acknowledged it); null: the list. */
  openKey: string | null;
  openConversation(key: string | null): void;
  /** The availability being saved ("Em pausa" asked for, or "Disponível"); null when nothing is on its way. */
  availabilitySaving: AgentAvailability | null;
  /** Why the last change of availability was refused (offline: cleared when the connection is back). */
  availabilityError: ConsoleErrorBody | null;
  /** "Disponível" ⇄ "Em pausa" (Alt+D or a click on the status bar's badge); one change at a time. */
  toggleAvailability(): Promise<void>;
  attach(bridge: HelenaBridge): Promise<void>;
  /** Checks and keeps a server address; null when saved (the login follows), else why not. */
  saveServer(address: string): Promise<ConsoleErrorBody | null>;
  changeServer(): void;
  cancelServerChange(): void;
  requestCode(login: string): Promise<{ ok: true; value: RequestCodeResult } | { ok: false; error: ConsoleErrorBody }>;
  verify(login: string, code: string): Promise<ConsoleErrorBody | null>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  setBridgeDown(down: boolean): void;
  /** A newer Helena Desk downloaded by the installed app, waiting to install; null while there is none (always, in a browser tab). */
  updateReady: { version: string } | null;
  /** The shell keeps the login only while the app is open (Linux without a keyring): KeyringNotice says so. */
  loginKeptInMemory: boolean;
  /** Counts 'schedule-failed' events: the open conversation reads its scheduled list again when it moves. */
  scheduleFailures: number;
  /** Set once the shell accepted app.restartToUpdate: the app closes and the installer opens the new version. */
  restartingToUpdate: boolean;
  /** Asks the shell to close and install now; null when it is on its way, else why not. */
  restartToUpdate(): Promise<ConsoleErrorBody | null>;
}

/** Conversation list reloads are coalesced: a burst of events costs one query. */
const LIST_DEBOUNCE_MS = 150;
/**
 * A first sync writes conversations without announcing each one ('sync-finished' tells the desk),
 * but the contacts come in alongside for far longer: 200,000 of them over a slow line took a
 * minute after the conversations were in (a million, minutes), the desk empty all that while. So
 * while a first sync brings conversations the list is read again at most this often, and while it
 * brings contacts, only as long as a row still waits for its contact's name, and less often: each
 * read re-renders the whole list, which on a busy machine costs the agent's keystrokes.
 */
const FIRST_SYNC_LIST_MS = 1000;
const FIRST_SYNC_NAMES_MS = 5000;
/** Rows on the desk; the counts and the quick find cover every conversation regardless. */
const DESK_PAGE = 200;
const NO_COUNTS: DeskView['counts'] = { all: 0, mine: 0, queue: 0, waiting: 0 };

/** A row as the desk shows it: the window's msLeft is the core's clock at the read (the desk counts from expiresAt), so it is left out. */
function rowText(row: ConversationSummary): string {
  return JSON.stringify(row, (key, value: unknown) => (key === 'msLeft' ? undefined : value));
}

/**
 * The list read again keeps the objects of rows that did not change (the desk's rows are memoized
 * on them): during a first sync it is read every few seconds, mostly unchanged, and each read
 * re-rendered all 200 rows. An unchanged list keeps its own array too.
 */
export function sameRows(before: ConversationSummary[], after: ConversationSummary[]): ConversationSummary[] {
  const byId = new Map(before.map((row) => [row.id, row]));
  let changed = before.length !== after.length;
  const rows = after.map((row, index) => {
    const old = byId.get(row.id);
    const kept = old !== undefined && rowText(old) === rowText(row) ? old : row;
    if (kept !== before[index]) changed = true;
    return kept;
  });
  return changed ? rows : before;
}

/**
 * HelenaCRM answers: 'online', or 'unstable' (some requests fail or time out; the outbox, told it
 * may send, goes on). What a sentence about "the connection" must follow, not 'online' alone.
 */
export function isReachable(state: string | undefined): boolean {
  return state === 'online' || state === 'unstable';
}

/** useAppStore selector: isReachable of the snapshot's connectivity. */
export const selectReachable = (s: Pick<AppState, 'snapshot'>): boolean => isReachable(s.snapshot?.connectivity.state);

export const useAppStore = create<AppState>((set, get) => {
  let listTimer: ReturnType<typeof setTimeout> | null = null;
  let snapshotTimer: ReturnType<typeof setTimeout> | null = null;
  let firstSyncListTimer: ReturnType<typeof setTimeout> | null = null;

  /** True when a server is in place and the core can be asked; false puts the window on the setup screen. */
  async function loadServer(): Promise<boolean> {
    const answer = await callCore('server.state', {});
    // A host without the shell's server commands has its server fixed by whoever started it: carry on.
    if (!answer.ok) return true;
    set({ server: answer.value });
    if (answer.value.server) return true;
    set({ phase: 'setup' });
    return false;
  }

  /** Whether an update was downloaded before this page loaded (a reload); hosts that do not update answer none, or not at all. */
  async function loadUpdate(): Promise<void> {
    const answer = await callCore('app.updateStatus', {});
    if (answer.ok && answer.value.ready) set({ updateReady: answer.value.ready });
  }

  /** Where the shell keeps the login between runs; hosts that do not say keep it, as far as the window can tell. */
  async function loadLoginStorage(): Promise<void> {
    const answer = await callCore('app.loginStorage', {});
    if (answer.ok) set({ loginKeptInMemory: answer.value.kept === 'memory' });
  }

  async function loadSnapshot(): Promise<void> {
    const answer = await callCore('state.snapshot', {});
    if (!answer.ok) return;
    // An answer means the core has opened: any upgrade of its cache is done.
    set({ snapshot: answer.value, phase: answer.value.auth, storeUpgrading: false });
  }

  /** Answers can cross (a keystroke in the find, then an event): only the latest request's is shown. */
  let deskRequest = 0;
  async function loadConversations(): Promise<void> {
    const phase = get().phase;
    if (phase !== 'logged_in' && phase !== 'expired') return;
    const request = ++deskRequest;
    const { deskFilter: filter, deskQuery: query } = get();
    const answer = await callCore('desk.view', { filter, query, limit: DESK_PAGE });
    if (answer.ok && request === deskRequest) {
      set({ conversations: sameRows(get().conversations, answer.value.items), deskCounts: answer.value.counts, deskShownQuery: query });
    }
  }

  function later(kind: 'list' | 'snapshot'): void {
    if (kind === 'list') {
      if (listTimer) return;
      listTimer = setTimeout(() => {
        listTimer = null;
        void loadConversations();
      }, LIST_DEBOUNCE_MS);
    } else {
      if (snapshotTimer) return;
      snapshotTimer = setTimeout(() => {
        snapshotTimer = null;
        void loadSnapshot();
      }, LIST_DEBOUNCE_MS);
    }
  }

  function listDuringFirstSync(afterMs: number): void {
    if (firstSyncListTimer) return;
    firstSyncListTimer = setTimeout(() => {
      firstSyncListTimer = null;
      void loadConversations();
    }, afterMs);
  }

  function patchSnapshot(patch: (s: StateSnapshot) => StateSnapshot): void {
    const current = get().snapshot;
    if (current) set({ snapshot: patch(current) });
  }

  function onEvent(event: BridgeEvent): void {
    switch (event.type) {
      case 'connectivity':
        patchSnapshot((s) => ({
          ...s,
          connectivity: { state: event.state, realtime: event.realtime, ...(event.state === 'offline' && event.detail ? { detail: event.detail } : {}) },
        }));
        // "Try again when the connection is back": it is back, so that sentence is done with.
        if (isReachable(event.state) && get().availabilityError?.code === 'offline') set({ availabilityError: null });
        break;
      case 'agent-changed':
        later('snapshot');
        break;
      case 'sync-progress':
        patchSnapshot((s) => ({
          ...s,
          sync: { ...s.sync, state: 'syncing', progress: { resource: event.resource, done: event.done, total: event.total, phase: event.phase }, retrying: false },
        }));
        if (event.phase === 'first' && event.resource === 'sessions') listDuringFirstSync(FIRST_SYNC_LIST_MS);
        if (event.phase === 'first' && event.resource === 'contacts' && get().conversations.some((c) => c.contactName === null)) listDuringFirstSync(FIRST_SYNC_NAMES_MS);
        break;
      case 'sync-stopped':
        // The pass was cut short: its progress goes, and the bar says whether another is coming.
        patchSnapshot((s) => ({
          ...s,
          sync: { state: s.sync.lastFinishedAt === null ? 'never' : 'idle', lastFinishedAt: s.sync.lastFinishedAt, progress: null, retrying: event.retrying },
        }));
        break;
      case 'sync-finished':
        patchSnapshot((s) => ({ ...s, sync: { state: 'idle', lastFinishedAt: event.at, progress: null, retrying: false } }));
        later('list');
        break;
      case 'outbox-counts':
        patchSnapshot((s) => ({ ...s, outbox: event.counts, outboxOtherAgents: event.otherAgents ?? s.outboxOtherAgents }));
        // A start queued, sent, cancelled or failed changes the desk's list of starts with no session yet.
        later('list');
        break;
      case 'open-conversation':
        set({ openKey: event.sessionId });
        break;
      case 'core-link':
        set({ coreRestarting: event.state === 'down' });
        // A restarted core missed nothing on disk, but this window missed its events meanwhile.
        if (event.state === 'up') void get().refresh();
        break;
      case 'disk-space':
        patchSnapshot((s) => ({ ...s, disk: { state: event.state, freeBytes: event.freeBytes } }));
        break;
      case 'store-upgrading':
        // Kept whatever the phase: saving a server on the setup screen may open an older cache before
        // the screen turns to 'starting'. The first snapshot clears it.
        set({ storeUpgrading: true });
        break;
      case 'update-ready':
        set({ updateReady: { version: event.version } });
        break;
      case 'schedule-failed':
        set((s) => ({ scheduleFailures: s.scheduleFailures + 1 }));
        break;
      case 'auth-expired':
        set({ phase: 'expired' });
        // Sync stops until the agent logs in again: nothing is under way.
        patchSnapshot((s) => ({ ...s, sync: { ...s.sync, progress: null, retrying: false } }));
        later('snapshot');
        break;
      // contacts-changed too: the list names each conversation after its contact, renamed here or by a colleague.
      case 'conversation-changed':
      case 'message-status':
      case 'contact-replied':
      case 'contacts-changed':
        later('list');
        later('snapshot');
        break;
      default:
        break;
    }
  }

  return {
    bridge: null,
    phase: 'starting',
    server: null,
    changingServer: false,
    snapshot: null,
    conversations: [],
    deskCounts: NO_COUNTS,
    deskFilter: 'all',
    deskQuery: '',
    deskShownQuery: '',
    bridgeDown: false,
    coreRestarting: false,
    storeUpgrading: false,
    openKey: null,
    availabilitySaving: null,
    availabilityError: null,
    updateReady: null,
    loginKeptInMemory: false,
    scheduleFailures: 0,
    restartingToUpdate: false,

    async toggleAvailability() {
      const agent = get().snapshot?.agent;
      if (!agent || get().availabilitySaving) return;
      const wanted = nextAvailability(agent.availability);
      set({ availabilitySaving: wanted, availabilityError: null });
      const answer = await callCore('agent.setAvailability', { availability: wanted });
      if (answer.ok) {
        patchSnapshot((s) => ({ ...s, agent: answer.value.agent }));
        set({ availabilitySaving: null });
      } else {
        set({ availabilitySaving: null, availabilityError: answer.error });
      }
    },

    setDeskView({ filter, query }) {
      set({ ...(filter !== undefined ? { deskFilter: filter } : {}), ...(query !== undefined ? { deskQuery: query } : {}) });
      void loadConversations();
    },

    openConversation(key) {
      set({ openKey: key });
      if (key === null) later('list');
    },

    async attach(bridge) {
      set({ bridge });
      bridge.onEvent(onEvent);
      void loadUpdate();
      void loadLoginStorage();
      if (!(await loadServer())) return;
      await loadSnapshot();
      await loadConversations();
    },

    async saveServer(address) {
      const answer = await callCore('server.save', { address });
      if (!answer.ok) return answer.error;
      // Another server is another core: nothing of the last one's state may linger on screen.
      set({ server: answer.value, changingServer: false, phase: 'starting', snapshot: null, conversations: [], deskCounts: NO_COUNTS, openKey: null });
      await loadSnapshot();
      await loadConversations();
      return null;
    },

    changeServer() {
      if (get().phase === 'logged_in' || get().server?.changeable === false) return;
      set({ changingServer: true });
    },

    cancelServerChange() {
      set({ changingServer: false });
    },

    requestCode(login) {
      return callCore('auth.requestCode', { login });
    },

    async verify(login, code) {
      const answer = await callCore('auth.verify', { login, code });
      if (!answer.ok) return answer.error;
      await loadSnapshot();
      await loadConversations();
      return null;
    },

    async logout() {
      await callCore('auth.logout', {});
      set({ conversations: [], deskCounts: NO_COUNTS, deskFilter: 'all', deskQuery: '', deskShownQuery: '', openKey: null, availabilityError: null });
      await loadSnapshot();
    },

    async refresh() {
      if (!(await loadServer())) return;
      await loadSnapshot();
      await loadConversations();
    },

    async restartToUpdate() {
      if (get().restartingToUpdate) return null;
      const answer = await callCore('app.restartToUpdate', {});
      if (!answer.ok) return answer.error;
      set({ restartingToUpdate: true });
      return null;
    },

    setBridgeDown(down) {
      const wasDown = get().bridgeDown;
      if (wasDown === down) return;
      set({ bridgeDown: down });
      // Back after an outage: events were missed meanwhile, so read the state again.
      if (wasDown) void get().refresh();
    },
  };
});

