/**
 * A screen that throws while rendering must not leave the agent a blank window. What they wrote is
 * safe in the core (drafts are saved as they type and when a screen closes, the outbox holds the
 * rest), so the way forward is a reload, one key away.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { callCore } from '../state/app-store';

/**
 * Loads the page again. In Electron the main process does it (app.reloadWindow): location.reload()
 * is a navigation the page starts, which Electron reports as 'will-navigate' and electron/window.ts
 * refuses like every other, so the button did nothing. A browser tab's host refuses the command,
 * and the tab reloads itself.
 */
export async function reloadPage(reloadHere: () => void = () => window.location.reload()): Promise<void> {
  let answer: { ok: boolean } | null = null;
  try {
    answer = await callCore('app.reloadWindow', {});
  } catch {
    // A bridge that is down: the page's own reload is all there is.
  }
  if (!answer?.ok) reloadHere();
}

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
    return <ScreenFailed onReload={this.props.onReload ?? (() => void reloadPage())} />;
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
