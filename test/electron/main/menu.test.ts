import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from '../../../electron/main/menu';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role === undefined ? [] : [item.role]),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('menuTemplate', () => {
  it('has File, Edit, View, Window and Help on Windows and Linux', () => {
    const template = menuTemplate({ platform: 'linux', dev: false });
    expect(template.map((i) => i.role ?? i.label)).toEqual(['fileMenu', 'editMenu', 'View', 'windowMenu', 'help']);
    expect(roles(template)).toContain('about');
  });

  it('starts with the application menu on macOS', () => {
    expect(menuTemplate({ platform: 'darwin', dev: false })[0]?.role).toBe('appMenu');
  });

  it('offers developer tools only in development', () => {
    expect(roles(menuTemplate({ platform: 'linux', dev: false }))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate({ platform: 'linux', dev: true }))).toContain('toggleDevTools');
  });
});
