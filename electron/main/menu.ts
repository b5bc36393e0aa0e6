/**
 * Application menu built from Electron roles, so labels, shortcuts and platform conventions
 * (the macOS app menu, Cmd vs Ctrl) come from Electron itself.
 */
import type { MenuItemConstructorOptions } from 'electron';

export function menuTemplate(options: { platform: NodeJS.Platform; dev: boolean }): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push(
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'forceReload' },
        // Developer tools only in development: a consultant's build has no use for them.
        ...(options.dev ? [{ role: 'toggleDevTools' } as const] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  );
  return template;
}
