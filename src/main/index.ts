// Electron entry: app lifecycle, the one window and its security, api.ts wired to IPC and events to the window.
// Everything else lives in the core, which never imports electron.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session, shell, type WebContents } from 'electron';
import { createCore, type Core } from './core/core';
import { createApi, type FaceDialogs } from './api';
import { ipcChannels } from '../shared/methods';
import { nativeBindingPath } from './core/store/nativeBinding';
import { SchemaTooNewError } from './core/store/errors';
import { isSafeExternalUrl } from './core/security';

const here = path.dirname(fileURLToPath(import.meta.url));
let mainWindow: BrowserWindow | null = null;

app.setName('Qiao');
if (!app.requestSingleInstanceLock()) app.quit();

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: '桥 Qiao',
    show: false,
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // No second windows, no navigation away from the app; http(s) links open in the user's browser.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== win.webContents.getURL()) event.preventDefault();
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
  });
  const devServer = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && devServer) void win.loadURL(devServer);
  else void win.loadFile(path.join(here, '../renderer/index.html'));
  return win;
}

function isOurWindow(sender: WebContents): boolean {
  return mainWindow !== null && !mainWindow.isDestroyed() && sender.id === mainWindow.webContents.id;
}

function setupIpc(core: Core): void {
  const api = createApi(core, { version: app.getVersion(), face: 'renderer', dialogs: nativeDialogs() });
  ipcMain.handle(ipcChannels.invoke, (event, method: unknown, input: unknown) => {
    if (!isOurWindow(event.sender) || event.senderFrame !== event.sender.mainFrame) {
      return { ok: false, error: { code: 'internal', message: 'IPC refused: unknown sender' } };
    }
    return api.call(String(method), input);
  });
  core.events.subscribe((name, payload) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(ipcChannels.event, name, payload);
  });
}

/** The main process's own dialogs: paths for export, import and image attachments never come from the renderer. */
function nativeDialogs(): FaceDialogs {
  const parent = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined);
  const zh = () => app.getLocale().startsWith('zh');
  return {
    async saveFile({ defaultName, format, directory }) {
      if (directory) {
        const result = await dialog.showOpenDialog(parent()!, { title: zh() ? '选择导出文件夹' : 'Choose an export folder', properties: ['openDirectory', 'createDirectory'] });
        return result.canceled ? undefined : result.filePaths[0];
      }
      const result = await dialog.showSaveDialog(parent()!, {
        defaultPath: path.join(app.getPath('documents'), defaultName),
        filters: [format === 'json' ? { name: 'JSON', extensions: ['json'] } : { name: 'Markdown', extensions: ['md'] }],
      });
      return result.canceled ? undefined : result.filePath;
    },
    async openFile({ extensions }) {
      const result = await dialog.showOpenDialog(parent()!, { properties: ['openFile'], filters: [{ name: extensions.join(', '), extensions }] });
      return result.canceled ? undefined : result.filePaths[0];
    },
    async openImages() {
      const result = await dialog.showOpenDialog(parent()!, {
        title: zh() ? '选择图片' : 'Choose images',
        properties: ['openFile', 'multiSelections'],
        filters: [{ name: zh() ? '图片' : 'Images', extensions: ['png', 'jpg', 'jpeg', 'webp', 'gif'] }],
      });
      return result.canceled ? [] : result.filePaths;
    },
  };
}

function setupSecurityHeaders(): void {
  // The CSP is also in index.html; sending it as a header covers the dev server too.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ],
      },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.whenReady().then(() => {
  let core: Core;
  try {
    core = createCore({
      dataDir: process.env.QIAO_HOME ? path.resolve(process.env.QIAO_HOME) : app.getPath('userData'),
      // Conversations get a title from their model after the first reply (the first line until then).
      autoTitle: true,
      nativeBinding: nativeBindingPath(app.getAppPath()),
    });
  } catch (error) {
    const message = error instanceof SchemaTooNewError ? error.message : `Qiao could not open its data: ${String(error)}`;
    dialog.showErrorBox('Qiao', message);
    app.exit(1);
    return;
  }
  setupSecurityHeaders();
  setupIpc(core);
  // Before the window: the reader worker then starts while the window loads (the first conversation opened reads
  // its messages there), and the HTTP client is loaded before the first reply needs it.
  core.warmUp();
  mainWindow = createWindow();
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('will-quit', () => core.close());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
