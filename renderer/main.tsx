import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectBridge } from './bridge/connect';
import { initI18n } from './i18n';
import { useAppStore } from './state/app-store';
import './styles.css';

initI18n();
const connection = connectBridge();
const root = createRoot(document.getElementById('root') as HTMLElement);
root.render(
  <StrictMode>
    <App problem={connection.bridge ? null : connection.problem} />
  </StrictMode>,
);
if (connection.bridge) {
  const store = useAppStore.getState();
  if (connection.web) connection.web.onLink((state) => {
      if (state !== 'connecting') store.setBridgeDown(state === 'closed');
    });
  void store.attach(connection.bridge);
}
