import { MACHINE_CONFIG_TODO } from '../backend/machine-config/machine-config';

/**
 * The Swedish texts the main process shows or returns itself. The renderer's texts live in its
 * i18n catalogue; these are the few that exist before (or outside) the renderer.
 */
export const messages = {
  forbiddenSender: 'Anropet kom inte från Bufferts eget fönster och nekades.',
  startupTitle: 'Buffert kunde inte starta',
  startupFile: 'Databasfil',
  startupConfigFile: 'Konfigurationsfil',
  startupTodo: 'Gör så här',
  startupDetail: 'Teknisk information (för supporten)',
  startupMissing: 'Ändringar som saknas',
  startupMissingRange: (from: number, to: number, count: number) => (count === 1 ? `nr ${to} (1 st)` : `nr ${from}–${to} (${count} st)`),
  startupTraces: 'Filer som hör till databasen och finns kvar',
  nativeModuleWhat: 'Databasmodulen (better-sqlite3-multiple-ciphers) är byggd för en annan version av Node/Electron än den som körs.',
  nativeModuleTodo:
    'Databasfilen är inte skadad – flytta den inte. Bygg om modulen för Electron med "npx electron-rebuild -f -o better-sqlite3-multiple-ciphers" (npm start gör det själv) eller installera om Buffert.',
  unexpectedWhat: 'Ett oväntat fel inträffade när Buffert startade.',
  machineConfigTodo: MACHINE_CONFIG_TODO,
  unexpectedTodo: 'Starta Buffert igen. Kontakta support om felet kvarstår och skicka med den tekniska informationen nedan.',
  restoreQuestion: 'Återställa den senaste säkerhetskopian?',
  restoreDetail: (when: string, lost: number) =>
    `Det finns en säkerhetskopia av databasen från ${when}. ${
      lost > 0 ? `Den saknar ${lost} bekräftade ändringar som gjorts här efter den; det som redan hade synkats hämtas igen från centralen, resten går förlorat. ` : ''
    }Den nuvarande databasfilen sparas i mappen för säkerhetskopior, så att supporten kan ta fram den.`,
  restoreButton: 'Återställ säkerhetskopian',
  restoreCancel: 'Inte nu',
  restoreFailed: 'Säkerhetskopian kunde inte återställas',
  rendererMissing: (file: string) =>
    `Programmets gränssnitt saknas (${file}). Bygg det med "npm run build:renderer" eller installera om Buffert.`,
} as const;
