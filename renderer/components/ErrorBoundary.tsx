/**
 * A screen that throws while rendering must not leave the agent a blank window. What they wrote is
 * safe in the core (drafts are saved as they type and when a screen closes, the outbox holds the
 * rest), so the way forward is a reload, one key away.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  children: ReactNode;
  /** How the page starts again; tests pass their own. */
  onReload?: () => void;
}

export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The console of the window (Electron's devtools, the browser's): the message and where, never data.
    console.error(`Helena Desk: a tela falhou (${error.name}: ${error.message})`, info.componentStack ?? '');
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return <ScreenFailed onReload={this.props.onReload ?? (() => window.location.reload())} />;
  }
}

function ScreenFailed({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="login" role="alert">
      <h1>{t('crash.title')}</h1>
      <p>{t('crash.safe')}</p>
      <button type="button" autoFocus onClick={onReload}>
        {t('crash.reload')}
      </button>
    </main>
  );
}
