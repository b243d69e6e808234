/**
 * The agent's availability, connectivity, sync progress and the outbox at a glance: what an agent
 * on a shaky network needs to trust the app.
 */
import { useEffect, useState } from 'react';
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
  return (
    <div className="status-bar" role="status" aria-live="polite">
      {hasAgent && <AvailabilityToggle />}
      <span
        className={`badge ${connectivity.state}`}
        data-testid="connectivity"
        {...(withoutRealtime ? { title: t('status.withoutRealtimeHint') } : {})}
      >
        {withoutRealtime ? t('status.onlineWithoutRealtime') : t(`status.${connectivity.state}`)}
      </span>
      {reason && <span className="badge offline" data-testid="offline-reason">{t(`status.reason.${reason}`)}</span>}
      <SyncLine />
      {queued > 0 && <span className="badge">{t('status.queued', { count: queued })}</span>}
      {failed > 0 && <span className="badge failed">{t('status.failed', { count: failed })}</span>}
      {disk.state !== 'ok' && (
        <span className={`badge ${disk.state === 'full' ? 'failed' : 'unstable'}`} data-testid="disk-space">
          {disk.state === 'full' ? t('status.diskFull') : t('status.diskLow', { free: megabytes(disk.freeBytes ?? 0, i18n.language) })}
        </span>
      )}
    </div>
  );
}

/** The sync's progress, or why it stopped: the one part of the bar that changes on every progress event. */
function SyncLine() {
  const { t, i18n } = useTranslation();
  const sync = useAppStore((s) => s.snapshot?.sync ?? null);
  if (!sync) return null;
  const progress = sync.progress;
  return (
    <>
      {progress && (
        <span className="sync">
          {progress.total === null
            ? t('status.syncingNoTotal', { resource: t(`resource.${progress.resource}`), done: progress.done.toLocaleString(i18n.language) })
            : t('status.syncing', {
                resource: t(`resource.${progress.resource}`),
                done: progress.done.toLocaleString(i18n.language),
                total: progress.total.toLocaleString(i18n.language),
              })}
          <progress max={progress.total ?? undefined} value={progress.total === null ? undefined : progress.done} />
        </span>
      )}
      {/* A pass cut short (the network, HelenaCRM failing) with another scheduled: its progress is gone, and this says why nothing moves. */}
      {!progress && sync.retrying === true && (
        <span className="sync" data-testid="sync-interrupted">
          {t('status.syncInterrupted')}
        </span>
      )}
    </>
  );
}
