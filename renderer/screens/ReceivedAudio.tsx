/**
 * A voice note ("áudio") the contact sent, played in the conversation: one button, "▶ Ouvir" /
 * "❚❚ Pausar", with the time and a bar beside it. Not Chromium's own controls: they are five Tab
 * stops each (forty áudios, two hundred stops between the box and the older messages), their
 * labels follow the browser's language rather than the agent's, and their play button cannot ask
 * the core for the bytes. The bytes are fetched only when the agent presses play (a conversation
 * of forty áudios downloads none on open), then played from a blob: URL (CSP media-src blob:).
 * Enter or Space play and pause; ← → go back and forward 5 s. One áudio plays at a time.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoadedFile } from './received-files';

/** How far ← and → move: enough to hear a phone number again. */
const SEEK_SECONDS = 5;

/** The áudio playing now, anywhere in the window: a new one pauses it. */
let playingNow: HTMLAudioElement | null = null;

/** "1:05" (or "1:02:05" for the rare long one); "" while unknown (an Ogg stream's length may be). */
export function clockTime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function ReceivedAudio({
  name,
  file,
  load,
  onUnplayable,
}: {
  name: string | null;
  /** The bytes once fetched (also by "Baixar"). */
  file: LoadedFile | null;
  /** Fetches the bytes (the parent shows the progress and a failure); null when they did not come. */
  load: () => Promise<LoadedFile | null>;
  /** The bytes are not audio Chromium plays, or did not decode: the parent says so and offers "Baixar". */
  onUnplayable: () => void;
}) {
  const { t } = useTranslation();
  const audio = useRef<HTMLAudioElement>(null);
  const busy = useRef(false);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState({ current: 0, duration: Number.NaN });

  async function toggle(): Promise<void> {
    const element = audio.current;
    if (!element || busy.current) return;
    if (!element.paused) {
      element.pause();
      return;
    }
    busy.current = true;
    try {
      const ready = file ?? (await load());
      if (!ready) return;
      if (ready.playable !== 'audio') {
        onUnplayable();
        return;
      }
      // Set here, not as a prop: React writing the same src again after this render would restart the load.
      if (element.getAttribute('src') !== ready.url) element.src = ready.url;
      await element.play();
    } catch (error) {
      // A decoding failure also fires `error` (handled there); a refusal to autoplay leaves ▶ for the next press.
      if (error instanceof DOMException && error.name === 'NotSupportedError') onUnplayable();
    } finally {
      busy.current = false;
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>): void {
    const element = audio.current;
    if ((event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') || event.altKey || event.ctrlKey || event.metaKey) return;
    if (!element?.getAttribute('src')) return;
    event.preventDefault();
    const step = event.key === 'ArrowLeft' ? -SEEK_SECONDS : SEEK_SECONDS;
    const end = Number.isFinite(element.duration) ? element.duration : Number.POSITIVE_INFINITY;
    element.currentTime = Math.min(end, Math.max(0, element.currentTime + step));
  }

  const label = (playing ? t('receivedFile.pauseAudio', { name: name ?? '' }) : t('receivedFile.playAudio', { name: name ?? '' })).trim();
  const current = clockTime(time.current);
  const total = clockTime(time.duration);
  return (
    <div className="audio-player" data-testid="audio-player">
      <button type="button" className="audio-toggle" aria-label={label} onClick={() => void toggle()} onKeyDown={onKeyDown} data-testid="audio-toggle">
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span> {playing ? t('receivedFile.pause') : t('receivedFile.play')}
      </button>
      <progress className="audio-bar" max={Number.isFinite(time.duration) && time.duration > 0 ? time.duration : 1} value={Number.isFinite(time.duration) ? time.current : 0} aria-hidden="true" />
      <span className="audio-time muted" data-testid="audio-time">
        {/* Nothing before the bytes come: "0:00" there would read as an empty note. */}
        {total ? `${current} / ${total}` : playing ? current : ''}
      </span>
      <audio
        ref={audio}
        preload="none"
        data-testid="audio-element"
        onPlay={(event) => {
          if (playingNow && playingNow !== event.currentTarget) playingNow.pause();
          playingNow = event.currentTarget;
          setPlaying(true);
        }}
        onPause={(event) => {
          if (playingNow === event.currentTarget) playingNow = null;
          setPlaying(false);
        }}
        onTimeUpdate={(event) => setTime({ current: event.currentTarget.currentTime, duration: event.currentTarget.duration })}
        onDurationChange={(event) => setTime({ current: event.currentTarget.currentTime, duration: event.currentTarget.duration })}
        onError={() => {
          setPlaying(false);
          onUnplayable();
        }}
      />
    </div>
  );
}
