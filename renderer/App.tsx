/** Picks the screen from the server and login state; shows why when the bridge cannot be reached at all. */
import { useTranslation } from 'react-i18next';
import { ShortcutsHelp } from './components/ShortcutsHelp';
import { HomeScreen } from './screens/HomeScreen';
import { LoginScreen } from './screens/LoginScreen';
import { ServerSetupScreen } from './screens/ServerSetupScreen';
import { useAppStore } from './state/app-store';

export function App({ problem }: { problem: 'no_key' | null }) {
  const { t } = useTranslation();
  const phase = useAppStore((s) => s.phase);
  const changingServer = useAppStore((s) => s.changingServer);
  if (problem === 'no_key') {
    return (
      <main className="login">
        <h1>{t('app.name')}</h1>
        <p role="alert" className="error">
          {t('bridge.noKey')}
        </p>
      </main>
    );
  }
  if (phase === 'starting') {
    return (
      <main className="login" aria-busy="true">
        <p>{t('app.loading')}</p>
      </main>
    );
  }
  if (phase === 'setup' || (changingServer && phase !== 'logged_in')) {
    return <ServerSetupScreen changing={phase !== 'setup'} />;
  }
  if (phase === 'logged_in') {
    return (
      <>
        <HomeScreen />
        <ShortcutsHelp />
      </>
    );
  }
  return <LoginScreen expired={phase === 'expired'} />;
}
