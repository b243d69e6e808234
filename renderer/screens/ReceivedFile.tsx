/**
 * A file the contact sent, in the conversation. A photo shows inline (its bytes fetched through the
 * core once it nears the screen, shown from a blob: URL) inside a button: Tab reaches it, Enter opens the viewer (Esc
 * closes it, the focus comes back here) with "Salvar". A document reads "📎 name · size — Baixar":
 * Enter saves it. A voice note ("áudio") plays here (ReceivedAudio: "▶ Ouvir", its bytes fetched
 * when pressed), with "Baixar" beside it; one Chromium cannot play (AMR) says so and keeps "Baixar".
 * A video reads "▶ Assistir": Enter fetches it and plays it in the viewer (Esc closes).
 * While the bytes come, "Baixando… 45%"; a failure is said here, under the file, and Enter tries
 * again. Nothing is ever opened with the system's default application.
 */
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../src/console/results';
import type { ConsoleErrorBody } from '../../src/console/errors';
import { Dialog } from '../components/Dialog';
import { inLanguage, useErrorText } from '../i18n/error-text';
import { useAppStore } from '../state/app-store';
import { fileLabel } from './attachment';
import { ReceivedAudio } from './ReceivedAudio';
import { downloadPercent, loadedFile, loadReceivedFile, saveFile, type LoadedFile } from './received-files';

type Phase = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; file: LoadedFile } | { state: 'failed'; error: ConsoleErrorBody };

export function ReceivedFile({ message }: { message: MessageView & { file: NonNullable<MessageView['file']> } }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const bridge = useAppStore((s) => s.bridge);
  const isImage = message.file.kind === 'image';
  // AMR (WhatsApp's older voice notes) is known unplayable from its declared type: no ▶ to fail on.
  const declaredAmr = /^audio\/amr\b/i.test(message.file.mimeType ?? '');
  const [unplayable, setUnplayable] = useState<'amr' | 'other' | null>(message.file.kind === 'audio' && declaredAmr ? 'amr' : null);
  const isAudio = message.file.kind === 'audio' && unplayable === null;
  const isVideo = message.file.kind === 'video' && unplayable === null;
  const downloadButton = useRef<HTMLButtonElement>(null);
  const [phase, setPhase] = useState<Phase>(() => {
    const ready = loadedFile(message.localId);
    return ready ? { state: 'ready', file: ready } : { state: 'idle' };
  });
  const [progress, setProgress] = useState<{ received: number; total: number | null } | undefined>(undefined);
  const [viewing, setViewing] = useState(false);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    if (!bridge) return;
    return bridge.onEvent((event) => {
      if (event.type === 'download-progress' && event.localId === message.localId) setProgress({ received: event.received, total: event.total });
    });
  }, [bridge, message.localId]);

  async function load(): Promise<LoadedFile | null> {
    setPhase({ state: 'loading' });
    setProgress(undefined);
    const answer = await loadReceivedFile(message.localId);
    if (!alive.current) return null;
    setPhase(answer.ok ? { state: 'ready', file: answer.file } : { state: 'failed', error: answer.error });
    return answer.ok ? answer.file : null;
  }

  // A photo is fetched when it comes near the screen, not when the conversation opens: a long
  // conversation full of receipts would otherwise pull every one of them (up to 5 MB each) over the
  // agent's line at once. A document waits for the agent to ask.
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!isImage || phase.state !== 'idle') return;
    const element = container.current;
    if (!element || typeof IntersectionObserver === 'undefined') {
      void load();
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        void load();
      },
      { rootMargin: '300px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
    // Once per message: load() is a fresh closure every render.
  }, [isImage, message.localId]);

  async function activate(): Promise<void> {
    // Not `disabled` while loading: a disabled button drops the focus, and the keyboard with it.
    if (phase.state === 'loading') return;
    const file = phase.state === 'ready' ? phase.file : await load();
    if (!file) return;
    if (file.preview) setViewing(true);
    else saveFile(file);
  }

  /** "▶ Assistir": the video's bytes now (not when the conversation opens), played in the viewer. */
  async function watch(): Promise<void> {
    if (phase.state === 'loading') return;
    const file = phase.state === 'ready' ? phase.file : await load();
    if (!file) return;
    if (file.playable === 'video') setViewing(true);
    else playbackFailed();
  }

  function playbackFailed(): void {
    // The ▶ goes away: the keyboard moves on to "Baixar" rather than to nowhere.
    setViewing(false);
    setUnplayable('other');
    requestAnimationFrame(() => downloadButton.current?.focus());
  }

  const label = fileLabel(message.file, i18n.language);
  const percent = downloadPercent(progress);
  const ready = phase.state === 'ready' ? phase.file : null;
  return (
    <div className="received-file" data-testid="received-file" ref={container}>
      {ready?.preview ? (
        <button type="button" className="file-preview" onClick={() => void activate()} data-testid="received-image">
          <img src={ready.url} alt={t('receivedFile.openImage', { name: message.file.name ?? '' })} />
        </button>
      ) : null}
      {isAudio ? (
        <ReceivedAudio
          name={message.file.name}
          file={ready}
          load={load}
          onUnplayable={playbackFailed}
        />
      ) : null}
      {isVideo ? (
        <button type="button" className="audio-toggle" onClick={() => void watch()} aria-label={t('receivedFile.watchVideo', { name: message.file.name ?? '' }).trim()} aria-disabled={phase.state === 'loading'} data-testid="video-watch">
          <span aria-hidden="true">▶</span> {t('receivedFile.watch')}
        </button>
      ) : null}
      <p className="file">
        {ready?.preview ? (
          label
        ) : (
          <>
            {label} —{' '}
            <button type="button" className="link" ref={downloadButton} onClick={() => void activate()} data-testid="received-download" aria-disabled={phase.state === 'loading'}>
              {isImage && phase.state !== 'failed' ? t('receivedFile.loadImage', { name: message.file.name ?? '' }) : phase.state === 'failed' ? t('receivedFile.retry') : t('receivedFile.download')}
            </button>
          </>
        )}
      </p>
      {phase.state === 'loading' && (
        <p className="muted" role="status" data-testid="received-progress">
          {percent === null ? t('receivedFile.downloading') : t('receivedFile.downloadingPercent', { percent })}
        </p>
      )}
      {phase.state === 'failed' && (
        <p className="error" role="alert" data-testid="received-error">
          {errorText(phase.error)}
        </p>
      )}
      {unplayable !== null && (
        <p className="muted" data-testid="audio-unplayable">
          {unplayable === 'amr' ? t('receivedFile.audioAmr') : message.file.kind === 'video' ? t('receivedFile.videoUnplayable') : t('receivedFile.audioUnplayable')}
        </p>
      )}
      {ready?.notice && <p className="muted">{inLanguage(i18n.language, ready.notice.message, ready.notice.messageEn)}</p>}
      {viewing &&
        ready &&
        createPortal(
          // Keys inside the viewer are its own: none reaches the conversation's shortcuts (Esc there goes back to
          // the list). Stopping them also keeps Esc from Dialog's window listener, so it is answered here.
          <div
            onKeyDown={(event) => {
              event.stopPropagation();
              if (event.key === 'Escape') {
                event.preventDefault();
                setViewing(false);
              }
            }}
          >
            <Dialog
              title={ready.playable === 'video' ? t('receivedFile.videoViewerTitle') : t('receivedFile.viewerTitle')}
              titleId="image-viewer-title"
              className="image-viewer"
              onEscape={() => setViewing(false)}
            >
              {ready.playable === 'video' ? (
                // Chromium's own controls here: one video in a modal, where their Tab stops cost nothing.
                <video src={ready.url} controls autoPlay aria-label={message.file.name ?? ''} data-testid="viewer-video" onError={playbackFailed} />
              ) : (
                <img src={ready.url} alt={message.file.name ?? ''} data-testid="viewer-image" />
              )}
              <p className="muted">{label}</p>
              <div className="dialog-actions">
                <button type="button" onClick={() => saveFile(ready)} data-testid="viewer-save">
                  {t('receivedFile.save')}
                </button>
                <button type="button" onClick={() => setViewing(false)}>
                  {t('receivedFile.close')}
                </button>
              </div>
              <p className="muted keys">{t('receivedFile.keys')}</p>
            </Dialog>
          </div>,
          document.body,
        )}
    </div>
  );
}
