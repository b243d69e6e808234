/**
 * The agent's availability, connectivity, sync progress and the outbox at a glance: what an agent
 * on a shaky network needs to trust the app.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../state/app-store';
import { AvailabilityToggle } from './AvailabilityToggle';
import { firstBadge, nextCheck, settleBadge, type Connectivity } from './connectivity-badge';
import { queuedToSend } from './update-notice';

function megabytes(bytes: number, language: string): string {
  return `${Math.floor(bytes / (1024 * 1024)).toLocaleString(language)} MB`;
}

/**
 * Offline for a reason the agent cannot wait out (the network's proxy, an untrusted certificate):
 * said beside "Offline", so they call IT instead of waiting. Plain outages say nothing more.
 */
const OFFLINE_REASONS = { 'network.proxy': 'proxy', 'network.proxy_auth': 'proxyAuth', 'network.certificate': 'certificate' } as const;
function offlineReason(detail: string | undefined): (typeof OFFLINE_REASONS)[keyof typeof OFFLINE_REASONS] | null {
  return detail !== undefined && Object.hasOwn(OFFLINE_REASONS, detail) ? OFFLINE_REASONS[detail as keyof typeof OFFLINE_REASONS] : null;
}

/** The core's connectivity as the badge shows it: settled (connectivity-badge.ts), so a socket dropping every second does not flicker it. */
function useSettledConnectivity(actual: Connectivity | null): Connectivity | null {
  const [badge, setBadge] = useState(() => firstBadge(actual, Date.now()));
  useEffect(() => {
    setBadge((prev) => settleBadge(prev, actual, Date.now()));
  }, [actual]);
  useEffect(() => {
    const wait = nextCheck(badge, Date.now());
    if (wait === null) return undefined;
    const timer = setTimeout(() => setBadge((prev) => settleBadge(prev, useAppStore.getState().snapshot?.connectivity ?? null, Date.now())), wait);
    return () => clearTimeout(timer);
  }, [badge]);
  return badge.shown;
}

export function StatusBar() {
  const { t, i18n } = useTranslation();
  // Each part on its own: a sync replaces the snapshot on every progress event, which only SyncLine shows.
  const hasSnapshot = useAppStore((s) => s.snapshot !== null);
  const hasAgent = useAppStore((s) => s.snapshot?.agent != null);
  const connectivity = useSettledConnectivity(useAppStore((s) => s.snapshot?.connectivity ?? null));
  const outbox = useAppStore((s) => s.snapshot?.outbox ?? null);
  const disk = useAppStore((s) => s.snapshot?.disk ?? null);
  const bridgeDown = useAppStore((s) => s.bridgeDown);
  const coreRestarting = useAppStore((s) => s.coreRestarting);
  if (bridgeDown || coreRestarting) {
    return (
      <div className="status-bar" role="status">
        <span className="badge offline">{t(bridgeDown ? 'bridge.lost' : 'bridge.coreRestarting')}</span>
      </div>
    );
  }
  if (!hasSnapshot || !connectivity || !outbox || !disk) return null;
  const queued = queuedToSend(outbox);
  const reason = connectivity.state === 'offline' ? offlineReason(connectivity.detail) : null;
  // HelenaCRM answers but the live connection does not come up (a proxy or firewall refusing it):
  // messages still go out at once, replies come with the core's delta every 30 s; the agent is told
  // so rather than "Online" (waiting for replies that take half a minute) or "Conectando…" for good.
  const withoutRealtime = connectivity.state === 'online' && connectivity.realtime !== 'connected';
  const failed = outbox.failed ?? 0;
  // Only the live region is read aloud on change: the sync's count, which changes several times a
  // second during a first sync, sits outside it (SyncProgress), and only its milestones are said.
  return (
    <div className="status-bar">
      <div className="status-live" role="status" aria-live="polite">
        {hasAgent && <AvailabilityToggle />}
        <span
          className={`badge ${connectivity.state}`}
          data-testid="connectivity"
          {...(withoutRealtime ? { title: t('status.withoutRealtimeHint') } : {})}
        >
          {withoutRealtime ? t('status.onlineWithoutRealtime') : t(`status.${connectivity.state}`)}
        </span>
        {reason && <span className="badge offline" data-testid="offline-reason">{t(`status.reason.${reason}`)}</span>}
        <SyncMilestone />
        {queued > 0 && <span className="badge">{t('status.queued', { count: queued })}</span>}
        {failed > 0 && <span className="badge failed">{t('status.failed', { count: failed })}</span>}
        {disk.state !== 'ok' && (
          <span className={`badge ${disk.state === 'full' ? 'failed' : 'unstable'}`} data-testid="disk-space">
            {disk.state === 'full' ? t('status.diskFull') : t('status.diskLow', { free: megabytes(disk.freeBytes ?? 0, i18n.language) })}
          </span>
        )}
      </div>
      <SyncProgress />
    </div>
  );
}

/**
 * The sync's progress: the one part of the bar that changes on every progress event, so it is a
 * progress bar named by its line and never in the live region (a screen reader there read
 * "Sincronizando contatos: 12.000 de 200.000" up to four times a second).
 */
function SyncProgress() {
  const { t, i18n } = useTranslation();
  const progress = useAppStore((s) => s.snapshot?.sync?.progress ?? null);
  if (!progress) return null;
  return (
    <span className="sync">
      <span id="sync-progress-text">
        {progress.total === null
          ? t('status.syncingNoTotal', { resource: t(`resource.${progress.resource}`), done: progress.done.toLocaleString(i18n.language) })
          : t('status.syncing', {
              resource: t(`resource.${progress.resource}`),
              done: progress.done.toLocaleString(i18n.language),
              total: progress.total.toLocaleString(i18n.language),
            })}
      </span>
      <progress aria-labelledby="sync-progress-text" max={progress.total ?? undefined} value={progress.total === null ? undefined : progress.done} />
    </span>
  );
}

/** How long a milestone's words stay in the live region: long enough to be read, then gone, so the same words later are said again. */
export const MILESTONE_MS = 10_000;

/**
 * What the live region says of the sync: the first sync starting and finishing, and a pass cut
 * short. The later syncs (every few minutes, in the background) say nothing: only their bar shows.
 */
function SyncMilestone() {
  const { t } = useTranslation();
  // `sync?.`: a partial snapshot, as some screens' tests give, reads as no sync.
  const firstUnderWay = useAppStore((s) => s.snapshot?.sync?.progress?.phase === 'first');
  const finishedAt = useAppStore((s) => s.snapshot?.sync?.lastFinishedAt ?? null);
  const interrupted = useAppStore((s) => !s.snapshot?.sync?.progress && s.snapshot?.sync?.retrying === true);
  const [milestone, setMilestone] = useState<'started' | 'finished' | null>(null);
  const seen = useRef({ firstUnderWay, finishedAt });
  useEffect(() => {
    const before = seen.current;
    seen.current = { firstUnderWay, finishedAt };
    if (before.firstUnderWay && finishedAt !== null && finishedAt !== before.finishedAt) setMilestone('finished');
    else if (firstUnderWay && !before.firstUnderWay) setMilestone('started');
  }, [firstUnderWay, finishedAt]);
  useEffect(() => {
    if (milestone === null) return undefined;
    const timer = setTimeout(() => setMilestone(null), MILESTONE_MS);
    return () => clearTimeout(timer);
  }, [milestone]);
  return (
    <>
      {milestone && !interrupted && (
        <span className="sr-only" data-testid="sync-milestone">
          {t(milestone === 'started' ? 'status.firstSyncStarted' : 'status.firstSyncFinished')}
        </span>
      )}
      {/* A pass cut short (the network, HelenaCRM failing) with another scheduled: its progress is gone, and this says why nothing moves. */}
      {interrupted && (
        <span className="sync" data-testid="sync-interrupted">
          {t('status.syncInterrupted')}
        </span>
      )}
    </>
  );
}
