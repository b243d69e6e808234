/**
 * The app asks the OS for nothing through the web platform: no camera, microphone, location,
 * notifications (the main process shows those), clipboard reads, USB, HID… Every request and
 * every check is answered "no", so a page — ours with a bug, or content that got injected — cannot
 * prompt the agent or gain a capability silently.
 */
import type { Session } from 'electron';

export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
