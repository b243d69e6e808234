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
  const storeUpgrading = useAppStore((s) => s.storeUpgrading);
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
    // The status region is there from the first render, so the upgrade note is announced when it
    // comes. While it shows, the bar says busy, not the screen: JAWS keeps a busy subtree from the
    // agent, and the note is what they need to hear.
    return (
      <main className="login starting" aria-busy={storeUpgrading ? undefined : 'true'}>
        <div role="status">
          <p id="starting-text">{storeUpgrading ? t('app.upgrading') : t('app.loading')}</p>
          {storeUpgrading ? <p className="hint">{t('app.upgradingDetail')}</p> : null}
        </div>
        {storeUpgrading ? <progress aria-labelledby="starting-text" /> : null}
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
