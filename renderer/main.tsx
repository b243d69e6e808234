import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { connectBridge } from './bridge/connect';
import { createWebNotifier } from './bridge/web-notifications';
import { initI18n } from './i18n';
import { KeyringNotice } from './screens/KeyringNotice';
import { RecoveryNotice } from './screens/RecoveryNotice';
import { UpdateNotice } from './screens/UpdateNotice';
import { useAppStore } from './state/app-store';
import './styles.css';

initI18n();
const connection = connectBridge();
const root = createRoot(document.getElementById('root') as HTMLElement);
root.render(
  <StrictMode>
    <ErrorBoundary>
      <UpdateNotice />
      <RecoveryNotice />
      <KeyringNotice />
      <App problem={connection.bridge ? null : connection.problem} />
    </ErrorBoundary>
  </StrictMode>,
);
if (connection.bridge) {
  const store = useAppStore.getState();
  if (connection.web) {
    connection.web.onLink((state) => {
      if (state !== 'connecting') store.setBridgeDown(state === 'closed');
    });
    const notifier = createWebNotifier({
      document,
      Notification: 'Notification' in window ? window.Notification : undefined,
      focusWindow: () => window.focus(),
      openConversation: (sessionId) => useAppStore.getState().openConversation(sessionId),
    });
    connection.web.onEvent((event) => notifier.onEvent(event));
    // Sign-out or another agent signing in closes the previous agent's notifications. Before the
    // first snapshot nobody is known yet: that is not a sign-out.
    useAppStore.subscribe(({ snapshot }) => {
      if (snapshot) notifier.agentIs(snapshot.auth === 'logged_out' ? null : (snapshot.agent?.id ?? null));
    });
    // The login is the agent's first action: the browser asks about notifications then.
    document.addEventListener('submit', () => notifier.askPermission(), { once: true, capture: true });
  }
  void store.attach(connection.bridge);
  // The browser's 'online' (no network, then one again): the shell checks the core's connection now
  // rather than let it find out by timeouts (src/net/network-watch.ts). Nothing to show for it.
  const bridge = connection.bridge;
  window.addEventListener('online', () => {
    void bridge.invoke('app.networkOnline', {});
  });
}
